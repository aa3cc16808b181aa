//! `serve`'s rewrite after an edit of one release note's front matter (see
//! [`Site::reload_release`]): the KPIs and their charts are worked out again, then only
//! the pages that show something of the release are rendered, and the site files made
//! from the model are written; pages the site no longer has are deleted.
//!
//! Which pages read a release's fields: its own page (and `/releases/latest/`), its
//! neighbours' (their previous/next links show its row), its retrospective's and its
//! meetings' (they show its row), the history page of its year before and after, the
//! status reports of the weeks it is in flight or logs an issue in, before and after
//! (every report when the weeks, the current week or the schedule metrics they quote
//! changed), every stakeholder page (a release lists its stakeholders, and owners of
//! its risks, milestones and issues), and the site-wide lists: dashboard, history,
//! retrospectives, compliance, risks, issues, plan, KPIs, dependencies, stakeholders,
//! meetings and the status index. Handbook pages, other releases' and retrospectives'
//! pages and the 404 show nothing of it.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::output::{page_file, Out};
use super::pages::kpis::kpi_sections;
use super::{files, pages, Page, Renderer};
use crate::content::{Status, Week};
use crate::error::{Error, Result};
use crate::site::{Release, Reloaded, Site};

impl Renderer {
    /// After release `edit.index` was reloaded: rewrites, in place in `dir`, the pages
    /// that show it (its own first) and the site files, and deletes the pages that are
    /// gone. `start`: when the rebuild started. Returns how many files changed and the
    /// time from `start` to the release's own page written.
    pub fn release_reloaded(
        &mut self,
        site: &Site,
        edit: &Reloaded,
        dir: &Path,
        start: Instant,
    ) -> Result<(usize, Duration)> {
        let i = edit.index;
        let out = Out::new(dir, true);
        let latest = site.latest();
        let old_latest = latest_before(site, i, edit.old.status);
        let near = |l: usize| l + 1 >= i && l <= i + 1;
        let mut first = vec![Page::Release(i)];
        if let Some(l) = latest.filter(|&l| near(l) || Some(l) != old_latest) {
            first.push(Page::Latest(l));
        }
        self.write(site, &first, &out)?;
        let to_page = start.elapsed();

        let old_summary = &self.kpis.summary;
        let old_metrics = (old_summary.schedule_adherence, old_summary.median_slip_days);
        self.kpis = crate::kpi::for_site(site, &site.dora);
        self.sections = kpi_sections(&self.kpis);
        let metrics = (
            self.kpis.summary.schedule_adherence,
            self.kpis.summary.median_slip_days,
        );
        let mut gone: Vec<String> = Vec::new();
        if latest.is_none() && old_latest.is_some() {
            gone.push("releases/latest/".into());
        }
        let mut pages = others(site, i);
        let years = pages::years(site);
        for year in [year_of(&edit.old), year_of(&site.releases[i])]
            .into_iter()
            .flatten()
            .collect::<BTreeSet<_>>()
        {
            match years.contains_key(&year) {
                true => pages.push(Page::HistoryYear(year)),
                false => gone.push(format!("history/{year}/")),
            }
        }
        let (weeks, gone_weeks) = status_weeks(site, edit, old_metrics != metrics);
        pages.extend(weeks.into_iter().map(Page::StatusWeek));
        gone.extend(gone_weeks.into_iter().map(|w| format!("status/{w}/")));

        match &mut self.search {
            Some(search) => search.replace_release(site, i, &edit.old),
            None => self.search = Some(crate::search::Index::new(site)),
        }
        match &mut self.calendar {
            Some(calendar) => calendar.update_front(site, i),
            None => self.calendar = Some(crate::feed::CalendarParts::new(site)),
        }
        let this = &*self;
        let (written, site_files) = rayon::join(
            || this.write(site, &pages, &out),
            || {
                files::model_files(
                    site,
                    &this.kpis,
                    &super::pages(site),
                    &out,
                    || this.calendar_text(site),
                    || this.search_files(site),
                )
            },
        );
        written?;
        site_files?;
        for path in gone {
            let file = dir.join(page_file(&path));
            if file.is_file() {
                std::fs::remove_file(&file).map_err(|e| Error::io(&file, e))?;
                // The page's folder goes with it, as a full build never makes it.
                if let Some(folder) = file.parent() {
                    let _ = std::fs::remove_dir(folder);
                }
                out.count_change();
            }
        }
        Ok((out.changed(), to_page))
    }

