//! `serve`'s rewrite after an edit of one release note's front matter (see
//! [`Site::reload_release`]): the KPIs and their charts are worked out again when the
//! release's inputs to them changed (the other releases' own KPIs are taken as they
//! were, and so are their entries in `kpis.json`), then only the pages that show
//! something of the release are rendered, and the site files made from the model are
//! written; pages the site no longer has are deleted.
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
use super::pages::kpis::{kpi_sections, KpiSection};
use super::views::row;
use super::{files, pages, Page, Renderer};
use crate::content::{Status, Week};
use crate::error::{Error, Result};
use crate::kpi::Kpis;
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

        // The search index and the calendar are updated side by side: each may be made
        // again whole (the calendar when the edit moved the content's present).
        let (search, now_moved) = rayon::join(
            || match &mut self.search {
                Some(search) => search.replace_release(site, i, &edit.old),
                None => {
                    self.search = Some(crate::search::Index::new(site));
                    true
                }
            },
            // Every feed dates its entries by the content's current moment.
            || match &mut self.calendar {
                Some(calendar) => calendar.update_front(site, i),
                None => {
                    self.calendar = Some(crate::feed::CalendarParts::new(site));
                    true
                }
            },
        );
        let mut gone: Vec<String> = Vec::new();
        if latest.is_none() && old_latest.is_some() {
            gone.push("releases/latest/".into());
        }
        let (pages, new_page) = plain_pages(site, edit, &mut gone);
        let mut jobs: Vec<Job> = pages.into_iter().map(Job::Page).collect();
        jobs.extend([Job::Versions, Job::ReleasesFeed, Job::Calendar]);
        if search {
            jobs.push(Job::Search);
        }
        let feeds: Vec<usize> = match now_moved {
            true => (0..site.stakeholders.len()).collect(),
            false => concerned(site, edit),
        };
        jobs.extend(feeds.into_iter().map(Job::StakeholderFeed));
        // The KPIs (and their charts when they changed) and what shows them, alongside
        // the pages and files that do not.
        let this = &*self;
        let input = |r| format!("{:?}", crate::kpi::input(site, r));
        let kpi_inputs = input(&edit.old) != input(&site.releases[i]);
        let (with_kpis, plain) = rayon::join(
            || {
                // The KPIs are the same when the release's inputs to them are.
                let fresh = kpi_inputs
                    .then(|| {
                        let version = site.releases[i].version().as_str();
                        crate::kpi::for_site_after_edit(site, &site.dora, &this.kpis, version)
                    })
                    .filter(|k| *k != this.kpis)
                    .map(|k| {
                        let sections = kpi_sections(&k);
                        (k, sections)
                    });
                let (k, sections) = fresh
                    .as_ref()
                    .map_or((&this.kpis, &this.sections[..]), |(k, s)| (k, &s[..]));
                let metrics = |k: &crate::kpi::Kpis| {
                    (k.summary.schedule_adherence, k.summary.median_slip_days)
                };
                let moved = metrics(k) != metrics(&this.kpis);
                let (weeks, gone_weeks) = status_weeks(site, edit, moved);
                let mut jobs = vec![Job::Page(Page::Dashboard)];
                if fresh.is_some() {
                    jobs.extend([Job::Page(Page::Kpis), Job::KpiFiles]);
                }
                if fresh.is_some() || !weeks.is_empty() || !gone_weeks.is_empty() {
                    jobs.push(Job::StatusFeed);
                }
                let new_week = weeks.iter().any(|w| !old_weeks(edit).contains(w));
                if new_page || new_week || !gone.is_empty() || !gone_weeks.is_empty() {
                    jobs.push(Job::Sitemap);
                }
                jobs.extend(weeks.into_iter().map(|w| Job::Page(Page::StatusWeek(w))));
                jobs.par_iter()
                    .try_for_each(|job| this.run(site, job, &out, k, sections))?;
                Ok::<_, Error>((fresh, gone_weeks, jobs.len()))
            },
            || {
                jobs.par_iter()
                    .try_for_each(|job| this.run(site, job, &out, &this.kpis, &this.sections))
            },
        );
        plain?;
        let (fresh, gone_weeks, more) = with_kpis?;
        if let Some((kpis, sections)) = fresh {
            self.kpis = kpis;
            self.sections = sections;
        }
        gone.extend(gone_weeks.into_iter().map(|w| format!("status/{w}/")));
        if std::env::var_os("RELBOOK_TIMINGS").is_some() {
            eprintln!(
                "serve: the page in {to_page:?}; {} pages and files, and the KPIs with {more} more, in {:?}",
                jobs.len(),
                start.elapsed()
            );
        }
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

    /// Does one job of a rewrite into `out`.
    fn run(
        &self,
        site: &Site,
        job: &Job,
        out: &Out,
        k: &Kpis,
        sections: &[KpiSection],
    ) -> Result<()> {
        let write = |name: &str, text: String| out.put(Path::new(name), text.as_bytes());
        match *job {
            Job::Page(page) => {
                let (path, html) = self.page_with(site, page, k, sections)?;
                out.put(&page_file(&path), html.as_bytes())
            }
            Job::Versions => write("versions.js", files::versions_js(site)),
            Job::ReleasesFeed => write("atom.xml", files::releases_feed(site)),
            Job::Calendar => write("calendar.ics", self.calendar_text(site)),
            Job::Search => {
                files::write_search(out, |emit| self.search_files(site, emit)).map(|_| ())
            }
            Job::StakeholderFeed(s) => {
                let (name, text) = files::stakeholder_feed(site, s);
                write(&name, text)
            }
            Job::KpiFiles => {
                let mut files = self.kpi_files.lock().unwrap_or_else(|e| e.into_inner());
                let (json, csv) = files
                    .texts(k)
                    .map_err(|e| Error::Usage(format!("kpis.json: {e}")))?;
                write("kpis.json", json)?;
                write("kpis.csv", csv)
            }
            Job::StatusFeed => write("status/atom.xml", crate::feed::status_atom(site, k)),
            Job::Sitemap => write("sitemap.xml", files::sitemap(site, &super::pages(site))),
        }
    }

    /// Renders `pages` into `out`, in parallel.
    fn write(&self, site: &Site, pages: &[Page], out: &Out) -> Result<()> {
        pages
            .par_iter()
            .with_max_len(super::PAGES_AT_ONCE)
            .try_for_each(|&page| {
                let (path, html) = self.page(site, page)?;
                out.put(&page_file(&path), html.as_bytes())
            })
    }
}

