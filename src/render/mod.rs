//! Rendering a loaded [`Site`] into a folder. One [`Renderer`] per build: it parses the
//! templates, computes the KPIs and draws their charts once, then renders every page in
//! parallel and writes the output atomically ([`Renderer::build`]), in place for `serve`
//! ([`Renderer::build_in_place`]), or only the pages an edit touched (the incremental
//! entry points).
//!
//! Where a page's data comes from is in the folder names: `pages/*` fill each template's
//! context from the model, `views` are the small borrowed views templates receive,
//! `context` adds what `base.html` needs, `native` writes release pages without Tera,
//! `files` writes everything but pages, `output` keeps the output folder safe.
//! Nothing on a per-release page grows with the number of releases.

use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::Tera;

use crate::error::{Error, Result};
use crate::feed;
use crate::kpi::{self, Kpis};
use crate::site::Site;
use crate::theme;

mod context;
pub mod files;
pub mod format;
mod incremental;
mod native;
pub mod output;
pub mod pages;
pub mod views;

pub use context::context;
use output::{check_output, page_file, Out};
pub use output::{recover, MARKER};
use pages::kpis::{kpi_sections, KpiSection};

/// How many pages a thread renders before others may take the next ones. A release page
/// costs ten list pages' worth, and the site files hold one thread for a while: rayon's
/// larger default pieces left one thread rendering alone for the last 0.3 s of a 10k build.
pub(crate) const PAGES_AT_ONCE: usize = 16;

/// One page of the site.
#[derive(Debug, Clone, Copy)]
pub enum Page {
    Dashboard,
    Releases,
    HistoryYear(i32),
    Release(usize),
    Latest(usize),
    Retrospectives,
    Retrospective(usize),
    Compliance,
    Risks,
    Issues,
    Plan,
    Stakeholders,
    Stakeholder(usize),
    Handbook,
    Module(usize),
    Kpis,
    Dependencies,
    Meetings,
    Meeting(usize),
    /// `/status/`: the weekly reports.
    Status,
    StatusWeek(crate::content::Week),
    /// `/releases/unreleased/`: commits since the newest release tag.
    Unreleased,
    NotFound,
}

impl Page {
    /// The template that renders the page, and the site section it is in (the header
    /// marks it).
    pub fn template(self) -> (&'static str, &'static str) {
        match self {
            Page::Dashboard => ("index.html", "dashboard"),
            Page::Releases => ("releases.html", "releases"),
            Page::HistoryYear(_) => ("history_year.html", "releases"),
            Page::Release(_) | Page::Latest(_) => ("release.html", "releases"),
            Page::Retrospectives => ("retrospectives.html", "retrospectives"),
            Page::Retrospective(_) => ("retrospective.html", "retrospectives"),
            Page::Compliance => ("compliance.html", "compliance"),
            Page::Risks => ("risks.html", "risks"),
            Page::Issues => ("issues.html", "risks"),
            Page::Plan => ("plan.html", "plan"),
            Page::Stakeholders => ("stakeholders.html", "stakeholders"),
            Page::Stakeholder(_) => ("stakeholder.html", "stakeholders"),
            Page::Handbook => ("handbook.html", "handbook"),
            Page::Module(_) => ("module.html", "handbook"),
            Page::Kpis => ("kpis.html", "kpis"),
            Page::Dependencies => ("dependencies.html", "plan"),
            Page::Meetings => ("meetings.html", "plan"),
            Page::Meeting(_) => ("meeting.html", "plan"),
            Page::Status => ("status.html", "plan"),
            Page::StatusWeek(_) => ("status_week.html", "plan"),
            Page::Unreleased => ("unreleased.html", "releases"),
            Page::NotFound => ("404.html", ""),
        }
    }
}

/// The HTML the model does not keep of what a page shows, made again as the page is
/// written, so that a large site's bodies are never all in memory together.
#[derive(Debug, Default)]
pub struct Body {
    /// The release notes or retrospective of the page; empty for every other page.
    pub html: String,
    /// Its table of contents.
    pub toc: Vec<crate::markdown::TocEntry>,
    /// A release page's checklists, in the order of [`crate::site::Release::checklists`].
    pub checklists: Vec<String>,
}

/// The [`Body`] of `page`.
pub fn page_body(site: &Site, page: Page) -> Result<Body> {
    Ok(match page {
        Page::Release(i) | Page::Latest(i) => {
            let notes = site.release_rendered(i)?;
            Body {
                html: notes.html,
                toc: notes.toc,
                checklists: site.releases[i]
                    .checklists
                    .iter()
                    .map(|&c| site.checklist_html(c))
                    .collect::<Result<_>>()?,
            }
        }
        Page::Retrospective(i) => {
            let body = site.retro_rendered(i)?;
            Body {
                html: body.html,
                toc: body.toc,
                checklists: Vec::new(),
            }
        }
        _ => Body::default(),
    })
}

