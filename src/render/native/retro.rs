//! The retrospective page, as `base.html` + `retrospective.html` render it.

use super::super::context::page_view;
use super::super::pages::retro::title;
use super::super::views::{action_view, row, who, ActionView};
use super::super::{page_path, Body, Page};
use super::writer::Html;
use super::{foot, head};
use crate::site::{Origin, Site};

/// Retrospective `i`'s page (`body`: its HTML and table of contents): path, HTML.
pub(in crate::render) fn retro_page(site: &Site, i: usize, body: &Body) -> (String, String) {
    let page = Page::Retrospective(i);
    let path = page_path(site, page);
    let (root, view) = page_view(site, page, &path, title(site, i), "retrospectives");
    let mut out = String::with_capacity(8 * 1024 + body.html.len());
    let w = &mut Html { o: &mut out };
    head(w, site, &view, &root);
    w.raw("with-aside\">\n");
    content(w, site, i, body, &root);
    w.raw("\n</main>\n");
    foot(w, site, &root, false);
    (path, out)
}

/// The `content` block of `retrospective.html`.
fn content(w: &mut Html, site: &Site, i: usize, body: &Body, root: &str) {
    let rt = &site.retros[i];
    let release = row(&site.releases[rt.release]);
    w.raw("\n<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"")
        .text(root);
    w.raw("retrospectives/\">Retrospectives</a> › ")
        .text(release.version);
    w.raw("</nav>\n<header class=\"page-head\">\n  <h1>Retrospective: <a href=\"")
        .text(root)
        .text(&release.url);
    w.raw("\"><span class=\"version\">")
        .text(release.version)
        .raw("</span> ")
        .text(&release.title);
    w.raw("</a></h1>\n  <p class=\"meta\">");
    if let Some(date) = rt.front.date {
        w.raw("Held ").unbroken(&date.to_string());
    }
    if let Some(id) = rt.front.facilitator.as_deref() {
        w.raw(" · facilitated by ").who(&who(site, id), root);
    }
    w.raw(" · release ").result(release.result).raw("</p>\n  ");
    if !rt.front.participants.is_empty() {
        w.raw("<p class=\"muted\">Participants: ");
        for (n, p) in rt.front.participants.iter().enumerate() {
            if n > 0 {
                w.raw(", ");
            }
            w.who(&who(site, p), root);
        }
        w.raw("</p>");
    }
    w.raw("\n</header>\n<div class=\"layout\">\n<article class=\"notes\">\n  ")
        .raw(&body.html)
        .raw("\n  ");
    let items = rt.front.action_items.iter();
    let actions: Vec<ActionView> = items
        .map(|a| action_view(site, Origin::Retro(rt), a))
        .collect();
    action_table(w, &actions, root);
    w.raw("\n</article>\n<aside class=\"facts\">")
        .toc(&body.toc)
        .raw("</aside>\n</div>\n");
}

/// The `action_table` macro of `macros.html`.
fn action_table(w: &mut Html, actions: &[ActionView], root: &str) {
    if actions.is_empty() {
        return;
    }
    w.raw("\n  <section aria-labelledby=\"actions-h\">\n    <h2 id=\"actions-h\">Action items</h2>\n    <div class=\"table-wrap\"><table>\n");
    w.raw("      <thead><tr><th scope=\"col\">Id</th><th scope=\"col\">Action</th><th scope=\"col\">Owner</th><th scope=\"col\">Due</th><th scope=\"col\">Status</th></tr></thead>\n      <tbody>");
    for a in actions {
        w.raw("\n        <tr id=\"action-")
            .text(a.id)
            .raw("\"><td>")
            .unbroken(a.id);
        w.raw("</td><td>").unbroken(a.title).raw("</td><td>");
        if let Some(owner) = &a.owner {
            w.who(owner, root);
        }
        w.raw("</td><td class=\"nowrap\">");
        match a.due.as_deref() {
            Some(due) if a.status == "open" => {
                w.raw("<span data-due=\"").text(due).raw("\">");
                w.text(due).raw("</span>");
            }
            Some(due) => {
                w.text(due);
            }
            None => {
                w.raw("—");
            }
        }
        w.raw("</td>\n        <td><span class=\"badge action-")
            .text(a.status)
            .raw("\">")
            .text(a.status)
            .raw("</span>");
        if let Some(closed) = a.closed.as_deref() {
            w.raw(" <span class=\"muted small\">").unbroken(closed);
            w.when(a.late, ", after due date").raw("</span>");
        }
        w.raw("</td></tr>\n      ");
    }
    w.raw("</tbody>\n    </table></div>\n  </section>\n");
}
