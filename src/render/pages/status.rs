//! Weekly status reports: `/status/` lists them, `/status/<year>-W<nn>/` shows one
//! (computed by [`crate::status`]).

use serde::Serialize;
use tera::Context;

use crate::content::Week;
use crate::kpi::Kpis;
use crate::site::Site;
use crate::status;

/// A row of `/status/`.
#[derive(Serialize)]
pub(crate) struct WeekRow {
    week: Week,
    url: String,
    monday: String,
    sunday: String,
    /// The week `[status] today` or the newest dated fact falls in.
    current: bool,
    /// Versions of the releases in flight that week.
    releases: Vec<String>,
    /// The status note's title, when the week has one.
    note: Option<String>,
    has_note: bool,
}

/// `/status/`: every week with a report, newest first.
pub(crate) fn status_index(site: &Site, ctx: &mut Context) {
    let current = status::content_week(site);
    let weeks: Vec<WeekRow> = status::weeks(site)
        .into_iter()
        .rev()
        .map(|w| {
            let note = site.status_notes.iter().find(|n| n.week == w);
            WeekRow {
                week: w,
                url: format!("status/{w}/"),
                monday: w.monday().to_string(),
                sunday: w.sunday().to_string(),
                current: current == Some(w),
                releases: status::flying(site, w)
                    .into_iter()
                    .map(|r| r.version().to_string())
                    .collect(),
                note: note.and_then(|n| n.front.title.clone()),
                has_note: note.is_some(),
            }
        })
        .collect();
    ctx.insert("weeks", &weeks);
    ctx.insert("max_weeks", &status::MAX_WEEKS);
}

/// What `/status/<week>/` shows: the report, whether it is the current week, and the
/// weeks before and after it that have a report.
pub(crate) struct WeekPage {
    pub report: status::Report,
    pub is_current: bool,
    pub prev_week: Option<String>,
    pub next_week: Option<String>,
}

/// [`WeekPage`] of `week`.
pub(crate) fn week_page(site: &Site, kpis: &Kpis, week: Week) -> WeekPage {
    let weeks = status::weeks(site);
    let at = weeks.iter().position(|&w| w == week);
    let near = |i: Option<usize>| i.and_then(|i| weeks.get(i)).map(|w| w.to_string());
    WeekPage {
        report: status::report(site, kpis, week),
        is_current: status::content_week(site) == Some(week),
        prev_week: near(at.and_then(|i| i.checked_sub(1))),
        next_week: near(at.map(|i| i + 1)),
    }
}

/// `/status/<week>/`.
pub(crate) fn status_week(site: &Site, kpis: &Kpis, week: Week, ctx: &mut Context) {
    let p = week_page(site, kpis, week);
    ctx.insert("report", &p.report);
    ctx.insert("is_current", &p.is_current);
    ctx.insert("prev_week", &p.prev_week);
    ctx.insert("next_week", &p.next_week);
}
