//! Rendering a loaded [`Site`] into a folder: every page rendered in parallel with one
//! `Tera` instance, written into a temporary sibling folder that replaces the output
//! only when the whole build succeeded.
//!
//! Each page gets a small context of its own (views that borrow from the site); nothing
//! on a per-release page grows with the number of releases.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::chart::{self, Layer, Line, Spec};
use crate::content::*;
use crate::error::{Error, Result};
use crate::feed;
use crate::git::{Commit, Group, Links, Ref};
use crate::kpi::{self, Kpis};
use crate::markdown::TocEntry;
use crate::site::{Checklist, Release, Site};
use crate::theme;

mod native;

/// Above this many releases, the history index links to one page per year instead of
/// listing every release inline.
pub const INLINE_HISTORY_LIMIT: usize = 300;

/// The file that marks a folder as relbook's output (so relbook only ever replaces
/// folders it made).
pub const MARKER: &str = ".relbook-output";

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
    Stakeholders,
    Stakeholder(usize),
    Handbook,
    Module(usize),
    Kpis,
    NotFound,
}

/// What a build produced.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub pages: usize,
    pub files: usize,
    /// Stage durations; render and write are summed over all threads (CPU time).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Progress callback: called once per page written.
pub type Progress<'a> = &'a (dyn Fn() + Sync);

/// Renders the site into `output`, atomically.
pub fn build(site: &Site, output: &Path, progress: Progress) -> Result<Summary> {
    recover(output)?;
    check_output(site, output)?;
    let tera = theme::load_templates(&site.root)?;
    let t = std::time::Instant::now();
    let kpis = kpi::for_site(site, &site.dora);
    let kpi_time = t.elapsed();
    let pages = pages(site);
    let tmp = sibling(output, "tmp");
    remove_if_exists(&tmp)?;
    mkdir(&tmp)?;
    let out = Out::new(&tmp, false);
    let result = render_into(site, &kpis, &tera, &pages, &out, progress);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let (files, mut timings) = result.unwrap_or_default();
    timings.insert(0, ("kpi", kpi_time));
    let t = std::time::Instant::now();
    swap_in(&tmp, output)?;
    timings.push(("swap", t.elapsed()));
    Ok(Summary {
        pages: pages.len(),
        files,
        timings,
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
        Page::Kpis,
        Page::NotFound,
    ];
    pages.extend(years(site).into_keys().map(Page::HistoryYear));
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
    pages
}

/// Renders the site into an existing folder, writing only the files whose bytes changed
/// and deleting files the site no longer produces. For `serve`, where an atomic swap of
/// thousands of files on every keystroke would be the slowest part of a rebuild.
/// Returns the summary and how many files changed.
pub fn build_in_place(site: &Site, dir: &Path, progress: Progress) -> Result<(Summary, usize)> {
    check_output(site, dir)?;
    mkdir(dir)?;
    let tera = theme::load_templates(&site.root)?;
    let kpis = kpi::for_site(site, &site.dora);
    let pages = pages(site);
    let out = Out::new(dir, true);
    let (files, timings) = render_into(site, &kpis, &tera, &pages, &out, progress)?;
    let produced: std::collections::HashSet<PathBuf> = out
        .produced
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .collect();
    let mut changed = out.changed.into_inner();
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        if e.file_type().is_file() && !produced.contains(e.path()) {
            std::fs::remove_file(e.path()).map_err(|err| Error::io(e.path(), err))?;
            changed += 1;
        }
    }
    Ok((
        Summary {
            pages: pages.len(),
            files,
            timings,
        },
        changed,
    ))
}

/// What `serve` keeps between rebuilds to re-render a few pages after an edit.
pub struct Renderer {
    tera: Tera,
    kpis: Kpis,
    sections: Vec<KpiSection>,
    native: bool,
    own_templates: bool,
    /// The search index and the calendar, kept from the first edit of a note on to
    /// follow edits (not before: the build that made this renderer just wrote them).
    search: Option<crate::search::Index>,
    calendar: Option<feed::CalendarParts>,
}

impl Renderer {
    pub fn new(site: &Site) -> Result<Renderer> {
        let kpis = kpi::for_site(site, &site.dora);
        Ok(Renderer {
            tera: theme::load_templates(&site.root)?,
            sections: kpi_sections(&kpis),
            kpis,
            native: native::applies(&site.root),
            own_templates: theme::has_own_templates(&site.root),
            search: None,
            calendar: None,
        })
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
        pages.par_iter().try_for_each(|&page| {
            let (path, html) = render_page(
                site,
                &self.kpis,
                &self.sections,
                &self.tera,
                self.native,
                page,
            )?;
            out.put(&page_file(&path), html.as_bytes())
        })?;
        Ok(out.changed.into_inner())
    }

    /// Then the files that list release notes' text: feeds, calendar and search index.
    pub fn listings(&self, site: &Site, dir: &Path) -> Result<usize> {
        let out = Out::new(dir, true);
        listings(
            site,
            &out,
            || self.calendar_text(site),
            || self.search_js(site),
        )?;
        Ok(out.changed.into_inner())
    }

    /// Or, when only the notes' text changed (not their summaries), the search index.
    pub fn search_index(&self, site: &Site, dir: &Path) -> Result<usize> {
        let out = Out::new(dir, true);
        out.put(
            Path::new("search-index.js"),
            self.search_js(site).as_bytes(),
        )?;
        Ok(out.changed.into_inner())
    }

    fn search_js(&self, site: &Site) -> String {
        match &self.search {
            Some(search) => search.js(),
            None => crate::search::index_js(site),
        }
    }

    fn calendar_text(&self, site: &Site) -> String {
        match &self.calendar {
            Some(calendar) => calendar.text(site),
            None => feed::calendar(site),
        }
    }
}

/// `releases/2.3.0/` → `releases/2.3.0/index.html`; `404.html` stays.
fn page_file(path: &str) -> PathBuf {
    if path.ends_with(".html") {
        PathBuf::from(path)
    } else {
        Path::new(path).join("index.html")
    }
}

/// Where a build writes: a fresh folder, or (in place) an existing one where only
/// changed files are rewritten.
struct Out<'a> {
    dir: &'a Path,
    in_place: bool,
    changed: AtomicUsize,
    produced: std::sync::Mutex<Vec<PathBuf>>,
}

