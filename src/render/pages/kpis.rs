//! The KPI page (`/kpis/`): one section per KPI with its definition, value, DORA band,
//! chart and data table.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::super::format::pct;
use crate::chart::{self, Layer, Line, Spec};
use crate::kpi::{self, Kpis};

/// Per-release charts show at most this many of the newest counted releases (all of them
/// are in `kpis.json` and `kpis.csv`).
pub const CHART_RELEASES: usize = 40;

/// One section of the KPI page: definition, value, band, chart and data table.
#[derive(Serialize)]
pub struct KpiSection {
    pub(crate) id: &'static str,
    pub(crate) title: &'static str,
    pub(crate) definition: &'static str,
    pub(crate) value: String,
    pub(crate) band: Option<&'static str>,
    pub(crate) chart: String,
    pub(crate) legend: Vec<(&'static str, String)>,
    pub(crate) head: Vec<&'static str>,
    pub(crate) rows: Vec<Vec<String>>,
}

pub(crate) fn kpis_page(k: &Kpis, sections: &[KpiSection], ctx: &mut Context) {
    ctx.insert("sections", sections);
    ctx.insert("dora", &k.dora);
    ctx.insert("chart_releases", &CHART_RELEASES);
    ctx.insert("counted", &k.releases.len());
    ctx.insert("kpi_window", &k.window.label());
}

/// What every section's chart is drawn from.
struct Charts<'a> {
    k: &'a Kpis,
    /// The newest [`CHART_RELEASES`] counted releases, and their versions.
    recent: &'a [kpi::ReleaseKpi],
    versions: Vec<String>,
    /// Every quarter with deployments.
    quarters: Vec<String>,
    has_git: bool,
}

/// A value or `—`.
fn opt(v: Option<f64>, f: &dyn Fn(f64) -> String) -> String {
    v.map_or("—".to_string(), f)
}

/// Days with one decimal.
fn days(v: f64) -> String {
    format!("{v:.1}")
}

/// The sections of the KPI page, charts drawn.
pub fn kpi_sections(k: &Kpis) -> Vec<KpiSection> {
    let recent: &[kpi::ReleaseKpi] = &k.releases[k.releases.len().saturating_sub(CHART_RELEASES)..];
    let c = Charts {
        k,
        recent,
        versions: recent.iter().map(|r| r.version.clone()).collect(),
        quarters: k
            .series
            .deployments_per_quarter
            .iter()
            .map(|q| q.period.clone())
            .collect(),
        has_git: k.releases.iter().any(|r| r.commits.is_some()),
    };
    let mut sections = vec![
        frequency(&c),
        deployments(&c),
        change_failure_rate(&c),
        compliance(&c),
        escape_rate(&c),
        escaped(&c),
        lead_time(&c),
        time_to_restore(&c),
        action_items(&c),
        rework(&c),
        schedule(&c),
    ];
    for s in &mut sections {
        // Newest first: the current quarter and the latest release lead the table.
        if s.id != "action-items" {
            s.rows.reverse();
        }
        if !has_data(s) {
            s.chart.clear();
        }
    }
    sections
}

/// Whether a section has anything to draw: some value in its table (`—` is none; for
/// the action items, whose rows are always there, a count of 0 is none too).
fn has_data(s: &KpiSection) -> bool {
    let none = |c: &String| c == "—" || (s.id == "action-items" && c == "0");
    s.rows
        .iter()
        .flat_map(|r| r.iter().skip(1))
        .any(|c| !none(c))
}

