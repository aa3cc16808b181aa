//! The compliance view (`/compliance/`): releases × checklist phases.

use serde::Serialize;
use tera::Context;

use super::super::views::{checklist_view, row, Row};
use super::{cap_map, LIST_LIMIT};
use crate::content::*;
use crate::site::{Release, Site};

#[derive(Serialize)]
pub(crate) struct Cell {
    phase: &'static str,
    /// `complete`, `incomplete`, `missing` (required but absent) or `none`.
    state: &'static str,
    done: u32,
    total: u32,
    percent: u32,
    required: bool,
}

#[derive(Serialize)]
pub(crate) struct MatrixRow<'a> {
    #[serde(flatten)]
    row: Row<'a>,
    cells: Vec<Cell>,
    /// `yes`, `no`, `not tracked` on a site without checklists, or `n/a` for releases
    /// that have not shipped.
    compliant: &'static str,
}

pub(crate) fn compliance(site: &Site, ctx: &mut Context) {
    let tracked = site.tracks_compliance();
    let required = &site.config.kpi.required_phases;
    let phases: Vec<Phase> = Phase::ALL
        .iter()
        .copied()
        .filter(|p| required.contains(p) || site.checklists.iter().any(|c| c.front.phase == *p))
        .collect();
    let listed = || {
        site.releases
            .iter()
            .rev()
            .filter(|r| r.status != Status::Cancelled)
    };
    let verdict = |r: &Release| match (r.is_shipped(), tracked) {
        (false, _) => "n/a",
        (true, false) => "not tracked",
        (true, true) if site.is_compliant(r) => "yes",
        (true, true) => "no",
    };
    let shipped = listed().filter(|r| r.is_shipped()).count();
    let compliant = listed().filter(|r| verdict(r) == "yes").count();
    let (rows, more) = cap_map(listed(), LIST_LIMIT, |r| MatrixRow {
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
                let tasks = c.map(|c| c.tasks).unwrap_or_default();
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
        compliant: verdict(r),
    });
    ctx.insert("tracked", &tracked);
    ctx.insert(
        "phases",
        &phases
            .iter()
            .map(|p| (p.as_str(), required.contains(p)))
            .collect::<Vec<_>>(),
    );
    ctx.insert("rows", &rows);
    ctx.insert("more", &more);
    ctx.insert("shipped", &shipped);
    ctx.insert("compliant", &compliant);
    ctx.insert(
        "templates",
        &site
            .checklist_templates
            .iter()
            .map(|c| checklist_view(site, c, c.html.as_deref().unwrap_or_default()))
            .collect::<Vec<_>>(),
    );
}
