//! `relbook check`: the checks beyond what a build needs (at-risk dependencies, overdue
//! action items) and the configurable release gates of `[check]`; each release's
//! consistency comes with the load (`site::consistency`), the same for `build`. Pure: reads the loaded site (and, for places in files,
//! the release notes' text), returns diagnostics.

use std::path::Path;

use chrono::NaiveDate;

use crate::config::Gate;
use crate::content::{ActionStatus, DependencyStatus, Level3, RiskStatus, Status};
use crate::error::Diagnostic;
use crate::site::{error_at as error, warning_at as warning, Origin, Release, Site};

/// The gates `relbook check --release` applies when `[check] gates` is empty.
pub const DEFAULT_RELEASE_GATES: &[Gate] = &[
    Gate::GoNoGoRecorded,
    Gate::RequiredChecklistsComplete,
    Gate::NoOpenCriticalRisks,
];

impl Gate {
    pub fn name(self) -> &'static str {
        match self {
            Gate::GoNoGoRecorded => "go_no_go_recorded",
            Gate::RequiredChecklistsComplete => "required_checklists_complete",
            Gate::RetrospectiveWithinDays => "retrospective_within_days",
            Gate::NoOpenCriticalRisks => "no_open_critical_risks",
        }
    }
}

/// How many days before its window opens a release's at-risk dependency is warned about.
pub const DEPENDENCY_WARNING_DAYS: i64 = 14;

/// Warns about each at-risk dependency of a planned or in-progress release whose window
/// starts within [`DEPENDENCY_WARNING_DAYS`] of `today` (or has started).
fn at_risk_dependencies(site: &Site, r: &Release, today: NaiveDate, out: &mut Vec<Diagnostic>) {
    let Some(w) = r.front.window.as_ref() else {
        return;
    };
    let days = (w.start.0 - today).num_days();
    if !matches!(r.status, Status::Planned | Status::InProgress) || days > DEPENDENCY_WARNING_DAYS {
        return;
    }
    let when = match days {
        d if d > 0 => format!(
            "opens in {}",
            crate::plural::count(d as usize, "day", "days")
        ),
        0 => "opens today".to_string(),
        _ => "is open".to_string(),
    };
    for d in r
        .front
        .dependencies
        .iter()
        .filter(|d| d.status == DependencyStatus::AtRisk)
    {
        out.push(warning(
            site,
            r,
            "dependencies",
            format!(
                "{}'s window {when} and its dependency {} → {} is at risk{}",
                r.version(),
                d.from,
                d.to,
                d.note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            ),
        ));
    }
}

/// Warns about a planned or in-progress release whose window ended before `today`: it is
/// late (shipped releases have another status; the site marks it "late" in the browser).
fn late(site: &Site, r: &Release, today: NaiveDate, out: &mut Vec<Diagnostic>) {
    let Some(w) = r.front.window.as_ref() else {
        return;
    };
    let days = (today - w.end.0).num_days();
    if !r.has_notes() || !matches!(r.status, Status::Planned | Status::InProgress) || days <= 0 {
        return;
    }
    out.push(warning(
        site,
        r,
        "window",
        format!(
            "{} is late: its window ended {} ({} ago) and it is still {}; ship it (status: released) or move its window",
            r.version(),
            w.end,
            crate::plural::count(days as usize, "day", "days"),
            r.status
        ),
    ));
}

/// Every check of the whole site: consistency, git pairing and the configured gates for
/// releases with the configured statuses. `today` decides whether a retrospective is due.
pub fn check(site: &Site, today: NaiveDate) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Each release's consistency comes with the load, for `build` and `check` alike.
    for r in &site.releases {
        at_risk_dependencies(site, r, today, &mut out);
        late(site, r, today, &mut out);
        // Releases known only from git already get a "no release note" warning.
        if r.has_notes() && site.config.check.statuses.contains(&r.status) {
            out.extend(gates(site, r, &site.config.check.gates, today));
        }
    }
    out
}

