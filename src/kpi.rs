//! Key performance indicators, computed from the loaded model with no I/O.
//!
//! Definitions (shown on the KPI page too):
//! - A release **counts** when its status is `released` or `rolled-back`; its date is the
//!   note's `date`, else its git tag's date.
//! - Every median is the middle value, or the mean of the two middle values for an even
//!   count ([`crate::git::median_of_sorted`], the one median); the 90th percentile is by
//!   the **nearest-rank** method: the smallest value with at least 90% of the values at
//!   or below it.
//! - Rates are fractions in [0, 1]; a rate with an empty denominator is `None` (`null`).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::config::KpiWindow;
use crate::content::{
    ActionItem, ActionStatus, Date, Defects, DeployResult, Deployment, Kind, Phase, Status, Window,
};
use crate::dora::DoraTable;
use crate::git::{median_of_sorted, nearest_rank, Commit, Group};
use crate::markdown::Tasks;
use crate::site::{release_moment, tracks_compliance, unmet_phases, Release, Site};

mod files;
mod period;

pub use files::{csv, KpiFiles};
pub use period::quarter;
use period::Periods;

/// What the KPIs need to know about one release.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    pub version: &'a str,
    /// The git tag it came from, when it has one.
    pub tag: Option<&'a str>,
    pub date: Option<NaiveDate>,
    pub status: Status,
    pub kind: Option<Kind>,
    pub deployment: Option<&'a Deployment>,
    /// The planned release window.
    pub window: Option<&'a Window>,
    pub defects: Option<&'a Defects>,
    /// Its git range, when it has a tag.
    pub commits: Option<&'a [Commit]>,
    /// The moment lead times are measured to.
    pub moment: Option<DateTime<FixedOffset>>,
    pub checklists: Vec<(Phase, Tasks)>,
}

