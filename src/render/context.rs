//! The Tera context of each page: the views its template receives, plus `site`,
//! `page` and `root` for `base.html`.

use tera::Context;

use super::format::root_prefix;
use super::pages::{self, kpis::KpiSection};
use super::views::{PageView, SiteView};
use super::{page_path, Page};
use crate::kpi::Kpis;
use crate::site::Site;

/// The page's path from the site root, its template and the context it is rendered with.
pub fn context(
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
            pages::dashboard::dashboard(site, kpis, &mut ctx);
            ("index.html", cfg.title.clone(), "dashboard")
        }
        Page::Releases => {
            pages::releases::releases_index(site, &mut ctx);
            ("releases.html", "Release history".into(), "releases")
        }
        Page::HistoryYear(year) => {
            pages::releases::history_year(site, year, &mut ctx);
            (
                "history_year.html",
                format!("Releases of {year}"),
                "releases",
            )
        }
        Page::Release(i) => {
            let r = &site.releases[i];
            pages::release::release_page(site, i, &mut ctx);
            ("release.html", r.title(), "releases")
        }
        Page::Latest(i) => {
            let r = &site.releases[i];
            pages::release::release_page(site, i, &mut ctx);
            ctx.insert("is_latest_alias", &true);
            ("release.html", r.title(), "releases")
        }
        Page::Retrospectives => {
            pages::retro::retros_index(site, &mut ctx);
            (
                "retrospectives.html",
                "Retrospectives".into(),
                "retrospectives",
            )
        }
        Page::Retrospective(i) => {
            let title = pages::retro::retro_page(site, i, &mut ctx);
            ("retrospective.html", title, "retrospectives")
        }
        Page::Compliance => {
            pages::compliance::compliance(site, &mut ctx);
            ("compliance.html", "Compliance".into(), "compliance")
        }
        Page::Risks => {
            pages::risks::risks(site, &mut ctx);
            ("risks.html", "Risk register".into(), "risks")
        }
        Page::Stakeholders => {
            pages::people::stakeholders_index(site, &mut ctx);
            ("stakeholders.html", "Stakeholders".into(), "stakeholders")
        }
        Page::Stakeholder(i) => {
            let s = &site.stakeholders[i];
            pages::people::stakeholder_page(site, i, &mut ctx);
            ("stakeholder.html", s.name.clone(), "stakeholders")
        }
        Page::Handbook => {
            pages::handbook::handbook_index(site, &mut ctx);
            (
                "handbook.html",
                "Release manager handbook".into(),
                "handbook",
            )
        }
        Page::Module(i) => {
            pages::handbook::module_page(site, i, &mut ctx);
            (
                "module.html",
                site.modules[i].front.title.clone(),
                "handbook",
            )
        }
        Page::Kpis => {
            pages::kpis::kpis_page(kpis, sections, &mut ctx);
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