impl<'a> Out<'a> {
    fn new(dir: &'a Path, in_place: bool) -> Self {
        Out {
            dir,
            in_place,
            changed: AtomicUsize::new(0),
            produced: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Writes `bytes` to `rel` (from the output root).
    fn put(&self, rel: &Path, bytes: &[u8]) -> Result<()> {
        let file = self.dir.join(rel);
        if self.in_place {
            self.produced
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(file.clone());
            if std::fs::read(&file).is_ok_and(|old| old == bytes) {
                return Ok(());
            }
        }
        if let Some(parent) = file.parent() {
            mkdir(parent)?;
        }
        std::fs::write(&file, bytes).map_err(|e| Error::io(&file, e))?;
        self.changed.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

fn render_into(
    site: &Site,
    kpis: &Kpis,
    tera: &Tera,
    pages: &[Page],
    out: &Out,
    progress: Progress,
) -> Result<(usize, Vec<(&'static str, std::time::Duration)>)> {
    let t = std::time::Instant::now();
    let sections = kpi_sections(kpis);
    let chart_time = t.elapsed();
    let pages_start = std::time::Instant::now();
    let render_ns = std::sync::atomic::AtomicU64::new(0);
    let write_ns = std::sync::atomic::AtomicU64::new(0);
    let written = AtomicUsize::new(0);
    let native = native::applies(&site.root);
    // The search index is independent of the pages: build it alongside them.
    // The site-wide files do not depend on the pages: write them alongside.
    let (rendered, site_files) = rayon::join(
        || {
            pages.par_iter().try_for_each(|page| {
                let t = std::time::Instant::now();
                let (path, html) = render_page(site, kpis, &sections, tera, native, *page)?;
                let file = page_file(&path);
                render_ns.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
                let t = std::time::Instant::now();
                out.put(&file, html.as_bytes())?;
                write_ns.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
                written.fetch_add(1, Ordering::Relaxed);
                progress();
                Ok::<_, Error>(())
            })
        },
        || site_files(site, kpis, pages, out),
    );
    rendered?;
    let files = written.into_inner();

    let files = files + site_files?;
    let timings = vec![
        ("charts", chart_time),
        ("pages and site files (wall)", pages_start.elapsed()),
        (
            "render (all threads)",
            std::time::Duration::from_nanos(render_ns.into_inner()),
        ),
        (
            "write (all threads)",
            std::time::Duration::from_nanos(write_ns.into_inner()),
        ),
    ];
    Ok((files, timings))
}

/// Everything but the pages: assets, versions.js, KPI data, sitemap, feeds, calendar,
/// search index, robots.txt, CNAME, the output marker and the site's own assets.
/// Returns the number of files written.
fn site_files(site: &Site, kpis: &Kpis, pages: &[Page], out: &Out) -> Result<usize> {
    let mut files = 0;
    let write = |name: &str, bytes: &[u8]| out.put(Path::new(name), bytes);
    for (name, text) in theme::ASSETS {
        // A site's own asset of the same name replaces the built-in one.
        if !site.root.join("assets").join(name).is_file() {
            write(name, text.as_bytes())?;
            files += 1;
        }
    }
    write("versions.js", versions_js(site).as_bytes())?;
    let json =
        serde_json::to_string_pretty(kpis).map_err(|e| Error::Usage(format!("kpis.json: {e}")))?;
    write("kpis.json", (json + "\n").as_bytes())?;
    write("kpis.csv", kpi::csv(kpis).as_bytes())?;
    files += 2;
    write(".nojekyll", b"")?;
    write("sitemap.xml", sitemap(site, pages).as_bytes())?;
    files += listings(
        site,
        out,
        || feed::calendar(site),
        || crate::search::index_js(site),
    )?;
    write(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            site.config.base_url
        )
        .as_bytes(),
    )?;
    files += 2;
    if let Some(cname) = site
        .config
        .publish
        .cname
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        write("CNAME", format!("{cname}\n").as_bytes())?;
        files += 1;
    }
    write(
        MARKER,
        b"This folder is written by relbook build and replaced on every build.\n",
    )?;
    files += 3;
    files += copy_user_assets(&site.root.join("assets"), out)?;
    Ok(files)
}

/// The files that list release notes' text: feeds, calendar and search index.
fn listings(
    site: &Site,
    out: &Out,
    calendar: impl FnOnce() -> String + Send,
    search: impl FnOnce() -> String + Send,
) -> Result<usize> {
    let write = |name: &str, bytes: &[u8]| out.put(Path::new(name), bytes);
    let all: Vec<usize> = (0..site.releases.len()).collect();
    write(
        "atom.xml",
        feed::atom(
            site,
            &format!("{}: releases", site.config.title),
            "atom.xml",
            "releases/",
            &all,
        )
        .as_bytes(),
    )?;
    // The two big ones in parallel (to each other and to the feeds below).
    let (calendar, search) = rayon::join(
        || write("calendar.ics", calendar().as_bytes()),
        || write("search-index.js", search().as_bytes()),
    );
    calendar?;
    search?;
    let mut files = 3;
    let feeds: Vec<Result<()>> = (0..site.stakeholders.len())
        .into_par_iter()
        .map(|i| {
            let s = &site.stakeholders[i];
            let mine: Vec<usize> = (0..site.releases.len())
                .filter(|&r| site.releases[r].stakeholders.contains(&i))
                .collect();
            let dir = format!("stakeholders/{}/", s.id);
            let text = feed::atom(
                site,
                &format!("{}: releases for {}", site.config.title, s.name),
                &format!("{dir}atom.xml"),
                &dir,
                &mine,
            );
            write(&format!("{dir}atom.xml"), text.as_bytes())
        })
        .collect();
    for f in feeds {
        f?;
        files += 1;
    }
    Ok(files)
}

/// The page's path and HTML: release pages written natively when `native` (the built-in
/// templates are in use), every other page with Tera.
fn render_page(
    site: &Site,
    kpis: &Kpis,
    sections: &[KpiSection],
    tera: &Tera,
    native: bool,
    page: Page,
) -> Result<(String, String)> {
    if let (true, Page::Release(i) | Page::Latest(i)) = (native, page) {
        let path = page_path(site, page);
        let data = release_data(site, i);
        let title = data.release.row.title.clone();
        let (root, view) = page_view(site, page, &path, title, "releases");
        let html = native::release(site, &view, &root, &data, matches!(page, Page::Latest(_)));
        return Ok((path, html));
    }
    let (path, template, ctx) = context(site, kpis, sections, page);
    let html = tera.render(template, &ctx).map_err(|e| Error::Template {
        name: template.to_string(),
        message: theme::chain(&e),
    })?;
    Ok((path, html))
}

// ---------------------------------------------------------------------------------------
// Output folder safety

/// Refuses an output folder that would swallow the site, or that relbook did not make.
fn check_output(site: &Site, output: &Path) -> Result<()> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Canonicalize the longest existing ancestor, keep the rest as written.
        let mut existing = p.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut out = existing
            .canonicalize()
            .unwrap_or_else(|_| existing.to_path_buf());
        for r in rest.iter().rev() {
            out.push(r);
        }
        out
    };
    let out = abs(output);
    let root = abs(&site.root);
    let content = root.join(crate::site::CONTENT_DIR);
    if root.starts_with(&out) {
        return Err(Error::Usage(format!(
            "refusing to build into {}: it is the site root or one of its parents",
            output.display()
        )));
    }
    if out.starts_with(&content) {
        return Err(Error::Usage(format!(
            "refusing to build into {}: it is inside the content folder",
            output.display()
        )));
    }
    for keep in ["templates", "assets", "relbook.toml"] {
        if out.starts_with(root.join(keep)) {
            return Err(Error::Usage(format!(
                "refusing to build into {}: it is inside the site's {keep}",
                output.display()
            )));
        }
    }
    if out.is_file() {
        return Err(Error::Usage(format!(
            "output {} is a file, not a folder",
            output.display()
        )));
    }
    if out.is_dir()
        && !out.join(MARKER).is_file()
        && std::fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(Error::Usage(format!(
            "refusing to replace {}: it is not empty and was not made by relbook (no {MARKER} file); remove it or choose another --output",
            output.display()
        )));
    }
    Ok(())
}

/// `public` → `.public.relbook-<what>` next to it.
fn sibling(output: &Path, what: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.relbook-{what}"))
}

/// A build killed between its two renames leaves the previous site in the `old` sibling
/// and no output: put it back before anything else.
pub fn recover(output: &Path) -> Result<()> {
    let old = sibling(output, "old");
    if !output.exists() && old.join(MARKER).is_file() {
        std::fs::rename(&old, output).map_err(|e| Error::io(output, e))?;
    }
    Ok(())
}

fn swap_in(tmp: &Path, output: &Path) -> Result<()> {
    if output.exists() {
        let old = sibling(output, "old");
        remove_if_exists(&old)?;
        std::fs::rename(output, &old).map_err(|e| Error::io(output, e))?;
        if let Err(e) = std::fs::rename(tmp, output) {
            let _ = std::fs::rename(&old, output);
            return Err(Error::io(output, e));
        }
        remove_if_exists(&old)?;
    } else {
        if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
            mkdir(parent)?;
        }
        std::fs::rename(tmp, output).map_err(|e| Error::io(output, e))?;
    }
    Ok(())
}

fn remove_if_exists(p: &Path) -> Result<()> {
    match std::fs::remove_dir_all(p) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(p, e)),
    }
}

fn mkdir(p: &Path) -> Result<()> {
    std::fs::create_dir_all(p).map_err(|e| Error::io(p, e))
}

fn copy_user_assets(src: &Path, out: &Out) -> Result<usize> {
    if !src.is_dir() {
        return Ok(0);
    }
    let mut n = 0;
    for entry in walkdir::WalkDir::new(src)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| Error::Usage(format!("assets/: {e}")))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(src).unwrap_or(entry.path());
        let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        out.put(rel, &bytes)?;
        n += 1;
    }
    Ok(n)
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
        Page::Stakeholders => "stakeholders/".into(),
        Page::Stakeholder(i) => format!("stakeholders/{}/", site.stakeholders[i].id),
        Page::Handbook => "handbook/".into(),
        Page::Module(i) => format!("handbook/{}/", site.modules[i].slug),
        Page::Kpis => "kpis/".into(),
        Page::NotFound => "404.html".into(),
    }
}

/// The sitemap: every page except the 404 and the `latest` alias.
fn sitemap(site: &Site, pages: &[Page]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for page in pages {
        if matches!(page, Page::NotFound | Page::Latest(_)) {
            continue;
        }
        let url = format!("{}{}", site.config.base_url, page_path(site, *page));
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            crate::html::escape(&url)
        ));
    }
    out.push_str("</urlset>\n");
    out
}

/// All versions, newest first, for the version switcher (one shared file, so release
/// pages do not grow with the number of releases).
fn versions_js(site: &Site) -> String {
    let list: Vec<(&str, &str)> = site
        .releases
        .iter()
        .rev()
        .map(|r| (r.version().as_str(), r.status.as_str()))
        .collect();
    format!(
        "window.RELBOOK_VERSIONS = {};\n",
        serde_json::to_string(&list).unwrap_or_else(|_| "[]".into())
    )
}

