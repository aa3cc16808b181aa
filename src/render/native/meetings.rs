//! The release page's meeting parts, natively: the "Meetings" section of the notes and
//! the link to the go/no-go meeting a decision came from (see `release.html`).

use super::Html;
use crate::render::pages::release::ReleaseView;
use crate::render::views::GoView;

/// The release's meetings, after the retrospective.
pub(super) fn section(w: &mut Html, root: &str, r: &ReleaseView) {
    w.raw("\n\n  ");
    if r.meetings.is_empty() {
        return;
    }
    w.raw("\n  <section aria-labelledby=\"meetings-h\">\n    <h2 id=\"meetings-h\">Meetings</h2>\n    <ul class=\"plain\">");
    for mt in &r.meetings {
        w.raw("<li><span class=\"nowrap\">").text(&mt.date);
        w.raw("</span> <span class=\"badge meeting-").text(mt.kind);
        w.raw("\">")
            .text(mt.kind)
            .raw("</span> <a href=\"")
            .text(root);
        w.text(&mt.url).raw("\">").unbroken(&mt.title).raw("</a>");
        if mt.open > 0 {
            w.raw(" <span class=\"muted\">(").num(mt.open);
            w.raw(" ")
                .raw(super::plural(
                    mt.open,
                    "open action item",
                    "open action items",
                ))
                .raw(")</span>");
        }
        w.raw("</li>");
    }
    w.raw("</ul>\n  </section>\n  ");
}

/// After the go/no-go decision's date: where it came from, when from a meeting.
pub(super) fn from_meeting(w: &mut Html, root: &str, g: &GoView) {
    if let Some(url) = g.meeting.as_deref().filter(|u| !u.is_empty()) {
        w.raw("<br><a class=\"small\" href=\"").text(root).text(url);
        w.raw("\">from the go/no-go meeting</a>");
    }
}
