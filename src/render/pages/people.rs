//! Stakeholders: the registry by group, and one page per stakeholder with the releases
//! that concern them.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::super::views::{row, Row};
use super::{cap, LIST_LIMIT};
use crate::content::*;
use crate::site::{Release, Site};

#[derive(Serialize)]
pub(crate) struct StakeholderView<'a> {
    #[serde(flatten)]
    s: &'a Stakeholder,
    url: String,
    releases: usize,
}

pub(crate) fn stakeholders_index(site: &Site, ctx: &mut Context) {
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

pub(crate) fn stakeholder_page(site: &Site, i: usize, ctx: &mut Context) {
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