/// Release frequency: releases per month and the median gap.
fn frequency(c: &Charts) -> KpiSection {
    let k = c.k;
    let s = &c.k.summary;
    let months: Vec<String> = k
        .series
        .releases_per_month
        .iter()
        .map(|c| c.period.clone())
        .collect();
    KpiSection {
        id: "frequency",
        title: "Release frequency",
        definition: "Counted releases (status released or rolled-back) per calendar month, every month from the first to the last included. The median gap is over consecutive counted releases ordered by date.",
        value: format!("{}; median {} days between releases", crate::plural::count(s.releases, "release", "releases"), opt(s.median_days_between_releases, &days)),
        band: c.k.dora.deployment_frequency,
        chart: chart::bars(
            &Spec { id: "chart-frequency", title: "Releases per month", desc: "Bar chart of the number of counted releases in each calendar month.", y_label: "releases", percent: false },
            &months,
            &c.k.series.releases_per_month.iter().map(|c| c.count as f64).collect::<Vec<_>>(),
            chart::BLUE,
        ),
        legend: vec![("Releases", chart::css(chart::BLUE))],
        head: vec!["Quarter", "Releases"],
        rows: c.k.series.releases_per_quarter.iter().map(|c| vec![c.period.clone(), c.count.to_string()]).collect(),
    }
}

/// Deployment results per quarter.
fn deployments(c: &Charts) -> KpiSection {
    let s = &c.k.summary;
    KpiSection {
        id: "deployments",
        title: "Deployment results",
        definition: "Deployment success rate = releases whose deployment result is success / releases with any deployment result. Change failure rate = failed + rolled-back over the same releases.",
        value: format!("success rate {}; change failure rate {}", opt(s.deployment_success_rate, &pct), opt(s.change_failure_rate, &pct)),
        band: None,
        chart: chart::stacked(
            &Spec { id: "chart-deployments", title: "Deployment results per quarter", desc: "Stacked bars: successful, failed and rolled-back deployments in each quarter.", y_label: "deployments", percent: false },
            &c.quarters,
            &[
                Layer { name: "success", color: chart::GREEN, values: c.k.series.deployments_per_quarter.iter().map(|q| q.success as f64).collect() },
                Layer { name: "failed", color: chart::ORANGE, values: c.k.series.deployments_per_quarter.iter().map(|q| q.failed as f64).collect() },
                Layer { name: "rolled back", color: chart::RED, values: c.k.series.deployments_per_quarter.iter().map(|q| q.rolled_back as f64).collect() },
            ],
        ),
        legend: vec![("Success", chart::css(chart::GREEN)), ("Failed", chart::css(chart::ORANGE)), ("Rolled back", chart::css(chart::RED))],
        head: vec!["Quarter", "Success", "Failed", "Rolled back"],
        rows: c.k.series.deployments_per_quarter.iter().map(|q| vec![q.period.clone(), q.success.to_string(), q.failed.to_string(), q.rolled_back.to_string()]).collect(),
    }
}

/// Change failure rate per quarter.
fn change_failure_rate(c: &Charts) -> KpiSection {
    let s = &c.k.summary;
    KpiSection {
        id: "change-failure-rate",
        title: "Change failure rate",
        definition: "Failed + rolled-back deployments / all deployments of counted releases, per quarter. Quarters without deployments have no value.",
        value: opt(s.change_failure_rate, &pct),
        band: c.k.dora.change_failure_rate,
        chart: chart::lines(
            &Spec { id: "chart-cfr", title: "Change failure rate per quarter", desc: "Line chart of the share of deployments that failed or were rolled back in each quarter.", y_label: "change failure rate", percent: true },
            &c.quarters,
            &[Line { name: "change failure rate", color: chart::RED, values: c.k.series.change_failure_rate_per_quarter.iter().map(|v| v.value).collect(), connect: true }],
        ),
        legend: vec![("Change failure rate", chart::css(chart::RED))],
        head: vec!["Quarter", "Change failure rate"],
        rows: c.k.series.change_failure_rate_per_quarter.iter().map(|v| vec![v.period.clone(), opt(v.value, &pct)]).collect(),
    }
}

