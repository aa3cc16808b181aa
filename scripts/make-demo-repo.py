#!/usr/bin/env python3
"""Create the synthetic git history of the fictional product "Lumen Ledger".

Usage (from the repository root):

    python3 scripts/make-demo-repo.py

The script (re)creates the bare repository demo/product.git/. The output is
deterministic: every commit, tag and tree hash is the same on every run, and
with the same git version the pack file is byte-for-byte identical too.

The history matches the release notes in content/releases/*.md: one tag per
released or rolled-back version (tag date = the note's deployment "finished"
time), commit subjects that follow the notes' highlights and fixes with their
issue numbers, a few merged feature branches, release candidates, an alias tag
without the "v" prefix, a tag that points at another tag, and some commits
after the last release so that there is an unreleased part.

The bare copy is trimmed so that it survives being committed as ordinary
files and cloned again (git drops empty folders): loose refs only, all objects
in one pack, no hooks/logs/info/description, a minimal config and no empty
folders.

Only the Python 3 standard library and the git command-line tool are used.
"""

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "demo" / "product.git"
NOTES_DIR = ROOT / "content" / "releases"

GIT_CONFIG = [
    "-c", "init.defaultBranch=main",
    "-c", "commit.gpgsign=false",
    "-c", "tag.gpgsign=false",
    "-c", "tag.forceSignAnnotated=false",
    "-c", "core.autocrlf=false",
    "-c", "core.safecrlf=false",
    "-c", "core.fsmonitor=false",
    "-c", "user.useConfigOnly=false",
    "-c", "gc.auto=0",
    "-c", "maintenance.auto=false",
    "-c", "merge.log=false",
    "-c", "advice.nestedTag=false",
    "-c", "advice.detachedHead=false",
]

UTC = dt.timezone.utc

# --------------------------------------------------------------------------
# Deterministic pseudo-random numbers (independent of the Python version).
# --------------------------------------------------------------------------


class Rng:
    def __init__(self, seed):
        self.seed = str(seed)
        self.counter = 0

    def _next(self):
        self.counter += 1
        digest = hashlib.sha256(f"{self.seed}:{self.counter}".encode()).digest()
        return int.from_bytes(digest[:8], "big")

    def random(self):
        return self._next() / float(1 << 64)

    def below(self, n):
        return self._next() % n

    def choice(self, seq):
        return seq[self.below(len(seq))]

    def shuffled(self, seq):
        items = list(seq)
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]
        return items


# --------------------------------------------------------------------------
# Authors: teams and bots, never people.
# --------------------------------------------------------------------------

TEAMS = {
    "billing": ("Billing team", "billing@lumen-ledger.example"),
    "payments": ("Payments team", "payments@lumen-ledger.example"),
    "web": ("Web team", "web@lumen-ledger.example"),
    "mobile": ("Mobile team", "mobile@lumen-ledger.example"),
    "reporting": ("Reporting team", "reporting@lumen-ledger.example"),
    "platform": ("Platform team", "platform@lumen-ledger.example"),
    "integrations": ("Integrations team", "integrations@lumen-ledger.example"),
    "docs": ("Docs team", "docs@lumen-ledger.example"),
    "qa": ("QA automation", "qa-automation@lumen-ledger.example"),
    "release": ("Release management", "release-management@lumen-ledger.example"),
    "bot": ("dependabot[bot]", "support@github.com"),
}
TAGGER = TEAMS["release"]

# scope -> (component folder, owning team)
SCOPES = {
    "billing": ("billing", "billing"),
    "dunning": ("billing", "billing"),
    "payments": ("payments", "payments"),
    "web": ("web-app", "web"),
    "mobile": ("mobile", "mobile"),
    "reporting": ("reporting", "reporting"),
    "api": ("api", "platform"),
    "auth": ("auth", "platform"),
    "notifications": ("notifications", "platform"),
    "integrations": ("integrations", "integrations"),
    "db": ("db", "platform"),
    "flags": ("flags", "platform"),
    "i18n": ("web-app", "web"),
}

MODULES = {
    "billing": ["invoices", "tax", "recurring", "ledger", "credit_notes", "currency"],
    "payments": ["matching", "cards", "rates", "links", "instalments", "sepa"],
    "web-app": ["invoice_list", "invoice_editor", "settings", "dashboard", "members"],
    "mobile": ["app", "sync", "camera", "push"],
    "reporting": ["dashboard", "exports", "ageing", "queries", "reconciliation"],
    "api": ["routes", "pagination", "api_keys", "errors", "serializers"],
    "auth": ["sessions", "roles", "passwords", "workspaces", "saml"],
    "notifications": ["email", "templates", "push", "reminders"],
    "integrations": ["slack", "accounting", "webhooks", "delivery_log"],
    "db": ["migrations"],
    "flags": ["flags"],
}

# --------------------------------------------------------------------------
# The releases. Dates come from content/releases/*.md (checked at run time).
#
# Each commit is a string: the subject, optionally followed by a blank line
# and a body. A leading "@team " overrides the author team.
# "n" is the number of commits in prev_tag..this_tag (including branch
# commits, merge commits and the release commit); the difference is filled
# with routine commits (dependency bumps, tests, refactorings, CI, ...).
# --------------------------------------------------------------------------