// ---------------------------------------------------------------------------------------
// Views

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    repo_url: &'a str,
    has_stakeholders: bool,
    has_handbook: bool,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: String,
    /// Path from the site root, e.g. `releases/2.3.0/`.
    path: &'a str,
    section: &'static str,
    /// For link previews: the release summary, else the site description.
    description: String,
    /// Absolute (or root-relative) address of the page.
    canonical: String,
}

#[derive(Serialize)]
struct Who<'a> {
    id: &'a str,
    name: &'a str,
    /// Path from the site root; empty when the id is not in the registry.
    url: String,
}

fn who<'a>(site: &'a Site, id: &'a str) -> Who<'a> {
    match site.stakeholders.iter().find(|s| s.id == id) {
        Some(s) => Who {
            id,
            name: &s.name,
            url: format!("stakeholders/{id}/"),
        },
        None => Who {
            id,
            name: id,
            url: String::new(),
        },
    }
}

#[derive(Serialize)]
struct Row<'a> {
    version: &'a str,
    title: String,
    url: String,
    date: Option<String>,
    status: &'static str,
    kind: Option<&'static str>,
    result: Option<&'static str>,
    window: Option<&'a Window>,
    summary: &'a str,
}

fn row(r: &Release) -> Row<'_> {
    Row {
        version: r.version().as_str(),
        title: r.title(),
        url: format!("releases/{}/", r.version()),
        date: r.front.date.map(|d| d.to_string()),
        status: r.status.as_str(),
        kind: r.kind.map(Kind::as_str),
        result: r.front.deployment.as_ref().map(|d| d.result.as_str()),
        window: r.front.window.as_ref(),
        summary: &r.body.summary,
    }
}

#[derive(Serialize)]
struct ChecklistView<'a> {
    phase: &'static str,
    title: String,
    owner: Option<Who<'a>>,
    signed_off_by: Option<Who<'a>>,
    signed_off_at: Option<String>,
    done: u32,
    total: u32,
    percent: u32,
    complete: bool,
    html: &'a str,
    release: Option<&'a str>,
}

fn checklist_view<'a>(site: &'a Site, c: &'a Checklist) -> ChecklistView<'a> {
    ChecklistView {
        phase: c.front.phase.as_str(),
        title: c
            .front
            .title
            .clone()
            .unwrap_or_else(|| format!("{} checklist", capitalize(c.front.phase.as_str()))),
        owner: c.front.owner.as_deref().map(|id| who(site, id)),
        signed_off_by: c.front.signed_off_by.as_deref().map(|id| who(site, id)),
        signed_off_at: c.front.signed_off_at.map(|d| d.to_string()),
        done: c.body.tasks.done,
        total: c.body.tasks.total,
        percent: c.body.tasks.percent(),
        complete: c.body.tasks.complete(),
        html: &c.body.html,
        release: c.release.map(|i| site.releases[i].version().as_str()),
    }
}

#[derive(Serialize)]
struct RiskView<'a> {
    id: &'a str,
    title: &'a str,
    probability: &'static str,
    impact: &'static str,
    score: u8,
    severity: &'static str,
    mitigation: Option<&'a str>,
    owner: Option<Who<'a>>,
    status: &'static str,
    version: &'a str,
    url: String,
}

fn risk_view<'a>(site: &'a Site, r: &'a Release, risk: &'a Risk) -> RiskView<'a> {
    let score = risk.probability.score() * risk.impact.score();
    RiskView {
        id: &risk.id,
        title: &risk.title,
        probability: risk.probability.as_str(),
        impact: risk.impact.as_str(),
        score,
        severity: match score {
            6..=9 => "high",
            3..=4 => "medium",
            _ => "low",
        },
        mitigation: risk.mitigation.as_deref(),
        owner: risk.owner.as_deref().map(|id| who(site, id)),
        status: risk.status.as_str(),
        version: r.version().as_str(),
        url: format!("releases/{}/#risk-{}", r.version(), risk.id),
    }
}

#[derive(Serialize)]
struct ActionView<'a> {
    id: &'a str,
    title: &'a str,
    owner: Option<Who<'a>>,
    due: Option<String>,
    status: &'static str,
    closed: Option<String>,
    late: bool,
    version: &'a str,
    url: String,
}

fn action_view<'a>(site: &'a Site, version: &'a str, a: &'a ActionItem) -> ActionView<'a> {
    ActionView {
        id: &a.id,
        title: &a.title,
        owner: a.owner.as_deref().map(|id| who(site, id)),
        due: a.due.map(|d| d.to_string()),
        status: a.status.as_str(),
        closed: a.closed.map(|d| d.to_string()),
        late: matches!((a.closed, a.due), (Some(c), Some(d)) if c > d),
        version,
        url: format!("retrospectives/{version}/#action-{}", a.id),
    }
}

#[derive(Serialize)]
struct DeploymentView<'a> {
    result: &'static str,
    environment: Option<&'a str>,
    started: Option<String>,
    finished: Option<String>,
    restored: Option<String>,
    duration: Option<String>,
    time_to_restore: Option<String>,
}

fn deployment_view(d: &Deployment) -> DeploymentView<'_> {
    let fmt = |t: Option<Timestamp>| {
        t.map(|t| {
            if t.0.offset().local_minus_utc() == 0 {
                t.0.format("%Y-%m-%d %H:%M UTC").to_string()
            } else {
                t.0.format("%Y-%m-%d %H:%M %:z").to_string()
            }
        })
    };
    DeploymentView {
        result: d.result.as_str(),
        environment: d.environment.as_deref(),
        started: fmt(d.started),
        finished: fmt(d.finished),
        restored: fmt(d.restored),
        duration: d
            .started
            .zip(d.finished)
            .map(|(s, f)| human_duration(f.0 - s.0)),
        time_to_restore: d
            .finished
            .zip(d.restored)
            .map(|(f, r)| human_duration(r.0 - f.0)),
    }
}

