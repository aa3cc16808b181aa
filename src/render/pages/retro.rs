//! Retrospectives: the index with every action item, and one page per review.

use serde::Serialize;
use tera::Context;

use super::super::views::{action_view, row, who, Who};
use super::super::Body;
use super::{cap_map, LIST_LIMIT};
use crate::content::*;
use crate::site::{Origin, Site};

#[derive(Serialize)]
pub(crate) struct RetroRow<'a> {
    version: &'a str,
    url: String,
    title: String,
    date: Option<String>,
    facilitator: Option<Who<'a>>,
    open: usize,
    done: usize,
    dropped: usize,
}

pub(crate) fn retros_index(site: &Site, ctx: &mut Context) {
    let count = |r: &crate::site::Retro, s: ActionStatus| {
        r.front
            .action_items
            .iter()
            .filter(|a| a.status == s)
            .count()
    };
    // Open items always in full; closed ones and reviews only the newest at scale.
    let (rows, more_retros) = cap_map(site.retros.iter().rev(), LIST_LIMIT, |r| RetroRow {
        version: r.front.release.as_str(),
        url: format!("retrospectives/{}/", r.front.release),
        title: site.releases[r.release].title(),
        date: r.front.date.map(|d| d.to_string()),
        facilitator: r.front.facilitator.as_deref().map(|id| who(site, id)),
        open: count(r, ActionStatus::Open),
        done: count(r, ActionStatus::Done),
        dropped: count(r, ActionStatus::Dropped),
    });
    // Retrospectives' items, then meetings' (each newest first): one list, one id space;
    // open first, then by due date (undated first) and id.
    let retro_items = site.retros.iter().rev().flat_map(|r| {
        let items = r.front.action_items.iter();
        items.map(move |a| (Origin::Retro(r), a))
    });
    let meeting_items = site.meetings.iter().rev().flat_map(|m| {
        let items = m.front.action_items.iter();
        items.map(move |a| (Origin::Meeting(m), a))
    });
    let mut actions: Vec<(Origin, &ActionItem)> = retro_items.chain(meeting_items).collect();
    // Statuses order as declared: open, done, dropped.
    actions.sort_by(|(_, a), (_, b)| {
        a.status
            .cmp(&b.status)
            .then_with(|| a.due.cmp(&b.due))
            .then_with(|| a.id.cmp(&b.id))
    });
    let total = |s: ActionStatus| actions.iter().filter(|(_, a)| a.status == s).count();
    let totals: Vec<(&str, usize)> = ActionStatus::ALL
        .iter()
        .map(|&s| (s.as_str(), total(s)))
        .collect();
    let open = total(ActionStatus::Open);
    let (actions, more_actions) = cap_map(actions.into_iter(), open + LIST_LIMIT, |(o, a)| {
        action_view(site, o, a)
    });
    ctx.insert("retros", &rows);
    ctx.insert("actions", &actions);
    ctx.insert("more_retros", &more_retros);
    ctx.insert("more_actions", &more_actions);
    ctx.insert("totals", &totals);
}

/// "Retrospective: 2.3.0 — Title".
pub(crate) fn title(site: &Site, i: usize) -> String {
    let r = &site.releases[site.retros[i].release];
    let title = format!(
        "Retrospective: {} {}",
        r.version(),
        r.front
            .title
            .as_deref()
            .map(|t| format!("— {t}"))
            .unwrap_or_default()
    );
    title.trim_end().to_string()
}

/// `body`: its HTML and table of contents ([`super::super::page_body`]).
pub(crate) fn retro_page(site: &Site, i: usize, body: &Body, ctx: &mut Context) {
    let rt = &site.retros[i];
    let r = &site.releases[rt.release];
    ctx.insert("release", &row(r));
    ctx.insert("date", &rt.front.date.map(|d| d.to_string()));
    ctx.insert(
        "facilitator",
        &rt.front.facilitator.as_deref().map(|id| who(site, id)),
    );
    ctx.insert(
        "participants",
        &rt.front
            .participants
            .iter()
            .map(|p| who(site, p))
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "actions",
        &rt.front
            .action_items
            .iter()
            .map(|a| action_view(site, Origin::Retro(rt), a))
            .collect::<Vec<_>>(),
    );
    ctx.insert("html", &body.html);
    ctx.insert("toc", &body.toc);
}
