use super::*;
use crate::content::{Date, Timestamp};
use crate::dora::DORA_REPORTS;
use crate::git::parse_message;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ts(s: &str) -> Option<Timestamp> {
    Timestamp::parse(s)
}

fn deploy(result: DeployResult, finished: &str, restored: Option<&str>) -> Deployment {
    Deployment {
        result,
        environment: None,
        started: None,
        finished: ts(finished),
        restored: restored.and_then(ts),
    }
}

fn input<'a>(version: &'a str, date: &str, status: Status) -> Input<'a> {
    Input {
        version,
        tag: None,
        date: Some(d(date)),
        status,
        kind: None,
        deployment: None,
        window: None,
        defects: None,
        commits: None,
        moment: None,
        checklists: Vec::new(),
    }
}

fn table() -> DoraTable {
    DoraTable::builtin("2023").unwrap()
}

fn commit(days_before: f64, subject: &str, moment: DateTime<FixedOffset>) -> Commit {
    Commit {
        id: git2::Oid::zero(),
        author: "Team".into(),
        time: moment - chrono::TimeDelta::seconds((days_before * 86_400.0) as i64),
        change: parse_message(subject, "", false),
    }
}

#[test]
fn an_empty_site_has_no_numbers_and_no_nan() {
    let k = compute(&[], &[], &[Phase::Planning], &table());
    assert_eq!(k.summary.releases, 0);
    assert_eq!(k.summary.deployment_success_rate, None);
    assert_eq!(k.summary.median_days_between_releases, None);
    assert!(k.series.releases_per_month.is_empty());
    assert_eq!(k.dora.lead_time, None);
    let json = serde_json::to_string(&k).unwrap();
    assert!(
        !json.contains("NaN") && json.contains("\"change_failure_rate\":null"),
        "{json}"
    );
}

#[test]
fn only_released_and_rolled_back_releases_count() {
    let ins = [
        input("1.0.0", "2026-01-10", Status::Released),
        input("1.1.0", "2026-01-20", Status::RolledBack),
        input("1.2.0", "2026-03-05", Status::Released),
        input("1.3.0", "2026-04-01", Status::Planned),
        input("1.2.1", "2026-03-06", Status::Cancelled),
        input("1.4.0", "2026-05-01", Status::InProgress),
    ];
    let k = compute(&ins, &[], &[], &table());
    assert_eq!(k.summary.releases, 3);
    let months: Vec<(&str, usize)> = k
        .series
        .releases_per_month
        .iter()
        .map(|c| (c.period.as_str(), c.count))
        .collect();
    assert_eq!(months, [("2026-01", 2), ("2026-02", 0), ("2026-03", 1)]);
    let quarters: Vec<(&str, usize)> = k
        .series
        .releases_per_quarter
        .iter()
        .map(|c| (c.period.as_str(), c.count))
        .collect();
    assert_eq!(quarters, [("2026-Q1", 3)]);
    // Gaps 10 and 44 days: the median of two values is their mean.
    assert_eq!(k.summary.median_days_between_releases, Some(27.0));
    // Only a single release: no gap.
    let one = compute(&ins[..1], &[], &[], &table());
    assert_eq!(one.summary.median_days_between_releases, None);
    assert_eq!(one.series.releases_per_quarter.len(), 1);
}

#[test]
fn quarters_span_years_with_empty_ones_included() {
    let ins = [
        input("1", "2025-11-30", Status::Released),
        input("2", "2026-07-01", Status::Released),
    ];
    let k = compute(&ins, &[], &[], &table());
    let q: Vec<&str> = k
        .series
        .releases_per_quarter
        .iter()
        .map(|c| c.period.as_str())
        .collect();
    assert_eq!(q, ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]);
    assert_eq!(k.series.releases_per_month.len(), 9);
    assert_eq!(
        k.series.change_failure_rate_per_quarter[1].value, None,
        "no deployments that quarter"
    );
}