/// `2h 40m`, `45m`, `3d 4h`.
pub fn human_duration(d: chrono::TimeDelta) -> String {
    let mins = d.num_minutes().max(0);
    let (days, hours, m) = (mins / 1440, mins / 60 % 24, mins % 60);
    match (days, hours, m) {
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Shipped releases grouped by the year of their date (undated ones are left out).
fn years(site: &Site) -> BTreeMap<i32, Vec<usize>> {
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

/// Path from a page at `path` back to the site root.
fn root_prefix(path: &str) -> String {
    let depth = path.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

// ---------------------------------------------------------------------------------------
// Page contexts

fn context(
    site: &Site,
    kpis: &Kpis,
    sections: &[KpiSection],
    page: Page,
) -> (String, &'static str, Context) {
    let mut ctx = Context::new();
    let cfg = &site.config;
    ctx.insert(
        "site",
        &SiteView {
            title: &cfg.title,
            description: &cfg.description,
            language: &cfg.language,
            base_url: &cfg.base_url,
            repo_url: &cfg.repo_url,
            has_stakeholders: !site.stakeholders.is_empty(),
            has_handbook: !site.modules.is_empty(),
        },
    );
    let path = page_path(site, page);
    let (template, title, section): (&'static str, String, &'static str) = match page {
        Page::Dashboard => {
            dashboard(site, kpis, &mut ctx);
            ("index.html", cfg.title.clone(), "dashboard")
        }
        Page::Releases => {
            releases_index(site, &mut ctx);
            ("releases.html", "Release history".into(), "releases")
        }
        Page::HistoryYear(year) => {
            // One pass, no map of every year: there is a page per year.
            let rows: Vec<Row> = site
                .releases
                .iter()
                .rev()
                .filter(|r| {
                    r.is_shipped()
                        && r.front
                            .date
                            .is_some_and(|d| chrono::Datelike::year(&d.0) == year)
                })
                .map(row)
                .collect();
            ctx.insert("year", &year);
            ctx.insert("releases", &rows);
            (
                "history_year.html",
                format!("Releases of {year}"),
                "releases",
            )
        }
        Page::Release(i) => {
            let r = &site.releases[i];
            release_page(site, i, &mut ctx);
            ("release.html", r.title(), "releases")
        }
        Page::Latest(i) => {
            let r = &site.releases[i];
            release_page(site, i, &mut ctx);
            ctx.insert("is_latest_alias", &true);
            ("release.html", r.title(), "releases")
        }
        Page::Retrospectives => {
            retros_index(site, &mut ctx);
            (
                "retrospectives.html",
                "Retrospectives".into(),
                "retrospectives",
            )
        }
        Page::Retrospective(i) => {
            let title = retro_page(site, i, &mut ctx);
            ("retrospective.html", title, "retrospectives")
        }
        Page::Compliance => {
            compliance(site, &mut ctx);
            ("compliance.html", "Compliance".into(), "compliance")
        }
        Page::Risks => {
            risks(site, &mut ctx);
            ("risks.html", "Risk register".into(), "risks")
        }
        Page::Stakeholders => {
            stakeholders_index(site, &mut ctx);
            ("stakeholders.html", "Stakeholders".into(), "stakeholders")
        }
        Page::Stakeholder(i) => {
            let s = &site.stakeholders[i];
            stakeholder_page(site, i, &mut ctx);
            ("stakeholder.html", s.name.clone(), "stakeholders")
        }
        Page::Handbook => {
            handbook_index(site, &mut ctx);
            (
                "handbook.html",
                "Release manager handbook".into(),
                "handbook",
            )
        }
        Page::Module(i) => {
            module_page(site, i, &mut ctx);
            (
                "module.html",
                site.modules[i].front.title.clone(),
                "handbook",
            )
        }
        Page::Kpis => {
            kpis_page(kpis, sections, &mut ctx);
            ("kpis.html", "Key performance indicators".into(), "kpis")
        }
        Page::NotFound => ("404.html", "Page not found".into(), ""),
    };
    let (root, view) = page_view(site, page, &path, title, section);
    ctx.insert("root", &root);
    ctx.insert("page", &view);
    (path, template, ctx)
}

/// The page's root prefix (`../../`) and what the base template shows of it.
fn page_view<'a>(
    site: &Site,
    page: Page,
    path: &'a str,
    title: String,
    section: &'static str,
) -> (String, PageView<'a>) {
    let cfg = &site.config;
    // 404.html is served at any depth, so it links from the absolute base URL.
    let root = if matches!(page, Page::NotFound) {
        cfg.base_url.clone()
    } else {
        root_prefix(path)
    };
    let description = match page {
        Page::Release(i) | Page::Latest(i) if !site.releases[i].body.summary.is_empty() => {
            site.releases[i].body.summary.clone()
        }
        Page::Module(i) if !site.modules[i].body.summary.is_empty() => {
            site.modules[i].body.summary.clone()
        }
        _ => cfg.description.clone(),
    };
    let canonical = match page {
        Page::Latest(i) => format!("{}releases/{}/", cfg.base_url, site.releases[i].version()),
        _ => format!("{}{}", cfg.base_url, path),
    };
    let view = PageView {
        title,
        path,
        section,
        description,
        canonical,
    };
    (root, view)
}

#[derive(Serialize)]
struct Tile {
    label: String,
    value: String,
    detail: String,
    url: &'static str,
    /// `better`, `worse` or empty: the trend against the previous quarter.
    trend: &'static str,
}

/// `12.5%`
pub fn pct(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// Last two quarters of a series: (period, value) now and before.
fn last_two<T: Clone>(items: &[T]) -> (Option<T>, Option<T>) {
    let n = items.len();
    (
        items.last().cloned(),
        n.checked_sub(2).and_then(|i| items.get(i).cloned()),
    )
}

/// Arrow and words for a change; `higher_is_better` decides the colour.
fn trend(
    now: f64,
    before: f64,
    higher_is_better: bool,
    fmt: &dyn Fn(f64) -> String,
    period: &str,
) -> (String, &'static str) {
    let arrow = if now > before {
        "▲"
    } else if now < before {
        "▼"
    } else {
        "unchanged"
    };
    let class = match (now.partial_cmp(&before), higher_is_better) {
        (Some(std::cmp::Ordering::Greater), true) | (Some(std::cmp::Ordering::Less), false) => {
            "better"
        }
        (Some(std::cmp::Ordering::Greater), false) | (Some(std::cmp::Ordering::Less), true) => {
            "worse"
        }
        _ => "",
    };
    (format!("{arrow} from {} in {period}", fmt(before)), class)
}

/// A tile for a rate: the overall value, and the last quarter against the one before.
fn rate_tile(
    label: &str,
    overall: Option<f64>,
    quarters: &[kpi::Value],
    higher_is_better: bool,
    fallback: &str,
    url: &'static str,
) -> Tile {
    let (now, before) = last_two(quarters);
    let (detail, trend_class) = match (now.as_ref().and_then(|n| n.value), before) {
        (
            Some(n),
            Some(kpi::Value {
                value: Some(b),
                period,
            }),
        ) => {
            let (words, class) = trend(n, b, higher_is_better, &pct, &period);
            (format!("last quarter {}; {words}", pct(n)), class)
        }
        _ => (fallback.to_string(), ""),
    };
    Tile {
        label: label.into(),
        value: overall.map_or("—".into(), pct),
        detail,
        url,
        trend: trend_class,
    }
}

fn dashboard_tiles(
    k: &Kpis,
    open_risks: usize,
    high_risks: usize,
    open_actions: usize,
) -> Vec<Tile> {
    let s = &k.summary;
    let mut tiles = Vec::new();
    let (now, before) = last_two(&k.series.releases_per_quarter);
    let (detail, class) = match (&now, &before) {
        (Some(n), Some(b)) => trend(
            n.count as f64,
            b.count as f64,
            true,
            &|v| format!("{v:.0}"),
            &b.period,
        ),
        _ => (String::new(), ""),
    };
    tiles.push(Tile {
        label: now
            .as_ref()
            .map_or("Releases".into(), |n| format!("Releases in {}", n.period)),
        value: now.as_ref().map_or("—".into(), |n| n.count.to_string()),
        detail: format!(
            "{detail}{}{} shipped in all",
            if detail.is_empty() { "" } else { "; " },
            s.releases
        ),
        url: "kpis/#frequency",
        trend: class,
    });
    tiles.push(rate_tile(
        "Change failure rate",
        s.change_failure_rate,
        &k.series.change_failure_rate_per_quarter,
        false,
        "all deployments",
        "kpis/#change-failure-rate",
    ));
    tiles.push(rate_tile(
        "Checklist compliance",
        s.checklist_compliance,
        &k.series.checklist_compliance_per_quarter,
        true,
        "of shipped releases",
        "kpis/#compliance",
    ));
    tiles.push(Tile {
        label: "Median lead time".into(),
        value: s.median_lead_time_days.map_or("—".into(), human_days),
        detail: k.dora.lead_time.map_or("no git history".into(), |b| {
            format!("DORA {}: {b}", k.dora.report)
        }),
        url: "kpis/#lead-time",
        trend: "",
    });
    tiles.push(Tile {
        label: "Time to restore".into(),
        value: s
            .median_time_to_restore_hours
            .map_or("—".into(), |h| format!("{h:.1} h")),
        detail: k
            .dora
            .time_to_restore
            .map_or("no failed deployments".into(), |b| {
                format!("median; DORA {}: {b}", k.dora.report)
            }),
        url: "kpis/#time-to-restore",
        trend: "",
    });
    tiles.push(Tile {
        label: "Open risks".into(),
        value: open_risks.to_string(),
        detail: format!("{high_risks} with high severity"),
        url: "risks/",
        trend: "",
    });
    tiles.push(Tile {
        label: "Open action items".into(),
        value: open_actions.to_string(),
        detail: "from retrospectives".into(),
        url: "retrospectives/",
        trend: "",
    });
    tiles
}

fn dashboard(site: &Site, kpis: &Kpis, ctx: &mut Context) {
    let mut open_risks: Vec<RiskView> = site
        .releases
        .iter()
        .flat_map(|r| {
            r.front
                .risks
                .iter()
                .filter(|k| k.status == RiskStatus::Open)
                .map(move |k| (r, k))
        })
        .map(|(r, k)| risk_view(site, r, k))
        .collect();
    open_risks.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| b.version.cmp(a.version)));
    let mut open_actions: Vec<ActionView> = site
        .retros
        .iter()
        .flat_map(|r| {
            r.front
                .action_items
                .iter()
                .filter(|a| a.status == ActionStatus::Open)
                .map(move |a| (r, a))
        })
        .map(|(r, a)| action_view(site, r.front.release.as_str(), a))
        .collect();
    open_actions.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.id.cmp(b.id)));
    let tiles = dashboard_tiles(
        kpis,
        open_risks.len(),
        open_risks.iter().filter(|r| r.severity == "high").count(),
        open_actions.len(),
    );
    let recent: Vec<Row> = site
        .releases
        .iter()
        .rev()
        .filter(|r| r.is_shipped())
        .take(8)
        .map(row)
        .collect();
    ctx.insert("tiles", &tiles);
    ctx.insert("latest", &site.latest().map(|i| row(&site.releases[i])));
    ctx.insert("next", &site.next_planned().map(|i| row(&site.releases[i])));
    ctx.insert("recent", &recent);
    ctx.insert("open_risks", &open_risks.iter().take(8).collect::<Vec<_>>());
    ctx.insert(
        "open_actions",
        &open_actions.iter().take(10).collect::<Vec<_>>(),
    );
    ctx.insert("open_actions_total", &open_actions.len());
}

