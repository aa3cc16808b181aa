//! Retrospectives: the index with every action item, and one page per review.

use serde::Serialize;
use tera::Context;

use super::super::views::{action_view, row, who, ActionView, Who};
use super::super::Body;
use super::{cap, LIST_LIMIT};
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
    let rows: Vec<RetroRow> = site
        .retros
        .iter()
        .rev()
        .map(|r| RetroRow {
            version: r.front.release.as_str(),
            url: format!("retrospectives/{}/", r.front.release),
            title: site.releases[r.release].title(),
            date: r.front.date.map(|d| d.to_string()),
            facilitator: r.front.facilitator.as_deref().map(|id| who(site, id)),
            open: count(r, ActionStatus::Open),
            done: count(r, ActionStatus::Done),
            dropped: count(r, ActionStatus::Dropped),
        })
        .collect();
    // Retrospectives' items, then meetings' (each newest first): one list, one id space.
    let retro_items = site.retros.iter().rev().flat_map(|r| {
        let items = r.front.action_items.iter();
        items.map(move |a| action_view(site, Origin::Retro(r), a))
    });
    let meeting_items = site.meetings.iter().rev().flat_map(|m| {
        let items = m.front.action_items.iter();
        items.map(move |a| action_view(site, Origin::Meeting(m), a))
    });
    let mut actions: Vec<ActionView> = retro_items.chain(meeting_items).collect();
    let order = |s: &str| match s {
        "open" => 0,
        "done" => 1,
        _ => 2,
    };
    actions.sort_by(|a, b| {
        order(a.status)
            .cmp(&order(b.status))
            .then_with(|| a.due.cmp(&b.due))
            .then_with(|| a.id.cmp(b.id))
    });
    let totals = [
        (
            "open",
            actions.iter().filter(|a| a.status == "open").count(),
        ),
        (
            "done",
            actions.iter().filter(|a| a.status == "done").count(),
        ),
        (
            "dropped",
            actions.iter().filter(|a| a.status == "dropped").count(),
        ),
    ];
    // Open items always in full; closed ones and reviews only the newest at scale.
    let open = actions.iter().filter(|a| a.status == "open").count();
    let (rows, more_retros) = cap(rows, LIST_LIMIT);
    let (actions, more_actions) = cap(actions, open + LIST_LIMIT);
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
