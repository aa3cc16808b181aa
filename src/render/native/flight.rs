//! The release in flight on the release page: its milestones and its issue log (the
//! `flight:` sections of `release.html`).

use super::super::pages::release::ReleaseView;
use super::{some, Html};

/// The release's milestones: planned and actual days, late ones marked.
pub(super) fn milestones(w: &mut Html, root: &str, r: &ReleaseView) {
    if !r.milestones.is_empty() {
        w.raw("\n  <section aria-labelledby=\"milestones-h\">\n    <h2 id=\"milestones-h\">Milestones</h2>\n    <div class=\"table-wrap\"><table class=\"milestones\">\n");
        w.raw("      <thead><tr><th scope=\"col\">Milestone</th><th scope=\"col\">Planned</th><th scope=\"col\">Actual</th><th scope=\"col\">Owner</th></tr></thead>\n      <tbody>");
        // Unreached milestones of a release in flight: relbook.js marks those past due.
        let in_flight = matches!(r.row.status, "planned" | "in-progress");
        for ms in &r.milestones {
            w.raw("\n        <tr class=\"milestone-")
                .text(ms.state)
                .raw("\"><td>")
                .text(ms.name);
            w.raw("</td><td class=\"nowrap\">")
                .text(&ms.planned)
                .raw("</td><td class=\"nowrap\">");
            match some(&ms.actual) {
                Some(a) => w.text(a),
                None if in_flight => w
                    .raw("<span class=\"muted\" data-due=\"")
                    .text(&ms.planned)
                    .raw("\">not reached</span>"),
                None => w.raw("<span class=\"muted\">not reached</span>"),
            };
            if let Some(l) = some(&ms.late_by) {
                w.raw(" <span class=\"badge late\">").text(l).raw("</span>");
            }
            w.raw("</td><td>");
            if let Some(owner) = &ms.owner {
                w.who(owner, root);
            }
            w.raw("</td></tr>\n      ");
        }
        w.raw("</tbody>\n    </table></div>\n  </section>\n  ");
    }
    w.raw("\n\n  ");
}

/// The release's issue log.
pub(super) fn issue_log(w: &mut Html, root: &str, r: &ReleaseView) {
    if !r.issue_log.is_empty() {
        w.raw("\n  <section aria-labelledby=\"issue-log-h\">\n    <h2 id=\"issue-log-h\">Issue log</h2>\n    <div class=\"table-wrap\"><table>\n");
        w.raw("      <thead><tr><th scope=\"col\">Id</th><th scope=\"col\">Issue</th><th scope=\"col\">Owner</th><th scope=\"col\">Opened</th><th scope=\"col\">Resolved</th><th scope=\"col\">Severity</th><th scope=\"col\">Status</th></tr></thead>\n      <tbody>");
        for k in &r.issue_log {
            w.raw("\n        <tr id=\"issue-")
                .text(k.id)
                .raw("\"><td class=\"nowrap\">")
                .text(k.id);
            w.raw("</td><td>").unbroken(k.title).raw("</td><td>");
            if let Some(owner) = &k.owner {
                w.who(owner, root);
            }
            w.raw("</td><td class=\"nowrap\">")
                .text(&k.opened)
                .raw("</td><td class=\"nowrap\">");
            match some(&k.resolved) {
                Some(d) => w.text(d),
                None => w.raw("—"),
            };
            w.raw("</td><td><span class=\"badge issue-sev-")
                .text(k.severity)
                .raw("\">")
                .text(k.severity);
            w.raw("</span></td><td><span class=\"badge issue-")
                .text(k.status)
                .raw("\">")
                .text(k.status)
                .raw("</span></td></tr>\n      ");
        }
        w.raw("</tbody>\n    </table></div>\n  </section>\n  ");
    }
    w.raw("\n\n  ");
}