#[derive(Serialize)]
struct YearGroup<'a> {
    year: i32,
    count: usize,
    failed: usize,
    url: String,
    releases: Vec<Row<'a>>,
}

fn releases_index(site: &Site, ctx: &mut Context) {
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
}

fn is_compliant(site: &Site, r: &Release) -> bool {
    site.config.kpi.required_phases.iter().all(|p| {
        r.checklists.iter().any(|&c| {
            site.checklists[c].front.phase == *p && site.checklists[c].body.tasks.complete()
        })
    })
}

#[derive(Serialize)]
struct RetroSummary<'a> {
    url: String,
    date: Option<String>,
    summary: &'a str,
    actions: Vec<ActionView<'a>>,
}

#[derive(Serialize)]
struct ReleaseView<'a> {
    #[serde(flatten)]
    row: Row<'a>,
    tag: Option<&'a str>,
    manager: Option<Who<'a>>,
    stakeholders: Vec<Who<'a>>,
    components: &'a [String],
    issues: &'a [String],
    deployment: Option<DeploymentView<'a>>,
    defects: Option<&'a Defects>,
    escape_rate: Option<String>,
    go_no_go: Option<GoView<'a>>,
    risks: Vec<RiskView<'a>>,
    checklists: Vec<ChecklistView<'a>>,
    missing_phases: Vec<&'static str>,
    compliant: bool,
    retro: Option<RetroSummary<'a>>,
    html: &'a str,
    toc: &'a [TocEntry],
    has_notes: bool,
    git: Option<GitView<'a>>,
    candidates: Vec<(&'a str, String)>,
}

#[derive(Serialize)]
struct ChangeView {
    /// The description, escaped, with `#123` references linked.
    html: String,
    scope: Option<String>,
    short: String,
    url: Option<String>,
    breaking: bool,
}

#[derive(Serialize)]
struct GitView<'a> {
    tag: &'a str,
    aliases: &'a [String],
    tag_date: String,
    previous_tag: Option<&'a str>,
    compare_url: Option<String>,
    commits: usize,
    fix_commits: usize,
    breaking: Vec<ChangeView>,
    groups: Vec<(&'static str, Vec<ChangeView>)>,
    authors: Vec<(&'a str, usize)>,
    lead_median: Option<String>,
    lead_p90: Option<String>,
    skewed: usize,
}

/// Escaped text with `#123` references turned into links.
fn link_refs(text: &str, refs: &[Ref], links: Option<&Links>) -> String {
    let mut out = crate::html::escape(text);
    if let Some(links) = links {
        for r in refs {
            let needle = format!("#{}", r.number);
            let mut result = String::with_capacity(out.len() + 64);
            let mut rest = out.as_str();
            while let Some(i) = rest.find(&needle) {
                let after = rest[i + needle.len()..].chars().next();
                result.push_str(&rest[..i]);
                if after.is_some_and(|c| c.is_ascii_digit()) {
                    result.push_str(&needle);
                } else {
                    result.push_str(&format!(
                        r#"<a href="{}">{needle}</a>"#,
                        crate::html::escape(&links.reference(*r))
                    ));
                }
                rest = &rest[i + needle.len()..];
            }
            result.push_str(rest);
            out = result;
        }
    }
    out
}

fn change_view(c: &Commit, links: Option<&Links>) -> ChangeView {
    ChangeView {
        html: link_refs(&c.change.description, &c.change.refs, links),
        scope: c.change.scope.clone(),
        short: c.short(),
        url: links.map(|l| l.commit(&c.hex())),
        breaking: c.change.breaking,
    }
}

/// Days as `3.5 days` / `5 hours`.
pub fn human_days(days: f64) -> String {
    if days < 1.0 {
        format!("{:.0} hours", days * 24.0)
    } else {
        format!("{days:.1} days")
    }
}

fn git_view<'a>(site: &'a Site, r: &'a Release) -> Option<GitView<'a>> {
    let tag = &site.history.as_ref()?.releases[r.git?];
    let links = Links::new(&site.config.repo_url);
    let tz = site.config.offset();
    let mut groups: Vec<(&'static str, Vec<ChangeView>)> = Vec::new();
    for g in Group::ALL {
        let list: Vec<ChangeView> = tag
            .commits
            .iter()
            .filter(|c| c.change.group == g)
            .map(|c| change_view(c, links.as_ref()))
            .collect();
        if !list.is_empty() {
            groups.push((g.title(), list));
        }
    }
    let mut authors: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &tag.commits {
        *authors.entry(c.author.as_str()).or_default() += 1;
    }
    let mut authors: Vec<(&str, usize)> = authors.into_iter().collect();
    authors.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    Some(GitView {
        tag: &tag.tag,
        aliases: &tag.aliases,
        tag_date: tag
            .date
            .with_timezone(&tz)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        previous_tag: tag.previous_tag.as_deref(),
        compare_url: links.as_ref().map(|l| match &tag.previous_tag {
            Some(p) => l.compare(p, &tag.tag),
            None => l.tag(&tag.tag),
        }),
        commits: tag.commits.len(),
        fix_commits: tag
            .commits
            .iter()
            .filter(|c| c.change.group == Group::Fixes)
            .count(),
        breaking: tag
            .commits
            .iter()
            .filter(|c| c.change.breaking)
            .map(|c| change_view(c, links.as_ref()))
            .collect(),
        groups,
        authors,
        lead_median: r.lead_time.map(|l| human_days(l.median)),
        lead_p90: r.lead_time.map(|l| human_days(l.p90)),
        skewed: r.lead_time.map_or(0, |l| l.skewed),
    })
}

#[derive(Serialize)]
struct GoView<'a> {
    decision: &'static str,
    date: Option<String>,
    approvers: Vec<Who<'a>>,
    conditions: Option<&'a str>,
}

/// Everything the release template shows.
struct ReleasePage<'a> {
    release: ReleaseView<'a>,
    prev: Option<Row<'a>>,
    next: Option<Row<'a>>,
}

fn release_page(site: &Site, i: usize, ctx: &mut Context) {
    let p = release_data(site, i);
    ctx.insert("release", &p.release);
    ctx.insert("prev", &p.prev);
    ctx.insert("next", &p.next);
    ctx.insert("is_latest_alias", &false);
}

fn release_data(site: &Site, i: usize) -> ReleasePage<'_> {
    let r = &site.releases[i];
    let f = &r.front;
    let escape_rate = f.defects.as_ref().and_then(|d| {
        let (found, escaped) = (d.found_before_release.unwrap_or(0), d.escaped.unwrap_or(0));
        (found + escaped > 0).then(|| {
            format!(
                "{:.1}%",
                f64::from(escaped) * 100.0 / f64::from(found + escaped)
            )
        })
    });
    let checklists: Vec<ChecklistView> = r
        .checklists
        .iter()
        .map(|&c| checklist_view(site, &site.checklists[c]))
        .collect();
    let missing_phases = site
        .config
        .kpi
        .required_phases
        .iter()
        .filter(|p| {
            !r.checklists
                .iter()
                .any(|&c| site.checklists[c].front.phase == **p)
        })
        .map(|p| p.as_str())
        .collect();
    let retro = r.retro.map(|ri| {
        let rt = &site.retros[ri];
        RetroSummary {
            url: format!("retrospectives/{}/", rt.front.release),
            date: rt.front.date.map(|d| d.to_string()),
            summary: &rt.body.summary,
            actions: rt
                .front
                .action_items
                .iter()
                .map(|a| action_view(site, rt.front.release.as_str(), a))
                .collect(),
        }
    });
    let view = ReleaseView {
        row: row(r),
        tag: f.tag.as_deref(),
        manager: f.manager.as_deref().map(|id| who(site, id)),
        stakeholders: r
            .stakeholders
            .iter()
            .map(|&s| who(site, &site.stakeholders[s].id))
            .collect(),
        components: &f.components,
        issues: &f.issues,
        deployment: f.deployment.as_ref().map(deployment_view),
        defects: f.defects.as_ref(),
        escape_rate,
        go_no_go: f.go_no_go.as_ref().map(|g| GoView {
            decision: g.decision.as_str(),
            date: g.date.map(|d| d.to_string()),
            approvers: g.approvers.iter().map(|a| who(site, a)).collect(),
            conditions: g.conditions.as_deref(),
        }),
        risks: f.risks.iter().map(|k| risk_view(site, r, k)).collect(),
        checklists,
        missing_phases,
        compliant: is_compliant(site, r),
        retro,
        html: &r.body.html,
        toc: &r.body.toc,
        has_notes: r.has_notes(),
        git: git_view(site, r),
        candidates: site
            .history
            .as_ref()
            .and_then(|h| h.candidates.get(r.version().as_str()))
            .into_iter()
            .flatten()
            .map(|c| {
                (
                    c.tag.as_str(),
                    c.date
                        .with_timezone(&site.config.offset())
                        .format("%Y-%m-%d")
                        .to_string(),
                )
            })
            .collect(),
    };
    ReleasePage {
        release: view,
        prev: i.checked_sub(1).map(|p| row(&site.releases[p])),
        next: site.releases.get(i + 1).map(row),
    }
}

