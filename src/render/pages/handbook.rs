//! The training handbook: the module list and one page per module.

use serde::Serialize;
use tera::Context;

use crate::site::Site;

#[derive(Serialize)]
pub(crate) struct ModuleLink<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    order: Option<u32>,
    duration: Option<u32>,
    objectives: &'a [String],
}

pub(crate) fn module_links(site: &Site) -> Vec<ModuleLink<'_>> {
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

pub(crate) fn handbook_index(site: &Site, ctx: &mut Context) {
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

pub(crate) fn module_page(site: &Site, i: usize, ctx: &mut Context) {
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