MILESTONES = [
    dict(
        tag="v0.9.0", version="0.9.0", kind="beta", tagtype="annotated",
        time="2025-01-28T10:00:00Z", start="2025-01-06T09:00:00Z", n=15,
        components=["billing", "payments", "api", "auth", "web", "notifications"],
        commits=[
            "@platform Initial commit",
            "@platform chore: set up the repository layout and CI skeleton",
            "feat(billing): invoice model with line items and discounts",
            "feat(billing): per-line tax rates",
            "feat(auth): e-mail and password sign-in",
            "feat(api): /v0 endpoints for invoices and customers",
            "feat(web): invoice editor",
            "feat(notifications): send invoices by e-mail",
            "feat(payments): card payments through the provider sandbox",
            "test(billing): fixtures for invoice total calculation",
            "fix(web): keep the draft when the session expires",
            "@platform ci: run unit tests on every push",
            "@docs docs: beta onboarding guide",
        ],
        release="chore(release): 0.9.0 public beta",
    ),
    dict(
        tag="v1.0.0", version="1.0.0", kind="major", tagtype="annotated",
        time="2025-03-18T09:12:00Z", started="2025-03-18T07:00:00Z", n=30,
        components=["web", "api", "billing", "payments", "auth", "notifications"],
        commits=[
            "feat(billing): send and track invoices (sent, viewed, paid, overdue)",
            "feat(payments): pay by card directly from the invoice e-mail",
            "feat(payments): match incoming payments to invoices automatically\n\nCloses #12",
            "feat(api): REST API v1 for customers, invoices and payments (#27)",
            "feat(api): authenticate API clients with API keys",
            "refactor(api): remove the beta-only /v0 endpoints",
            "feat(notifications): e-mails for viewed, paid and overdue invoices (#41)",
            "feat(auth): workspaces with an owner role",
            "feat(auth): invite accountants and colleagues to a workspace\n\nCloses #55",
            "feat(auth): keep beta API keys valid until 2025-04-30\n\nRefs: LL-3",
            "chore(db): migrate beta tenants in place\n\nRefs: LL-7",
            "fix(billing): apply discounts before tax on mixed-rate invoices",
            "perf(api): keyset pagination for the invoice list",
            "test: end-to-end flow for sending and paying an invoice",
            "docs(api): getting started with the API",
            "@docs docs: upgrade notes for beta workspaces",
            "@platform ci: load test at twice the forecast launch traffic",
        ],
        release="chore(release): 1.0.0",
    ),
    dict(
        tag="v1.0.1", version="1.0.1", kind="hotfix", tagtype="lightweight",
        time="2025-03-21T12:58:00Z", started="2025-03-21T12:30:00Z", n=9,
        components=["billing", "auth", "notifications"],
        commits=[
            "fix(billing): round VAT once per tax rate on the invoice total (#63)\n\n"
            "Tax was rounded once per line, so invoices with many lines could be off\n"
            "by one cent and some accounting tools rejected them.\n\nFixes #63",
            "test(billing): VAT rounding regression cases for invoices with many lines",
            "chore(billing): recalculate draft invoices on the next save",
            "fix(auth): password reset links are valid for 60 minutes from delivery (#66)",
            "fix(notifications): unsubscribe link in overdue reminders points to the beta domain\n\n"
            "Refs: LL-11",
            "@platform Fix: typo in the password reset e-mail",
        ],
        release="chore(release): 1.0.1",
    ),
    dict(
        tag="v1.1.0", version="1.1.0", kind="minor", tagtype="annotated",
        time="2025-04-29T07:41:00Z", started="2025-04-29T07:00:00Z", n=26,
        components=["billing", "notifications", "integrations", "web"],
        commits=[
            "feat(api): POST /v1/recurring_invoices",
            "feat(integrations): Slack notifications for paid, overdue and disputed invoices (#94)",
            "feat(integrations): connect a Slack channel from the workspace settings",
            "feat(web): duplicate any invoice as a new draft (#101)",
            "fix(web): place the currency symbol after the amount where the locale does\n\nFixes #107",
            "fix(web): remember invoice list filters between sessions",
            "@docs docs: recurring schedule options",
            "@web Update translations",
        ],
        branches=[
            dict(slug="recurring-invoices", pr=98, team="billing", at=0.55, days=5,
                 title="Recurring invoices\n\nCloses #88",
                 commits=[
                     "feat(billing): recurring invoice templates (#88)",
                     "feat(billing): weekly, monthly, quarterly and yearly schedules",
                     "fix(billing): idempotency key per period so daylight saving changes cannot double-send",
                     "test(billing): daylight saving cases for recurring schedules",
                 ]),
        ],
        release="chore(release): 1.1.0",
    ),
    dict(
        tag="v1.2.0", version="1.2.0", kind="minor", tagtype="annotated",
        time="2025-06-10T07:52:00Z", started="2025-06-10T07:00:00Z", n=27,
        components=["reporting", "api", "web"],
        commits=[
            "feat(reporting): dashboard with revenue, open receivables and DSO (#131)",
            "feat(reporting): ageing report with 0-30, 31-60, 61-90 and 90+ day buckets (#138)",
            "feat(reporting): CSV export for invoices, payments and reports (#142)",
            "feat(reporting): deliver exports over 50,000 rows by e-mail",
            "feat(api): reporting endpoints\n\nThe dashboard figures are available to API clients.\n\nRefs: LL-24",
            "perf(reporting): route all reporting reads to the read replica",
            "perf(reporting): statement timeout of 20 s for report queries",
            "feat(web): dashboard charts",
            "test(reporting): DSO calculation fixtures",
            "docs(reporting): how the figures are calculated",
        ],
        release="chore(release): 1.2.0",
    ),
    dict(
        tag="v1.2.1", version="1.2.1", kind="patch", tagtype="lightweight",
        time="2025-06-19T08:22:00Z", started="2025-06-19T08:00:00Z", n=8,
        components=["reporting"],
        commits=[
            "fix(reporting): write CSV dates exactly as shown in the app (#156)\n\n"
            "Exports converted dates to UTC before formatting them, so an invoice dated\n"
            "1 June in a UTC+2 workspace was exported as 31 May. Timestamps now carry an\n"
            "explicit offset.\n\nFixes #156",
            "feat(api): timezone parameter for the reporting endpoints",
            "fix(reporting): subtract credit notes from dashboard totals\n\nCloses #159",
            "test(reporting): CSV export for a workspace in UTC+2",
            "feat(web): banner listing the affected export jobs",
        ],
        release="chore(release): 1.2.1",
    ),
    dict(
        tag="v1.3.0", version="1.3.0", kind="minor", tagtype="annotated",
        time="2025-07-29T07:38:00Z", started="2025-07-29T07:00:00Z", n=28,
        components=["billing", "payments", "api", "web"],
        commits=[
            "feat(billing): choose the currency per invoice (#171)",
            "feat(billing): workspace base currency for reporting",
            "feat(payments): fetch exchange rates once a day (#176)",
            "feat(billing): freeze the exchange rate when an invoice is sent",
            "feat(reporting): convert report figures to the base currency (#183)",
            "feat(api): require currency when creating invoices in multi-currency workspaces (#190)",
            "chore(db): change invoice_lines.amount to numeric",
            "feat(web): currency picker in the invoice editor",
            "test(billing): rounding across all 28 currencies",
            "@docs docs: multi-currency help-centre article",
        ],
        release="chore(release): 1.3.0",
    ),
    dict(
        tag="v1.4.0", version="1.4.0", kind="minor", tagtype="annotated",
        time="2025-09-09T07:14:00Z", started="2025-09-09T06:30:00Z", n=26,
        components=["auth", "web", "api"],
        commits=[
            "fix(db): split the invoice_lines migration into expand, backfill and contract steps\n\n"
            "The 1.3.0 migration rewrote the whole table while holding an exclusive lock.\n\n"
            "Refs: LL-31",
            "fix(payments): skip duplicate payment-match attempts\n\nRefs: LL-31",
            "chore(db): lock_timeout of 5 s on every migration",
            "feat(auth): four built-in roles: Owner, Admin, Accountant and Viewer (#211)",
            "feat(auth): record every role change with who made it and when (#219)",
            "feat(api): API keys carry a role\n\nExisting keys are given the Admin role.\n\nRefs: LL-38",
            "feat(web): role picker on the members page",
        ],
        branches=[
            dict(slug="saml-sso", pr=207, team="platform", at=0.6, days=4,
                 title="SAML single sign-on\n\nCloses #204",
                 commits=[
                     "feat(auth): SAML service provider metadata endpoint",
                     "feat(auth): SAML single sign-on (#204)",
                     "feat(auth): optional or enforced SSO per workspace",
                     "test(auth): sign-in fixtures for the common identity providers",
                     "docs(auth): set up single sign-on",
                 ]),
        ],
        release="chore(release): 1.4.0",
    ),
    dict(
        tag="v1.4.1", version="1.4.1", kind="hotfix", tagtype="nested",
        time="2025-09-12T14:19:00Z", started="2025-09-12T14:00:00Z", n=8,
        components=["auth"],
        commits=[
            "fix(auth): compare the SAML NameID case-insensitively (#231)\n\n"
            "Users whose e-mail address in the identity provider contains capital\n"
            "letters could not sign in with SSO.\n\nFixes #231",
            "fix(auth): refresh identity provider metadata every 24 hours\n\nRefs: LL-41",
            "test(auth): SSO sign-in with a mixed-case e-mail address",
        ],
        release="chore(release): 1.4.1",
    ),
    dict(
        tag="v1.5.0", version="1.5.0", kind="minor", tagtype="annotated",
        time="2025-10-21T07:35:00Z", started="2025-10-21T07:00:00Z", n=29,
        components=["mobile", "notifications", "api"],
        commits=[
            "feat(mobile): iOS and Android apps for invoices, payments and reminders (#248)",
            "FEAT(mobile): record cash and bank payments",
            "feat(notifications): push notifications for paid invoices and failed payments (#255)",
            "feat(notifications): push preferences follow the e-mail preferences",
            "feat(mobile): capture remittance advice receipts (#262)",
            "feat(api): POST /v1/devices for push registration\n\n"
            "Documented for customers who build their own mobile front ends.\n\nCloses #270",
            "feat(mobile): sign in through the identity provider when SSO is enforced",
            "fix(mobile): retry attachment uploads on slow connections",
            "@mobile ci(mobile): build and sign the iOS and Android apps",
            "test(mobile): UI tests for recording a payment",
            "docs(mobile): supported platforms",
        ],
        release="chore(release): 1.5.0",
    ),
    dict(
        tag="v2.0.0-rc.1", version="2.0.0-rc.1", kind="rc", tagtype="annotated",
        time="2025-11-25T16:00:00Z", n=24,
        components=["billing", "payments", "api", "reporting", "web"],
        commits=[
            "feat(billing): billing engine 2 as one versioned calculation service (#281)",
            "feat(billing): dual-write ledger rows to the old tables during the migration",
            "feat(billing)!: compute totals, taxes and balances in billing engine 2 only",
            "feat(billing): prorate mid-period plan changes to the day (#290)",
            "feat(payments): instalment plans with up to 12 scheduled payments (#301)",
            "feat(api): money amounts as objects with currency and precision (#309)\n\n"
            "BREAKING CHANGE: API v2 returns money amounts as objects with amount,\n"
            "currency and precision instead of integers in minor units. API v1 is\n"
            "unchanged.\n\nCloses #309",
            "feat(api): select API v2 with the LL-API-Version header (#315)",
            "feat(reporting): read balances from billing engine 2",
            "feat(web): instalment plan editor",
            "test(billing): parallel run comparing engine 1 and engine 2 totals",
            "docs(api): API v2 migration guide",
        ],
        release="chore(release): 2.0.0-rc.1",
    ),
    dict(
        tag="v2.0.0-rc.2", version="2.0.0-rc.2", kind="rc", tagtype="annotated",
        time="2025-11-28T14:00:00Z", n=4,
        components=["billing", "payments", "web"],
        commits=[
            "fix(billing): carry the invoice version on proration credit notes",
            "fix(web): rounding display in the instalment editor",
            "test(payments): instalment schedule edge cases",
        ],
        release="chore(release): 2.0.0-rc.2",
    ),
    dict(
        tag="v2.0.0", version="2.0.0", kind="major", tagtype="annotated",
        time="2025-12-02T07:25:00Z", started="2025-12-02T06:00:00Z", n=2,
        components=["billing"],
        commits=["@docs docs: 2.0.0 upgrade notes"],
        release="chore(release): 2.0.0",
    ),
    dict(
        tag="v2.0.1", version="2.0.1", kind="patch", tagtype="annotated",
        time="2025-12-16T07:10:00Z", started="2025-12-16T06:00:00Z", n=12,
        components=["billing", "payments", "reporting", "api"],
        commits=[
            "fix(billing): use the workspace rounding mode instead of banker's rounding (#322)\n\n"
            "Partial payments and instalments left one-cent residues after 2.0.0, so\n"
            "those invoices stayed partially paid.\n\nFixes #322\nRefs: LL-52",
            "feat(web): rounding mode setting under Settings > Billing\n\nRefs: LL-58",
            "fix(payments): match payments against the invoice version they were made for (#325)",
            "fix(reporting): flag sub-unit differences in the reconciliation report (#331)",
            "chore(billing): move invoices created during the 2.0.0 window back\n\nRefs: LL-55",
            "@platform ci: automated reconciliation gate after every deployment",
            "test(billing): 3,200 partial payments in the parallel run",
        ],
        release="chore(release): 2.0.1",
    ),
    dict(
        tag="v2.1.0", version="2.1.0", kind="minor", tagtype="annotated",
        time="2026-02-10T07:48:00Z", started="2026-02-10T07:00:00Z", n=27,
        components=["payments", "web", "api", "notifications"],
        commits=[
            "feat(payments): payment links for an invoice or a fixed amount (#352)",
            "feat(web): share payment links by e-mail or chat",
            "feat(payments): preferred payment method per customer (#366)",
            "fix(notifications): instalment reminders show the instalment amount\n\nRefs: LL-63",
            "perf(payments): faster payments list for workspaces with over 100,000 payments",
            "docs(payments): SEPA availability by country",
        ],
        branches=[
            dict(slug="sepa-direct-debit", pr=362, team="payments", at=0.7, days=5,
                 title="SEPA direct debit\n\nCloses #360",
                 commits=[
                     "feat(payments): sign SEPA direct debit mandates online",
                     "feat(payments): collect recurring invoices by SEPA direct debit (#360)",
                     "feat(payments): pre-notifications before each collection",
                     "feat(api): reason_code on payment.failed webhooks",
                     "test(payments): SEPA return codes",
                 ]),
        ],
        release="chore(release): 2.1.0",
    ),
    dict(
        tag="v2.2.0", version="2.2.0", kind="minor", tagtype="annotated",
        time="2026-03-24T07:31:00Z", started="2026-03-24T07:00:00Z", n=25,
        components=["integrations", "api", "notifications"],
        commits=[
            "feat(integrations): post invoices, credit notes and payments as journal entries (#381)",
            "feat(integrations): hourly accounting export",
            "feat(integrations): webhooks v2 with typed events and signed payloads (#388)",
            "feat(integrations): retry webhook deliveries with exponential backoff",
            "feat(integrations): replay any event from the last 30 days (#395)",
            "feat(api): deprecation header on webhooks v1 endpoints",
            "docs(integrations): verifying a webhook v2 signature",
            "test(integrations): signature verification samples",
        ],
        release="chore(release): 2.2.0",
    ),
    dict(
        tag="v2.2.1", version="2.2.1", kind="hotfix", tagtype="lightweight",
        time="2026-04-02T13:21:00Z", started="2026-04-02T13:00:00Z", n=8,
        components=["integrations", "api"],
        commits=[
            "fix(integrations): do not post journal entries twice after a timeout (#404)\n\n"
            "Every entry now carries an idempotency reference, and retries skip entries\n"
            "the accounting package has already acknowledged.\n\nFixes #404",
            "fix(api): send the webhook signature as LL-Signature and ll-signature (#407)",
            "feat(web): review screen for duplicate journal entries",
        ],
        release="chore(release): 2.2.1",
    ),
    dict(
        tag="v2.3.0", version="2.3.0", kind="minor", tagtype="annotated",
        time="2026-05-12T08:47:00Z", started="2026-05-12T08:00:00Z", n=28,
        components=["reporting", "api", "web"],
        alias="2.3.0",
        commits=[
            "feat(api): invoice search by customer, number, amount, reference and line (#418)",
            "perf(api): search index for invoice lines",
            "fix(integrations): duplicate review screen counts reversed entries twice\n\nRefs: LL-77",
            "@web WIP tidy invoice list",
        ],
        branches=[
            dict(slug="scheduled-reports", pr=414, team="reporting", at=0.45, days=5,
                 title="Scheduled reports\n\nCloses #412",
                 commits=[
                     "feat(reporting): scheduled reports as CSV or PDF (#412)",
                     "feat(reporting): up to ten recipients per schedule",
                     "feat(notifications): e-mail delivery for scheduled reports",
                     "test(reporting): schedules across time zones",
                 ]),
            dict(slug="saved-filters", pr=427, team="web", at=0.8, days=3,
                 title="Saved filters\n\nCloses #425",
                 commits=[
                     "feat(web): save invoice list filters (#425)",
                     "feat(web): share saved filters with the team",
                 ]),
        ],
        release="@release Bump version to 2.3.0",
    ),
    dict(
        tag="v2.4.0", version="2.4.0", kind="minor", tagtype="annotated",
        time="2026-06-23T07:40:00Z", started="2026-06-23T07:00:00Z", n=26,
        components=["billing", "web", "notifications", "api"],
        commits=[
            "feat(billing): approval rules by amount, customer or invoice type (#439)",
            "feat(auth): Approver role (#446)",
            "feat(web): approve or reject invoices with a comment",
            "feat(notifications): approval notifications by e-mail, push and Slack (#452)",
            "feat(billing): hold recurring invoices that wait for approval",
            "chore(flags): approvals_v1 flag for the pilot workspaces",
            "test(billing): approval rule evaluation",
            "@docs docs: approval workflows help-centre article",
        ],
        release="chore(release): 2.4.0",
    ),
    dict(
        tag="v2.4.1", version="2.4.1", kind="patch", tagtype="lightweight",
        time="2026-06-30T07:26:00Z", started="2026-06-30T07:00:00Z", n=10,
        components=["billing", "notifications"],
        commits=[
            "fix(billing): send held recurring invoices with their original dates\n\nRefs: LL-84",
            "chore(flags): keep flag configuration in the main repository (#461)",
            "@platform ci: check flag targeting rules against an allowlist",
            "fix(flags): approvals_v1 includes the pilot workspaces only",
            "fix(notifications): one approval notification per approver (#465)\n\n"
            "Approvers who were both Admin and Approver got two e-mails and two pushes.\n\n"
            "Fixes #465",
            "fix(notifications): send approval reminders at 09:00 in the approver's time zone\n\n"
            "Refs: LL-86",
            "feat(web): one-time banner explaining approval rules",
        ],
        release="chore(release): 2.4.1",
    ),
    dict(
        tag="v2.5.0", version="2.5.0", kind="minor", tagtype="annotated",
        time="2026-08-18T07:44:00Z", started="2026-08-18T07:00:00Z", n=27,
        components=["auth", "api", "web", "reporting"],
        commits=[
            "feat(auth): workspace audit log (#482)",
            "feat(auth): record sign-ins, role changes and API key events",
            "feat(api): record settings changes, exports and deletions in the audit log",
            "feat(flags): record flag changes in the audit log",
            "feat(billing): retention policies for personal data of former customers (#490)",
            "feat(reporting): export the audit log as CSV (#497)",
            "feat(api): stream audit events to a SIEM",
            "feat(auth): Audit reader permission\n\nRefs: LL-92",
            "feat(web): audit log viewer for owners and admins",
            "@docs docs: default retention by country",
        ],
        release="chore(release): 2.5.0",
    ),
    dict(
        tag="v2.6.0", version="2.6.0", kind="minor", tagtype="annotated",
        time="2026-10-06T07:52:00Z", started="2026-10-06T07:00:00Z", n=30,
        components=["billing", "payments", "notifications", "web"],
        commits=[
            "fix(reporting): split large audit log exports into consistently named files (#503)\n\n"
            "Fixes #503",
            "fix(reporting): landscape layout for PDF reports with many columns (#506)\n\n"
            "Replaces the PDF rendering library, which also renders invoice PDFs.\n\nFixes #506",
            "@release chore(release): prepare 2.5.1",
            "@release REVERT",
            "feat(billing): dunning sequences with their own timing, tone and channel (#518)",
            "feat(billing): stop dunning when an invoice is paid, disputed or on a payment plan",
            "feat(billing): late fee at a chosen dunning step (#524)",
            "feat(web): customer portal (#531)",
            "feat(payments): pay by card or SEPA from the customer portal",
            "feat(auth): signed per-contact portal links",
            "fix(notifications): portal links survive link-scanning URL rewrites\n\nRefs: LL-97",
            "chore(notifications): dedicated sending domain with DKIM and DMARC",
            "test: visual regression suite for invoice PDFs",
            "@docs docs: dunning sequence examples",
        ],
        release="chore(release): 2.6.0",
    ),
    dict(
        tag="v2.6.1", version="2.6.1", kind="patch", tagtype="annotated",
        time="2026-10-15T07:24:00Z", started="2026-10-15T07:00:00Z", n=10,
        components=["billing", "payments", "web"],
        commits=[
            "fix(billing): evaluate dunning steps at 09:00 in the customer's time zone (#545)\n\n"
            "Fixes #545",
            "feat(billing): fixed send time option for dunning",
            "fix(payments): take portal payments in the invoice currency (#548)\n\nCloses #548",
            "fix(web): late fee preview includes tax\n\nRefs: LL-101",
        ],
        release="chore(release): 2.6.1",
    ),
    dict(
        tag="v2.7.0-rc.1", version="2.7.0-rc.1", kind="rc", tagtype="annotated",
        time="2026-11-20T15:00:00Z", n=22,
        components=["billing", "integrations", "api", "web"],
        commits=[
            "feat(billing): issue invoices as EN 16931 XML (#562)",
            "feat(billing): embed the e-invoice XML in the invoice PDF",
            "feat(billing): validate e-invoices when the invoice is saved",
            "feat(integrations): e-invoice network delivery behind a flag (#570)",
            "feat(api): GET /invoices/{id}/einvoice",
            "feat(web): data check for missing tax ids and addresses (#584)",
            "test(billing): EN 16931 validation suite",
        ],
        branches=[
            dict(slug="bulk-actions", pr=579, team="web", at=0.75, days=4,
                 title="Bulk actions\n\nCloses #577",
                 commits=[
                     "feat(web): bulk send, remind, export and void up to 1,000 invoices (#577)",
                     "feat(api): separate queue for bulk jobs\n\n"
                     "Per-workspace concurrency limit of 4.\n\nRefs: LL-108",
                     "test(web): bulk actions on 1,000 invoices",
                 ]),
        ],
        release="chore(release): 2.7.0-rc.1",
    ),
    # Unreleased work after the release candidate (no tag).
    dict(
        tag=None, version=None, kind="unreleased", tagtype=None,
        time="2026-11-23T16:00:00Z", n=3,
        components=["billing", "integrations"],
        commits=[
            "fix(billing): accept addresses without a region in e-invoice validation",
            "@docs docs: e-invoicing help-centre drafts",
            "@bot DEPS",
        ],
        release=None,
    ),
]