/// Every page, in a stable order.
pub fn pages(site: &Site) -> Vec<Page> {
    let mut pages = vec![
        Page::Dashboard,
        Page::Releases,
        Page::Retrospectives,
        Page::Compliance,
        Page::Risks,
        Page::Issues,
        Page::Plan,
        Page::Kpis,
        Page::NotFound,
    ];
    if site.has_dependencies {
        pages.push(Page::Dependencies);
    }
    pages.extend(pages::years(site).into_keys().map(Page::HistoryYear));
    pages.extend((0..site.releases.len()).map(Page::Release));
    if let Some(i) = site.latest() {
        pages.push(Page::Latest(i));
    }
    pages.extend((0..site.retros.len()).map(Page::Retrospective));
    if !site.stakeholders.is_empty() {
        pages.push(Page::Stakeholders);
        pages.extend((0..site.stakeholders.len()).map(Page::Stakeholder));
    }
    if !site.modules.is_empty() {
        pages.push(Page::Handbook);
        pages.extend((0..site.modules.len()).map(Page::Module));
    }
    if !site.meetings.is_empty() {
        pages.push(Page::Meetings);
        pages.extend((0..site.meetings.len()).map(Page::Meeting));
    }
    pages.push(Page::Status);
    pages.extend(crate::status::weeks(site).into_iter().map(Page::StatusWeek));
    if site.history.is_some() {
        pages.push(Page::Unreleased);
    }
    pages
}

/// What a build produced.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub pages: usize,
    pub files: usize,
    /// Stage durations; render and write are summed over all threads (CPU time).
    pub timings: Vec<(&'static str, Duration)>,
}

/// Progress callback: called once per page written.
pub type Progress<'a> = &'a (dyn Fn() + Sync);

/// Everything a build renders with, made once per loaded site: the templates, the KPIs
/// and their charts. `serve` keeps it between rebuilds to re-render a few pages after an
/// edit.
pub struct Renderer {
    tera: Tera,
    kpis: Kpis,
    sections: Vec<KpiSection>,
    /// The pages written by [`native`] (the site overrides none of their templates).
    native: native::Native,
    own_templates: bool,
    /// How long the templates, the KPIs and their charts took.
    setup: Vec<(&'static str, Duration)>,
    /// The search index and the calendar, kept from the first edit of a note on to
    /// follow edits (not before: the build that made this renderer just wrote them).
    search: Option<crate::search::Index>,
    calendar: Option<feed::CalendarParts>,
    /// `kpis.json`'s entries and `kpis.csv`'s rows, kept from the first edit that changes
    /// the KPIs on.
    kpi_files: std::sync::Mutex<kpi::KpiFiles>,
}

impl Renderer {
    /// Parses the templates (the site's own first), computes the KPIs and draws charts.
    pub fn new(site: &Site) -> Result<Renderer> {
        // The templates are parsed while the KPIs are computed and drawn.
        let ((tera, template_time), (kpis, kpi_time, sections, chart_time)) = rayon::join(
            || {
                let t = Instant::now();
                (theme::load_templates(&site.root), t.elapsed())
            },
            || {
                let t = Instant::now();
                let kpis = kpi::for_site(site, &site.dora);
                let kpi_time = t.elapsed();
                let t = Instant::now();
                let sections = kpi_sections(&kpis);
                (kpis, kpi_time, sections, t.elapsed())
            },
        );
        let tera = tera?;
        Ok(Renderer {
            tera,
            kpis,
            sections,
            native: native::Native::of(&site.root),
            own_templates: theme::has_own_templates(&site.root),
            kpi_files: Default::default(),
            setup: vec![
                ("templates (alongside kpi, charts)", template_time),
                ("kpi", kpi_time),
                ("charts", chart_time),
            ],
            search: None,
            calendar: None,
        })
    }

    /// The KPIs the pages show.
    pub fn kpis(&self) -> &Kpis {
        &self.kpis
    }

    /// Renders the site into `output`, atomically: into a temporary sibling folder that
    /// replaces the output only when the whole build succeeded.
    pub fn build(&self, site: &Site, output: &Path, progress: Progress) -> Result<Summary> {
        recover(output)?;
        check_output(site, output)?;
        let pages = pages(site);
        let tmp = output::sibling(output, "tmp");
        output::remove_if_exists(&tmp)?;
        output::mkdir(&tmp)?;
        let out = Out::new(&tmp, false);
        let (files, timings) = match self.render_into(site, &pages, &out, progress) {
            Ok(done) => done,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(e);
            }
        };
        let mut timings = self
            .setup
            .iter()
            .copied()
            .chain(timings)
            .collect::<Vec<_>>();
        let t = Instant::now();
        output::swap_in(&tmp, output)?;
        timings.push(("swap", t.elapsed()));
        Ok(Summary {
            pages: pages.len(),
            files,
            timings,
        })
    }