/// Checklist compliance per quarter.
fn compliance(c: &Charts) -> KpiSection {
    let s = &c.k.summary;
    KpiSection {
        id: "compliance",
        title: "Checklist compliance",
        definition: "A counted release is compliant when every phase in [kpi] required_phases has a checklist with every item done. Compliance = compliant / counted releases, per quarter.",
        value: s.checklist_compliance.map_or("not tracked: no release has a checklist".into(), pct),
        band: None,
        chart: chart::lines(
            &Spec { id: "chart-compliance", title: "Checklist compliance per quarter", desc: "Line chart of the share of counted releases in each quarter whose required checklists were complete.", y_label: "compliant releases", percent: true },
            &c.quarters,
            &[Line { name: "compliance", color: chart::GREEN, values: c.k.series.checklist_compliance_per_quarter.iter().map(|v| v.value).collect(), connect: true }],
        ),
        legend: vec![("Compliance", chart::css(chart::GREEN))],
        head: vec!["Quarter", "Compliance"],
        rows: c.k.series.checklist_compliance_per_quarter.iter().map(|v| vec![v.period.clone(), opt(v.value, &pct)]).collect(),
    }
}

/// Defect escape rate per release.
fn escape_rate(c: &Charts) -> KpiSection {
    let recent = c.recent;
    let s = &c.k.summary;
    KpiSection {
        id: "defects",
        title: "Defect escape rate",
        definition: "Per release: escaped / (found before release + escaped), absent when both are 0 or missing. Overall: the sum of escaped over the sum of both, across releases with defect data.",
        value: opt(s.defect_escape_rate, &pct),
        band: None,
        chart: chart::lines(
            &Spec { id: "chart-escape", title: "Defect escape rate per release", desc: "Line chart of the share of each release's defects found only after release.", y_label: "escape rate", percent: true },
            &c.versions,
            &[Line { name: "escape rate", color: chart::PURPLE, values: c.recent.iter().map(|r| r.defect_escape_rate).collect(), connect: true }],
        ),
        legend: vec![("Escape rate", chart::css(chart::PURPLE))],
        head: vec!["Release", "Found before", "Escaped", "Escape rate"],
        rows: recent
            .iter()
            .map(|r| {
                let d = r.defects;
                let n = |v: Option<u32>| v.map_or("—".into(), |v| v.to_string());
                vec![r.version.clone(), n(d.and_then(|d| d.found_before_release)), n(d.and_then(|d| d.escaped)), opt(r.defect_escape_rate, &pct)]
            })
            .collect(),
    }
}

/// Escaped defects and fix commits per release.
fn escaped(c: &Charts) -> KpiSection {
    KpiSection {
        id: "escaped",
        title: "Escaped defects and fix commits",
        definition: "Escaped defects per release from the release notes; fix commits = Conventional Commits of type fix in the release's git range.",
        value: format!("{} escaped in all", c.k.releases.iter().filter_map(|r| r.defects.and_then(|d| d.escaped)).sum::<u32>()),
        band: None,
        chart: chart::lines(
            &Spec { id: "chart-escaped", title: "Escaped defects and fix commits per release", desc: "Points per release: escaped defects, and fix commits when git history is available.", y_label: "count", percent: false },
            &c.versions,
            &[
                Line { name: "escaped defects", color: chart::RED, values: c.recent.iter().map(|r| r.defects.and_then(|d| d.escaped).map(f64::from)).collect(), connect: true },
                Line { name: "fix commits", color: chart::BLUE, values: c.recent.iter().map(|r| r.fix_commits.map(|c| c as f64)).collect(), connect: true },
            ],
        ),
        legend: if c.has_git { vec![("Escaped defects", chart::css(chart::RED)), ("Fix commits", chart::css(chart::BLUE))] } else { vec![("Escaped defects", chart::css(chart::RED))] },
        head: vec!["Release", "Escaped defects", "Fix commits"],
        rows: c.recent.iter().map(|r| vec![r.version.clone(), r.defects.and_then(|d| d.escaped).map_or("—".into(), |v| v.to_string()), r.fix_commits.map_or("—".into(), |v| v.to_string())]).collect(),
    }
}

