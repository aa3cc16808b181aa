//! Stakeholders: the registry by group, and one page per stakeholder with the releases
//! that concern them.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::super::views::{row, Row};
use super::{cap_map, LIST_LIMIT};
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
        Concern {
            row: row(r),
            reason: why(s, r),
        }
    }
    let upcoming: Vec<Concern> = mine
        .iter()
        .filter(|r| matches!(r.status, Status::Planned | Status::InProgress))
        .map(|r| concern(s, r))
        .collect();
    let past = mine
        .iter()
        .filter(|r| !matches!(r.status, Status::Planned | Status::InProgress));
    let (past, more) = cap_map(past, LIST_LIMIT, |r| concern(s, r));
    ctx.insert("stakeholder", s);
    ctx.insert("upcoming", &upcoming);
    ctx.insert("past", &past);
    ctx.insert("more", &more);
}

/// Why release `r` concerns stakeholder `s`, in words: their roles in it (release manager,
/// go/no-go approver, owner of risks, milestones or logged issues), being listed as a
/// stakeholder, and the components they follow.
/// "owns risks R-1, R-2" when `names` is not empty.
fn owns<'a>(parts: &mut Vec<String>, one: &str, many: &str, names: impl Iterator<Item = &'a str>) {
    let names: Vec<&str> = names.collect();
    if !names.is_empty() {
        let what = crate::plural::word(names.len(), one, many);
        parts.push(format!("owns {what} {}", names.join(", ")));
    }
}

fn why(s: &Stakeholder, r: &Release) -> String {
    let f = &r.front;
    let me = |o: &Option<String>| o.as_deref() == Some(s.id.as_str());
    let mut parts: Vec<String> = Vec::new();
    if me(&f.manager) {
        parts.push("release manager".into());
    }
    if f.go_no_go
        .as_ref()
        .is_some_and(|g| g.approvers.contains(&s.id))
    {
        parts.push("go/no-go approver".into());
    }
    let risks = f
        .risks
        .iter()
        .filter(|k| me(&k.owner))
        .map(|k| k.id.as_str());
    owns(&mut parts, "risk", "risks", risks);
    let milestones = f.milestones.iter().filter(|m| me(&m.owner));
    owns(
        &mut parts,
        "milestone",
        "milestones",
        milestones.map(|m| m.name.as_str()),
    );
    let issues = f
        .issue_log
        .iter()
        .filter(|k| me(&k.owner))
        .map(|k| k.id.as_str());
    owns(&mut parts, "issue", "issues", issues);
    if f.stakeholders.contains(&s.id) {
        parts.push("listed as a stakeholder".into());
    }
    let comps: Vec<&str> = f
        .components
        .iter()
        .filter(|c| s.interests.contains(c))
        .map(String::as_str)
        .collect();
    if !comps.is_empty() {
        parts.push(format!("follows {}", comps.join(", ")));
    }
    let mut out = parts.join("; ");
    if let Some(first) = out.get(..1) {
        out = first.to_uppercase() + &out[1..];
    }
    out
}