# --------------------------------------------------------------------------
# Routine commits used to fill each release up to its commit count.
# --------------------------------------------------------------------------

FILLER_POOLS = {
    "refactor": [
        "refactor({scope}): extract shared validation helpers",
        "refactor({scope}): split the {module} module into smaller files",
        "refactor({scope}): use the shared money type in {module}",
        "refactor({scope}): replace callbacks with async functions in {module}",
        "refactor({scope}): move {module} constants into configuration",
        "refactor: remove dead feature-flag checks",
        "refactor({scope}): rename ambiguous variables in {module}",
        "refactor({scope}): simplify error handling in {module}",
        "Refactor({scope}): inline the {module} wrapper",
        "refactor({scope}): type the {module} responses",
        "refactor({scope}): drop the legacy {module} adapter",
    ],
    "test": [
        "test({scope}): cover {module} edge cases",
        "test({scope}): stabilise a flaky {module} test",
        "test({scope}): add fixtures for {module}",
        "test: raise the coverage threshold",
        "test({scope}): property tests for {module}",
        "test({scope}): remove sleeps from {module} tests",
        "test({scope}): snapshot tests for {module}",
        "TEST({scope}): contract tests for {module}",
    ],
    "fix": [
        "fix({scope}): handle empty responses in {module}",
        "fix({scope}): off-by-one in {module} pagination",
        "fix({scope}): log the request id on {module} errors",
        "fix({scope}): trim whitespace in {module} input",
        "fix({scope}): null check in {module}",
        "Fix({scope}): wrong default in {module}",
        "fix(web): focus trap in the invoice dialog",
        "fix({scope}): retry {module} on connection reset",
        "fix({scope}): race condition in {module}",
        "fix({scope}): wrong error status from {module}",
        "Fix: crash in {module} on missing data",
    ],
    "ci": [
        "ci: cache dependencies between jobs",
        "ci: run integration tests in parallel",
        "ci: pin the runner image",
        "ci: upload test reports as artifacts",
        "ci: nightly dependency audit",
        "ci: fail the build on lint warnings",
        "ci: shorten the staging deploy step",
        "CI: retry flaky browser downloads",
        "ci({scope}): run {module} tests in a separate job",
        "ci({scope}): collect coverage for {module}",
        "ci: move the smoke tests before the deploy step",
        "ci: bump the runner image to ubuntu-24.04",
        "ci: cancel superseded pipeline runs",
        "ci: split the end-to-end suite into four shards",
    ],
    "docs": [
        "docs({scope}): clarify {module} behaviour",
        "docs: fix broken links in the help centre",
        "docs({scope}): document {module} error codes",
        "docs: update API examples",
        "docs({scope}): add a {module} troubleshooting section",
        "docs({scope}): screenshots for {module}",
        "Docs({scope}): reword the {module} introduction",
    ],
    "style": [
        "style(web): align invoice totals",
        "style: apply the formatter",
        "style(web): consistent spacing on settings pages",
    ],
    "perf": [
        "perf({scope}): cache {module} lookups",
        "perf({scope}): avoid N+1 queries in {module}",
        "perf({scope}): batch {module} writes",
    ],
    "chore": [
        "chore({scope}): tidy {module} logging",
        "chore: update the code owners file",
        "chore({scope}): remove unused {module} exports",
        "chore({scope}): add metrics for {module}",
    ],
    "misc": [
        "Update translations",
        "Small cleanups",
        "Fix typo",
        "Update README",
        "Lint",
        "Clean up {module} comments",
        "Address review comments on {module}",
    ],
}
FILLER_WEIGHTS = [
    ("deps", 20), ("refactor", 14), ("test", 14), ("fix", 13), ("ci", 9),
    ("docs", 9), ("chore", 6), ("style", 4), ("perf", 3), ("misc", 8),
]

