//! One module per page family: each fills its template's context from the model.

use std::collections::BTreeMap;

use crate::site::Site;

pub mod compliance;
pub mod dashboard;
pub mod dependencies;
pub mod handbook;
pub mod issues;
pub mod kpis;
pub mod meetings;
pub mod people;
pub mod plan;
pub mod release;
pub mod releases;
pub mod retro;
pub mod risks;
pub mod status;

/// Shipped releases grouped by the year of their date (undated ones are left out).
pub(crate) fn years(site: &Site) -> BTreeMap<i32, Vec<usize>> {
    let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (i, r) in site.releases.iter().enumerate() {
        if let (true, Some(d)) = (r.is_shipped(), r.front.date) {
            years
                .entry(chrono::Datelike::year(&d.0))
                .or_default()
                .push(i);
        }
    }
    years
}

/// Site-wide lists (compliance, risks, retrospectives, a stakeholder's releases) show at
/// most this many entries beyond the open ones, newest first; everything is in the
/// per-year history pages, the feeds and `kpis.csv`.
pub const LIST_LIMIT: usize = 250;

/// The first `n` items and how many were left out.
pub(crate) fn cap<T>(mut items: Vec<T>, n: usize) -> (Vec<T>, usize) {
    let more = items.len().saturating_sub(n);
    items.truncate(n);
    (items, more)
}

/// The first `n` of `items` made into views by `view`, and how many were left out: those
/// are counted, never made (the site-wide lists of a large site leave most out).
pub(crate) fn cap_map<I: Iterator, T>(
    mut items: I,
    n: usize,
    view: impl FnMut(I::Item) -> T,
) -> (Vec<T>, usize) {
    let kept = items.by_ref().take(n).map(view).collect();
    (kept, items.count())
}

/// Commits since the newest release tag (`/releases/unreleased/`); none when no git
/// history was read (and the page is not made).
pub(crate) fn unreleased_commits(site: &Site) -> Option<usize> {
    site.history.as_ref().map(|h| h.unreleased.len())
}
