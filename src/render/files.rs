//! The site-wide files besides the pages: assets, `versions.js`, KPI data, sitemap,
//! robots.txt, feeds, calendar, search index, CNAME and the output marker.

use std::path::Path;

use rayon::prelude::*;

use super::output::{copy_user_assets, Out, MARKER};
use super::{page_path, Page};
use crate::error::{Error, Result};
use crate::feed;
use crate::kpi::{self, Kpis};
use crate::search;
use crate::site::Site;
use crate::theme;

/// Everything but the pages: assets, versions.js, KPI data, sitemap, feeds, calendar,
/// search index, robots.txt, CNAME, the output marker and the site's own assets.
/// Returns the number of files written.
pub(crate) fn site_files(site: &Site, kpis: &Kpis, pages: &[Page], out: &Out) -> Result<usize> {
    let mut files = 0;
    let write = |name: &str, bytes: &[u8]| out.put(Path::new(name), bytes);
    for (name, text) in theme::ASSETS {
        // A site's own asset of the same name replaces the built-in one.
        if !site.root.join("assets").join(name).is_file() {
            write(name, text.as_bytes())?;
            files += 1;
        }
    }
    files += model_files(
        site,
        kpis,
        pages,
        out,
        || feed::calendar(site),
        |emit| crate::search::write_index(site, emit),
    )?;
    write(".nojekyll", b"")?;
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
    files += 1;
    files += copy_user_assets(&site.root.join("assets"), out)?;
    Ok(files)
}

/// The site files made from the model (all but the assets and the fixed files):
/// versions.js, KPI data, the status feed, the sitemap, the feeds, the calendar and the
/// search index. Returns the number of files written.
pub(crate) fn model_files(
    site: &Site,
    kpis: &Kpis,
    pages: &[Page],
    out: &Out,
    calendar: impl FnOnce() -> String + Send,
    search: impl FnOnce(search::Emit) + Send,
) -> Result<usize> {
    let write = |name: &str, bytes: &[u8]| out.put(Path::new(name), bytes);
    write("versions.js", versions_js(site).as_bytes())?;
    let json =
        serde_json::to_string_pretty(kpis).map_err(|e| Error::Usage(format!("kpis.json: {e}")))?;
    write("kpis.json", (json + "\n").as_bytes())?;
    write("kpis.csv", kpi::csv(kpis).as_bytes())?;
    write("status/atom.xml", feed::status_atom(site, kpis).as_bytes())?;
    write("sitemap.xml", sitemap(site, pages).as_bytes())?;
    Ok(5 + feeds_calendar_search(site, out, calendar, search)?)
}

/// Writes the search index's files as `index` makes them (the manifest and its shards
/// under `search/`; in place, deletes shards it no longer has). Returns how many there
/// are.
pub(crate) fn write_search(out: &Out, index: impl FnOnce(search::Emit)) -> Result<usize> {
    let mut names = Vec::new();
    let mut failed = None;
    index(&mut |name, text| {
        if let (None, Some(text)) = (&failed, text) {
            failed = out.put(Path::new(&name), text.as_bytes()).err();
        }
        names.push(name);
    });
    if let Some(e) = failed {
        return Err(e);
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    out.prune(Path::new("search"), &names)?;
    Ok(names.len())
}

/// The files that list release notes' text: feeds, calendar and search index.
pub(crate) fn feeds_calendar_search(
    site: &Site,
    out: &Out,
    calendar: impl FnOnce() -> String + Send,
    search: impl FnOnce(search::Emit) + Send,
) -> Result<usize> {
    let write = |name: &str, bytes: &[u8]| out.put(Path::new(name), bytes);
    write("atom.xml", releases_feed(site).as_bytes())?;
    // The two big ones in parallel (to each other and to the feeds below).
    let (calendar, search) = rayon::join(
        || write("calendar.ics", calendar().as_bytes()),
        || write_search(out, search),
    );
    calendar?;
    let mut files = 2 + search?;
    let feeds: Vec<Result<()>> = (0..site.stakeholders.len())
        .into_par_iter()
        .map(|i| {
            let (name, text) = stakeholder_feed(site, i);
            write(&name, text.as_bytes())
        })
        .collect();
    for f in feeds {
        f?;
        files += 1;
    }
    Ok(files)
}

/// `atom.xml`: the releases.
pub(crate) fn releases_feed(site: &Site) -> String {
    let all: Vec<usize> = (0..site.releases.len()).collect();
    feed::atom(
        site,
        &format!("{}: releases", site.config.title),
        "atom.xml",
        "releases/",
        &all,
    )
}

/// Stakeholder `i`'s feed of the releases that concern them: its path and text.
pub(crate) fn stakeholder_feed(site: &Site, i: usize) -> (String, String) {
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
    (format!("{dir}atom.xml"), text)
}

/// The sitemap: every page except the 404 and the `latest` alias.
pub(crate) fn sitemap(site: &Site, pages: &[Page]) -> String {
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
pub(crate) fn versions_js(site: &Site) -> String {
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
