//! The built-in release, retrospective, status report and history year pages, written
//! out in Rust.
//!
//! Release pages are most of a site (one per release, for as many releases as the
//! project has had), retrospectives the next most, `serve` writes every status report
//! again when an edit moves the content's present, and the history year pages list
//! every release again; interpreting their templates with Tera costs several times more
//! than writing the same bytes directly. So when a site overrides none of `base.html`,
//! `macros.html` and a page's own template (`release.html`, `retrospective.html`,
//! `status_week.html`, `history_year.html`), those pages are written by
//! this module instead; a site that overrides any of them gets Tera and its own
//! templates, as before.
//!
//! The output must equal what Tera makes of the built-in templates, byte for byte: the
//! templates stay the reference a site copies to customise its theme. A test renders
//! every release, retrospective, status report and history year of several sites both
//! ways and compares them
//! (`native_release_pages_equal_the_templates`), so a change to one without the other fails.

mod facts;
mod flight;
mod history;
mod retro;
mod status;
mod writer;

pub(super) use history::history_year_page;
pub(super) use retro::retro_page;
pub(super) use status::status_week_page;

use writer::{truncate_at, Html};

use super::context::page_view;
use super::pages::release::{release_data, ReleasePage, ReleaseView};
use super::views::{PageView, Row};
use super::{page_path, Body, Page};
use crate::site::Site;

/// The pages written natively, by the template each stands for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Native {
    /// `release.html`: release pages and the `latest` alias.
    pub releases: bool,
    /// `retrospective.html`.
    pub retros: bool,
    /// `status_week.html`: the weekly status reports.
    pub status_weeks: bool,
    /// `history_year.html`: the release history, a page a year.
    pub history_years: bool,
}

impl Native {
    /// What the site at `root` lets be written natively: the pages whose template, and
    /// `base.html` and `macros.html`, the site does not override.
    pub fn of(root: &std::path::Path) -> Native {
        let own = |t: &str| root.join("templates").join(t).exists();
        let shared = !own("base.html") && !own("macros.html");
        Native {
            releases: shared && !own("release.html"),
            retros: shared && !own("retrospective.html"),
            status_weeks: shared && !own("status_week.html"),
            history_years: shared && !own("history_year.html"),
        }
    }
}

fn some(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// The word for `n` things, by the site's one pluralising rule ([`crate::plural`]).
fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    crate::plural::word(n, one, many)
}

/// Release `i`'s page (`page` is it or the `latest` alias; `body` its notes and
/// checklists): path, HTML.
pub(super) fn release_page(site: &Site, page: Page, i: usize, body: &Body) -> (String, String) {
    let path = page_path(site, page);
    let data = release_data(site, i, body);
    let title = data.release.row.title.clone();
    let (root, view) = page_view(site, page, &path, title, "releases");
    let html = release(site, &view, &root, &data, matches!(page, Page::Latest(_)));
    (path, html)
}

/// The whole page for release `p`, as `base.html` + `release.html` render it.
pub(super) fn release(
    site: &Site,
    page: &PageView,
    root: &str,
    p: &ReleasePage,
    is_latest_alias: bool,
) -> String {
    let mut out = String::with_capacity(16 * 1024 + p.release.html.len());
    let w = &mut Html { o: &mut out };
    head(w, site, page, root);
    w.raw("with-aside\">\n");
    content(w, root, p, is_latest_alias);
    w.raw("\n</main>\n");
    foot(w, site, root, true);
    out
}

/// `base.html` from `</main>` on: the footer and the scripts (`versions.js` when the
/// page's `scripts` block adds it, as `release.html` does).
fn foot(w: &mut Html, site: &Site, root: &str, versions: bool) {
    w.raw("<footer class=\"site-footer\">\n  <p>")
        .text(&site.config.title);
    if !site.config.repo_url.is_empty() {
        w.raw(" · <a href=\"").text(&site.config.repo_url);
        w.raw("\">Source repository</a>");
    }
    w.raw(" · <a href=\"").text(root);
    w.raw("atom.xml\">Release feed</a> · <a href=\"").text(root);
    w.raw("calendar.ics\">Release calendar</a> · Built with relbook</p>\n</footer>\n");
    if versions {
        w.raw("<script src=\"")
            .text(root)
            .raw("versions.js\" defer></script>");
    }
    w.raw("\n<script src=\"").text(root);
    w.raw("relbook.js\" defer></script>\n</body>\n</html>\n");
}

