//! The risk register (`/risks/`) across releases.

use tera::Context;

use super::super::views::{risk_view, RiskView};
use super::{cap, LIST_LIMIT};
use crate::content::*;
use crate::site::Site;

pub(crate) fn risks(site: &Site, ctx: &mut Context) {
    let mut all: Vec<RiskView> = site.risks().map(|(r, k)| risk_view(site, r, k)).collect();
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
