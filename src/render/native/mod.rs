//! The built-in release page, written out in Rust.
//!
//! Release pages are most of a site (one per release, for as many releases as the
//! project has had), and interpreting `release.html` with Tera costs ten times more than
//! writing the same bytes directly. So when a site overrides none of `base.html`,
//! `macros.html` and `release.html`, release pages are written by this module instead;
//! a site that overrides any of them gets Tera and its own templates, as before.
//!
//! The output must equal what Tera makes of the built-in templates, byte for byte: the
//! templates stay the reference a site copies to customise its theme. A test renders
//! every release of several sites both ways and compares them
//! (`native_release_pages_equal_the_templates`), so a change to one without the other fails.

use std::fmt::Write as _;

use unicode_segmentation::UnicodeSegmentation;

use super::context::page_view;
use super::pages::release::{release_data, ReleasePage};
use super::views::{ChangeView, PageView, Row, Who};
use super::{page_path, Page};
use crate::content::Window;
use crate::site::Site;

/// Template files whose override sends release pages back to Tera.
pub const TEMPLATES: [&str; 3] = ["base.html", "macros.html", "release.html"];

/// Whether release pages of the site at `root` can be written natively.
pub fn applies(root: &std::path::Path) -> bool {
    TEMPLATES
        .iter()
        .all(|t| !root.join("templates").join(t).exists())
}

struct W<'o> {
    o: &'o mut String,
}

impl W<'_> {
    fn s(&mut self, text: &str) -> &mut Self {
        self.o.push_str(text);
        self
    }

    /// Escaped like Tera's `{{ … }}` with relbook's escape function.
    fn e(&mut self, text: &str) -> &mut Self {
        let mut start = 0;
        for (i, b) in text.bytes().enumerate() {
            let rep = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            self.o.push_str(&text[start..i]);
            self.o.push_str(rep);
            start = i + 1;
        }
        self.o.push_str(&text[start..]);
        self
    }

    fn n(&mut self, n: impl std::fmt::Display) -> &mut Self {
        let _ = write!(self.o, "{n}");
        self
    }

    fn when(&mut self, cond: bool, text: &str) -> &mut Self {
        if cond {
            self.o.push_str(text);
        }
        self
    }

    /// Tera's `truncate(length=n)`: at most n graphemes, then `…`.
    fn truncated(&mut self, text: &str, n: usize) -> &mut Self {
        self.cut(text, truncate_at(text, n))
    }

    /// `text` up to `cut` (from [`truncate_at`]) and `…`, or all of it.
    fn cut(&mut self, text: &str, cut: Option<usize>) -> &mut Self {
        match cut {
            Some(at) => self.e(&text[..at]).s("…"),
            None => self.e(text),
        }
    }

    // --- macros.html

    fn status(&mut self, s: &str) -> &mut Self {
        self.s("<span class=\"badge status-").e(s).s("\">");
        self.e(&s.replace('-', " ")).s("</span>")
    }

    fn result(&mut self, r: Option<&str>) -> &mut Self {
        match r {
            Some(r) => {
                self.s("<span class=\"badge result-").e(r).s("\">");
                self.s(match r {
                    "success" => "✓ ",
                    "failed" => "✕ ",
                    _ => "↺ ",
                });
                self.e(&r.replace('-', " ")).s("</span>")
            }
            None => self.s("<span class=\"muted\">—</span>"),
        }
    }

    fn who(&mut self, w: &Who, root: &str) -> &mut Self {
        if w.url.is_empty() {
            self.e(w.name)
        } else {
            self.s("<a href=\"")
                .e(root)
                .e(&w.url)
                .s("\">")
                .e(w.name)
                .s("</a>")
        }
    }

    fn bar(&mut self, percent: u32, label: &str) -> &mut Self {
        self.s("<span class=\"bar")
            .when(percent == 100, " full")
            .s("\" role=\"img\" aria-label=\"")
            .e(label)
            .s("\"><span style=\"width: ")
            .n(percent)
            .s("%\"></span></span>")
    }

    fn window(&mut self, w: Option<&Window>) -> &mut Self {
        if let Some(w) = w {
            self.n(w.start);
            if w.end != w.start {
                self.s(" – ").n(w.end);
            }
        }
        self
    }

    fn toc(&mut self, entries: &[crate::markdown::TocEntry]) -> &mut Self {
        if entries.len() > 1 {
            self.s("\n<nav class=\"toc\" aria-label=\"On this page\"><h2>On this page</h2><ul>\n");
            for e in entries {
                self.s("<li class=\"toc-").n(e.level).s("\"><a href=\"#");
                self.e(&e.id).s("\">").e(&e.title).s("</a></li>");
            }
            self.s("\n</ul></nav>");
        }
        self
    }

    fn change(&mut self, c: &ChangeView, badge: bool) -> &mut Self {
        self.s("<li>");
        if badge && c.breaking {
            self.s("<span class=\"badge result-failed\">breaking</span> ");
        }
        if let Some(scope) = &c.scope {
            if !scope.is_empty() {
                self.s("<strong>").e(scope).s(":</strong> ");
            }
        }
        self.s(&c.html).s(" ");
        match &c.url {
            Some(url) if !url.is_empty() => {
                self.s("<a class=\"sha\" href=\"").e(url).s("\"><code>");
                self.e(&c.short).s("</code></a>")
            }
            _ => self.s("<code class=\"sha\">").e(&c.short).s("</code>"),
        };
        self.s("</li>")
    }
}