PACKAGES = {
    "typescript": [5, 3, 3], "react": [18, 2, 0], "vite": [5, 4, 2],
    "eslint": [8, 56, 0], "prettier": [3, 2, 4], "pg": [8, 11, 3],
    "zod": [3, 22, 4], "fastify": [4, 26, 0], "date-fns": [3, 3, 1],
    "vitest": [1, 2, 1], "@playwright/test": [1, 41, 0], "pdfkit": [0, 14, 0],
    "@sentry/node": [7, 100, 0], "stripe": [14, 14, 0], "undici": [6, 6, 2],
}


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def parse_time(text):
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def git_date(when):
    return when.strftime("%Y-%m-%d %H:%M:%S +0000")


class Git:
    def __init__(self, home):
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "LC_ALL": "C",
            "LANG": "C",
            "TZ": "UTC",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_EDITOR": "true",
            "GIT_PAGER": "cat",
        }

    def run(self, cwd, *args, ident=None, when=None, stdin=None):
        env = dict(self.env)
        if ident is not None:
            name, email = ident
            env.update(GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email,
                       GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=email)
        if when is not None:
            env.update(GIT_AUTHOR_DATE=git_date(when), GIT_COMMITTER_DATE=git_date(when))
        proc = subprocess.run(["git", *GIT_CONFIG, *args], cwd=str(cwd), env=env,
                              input=stdin, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"git {' '.join(args)} failed in {cwd}:\n{proc.stdout}{proc.stderr}")
        return proc.stdout.strip()