#[test]
fn deployment_success_and_change_failure_rates() {
    let ok = deploy(DeployResult::Success, "2026-01-10T10:00:00Z", None);
    let failed = deploy(
        DeployResult::Failed,
        "2026-02-01T10:00:00Z",
        Some("2026-02-01T12:30:00Z"),
    );
    let back = deploy(
        DeployResult::RolledBack,
        "2026-04-02T08:00:00Z",
        Some("2026-04-02T09:00:00Z"),
    );
    let mut ins = vec![
        input("1", "2026-01-10", Status::Released),
        input("2", "2026-02-01", Status::Released),
        input("3", "2026-04-02", Status::RolledBack),
        input("4", "2026-04-20", Status::Released),
        input("5", "2026-05-01", Status::Released),
    ];
    ins[0].deployment = Some(&ok);
    ins[1].deployment = Some(&failed);
    ins[2].deployment = Some(&back);
    ins[3].deployment = Some(&ok);
    let k = compute(&ins, &[], &[], &table());
    assert_eq!(k.summary.deployment_success_rate, Some(0.5));
    assert_eq!(k.summary.change_failure_rate, Some(0.5));
    let cfr: Vec<Option<f64>> = k
        .series
        .change_failure_rate_per_quarter
        .iter()
        .map(|v| v.value)
        .collect();
    assert_eq!(cfr, [Some(0.5), Some(0.5)]);
    assert_eq!(
        k.series.deployments_per_quarter[1],
        Results {
            period: "2026-Q2".into(),
            success: 1,
            failed: 0,
            rolled_back: 1
        }
    );
    // Time to restore: 2.5 h and 1 h; median (mean of the two) = 1.75 h.
    assert_eq!(k.releases[1].time_to_restore_hours, Some(2.5));
    assert_eq!(k.releases[0].time_to_restore_hours, None);
    assert_eq!(k.summary.median_time_to_restore_hours, Some(1.75));
    assert_eq!(k.dora.change_failure_rate, Some("low"));
    assert_eq!(
        k.dora.time_to_restore,
        Some("high"),
        "over the 1 hour elite bound"
    );
}

#[test]
fn all_failed_deployments() {
    let failed = deploy(DeployResult::Failed, "2026-02-01T10:00:00Z", None);
    let mut ins = vec![
        input("1", "2026-01-10", Status::Released),
        input("2", "2026-02-01", Status::Released),
    ];
    ins[0].deployment = Some(&failed);
    ins[1].deployment = Some(&failed);
    let k = compute(&ins, &[], &[], &table());
    assert_eq!(k.summary.deployment_success_rate, Some(0.0));
    assert_eq!(k.summary.change_failure_rate, Some(1.0));
    assert_eq!(
        k.summary.median_time_to_restore_hours, None,
        "no restore times recorded"
    );
}

#[test]
fn defect_escape_rates() {
    let a = Defects {
        found_before_release: Some(8),
        escaped: Some(2),
        critical: Some(1),
    };
    let zero = Defects {
        found_before_release: Some(0),
        escaped: Some(0),
        critical: None,
    };
    let found_only = Defects {
        found_before_release: Some(10),
        escaped: None,
        critical: None,
    };
    let mut ins = vec![
        input("1", "2026-01-10", Status::Released),
        input("2", "2026-01-11", Status::Released),
        input("3", "2026-01-12", Status::Released),
        input("4", "2026-01-13", Status::Released),
    ];
    ins[0].defects = Some(&a);
    ins[1].defects = Some(&zero);
    ins[2].defects = Some(&found_only);
    let k = compute(&ins, &[], &[], &table());
    let rates: Vec<Option<f64>> = k.releases.iter().map(|r| r.defect_escape_rate).collect();
    assert_eq!(rates, [Some(0.2), None, Some(0.0), None]);
    // 2 escaped of 2 + 8 + 10 found.
    assert_eq!(k.summary.defect_escape_rate, Some(0.1));
    assert_eq!(k.releases[0].defects.unwrap().critical, Some(1));
    assert_eq!(k.releases[3].defects, None);
}