    /// Renders `pages` into `out`, in parallel.
    fn write(&self, site: &Site, pages: &[Page], out: &Out) -> Result<()> {
        pages.par_iter().try_for_each(|&page| {
            let (path, html) = self.page(site, page)?;
            out.put(&page_file(&path), html.as_bytes())
        })
    }
}

/// The pages besides its own, its history year's and the status reports' that show
/// something of release `i` (see the module's notes).
fn others(site: &Site, i: usize) -> Vec<Page> {
    let r = &site.releases[i];
    let mut pages = vec![
        Page::Dashboard,
        Page::Releases,
        Page::Retrospectives,
        Page::Compliance,
        Page::Risks,
        Page::Issues,
        Page::Plan,
        Page::Kpis,
        Page::Status,
    ];
    if let Some(p) = i.checked_sub(1) {
        pages.push(Page::Release(p));
    }
    if i + 1 < site.releases.len() {
        pages.push(Page::Release(i + 1));
    }
    if site.has_dependencies {
        pages.push(Page::Dependencies);
    }
    if !site.stakeholders.is_empty() {
        pages.push(Page::Stakeholders);
        pages.extend((0..site.stakeholders.len()).map(Page::Stakeholder));
    }
    if !site.meetings.is_empty() {
        pages.push(Page::Meetings);
    }
    pages.extend(r.meetings.iter().map(|&m| Page::Meeting(m)));
    pages.extend(r.retro.map(Page::Retrospective));
    pages
}

/// [`Site::latest`] as it was when release `i` had the status `old`.
fn latest_before(site: &Site, i: usize, old: Status) -> Option<usize> {
    (0..site.releases.len()).rev().find(|&j| {
        let status = if j == i { old } else { site.releases[j].status };
        status == Status::Released
    })
}

/// The year whose history page lists `r`: shipped releases, by the year of their date.
fn year_of(r: &Release) -> Option<i32> {
    let d = r.front.date.filter(|_| r.is_shipped())?;
    Some(chrono::Datelike::year(&d.0))
}

/// The status reports to write again, and those gone: the weeks release `edit.index` is
/// in flight in, or logs an issue in, before or after the edit; every report when the
/// weeks or the current week moved, or `metrics` (the schedule figures every report
/// quotes) changed.
fn status_weeks(site: &Site, edit: &Reloaded, metrics: bool) -> (Vec<Week>, Vec<Week>) {
    let weeks = crate::status::weeks(site);
    let Some((new_weeks, current, flying)) = site.report_weeks.get() else {
        return (weeks, Vec::new());
    };
    let Some((old_weeks, old_current, old_flying)) = &edit.old_weeks else {
        return (weeks, Vec::new());
    };
    if old_weeks != new_weeks || old_current != current || metrics {
        let gone = old_weeks
            .iter()
            .filter(|w| new_weeks.binary_search(w).is_err())
            .copied()
            .collect();
        return (weeks, gone);
    }
    let i = edit.index;
    let mut days = BTreeSet::new();
    for f in [&edit.old.front, &site.releases[i].front] {
        for k in &f.issue_log {
            days.insert(Week::of(k.opened.0));
            days.extend(k.resolved.map(|d| Week::of(d.0)));
        }
    }
    let pick = weeks
        .iter()
        .enumerate()
        .filter(|&(k, w)| flying[k].contains(&i) || old_flying[k].contains(&i) || days.contains(w))
        .map(|(_, &w)| w)
        .collect();
    (pick, Vec::new())
}
