//! The dashboard (`/`): KPI tiles, latest and next release, open risks and action items.

use serde::Serialize;
use tera::Context;

use super::super::format::{human_days, pct};
use super::super::views::{action_view, risk_view, row, ActionView, RiskView, Row};
use crate::content::*;
use crate::kpi::{self, Kpis};
use crate::site::Site;

/// What git knows of the latest release: enough to say something without release notes.
#[derive(Serialize)]
pub(crate) struct LatestGit<'a> {
    tag: &'a str,
    commits: usize,
    previous_tag: Option<&'a str>,
}

/// The latest release's git facts, when it has a tag.
fn latest_git(site: &Site, i: usize) -> Option<LatestGit<'_>> {
    let r = &site.releases[i];
    let tag = &site.history.as_ref()?.releases[r.git?];
    Some(LatestGit {
        tag: &tag.tag,
        commits: tag.commits.len(),
        previous_tag: tag.previous_tag.as_deref(),
    })
}

#[derive(Serialize)]
pub(crate) struct Tile {
    label: String,
    value: String,
    detail: String,
    url: &'static str,
    /// `better`, `worse` or empty: the trend against the previous quarter.
    trend: &'static str,
}

/// Last two quarters of a series: (period, value) now and before.
pub(crate) fn last_two<T: Clone>(items: &[T]) -> (Option<T>, Option<T>) {
    let n = items.len();
    (
        items.last().cloned(),
        n.checked_sub(2).and_then(|i| items.get(i).cloned()),
    )
}

/// Arrow and words for a change; `higher_is_better` decides the colour.
pub(crate) fn trend(
    now: f64,
    before: f64,
    higher_is_better: bool,
    fmt: &dyn Fn(f64) -> String,
    period: &str,
) -> (String, &'static str) {
    let arrow = if now > before {
        "▲"
    } else if now < before {
        "▼"
    } else {
        "unchanged"
    };
    let class = match (now.partial_cmp(&before), higher_is_better) {
        (Some(std::cmp::Ordering::Greater), true) | (Some(std::cmp::Ordering::Less), false) => {
            "better"
        }
        (Some(std::cmp::Ordering::Greater), false) | (Some(std::cmp::Ordering::Less), true) => {
            "worse"
        }
        _ => "",
    };
    (format!("{arrow} from {} in {period}", fmt(before)), class)
}

/// A tile for a rate: the overall value, and the last quarter against the one before.
pub(crate) fn rate_tile(
    label: &str,
    overall: Option<f64>,
    quarters: &[kpi::Value],
    higher_is_better: bool,
    fallback: &str,
    url: &'static str,
) -> Tile {
    let (now, before) = last_two(quarters);
    let (detail, trend_class) = match (now.as_ref().and_then(|n| n.value), before) {
        (
            Some(n),
            Some(kpi::Value {
                value: Some(b),
                period,
            }),
        ) => {
            let (words, class) = trend(n, b, higher_is_better, &pct, &period);
            (format!("last quarter {}; {words}", pct(n)), class)
        }
        _ => (fallback.to_string(), ""),
    };
    Tile {
        label: label.into(),
        value: overall.map_or("—".into(), pct),
        detail,
        url,
        trend: trend_class,
    }
}

