//! The Tera context of each page: the views its template receives, plus `site`,
//! `page` and `root` for `base.html`.

use tera::Context;

use super::format::root_prefix;
use super::pages::{self, kpis::KpiSection};
use serde::Serialize;

use super::views::PageView;
use super::{page_path, Body, Page};
use crate::kpi::Kpis;
use crate::site::Site;

/// `site`: what every page shows of the site.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    repo_url: &'a str,
    has_stakeholders: bool,
    has_handbook: bool,
    /// `/meetings/` exists.
    has_meetings: bool,
    /// `/dependencies/` exists.
    has_dependencies: bool,
}

/// The page's path from the site root, its template and the context it is rendered with.
/// `body`: the HTML the model does not keep ([`super::page_body`]).
pub fn context(
    site: &Site,
    kpis: &Kpis,
    sections: &[KpiSection],
    page: Page,
    body: &Body,
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
            has_meetings: !site.meetings.is_empty(),
            has_dependencies: site.has_dependencies,
        },
    );
    let path = page_path(site, page);
    let (template, section) = page.template();
    let title = page_title(site, page);
    match page {
        Page::Dashboard => pages::dashboard::dashboard(site, kpis, &mut ctx),
        Page::Releases => pages::releases::releases_index(site, &mut ctx),
        Page::HistoryYear(year) => pages::releases::history_year(site, year, &mut ctx),
        Page::Release(i) => pages::release::release_page(site, i, body, false, &mut ctx),
        Page::Latest(i) => pages::release::release_page(site, i, body, true, &mut ctx),
        Page::Retrospectives => pages::retro::retros_index(site, &mut ctx),
        Page::Retrospective(i) => pages::retro::retro_page(site, i, body, &mut ctx),
        Page::Compliance => pages::compliance::compliance(site, &mut ctx),
        Page::Risks => pages::risks::risks(site, &mut ctx),
        Page::Issues => pages::issues::issues(site, &mut ctx),
        Page::Plan => pages::plan::plan(site, &mut ctx),
        Page::Stakeholders => pages::people::stakeholders_index(site, &mut ctx),
        Page::Stakeholder(i) => pages::people::stakeholder_page(site, i, &mut ctx),
        Page::Handbook => pages::handbook::handbook_index(site, &mut ctx),
        Page::Module(i) => pages::handbook::module_page(site, i, &mut ctx),
        Page::Kpis => pages::kpis::kpis_page(kpis, sections, &mut ctx),
        Page::Dependencies => pages::dependencies::dependencies(site, &mut ctx),
        Page::Meetings => pages::meetings::meetings_index(site, &mut ctx),
        Page::Meeting(i) => pages::meetings::meeting_page(site, i, &mut ctx),
        Page::Status => pages::status::status_index(site, &mut ctx),
        Page::StatusWeek(w) => pages::status::status_week(site, kpis, w, &mut ctx),
        Page::Unreleased => pages::release::unreleased_page(site, &mut ctx),
        Page::NotFound => {}
    }
    let (root, view) = page_view(site, page, &path, title, section);
    ctx.insert("root", &root);
    ctx.insert("page", &view);
    (path, template, ctx)
}

/// The title of `page`: the `<title>` and `og:title` of its head, and most pages' heading.
pub(super) fn page_title(site: &Site, page: Page) -> String {
    let cfg = &site.config;
    match page {
        Page::Dashboard => cfg.title.clone(),
        Page::Releases => "Release history".into(),
        Page::HistoryYear(year) => format!("Releases of {year}"),
        Page::Release(i) | Page::Latest(i) => site.releases[i].title(),
        Page::Retrospectives => "Retrospectives".into(),
        Page::Retrospective(i) => pages::retro::title(site, i),
        Page::Compliance => "Compliance".into(),
        Page::Risks => "Risk register".into(),
        Page::Issues => "Issue log".into(),
        Page::Plan => "Releases in flight".into(),
        Page::Stakeholders => "Stakeholders".into(),
        Page::Stakeholder(i) => site.stakeholders[i].name.clone(),
        Page::Handbook => "Release manager handbook".into(),
        Page::Module(i) => site.modules[i].front.title.clone(),
        Page::Kpis => "Key performance indicators".into(),
        Page::Dependencies => "Dependencies".into(),
        Page::Meetings => "Meetings".into(),
        Page::Meeting(i) => site.meetings[i].title(),
        Page::Status => "Status reports".into(),
        Page::StatusWeek(w) => format!("Status report {w}"),
        Page::Unreleased => "Unreleased changes".into(),
        Page::NotFound => "Page not found".into(),
    }
}

/// The page's root prefix (`../../`) and what the base template shows of it.
pub(super) fn page_view<'a>(
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
