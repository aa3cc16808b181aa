//! Weekly status reports, computed from the model with no I/O and no clock: which weeks
//! get one ([`weeks`]), which is the current one ([`current_week`]) and what a week's
//! report says ([`report`]). Pages (`/status/`), the status feed and `relbook status`
//! all show these.
//!
//! Risks carry no dates, so "opened and closed that week" is said of the issue log
//! (`issue_log` of release notes); risks are listed as they stand, by impact.

use std::collections::BTreeSet;

use chrono::{NaiveDate, TimeDelta};
use serde::Serialize;

use crate::content::*;
use crate::kpi::Kpis;
use crate::site::{Release, ReportWeeks, Site};

pub mod text;

/// At most this many weeks get a report: the newest ones.
pub const MAX_WEEKS: usize = 104;
/// Upcoming milestones: those planned within this many days after the week.
pub const UPCOMING_DAYS: i64 = 14;
/// A release whose window opens within this many days after a week, and that had not
/// shipped by then, is in preparation (in flight) that week.
pub const PREPARATION_DAYS: i64 = 28;

/// One week's report. Every `url` is from the site root.
#[derive(Debug, Serialize)]
pub struct Report {
    pub week: Week,
    /// Its first and last day.
    pub monday: String,
    pub sunday: String,
    pub url: String,
    pub releases: Vec<ReleaseProgress>,
    pub metrics: Metrics,
    pub issues_opened: Vec<IssueRow>,
    pub issues_closed: Vec<IssueRow>,
    /// Open risks of the week's releases, highest impact first.
    pub open_risks: Vec<RiskRow>,
    /// Action items due that week (any status).
    pub actions_due: Vec<ActionRow>,
    /// Action items due before the week and still open at its end.
    pub actions_overdue: Vec<ActionRow>,
    pub meetings: Vec<MeetingRow>,
    pub note: Option<NoteView>,
}

/// A release planned, in progress or shipped during the week.
#[derive(Debug, Serialize)]
pub struct ReleaseProgress {
    pub version: String,
    pub title: String,
    pub url: String,
    pub status: &'static str,
    pub window: Option<(String, String)>,
    /// Its release date, when it fell in the week.
    pub shipped: Option<String>,
    pub reached: Vec<MilestoneRow>,
    pub upcoming: Vec<MilestoneRow>,
    /// Planned on or before the week's end and not reached by then.
    pub overdue: Vec<MilestoneRow>,
    pub checklist_done: u32,
    pub checklist_total: u32,
    pub checklist_percent: u32,
}

#[derive(Debug, Serialize)]
pub struct MilestoneRow {
    pub name: String,
    pub planned: String,
    pub actual: Option<String>,
    pub late: bool,
}