impl Input<'_> {
    /// Counted: shipped (see [`Status::is_shipped`]).
    pub fn counts(&self) -> bool {
        self.status.is_shipped()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    pub median: f64,
    pub p90: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct DefectCounts {
    pub found_before_release: Option<u32>,
    pub escaped: Option<u32>,
    pub critical: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Done {
    pub done: u32,
    pub total: u32,
}

/// One counted release.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReleaseKpi {
    pub version: String,
    /// The git tag it came from; none without one.
    pub tag: Option<String>,
    pub date: Option<String>,
    pub status: &'static str,
    pub kind: Option<&'static str>,
    pub deployment: Option<&'static str>,
    pub commits: Option<usize>,
    pub fix_commits: Option<usize>,
    /// The pull requests its commits name (see [`crate::git::Change::pull_requests`]),
    /// ascending; empty without a git range.
    pub pr_refs: Vec<u64>,
    pub lead_time_days: Option<Spread>,
    pub defects: Option<DefectCounts>,
    pub defect_escape_rate: Option<f64>,
    pub time_to_restore_hours: Option<f64>,
    pub checklists: Done,
    pub compliant: bool,
    /// Days shipped after the planned window's end (0: on time); none without a window
    /// or a date.
    pub slip_days: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ActionCounts {
    pub open: usize,
    pub done: usize,
    pub dropped: usize,
    /// Done items with a due and a closed date closed on or before the due date, over
    /// all done items with both dates.
    pub closed_by_due_date: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub releases: usize,
    pub median_days_between_releases: Option<f64>,
    pub deployment_success_rate: Option<f64>,
    pub change_failure_rate: Option<f64>,
    pub defect_escape_rate: Option<f64>,
    pub median_lead_time_days: Option<f64>,
    pub median_time_to_restore_hours: Option<f64>,
    pub checklist_compliance: Option<f64>,
    pub rework_rate: Option<f64>,
    /// Counted releases with a window and a date that shipped by the window's end, over
    /// all of those.
    pub schedule_adherence: Option<f64>,
    /// Median of their slips in days (0 for those on time).
    pub median_slip_days: Option<f64>,
    pub action_items: ActionCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    pub period: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Value {
    pub period: String,
    pub value: Option<f64>,
}

/// Deployment results of one quarter (for the stacked chart; not in `kpis.json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    pub period: String,
    pub success: usize,
    pub failed: usize,
    pub rolled_back: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub releases_per_month: Vec<Count>,
    pub releases_per_quarter: Vec<Count>,
    pub change_failure_rate_per_quarter: Vec<Value>,
    pub checklist_compliance_per_quarter: Vec<Value>,
    #[serde(skip)]
    pub deployments_per_quarter: Vec<Results>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dora {
    pub report: String,
    pub source: String,
    pub deployment_frequency: Option<&'static str>,
    pub lead_time: Option<&'static str>,
    pub change_failure_rate: Option<&'static str>,
    pub time_to_restore: Option<&'static str>,
}

/// The span the summary and the DORA bands cover (`[kpi] window`), ending at the newest
/// counted release's date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Span {
    /// `12 months`, `365 days` or `all time`.
    pub span: String,
    /// Its first and last day; none for all time or without dated releases.
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Span {
    /// `the 12 months to 2026-05-12`, `all time`.
    pub fn label(&self) -> String {
        match &self.to {
            Some(to) if self.from.is_some() => format!("the {} to {to}", self.span),
            _ => "all time".into(),
        }
    }
}

/// Everything, in the shape of `kpis.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpis {
    pub schema: u32,
    /// Counted releases, oldest first.
    pub releases: Vec<ReleaseKpi>,
    /// What `summary` and `dora` cover; `releases` and `series` are all time.
    pub window: Span,
    pub summary: Summary,
    pub series: Series,
    pub dora: Dora,
}

fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    median_of_sorted(&values)
}

fn lead_days(commits: &[Commit], moment: DateTime<FixedOffset>) -> Vec<f64> {
    commits
        .iter()
        .map(|c| ((moment - c.time).num_seconds() as f64 / 86_400.0).max(0.0))
        .collect()
}

/// Hours from a failed or rolled-back deployment's end to the service being restored.
pub fn time_to_restore(d: &Deployment) -> Option<f64> {
    if d.result == DeployResult::Success {
        return None;
    }
    let (f, r) = (d.finished?, d.restored?);
    Some(((r.0 - f.0).num_seconds() as f64 / 3600.0).max(0.0))
}

/// Computes every KPI over all time.
pub fn compute(
    inputs: &[Input],
    actions: &[&ActionItem],
    required: &[Phase],
    dora: &DoraTable,
) -> Kpis {
    compute_in(inputs, actions, required, dora, KpiWindow::All)
}

/// Computes every KPI: the summary and DORA bands over `window` (ending at the newest
/// counted release's date, never the clock), the releases and series over all time.
pub fn compute_in(
    inputs: &[Input],
    actions: &[&ActionItem],
    required: &[Phase],
    dora: &DoraTable,
    window: KpiWindow,
) -> Kpis {
    compute_with(inputs, actions, required, dora, window, &|_| None)
}

/// [`compute_in`], with the per-release KPIs `reuse` has for an input instead of working
/// them out again (they depend on that input alone).
fn compute_with(
    inputs: &[Input],
    actions: &[&ActionItem],
    required: &[Phase],
    dora: &DoraTable,
    window: KpiWindow,
    reuse: &dyn Fn(&Input) -> Option<ReleaseKpi>,
) -> Kpis {
    let counted = counted(inputs);
    let releases: Vec<ReleaseKpi> = counted
        .iter()
        .map(|i| reuse(i).unwrap_or_else(|| release_kpi(i, required)))
        .collect();
    let frequency = frequency_of(&counted);
    let quarters = frequency.quarters.as_ref();
    let deployments = deployments_of(&counted, quarters);
    let checklist_compliance_per_quarter = compliance_per_quarter(&counted, &releases, quarters);
    let action_items = action_counts(actions);
    let tracked = tracks_compliance(required, counted.iter().map(|i| i.checklists.len()));
    let end = counted.iter().filter_map(|i| i.date).max();
    let before = end.and_then(|e| window.before(e));
    let span = Span {
        span: window.span(),
        from: before.map(|b| (b + chrono::Days::new(1)).format("%Y-%m-%d").to_string()),
        to: before.and(end).map(|e| e.format("%Y-%m-%d").to_string()),
    };
    let summary = match before {
        None => summary(
            &counted,
            &releases,
            frequency.gaps,
            &deployments,
            action_items,
        ),
        Some(before) => {
            // The releases dated after `before`: a run of the counted ones, which are the
            // dated oldest first, then the undated.
            let from = counted.partition_point(|i| i.date.is_some_and(|d| d <= before));
            let to = counted.partition_point(|i| i.date.is_some());
            let recent = &counted[from..to];
            let dates: Vec<NaiveDate> = recent.iter().filter_map(|i| i.date).collect();
            summary(
                recent,
                &releases[from..to],
                gaps_of(&dates),
                &deployments_of(recent, None),
                action_items,
            )
        }
    };
    let dora = dora_bands(&summary, dora);
    let (summary, checklist_compliance_per_quarter) = if tracked {
        (summary, checklist_compliance_per_quarter)
    } else {
        let untracked = checklist_compliance_per_quarter
            .into_iter()
            .map(|v| Value { value: None, ..v })
            .collect();
        let summary = Summary {
            checklist_compliance: None,
            ..summary
        };
        (summary, untracked)
    };
    Kpis {
        schema: 1,
        releases,
        window: span,
        summary,
        series: Series {
            releases_per_month: frequency.releases_per_month,
            releases_per_quarter: frequency.releases_per_quarter,
            change_failure_rate_per_quarter: deployments.change_failure_rate_per_quarter,
            checklist_compliance_per_quarter,
            deployments_per_quarter: deployments.per_quarter,
        },
        dora,
    }
}

/// The counted releases, dated ones oldest first, then the undated.
fn counted<'i, 'a>(inputs: &'i [Input<'a>]) -> Vec<&'i Input<'a>> {
    let mut counted: Vec<&Input> = inputs.iter().filter(|i| i.counts()).collect();
    counted.sort_by_key(|i| (i.date.is_none(), i.date));
    counted
}