def working_windows(lo, hi):
    """Weekday working hours (08:00-18:00 UTC) between lo and hi, skipping the
    end-of-year break."""
    windows = []
    day = lo.date()
    while day <= hi.date():
        holiday = (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day == 1)
        if day.weekday() < 5 and not holiday:
            start = dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC)
            end = dt.datetime(day.year, day.month, day.day, 18, 0, tzinfo=UTC)
            start, end = max(start, lo), min(end, hi)
            if end > start:
                windows.append((start, end))
        day += dt.timedelta(days=1)
    if not windows:
        windows = [(lo, hi)]
    return windows


def sample_times(rng, lo, hi, count):
    """count sorted, distinct times in working hours within [lo, hi]."""
    if count == 0:
        return []
    if hi <= lo:
        hi = lo + dt.timedelta(minutes=count + 1)
    windows = working_windows(lo, hi)
    total = sum((e - s).total_seconds() for s, e in windows)
    points = sorted(rng.random() * total for _ in range(count))
    times = []
    for p in points:
        for s, e in windows:
            length = (e - s).total_seconds()
            if p <= length:
                times.append(s + dt.timedelta(seconds=int(p)))
                break
            p -= length
        else:
            times.append(windows[-1][1])
    # strictly increasing, at least 47 seconds apart
    for i in range(1, len(times)):
        if times[i] <= times[i - 1] + dt.timedelta(seconds=47):
            times[i] = times[i - 1] + dt.timedelta(seconds=47 + rng.below(300))
    return times


