//! The issue log (`/issues/`) across releases: what did happen, beside the risk register.

use tera::Context;

use super::super::views::{issue_view, IssueView};
use super::{cap, LIST_LIMIT};
use crate::site::Site;

pub(crate) fn issues(site: &Site, ctx: &mut Context) {
    let mut all: Vec<IssueView> = site
        .releases
        .iter()
        .flat_map(|r| r.front.issue_log.iter().map(move |k| (r, k)))
        .map(|(r, k)| issue_view(site, r, k))
        .collect();
    // Open first; then newest opened first; then by id.
    all.sort_by(|a, b| {
        (a.status != "open")
            .cmp(&(b.status != "open"))
            .then(b.opened.cmp(&a.opened))
            .then_with(|| a.id.cmp(b.id))
    });
    let open = all.iter().filter(|k| k.status == "open").count();
    let resolved = all.len() - open;
    let (all, more) = cap(all, open + LIST_LIMIT);
    ctx.insert("issues", &all);
    ctx.insert("open", &open);
    ctx.insert("resolved", &resolved);
    ctx.insert("more", &more);
}

/// Logged issues still open across the site (the dashboard's count).
pub(crate) fn open_issues(site: &Site) -> usize {
    site.releases
        .iter()
        .flat_map(|r| &r.front.issue_log)
        .filter(|k| k.status() == crate::content::IssueStatus::Open)
        .count()
}