/// Where Tera's `truncate(length=n)` cuts `text`: after n graphemes, if it has more.
fn truncate_at(text: &str, n: usize) -> Option<usize> {
    if text.len() <= n {
        // Fewer bytes than n: fewer graphemes too.
        return None;
    }
    text.grapheme_indices(true).nth(n).map(|(at, _)| at)
}

fn some(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

fn pluralize(n: usize, plural: &str) -> &str {
    if n == 1 {
        ""
    } else {
        plural
    }
}

/// Release `i`'s page (`page` is it or the `latest` alias): its path and HTML.
pub(super) fn release_page(site: &Site, page: Page, i: usize) -> (String, String) {
    let path = page_path(site, page);
    let data = release_data(site, i);
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
    let w = &mut W { o: &mut out };
    head(w, site, page, root);
    w.s("with-aside\">\n");
    content(w, root, p, is_latest_alias);
    w.s("\n</main>\n<footer class=\"site-footer\">\n  <p>")
        .e(&site.config.title);
    if !site.config.repo_url.is_empty() {
        w.s(" · <a href=\"").e(&site.config.repo_url);
        w.s("\">Source repository</a>");
    }
    w.s(" · Built with relbook</p>\n</footer>\n<script src=\"")
        .e(root);
    w.s("versions.js\" defer></script>\n<script src=\"").e(root);
    w.s("relbook.js\" defer></script>\n</body>\n</html>\n");
    out
}

/// `base.html` up to the class of `<main>`.
fn head(w: &mut W, site: &Site, page: &PageView, root: &str) {
    let cfg = &site.config;
    let description_cut = truncate_at(&page.description, 200);
    w.s("<!DOCTYPE html>\n<html lang=\"")
        .e(&cfg.language)
        .s("\">\n<head>\n");
    w.s("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if !page.path.is_empty() {
        w.e(&page.title).s(" · ");
    }
    w.e(&cfg.title).s("</title>\n");
    if !page.description.is_empty() {
        w.s("<meta name=\"description\" content=\"");
        w.cut(&page.description, description_cut).s("\">");
    }
    w.s("\n<link rel=\"canonical\" href=\"")
        .e(&page.canonical)
        .s("\">\n");
    w.s("<meta property=\"og:type\" content=\"website\">\n<meta property=\"og:site_name\" content=\"");
    w.e(&cfg.title)
        .s("\">\n<meta property=\"og:title\" content=\"")
        .e(&page.title);
    w.s("\">\n<meta property=\"og:url\" content=\"")
        .e(&page.canonical)
        .s("\">\n");
    if !page.description.is_empty() {
        w.s("<meta property=\"og:description\" content=\"");
        w.cut(&page.description, description_cut).s("\">");
    }
    w.s("\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
        .e(&cfg.title);
    w.s(": releases\" href=\"")
        .e(root)
        .s("atom.xml\">\n<link rel=\"stylesheet\" href=\"");
    w.e(root).s(
        "style.css\">\n\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n",
    );
    w.s("<header class=\"site-header\">\n  <a class=\"brand\" href=\"")
        .e(root)
        .s("\">");
    w.e(&cfg.title)
        .s("</a>\n  <nav aria-label=\"Sections\">\n    <ul>\n");
    let current = |w: &mut W, section: &str| {
        w.when(page.section == section, " aria-current=\"page\"");
    };
    for (href, section, label) in [
        ("releases/", "releases", "Releases"),
        ("kpis/", "kpis", "KPIs"),
        ("compliance/", "compliance", "Compliance"),
        ("risks/", "risks", "Risks"),
        ("retrospectives/", "retrospectives", "Retrospectives"),
    ] {
        w.s("      <li><a href=\"").e(root).s(href).s("\"");
        current(w, section);
        w.s(">").s(label).s("</a></li>\n");
    }
    w.s("      ");
    if !site.stakeholders.is_empty() {
        w.s("<li><a href=\"").e(root).s("stakeholders/\"");
        current(w, "stakeholders");
        w.s(">Stakeholders</a></li>");
    }
    w.s("\n      ");
    if !site.modules.is_empty() {
        w.s("<li><a href=\"").e(root).s("handbook/\"");
        current(w, "handbook");
        w.s(">Handbook</a></li>");
    }
    w.s("\n    </ul>\n  </nav>\n  <form class=\"search\" role=\"search\" data-root=\"")
        .e(root);
    w.s("\" hidden>\n    <label class=\"visually-hidden\" for=\"search-box\">Search releases, retrospectives, risks and the handbook</label>\n");
    w.s("    <input id=\"search-box\" type=\"text\" role=\"combobox\" aria-autocomplete=\"list\" placeholder=\"Search…\" autocomplete=\"off\" aria-controls=\"search-results\" aria-expanded=\"false\">\n");
    w.s("    <ul id=\"search-results\" role=\"listbox\" aria-label=\"Search results\" hidden></ul>\n  </form>\n</header>\n<main id=\"main\" class=\"");
}

fn prevnext(w: &mut W, root: &str, r: &Row, rel: &str) {
    w.s("<a rel=\"")
        .s(rel)
        .s("\" href=\"")
        .e(root)
        .e(&r.url)
        .s("\">");
    if rel == "prev" {
        w.s("← ").e(r.version).s("</a>");
    } else {
        w.e(r.version).s(" →</a>");
    }
}

/// The `content` block of `release.html`.
fn content(w: &mut W, root: &str, p: &ReleasePage, is_latest_alias: bool) {
    let r = &p.release;
    let row = &r.row;
    w.s("\n\n<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"")
        .e(root);
    w.s("releases/\">Release history</a> › ")
        .e(row.version)
        .s("</nav>\n");
    w.s("<div class=\"version-bar\">\n  <nav class=\"prevnext\" aria-label=\"Other versions\">\n    ");
    if let Some(prev) = &p.prev {
        prevnext(w, root, prev, "prev");
    }
    w.s("\n    ");
    if let Some(next) = &p.next {
        prevnext(w, root, next, "next");
    }
    w.s("\n  </nav>\n  <div class=\"switcher\" data-version-switcher data-current=\"");
    w.e(row.version)
        .s("\" data-root=\"")
        .e(root)
        .s("\">\n    <a href=\"")
        .e(root);
    w.s("releases/\">All versions</a>\n  </div>\n</div>\n<header class=\"page-head\">\n  ");
    w.when(is_latest_alias, "<p class=\"muted\">Latest release</p>");
    w.s("\n  <h1><span class=\"version\">")
        .e(row.version)
        .s("</span> ")
        .e(&row.title);
    w.s("</h1>\n  <p class=\"meta\">").status(row.status).s(" ");
    if let Some(kind) = row.kind.filter(|k| !k.is_empty()) {
        w.s("<span class=\"badge kind\">").e(kind).s("</span>");
    }
    w.s("\n    ");
    if let Some(date) = some(&row.date) {
        w.s("Released ").e(date);
    } else if row.window.is_some() {
        w.s("Window ").window(row.window);
    }
    w.s("\n    ");
    if let Some(d) = &r.deployment {
        w.s(" · Deployment ").result(Some(d.result));
    }
    w.s("</p>\n</header>\n\n<div class=\"layout\">\n<article class=\"notes\">\n  ");
    if r.has_notes {
        w.s(r.html);
    } else {
        w.s("<p class=\"warn\">Notes not written: this release is known from its git tag <code>");
        w.e(r.tag.unwrap_or(""))
            .s("</code> alone. Add <code>content/releases/");
        w.e(row.version).s(".md</code> to describe it.</p>");
    }
    w.s("\n\n  ");
    if let Some(g) = &r.git {
        w.s("\n  <section aria-labelledby=\"changes-h\">\n    <h2 id=\"changes-h\">Changes</h2>\n    <p class=\"muted\">");
        w.n(g.commits).s(" commit").s(pluralize(g.commits, "s"));
        if let Some(prev) = g.previous_tag.filter(|t| !t.is_empty()) {
            w.s(" since <code>").e(prev).s("</code>");
        }
        if let Some(url) = some(&g.compare_url) {
            w.s(" · <a href=\"").e(url).s("\">");
            match g.previous_tag.filter(|t| !t.is_empty()) {
                Some(prev) => w.s("Compare ").e(prev).s("…").e(g.tag),
                None => w.s("Browse ").e(g.tag),
            };
            w.s("</a>");
        }
        w.s("</p>\n    ");
        if !g.breaking.is_empty() {
            w.s("\n    <div class=\"breaking\"><h3>Breaking changes</h3>\n      <ul class=\"changes\">");
            for c in &g.breaking {
                w.change(c, false);
            }
            w.s("</ul>\n    </div>\n    ");
        }
        w.s("\n    ");
        for (title, list) in &g.groups {
            w.s("\n    <details class=\"change-group\"");
            w.when(*title != "Other" && *title != "Merges", " open");
            w.s(">\n      <summary><h3>")
                .e(title)
                .s(" <span class=\"count\">(");
            w.n(list.len())
                .s(")</span></h3></summary>\n      <ul class=\"changes\">");
            for c in list {
                w.change(c, true);
            }
            w.s("</ul>\n    </details>\n    ");
        }
        w.s("\n  </section>\n  ");
    }
    w.s("\n\n  ");
    if !r.checklists.is_empty() || !r.missing_phases.is_empty() {
        w.s("\n  <section aria-labelledby=\"checklists-h\">\n    <h2 id=\"checklists-h\">Checklists</h2>\n    ");
        if !r.missing_phases.is_empty() {
            w.s("<p class=\"warn\">Missing required checklist");
            w.s(pluralize(r.missing_phases.len(), "s")).s(": ");
            w.e(&r.missing_phases.join(", ")).s(".</p>");
        }
        w.s("\n    ");
        for c in &r.checklists {
            w.s("\n    <details class=\"checklist\" id=\"checklist-")
                .e(c.phase)
                .s("\"");
            w.when(!c.complete, " open");
            w.s(">\n      <summary><span class=\"phase\">")
                .e(&c.title)
                .s("</span> ");
            w.bar(c.percent, &format!("{} of {} done", c.done, c.total));
            w.s(" <span class=\"count\">")
                .n(c.done)
                .s("/")
                .n(c.total)
                .s("</span>\n        ");
            if c.complete {
                w.s("<span class=\"badge result-success\">complete</span>");
            } else {
                w.s("<span class=\"badge result-failed\">incomplete</span>");
            }
            w.s("</summary>\n      <p class=\"muted small\">");
            if let Some(owner) = &c.owner {
                w.s("Owner: ").who(owner, root).s(". ");
            }
            match &c.signed_off_by {
                Some(by) => {
                    w.s("Signed off by ").who(by, root);
                    if let Some(at) = some(&c.signed_off_at) {
                        w.s(" on ").e(at);
                    }
                    w.s(".");
                }
                None => {
                    w.s("Not signed off.");
                }
            }
            w.s("</p>\n      ").s(c.html).s("\n    </details>\n    ");
        }
        w.s("\n  </section>\n  ");
    }
    w.s("\n\n  ");
    if !r.risks.is_empty() {
        w.s("\n  <section aria-labelledby=\"risks-h\">\n    <h2 id=\"risks-h\">Risks</h2>\n    <div class=\"table-wrap\"><table>\n");
        w.s("      <thead><tr><th scope=\"col\">Id</th><th scope=\"col\">Risk</th><th scope=\"col\">Probability × impact</th><th scope=\"col\">Owner</th><th scope=\"col\">Status</th></tr></thead>\n      <tbody>");
        for k in &r.risks {
            w.s("\n        <tr id=\"risk-")
                .e(k.id)
                .s("\"><td class=\"nowrap\">")
                .e(k.id);
            w.s("</td><td>").e(k.title);
            if let Some(m) = k.mitigation.filter(|m| !m.is_empty()) {
                w.s("<br><span class=\"muted small\">Mitigation: ")
                    .e(m)
                    .s("</span>");
            }
            w.s("</td>\n        <td><span class=\"badge sev-")
                .e(k.severity)
                .s("\">");
            w.e(k.probability)
                .s(" × ")
                .e(k.impact)
                .s("</span></td><td>");
            if let Some(owner) = &k.owner {
                w.who(owner, root);
            }
            w.s("</td><td><span class=\"badge risk-")
                .e(k.status)
                .s("\">")
                .e(k.status);
            w.s("</span></td></tr>\n      ");
        }
        w.s("</tbody>\n    </table></div>\n  </section>\n  ");
    }
    w.s("\n\n  ");
    if let Some(retro) = &r.retro {
        w.s("\n  <section aria-labelledby=\"retro-h\">\n    <h2 id=\"retro-h\">Retrospective</h2>\n    <p>");
        if let Some(date) = some(&retro.date) {
            w.s("Held ").e(date).s(". ");
        }
        w.truncated(retro.summary, 300)
            .s(" <a href=\"")
            .e(root)
            .e(&retro.url);
        w.s("\">Read the retrospective →</a></p>\n    ");
        if !retro.actions.is_empty() {
            w.s("\n    <ul class=\"plain\">");
            for a in &retro.actions {
                w.s("<li><span class=\"badge action-")
                    .e(a.status)
                    .s("\">")
                    .e(a.status);
                w.s("</span> ").e(a.id).s(" ").e(a.title);
                if let Some(owner) = &a.owner {
                    w.s(" <span class=\"muted\">(").e(owner.name).s(")</span>");
                }
                w.s("</li>");
            }
            w.s("</ul>\n    ");
        }
        w.s("\n  </section>\n  ");
    }
    w.s("\n</article>\n\n<aside class=\"facts\" aria-label=\"Release facts\">\n  <dl>\n    ");
    if row.window.is_some() {
        w.s("<dt>Window</dt><dd>").window(row.window).s("</dd>");
    }
    w.s("\n    ");
    if let Some(m) = &r.manager {
        w.s("<dt>Release manager</dt><dd>").who(m, root).s("</dd>");
    }
    w.s("\n    ");
    if let Some(g) = &r.git {
        w.s("<dt>Tag</dt><dd><code>").e(g.tag).s("</code>");
        for a in g.aliases {
            w.s(", <code>").e(a).s("</code>");
        }
        w.s("<br><span class=\"muted small\">")
            .e(&g.tag_date)
            .s("</span></dd>\n    ");
    } else if let Some(tag) = r.tag.filter(|t| !t.is_empty()) {
        w.s("<dt>Tag</dt><dd><code>").e(tag).s("</code></dd>");
    }
    w.s("\n    ");
    if !r.candidates.is_empty() {
        w.s("<dt>Candidates</dt><dd>");
        for (i, (tag, date)) in r.candidates.iter().enumerate() {
            w.s("<code>")
                .e(tag)
                .s("</code> <span class=\"muted small\">")
                .e(date);
            w.s("</span>").when(i + 1 < r.candidates.len(), "<br>");
        }
        w.s("</dd>");
    }
    w.s("\n    ");
    if r.shipped {
        w.s("<dt>Compliance</dt><dd>");
        if r.compliant {
            w.s("<span class=\"badge result-success\">compliant</span>");
        } else {
            w.s("<span class=\"badge result-failed\">not compliant</span>");
        }
        w.s("</dd>");
    }
    w.s("\n    ");
    if !r.components.is_empty() {
        w.s("<dt>Components</dt><dd>")
            .e(&r.components.join(", "))
            .s("</dd>");
    }
    w.s("\n    ");
    if !r.issues.is_empty() {
        w.s("<dt>Issues</dt><dd>")
            .e(&r.issues.join(", "))
            .s("</dd>");
    }
    w.s("\n  </dl>\n  ");
    if let Some(g) = &r.git {
        w.s("\n  <h2>Development</h2>\n  <dl>\n    <dt>Commits</dt><dd>")
            .n(g.commits);
        if g.fix_commits > 0 {
            w.s(" <span class=\"muted small\">(")
                .n(g.fix_commits)
                .s(" fix");
            w.s(pluralize(g.fix_commits, "es")).s(")</span>");
        }
        w.s("</dd>\n    ");
        if let Some(median) = some(&g.lead_median) {
            w.s("<dt>Lead time</dt><dd>median ").e(median);
            w.s("<br><span class=\"muted small\">90th percentile ");
            w.e(g.lead_p90.as_deref().unwrap_or("")).s("</span>");
            if g.skewed > 0 {
                w.s("<br><span class=\"muted small\">")
                    .n(g.skewed)
                    .s(" commit");
                w.s(pluralize(g.skewed, "s"));
                w.s(" dated after the release counted as 0</span>");
            }
            w.s("</dd>");
        }
        w.s("\n    ");
        if !g.authors.is_empty() {
            w.s("<dt>Authors</dt><dd>");
            let shown = &g.authors[..g.authors.len().min(8)];
            for (i, (name, n)) in shown.iter().enumerate() {
                w.e(name)
                    .s(" <span class=\"muted small\">(")
                    .n(n)
                    .s(")</span>");
                w.when(i + 1 < shown.len(), ", ");
            }
            if g.authors.len() > 8 {
                w.s(" and ").n(g.authors.len() - 8).s(" more");
            }
            w.s("</dd>");
        }
        w.s("\n  </dl>\n  ");
    }
    w.s("\n  ");
    if let Some(d) = &r.deployment {
        w.s("\n  <h2>Deployment</h2>\n  <dl>\n    <dt>Result</dt><dd>")
            .result(Some(d.result));
        w.s("</dd>\n    ");
        if let Some(env) = d.environment.filter(|e| !e.is_empty()) {
            w.s("<dt>Environment</dt><dd>").e(env).s("</dd>");
        }
        w.s("\n    ");
        if let Some(t) = some(&d.started) {
            w.s("<dt>Started</dt><dd>").e(t).s("</dd>");
        }
        w.s("\n    ");
        if let Some(t) = some(&d.finished) {
            w.s("<dt>Finished</dt><dd>").e(t);
            if let Some(dur) = some(&d.duration) {
                w.s(" <span class=\"muted\">(").e(dur).s(")</span>");
            }
            w.s("</dd>");
        }
        w.s("\n    ");
        if let Some(t) = some(&d.restored) {
            w.s("<dt>Service restored</dt><dd>").e(t);
            if let Some(ttr) = some(&d.time_to_restore) {
                w.s(" <span class=\"muted\">(after ").e(ttr).s(")</span>");
            }
            w.s("</dd>");
        }
        w.s("\n  </dl>\n  ");
    }
    w.s("\n  ");
    if let Some(d) = r.defects {
        w.s("\n  <h2>Defects</h2>\n  <dl>\n    <dt>Found before release</dt><dd>");
        let num = |w: &mut W, v: Option<u32>| {
            match v {
                Some(v) => w.n(v),
                None => w.s("—"),
            };
        };
        num(w, d.found_before_release);
        w.s("</dd>\n    <dt>Escaped</dt><dd>");
        num(w, d.escaped);
        w.s("</dd>\n    <dt>Critical</dt><dd>");
        num(w, d.critical);
        w.s("</dd>\n    ");
        if let Some(rate) = some(&r.escape_rate) {
            w.s("<dt>Escape rate</dt><dd>").e(rate).s("</dd>");
        }
        w.s("\n  </dl>\n  ");
    }
    w.s("\n  ");
    if let Some(g) = &r.go_no_go {
        w.s(
            "\n  <h2>Go/no-go</h2>\n  <dl>\n    <dt>Decision</dt><dd><span class=\"badge decision-",
        );
        w.e(g.decision).s("\">").e(g.decision).s("</span>");
        if let Some(date) = some(&g.date) {
            w.s(" on ").e(date);
        }
        w.s("</dd>\n    ");
        if !g.approvers.is_empty() {
            w.s("<dt>Approvers</dt><dd>");
            for (i, a) in g.approvers.iter().enumerate() {
                w.who(a, root).when(i + 1 < g.approvers.len(), ", ");
            }
            w.s("</dd>");
        }
        w.s("\n    ");
        if let Some(c) = g.conditions.filter(|c| !c.is_empty()) {
            w.s("<dt>Conditions</dt><dd>").e(c).s("</dd>");
        }
        w.s("\n  </dl>\n  ");
    }
    w.s("\n  ");
    if !r.stakeholders.is_empty() {
        w.s("\n  <h2>Stakeholders</h2>\n  <ul class=\"plain\">");
        for s in &r.stakeholders {
            w.s("<li>").who(s, root).s("</li>");
        }
        w.s("</ul>\n  ");
    }
    w.s("\n  ").toc(r.toc).s("\n</aside>\n</div>\n");
}

#[cfg(test)]
mod tests;
