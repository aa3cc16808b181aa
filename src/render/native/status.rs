//! The weekly status report page, as `base.html` + `status_week.html` render it. A
//! moved present (the newest note's date) makes every report again: 104 pages.

use super::super::context::{page_title, page_view};
use super::super::pages::status::{week_page, WeekPage};
use super::super::{page_path, Page};
use super::writer::Html;
use super::{foot, head, some};
use crate::content::Week;
use crate::kpi::Kpis;
use crate::site::Site;
use crate::status::{ActionRow, IssueRow, MilestoneRow, ReleaseProgress};

/// The report page of `week`: path, HTML.
pub(in crate::render) fn status_week_page(
    site: &Site,
    kpis: &Kpis,
    week: Week,
) -> (String, String) {
    let page = Page::StatusWeek(week);
    let path = page_path(site, page);
    let (root, view) = page_view(site, page, &path, page_title(site, page), page.template().1);
    let data = week_page(site, kpis, week);
    let mut out = String::with_capacity(8 * 1024);
    let w = &mut Html { o: &mut out };
    head(w, site, &view, &root);
    w.raw("\">\n");
    content(w, &root, &data);
    w.raw("\n</main>\n");
    foot(w, site, &root, false);
    (path, out)
}

/// The `content` block of `status_week.html`.
fn content(w: &mut Html, root: &str, p: &WeekPage) {
    let rp = &p.report;
    w.raw("\n\n<header class=\"page-head\"><h1>Status report ")
        .num(rp.week);
    w.when(
        p.is_current,
        " <span class=\"badge status-in-progress\">current</span>",
    );
    w.raw("</h1>\n<p class=\"lead\">").unbroken(&rp.monday);
    w.raw(" – ")
        .unbroken(&rp.sunday)
        .raw("</p>\n<p class=\"muted\">");
    if let Some(prev) = &p.prev_week {
        w.raw("<a href=\"../").text(prev).raw("/\">← ").text(prev);
        w.raw("</a> · ");
    }
    w.raw("<a href=\"")
        .text(root)
        .raw("status/\">All weeks</a>");
    if let Some(next) = &p.next_week {
        w.raw(" · <a href=\"../").text(next).raw("/\">").text(next);
        w.raw(" →</a>");
    }
    w.raw("</p></header>\n\n");
    if let Some(note) = &rp.note {
        w.raw("\n<section class=\"status-note\" aria-labelledby=\"note-h\">\n  <h2 id=\"note-h\">");
        w.text(note.title.as_deref().unwrap_or("This week"));
        w.raw("</h2>\n  ").raw(&note.html).raw("\n</section>\n");
    }
    w.raw("\n\n<section aria-labelledby=\"flight-h\">\n  <h2 id=\"flight-h\">Releases in flight</h2>\n  ");
    for r in &rp.releases {
        release(w, root, r);
    }
    if rp.releases.is_empty() {
        w.raw("<p class=\"muted\">No release was planned or in progress this week.</p>");
    }
    let m = &rp.metrics;
    w.raw("\n</section>\n\n<section aria-labelledby=\"metrics-h\">\n  <h2 id=\"metrics-h\">Key metrics</h2>\n  <dl class=\"facts\">\n    <dt>Schedule adherence</dt><dd>");
    w.text(m.schedule_adherence.as_deref().unwrap_or("—"));
    if let Some(slip) = some(&m.median_slip_days) {
        w.raw(" <span class=\"muted small\">(median slip ")
            .text(slip);
        w.raw(" days)</span>");
    }
    w.raw("</dd>\n    <dt>Defects found</dt><dd>")
        .num(m.defects_found);
    w.raw("</dd>\n    <dt>Open risks by impact</dt><dd>");
    for (n, (label, count)) in m.risks_by_impact.iter().enumerate() {
        w.num(count).raw(" ").text(label);
        w.when(n + 1 < m.risks_by_impact.len(), " · ");
    }
    w.raw("</dd>\n  </dl>\n</section>\n\n<section aria-labelledby=\"issues-h\">\n  <h2 id=\"issues-h\">Issues</h2>\n  <h3>Opened this week</h3>\n  <ul class=\"plain issues-opened\">");
    list(w, &rp.issues_opened, |w, i| {
        w.raw("<li><span class=\"badge sev-")
            .text(i.severity)
            .raw("\">");
        w.text(i.severity).raw("</span> ");
        issue(w, root, i).raw(", ").unbroken(&i.opened);
    });
    w.raw("</ul>\n  <h3>Closed this week</h3>\n  <ul class=\"plain issues-closed\">");
    list(w, &rp.issues_closed, |w, i| {
        w.raw("<li>");
        issue(w, root, i).raw(", opened ").unbroken(&i.opened);
        w.raw(", resolved ")
            .unbroken(i.resolved.as_deref().unwrap_or_default());
    });
    w.raw("</ul>\n</section>\n\n<section aria-labelledby=\"risks-h\">\n  <h2 id=\"risks-h\">Open risks</h2>\n  <ul class=\"plain\">");
    list(w, &rp.open_risks, |w, k| {
        w.raw("<li><span class=\"badge sev-")
            .text(k.impact)
            .raw("\">");
        w.text(k.probability)
            .raw(" × ")
            .text(k.impact)
            .raw("</span> ");
        w.unbroken(&k.id).raw(" ").unbroken(&k.title);
        w.raw(" <span class=\"muted\">(<a href=\"")
            .text(root)
            .text(&k.url);
        w.raw("\">").text(&k.version).raw("</a>");
        if let Some(owner) = some(&k.owner) {
            w.raw(", ").text(owner);
        }
    });
    w.raw("</ul>\n</section>\n\n<section aria-labelledby=\"actions-h\">\n  <h2 id=\"actions-h\">Action items</h2>\n  <h3>Due this week</h3>\n  <ul class=\"plain\">");
    list(w, &rp.actions_due, |w, a| {
        action(w, root, a).raw(", ").text(a.status);
    });
    w.raw("</ul>\n  <h3>Overdue at the week's end</h3>\n  <ul class=\"plain\">");
    list(w, &rp.actions_overdue, |w, a| {
        action(w, root, a);
    });
    w.raw("</ul>\n</section>\n\n<section aria-labelledby=\"meetings-h\">\n  <h2 id=\"meetings-h\">Meetings held</h2>\n  <ul class=\"plain\">");
    list(w, &rp.meetings, |w, mt| {
        w.raw("<li><a href=\"").text(root).text(&mt.url).raw("\">");
        w.unbroken(&mt.title).raw("</a> <span class=\"muted\">(");
        w.text(mt.kind).raw(", ").unbroken(&mt.date);
    });
    w.raw("</ul>\n</section>\n");
}