#[derive(Serialize)]
struct RetroRow<'a> {
    version: &'a str,
    url: String,
    title: String,
    date: Option<String>,
    facilitator: Option<Who<'a>>,
    open: usize,
    done: usize,
    dropped: usize,
}

fn retros_index(site: &Site, ctx: &mut Context) {
    let count = |r: &crate::site::Retro, s: ActionStatus| {
        r.front
            .action_items
            .iter()
            .filter(|a| a.status == s)
            .count()
    };
    let rows: Vec<RetroRow> = site
        .retros
        .iter()
        .rev()
        .map(|r| RetroRow {
            version: r.front.release.as_str(),
            url: format!("retrospectives/{}/", r.front.release),
            title: site.releases[r.release].title(),
            date: r.front.date.map(|d| d.to_string()),
            facilitator: r.front.facilitator.as_deref().map(|id| who(site, id)),
            open: count(r, ActionStatus::Open),
            done: count(r, ActionStatus::Done),
            dropped: count(r, ActionStatus::Dropped),
        })
        .collect();
    let mut actions: Vec<ActionView> = site
        .retros
        .iter()
        .rev()
        .flat_map(|r| r.front.action_items.iter().map(move |a| (r, a)))
        .map(|(r, a)| action_view(site, r.front.release.as_str(), a))
        .collect();
    let order = |s: &str| match s {
        "open" => 0,
        "done" => 1,
        _ => 2,
    };
    actions.sort_by(|a, b| {
        order(a.status)
            .cmp(&order(b.status))
            .then_with(|| a.due.cmp(&b.due))
            .then_with(|| a.id.cmp(b.id))
    });
    let totals = [
        (
            "open",
            actions.iter().filter(|a| a.status == "open").count(),
        ),
        (
            "done",
            actions.iter().filter(|a| a.status == "done").count(),
        ),
        (
            "dropped",
            actions.iter().filter(|a| a.status == "dropped").count(),
        ),
    ];
    // Open items always in full; closed ones and reviews only the newest at scale.
    let open = actions.iter().filter(|a| a.status == "open").count();
    let (rows, more_retros) = cap(rows, LIST_LIMIT);
    let (actions, more_actions) = cap(actions, open + LIST_LIMIT);
    ctx.insert("retros", &rows);
    ctx.insert("actions", &actions);
    ctx.insert("more_retros", &more_retros);
    ctx.insert("more_actions", &more_actions);
    ctx.insert("totals", &totals);
}

fn retro_page(site: &Site, i: usize, ctx: &mut Context) -> String {
    let rt = &site.retros[i];
    let r = &site.releases[rt.release];
    let title = format!(
        "Retrospective: {} {}",
        r.version(),
        r.front
            .title
            .as_deref()
            .map(|t| format!("— {t}"))
            .unwrap_or_default()
    );
    ctx.insert("release", &row(r));
    ctx.insert("date", &rt.front.date.map(|d| d.to_string()));
    ctx.insert(
        "facilitator",
        &rt.front.facilitator.as_deref().map(|id| who(site, id)),
    );
    ctx.insert(
        "participants",
        &rt.front
            .participants
            .iter()
            .map(|p| who(site, p))
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "actions",
        &rt.front
            .action_items
            .iter()
            .map(|a| action_view(site, rt.front.release.as_str(), a))
            .collect::<Vec<_>>(),
    );
    ctx.insert("html", &rt.body.html);
    ctx.insert("toc", &rt.body.toc);
    title.trim_end().to_string()
}

#[derive(Serialize)]
struct Cell {
    phase: &'static str,
    /// `complete`, `incomplete`, `missing` (required but absent) or `none`.
    state: &'static str,
    done: u32,
    total: u32,
    percent: u32,
    required: bool,
}

#[derive(Serialize)]
struct MatrixRow<'a> {
    #[serde(flatten)]
    row: Row<'a>,
    cells: Vec<Cell>,
    /// `yes`, `no`, or `n/a` for releases that have not shipped.
    compliant: &'static str,
}

fn compliance(site: &Site, ctx: &mut Context) {
    let required = &site.config.kpi.required_phases;
    let phases: Vec<Phase> = Phase::ALL
        .iter()
        .copied()
        .filter(|p| required.contains(p) || site.checklists.iter().any(|c| c.front.phase == *p))
        .collect();
    let rows: Vec<MatrixRow> = site
        .releases
        .iter()
        .rev()
        .filter(|r| r.status != Status::Cancelled)
        .map(|r| MatrixRow {
            row: row(r),
            cells: phases
                .iter()
                .map(|p| {
                    let c = r
                        .checklists
                        .iter()
                        .map(|&c| &site.checklists[c])
                        .find(|c| c.front.phase == *p);
                    let req = required.contains(p);
                    let tasks = c.map(|c| c.body.tasks).unwrap_or_default();
                    Cell {
                        phase: p.as_str(),
                        state: match c {
                            Some(_) if tasks.complete() => "complete",
                            Some(_) => "incomplete",
                            None if req => "missing",
                            None => "none",
                        },
                        done: tasks.done,
                        total: tasks.total,
                        percent: tasks.percent(),
                        required: req,
                    }
                })
                .collect(),
            compliant: match (r.is_shipped(), is_compliant(site, r)) {
                (false, _) => "n/a",
                (true, true) => "yes",
                (true, false) => "no",
            },
        })
        .collect();
    let shipped = rows.iter().filter(|r| r.compliant != "n/a").count();
    let compliant = rows.iter().filter(|r| r.compliant == "yes").count();
    ctx.insert(
        "phases",
        &phases
            .iter()
            .map(|p| (p.as_str(), required.contains(p)))
            .collect::<Vec<_>>(),
    );
    let (rows, more) = cap(rows, LIST_LIMIT);
    ctx.insert("rows", &rows);
    ctx.insert("more", &more);
    ctx.insert("shipped", &shipped);
    ctx.insert("compliant", &compliant);
    ctx.insert(
        "templates",
        &site
            .templates
            .iter()
            .map(|c| checklist_view(site, c))
            .collect::<Vec<_>>(),
    );
}

fn risks(site: &Site, ctx: &mut Context) {
    let mut all: Vec<RiskView> = site
        .releases
        .iter()
        .flat_map(|r| r.front.risks.iter().map(move |k| (r, k)))
        .map(|(r, k)| risk_view(site, r, k))
        .collect();
    let order = |s: &str| {
        RiskStatus::ALL
            .iter()
            .position(|x| x.as_str() == s)
            .unwrap_or(9)
    };
    all.sort_by(|a, b| {
        order(a.status)
            .cmp(&order(b.status))
            .then(b.score.cmp(&a.score))
            .then_with(|| b.id.cmp(a.id))
    });
    let counts: Vec<(&str, usize)> = RiskStatus::ALL
        .iter()
        .map(|s| {
            (
                s.as_str(),
                all.iter().filter(|r| r.status == s.as_str()).count(),
            )
        })
        .collect();
    let open = all.iter().filter(|r| r.status == "open").count();
    let (all, more) = cap(all, open + LIST_LIMIT);
    ctx.insert("risks", &all);
    ctx.insert("more", &more);
    ctx.insert("counts", &counts);
}

#[derive(Serialize)]
struct StakeholderView<'a> {
    #[serde(flatten)]
    s: &'a Stakeholder,
    url: String,
    releases: usize,
}

fn stakeholders_index(site: &Site, ctx: &mut Context) {
    let mut counts = vec![0usize; site.stakeholders.len()];
    for r in &site.releases {
        for &s in &r.stakeholders {
            counts[s] += 1;
        }
    }
    let mut groups: BTreeMap<&str, Vec<StakeholderView>> = BTreeMap::new();
    for (i, s) in site.stakeholders.iter().enumerate() {
        groups
            .entry(s.group.as_deref().unwrap_or("Other"))
            .or_default()
            .push(StakeholderView {
                s,
                url: format!("stakeholders/{}/", s.id),
                releases: counts[i],
            });
    }
    ctx.insert("groups", &groups);
}

