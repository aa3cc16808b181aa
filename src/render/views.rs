//! What templates receive: small views that borrow from the model, shared by several
//! pages (every template variable is listed in `docs/templates.md`).

use serde::Serialize;

use super::format::{capitalize, human_duration};
use crate::content::*;
use crate::git::{Commit, Links, Ref};
use crate::site::{Checklist, Origin, Release, Site};

// ---------------------------------------------------------------------------------------
// Views

#[derive(Serialize)]
pub(crate) struct PageView<'a> {
    pub(crate) title: String,
    /// Path from the site root, e.g. `releases/2.3.0/`.
    pub(crate) path: &'a str,
    pub(crate) section: &'static str,
    /// For link previews: the release summary, else the site description.
    pub(crate) description: String,
    /// Absolute (or root-relative) address of the page.
    pub(crate) canonical: String,
}

#[derive(Serialize)]
pub(crate) struct Who<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: &'a str,
    /// Path from the site root; empty when the id is not in the registry.
    pub(crate) url: String,
}

pub(crate) fn who<'a>(site: &'a Site, id: &'a str) -> Who<'a> {
    match site.stakeholders.iter().find(|s| s.id == id) {
        Some(s) => Who {
            id,
            name: &s.name,
            url: format!("stakeholders/{id}/"),
        },
        None => Who {
            id,
            name: id,
            url: String::new(),
        },
    }
}

#[derive(Serialize)]
pub(crate) struct Row<'a> {
    pub(crate) version: &'a str,
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) date: Option<String>,
    pub(crate) status: &'static str,
    pub(crate) kind: Option<&'static str>,
    pub(crate) result: Option<&'static str>,
    pub(crate) window: Option<&'a Window>,
    pub(crate) summary: &'a str,
}

pub(crate) fn row(r: &Release) -> Row<'_> {
    Row {
        version: r.version().as_str(),
        title: r.title(),
        url: format!("releases/{}/", r.version()),
        date: r.front.date.map(|d| d.to_string()),
        status: r.status.as_str(),
        kind: r.kind.map(Kind::as_str),
        result: r.front.deployment.as_ref().map(|d| d.result.as_str()),
        window: r.front.window.as_ref(),
        summary: &r.body.summary,
    }
}

#[derive(Serialize)]
pub(crate) struct ChecklistView<'a> {
    pub(crate) phase: &'static str,
    pub(crate) title: String,
    pub(crate) owner: Option<Who<'a>>,
    pub(crate) signed_off_by: Option<Who<'a>>,
    pub(crate) signed_off_at: Option<String>,
    pub(crate) done: u32,
    pub(crate) total: u32,
    pub(crate) percent: u32,
    pub(crate) complete: bool,
    pub(crate) html: &'a str,
    pub(crate) release: Option<&'a str>,
}

/// `html`: its items (a release's checklists are rendered when their page is written,
/// [`super::page_body`]; phase templates are kept).
pub(crate) fn checklist_view<'a>(
    site: &'a Site,
    c: &'a Checklist,
    html: &'a str,
) -> ChecklistView<'a> {
    ChecklistView {
        phase: c.front.phase.as_str(),
        title: c
            .front
            .title
            .clone()
            .unwrap_or_else(|| format!("{} checklist", capitalize(c.front.phase.as_str()))),
        owner: c.front.owner.as_deref().map(|id| who(site, id)),
        signed_off_by: c.front.signed_off_by.as_deref().map(|id| who(site, id)),
        signed_off_at: c.front.signed_off_at.map(|d| d.to_string()),
        done: c.tasks.done,
        total: c.tasks.total,
        percent: c.tasks.percent(),
        complete: c.tasks.complete(),
        html,
        release: c.release.map(|i| site.releases[i].version().as_str()),
    }
}