/// `base.html` up to the class of `<main>`.
fn head(w: &mut Html, site: &Site, page: &PageView, root: &str) {
    let cfg = &site.config;
    let description_cut = truncate_at(&page.description, 200);
    w.raw("<!DOCTYPE html>\n<html lang=\"")
        .text(&cfg.language)
        .raw("\">\n<head>\n");
    w.raw("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if !page.path.is_empty() {
        w.text(&page.title).raw(" · ");
    }
    w.text(&cfg.title).raw("</title>\n");
    if !page.description.is_empty() {
        w.raw("<meta name=\"description\" content=\"");
        w.cut(&page.description, description_cut).raw("\">");
    }
    w.raw("\n<link rel=\"canonical\" href=\"")
        .text(&page.canonical)
        .raw("\">\n");
    w.raw("<meta property=\"og:type\" content=\"website\">\n<meta property=\"og:site_name\" content=\"");
    w.text(&cfg.title)
        .raw("\">\n<meta property=\"og:title\" content=\"")
        .text(&page.title);
    w.raw("\">\n<meta property=\"og:url\" content=\"")
        .text(&page.canonical)
        .raw("\">\n");
    if !page.description.is_empty() {
        w.raw("<meta property=\"og:description\" content=\"");
        w.cut(&page.description, description_cut).raw("\">");
    }
    w.raw("\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
        .text(&cfg.title);
    w.raw(": releases\" href=\"")
        .text(root)
        .raw("atom.xml\">\n<link rel=\"stylesheet\" href=\"");
    w.text(root)
        .raw("style.css\">\n<link rel=\"icon\" href=\"")
        .text(root);
    w.raw("favicon.svg\" type=\"image/svg+xml\">\n\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n");
    w.raw("<header class=\"site-header\">\n  <a class=\"brand\" href=\"")
        .text(root)
        .raw("\">");
    w.text(&cfg.title)
        .raw("</a>\n  <nav aria-label=\"Sections\">\n    <ul>\n");
    let current = |w: &mut Html, section: &str| {
        w.when(page.section == section, " aria-current=\"page\"");
    };
    for (href, section, label) in [
        ("releases/", "releases", "Releases"),
        ("plan/", "plan", "Plan"),
        ("kpis/", "kpis", "KPIs"),
        ("compliance/", "compliance", "Compliance"),
        ("risks/", "risks", "Risks"),
        ("retrospectives/", "retrospectives", "Retrospectives"),
    ] {
        w.raw("      <li><a href=\"").text(root).raw(href).raw("\"");
        current(w, section);
        w.raw(">").raw(label).raw("</a></li>\n");
    }
    w.raw("      ");
    if !site.stakeholders.is_empty() {
        w.raw("<li><a href=\"").text(root).raw("stakeholders/\"");
        current(w, "stakeholders");
        w.raw(">Stakeholders</a></li>");
    }
    w.raw("\n      ");
    if !site.modules.is_empty() {
        w.raw("<li><a href=\"").text(root).raw("handbook/\"");
        current(w, "handbook");
        w.raw(">Handbook</a></li>");
    }
    w.raw("\n    </ul>\n  </nav>\n  <form class=\"search\" role=\"search\" data-root=\"")
        .text(root);
    w.raw("\" hidden>\n    <label class=\"visually-hidden\" for=\"search-box\">Search releases, retrospectives, risks and the handbook</label>\n");
    w.raw("    <input id=\"search-box\" type=\"text\" role=\"combobox\" aria-autocomplete=\"list\" placeholder=\"Search…\" autocomplete=\"off\" aria-controls=\"search-results\" aria-expanded=\"false\">\n");
    w.raw("    <ul id=\"search-results\" role=\"listbox\" aria-label=\"Search results\" hidden></ul>\n  </form>\n</header>\n<main id=\"main\" class=\"");
}

fn prevnext(w: &mut Html, root: &str, r: &Row, rel: &str) {
    w.raw("<a rel=\"")
        .raw(rel)
        .raw("\" href=\"")
        .text(root)
        .text(&r.url)
        .raw("\">");
    if rel == "prev" {
        w.raw("← ").text(r.version).raw("</a>");
    } else {
        w.text(r.version).raw(" →</a>");
    }
}

/// The `content` block of `release.html`.
fn content(w: &mut Html, root: &str, p: &ReleasePage, is_latest_alias: bool) {
    let r = &p.release;
    let row = &r.row;
    page_header(w, root, p, is_latest_alias);
    if r.has_notes {
        w.raw(r.html);
    } else {
        w.raw("<p class=\"warn\">Notes not written: this release is known from its git tag <code>");
        w.text(r.tag.unwrap_or(""))
            .raw("</code> alone. Add <code>content/releases/");
        w.text(row.version).raw(".md</code> to describe it.</p>");
    }
    w.raw("\n\n  ");
    flight::milestones(w, root, r);
    changes(w, r);
    checklists(w, root, r);
    dependencies(w, r);
    risks(w, root, r);
    flight::issue_log(w, root, r);
    retro(w, root, r);
    meetings::section(w, root, r);
    facts::facts(w, root, r);
    facts::outcome(w, root, r);
}

/// The breadcrumbs, the version bar and the page header.
fn page_header(w: &mut Html, root: &str, p: &ReleasePage, is_latest_alias: bool) {
    let r = &p.release;
    let row = &r.row;
    w.raw("\n\n<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"")
        .text(root);
    w.raw("releases/\">Release history</a> › ")
        .text(row.version)
        .raw("</nav>\n");
    w.raw("<div class=\"version-bar\">\n  <nav class=\"prevnext\" aria-label=\"Other versions\">\n    ");
    if let Some(prev) = &p.prev {
        prevnext(w, root, prev, "prev");
    }
    w.raw("\n    ");
    if let Some(next) = &p.next {
        prevnext(w, root, next, "next");
    }
    w.raw("\n  </nav>\n  <div class=\"switcher\" data-version-switcher data-current=\"");
    w.text(row.version)
        .raw("\" data-root=\"")
        .text(root)
        .raw("\">\n    <a href=\"")
        .text(root);
    w.raw("releases/\">All versions</a>\n  </div>\n</div>\n<header class=\"page-head\">\n  ");
    w.when(is_latest_alias, "<p class=\"muted\">Latest release</p>");
    w.raw("\n  <h1><span class=\"version\">")
        .text(row.version)
        .raw("</span> ")
        .text(&row.title);
    w.raw("</h1>\n  <p class=\"meta\">")
        .status(row.status)
        .raw(" ");
    if let Some(kind) = row.kind.filter(|k| !k.is_empty()) {
        w.raw("<span class=\"badge kind\">")
            .text(kind)
            .raw("</span>");
    }
    w.raw("\n    ");
    // A rolled-back release says so once: shipped on its date, rolled back when service
    // was restored (its deployment's result would repeat the status).
    let rolled_back = row.status == "rolled-back";
    if let Some(date) = some(&row.date) {
        if rolled_back {
            w.raw("Shipped ").unbroken(date);
            if let Some(t) = r.deployment.as_ref().and_then(|d| some(&d.restored)) {
                w.raw(", rolled back ").unbroken(t);
            }
        } else {
            w.raw("Released ").unbroken(date);
        }
    } else if let Some(win) = row.window {
        w.raw("Window ");
        if matches!(row.status, "planned" | "in-progress") {
            w.raw("<span data-window-end=\"").num(win.end).raw("\">");
            w.window(row.window).raw("</span>");
        } else {
            w.window(row.window);
        }
    }
    w.raw("\n    ");
    if let Some(d) = r
        .deployment
        .as_ref()
        .filter(|d| !rolled_back || d.result != "rolled-back")
    {
        w.raw(" · Deployment ").result(Some(d.result));
    }
    w.raw("</p>\n</header>\n\n<div class=\"layout\">\n<article class=\"notes\">\n  ");
}

/// The commits from git, grouped.
fn changes(w: &mut Html, r: &ReleaseView) {
    if let Some(g) = &r.git {
        w.raw("\n  <section aria-labelledby=\"changes-h\">\n    <h2 id=\"changes-h\">Changes</h2>\n    <p class=\"muted\">");
        w.num(g.commits)
            .raw(" ")
            .raw(plural(g.commits, "commit", "commits"));
        if let Some(prev) = g.previous_tag.filter(|t| !t.is_empty()) {
            w.raw(" since <code>").text(prev).raw("</code>");
        }
        if let Some(url) = some(&g.compare_url) {
            w.raw(" · <a href=\"").text(url).raw("\">");
            match g.previous_tag.filter(|t| !t.is_empty()) {
                Some(prev) => w.raw("Compare ").text(prev).raw("…").text(g.tag),
                None => w.raw("Browse ").text(g.tag),
            };
            w.raw("</a>");
        }
        w.raw("</p>\n    ");
        if !g.breaking.is_empty() {
            w.raw("\n    <div class=\"breaking\"><h3>Breaking changes</h3>\n      <ul class=\"changes\">");
            for c in &g.breaking {
                w.change(c, false);
            }
            w.raw("</ul>\n    </div>\n    ");
        }
        w.raw("\n    ");
        for (title, list) in &g.groups {
            w.raw("\n    <details class=\"change-group\"");
            w.when(*title != "Other" && *title != "Merges", " open");
            w.raw(">\n      <summary><h3>")
                .text(title)
                .raw(" <span class=\"count\">(");
            w.num(list.len())
                .raw(")</span></h3></summary>\n      <ul class=\"changes\">");
            for c in list {
                w.change(c, true);
            }
            w.raw("</ul>\n    </details>\n    ");
        }
        w.raw("\n  </section>\n  ");
    }
    w.raw("\n\n  ");
}

/// The checklists, and the required phases that have none.
fn checklists(w: &mut Html, root: &str, r: &ReleaseView) {
    if !r.checklists.is_empty() || !r.missing_phases.is_empty() {
        w.raw("\n  <section aria-labelledby=\"checklists-h\">\n    <h2 id=\"checklists-h\">Checklists</h2>\n    ");
        if !r.missing_phases.is_empty() {
            w.raw("<p class=\"warn\">Missing required ");
            w.raw(plural(r.missing_phases.len(), "checklist", "checklists"))
                .raw(": ");
            w.text(&r.missing_phases.join(", ")).raw(".</p>");
        }
        w.raw("\n    ");
        for c in &r.checklists {
            w.raw("\n    <details class=\"checklist\" id=\"checklist-")
                .text(c.phase)
                .raw("\"");
            w.when(!c.complete, " open");
            w.raw(">\n      <summary><span class=\"phase\">")
                .text(&c.title)
                .raw("</span> ");
            w.bar(c.percent, &format!("{} of {} done", c.done, c.total));
            w.raw(" <span class=\"count\">")
                .num(c.done)
                .raw("/")
                .num(c.total)
                .raw("</span>\n        ");
            if c.complete {
                w.raw("<span class=\"badge result-success\">complete</span>");
            } else {
                w.raw("<span class=\"badge result-failed\">incomplete</span>");
            }
            w.raw("</summary>\n      <p class=\"muted small\">");
            if let Some(owner) = &c.owner {
                w.raw("Owner: ").who(owner, root).raw(". ");
            }
            match &c.signed_off_by {
                Some(by) => {
                    w.raw("Signed off by ").who(by, root);
                    if let Some(at) = some(&c.signed_off_at) {
                        w.raw(" on ").unbroken(at);
                    }
                    w.raw(".");
                }
                None => {
                    w.raw("Not signed off.");
                }
            }
            w.raw("</p>\n      ")
                .raw(c.html)
                .raw("\n    </details>\n    ");
        }
        w.raw("\n  </section>\n  ");
    }
    w.raw("\n\n  ");
}

/// The release's dependencies: their graph and list.
fn dependencies(w: &mut Html, r: &ReleaseView) {
    if !r.dependencies.is_empty() {
        w.raw("\n  <section aria-labelledby=\"dependencies-h\">\n    <h2 id=\"dependencies-h\">Dependencies</h2>\n    <figure class=\"chart depgraph-wrap\">");
        w.raw(&r.dependency_graph)
            .raw("</figure>\n    <ul class=\"plain\">");
        for d in &r.dependencies {
            w.raw("<li><span class=\"badge dep-")
                .text(d.status)
                .raw("\">");
            w.text(d.status)
                .raw("</span> ")
                .text(d.from)
                .raw(" → ")
                .text(d.to);
            w.raw(" <span class=\"muted small\">(")
                .text(d.kind)
                .raw(")");
            if let Some(note) = d.note.filter(|n| !n.is_empty()) {
                w.raw(": ").unbroken(note);
            }
            w.raw("</span></li>");
        }
        w.raw("</ul>\n  </section>\n  ");
    }
    w.raw("\n\n  ");
}

/// The release's risks.
fn risks(w: &mut Html, root: &str, r: &ReleaseView) {
    if !r.risks.is_empty() {
        w.raw("\n  <section aria-labelledby=\"risks-h\">\n    <h2 id=\"risks-h\">Risks</h2>\n    <div class=\"table-wrap\"><table>\n");
        w.raw("      <thead><tr><th scope=\"col\">Id</th><th scope=\"col\">Risk</th><th scope=\"col\">Probability × impact</th><th scope=\"col\">Owner</th><th scope=\"col\">Status</th></tr></thead>\n      <tbody>");
        for k in &r.risks {
            w.raw("\n        <tr id=\"risk-")
                .text(k.id)
                .raw("\"><td class=\"nowrap\">")
                .text(k.id);
            w.raw("</td><td>").unbroken(k.title);
            if let Some(m) = k.mitigation.filter(|m| !m.is_empty()) {
                w.raw("<br><span class=\"muted small\">Mitigation: ")
                    .unbroken(m)
                    .raw("</span>");
            }
            w.raw("</td>\n        <td><span class=\"badge sev-")
                .text(k.severity)
                .raw("\">");
            w.text(k.probability)
                .raw(" × ")
                .text(k.impact)
                .raw("</span></td><td>");
            if let Some(owner) = &k.owner {
                w.who(owner, root);
            }
            w.raw("</td><td><span class=\"badge risk-")
                .text(k.status)
                .raw("\">")
                .text(k.status);
            w.raw("</span></td></tr>\n      ");
        }
        w.raw("</tbody>\n    </table></div>\n  </section>\n  ");
    }
    w.raw("\n\n  ");
}

/// The retrospective's summary and action items.
fn retro(w: &mut Html, root: &str, r: &ReleaseView) {
    if let Some(retro) = &r.retro {
        w.raw("\n  <section aria-labelledby=\"retro-h\">\n    <h2 id=\"retro-h\">Retrospective</h2>\n    <p>");
        if let Some(date) = some(&retro.date) {
            w.raw("Held ").unbroken(date).raw(". ");
        }
        w.truncated(retro.summary, 300)
            .raw(" <a href=\"")
            .text(root)
            .text(&retro.url);
        w.raw("\">Read the retrospective →</a></p>\n    ");
        if !retro.actions.is_empty() {
            w.raw("\n    <ul class=\"plain\">");
            for a in &retro.actions {
                w.raw("<li><span class=\"badge action-")
                    .text(a.status)
                    .raw("\">")
                    .text(a.status);
                w.raw("</span> ").unbroken(a.id).raw(" ").unbroken(a.title);
                if let Some(owner) = &a.owner {
                    w.raw(" <span class=\"muted\">(")
                        .text(owner.name)
                        .raw(")</span>");
                }
                w.raw("</li>");
            }
            w.raw("</ul>\n    ");
        }
        w.raw("\n  </section>\n  ");
    }
}

mod meetings;
#[cfg(test)]
mod tests;