#[test]
fn lead_time_and_fix_commits() {
    let moment = DateTime::parse_from_rfc3339("2026-03-01T12:00:00Z").unwrap();
    let commits = vec![
        commit(1.0, "fix: a", moment),
        commit(1.0, "feat: b", moment),
        commit(10.0, "Fix(api): c", moment),
        commit(-1.0, "docs: skewed clock", moment),
    ];
    let mut ins = vec![
        input("1", "2026-03-01", Status::Released),
        input("2", "2026-03-02", Status::Released),
    ];
    ins[0].commits = Some(&commits);
    ins[0].moment = Some(moment);
    let k = compute(&ins, &[], &[], &table());
    let r = &k.releases[0];
    assert_eq!((r.commits, r.fix_commits), (Some(4), Some(2)));
    // Days [0 (skew), 1, 1, 10]: median (1 + 1) / 2 = 1 day; p90 rank 4 → 10 days.
    assert_eq!(
        r.lead_time_days,
        Some(Spread {
            median: 1.0,
            p90: 10.0
        })
    );
    assert_eq!(k.releases[1].commits, None, "no git range: null, not zero");
    assert_eq!(k.summary.median_lead_time_days, Some(1.0));
    assert_eq!(
        k.dora.lead_time,
        Some("elite"),
        "24 hours is within the 2023 elite bound"
    );
    let k21 = compute(&ins, &[], &[], &DoraTable::builtin("2021").unwrap());
    assert_eq!(k21.dora.lead_time, Some("high"));
    assert_eq!(k21.dora.report, "2021");
}

#[test]
fn checklist_compliance_and_rework() {
    let done = Tasks { done: 3, total: 3 };
    let partial = Tasks { done: 2, total: 3 };
    let mut ins = vec![
        input("1", "2026-01-10", Status::Released),
        input("2", "2026-02-10", Status::Released),
        input("3", "2026-04-10", Status::Released),
        input("4", "2026-04-11", Status::Released),
    ];
    ins[0].checklists = vec![(Phase::Planning, done), (Phase::Testing, done)];
    ins[1].checklists = vec![(Phase::Planning, done), (Phase::Testing, partial)];
    ins[2].checklists = vec![(Phase::Planning, done)];
    ins[3].checklists = vec![
        (Phase::Planning, done),
        (Phase::Testing, done),
        (Phase::Deployment, partial),
    ];
    ins[3].kind = Some(Kind::Hotfix);
    let k = compute(&ins, &[], &[Phase::Planning, Phase::Testing], &table());
    let c: Vec<bool> = k.releases.iter().map(|r| r.compliant).collect();
    assert_eq!(c, [true, false, false, true]);
    assert_eq!(k.summary.checklist_compliance, Some(0.5));
    let q: Vec<Option<f64>> = k
        .series
        .checklist_compliance_per_quarter
        .iter()
        .map(|v| v.value)
        .collect();
    assert_eq!(q, [Some(0.5), Some(0.5)]);
    assert_eq!(k.releases[3].checklists, Done { done: 8, total: 9 });
    assert_eq!(k.summary.rework_rate, Some(0.25));
}

#[test]
fn action_items_and_closure_on_time() {
    let item = |status, due: Option<&str>, closed: Option<&str>| ActionItem {
        id: "A".into(),
        title: "t".into(),
        owner: None,
        due: due.map(|s| Date(d(s))),
        status,
        closed: closed.map(|s| Date(d(s))),
    };
    let items = [
        item(ActionStatus::Open, Some("2026-01-01"), None),
        item(ActionStatus::Done, Some("2026-01-10"), Some("2026-01-10")),
        item(ActionStatus::Done, Some("2026-01-10"), Some("2026-01-12")),
        item(ActionStatus::Done, None, Some("2026-01-12")),
        item(ActionStatus::Dropped, Some("2026-01-10"), None),
    ];
    let refs: Vec<&ActionItem> = items.iter().collect();
    let k = compute(&[], &refs, &[], &table());
    let a = k.summary.action_items;
    assert_eq!((a.open, a.done, a.dropped), (1, 3, 1));
    assert_eq!(a.closed_by_due_date, Some(0.5));
}

#[test]
fn release_frequency_band_and_csv() {
    let ins = [
        input("1", "2026-01-01", Status::Released),
        input("2", "2026-01-08", Status::Released),
        input("3", "2026-01-30", Status::Released),
    ];
    let k = compute(&ins, &[], &[], &table());
    // Gaps 7 and 22: median 14.5 days → 2023 "medium" (at most monthly).
    assert_eq!(k.summary.median_days_between_releases, Some(14.5));
    assert_eq!(k.dora.deployment_frequency, Some("medium"));
    let csv = csv(&k);
    assert_eq!(csv.lines().count(), 4);
    assert_eq!(
        csv.lines().nth(1).unwrap(),
        "1,2026-01-01,released,,,,,,,,,,,,0,0,true,"
    );
}