/// The KPIs of one release.
fn release_kpi(i: &Input, required: &[Phase]) -> ReleaseKpi {
    let (done, total) = i
        .checklists
        .iter()
        .fold((0, 0), |(d, t), (_, k)| (d + k.done, t + k.total));
    let mut pr_refs: Vec<u64> = i
        .commits
        .unwrap_or_default()
        .iter()
        .flat_map(|c| c.change.pull_requests())
        .collect();
    pr_refs.sort_unstable();
    pr_refs.dedup();
    ReleaseKpi {
        version: i.version.to_string(),
        tag: i.tag.map(String::from),
        date: i.date.map(|d| d.format("%Y-%m-%d").to_string()),
        status: i.status.as_str(),
        kind: i.kind.map(Kind::as_str),
        deployment: i.deployment.map(|d| d.result.as_str()),
        commits: i.commits.map(<[Commit]>::len),
        fix_commits: i
            .commits
            .map(|c| c.iter().filter(|c| c.change.group == Group::Fixes).count()),
        pr_refs,
        lead_time_days: lead_spread(i),
        defects: i.defects.map(|d| DefectCounts {
            found_before_release: d.found_before_release,
            escaped: d.escaped,
            critical: d.critical,
        }),
        defect_escape_rate: i.defects.and_then(Defects::escape_rate),
        time_to_restore_hours: i.deployment.and_then(time_to_restore),
        checklists: Done { done, total },
        compliant: unmet_phases(required, &i.checklists).is_empty(),
        slip_days: i.window.zip(i.date).map(|(w, d)| w.slip_days(Date(d))),
    }
}

/// Median and p90 lead time in days of one release's commits, when it has a git range.
fn lead_spread(i: &Input) -> Option<Spread> {
    let (Some(c), Some(m)) = (i.commits, i.moment) else {
        return None;
    };
    let mut days = lead_days(c, m);
    days.sort_by(f64::total_cmp);
    median_of_sorted(&days)
        .zip(nearest_rank(&days, 90.0))
        .map(|(median, p90)| Spread { median, p90 })
}

/// Release frequency: gaps between dated releases and counts per month and quarter.
struct Frequency {
    /// Days between consecutive dated releases.
    gaps: Vec<f64>,
    releases_per_month: Vec<Count>,
    releases_per_quarter: Vec<Count>,
    /// The quarters of `releases_per_quarter`.
    quarters: Option<Periods>,
}

/// The frequency series of the counted releases.
fn frequency_of(counted: &[&Input]) -> Frequency {
    let dates: Vec<NaiveDate> = counted.iter().filter_map(|i| i.date).collect();
    let quarters = Periods::spanning(&dates, 3);
    Frequency {
        gaps: gaps_of(&dates),
        releases_per_month: per_period(&dates, Periods::spanning(&dates, 1)),
        releases_per_quarter: per_period(&dates, quarters),
        quarters,
    }
}

/// Days between consecutive `dates` (oldest first).
fn gaps_of(dates: &[NaiveDate]) -> Vec<f64> {
    dates
        .windows(2)
        .map(|w| (w[1] - w[0]).num_days() as f64)
        .collect()
}

