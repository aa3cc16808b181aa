//! The release page's facts aside: window, people, tag, git figures, the deployment,
//! defects, go/no-go decision, stakeholders and the table of contents.

use super::super::pages::release::ReleaseView;
use super::{plural, some, Html};

/// The facts aside: window, people, tag, compliance, components, git figures.
pub(super) fn facts(w: &mut Html, root: &str, r: &ReleaseView) {
    let row = &r.row;
    w.raw("\n</article>\n\n<aside class=\"facts\" aria-label=\"Release facts\">\n  <dl>\n    ");
    if row.window.is_some() {
        w.raw("<dt>Window</dt><dd>").window(row.window).raw("</dd>");
    }
    w.raw("\n    ");
    if let Some(m) = &r.manager {
        w.raw("<dt>Release manager</dt><dd>")
            .who(m, root)
            .raw("</dd>");
    }
    w.raw("\n    ");
    if let Some(g) = &r.git {
        w.raw("<dt>Tag</dt><dd><code>").text(g.tag).raw("</code>");
        for a in g.aliases {
            w.raw(", <code>").text(a).raw("</code>");
        }
        w.raw("<br><span class=\"muted small\">")
            .unbroken(&g.tag_date)
            .raw("</span></dd>\n    ");
    } else if let Some(tag) = r.tag.filter(|t| !t.is_empty()) {
        w.raw("<dt>Tag</dt><dd><code>")
            .text(tag)
            .raw("</code></dd>");
    }
    w.raw("\n    ");
    if !r.candidates.is_empty() {
        w.raw("<dt>Candidates</dt><dd>");
        for (i, (tag, date)) in r.candidates.iter().enumerate() {
            w.raw("<code>")
                .text(tag)
                .raw("</code> <span class=\"muted small\">")
                .unbroken(date);
            w.raw("</span>").when(i + 1 < r.candidates.len(), "<br>");
        }
        w.raw("</dd>");
    }
    w.raw("\n    ");
    if r.shipped {
        w.raw("<dt>Compliance</dt><dd>");
        match r.compliant {
            Some(true) => w.raw("<span class=\"badge result-success\">compliant</span>"),
            Some(false) => w.raw("<span class=\"badge result-failed\">not compliant</span>"),
            None => w.raw("<span class=\"muted\">not tracked</span>"),
        };
        w.raw("</dd>");
    }
    w.raw("\n    ");
    if !r.components.is_empty() {
        w.raw("<dt>Components</dt><dd>")
            .text(&r.components.join(", "))
            .raw("</dd>");
    }
    w.raw("\n    ");
    if !r.issues.is_empty() {
        w.raw("<dt>Issues</dt><dd>")
            .unbroken(&r.issues.join(", "))
            .raw("</dd>");
    }
    w.raw("\n  </dl>\n  ");
    if let Some(g) = &r.git {
        w.raw("\n  <h2>Development</h2>\n  <dl>\n    <dt>Commits</dt><dd>")
            .num(g.commits);
        if g.fix_commits > 0 {
            w.raw(" <span class=\"muted small\">(")
                .num(g.fix_commits)
                .raw(" ");
            w.raw(plural(g.fix_commits, "fix", "fixes")).raw(")</span>");
        }
        w.raw("</dd>\n    ");
        if let Some(median) = some(&g.lead_median) {
            w.raw("<dt>Lead time</dt><dd>median ").text(median);
            w.raw("<br><span class=\"muted small\">90th percentile ");
            w.text(g.lead_p90.as_deref().unwrap_or("")).raw("</span>");
            if g.skewed > 0 {
                w.raw("<br><span class=\"muted small\">")
                    .num(g.skewed)
                    .raw(" ");
                w.raw(plural(g.skewed, "commit", "commits"));
                w.raw(" dated after the release counted as 0</span>");
            }
            w.raw("</dd>");
        }
        w.raw("\n    ");
        if !g.authors.is_empty() {
            w.raw("<dt>Authors</dt><dd>");
            let shown = &g.authors[..g.authors.len().min(8)];
            for (i, (name, n)) in shown.iter().enumerate() {
                w.text(name)
                    .raw(" <span class=\"muted small\">(")
                    .num(n)
                    .raw(")</span>");
                w.when(i + 1 < shown.len(), ", ");
            }
            if g.authors.len() > 8 {
                w.raw(" and ").num(g.authors.len() - 8).raw(" more");
            }
            w.raw("</dd>");
        }
        w.raw("\n  </dl>\n  ");
    }
    w.raw("\n  ");
}