#[test]
fn shipped_tables_parse() {
    for (report, _) in DORA_REPORTS {
        assert_eq!(DoraTable::builtin(report).unwrap().report, *report);
    }
    assert!(DoraTable::builtin("1999").is_none());
}

#[test]
fn schedule_adherence_counts_releases_shipped_by_their_window_end() {
    let w = |start: &str, end: &str| Window {
        start: Date(d(start)),
        end: Date(d(end)),
    };
    let (early, inside, late) = (
        w("2026-01-10", "2026-01-20"),
        w("2026-02-01", "2026-02-05"),
        w("2026-03-01", "2026-03-03"),
    );
    let mut ins = vec![
        input("1", "2026-01-08", Status::Released),
        input("2", "2026-02-05", Status::Released),
        input("3", "2026-03-13", Status::RolledBack),
        input("4", "2026-04-01", Status::Released),
    ];
    ins[0].window = Some(&early);
    ins[1].window = Some(&inside);
    ins[2].window = Some(&late);
    let k = compute(&ins, &[], &[], &table());
    // 1 and 2 on time, 3 ten days late, 4 has no window.
    assert_eq!(k.summary.schedule_adherence, Some(2.0 / 3.0));
    assert_eq!(k.summary.median_slip_days, Some(0.0));
    let slips: Vec<Option<i64>> = k.releases.iter().map(|r| r.slip_days).collect();
    assert_eq!(slips, vec![Some(0), Some(0), Some(10), None]);
}

#[test]
fn releases_carry_their_tag_and_pull_requests() {
    let moment = DateTime::parse_from_rfc3339("2026-03-01T12:00:00Z").unwrap();
    let commits = vec![
        commit(1.0, "feat: b (#12)", moment),
        commit(2.0, "fix: a (#3)", moment),
        commit(3.0, "feat: c (#12)", moment),
    ];
    let mut ins = vec![
        input("1", "2026-03-01", Status::Released),
        input("2", "2026-03-02", Status::Released),
    ];
    ins[0].commits = Some(&commits);
    ins[0].tag = Some("v1");
    let k = compute(&ins, &[], &[], &table());
    assert_eq!(k.releases[0].tag.as_deref(), Some("v1"));
    assert_eq!(k.releases[0].pr_refs, [3, 12]);
    assert_eq!(k.releases[1].tag, None);
    assert!(k.releases[1].pr_refs.is_empty());
}

/// Inputs of every kind: dated and undated, shipped and not, with deployments, defects,
/// windows, commits and checklists, across several years.
fn varied<'a>(
    versions: &'a [String],
    commits: &'a [Commit],
    deployments: &'a [Deployment],
    defects: &'a Defects,
    window: &'a Window,
) -> Vec<Input<'a>> {
    versions
        .iter()
        .enumerate()
        .map(|(n, v)| {
            let day = d("2021-01-05") + chrono::Days::new(n as u64 * 23);
            let mut i = input(v, &day.to_string(), Status::Released);
            match n % 7 {
                0 => i.date = None,
                1 => i.status = Status::Planned,
                2 => i.status = Status::RolledBack,
                _ => {}
            }
            i.deployment = deployments.get(n % 4);
            i.defects = (n % 3 == 0).then_some(defects);
            i.window = (n % 5 == 0).then_some(window);
            i.kind = [None, Some(Kind::Hotfix), Some(Kind::Minor)][n % 3];
            i.commits = (n % 2 == 0).then(|| &commits[..n % commits.len()]);
            i.moment = Some(Timestamp::parse(&format!("{day}T12:00:00Z")).unwrap().0);
            i.checklists = vec![(
                Phase::Testing,
                Tasks {
                    done: n as u32 % 4,
                    total: 3,
                },
            )];
            i
        })
        .collect()
}