/// Key metrics as they stood.
#[derive(Debug, Serialize)]
pub struct Metrics {
    /// Site-wide, percent.
    pub schedule_adherence: Option<String>,
    pub median_slip_days: Option<String>,
    /// Found before release plus escaped, over the week's releases.
    pub defects_found: u32,
    /// Open risks of the week's releases by impact: high, medium, low.
    pub risks_by_impact: Vec<(&'static str, usize)>,
}

#[derive(Debug, Serialize)]
pub struct IssueRow {
    pub id: String,
    pub title: String,
    pub version: String,
    pub url: String,
    pub severity: &'static str,
    pub opened: String,
    pub resolved: Option<String>,
    pub owner: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RiskRow {
    pub id: String,
    pub title: String,
    pub version: String,
    pub url: String,
    pub probability: &'static str,
    pub impact: &'static str,
    pub owner: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ActionRow {
    pub id: String,
    pub title: String,
    pub url: String,
    pub owner: Option<String>,
    pub due: String,
    pub status: &'static str,
}

#[derive(Debug, Serialize)]
pub struct MeetingRow {
    pub title: String,
    pub kind: &'static str,
    pub date: String,
    pub url: String,
}

/// The hand-written part.
#[derive(Debug, Serialize)]
pub struct NoteView {
    pub title: Option<String>,
    /// Rendered for a page at `status/<week>/`.
    pub html: String,
    /// Plain text of the body.
    pub text: String,
}

fn in_days(d: NaiveDate, from: NaiveDate, to: NaiveDate) -> bool {
    from <= d && d <= to
}

/// Whether release `r` was planned, in progress or shipped during `week`: its window
/// overlaps the week, opens within [`PREPARATION_DAYS`] after it (and the release had
/// not shipped by the week's end), it shipped that week, or it is planned or in
/// progress with a milestone within [`UPCOMING_DAYS`] of the week. Cancelled releases
/// never are.
pub fn in_flight(r: &Release, week: Week) -> bool {
    let (mon, sun) = (week.monday(), week.sunday());
    let f = &r.front;
    if r.status == Status::Cancelled {
        return false;
    }
    let unshipped = f.date.is_none_or(|d| d.0 > sun);
    let prep = sun + TimeDelta::days(PREPARATION_DAYS);
    let overlaps = |w: &Window| w.start.0 <= sun && w.end.0 >= mon;
    let ahead = |w: &Window| unshipped && w.start.0 > sun && w.start.0 <= prep;
    if f.window.as_ref().is_some_and(|w| overlaps(w) || ahead(w)) {
        return true;
    }
    if f.date.is_some_and(|d| in_days(d.0, mon, sun)) {
        return true;
    }
    let around = TimeDelta::days(UPCOMING_DAYS);
    matches!(r.status, Status::Planned | Status::InProgress)
        && f.milestones.iter().any(|m| {
            [Some(m.planned), m.actual]
                .into_iter()
                .flatten()
                .any(|d| in_days(d.0, mon - around, sun + around))
        })
}

/// The newest day the content records as having happened: release dates, reached
/// milestones, logged issues, meetings, retrospectives, closed action items, go/no-go
/// dates, and the Monday of each status note's week. Planned days (windows, milestones
/// not reached, due dates) are not facts.
pub fn newest_fact(site: &Site) -> Option<NaiveDate> {
    let mut days: Vec<NaiveDate> = Vec::new();
    for r in &site.releases {
        let f = &r.front;
        days.extend(f.date.map(|d| d.0));
        days.extend(f.milestones.iter().filter_map(|m| m.actual.map(|d| d.0)));
        for i in &f.issue_log {
            days.push(i.opened.0);
            days.extend(i.resolved.map(|d| d.0));
        }
        days.extend(f.go_no_go.as_ref().and_then(|g| g.date).map(|d| d.0));
    }
    days.extend(site.meetings.iter().map(|m| m.front.date.0));
    days.extend(site.retros.iter().filter_map(|r| r.front.date.map(|d| d.0)));
    days.extend(
        site.action_items()
            .filter_map(|(_, a)| a.closed.map(|d| d.0)),
    );
    days.extend(site.status_notes.iter().map(|n| n.week.monday()));
    days.into_iter().max()
}

/// The current week: that of `--week` (`given`), else of `[status] today`, else of the
/// newest fact ([`newest_fact`]); `None` for a site that records no day at all.
pub fn current_week(site: &Site, given: Option<Week>) -> Option<Week> {
    given
        .or(site.config.status.today.map(|d| Week::of(d.0)))
        .or(newest_fact(site).map(Week::of))
}

/// The weeks with a report, oldest first: each week from the earliest to the latest in
/// which a release was planned or in progress (release windows), plus any week with a
/// status note and the current week; the newest [`MAX_WEEKS`] of them.
pub fn weeks(site: &Site) -> Vec<Week> {
    report_weeks(site).0.clone()
}

/// The current week by the content (no `--week`), worked out once per site.
pub fn content_week(site: &Site) -> Option<Week> {
    report_weeks(site).1
}

/// The releases [`in_flight`] during `week`, in site order. For the weeks that get a
/// report this is worked out once per site, visiting each release only in the weeks
/// around its dates (the status pages ask for every week: 104 × every release).
pub fn flying(site: &Site, week: Week) -> Vec<&Release> {
    let (weeks, _, flying) = report_weeks(site);
    match weeks.binary_search(&week) {
        Ok(k) => flying[k].iter().map(|&i| &site.releases[i]).collect(),
        Err(_) => site
            .releases
            .iter()
            .filter(|r| in_flight(r, week))
            .collect(),
    }
}

fn report_weeks(site: &Site) -> &ReportWeeks {
    site.memo.report_weeks.get_or_init(|| {
        let weeks = find_weeks(site);
        let mut flying = vec![Vec::new(); weeks.len()];
        for (i, r) in site.releases.iter().enumerate() {
            let Some((lo, hi)) = flight_span(r) else {
                continue;
            };
            let from = weeks.partition_point(|w| w.sunday() < lo);
            for (k, &w) in weeks.iter().enumerate().skip(from) {
                if w.monday() > hi {
                    break;
                }
                if in_flight(r, w) {
                    flying[k].push(i);
                }
            }
        }
        (weeks, current_week(site, None), flying)
    })
}

/// The days outside which release `r` cannot be [`in_flight`] in any week: a week it is
/// in flight overlaps this span (see the cases there).
fn flight_span(r: &Release) -> Option<(NaiveDate, NaiveDate)> {
    let f = &r.front;
    let around = TimeDelta::days(UPCOMING_DAYS);
    let mut days: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    if let Some(w) = &f.window {
        let (start, end) = (w.start.0.min(w.end.0), w.start.0.max(w.end.0));
        days.push((start - TimeDelta::days(PREPARATION_DAYS), end));
    }
    days.extend(f.date.map(|d| (d.0, d.0)));
    for m in &f.milestones {
        for d in [Some(m.planned), m.actual].into_iter().flatten() {
            days.push((d.0 - around, d.0 + around));
        }
    }
    let lo = days.iter().map(|d| d.0).min()?;
    let hi = days.iter().map(|d| d.1).max()?;
    Some((lo, hi))
}

/// Works out [`weeks`] (uncached).
fn find_weeks(site: &Site) -> Vec<Week> {
    let mut set: BTreeSet<Week> = BTreeSet::new();
    let windows: Vec<&Window> = site
        .releases
        .iter()
        .filter_map(|r| r.front.window.as_ref())
        .collect();
    let first = windows.iter().map(|w| w.start.0.min(w.end.0)).min();
    let last = windows.iter().map(|w| w.end.0.max(w.start.0)).max();
    if let (Some(first), Some(last)) = (first, last) {
        // Only the newest MAX_WEEKS can survive the cap: start no earlier than that.
        let from = first.max(last - TimeDelta::weeks(MAX_WEEKS as i64 + 1));
        let mut day = Week::of(from).monday();
        while day <= last {
            set.insert(Week::of(day));
            day += TimeDelta::weeks(1);
        }
    }
    set.extend(site.status_notes.iter().map(|n| n.week));
    set.extend(current_week(site, None));
    let all: Vec<Week> = set.into_iter().collect();
    let skip = all.len().saturating_sub(MAX_WEEKS);
    all[skip..].to_vec()
}

fn day(d: Date) -> String {
    d.0.to_string()
}

fn release_url(r: &Release) -> String {
    format!("releases/{}/", r.version())
}

fn milestone_row(m: &Milestone) -> MilestoneRow {
    MilestoneRow {
        name: m.name.clone(),
        planned: day(m.planned),
        actual: m.actual.map(day),
        late: m.is_late(),
    }
}

fn progress(site: &Site, r: &Release, week: Week) -> ReleaseProgress {
    let (mon, sun) = (week.monday(), week.sunday());
    let f = &r.front;
    let mut done = 0;
    let mut total = 0;
    for (_, t) in site.checklist_tasks(r) {
        done += t.done;
        total += t.total;
    }
    let reached_by = |m: &Milestone| m.actual.is_some_and(|a| a.0 <= sun);
    ReleaseProgress {
        version: r.version().to_string(),
        title: r.title(),
        url: release_url(r),
        status: r.status.as_str(),
        window: f.window.as_ref().map(|w| (day(w.start), day(w.end))),
        shipped: f.date.filter(|d| in_days(d.0, mon, sun)).map(day),
        reached: f
            .milestones
            .iter()
            .filter(|m| m.actual.is_some_and(|a| in_days(a.0, mon, sun)))
            .map(milestone_row)
            .collect(),
        upcoming: f
            .milestones
            .iter()
            .filter(|m| {
                !reached_by(m)
                    && in_days(
                        m.planned.0,
                        sun.succ_opt().unwrap_or(sun),
                        sun + TimeDelta::days(UPCOMING_DAYS),
                    )
            })
            .map(milestone_row)
            .collect(),
        overdue: f
            .milestones
            .iter()
            .filter(|m| !reached_by(m) && m.planned.0 <= sun)
            .map(milestone_row)
            .collect(),
        checklist_done: done,
        checklist_total: total,
        checklist_percent: (u64::from(done) * 100)
            .checked_div(u64::from(total))
            .map_or(0, |p| p as u32),
    }
}

fn issue_row(r: &Release, i: &LoggedIssue) -> IssueRow {
    IssueRow {
        id: i.id.clone(),
        title: i.title.clone(),
        version: r.version().to_string(),
        url: release_url(r),
        severity: i.severity.as_str(),
        opened: day(i.opened),
        resolved: i.resolved.map(day),
        owner: i.owner.clone(),
    }
}

fn pct(v: Option<f64>) -> Option<String> {
    v.map(|v| format!("{:.0}%", v * 100.0))
}

/// The report of `week`.
pub fn report(site: &Site, kpis: &Kpis, week: Week) -> Report {
    let (mon, sun) = (week.monday(), week.sunday());
    let flying = flying(site, week);
    let mut open_risks: Vec<RiskRow> = flying
        .iter()
        .flat_map(|r| r.front.risks.iter().map(move |k| (r, k)))
        .filter(|(_, k)| k.status == RiskStatus::Open)
        .map(|(r, k)| RiskRow {
            id: k.id.clone(),
            title: k.title.clone(),
            version: r.version().to_string(),
            url: release_url(r),
            probability: k.probability.as_str(),
            impact: k.impact.as_str(),
            owner: k.owner.clone(),
        })
        .collect();
    let rank = |s: &str| match s {
        "high" => 0,
        "medium" => 1,
        _ => 2,
    };
    open_risks.sort_by_key(|k| rank(k.impact));
    let risks_by_impact = ["high", "medium", "low"]
        .into_iter()
        .map(|l| (l, open_risks.iter().filter(|k| k.impact == l).count()))
        .collect();
    let defects_found = flying
        .iter()
        .filter_map(|r| r.front.defects.as_ref())
        .map(|d| d.found_before_release.unwrap_or(0) + d.escaped.unwrap_or(0))
        .sum();
    let dated = site.dated();
    let issue_rows = |found: Vec<crate::site::IssueAt>| -> Vec<IssueRow> {
        found
            .into_iter()
            .map(|at| {
                let (r, i) = site.issue_at(at);
                issue_row(r, i)
            })
            .collect()
    };
    let issues_opened = issue_rows(dated.issues_opened(mon, sun));
    let issues_closed = issue_rows(dated.issues_resolved(mon, sun));
    let action_rows = |found: Vec<crate::site::ActionAt>| -> Vec<ActionRow> {
        found
            .into_iter()
            .map(|at| {
                let (origin, a) = site.action_at(at);
                ActionRow {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    url: origin.item_url(&a.id),
                    owner: a.owner.clone(),
                    due: a.due.map(day).unwrap_or_default(),
                    status: a.status.as_str(),
                }
            })
            .collect()
    };
    let actions_due = action_rows(dated.actions_due(mon, sun));
    let actions_overdue = action_rows(dated.actions_open_past(mon, sun));
    let meetings = site
        .meetings
        .iter()
        .filter(|m| in_days(m.front.date.0, mon, sun))
        .map(|m| MeetingRow {
            title: m.title(),
            kind: m.front.kind.as_str(),
            date: day(m.front.date),
            url: format!("meetings/{}/", m.slug),
        })
        .collect();
    let note = site
        .status_notes
        .iter()
        .find(|n| n.week == week)
        .map(|n| NoteView {
            title: n.front.title.clone(),
            html: n.body.html.clone(),
            text: n.body.text.clone(),
        });
    Report {
        week,
        monday: mon.to_string(),
        sunday: sun.to_string(),
        url: format!("status/{week}/"),
        releases: flying.iter().map(|r| progress(site, r, week)).collect(),
        metrics: Metrics {
            schedule_adherence: pct(kpis.summary.schedule_adherence),
            median_slip_days: kpis.summary.median_slip_days.map(|d| format!("{d:.0}")),
            defects_found,
            risks_by_impact,
        },
        issues_opened,
        issues_closed,
        open_risks,
        actions_due,
        actions_overdue,
        meetings,
        note,
    }
}