#[derive(Serialize)]
pub(crate) struct RiskView<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) probability: &'static str,
    pub(crate) impact: &'static str,
    pub(crate) score: u8,
    pub(crate) severity: &'static str,
    pub(crate) mitigation: Option<&'a str>,
    pub(crate) owner: Option<Who<'a>>,
    pub(crate) status: &'static str,
    pub(crate) version: &'a str,
    pub(crate) url: String,
}

pub(crate) fn risk_view<'a>(site: &'a Site, r: &'a Release, risk: &'a Risk) -> RiskView<'a> {
    let score = risk.probability.score() * risk.impact.score();
    RiskView {
        id: &risk.id,
        title: &risk.title,
        probability: risk.probability.as_str(),
        impact: risk.impact.as_str(),
        score,
        severity: match score {
            6..=9 => "high",
            3..=4 => "medium",
            _ => "low",
        },
        mitigation: risk.mitigation.as_deref(),
        owner: risk.owner.as_deref().map(|id| who(site, id)),
        status: risk.status.as_str(),
        version: r.version().as_str(),
        url: format!("releases/{}/#risk-{}", r.version(), risk.id),
    }
}

#[derive(Serialize)]
pub(crate) struct ActionView<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) owner: Option<Who<'a>>,
    pub(crate) due: Option<String>,
    pub(crate) status: &'static str,
    pub(crate) closed: Option<String>,
    pub(crate) late: bool,
    pub(crate) version: &'a str,
    pub(crate) url: String,
}

/// Action item `a`, agreed at `origin`.
pub(crate) fn action_view<'a>(
    site: &'a Site,
    origin: Origin<'a>,
    a: &'a ActionItem,
) -> ActionView<'a> {
    let version = match origin {
        Origin::Retro(r) => r.front.release.as_str(),
        Origin::Meeting(m) => m.front.release.as_ref().map_or("", |v| v.as_str()),
    };
    ActionView {
        id: &a.id,
        title: &a.title,
        owner: a.owner.as_deref().map(|id| who(site, id)),
        due: a.due.map(|d| d.to_string()),
        status: a.status.as_str(),
        closed: a.closed.map(|d| d.to_string()),
        late: matches!((a.closed, a.due), (Some(c), Some(d)) if c > d),
        version,
        url: origin.item_url(&a.id),
    }
}

#[derive(Serialize)]
pub(crate) struct DeploymentView<'a> {
    pub(crate) result: &'static str,
    pub(crate) environment: Option<&'a str>,
    pub(crate) started: Option<String>,
    pub(crate) finished: Option<String>,
    pub(crate) restored: Option<String>,
    pub(crate) duration: Option<String>,
    pub(crate) time_to_restore: Option<String>,
}

pub(crate) fn deployment_view(d: &Deployment) -> DeploymentView<'_> {
    let fmt = |t: Option<Timestamp>| t.map(|t| super::format::minutes(&t.0, true));
    DeploymentView {
        result: d.result.as_str(),
        environment: d.environment.as_deref(),
        started: fmt(d.started),
        finished: fmt(d.finished),
        restored: fmt(d.restored),
        duration: d
            .started
            .zip(d.finished)
            .map(|(s, f)| human_duration(f.0 - s.0)),
        time_to_restore: d
            .finished
            .zip(d.restored)
            .map(|(f, r)| human_duration(r.0 - f.0)),
    }
}

#[derive(Serialize)]
pub(crate) struct ChangeView<'a> {
    /// The description, escaped, with `#123` references linked.
    pub(crate) html: String,
    /// The Conventional Commits type of a change listed under Other (`revert`, `chore`…),
    /// so it does not read as a plain change.
    pub(crate) kind: Option<&'a str>,
    pub(crate) scope: Option<&'a str>,
    pub(crate) short: String,
    pub(crate) url: Option<String>,
    pub(crate) breaking: bool,
}