/// Releases per period of `periods` (those spanning `dates`); none without dates.
fn per_period(dates: &[NaiveDate], periods: Option<Periods>) -> Vec<Count> {
    let Some(periods) = periods else {
        return Vec::new();
    };
    let mut counts = vec![0; periods.len()];
    for k in dates.iter().filter_map(|d| periods.slot(*d)) {
        counts[k] += 1;
    }
    let labelled = counts.into_iter().enumerate();
    labelled
        .map(|(k, count)| Count {
            period: periods.label(k),
            count,
        })
        .collect()
}

/// Deployment results of the counted releases, overall and per quarter.
struct Deployments {
    /// Counted releases with a deployment.
    deployed: usize,
    /// Of those, the successful ones.
    success: usize,
    per_quarter: Vec<Results>,
    change_failure_rate_per_quarter: Vec<Value>,
}

/// Deployments per quarter and the change failure rate, over the given quarters.
/// `quarters`: those of the series (none: no series).
fn deployments_of(counted: &[&Input], quarters: Option<&Periods>) -> Deployments {
    let deployed: Vec<(&Input, DeployResult)> = counted
        .iter()
        .filter_map(|i| i.deployment.map(|d| (*i, d.result)))
        .collect();
    let success = deployed
        .iter()
        .filter(|(_, r)| *r == DeployResult::Success)
        .count();
    let mut per_quarter: Vec<Results> = quarters.map_or_else(Vec::new, |q| {
        let results = |k| Results {
            period: q.label(k),
            success: 0,
            failed: 0,
            rolled_back: 0,
        };
        (0..q.len()).map(results).collect()
    });
    for (i, r) in &deployed {
        if let Some(k) = quarters.zip(i.date).and_then(|(q, d)| q.slot(d)) {
            let q = &mut per_quarter[k];
            match r {
                DeployResult::Success => q.success += 1,
                DeployResult::Failed => q.failed += 1,
                DeployResult::RolledBack => q.rolled_back += 1,
            }
        }
    }
    let change_failure_rate_per_quarter = per_quarter
        .iter()
        .map(|q| Value {
            period: q.period.clone(),
            value: ratio(
                q.failed + q.rolled_back,
                q.success + q.failed + q.rolled_back,
            ),
        })
        .collect();
    Deployments {
        deployed: deployed.len(),
        success,
        per_quarter,
        change_failure_rate_per_quarter,
    }
}

/// The share of compliant releases per quarter, over the given quarters.
fn compliance_per_quarter(
    counted: &[&Input],
    releases: &[ReleaseKpi],
    quarters: Option<&Periods>,
) -> Vec<Value> {
    let Some(quarters) = quarters else {
        return Vec::new();
    };
    let mut comp = vec![(0, 0); quarters.len()];
    for (i, r) in counted.iter().zip(releases) {
        if let Some(k) = i.date.and_then(|d| quarters.slot(d)) {
            comp[k].0 += usize::from(r.compliant);
            comp[k].1 += 1;
        }
    }
    let labelled = comp.into_iter().enumerate();
    labelled
        .map(|(k, (c, n))| Value {
            period: quarters.label(k),
            value: ratio(c, n),
        })
        .collect()
}

/// Action items by status, and the share of done ones closed by their due date.
fn action_counts(actions: &[&ActionItem]) -> ActionCounts {
    let count = |s: ActionStatus| actions.iter().filter(|a| a.status == s).count();
    let timed: Vec<bool> = actions
        .iter()
        .filter(|a| a.status == ActionStatus::Done)
        .filter_map(|a| Some(a.closed? <= a.due?))
        .collect();
    ActionCounts {
        open: count(ActionStatus::Open),
        done: count(ActionStatus::Done),
        dropped: count(ActionStatus::Dropped),
        closed_by_due_date: ratio(timed.iter().filter(|&&t| t).count(), timed.len()),
    }
}