pub(crate) fn dashboard_tiles(
    k: &Kpis,
    open_risks: usize,
    high_risks: usize,
    open_actions: usize,
    open_issues: usize,
) -> Vec<Tile> {
    let s = &k.summary;
    let mut tiles = Vec::new();
    let (now, before) = last_two(&k.series.releases_per_quarter);
    let (detail, class) = match (&now, &before) {
        (Some(n), Some(b)) => trend(
            n.count as f64,
            b.count as f64,
            true,
            &|v| format!("{v:.0}"),
            &b.period,
        ),
        _ => (String::new(), ""),
    };
    tiles.push(Tile {
        label: now
            .as_ref()
            .map_or("Releases".into(), |n| format!("Releases in {}", n.period)),
        value: now.as_ref().map_or("—".into(), |n| n.count.to_string()),
        detail: format!(
            "{detail}{}{} shipped in all",
            if detail.is_empty() { "" } else { "; " },
            k.releases.len()
        ),
        url: "kpis/#frequency",
        trend: class,
    });
    tiles.push(rate_tile(
        "Change failure rate",
        s.change_failure_rate,
        &k.series.change_failure_rate_per_quarter,
        false,
        &format!("deployments in {}", k.window.label()),
        "kpis/#change-failure-rate",
    ));
    tiles.push(rate_tile(
        "Checklist compliance",
        s.checklist_compliance,
        &k.series.checklist_compliance_per_quarter,
        true,
        if s.checklist_compliance.is_some() {
            "of shipped releases"
        } else {
            "not tracked: no release has a checklist"
        },
        "kpis/#compliance",
    ));
    tiles.push(Tile {
        label: "Median lead time".into(),
        value: s.median_lead_time_days.map_or("—".into(), human_days),
        detail: k.dora.lead_time.map_or("no git history".into(), |b| {
            format!("DORA {}: {b}, over {}", k.dora.report, k.window.label())
        }),
        url: "kpis/#lead-time",
        trend: "",
    });
    tiles.push(Tile {
        label: "Time to restore".into(),
        value: s
            .median_time_to_restore_hours
            .map_or("—".into(), |h| format!("{h:.1} h")),
        detail: k
            .dora
            .time_to_restore
            .map_or("no failed deployments".into(), |b| {
                format!(
                    "median; DORA {}: {b}, over {}",
                    k.dora.report,
                    k.window.label()
                )
            }),
        url: "kpis/#time-to-restore",
        trend: "",
    });
    tiles.push(Tile {
        label: "Schedule adherence".into(),
        value: s.schedule_adherence.map_or("—".into(), pct),
        detail: s
            .median_slip_days
            .map_or("no shipped release with a window".into(), |d| {
                format!("released by the window's end; median slip {d:.0} days")
            }),
        url: "kpis/#schedule",
        trend: "",
    });
    tiles.push(Tile {
        label: "Open risks".into(),
        value: open_risks.to_string(),
        detail: format!("{high_risks} with high severity"),
        url: "risks/",
        trend: "",
    });
    tiles.push(Tile {
        label: "Open action items".into(),
        value: open_actions.to_string(),
        detail: "from retrospectives".into(),
        url: "retrospectives/",
        trend: "",
    });
    tiles.push(Tile {
        label: "Open issues".into(),
        value: open_issues.to_string(),
        detail: "from release issue logs".into(),
        url: "issues/",
        trend: "",
    });
    tiles
}

pub(crate) fn dashboard(site: &Site, kpis: &Kpis, ctx: &mut Context) {
    let mut open_risks: Vec<RiskView> = site
        .risks()
        .filter(|(_, k)| k.status == RiskStatus::Open)
        .map(|(r, k)| risk_view(site, r, k))
        .collect();
    open_risks.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| b.version.cmp(a.version)));
    let mut open_actions: Vec<ActionView> = site
        .action_items()
        .filter(|(_, a)| a.status == ActionStatus::Open)
        .map(|(origin, a)| action_view(site, origin, a))
        .collect();
    open_actions.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.id.cmp(b.id)));
    let tiles = dashboard_tiles(
        kpis,
        open_risks.len(),
        open_risks.iter().filter(|r| r.severity == "high").count(),
        open_actions.len(),
        super::issues::open_issues(site),
    );
    let recent: Vec<Row> = site
        .releases
        .iter()
        .rev()
        .filter(|r| r.is_shipped())
        .take(8)
        .map(row)
        .collect();
    ctx.insert("tiles", &tiles);
    ctx.insert("latest", &site.latest().map(|i| row(&site.releases[i])));
    ctx.insert(
        "latest_git",
        &site.latest().and_then(|i| latest_git(site, i)),
    );
    ctx.insert("next", &site.next_planned().map(|i| row(&site.releases[i])));
    ctx.insert("recent", &recent);
    ctx.insert("open_risks", &open_risks.iter().take(8).collect::<Vec<_>>());
    ctx.insert(
        "open_actions",
        &open_actions.iter().take(10).collect::<Vec<_>>(),
    );
    ctx.insert("open_actions_total", &open_actions.len());
    ctx.insert("unreleased_commits", &super::unreleased_commits(site));
}