/// Lead time for changes per release.
fn lead_time(c: &Charts) -> KpiSection {
    let recent = c.recent;
    let s = &c.k.summary;
    KpiSection {
        id: "lead-time",
        title: "Lead time for changes",
        definition: "For each commit of a release: release moment − author date, in days (commits dated after the release count as 0). Per release the median and 90th percentile; overall the median over all commits of counted releases. Medians are the middle value, or the mean of the two middle values for an even count; the 90th percentile is by the nearest-rank method.",
        value: if c.has_git { format!("median {} days", opt(s.median_lead_time_days, &days)) } else { "no git history".into() },
        band: c.k.dora.lead_time,
        chart: chart::lines(
            &Spec { id: "chart-lead", title: "Lead time per release", desc: "Lines of the median and 90th percentile lead time of each release's commits, in days.", y_label: "days", percent: false },
            &c.versions,
            &[
                Line { name: "median", color: chart::BLUE, values: c.recent.iter().map(|r| r.lead_time_days.map(|l| l.median)).collect(), connect: true },
                Line { name: "p90", color: chart::ORANGE, values: c.recent.iter().map(|r| r.lead_time_days.map(|l| l.p90)).collect(), connect: true },
            ],
        ),
        legend: vec![("Median", chart::css(chart::BLUE)), ("90th percentile", chart::css(chart::ORANGE))],
        head: vec!["Release", "Commits", "Median days", "p90 days"],
        rows: recent
            .iter()
            .map(|r| vec![r.version.clone(), r.commits.map_or("—".into(), |c| c.to_string()), opt(r.lead_time_days.map(|l| l.median), &days), opt(r.lead_time_days.map(|l| l.p90), &days)])
            .collect(),
    }
}

/// Time to restore per failed deployment.
fn time_to_restore(c: &Charts) -> KpiSection {
    let k = c.k;
    let s = &c.k.summary;
    let restored: Vec<&kpi::ReleaseKpi> = k
        .releases
        .iter()
        .filter(|r| r.time_to_restore_hours.is_some())
        .collect();
    KpiSection {
        id: "time-to-restore",
        title: "Time to restore service",
        definition: "For failed or rolled-back deployments: restored − finished, in hours. The median over all of them (the mean of the two middle values for an even count).",
        value: format!("median {}", opt(s.median_time_to_restore_hours, &|h| format!("{h:.1} hours"))),
        band: c.k.dora.time_to_restore,
        chart: chart::lines(
            &Spec { id: "chart-restore", title: "Time to restore per failed deployment", desc: "Points: hours from the end of each failed or rolled-back deployment to restored service.", y_label: "hours", percent: false },
            &restored.iter().map(|r| r.version.clone()).collect::<Vec<_>>(),
            &[Line { name: "hours", color: chart::RED, values: restored.iter().map(|r| r.time_to_restore_hours).collect(), connect: false }],
        ),
        legend: vec![("Hours to restore", chart::css(chart::RED))],
        head: vec!["Release", "Result", "Hours"],
        rows: restored.iter().map(|r| vec![r.version.clone(), r.deployment.unwrap_or("").to_string(), opt(r.time_to_restore_hours, &|h| format!("{h:.1}"))]).collect(),
    }
}