def split_entry(entry):
    team = None
    if entry.startswith("@"):
        team, entry = entry[1:].split(" ", 1)
    subject, _, body = entry.partition("\n\n")
    return team, subject, body


CONVENTIONAL = re.compile(r"^(?P<type>[A-Za-z]+)(?:\((?P<scope>[^)]+)\))?!?:\s")


def classify(subject):
    m = CONVENTIONAL.match(subject)
    if not m:
        return None, None
    return m.group("type").lower(), (m.group("scope") or "").lower() or None


class Builder:
    def __init__(self, git, work):
        self.git = git
        self.work = work
        self.rng = Rng("lumen-ledger")
        self.counter = 0
        self.branch = "main"
        self.filler_decks = {}
        self.packages = {k: list(v) for k, v in PACKAGES.items()}
        self.last_prepare = None
        self.used_subjects = set()
        self.release_key = None
        self.version = "0.1.0"

    # ---- files -------------------------------------------------------------

    def append(self, rel, line):
        path = self.work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8", newline="\n") as fh:
            fh.write(line + "\n")
        return rel

    def write(self, rel, text):
        path = self.work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)

    def module_for(self, component):
        return self.rng.choice(MODULES.get(component, ["main"]))

    def touch_for(self, subject, default_component, branch_slug=None):
        """Change the files a commit with this subject would plausibly touch."""
        self.counter += 1
        ctype, scope = classify(subject)
        component = SCOPES.get(scope, (default_component, None))[0] if scope else default_component
        note = f"[{self.counter:04d}] {subject}"
        if branch_slug:
            if ctype == "test":
                return self.append(f"tests/{component}/{branch_slug}.test.ts", f"// {note}")
            if ctype == "docs":
                return self.append(f"docs/features/{branch_slug}.md", f"- {note}")
            return self.append(f"src/{component}/{branch_slug.replace('-', '_')}.ts", f"// {note}")
        if subject == "Initial commit":
            self.write("README.md", "# Lumen Ledger\n\nInvoicing and payments for small businesses.\n")
            self.write("VERSION", "0.1.0\n")
            self.write("CHANGELOG.md", "# Changelog\n\n")
            self.write(".gitignore", "node_modules/\ndist/\n.env\n")
            return
        if subject.lower() in ("update translations",):
            lang = self.rng.choice(["de", "fr", "nl", "es", "it"])
            return self.append(f"locales/{lang}.po", f"# {note}")
        if ctype == "chore" and scope == "deps":
            return self.append("dependencies.lock", note)
        if ctype == "ci":
            name = "mobile.yml" if scope == "mobile" else "ci.yml"
            return self.append(f".github/workflows/{name}", f"# {note}")
        if scope == "db" or (ctype == "chore" and scope == "db"):
            return self.append("src/db/migrations.sql", f"-- {note}")
        if scope == "flags":
            return self.append("config/flags.yml", f"# {note}")
        if ctype == "docs":
            page = f"docs/{component}.md" if scope else "docs/help-centre.md"
            return self.append(page, f"- {note}")
        if ctype == "test":
            return self.append(f"tests/{component}/{self.module_for(component)}.test.ts", f"// {note}")
        if ctype is None and subject.lower().startswith(("update readme",)):
            return self.append("README.md", f"<!-- {note} -->")
        return self.append(f"src/{component}/{self.module_for(component)}.ts", f"// {note}")

    # ---- git operations ----------------------------------------------------

    def checkout(self, branch):
        if self.branch != branch:
            self.git.run(self.work, "checkout", "-q", branch)
            self.branch = branch

    def commit(self, subject, body, team, when):
        message = subject + ("\n\n" + body if body else "") + "\n"
        self.git.run(self.work, "add", "-A")
        self.git.run(self.work, "commit", "-q", "--no-verify", "--cleanup=whitespace", "-F", "-",
                     ident=TEAMS[team], when=when, stdin=message)
        return self.git.run(self.work, "rev-parse", "HEAD")

    def team_for(self, subject, explicit, default_team):
        if explicit:
            return explicit
        ctype, scope = classify(subject)
        if ctype == "chore" and scope == "deps":
            return "bot"
        if ctype == "chore" and scope == "release":
            return "release"
        if ctype == "test":
            return "qa"
        if ctype == "ci":
            return "platform"
        if scope in SCOPES:
            return SCOPES[scope][1]
        if ctype == "docs":
            return "docs"
        return default_team

    def main_commit(self, entry, when, components):
        team, subject, body = split_entry(entry)
        default_component = SCOPES[components[0]][0]
        default_team = SCOPES[components[0]][1]
        if subject == "DEPS":
            subject, body = self.dependabot()
        if subject == "REVERT":
            target, target_subject = self.last_prepare
            self.git.run(self.work, "revert", "--no-commit", target)
            subject = f'Revert "{target_subject}"'
            body = (f"This reverts commit {target}.\n\n"
                    "2.5.1 was cancelled at the release triage; #503 and #506 ship with 2.6.0.")
            sha = self.commit(subject, body, team or "release", when)
            return sha
        ctype, scope = classify(subject)
        if ctype == "chore" and scope == "release" and subject.startswith("chore(release): prepare "):
            version = subject.rsplit(" ", 1)[1]
            self.write("VERSION", version + "\n")
            self.append("CHANGELOG.md", f"## {version} (unreleased)")
            sha = self.commit(subject, body, self.team_for(subject, team, default_team), when)
            self.last_prepare = (sha, subject)
            return sha
        self.touch_for(subject, default_component)
        return self.commit(subject, body, self.team_for(subject, team, default_team), when)

    def release_commit(self, entry, version, when):
        team, subject, body = split_entry(entry)
        self.write("VERSION", version + "\n")
        self.append("CHANGELOG.md", f"## {version} - {when.date().isoformat()}")
        return self.commit(subject, body, team or "release", when)

    def dependabot(self):
        name = self.rng.choice(sorted(self.packages))
        old = self.packages[name]
        new = list(old)
        if self.rng.below(4) == 0:
            new = [old[0], old[1] + 1, 0]
        else:
            new = [old[0], old[1], old[2] + 1 + self.rng.below(2)]
        self.packages[name] = new
        a, b = ".".join(map(str, old)), ".".join(map(str, new))
        return (f"chore(deps): bump {name} from {a} to {b}",
                f"Bumps {name} from {a} to {b}.")

    def filler(self, components):
        """A routine commit: dependency bump, test, refactoring, CI, docs, ...
        Subjects are not repeated, except the few that teams really do repeat
        ("Update translations", "Lint", ...), and those not within one release."""
        kinds = [k for k, w in FILLER_WEIGHTS for _ in range(w)]
        for _ in range(200):
            kind = self.rng.choice(kinds)
            if kind == "deps":
                return "@bot DEPS"
            deck = self.filler_decks.get(kind)
            if not deck:
                deck = self.rng.shuffled(FILLER_POOLS[kind])
                self.filler_decks[kind] = deck
            template = deck.pop()
            scope = self.rng.choice(components)
            component = SCOPES[scope][0]
            module = self.rng.choice(MODULES[component]).replace("_", " ")
            subject = template.format(scope=scope, module=module)
            repeatable = "{" not in template and kind in ("misc", "style", "ci")
            key = (subject, self.release_key) if repeatable else subject
            if key in self.used_subjects:
                continue
            self.used_subjects.add(key)
            break
        else:
            raise RuntimeError("filler pools exhausted")
        ctype, subject_scope = classify(subject)
        if kind == "misc":
            team = "web"
        elif ctype == "ci":
            team = "platform"
        elif ctype == "test" and self.rng.below(2) == 0:
            team = "qa"
        elif subject_scope in SCOPES:
            team = SCOPES[subject_scope][1]
        elif ctype == "docs":
            team = "docs"
        else:
            team = self.rng.choice(["platform", "web", "billing", "payments"])
        return f"@{team} {subject}"

    # ---- one milestone -----------------------------------------------------

    def build_milestone(self, ms, lo, prev_main_commits):
        rng = self.rng
        self.release_key = ms["tag"]
        tag_time = parse_time(ms["time"])
        if ms.get("started"):
            release_time = parse_time(ms["started"]) - dt.timedelta(minutes=40)
        else:
            release_time = tag_time - dt.timedelta(minutes=40)
        branches = ms.get("branches", [])
        branch_total = sum(len(b["commits"]) + 1 for b in branches)
        has_release = ms["release"] is not None
        main_count = ms["n"] - branch_total - (1 if has_release else 0)
        handwritten = list(ms["commits"])
        fill = main_count - len(handwritten)
        if fill < 0:
            sys.exit(f"{ms['tag']}: {len(handwritten)} commits written but n={ms['n']}")
        # keep the first and the "prepare/revert" pairs in order; insert fillers
        entries = list(handwritten)
        first_fixed = 2 if ms["version"] == "0.9.0" else 0
        for _ in range(fill):
            pos = first_fixed + rng.below(len(entries) - first_fixed + 1)
            entries.insert(pos, self.filler(ms["components"]))
        end = (release_time if has_release else tag_time) - dt.timedelta(minutes=20)
        if ms["version"] == "0.9.0":
            # the root commit opens the history at the start time
            main_times = [lo] + sample_times(rng, lo + dt.timedelta(hours=1), end, len(entries) - 1)
        else:
            main_times = sample_times(rng, lo, end, len(entries))
        events = []  # (time, order, kind, payload)
        order = 0
        for when, entry in zip(main_times, entries):
            events.append((when, order, "main", entry)); order += 1
        for b in branches:
            merge_at = lo + (end - lo) * b["at"]
            merge_at = sample_times(rng, merge_at, merge_at + dt.timedelta(days=4), 1)[0]
            merge_at = min(merge_at, end - dt.timedelta(hours=1))
            fork_at = max(lo + dt.timedelta(minutes=30), merge_at - dt.timedelta(days=b["days"]))
            fork_at = sample_times(rng, fork_at, fork_at + dt.timedelta(days=1), 1)[0]
            btimes = sample_times(rng, fork_at + dt.timedelta(minutes=20),
                                  merge_at - dt.timedelta(minutes=30), len(b["commits"]))
            events.append((fork_at, order, "fork", b)); order += 1
            for when, entry in zip(btimes, b["commits"]):
                events.append((when, order, "branch", (b, entry))); order += 1
            events.append((merge_at, order, "merge", b)); order += 1
        events.sort(key=lambda e: (e[0], e[1]))
        for when, _, kind, payload in events:
            if kind == "main":
                self.checkout("main")
                self.main_commit(payload, when, ms["components"])
            elif kind == "fork":
                self.git.run(self.work, "branch", f"lumen/{payload['slug']}", "main")
            elif kind == "branch":
                b, entry = payload
                self.checkout(f"lumen/{b['slug']}")
                team, subject, body = split_entry(entry)
                ctype, scope = classify(subject)
                self.touch_for(subject, SCOPES.get(scope, ("web-app", None))[0], b["slug"])
                bteam = team or ("qa" if ctype == "test" else b["team"])
                self.commit(subject, body, bteam, when)
            elif kind == "merge":
                b = payload
                self.checkout("main")
                title, _, body = b["title"].partition("\n\n")
                msg = f"Merge pull request #{b['pr']} from lumen/{b['slug']}"
                args = ["merge", "-q", "--no-ff", "--no-edit", "-m", msg]
                if title or body:
                    args += ["-m", (title + ("\n\n" + body if body else "")).strip()]
                self.git.run(self.work, *args, f"lumen/{b['slug']}", ident=TEAMS[b["team"]], when=when)
                self.git.run(self.work, "branch", "-q", "-D", f"lumen/{b['slug']}")
        if not has_release:
            return None
        self.checkout("main")
        sha = self.release_commit(ms["release"], ms["version"], release_time)
        self.tag(ms, sha, tag_time)
        return sha

    def tag(self, ms, sha, tag_time):
        name, kind = ms["tag"], ms["tagtype"]
        message = f"Lumen Ledger {ms['version']}"
        if kind == "lightweight":
            self.git.run(self.work, "tag", name, sha)
        elif kind == "annotated":
            self.git.run(self.work, "tag", "-a", "-m", message, name, sha, ident=TAGGER, when=tag_time)
        elif kind == "nested":
            inner = f"hotfix-{ms['version']}"
            started = parse_time(ms["started"])
            self.git.run(self.work, "tag", "-a", "-m",
                         f"Hotfix {ms['version']}: SSO sign-in for mixed-case e-mail addresses",
                         inner, sha, ident=TAGGER, when=started)
            inner_obj = self.git.run(self.work, "rev-parse", f"refs/tags/{inner}")
            self.git.run(self.work, "tag", "-a", "-m", message, name, inner_obj,
                         ident=TAGGER, when=tag_time)
        else:
            raise ValueError(kind)

    def build(self):
        lo = parse_time(MILESTONES[0]["start"])
        for ms in MILESTONES:
            self.build_milestone(ms, lo, None)
            lo = parse_time(ms["time"]) + dt.timedelta(minutes=30)
            if ms.get("alias"):
                # Older tooling tagged some releases a second time without the "v".
                self.git.run(self.work, "tag", ms["alias"], f"{ms['tag']}^{{commit}}")


