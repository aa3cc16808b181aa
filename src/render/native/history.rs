//! A year of the release history (`/history/<year>/`), as `base.html` +
//! `history_year.html` render it: a site of many releases has a page for every year.

use super::super::context::{page_title, page_view};
use super::super::pages::releases::year_rows;
use super::super::{page_path, Page};
use super::writer::Html;
use super::{foot, head};
use crate::site::Site;

/// The history page of `year`: path, HTML.
pub(in crate::render) fn history_year_page(site: &Site, year: i32) -> (String, String) {
    let page = Page::HistoryYear(year);
    let path = page_path(site, page);
    let (root, view) = page_view(site, page, &path, page_title(site, page), page.template().1);
    let rows = year_rows(site, year);
    let mut out = String::with_capacity(4096 + 400 * rows.len());
    let w = &mut Html { o: &mut out };
    head(w, site, &view, &root);
    w.raw("\">\n\n<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"")
        .text(&root)
        .raw("releases/\">Release history</a> › ")
        .num(year)
        .raw("</nav>\n<header class=\"page-head\"><h1>Releases of ")
        .num(year)
        .raw("</h1></header>\n")
        .release_table(&rows, &root)
        .raw("\n\n</main>\n");
    foot(w, site, &root, false);
    (path, out)
}