fn stakeholder_page(site: &Site, i: usize, ctx: &mut Context) {
    let s = &site.stakeholders[i];
    let mine: Vec<&Release> = site
        .releases
        .iter()
        .rev()
        .filter(|r| r.stakeholders.contains(&i))
        .collect();
    #[derive(Serialize)]
    struct Concern<'a> {
        #[serde(flatten)]
        row: Row<'a>,
        reason: String,
    }
    fn concern<'a>(s: &Stakeholder, r: &'a Release) -> Concern<'a> {
        let reason = if r.front.stakeholders.contains(&s.id) {
            "listed".to_string()
        } else {
            let comps: Vec<&str> = r
                .front
                .components
                .iter()
                .filter(|c| s.interests.contains(c))
                .map(String::as_str)
                .collect();
            format!("component: {}", comps.join(", "))
        };
        Concern {
            row: row(r),
            reason,
        }
    }
    let upcoming: Vec<Concern> = mine
        .iter()
        .filter(|r| matches!(r.status, Status::Planned | Status::InProgress))
        .map(|r| concern(s, r))
        .collect();
    let past: Vec<Concern> = mine
        .iter()
        .filter(|r| !matches!(r.status, Status::Planned | Status::InProgress))
        .map(|r| concern(s, r))
        .collect();
    ctx.insert("stakeholder", s);
    ctx.insert("upcoming", &upcoming);
    let (past, more) = cap(past, LIST_LIMIT);
    ctx.insert("past", &past);
    ctx.insert("more", &more);
}

#[derive(Serialize)]
struct ModuleLink<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    order: Option<u32>,
    duration: Option<u32>,
    objectives: &'a [String],
}

fn module_links(site: &Site) -> Vec<ModuleLink<'_>> {
    site.modules
        .iter()
        .map(|m| ModuleLink {
            slug: &m.slug,
            title: &m.front.title,
            url: format!("handbook/{}/", m.slug),
            order: m.front.order,
            duration: m.front.duration,
            objectives: &m.front.objectives,
        })
        .collect()
}

fn handbook_index(site: &Site, ctx: &mut Context) {
    ctx.insert("modules", &module_links(site));
    ctx.insert(
        "total_minutes",
        &site
            .modules
            .iter()
            .filter_map(|m| m.front.duration)
            .sum::<u32>(),
    );
}

fn module_page(site: &Site, i: usize, ctx: &mut Context) {
    let m = &site.modules[i];
    let links = module_links(site);
    let prereqs: Vec<&ModuleLink> = m
        .front
        .prerequisites
        .iter()
        .filter_map(|p| links.iter().find(|l| l.slug == p))
        .collect();
    ctx.insert("module", &m.front);
    ctx.insert("slug", &m.slug);
    ctx.insert("number", &(i + 1));
    ctx.insert("html", &m.body.html);
    ctx.insert("toc", &m.body.toc);
    ctx.insert("prerequisites", &prereqs);
    ctx.insert("prev", &i.checked_sub(1).and_then(|p| links.get(p)));
    ctx.insert("next", &links.get(i + 1));
    ctx.insert("modules", &links);
}

/// Site-wide lists (compliance, risks, retrospectives, a stakeholder's releases) show at
/// most this many entries beyond the open ones, newest first; everything is in the
/// per-year history pages, the feeds and `kpis.csv`.
pub const LIST_LIMIT: usize = 250;

/// The first `n` items and how many were left out.
fn cap<T>(mut items: Vec<T>, n: usize) -> (Vec<T>, usize) {
    let more = items.len().saturating_sub(n);
    items.truncate(n);
    (items, more)
}

/// Per-release charts show at most this many of the newest counted releases (all of them
/// are in `kpis.json` and `kpis.csv`).
pub const CHART_RELEASES: usize = 40;