# --------------------------------------------------------------------------
# Consistency check against the release notes (warnings only).
# --------------------------------------------------------------------------


def check_notes():
    if not NOTES_DIR.is_dir():
        return
    expected = {ms["version"]: ms for ms in MILESTONES if ms["kind"] not in ("rc", "beta", "unreleased")}
    seen = set()
    for note in sorted(NOTES_DIR.glob("*.md")):
        text = note.read_text(encoding="utf-8")
        front = text.split("---", 2)[1] if text.startswith("---") else ""
        version = re.search(r"^version:\s*\"?([^\s\"]+)", front, re.M)
        status = re.search(r"^status:\s*\"?([a-z-]+)", front, re.M)
        finished = re.search(r"^\s+finished:\s*\"?([0-9T:Z-]+)", front, re.M)
        started = re.search(r"^\s+started:\s*\"?([0-9T:Z-]+)", front, re.M)
        if not version:
            continue
        v = version.group(1)
        st = status.group(1) if status else ""
        if st in ("released", "rolled-back"):
            seen.add(v)
            ms = expected.get(v)
            if ms is None:
                print(f"warning: {note.name}: {st} but no tag in the demo history", file=sys.stderr)
                continue
            if finished and finished.group(1) != ms["time"]:
                print(f"warning: {note.name}: finished {finished.group(1)} != tag time {ms['time']}",
                      file=sys.stderr)
            if started and started.group(1) != ms.get("started"):
                print(f"warning: {note.name}: started {started.group(1)} != {ms.get('started')}",
                      file=sys.stderr)
    for v in sorted(set(expected) - seen):
        print(f"warning: tag v{v} has no released note", file=sys.stderr)