    /// Renders the site into an existing folder, writing only the files whose bytes
    /// changed and deleting files the site no longer produces. For `serve`, where an
    /// atomic swap of thousands of files on every keystroke would be the slowest part of
    /// a rebuild. Returns the summary and how many files changed.
    pub fn build_in_place(
        &self,
        site: &Site,
        dir: &Path,
        progress: Progress,
    ) -> Result<(Summary, usize)> {
        check_output(site, dir)?;
        output::mkdir(dir)?;
        let pages = pages(site);
        let out = Out::new(dir, true);
        let (files, timings) = self.render_into(site, &pages, &out, progress)?;
        let changed = out.finish_in_place()?;
        let timings = self.setup.iter().copied().chain(timings).collect();
        Ok((
            Summary {
                pages: pages.len(),
                files,
                timings,
            },
            changed,
        ))
    }

    /// Every page and site file into `out`; returns the number of site files and the
    /// stage timings.
    fn render_into(
        &self,
        site: &Site,
        pages: &[Page],
        out: &Out,
        progress: Progress,
    ) -> Result<(usize, Vec<(&'static str, Duration)>)> {
        let pages_start = Instant::now();
        let render_ns = AtomicU64::new(0);
        let write_ns = AtomicU64::new(0);
        let written = AtomicUsize::new(0);
        // The site-wide files do not depend on the pages: write them alongside. Pages go
        // in small pieces (see `PAGES_AT_ONCE`).
        let (rendered, site_files) = rayon::join(
            || {
                let pages = pages.par_iter().with_max_len(PAGES_AT_ONCE);
                pages.try_for_each(|&page| {
                    let t = Instant::now();
                    let (path, html) = self.page(site, page)?;
                    let file = page_file(&path);
                    render_ns.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
                    let t = Instant::now();
                    out.put(&file, html.as_bytes())?;
                    write_ns.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
                    written.fetch_add(1, Ordering::Relaxed);
                    progress();
                    Ok::<_, Error>(())
                })
            },
            || {
                let t = Instant::now();
                (files::site_files(site, &self.kpis, pages, out), t.elapsed())
            },
        );
        let (site_files, site_files_time) = site_files;
        rendered?;
        let files = written.into_inner() + site_files?;
        let timings = vec![
            ("pages and site files (wall)", pages_start.elapsed()),
            (
                "render (all threads)",
                Duration::from_nanos(render_ns.into_inner()),
            ),
            (
                "write (all threads)",
                Duration::from_nanos(write_ns.into_inner()),
            ),
            ("site files (wall, alongside pages)", site_files_time),
        ];
        Ok((files, timings))
    }

    /// The page's path and HTML: release, retrospective and status report pages written natively when
    /// the built-in templates are in use (`native::Native`), every other page with Tera.
    pub fn page(&self, site: &Site, page: Page) -> Result<(String, String)> {
        self.page_with(site, page, &self.kpis, &self.sections)
    }

    /// [`Renderer::page`] with the given KPIs and charts.
    fn page_with(
        &self,
        site: &Site,
        page: Page,
        kpis: &Kpis,
        sections: &[KpiSection],
    ) -> Result<(String, String)> {
        let body = page_body(site, page)?;
        match page {
            Page::Release(i) | Page::Latest(i) if self.native.releases => {
                return Ok(native::release_page(site, page, i, &body));
            }
            Page::Retrospective(i) if self.native.retros => {
                return Ok(native::retro_page(site, i, &body));
            }
            Page::StatusWeek(week) if self.native.status_weeks => {
                return Ok(native::status_week_page(site, kpis, week));
            }
            Page::HistoryYear(year) if self.native.history_years => {
                return Ok(native::history_year_page(site, year));
            }
            _ => {}
        }
        let (path, template, ctx) = context(site, kpis, sections, page, &body);
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(|e| Error::Template {
                name: template.to_string(),
                message: theme::chain(&e),
            })?;
        Ok((path, html))
    }

    /// Release `i`'s body was replaced (`old` is the body it had): updates what is kept
    /// of it for the search index and the calendar.
    pub fn edited(&mut self, site: &Site, i: usize, old: &crate::markdown::Rendered) {
        match &mut self.search {
            Some(search) => search.update_release(site, i, old),
            None => self.search = Some(crate::search::Index::new(site)),
        }
        match &mut self.calendar {
            Some(calendar) => calendar.update_release(site, i),
            None => self.calendar = Some(feed::CalendarParts::new(site)),
        }
    }

    /// Makes what edits update in place (the search index, the calendar's parts, the
    /// KPI files' parts) if it is not made yet: `serve` calls it once a full build is
    /// served, so that the first edit after it is as quick as the next ones.
    pub fn prepare_edits(&mut self, site: &Site) {
        if self.search.is_none() {
            let index = crate::search::Index::new(site);
            // The build just wrote the same files: the first edit writes only those it
            // changes.
            index.files(&mut |_, _| {});
            self.search = Some(index);
        }
        if self.calendar.is_none() {
            self.calendar = Some(feed::CalendarParts::new(site));
        }
        // Each release's entry of `kpis.json` and row of `kpis.csv`, kept for the first
        // edit that changes the KPIs (the texts themselves are the build's).
        let mut kpi_files = self.kpi_files.lock().unwrap_or_else(|e| e.into_inner());
        let _ = kpi_files.texts(&self.kpis);
    }

    /// Whether the site has templates of its own (which may show anything anywhere).
    pub fn own_templates(&self) -> bool {
        self.own_templates
    }

    /// After an edit of release `i`'s notes alone (see
    /// [`Site::reload_release_body`](crate::site::Site::reload_release_body)): rewrites
    /// the pages that show them, in place — the release's page, `/releases/latest/` when
    /// it is the latest, and the dashboard. Returns how many files changed.
    pub fn release_notes(&self, site: &Site, i: usize, dir: &Path) -> Result<usize> {
        let mut pages = vec![Page::Release(i), Page::Dashboard];
        if site.latest() == Some(i) {
            pages.push(Page::Latest(i));
        }
        let out = Out::new(dir, true);
        pages
            .par_iter()
            .with_max_len(PAGES_AT_ONCE)
            .try_for_each(|&page| {
                let (path, html) = self.page(site, page)?;
                out.put(&page_file(&path), html.as_bytes())
            })?;
        Ok(out.changed())
    }

    /// Then the files that carry release notes' text: feeds, calendar and search index.
    pub fn feeds_calendar_search(&self, site: &Site, dir: &Path) -> Result<usize> {
        let out = Out::new(dir, true);
        files::feeds_calendar_search(
            site,
            &out,
            || self.calendar_text(site),
            |emit| self.search_files(site, emit),
        )?;
        Ok(out.changed())
    }

    /// Or, when only the notes' text changed (not their summaries), the search index.
    pub fn search_index(&self, site: &Site, dir: &Path) -> Result<usize> {
        let out = Out::new(dir, true);
        files::write_search(&out, |emit| self.search_files(site, emit))?;
        Ok(out.changed())
    }

    pub(crate) fn search_files(&self, site: &Site, emit: crate::search::Emit) {
        match &self.search {
            Some(search) => search.files(emit),
            None => crate::search::write_index(site, emit),
        }
    }

    pub(crate) fn calendar_text(&self, site: &Site) -> String {
        match &self.calendar {
            Some(calendar) => calendar.text(site),
            None => feed::calendar(site),
        }
    }
}

/// Where a page lives, from the site root (`releases/2.3.0/`, `404.html`).
pub fn page_path(site: &Site, page: Page) -> String {
    match page {
        Page::Dashboard => String::new(),
        Page::Releases => "releases/".into(),
        Page::HistoryYear(year) => format!("history/{year}/"),
        Page::Release(i) => format!("releases/{}/", site.releases[i].version()),
        Page::Latest(_) => "releases/latest/".into(),
        Page::Retrospectives => "retrospectives/".into(),
        Page::Retrospective(i) => format!("retrospectives/{}/", site.retros[i].front.release),
        Page::Compliance => "compliance/".into(),
        Page::Risks => "risks/".into(),
        Page::Issues => "issues/".into(),
        Page::Plan => "plan/".into(),
        Page::Stakeholders => "stakeholders/".into(),
        Page::Stakeholder(i) => format!("stakeholders/{}/", site.stakeholders[i].id),
        Page::Handbook => "handbook/".into(),
        Page::Module(i) => format!("handbook/{}/", site.modules[i].slug),
        Page::Kpis => "kpis/".into(),
        Page::Dependencies => "dependencies/".into(),
        Page::Meetings => "meetings/".into(),
        Page::Meeting(i) => format!("meetings/{}/", site.meetings[i].slug),
        Page::Status => "status/".into(),
        Page::StatusWeek(w) => format!("status/{w}/"),
        Page::Unreleased => "releases/unreleased/".into(),
        Page::NotFound => "404.html".into(),
    }
}