/// Retrospective action items by status.
fn action_items(c: &Charts) -> KpiSection {
    let s = &c.k.summary;
    let a = s.action_items;
    KpiSection {
        id: "action-items",
        title: "Retrospective action items",
        definition: "Action items of all retrospectives by status. On time = done items closed on or before their due date, over done items with both dates.",
        value: format!("{} open, {} done, {} dropped; {} closed on time", a.open, a.done, a.dropped, opt(a.closed_by_due_date, &pct)),
        band: None,
        chart: chart::stacked(
            &Spec { id: "chart-actions", title: "Action items by status", desc: "Bars of the number of open, done and dropped action items.", y_label: "items", percent: false },
            &["open".to_string(), "done".to_string(), "dropped".to_string()],
            &[
                Layer { name: "open", color: chart::ORANGE, values: vec![a.open as f64, 0.0, 0.0] },
                Layer { name: "done", color: chart::GREEN, values: vec![0.0, a.done as f64, 0.0] },
                Layer { name: "dropped", color: chart::GRAY, values: vec![0.0, 0.0, a.dropped as f64] },
            ],
        ),
        legend: vec![("Open", chart::css(chart::ORANGE)), ("Done", chart::css(chart::GREEN)), ("Dropped", chart::css(chart::GRAY))],
        head: vec!["Status", "Items"],
        rows: vec![vec!["open".into(), a.open.to_string()], vec!["done".into(), a.done.to_string()], vec!["dropped".into(), a.dropped.to_string()]],
    }
}

/// Deployment rework rate: hotfixes per quarter.
fn rework(c: &Charts) -> KpiSection {
    let k = c.k;
    let s = &c.k.summary;
    let mut hotfix_q: BTreeMap<&str, usize> = k
        .series
        .releases_per_quarter
        .iter()
        .map(|c| (c.period.as_str(), 0))
        .collect();
    for r in c.k.releases.iter().filter(|r| r.kind == Some("hotfix")) {
        if let Some(q) = r
            .date
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(kpi::quarter)
        {
            if let Some(n) = hotfix_q.get_mut(q.as_str()) {
                *n += 1;
            }
        }
    }
    KpiSection {
        id: "rework",
        title: "Deployment rework rate",
        definition: "Counted releases of kind hotfix (unplanned deployments made because of a production incident) / counted releases. DORA's fifth metric since 2024.",
        value: opt(s.rework_rate, &pct),
        band: None,
        chart: chart::bars(
            &Spec { id: "chart-rework", title: "Hotfix releases per quarter", desc: "Bar chart of the number of hotfix releases in each quarter.", y_label: "hotfixes", percent: false },
            &hotfix_q.keys().map(|q| q.to_string()).collect::<Vec<_>>(),
            &hotfix_q.values().map(|&n| n as f64).collect::<Vec<_>>(),
            chart::ORANGE,
        ),
        legend: vec![("Hotfixes", chart::css(chart::ORANGE))],
        head: vec!["Quarter", "Hotfixes"],
        rows: hotfix_q.iter().map(|(q, n)| vec![q.to_string(), n.to_string()]).collect(),
    }
}

/// Schedule adherence: shipped by the end of the planned window, and the slip.
fn schedule(c: &Charts) -> KpiSection {
    let s = &c.k.summary;
    let slipped: Vec<&kpi::ReleaseKpi> =
        c.recent.iter().filter(|r| r.slip_days.is_some()).collect();
    KpiSection {
        id: "schedule",
        title: "Schedule adherence",
        definition: "Counted releases (status released or rolled-back) with a window and a date whose release date fell inside the window or before its end / all counted releases with a window and a date. A release's slip is the number of days its date fell after the window's end (0 when on time); the median slip is over the same releases.",
        value: format!("{}; median slip {} days", opt(s.schedule_adherence, &pct), opt(s.median_slip_days, &|v| format!("{v:.0}"))),
        band: None,
        chart: chart::bars(
            &Spec { id: "chart-schedule", title: "Slip per release", desc: "Bar chart of the days each counted release shipped after the end of its planned window (0: on time).", y_label: "days late", percent: false },
            &slipped.iter().map(|r| r.version.clone()).collect::<Vec<_>>(),
            &slipped.iter().map(|r| r.slip_days.unwrap_or(0) as f64).collect::<Vec<_>>(),
            chart::RED,
        ),
        legend: vec![("Days after the window", chart::css(chart::RED))],
        head: vec!["Release", "Slip (days)"],
        rows: slipped.iter().map(|r| vec![r.version.clone(), r.slip_days.unwrap_or(0).to_string()]).collect(),
    }
}