# --------------------------------------------------------------------------
# Bare copy
# --------------------------------------------------------------------------


def make_bare(git, work, dest):
    git.run(dest.parent, "clone", "-q", "--bare", "--no-local", str(work), dest.name)
    git.run(dest, "-c", "pack.threads=1", "-c", "pack.writeReverseIndex=false",
            "-c", "repack.writeBitmaps=false", "-c", "pack.writeBitmapHashCache=false",
            "repack", "-a", "-d", "-f", "-q", "--no-write-bitmap-index")
    git.run(dest, "prune-packed")
    refs = git.run(dest, "for-each-ref", "--format=%(objectname) %(refname)")
    ref_lines = [line.split(" ", 1) for line in refs.splitlines() if line]
    # Loose refs only: remove refs/ and packed-refs, then write every ref as a file.
    shutil.rmtree(dest / "refs")
    packed = dest / "packed-refs"
    if packed.exists():
        packed.unlink()
    for oid, ref in ref_lines:
        if not ref.startswith(("refs/heads/", "refs/tags/")):
            continue
        path = dest / ref
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(oid + "\n", encoding="ascii")
    (dest / "HEAD").write_text("ref: refs/heads/main\n", encoding="ascii")
    (dest / "config").write_text(
        "[core]\n\trepositoryformatversion = 0\n\tbare = true\n", encoding="ascii")
    # Keep HEAD, config, refs/** and objects/pack/*.{pack,idx}; delete everything else.
    for path in sorted(dest.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        rel = path.relative_to(dest).as_posix()
        if path.is_dir():
            continue
        keep = (rel in ("HEAD", "config") or rel.startswith("refs/")
                or (rel.startswith("objects/pack/") and rel.endswith((".pack", ".idx"))))
        if not keep:
            path.unlink()
    for path in sorted(dest.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    packs = list((dest / "objects" / "pack").glob("*.pack"))
    if len(packs) != 1:
        sys.exit(f"expected one pack, found {len(packs)}")


def main():
    check_notes()
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="relbook-demo-") as tmp:
        tmp = Path(tmp)
        git = Git(tmp)
        work = tmp / "work"
        git.run(tmp, "init", "-q", "--template=", "work")
        builder = Builder(git, work)
        builder.build()
        branches = git.run(work, "for-each-ref", "--format=%(refname)", "refs/heads/")
        if branches.split() != ["refs/heads/main"]:
            sys.exit(f"unexpected branches left: {branches}")
        staging = tmp / "product.git"
        make_bare(git, work, staging)
        git.run(tmp, "--git-dir", str(staging), "fsck", "--no-progress", "--strict")
        if TARGET.exists():
            shutil.rmtree(TARGET)
        shutil.copytree(staging, TARGET)
    count = Git(ROOT).run(ROOT, "--git-dir", str(TARGET), "rev-list", "--count", "--all")
    tags = Git(ROOT).run(ROOT, "--git-dir", str(TARGET), "tag").split()
    print(f"wrote {TARGET.relative_to(ROOT)}: {count} commits, {len(tags)} tags")


if __name__ == "__main__":
    main()