/// The failures of `gates` for one release (empty = go).
pub fn gates(site: &Site, r: &Release, gates: &[Gate], today: NaiveDate) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let f = &r.front;
    for &gate in gates {
        let name = gate.name();
        match gate {
            Gate::GoNoGoRecorded => match &site.go_no_go(r) {
                None => out.push(error(
                    site,
                    r,
                    "version",
                    format!(
                        "gate {name}: {} has no go/no-go decision recorded",
                        r.version()
                    ),
                )),
                Some(g) if g.decision != crate::content::Decision::Go => out.push(error(
                    site,
                    r,
                    "go_no_go",
                    format!(
                        "gate {name}: the go/no-go decision for {} is {}",
                        r.version(),
                        g.decision
                    ),
                )),
                Some(_) => {}
            },
            Gate::RequiredChecklistsComplete => {
                for phase in site.unmet_required_phases(r) {
                    match site.phase_checklist(r, phase) {
                        None => out.push(error(site, r, "version", format!("gate {name}: {} has no {phase} checklist", r.version()))),
                        Some(c) if !c.tasks.complete() => out.push(Diagnostic::error(
                            &c.path,
                            1,
                            1,
                            format!("gate {name}: the {phase} checklist of {} is incomplete ({} of {} done)", r.version(), c.tasks.done, c.tasks.total),
                        )),
                        Some(_) => {}
                    }
                }
            }
            Gate::RetrospectiveWithinDays => {
                let limit = site.config.check.retrospective_within_days;
                let Some(date) = f.date.filter(|_| r.is_shipped()) else {
                    continue;
                };
                let deadline = date.0 + chrono::TimeDelta::days(i64::from(limit));
                match r.retro.map(|i| &site.retros[i]) {
                    None if today > deadline => out.push(error(site, r, "date", format!("gate {name}: {} has no retrospective, due by {deadline} ({limit} days after the release)", r.version()))),
                    None => {}
                    Some(rt) => {
                        if let Some(held) = rt.front.date.filter(|d| d.0 > deadline) {
                            out.push(Diagnostic::error(&rt.path, 1, 1, format!("gate {name}: the retrospective of {} was held {held}, {} days after the release (limit {limit})", r.version(), (held.0 - date.0).num_days())));
                        }
                    }
                }
            }
            Gate::NoOpenCriticalRisks => {
                for k in f
                    .risks
                    .iter()
                    .filter(|k| k.status == RiskStatus::Open && k.impact == Level3::High)
                {
                    let mut d = error(
                        site,
                        r,
                        "risks",
                        format!(
                            "gate {name}: risk {} is open with high impact: {}",
                            k.id, k.title
                        ),
                    );
                    d.line =
                        line_of(&site.root.join(&r.path), &format!("id: {}", k.id)).max(d.line);
                    out.push(d);
                }
            }
        }
    }
    out
}

/// Open action items of retrospectives and meetings that are past due by `today`
/// (warnings).
pub fn overdue_actions(site: &Site, today: NaiveDate) -> Vec<Diagnostic> {
    site.action_items()
        .filter(|(_, a)| a.status == ActionStatus::Open && a.due.is_some_and(|d| d.0 < today))
        .map(|(origin, a)| {
            let path = match origin {
                Origin::Retro(r) => &r.path,
                Origin::Meeting(m) => &m.path,
            };
            Diagnostic::warning(
                path,
                line_of(&site.root.join(path), &a.id),
                1,
                format!(
                    "action item {} is open past its due date {}: {}",
                    a.id,
                    a.due.map(|d| d.to_string()).unwrap_or_default(),
                    a.title
                ),
            )
        })
        .collect()
}

/// The 1-based line of the first occurrence of `needle` in a file (1 when absent).
pub fn line_of(file: &Path, needle: &str) -> usize {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|t| t.lines().position(|l| l.contains(needle)))
        .map_or(1, |i| i + 1)
}

/// A diagnostic as a GitHub Actions workflow command (an annotation on the file).
pub fn github_line(d: &Diagnostic) -> String {
    let prop = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
            .replace(':', "%3A")
            .replace(',', "%2C")
    };
    let msg = d
        .message
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    let kind = match d.level {
        crate::error::Level::Error => "error",
        crate::error::Level::Warning => "warning",
    };
    format!(
        "::{kind} file={},line={},col={}::{msg}",
        prop(&d.path.to_string_lossy()),
        d.line,
        d.col
    )
}

/// Internal links and anchors of a built site that do not resolve, as diagnostics on the
/// HTML files (paths relative to `out`, with the line of the link).
pub fn broken_links(out: &Path, base_url: &str) -> Vec<Diagnostic> {
    crate::linkcheck::broken(out, base_url)
        .into_iter()
        .map(|b| {
            Diagnostic::error(
                b.file,
                b.line,
                1,
                format!("broken link `{}`: {}", b.link, b.reason),
            )
        })
        .collect()
}
