//! Dependencies: the view of one release's dependencies and graph (also on its release
//! page), and `/dependencies/`, the open ones across the releases in flight.

use serde::Serialize;
use tera::Context;

use super::super::views::{row, Row};
use crate::content::*;
use crate::depgraph;
use crate::site::{Release, Site};

/// One dependency as templates show it.
#[derive(Serialize)]
pub(crate) struct DependencyView<'a> {
    pub(crate) from: &'a str,
    pub(crate) to: &'a str,
    pub(crate) kind: &'static str,
    pub(crate) status: &'static str,
    pub(crate) note: Option<&'a str>,
    /// The release it belongs to.
    pub(crate) version: &'a str,
}

/// The graph edge of a dependency, with its hover text.
fn edge(d: &Dependency) -> depgraph::Edge<'_> {
    let note = d
        .note
        .as_deref()
        .map(|n| format!(": {n}"))
        .unwrap_or_default();
    depgraph::Edge {
        from: &d.from,
        to: &d.to,
        status: d.status.as_str(),
        label: format!(
            "{} waits on {} ({}, {}){note}",
            d.from, d.to, d.kind, d.status
        ),
    }
}

fn view<'a>(r: &'a Release, d: &'a Dependency) -> DependencyView<'a> {
    DependencyView {
        from: &d.from,
        to: &d.to,
        kind: d.kind.as_str(),
        status: d.status.as_str(),
        note: d.note.as_deref(),
        version: r.version().as_str(),
    }
}

/// Release `r`'s dependencies and their graph (empty when it declares none).
pub(crate) fn release_dependencies(r: &Release) -> (Vec<DependencyView<'_>>, String) {
    let list = r.front.dependencies.iter().map(|d| view(r, d)).collect();
    let edges: Vec<_> = r.front.dependencies.iter().map(edge).collect();
    let title = format!("Dependencies of {}", r.version());
    (list, depgraph::svg("depgraph", &title, &edges))
}

/// A release in flight with its open dependencies.
#[derive(Serialize)]
struct InFlight<'a> {
    #[serde(flatten)]
    row: Row<'a>,
    dependencies: Vec<DependencyView<'a>>,
}

/// `/dependencies/`: the open and at-risk dependencies of every planned or in-progress
/// release, one graph of them all, at-risk first in each release.
pub(crate) fn dependencies(site: &Site, ctx: &mut Context) {
    let open = |d: &&Dependency| d.status != DependencyStatus::Resolved;
    let in_flight: Vec<&Release> = site
        .releases
        .iter()
        .filter(|r| matches!(r.status, Status::Planned | Status::InProgress))
        .filter(|r| r.front.dependencies.iter().any(|d| open(&d)))
        .collect();
    let releases: Vec<InFlight> = in_flight
        .iter()
        .map(|r| {
            let mut deps: Vec<&Dependency> = r.front.dependencies.iter().filter(open).collect();
            deps.sort_by_key(|d| d.status != DependencyStatus::AtRisk);
            InFlight {
                row: row(r),
                dependencies: deps.into_iter().map(|d| view(r, d)).collect(),
            }
        })
        .collect();
    let edges: Vec<_> = in_flight
        .iter()
        .flat_map(|r| r.front.dependencies.iter().filter(open).map(edge))
        .collect();
    let at_risk = edges.iter().filter(|e| e.status == "at-risk").count();
    ctx.insert("releases", &releases);
    ctx.insert("at_risk", &at_risk);
    ctx.insert(
        "graph",
        &depgraph::svg(
            "depgraph-all",
            "Open dependencies of the releases in flight",
            &edges,
        ),
    );
}
