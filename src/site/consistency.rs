//! Consistency of each release as loaded: one rule for `build`, `serve` and `check`.
//! What contradicts itself (a go/no-go decision the note and its meeting disagree on) is
//! an error everywhere; a record left incomplete (no deployment result, no date, no
//! window) is a warning everywhere.

use std::path::PathBuf;

use super::{Release, Site};
use crate::content::Status;
use crate::error::Diagnostic;

/// Where a release's `key` is: its note's file and the key's line, or the file a
/// git-only release would have.
pub fn place(site: &Site, r: &Release, key: &str) -> (PathBuf, usize, usize) {
    if !r.has_notes() {
        return (
            PathBuf::from(format!("content/releases/{}.md", r.version())),
            1,
            1,
        );
    }
    let text = std::fs::read_to_string(site.root.join(&r.path)).unwrap_or_default();
    let line = text
        .lines()
        .enumerate()
        .skip(1)
        .take_while(|(_, l)| l.trim_end() != "---" && l.trim_end() != "+++")
        .find(|(_, l)| {
            l.trim_start().starts_with(key)
                && l.trim_start()[key.len()..]
                    .trim_start()
                    .starts_with([':', '='])
        })
        .map_or(1, |(i, _)| i + 1);
    (r.path.clone(), line, 1)
}

/// An error at `key` of `r`'s release note (see [`place`]).
pub fn error(site: &Site, r: &Release, key: &str, message: String) -> Diagnostic {
    let (path, line, col) = place(site, r, key);
    Diagnostic::error(path, line, col, message)
}

/// A warning at `key` of `r`'s release note (see [`place`]).
pub fn warning(site: &Site, r: &Release, key: &str, message: String) -> Diagnostic {
    let (path, line, col) = place(site, r, key);
    Diagnostic::warning(path, line, col, message)
}

impl Site {
    /// Every release's consistency problems.
    pub fn consistency(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for r in &self.releases {
            consistency(self, r, &mut out);
        }
        out
    }
}

/// Release `r`'s consistency problems (see [`Site::consistency`]).
pub(super) fn consistency(site: &Site, r: &Release, out: &mut Vec<Diagnostic>) {
    let f = &r.front;
    if !r.has_notes() {
        if let Some(tag) = &f.tag {
            out.push(warning(
                site,
                r,
                "version",
                format!(
                    "tag {tag} has no release note; add content/releases/{}.md",
                    r.version()
                ),
            ));
        }
        return;
    }
    go_no_go_conflict(site, r, out);
    match r.status {
        status if status.is_shipped() => {
            if f.deployment.is_none() {
                out.push(warning(
                    site,
                    r,
                    "status",
                    format!(
                        "{} is {} but records no deployment result",
                        r.version(),
                        r.status
                    ),
                ));
            }
            if f.date.is_none() {
                out.push(warning(
                    site,
                    r,
                    "status",
                    format!(
                        "{} is {} but has no date (and no git tag to take it from)",
                        r.version(),
                        r.status
                    ),
                ));
            }
            if site.history.is_some() && r.git.is_none() {
                out.push(warning(
                    site,
                    r,
                    "version",
                    format!("{} is {} but has no git tag", r.version(), r.status),
                ));
            }
        }
        Status::Planned | Status::InProgress if f.window.is_none() => {
            out.push(warning(
                site,
                r,
                "status",
                format!("{} is {} but has no release window", r.version(), r.status),
            ));
        }
        _ => {}
    }
}

/// The note's `go_no_go` and the go/no-go meeting's decision disagree (on the decision,
/// or on the date when both record one): an error at the note's `go_no_go`.
fn go_no_go_conflict(site: &Site, r: &Release, out: &mut Vec<Diagnostic>) {
    let (Some(g), Some(m)) = (&r.front.go_no_go, site.go_no_go_meeting(r)) else {
        return;
    };
    let decision = m.front.decision.unwrap_or(g.decision);
    let date_differs = g.date.is_some_and(|d| d != m.front.date);
    if decision != g.decision || date_differs {
        let noted = match g.date {
            Some(d) => format!("{} on {d}", g.decision),
            None => g.decision.to_string(),
        };
        out.push(error(
            site,
            r,
            "go_no_go",
            format!(
                "the go/no-go decision of {} conflicts with its go/no-go meeting: the note records {noted}, {} records {decision} on {}",
                r.version(),
                m.path.display(),
                m.front.date
            ),
        ));
    }
}