/// The items of a list, each ended by `)</span></li>`, or "None.".
fn list<T>(w: &mut Html, items: &[T], mut item: impl FnMut(&mut Html, &T)) {
    for i in items {
        item(w, i);
        w.raw(")</span></li>");
    }
    if items.is_empty() {
        w.raw("<li class=\"muted\">None.</li>");
    }
}

/// An issue's id and title, and its release's link.
fn issue<'w, 'o>(w: &'w mut Html<'o>, root: &str, i: &IssueRow) -> &'w mut Html<'o> {
    w.unbroken(&i.id).raw(" ").unbroken(&i.title);
    w.raw(" <span class=\"muted\">(<a href=\"")
        .text(root)
        .text(&i.url);
    w.raw("\">").text(&i.version).raw("</a>")
}

/// An action item's link, title, owner and due day.
fn action<'w, 'o>(w: &'w mut Html<'o>, root: &str, a: &ActionRow) -> &'w mut Html<'o> {
    w.raw("<li><a href=\"").text(root).text(&a.url).raw("\">");
    w.unbroken(&a.id).raw("</a> ").unbroken(&a.title);
    w.raw(" <span class=\"muted\">(");
    if let Some(owner) = some(&a.owner) {
        w.text(owner).raw(", ");
    }
    w.raw("due ").unbroken(&a.due)
}

/// A release in flight: its card.
fn release(w: &mut Html, root: &str, p: &ReleaseProgress) {
    w.raw("\n  <article class=\"card\">\n    <h3><a href=\"")
        .text(root);
    w.text(&p.url).raw("\" class=\"version\">").text(&p.version);
    w.raw("</a> ").text(&p.title).raw(" ").status(p.status);
    w.raw("</h3>\n    <p class=\"muted\">");
    if let Some((start, end)) = &p.window {
        w.raw("Window ").unbroken(start).raw(" – ").unbroken(end);
    }
    if let Some(shipped) = some(&p.shipped) {
        w.when(p.window.is_some(), " · ");
        w.raw("shipped ").unbroken(shipped);
    }
    if p.checklist_total > 0 {
        w.raw(" · checklists ").num(p.checklist_done).raw("/");
        w.num(p.checklist_total).raw(" (").num(p.checklist_percent);
        w.raw("%)");
    }
    w.raw("</p>\n    <ul class=\"plain\">\n      ");
    let milestones = |w: &mut Html, list: &[MilestoneRow], reached: bool, what: &str| {
        for ms in list {
            w.raw("<li>").raw(what).raw(" <strong>").unbroken(&ms.name);
            w.raw("</strong>");
            if reached {
                w.raw(" on ");
                w.unbroken(ms.actual.as_deref().unwrap_or_default());
                if ms.late {
                    w.raw(" <span class=\"badge sev-high\">late</span> (planned ");
                    w.unbroken(&ms.planned).raw(")");
                }
            } else {
                w.raw(", planned ").unbroken(&ms.planned);
            }
            w.raw("</li>");
        }
    };
    milestones(w, &p.reached, true, "✓ Reached");
    w.raw("\n      ");
    milestones(w, &p.overdue, false, "⚠ Overdue");
    w.raw("\n      ");
    milestones(w, &p.upcoming, false, "→ Upcoming");
    w.raw("\n    </ul>\n  </article>\n  ");
}
