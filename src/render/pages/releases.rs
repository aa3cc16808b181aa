//! The release history (`/releases/`) and its per-year pages (`/history/<year>/`).

use serde::Serialize;
use tera::Context;

use super::super::views::{row, Row};
use super::years;
use crate::content::*;
use crate::site::{Release, Site};

/// Above this many releases, the history index links to one page per year instead of
/// listing every release inline.
pub const INLINE_HISTORY_LIMIT: usize = 300;

#[derive(Serialize)]
pub(crate) struct YearGroup<'a> {
    year: i32,
    count: usize,
    failed: usize,
    url: String,
    releases: Vec<Row<'a>>,
}

pub(crate) fn releases_index(site: &Site, ctx: &mut Context) {
    let mut upcoming: Vec<&Release> = site
        .releases
        .iter()
        .filter(|r| matches!(r.status, Status::Planned | Status::InProgress))
        .collect();
    upcoming.sort_by_key(|r| r.front.window.as_ref().map(|w| w.start));
    let inline = site.releases.len() <= INLINE_HISTORY_LIMIT;
    let groups: Vec<YearGroup> = years(site)
        .into_iter()
        .rev()
        .map(|(year, idx)| YearGroup {
            year,
            count: idx.len(),
            failed: idx
                .iter()
                .filter(|&&i| {
                    site.releases[i]
                        .front
                        .deployment
                        .as_ref()
                        .is_some_and(|d| d.result != DeployResult::Success)
                })
                .count(),
            url: format!("history/{year}/"),
            releases: if inline {
                idx.iter().rev().map(|&i| row(&site.releases[i])).collect()
            } else {
                Vec::new()
            },
        })
        .collect();
    let undated: Vec<Row> = site
        .releases
        .iter()
        .rev()
        .filter(|r| r.is_shipped() && r.front.date.is_none())
        .map(row)
        .collect();
    let cancelled: Vec<Row> = site
        .releases
        .iter()
        .rev()
        .filter(|r| r.status == Status::Cancelled)
        .map(row)
        .collect();
    ctx.insert(
        "upcoming",
        &upcoming.into_iter().map(row).collect::<Vec<_>>(),
    );
    ctx.insert("years", &groups);
    ctx.insert("inline", &inline);
    ctx.insert("undated", &undated);
    ctx.insert("cancelled", &cancelled);
    ctx.insert("unreleased_commits", &super::unreleased_commits(site));
}

/// `/history/<year>/`: the shipped releases of one year, newest first.
pub(crate) fn history_year(site: &Site, year: i32, ctx: &mut Context) {
    ctx.insert("year", &year);
    ctx.insert("releases", &year_rows(site, year));
}

/// The rows of [`history_year`]'s table, for the template and the native page.
pub(crate) fn year_rows(site: &Site, year: i32) -> Vec<Row<'_>> {
    // One pass, no map of every year: there is a page per year.
    site.releases
        .iter()
        .rev()
        .filter(|r| {
            r.is_shipped()
                && r.front
                    .date
                    .is_some_and(|d| chrono::Datelike::year(&d.0) == year)
        })
        .map(row)
        .collect()
}