/// The deployment, defects, go/no-go decision and stakeholders, and the table of contents.
pub(super) fn outcome(w: &mut Html, root: &str, r: &ReleaseView) {
    if let Some(d) = &r.deployment {
        w.raw("\n  <h2>Deployment</h2>\n  <dl>\n    <dt>Result</dt><dd>")
            .result(Some(d.result));
        w.raw("</dd>\n    ");
        if let Some(env) = d.environment.filter(|e| !e.is_empty()) {
            w.raw("<dt>Environment</dt><dd>").text(env).raw("</dd>");
        }
        w.raw("\n    ");
        if let Some(t) = some(&d.started) {
            w.raw("<dt>Started</dt><dd>").unbroken(t).raw("</dd>");
        }
        w.raw("\n    ");
        if let Some(t) = some(&d.finished) {
            w.raw("<dt>Finished</dt><dd>").unbroken(t);
            if let Some(dur) = some(&d.duration) {
                w.raw(" <span class=\"muted\">(").text(dur).raw(")</span>");
            }
            w.raw("</dd>");
        }
        w.raw("\n    ");
        if let Some(t) = some(&d.restored) {
            w.raw("<dt>Service restored</dt><dd>").unbroken(t);
            if let Some(ttr) = some(&d.time_to_restore) {
                w.raw(" <span class=\"muted\">(after ")
                    .text(ttr)
                    .raw(")</span>");
            }
            w.raw("</dd>");
        }
        w.raw("\n  </dl>\n  ");
    }
    w.raw("\n  ");
    if let Some(d) = r.defects {
        w.raw("\n  <h2>Defects</h2>\n  <dl>\n    <dt>Found before release</dt><dd>");
        let num = |w: &mut Html, v: Option<u32>| {
            match v {
                Some(v) => w.num(v),
                None => w.raw("—"),
            };
        };
        num(w, d.found_before_release);
        w.raw("</dd>\n    <dt>Escaped</dt><dd>");
        num(w, d.escaped);
        w.raw("</dd>\n    <dt>Critical</dt><dd>");
        num(w, d.critical);
        w.raw("</dd>\n    ");
        if let Some(rate) = some(&r.escape_rate) {
            w.raw("<dt>Escape rate</dt><dd>").text(rate).raw("</dd>");
        }
        w.raw("\n  </dl>\n  ");
    }
    w.raw("\n  ");
    if let Some(g) = &r.go_no_go {
        w.raw(
            "\n  <h2>Go/no-go</h2>\n  <dl>\n    <dt>Decision</dt><dd><span class=\"badge decision-",
        );
        w.text(g.decision)
            .raw("\">")
            .text(g.decision)
            .raw("</span>");
        if let Some(date) = some(&g.date) {
            w.raw(" on ").unbroken(date);
        }
        super::meetings::from_meeting(w, root, g);
        w.raw("</dd>\n    ");
        if !g.approvers.is_empty() {
            w.raw("<dt>Approvers</dt><dd>");
            for (i, a) in g.approvers.iter().enumerate() {
                w.who(a, root).when(i + 1 < g.approvers.len(), ", ");
            }
            w.raw("</dd>");
        }
        w.raw("\n    ");
        if let Some(c) = g.conditions.filter(|c| !c.is_empty()) {
            w.raw("<dt>Conditions</dt><dd>").unbroken(c).raw("</dd>");
        }
        w.raw("\n  </dl>\n  ");
    }
    w.raw("\n  ");
    if !r.stakeholders.is_empty() {
        w.raw("\n  <h2>Stakeholders</h2>\n  <ul class=\"plain\">");
        for s in &r.stakeholders {
            w.raw("<li>").who(s, root).raw("</li>");
        }
        w.raw("</ul>\n  ");
    }
    w.raw("\n  ").toc(r.toc).raw("\n</aside>\n</div>\n");
}
