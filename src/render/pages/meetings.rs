//! Meeting records: the index (`/meetings/`, newest first, by kind) and one page each.

use serde::Serialize;
use tera::Context;

use super::super::views::{action_view, row, who, ActionView, Who};
use crate::content::*;
use crate::site::{Meeting, Origin, Site};

/// A meeting as lists show it.
#[derive(Serialize)]
pub(crate) struct MeetingRow<'a> {
    pub(crate) slug: &'a str,
    pub(crate) url: String,
    pub(crate) title: String,
    pub(crate) kind: &'static str,
    pub(crate) date: String,
    /// The release's version; empty when the meeting is about none.
    pub(crate) version: &'a str,
    pub(crate) participants: usize,
    pub(crate) open: usize,
    pub(crate) decision: Option<&'static str>,
}

pub(crate) fn meeting_row(m: &Meeting) -> MeetingRow<'_> {
    MeetingRow {
        slug: &m.slug,
        url: format!("meetings/{}/", m.slug),
        title: m.title(),
        kind: m.front.kind.as_str(),
        date: m.front.date.to_string(),
        version: m.front.release.as_ref().map_or("", |v| v.as_str()),
        participants: m.front.participants.len(),
        open: m
            .front
            .action_items
            .iter()
            .filter(|a| a.status == ActionStatus::Open)
            .count(),
        decision: m.front.decision.map(Decision::as_str),
    }
}

pub(crate) fn meetings_index(site: &Site, ctx: &mut Context) {
    let rows: Vec<MeetingRow> = site.meetings.iter().rev().map(meeting_row).collect();
    let kinds: Vec<(&str, usize)> = MeetingKind::ALL
        .iter()
        .map(|k| {
            (
                k.as_str(),
                rows.iter().filter(|r| r.kind == k.as_str()).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    ctx.insert("meetings", &rows);
    ctx.insert("kinds", &kinds);
}

pub(crate) fn meeting_page(site: &Site, i: usize, ctx: &mut Context) {
    let m = &site.meetings[i];
    ctx.insert("meeting", &meeting_row(m));
    ctx.insert("release", &m.release.map(|r| row(&site.releases[r])));
    let participants: Vec<Who> = m.front.participants.iter().map(|p| who(site, p)).collect();
    ctx.insert("participants", &participants);
    ctx.insert("decisions", &m.front.decisions);
    ctx.insert("conditions", &m.front.conditions);
    let actions: Vec<ActionView> = m
        .front
        .action_items
        .iter()
        .map(|a| action_view(site, Origin::Meeting(m), a))
        .collect();
    ctx.insert("actions", &actions);
    ctx.insert("html", &m.body.html);
    ctx.insert("toc", &m.body.toc);
}