/// The summary: rates and medians over all counted releases.
fn summary(
    counted: &[&Input],
    releases: &[ReleaseKpi],
    gaps: Vec<f64>,
    deployments: &Deployments,
    action_items: ActionCounts,
) -> Summary {
    let with_defects: Vec<&Defects> = counted
        .iter()
        .filter_map(|i| i.defects)
        .filter(|d| d.found_before_release.is_some() || d.escaped.is_some())
        .collect();
    let escaped: u32 = with_defects.iter().map(|d| d.escaped.unwrap_or(0)).sum();
    let found: u32 = with_defects
        .iter()
        .map(|d| d.found_before_release.unwrap_or(0))
        .sum();
    let all_lead: Vec<f64> = counted
        .iter()
        .filter_map(|i| Some(lead_days(i.commits?, i.moment?)))
        .flatten()
        .collect();
    let restores: Vec<f64> = releases
        .iter()
        .filter_map(|r| r.time_to_restore_hours)
        .collect();
    let (deployed, success) = (deployments.deployed, deployments.success);
    let slips: Vec<i64> = releases.iter().filter_map(|r| r.slip_days).collect();
    Summary {
        releases: counted.len(),
        median_days_between_releases: median(gaps),
        deployment_success_rate: ratio(success, deployed),
        change_failure_rate: ratio(deployed - success, deployed),
        defect_escape_rate: ratio(escaped as usize, (escaped + found) as usize),
        median_lead_time_days: median(all_lead),
        median_time_to_restore_hours: median(restores),
        checklist_compliance: ratio(
            releases.iter().filter(|r| r.compliant).count(),
            releases.len(),
        ),
        rework_rate: ratio(
            counted
                .iter()
                .filter(|i| i.kind == Some(Kind::Hotfix))
                .count(),
            counted.len(),
        ),
        schedule_adherence: ratio(slips.iter().filter(|&&s| s == 0).count(), slips.len()),
        median_slip_days: median(slips.iter().map(|&s| s as f64).collect()),
        action_items,
    }
}

/// The DORA performance band of each summary KPI.
fn dora_bands(summary: &Summary, dora: &DoraTable) -> Dora {
    Dora {
        report: dora.report.clone(),
        source: dora.source.clone(),
        deployment_frequency: summary
            .median_days_between_releases
            .map(|v| dora.deployment_frequency.band(v)),
        lead_time: summary
            .median_lead_time_days
            .map(|v| dora.lead_time.band(v * 24.0)),
        change_failure_rate: summary
            .change_failure_rate
            .map(|v| dora.change_failure_rate.band(v)),
        time_to_restore: summary
            .median_time_to_restore_hours
            .map(|v| dora.time_to_restore.band(v)),
    }
}

/// The inputs of every release of a loaded site.
pub fn inputs(site: &Site) -> Vec<Input<'_>> {
    site.releases.iter().map(|r| input(site, r)).collect()
}

/// The inputs of release `r` of `site` (`serve` compares a release's before and after
/// an edit: the KPIs are worked out again only when they differ).
pub fn input<'a>(site: &'a Site, r: &'a Release) -> Input<'a> {
    let tz = site.config.offset();
    let tag = r
        .git
        .and_then(|g| site.history.as_ref().map(|h| &h.releases[g]));
    Input {
        version: r.version().as_str(),
        tag: tag.map(|t| t.tag.as_str()),
        date: r.front.date.map(|d| d.0),
        status: r.status,
        kind: r.kind,
        deployment: r.front.deployment.as_ref(),
        window: r.front.window.as_ref(),
        defects: r.front.defects.as_ref(),
        commits: tag.map(|t| t.commits.as_slice()),
        moment: tag.map(|t| release_moment(r.front.date, t.date, tz)),
        checklists: site.checklist_tasks(r),
    }
}

/// The KPIs of a loaded site with its DORA table.
pub fn for_site(site: &Site, dora: &DoraTable) -> Kpis {
    for_site_with(site, dora, &|_| None)
}

/// [`for_site`] after an edit of release `edited` (its version) alone: `before`, the
/// KPIs before the edit, has the other releases' own KPIs, which are taken as they are.
pub fn for_site_after_edit(site: &Site, dora: &DoraTable, before: &Kpis, edited: &str) -> Kpis {
    let kept: rustc_hash::FxHashMap<&str, &ReleaseKpi> = (before.releases.iter())
        .filter(|k| k.version != edited)
        .map(|k| (k.version.as_str(), k))
        .collect();
    for_site_with(site, dora, &|i| kept.get(i.version).map(|&k| k.clone()))
}

fn for_site_with(
    site: &Site,
    dora: &DoraTable,
    reuse: &dyn Fn(&Input) -> Option<ReleaseKpi>,
) -> Kpis {
    let actions: Vec<&ActionItem> = site.action_items().map(|(_, a)| a).collect();
    compute_with(
        &inputs(site),
        &actions,
        &site.config.kpi.required_phases,
        dora,
        site.config.kpi.window(),
        reuse,
    )
}

#[cfg(test)]
mod tests;