/// One section of the KPI page: definition, value, band, chart and data table.
#[derive(Serialize)]
pub struct KpiSection {
    id: &'static str,
    title: &'static str,
    definition: &'static str,
    value: String,
    band: Option<&'static str>,
    chart: String,
    legend: Vec<(&'static str, String)>,
    head: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

fn kpis_page(k: &Kpis, sections: &[KpiSection], ctx: &mut Context) {
    ctx.insert("sections", sections);
    ctx.insert("dora", &k.dora);
    ctx.insert("chart_releases", &CHART_RELEASES);
    ctx.insert("counted", &k.releases.len());
}

/// The sections of the KPI page, charts drawn.
pub fn kpi_sections(k: &Kpis) -> Vec<KpiSection> {
    let s = &k.summary;
    let opt = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map_or("—".to_string(), f);
    let days = |v: f64| format!("{v:.1}");
    let recent: &[kpi::ReleaseKpi] = &k.releases[k.releases.len().saturating_sub(CHART_RELEASES)..];
    let versions: Vec<String> = recent.iter().map(|r| r.version.clone()).collect();
    let has_git = k.releases.iter().any(|r| r.commits.is_some());
    let mut sections = Vec::new();

    let months: Vec<String> = k
        .series
        .releases_per_month
        .iter()
        .map(|c| c.period.clone())
        .collect();
    sections.push(KpiSection {
        id: "frequency",
        title: "Release frequency",
        definition: "Counted releases (status released or rolled-back) per calendar month, every month from the first to the last included. The median gap is over consecutive counted releases ordered by date.",
        value: format!("{} releases; median {} days between releases", s.releases, opt(s.median_days_between_releases, &days)),
        band: k.dora.deployment_frequency,
        chart: chart::bars(
            &Spec { id: "chart-frequency", title: "Releases per month", desc: "Bar chart of the number of counted releases in each calendar month.", y_label: "releases", percent: false },
            &months,
            &k.series.releases_per_month.iter().map(|c| c.count as f64).collect::<Vec<_>>(),
            chart::BLUE,
        ),
        legend: vec![("Releases", chart::css(chart::BLUE))],
        head: vec!["Quarter", "Releases"],
        rows: k.series.releases_per_quarter.iter().map(|c| vec![c.period.clone(), c.count.to_string()]).collect(),
    });

    let quarters: Vec<String> = k
        .series
        .deployments_per_quarter
        .iter()
        .map(|q| q.period.clone())
        .collect();
    sections.push(KpiSection {
        id: "deployments",
        title: "Deployment results",
        definition: "Deployment success rate = releases whose deployment result is success / releases with any deployment result. Change failure rate = failed + rolled-back over the same releases.",
        value: format!("success rate {}; change failure rate {}", opt(s.deployment_success_rate, &pct), opt(s.change_failure_rate, &pct)),
        band: None,
        chart: chart::stacked(
            &Spec { id: "chart-deployments", title: "Deployment results per quarter", desc: "Stacked bars: successful, failed and rolled-back deployments in each quarter.", y_label: "deployments", percent: false },
            &quarters,
            &[
                Layer { name: "success", color: chart::GREEN, values: k.series.deployments_per_quarter.iter().map(|q| q.success as f64).collect() },
                Layer { name: "failed", color: chart::ORANGE, values: k.series.deployments_per_quarter.iter().map(|q| q.failed as f64).collect() },
                Layer { name: "rolled back", color: chart::RED, values: k.series.deployments_per_quarter.iter().map(|q| q.rolled_back as f64).collect() },
            ],
        ),
        legend: vec![("Success", chart::css(chart::GREEN)), ("Failed", chart::css(chart::ORANGE)), ("Rolled back", chart::css(chart::RED))],
        head: vec!["Quarter", "Success", "Failed", "Rolled back"],
        rows: k.series.deployments_per_quarter.iter().map(|q| vec![q.period.clone(), q.success.to_string(), q.failed.to_string(), q.rolled_back.to_string()]).collect(),
    });

    sections.push(KpiSection {
        id: "change-failure-rate",
        title: "Change failure rate",
        definition: "Failed + rolled-back deployments / all deployments of counted releases, per quarter. Quarters without deployments have no value.",
        value: opt(s.change_failure_rate, &pct),
        band: k.dora.change_failure_rate,
        chart: chart::lines(
            &Spec { id: "chart-cfr", title: "Change failure rate per quarter", desc: "Line chart of the share of deployments that failed or were rolled back in each quarter.", y_label: "change failure rate", percent: true },
            &quarters,
            &[Line { name: "change failure rate", color: chart::RED, values: k.series.change_failure_rate_per_quarter.iter().map(|v| v.value).collect(), connect: true }],
        ),
        legend: vec![("Change failure rate", chart::css(chart::RED))],
        head: vec!["Quarter", "Change failure rate"],
        rows: k.series.change_failure_rate_per_quarter.iter().map(|v| vec![v.period.clone(), opt(v.value, &pct)]).collect(),
    });

    sections.push(KpiSection {
        id: "compliance",
        title: "Checklist compliance",
        definition: "A counted release is compliant when every phase in [kpi] required_phases has a checklist with every item done. Compliance = compliant / counted releases, per quarter.",
        value: opt(s.checklist_compliance, &pct),
        band: None,
        chart: chart::lines(
            &Spec { id: "chart-compliance", title: "Checklist compliance per quarter", desc: "Line chart of the share of counted releases in each quarter whose required checklists were complete.", y_label: "compliant releases", percent: true },
            &quarters,
            &[Line { name: "compliance", color: chart::GREEN, values: k.series.checklist_compliance_per_quarter.iter().map(|v| v.value).collect(), connect: true }],
        ),
        legend: vec![("Compliance", chart::css(chart::GREEN))],
        head: vec!["Quarter", "Compliance"],
        rows: k.series.checklist_compliance_per_quarter.iter().map(|v| vec![v.period.clone(), opt(v.value, &pct)]).collect(),
    });

    sections.push(KpiSection {
        id: "defects",
        title: "Defect escape rate",
        definition: "Per release: escaped / (found before release + escaped), absent when both are 0 or missing. Overall: the sum of escaped over the sum of both, across releases with defect data.",
        value: opt(s.defect_escape_rate, &pct),
        band: None,
        chart: chart::lines(
            &Spec { id: "chart-escape", title: "Defect escape rate per release", desc: "Line chart of the share of each release's defects found only after release.", y_label: "escape rate", percent: true },
            &versions,
            &[Line { name: "escape rate", color: chart::PURPLE, values: recent.iter().map(|r| r.defect_escape_rate).collect(), connect: true }],
        ),
        legend: vec![("Escape rate", chart::css(chart::PURPLE))],
        head: vec!["Release", "Found before", "Escaped", "Escape rate"],
        rows: recent
            .iter()
            .map(|r| {
                let d = r.defects;
                let n = |v: Option<u32>| v.map_or("—".into(), |v| v.to_string());
                vec![r.version.clone(), n(d.and_then(|d| d.found_before_release)), n(d.and_then(|d| d.escaped)), opt(r.defect_escape_rate, &pct)]
            })
            .collect(),
    });

    sections.push(KpiSection {
        id: "escaped",
        title: "Escaped defects and fix commits",
        definition: "Escaped defects per release from the release notes; fix commits = Conventional Commits of type fix in the release's git range.",
        value: format!("{} escaped in all", k.releases.iter().filter_map(|r| r.defects.and_then(|d| d.escaped)).sum::<u32>()),
        band: None,
        chart: chart::lines(
            &Spec { id: "chart-escaped", title: "Escaped defects and fix commits per release", desc: "Points per release: escaped defects, and fix commits when git history is available.", y_label: "count", percent: false },
            &versions,
            &[
                Line { name: "escaped defects", color: chart::RED, values: recent.iter().map(|r| r.defects.and_then(|d| d.escaped).map(f64::from)).collect(), connect: true },
                Line { name: "fix commits", color: chart::BLUE, values: recent.iter().map(|r| r.fix_commits.map(|c| c as f64)).collect(), connect: true },
            ],
        ),
        legend: if has_git { vec![("Escaped defects", chart::css(chart::RED)), ("Fix commits", chart::css(chart::BLUE))] } else { vec![("Escaped defects", chart::css(chart::RED))] },
        head: vec!["Release", "Escaped defects", "Fix commits"],
        rows: recent.iter().map(|r| vec![r.version.clone(), r.defects.and_then(|d| d.escaped).map_or("—".into(), |v| v.to_string()), r.fix_commits.map_or("—".into(), |v| v.to_string())]).collect(),
    });

    sections.push(KpiSection {
        id: "lead-time",
        title: "Lead time for changes",
        definition: "For each commit of a release: release moment − author date, in days (commits dated after the release count as 0). Per release the median and 90th percentile; overall the median over all commits of counted releases. Percentiles by the nearest-rank method.",
        value: if has_git { format!("median {} days", opt(s.median_lead_time_days, &days)) } else { "no git history".into() },
        band: k.dora.lead_time,
        chart: chart::lines(
            &Spec { id: "chart-lead", title: "Lead time per release", desc: "Lines of the median and 90th percentile lead time of each release's commits, in days.", y_label: "days", percent: false },
            &versions,
            &[
                Line { name: "median", color: chart::BLUE, values: recent.iter().map(|r| r.lead_time_days.map(|l| l.median)).collect(), connect: true },
                Line { name: "p90", color: chart::ORANGE, values: recent.iter().map(|r| r.lead_time_days.map(|l| l.p90)).collect(), connect: true },
            ],
        ),
        legend: vec![("Median", chart::css(chart::BLUE)), ("90th percentile", chart::css(chart::ORANGE))],
        head: vec!["Release", "Commits", "Median days", "p90 days"],
        rows: recent
            .iter()
            .map(|r| vec![r.version.clone(), r.commits.map_or("—".into(), |c| c.to_string()), opt(r.lead_time_days.map(|l| l.median), &days), opt(r.lead_time_days.map(|l| l.p90), &days)])
            .collect(),
    });

    let restored: Vec<&kpi::ReleaseKpi> = k
        .releases
        .iter()
        .filter(|r| r.time_to_restore_hours.is_some())
        .collect();
    sections.push(KpiSection {
        id: "time-to-restore",
        title: "Time to restore service",
        definition: "For failed or rolled-back deployments: restored − finished, in hours. The median over all of them (nearest rank).",
        value: format!("median {}", opt(s.median_time_to_restore_hours, &|h| format!("{h:.1} hours"))),
        band: k.dora.time_to_restore,
        chart: chart::lines(
            &Spec { id: "chart-restore", title: "Time to restore per failed deployment", desc: "Points: hours from the end of each failed or rolled-back deployment to restored service.", y_label: "hours", percent: false },
            &restored.iter().map(|r| r.version.clone()).collect::<Vec<_>>(),
            &[Line { name: "hours", color: chart::RED, values: restored.iter().map(|r| r.time_to_restore_hours).collect(), connect: false }],
        ),
        legend: vec![("Hours to restore", chart::css(chart::RED))],
        head: vec!["Release", "Result", "Hours"],
        rows: restored.iter().map(|r| vec![r.version.clone(), r.deployment.unwrap_or("").to_string(), opt(r.time_to_restore_hours, &|h| format!("{h:.1}"))]).collect(),
    });

    let a = s.action_items;
    sections.push(KpiSection {
        id: "action-items",
        title: "Retrospective action items",
        definition: "Action items of all retrospectives by status. On time = done items closed on or before their due date, over done items with both dates.",
        value: format!("{} open, {} done, {} dropped; {} closed on time", a.open, a.done, a.dropped, opt(a.closed_by_due_date, &pct)),
        band: None,
        chart: chart::stacked(
            &Spec { id: "chart-actions", title: "Action items by status", desc: "Bars of the number of open, done and dropped action items.", y_label: "items", percent: false },
            &["open".to_string(), "done".to_string(), "dropped".to_string()],
            &[
                Layer { name: "open", color: chart::ORANGE, values: vec![a.open as f64, 0.0, 0.0] },
                Layer { name: "done", color: chart::GREEN, values: vec![0.0, a.done as f64, 0.0] },
                Layer { name: "dropped", color: chart::GRAY, values: vec![0.0, 0.0, a.dropped as f64] },
            ],
        ),
        legend: vec![("Open", chart::css(chart::ORANGE)), ("Done", chart::css(chart::GREEN)), ("Dropped", chart::css(chart::GRAY))],
        head: vec!["Status", "Items"],
        rows: vec![vec!["open".into(), a.open.to_string()], vec!["done".into(), a.done.to_string()], vec!["dropped".into(), a.dropped.to_string()]],
    });

    let mut hotfix_q: BTreeMap<&str, usize> = k
        .series
        .releases_per_quarter
        .iter()
        .map(|c| (c.period.as_str(), 0))
        .collect();
    for r in k.releases.iter().filter(|r| r.kind == Some("hotfix")) {
        if let Some(q) = r
            .date
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(kpi::quarter)
        {
            if let Some(n) = hotfix_q.get_mut(q.as_str()) {
                *n += 1;
            }
        }
    }
    sections.push(KpiSection {
        id: "rework",
        title: "Deployment rework rate",
        definition: "Counted releases of kind hotfix (unplanned deployments made because of a production incident) / counted releases. DORA's fifth metric since 2024.",
        value: opt(s.rework_rate, &pct),
        band: None,
        chart: chart::bars(
            &Spec { id: "chart-rework", title: "Hotfix releases per quarter", desc: "Bar chart of the number of hotfix releases in each quarter.", y_label: "hotfixes", percent: false },
            &hotfix_q.keys().map(|q| q.to_string()).collect::<Vec<_>>(),
            &hotfix_q.values().map(|&n| n as f64).collect::<Vec<_>>(),
            chart::ORANGE,
        ),
        legend: vec![("Hotfixes", chart::css(chart::ORANGE))],
        head: vec!["Quarter", "Hotfixes"],
        rows: hotfix_q.iter().map(|(q, n)| vec![q.to_string(), n.to_string()]).collect(),
    });

    sections
}