/// A page or site file to write again.
enum Job {
    Page(Page),
    Versions,
    ReleasesFeed,
    Calendar,
    Search,
    StakeholderFeed(usize),
    /// `kpis.json` and `kpis.csv`.
    KpiFiles,
    StatusFeed,
    Sitemap,
}

/// The weeks that had a status report before the edit.
fn old_weeks(edit: &Reloaded) -> &[Week] {
    edit.old_weeks.as_ref().map_or(&[], |w| &w.0[..])
}

/// The stakeholders release `edit.index` concerns, before or after the edit.
fn concerned(site: &Site, edit: &Reloaded) -> Vec<usize> {
    let new = &site.releases[edit.index].stakeholders;
    let mut all: Vec<usize> = edit.old.stakeholders.iter().chain(new).copied().collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// The pages that show something of release `edit.index` besides its own, other than
/// those that show the KPIs (the dashboard, the KPI page, the status reports), and
/// whether one of them is new (its history year); the pages gone are added to `gone`.
/// See the module's notes.
fn plain_pages(site: &Site, edit: &Reloaded, gone: &mut Vec<String>) -> (Vec<Page>, bool) {
    let i = edit.index;
    let (old, r) = (&edit.old, &site.releases[i]);
    let json = |r: &Release| serde_json::to_string(&row(r)).unwrap_or_default();
    // Most lists show the release's row (version, title, date, status, kind, result,
    // window, summary).
    let row_changed = json(old) != json(r);
    let mut pages = vec![Page::Issues, Page::Plan, Page::Status];
    if site.has_dependencies {
        pages.push(Page::Dependencies);
    }
    if !site.stakeholders.is_empty() {
        pages.push(Page::Stakeholders);
        pages.extend(concerned(site, edit).into_iter().map(Page::Stakeholder));
    }
    if !site.meetings.is_empty() {
        pages.push(Page::Meetings);
    }
    // The risk register shows the release's risks (with its version alone).
    if format!("{:?}", old.front.risks) != format!("{:?}", r.front.risks) {
        pages.push(Page::Risks);
    }
    // The retrospectives list shows their release's title alone.
    if r.retro.is_some() && old.title() != r.title() {
        pages.push(Page::Retrospectives);
    }
    let mut new_page = false;
    if row_changed {
        pages.extend([Page::Releases, Page::Compliance]);
        if let Some(p) = i.checked_sub(1) {
            pages.push(Page::Release(p));
        }
        if i + 1 < site.releases.len() {
            pages.push(Page::Release(i + 1));
        }
        pages.extend(r.meetings.iter().map(|&m| Page::Meeting(m)));
        pages.extend(r.retro.map(Page::Retrospective));
        let years = pages::years(site);
        for year in [year_of(old), year_of(r)]
            .into_iter()
            .flatten()
            .collect::<BTreeSet<_>>()
        {
            match years.get(&year) {
                Some(list) => {
                    new_page |= list[..] == [i];
                    pages.push(Page::HistoryYear(year));
                }
                None => gone.push(format!("history/{year}/")),
            }
        }
    }
    (pages, new_page)
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
    let Some((new_weeks, current, flying)) = site.memo.report_weeks.get() else {
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