#[test]
fn a_window_summarises_the_releases_dated_in_it_and_reused_release_kpis_change_nothing() {
    let versions: Vec<String> = (0..60).map(|n| format!("1.{n}.0")).collect();
    let moment = Timestamp::parse("2023-01-01T00:00:00Z").unwrap().0;
    let commits: Vec<Commit> = (0..9)
        .map(|n| commit(n as f64 * 1.5, &format!("fix: thing (#{n})"), moment))
        .collect();
    let deployments = [
        deploy(DeployResult::Success, "2026-01-10T10:00:00Z", None),
        deploy(
            DeployResult::Failed,
            "2026-01-10T10:00:00Z",
            Some("2026-01-10T13:30:00Z"),
        ),
        deploy(DeployResult::RolledBack, "2026-01-10T10:00:00Z", None),
        deploy(DeployResult::Success, "2026-01-10T10:00:00Z", None),
    ];
    let defects = Defects {
        found_before_release: Some(4),
        escaped: Some(1),
        critical: Some(0),
    };
    let window = Window {
        start: Date(d("2021-01-01")),
        end: Date(d("2021-02-01")),
    };
    let ins = varied(&versions, &commits, &deployments, &defects, &window);
    let required = [Phase::Testing];
    let year = KpiWindow::Months(12);
    let k = compute_in(&ins, &[], &required, &table(), year);
    // The summary over the window is the all-time summary of the releases dated in it.
    let to = k.window.to.as_deref().unwrap();
    let from = k.window.from.as_deref().unwrap();
    let inside: Vec<Input> = ins
        .iter()
        .filter(|i| i.counts())
        .filter(|i| {
            i.date
                .is_some_and(|d| (from..=to).contains(&d.to_string().as_str()))
        })
        .cloned()
        .collect();
    assert!(inside.len() > 5 && inside.len() < k.releases.len() / 2);
    let all = compute(&inside, &[], &required, &table());
    assert_eq!(k.summary, all.summary);
    // After an edit of one release, the others' own KPIs are taken as they were.
    let mut edited = ins.clone();
    edited[10].date = Some(d("2024-06-30"));
    edited[10].status = Status::Released;
    let old: std::collections::HashMap<&str, &ReleaseKpi> =
        k.releases.iter().map(|r| (r.version.as_str(), r)).collect();
    let reuse = |i: &Input| {
        let kept = old.get(i.version).filter(|_| i.version != "1.10.0");
        kept.map(|&r| r.clone())
    };
    let fresh = compute_in(&edited, &[], &required, &table(), year);
    assert_ne!(fresh, k);
    assert_eq!(
        compute_with(&edited, &[], &required, &table(), year, &reuse),
        fresh
    );
}

#[test]
fn kept_kpi_files_equal_those_made_whole() {
    let versions: Vec<String> = (0..40).map(|n| format!("2.{n}.0")).collect();
    let moment = Timestamp::parse("2022-01-01T00:00:00Z").unwrap().0;
    let commits: Vec<Commit> = (0..5)
        .map(|n| commit(n as f64, &format!("feat: \"quoted\" (#{n})"), moment))
        .collect();
    let deployments = [deploy(
        DeployResult::Failed,
        "2026-01-10T10:00:00Z",
        Some("2026-01-11T10:00:00Z"),
    )];
    let defects = Defects {
        found_before_release: Some(2),
        escaped: None,
        critical: Some(1),
    };
    let window = Window {
        start: Date(d("2021-01-01")),
        end: Date(d("2021-03-01")),
    };
    let mut ins = varied(&versions, &commits, &deployments, &defects, &window);
    let mut parts = KpiFiles::default();
    let whole = |k: &Kpis| serde_json::to_string_pretty(k).unwrap() + "\n";
    for step in 0..4 {
        match step {
            1 => ins[3].date = Some(d("2030-01-01")),
            2 => ins[5].status = Status::Cancelled,
            3 => ins.truncate(1),
            _ => {}
        }
        let k = compute_in(&ins, &[], &[Phase::Testing], &table(), KpiWindow::All);
        let (json, csv) = parts.texts(&k).unwrap();
        assert!(json == whole(&k), "step {step}");
        assert_eq!(csv, super::csv(&k), "step {step}");
    }
}
