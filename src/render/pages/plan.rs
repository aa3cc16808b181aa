//! The plan (`/plan/`): every planned and in-progress release with its window,
//! milestones and progress, and a timeline chart of them drawn at build time.

use serde::Serialize;
use tera::Context;

use super::super::views::*;
use crate::chart::timeline::{self, Marker};
use crate::content::*;
use crate::site::{Origin, Release, Site};

/// A release in flight.
#[derive(Serialize)]
pub(crate) struct PlanView<'a> {
    #[serde(flatten)]
    pub(crate) row: Row<'a>,
    pub(crate) milestones: Vec<MilestoneView<'a>>,
    /// Checklist items done and in all, over its checklists.
    pub(crate) done: u32,
    pub(crate) total: u32,
    pub(crate) percent: u32,
    pub(crate) open_risks: Vec<RiskView<'a>>,
    pub(crate) open_actions: Vec<ActionView<'a>>,
}

/// Whether an action item was agreed about release `r`: at its retrospective or at a
/// meeting about it.
fn about(origin: &Origin, r: &Release) -> bool {
    match origin {
        Origin::Retro(rt) => &rt.front.release == r.version(),
        Origin::Meeting(m) => m.front.release.as_ref() == Some(r.version()),
    }
}

fn plan_view<'a>(site: &'a Site, r: &'a Release) -> PlanView<'a> {
    let (done, total) = r
        .checklists
        .iter()
        .map(|&c| checklist_view(site, &site.checklists[c], ""))
        .fold((0, 0), |(d, t), c| (d + c.done, t + c.total));
    let mut open_actions: Vec<ActionView> = site
        .action_items()
        .filter(|(o, a)| a.status == ActionStatus::Open && about(o, r))
        .map(|(o, a)| action_view(site, o, a))
        .collect();
    open_actions.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.id.cmp(b.id)));
    PlanView {
        row: row(r),
        milestones: r
            .front
            .milestones
            .iter()
            .map(|m| milestone_view(site, m))
            .collect(),
        done,
        total,
        percent: (done * 100).checked_div(total).unwrap_or(0),
        open_risks: r
            .front
            .risks
            .iter()
            .filter(|k| k.status == RiskStatus::Open)
            .map(|k| risk_view(site, r, k))
            .collect(),
        open_actions,
    }
}

/// The timeline chart of releases in flight with a window; empty without any.
fn chart(releases: &[&Release]) -> String {
    let rows: Vec<timeline::Row> = releases
        .iter()
        .filter_map(|r| {
            let w = r.front.window.as_ref()?;
            Some(timeline::Row {
                label: r.version().to_string(),
                start: w.start.0,
                end: w.end.0,
                markers: r
                    .front
                    .milestones
                    .iter()
                    .map(|m| Marker {
                        day: m.actual.unwrap_or(m.planned).0,
                        name: m.name.clone(),
                        reached: m.actual.is_some(),
                        late: m.is_late(),
                    })
                    .collect(),
            })
        })
        .collect();
    timeline::timeline(
        "chart-plan",
        "Releases in flight",
        "One row per planned or in-progress release: its window as a bar, its milestones as circles (filled when reached, red when reached late, hollow when not reached).",
        &rows,
    )
}

pub(crate) fn plan(site: &Site, ctx: &mut Context) {
    let mut in_flight: Vec<&Release> = site
        .releases
        .iter()
        .filter(|r| matches!(r.status, Status::Planned | Status::InProgress))
        .collect();
    in_flight.sort_by(|a, b| {
        let start = |r: &Release| r.front.window.as_ref().map(|w| w.start);
        start(a)
            .cmp(&start(b))
            .then_with(|| a.version().cmp(b.version()))
    });
    let views: Vec<PlanView> = in_flight.iter().map(|r| plan_view(site, r)).collect();
    ctx.insert("releases", &views);
    ctx.insert("chart", &chart(&in_flight));
}