/// Escaped text, dates and ids kept whole ([`crate::html::unbroken`]), with `#123`
/// references turned into links.
pub(crate) fn link_refs(text: &str, refs: &[Ref], links: Option<&Links>) -> String {
    let mut out = crate::html::unbroken(text);
    if let Some(links) = links {
        for r in refs {
            let needle = format!("#{}", r.number);
            let mut result = String::with_capacity(out.len() + 64);
            let mut rest = out.as_str();
            while let Some(i) = rest.find(&needle) {
                let after = rest[i + needle.len()..].chars().next();
                result.push_str(&rest[..i]);
                if after.is_some_and(|c| c.is_ascii_digit()) {
                    result.push_str(&needle);
                } else {
                    result.push_str(&format!(
                        r#"<a href="{}">{needle}</a>"#,
                        crate::html::escape(&links.reference(*r))
                    ));
                }
                rest = &rest[i + needle.len()..];
            }
            result.push_str(rest);
            out = result;
        }
    }
    out
}

pub(crate) fn change_view<'a>(c: &'a Commit, links: Option<&Links>) -> ChangeView<'a> {
    ChangeView {
        html: link_refs(&c.change.description, &c.change.refs, links),
        kind: c.change.other_kind(),
        scope: c.change.scope.as_deref(),
        short: c.short(),
        url: links.map(|l| l.commit(&c.hex())),
        breaking: c.change.breaking,
    }
}

#[derive(Serialize)]
pub(crate) struct GoView<'a> {
    pub(crate) decision: &'static str,
    pub(crate) date: Option<String>,
    pub(crate) approvers: Vec<Who<'a>>,
    pub(crate) conditions: Option<&'a str>,
    /// The go/no-go meeting's page, from the site root, when the decision comes from it.
    pub(crate) meeting: Option<String>,
}

/// A milestone of a release's plan (`release.milestones`, `/plan/`).
#[derive(Serialize)]
pub(crate) struct MilestoneView<'a> {
    pub(crate) name: &'a str,
    pub(crate) planned: String,
    pub(crate) actual: Option<String>,
    pub(crate) owner: Option<Who<'a>>,
    /// `late`, `on-time` or `not-reached`.
    pub(crate) state: &'static str,
    /// `late by 3 days` when reached after the planned day.
    pub(crate) late_by: Option<String>,
}

pub(crate) fn milestone_view<'a>(site: &'a Site, m: &'a Milestone) -> MilestoneView<'a> {
    let late_by = m.actual.filter(|_| m.is_late()).map(|a| {
        let days = (a.0 - m.planned.0).num_days();
        format!(
            "late by {}",
            crate::plural::count(days.max(0) as usize, "day", "days")
        )
    });
    MilestoneView {
        name: &m.name,
        planned: m.planned.to_string(),
        actual: m.actual.map(|d| d.to_string()),
        owner: m.owner.as_deref().map(|id| who(site, id)),
        state: match m.actual {
            None => "not-reached",
            Some(_) if m.is_late() => "late",
            Some(_) => "on-time",
        },
        late_by,
    }
}

/// An entry of a release's issue log (`release.issue_log`, `/issues/`).
#[derive(Serialize)]
pub(crate) struct IssueView<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) owner: Option<Who<'a>>,
    pub(crate) opened: String,
    pub(crate) resolved: Option<String>,
    pub(crate) severity: &'static str,
    pub(crate) status: &'static str,
    pub(crate) version: &'a str,
    pub(crate) url: String,
}

pub(crate) fn issue_view<'a>(site: &'a Site, r: &'a Release, k: &'a LoggedIssue) -> IssueView<'a> {
    IssueView {
        id: &k.id,
        title: &k.title,
        owner: k.owner.as_deref().map(|id| who(site, id)),
        opened: k.opened.to_string(),
        resolved: k.resolved.map(|d| d.to_string()),
        severity: k.severity.as_str(),
        status: k.status().as_str(),
        version: r.version().as_str(),
        url: format!("releases/{}/#issue-{}", r.version(), k.id),
    }
}
