//! The release in flight: milestones on release pages, `/plan/`, `/issues/`, schedule
//! adherence on `/kpis/` and in `kpis.json`, and bad milestone input.

use crate::common::*;

/// 2.0.0 in progress with milestones (one late, one on time, one not reached) and an
/// issue log; 2.1.0 planned; 1.0.0 released with a window.
fn in_flight() -> SiteTest {
    let t = SiteTest::new();
    t.write(
        "content/releases/2.0.0.md",
        r#"---
version: 2.0.0
title: "Big one"
status: in-progress
window: { start: 2026-04-06, end: 2026-04-08 }
milestones:
  - { name: "Feature freeze", planned: 2026-03-20, actual: 2026-03-23, owner: support }
  - { name: "Release candidate", planned: 2026-03-27, actual: 2026-03-27 }
  - { name: "Go/no-go", planned: 2026-04-03 }
risks:
  - { id: R-2, title: "Migration is slow", probability: medium, impact: high, status: open }
issue_log:
  - { id: I-1, title: "Staging down", owner: support, opened: 2026-03-10, resolved: 2026-03-12, severity: high }
  - { id: I-2, title: "RC built from the wrong branch", opened: 2026-03-01, severity: critical }
  - { id: I-3, title: "Flaky export test", opened: 2026-03-15 }
---
In progress.
"#,
    );
    t.write(
        "content/releases/2.1.0.md",
        "---\nversion: 2.1.0\ntitle: \"Next\"\nstatus: planned\nwindow: { start: 2026-06-01, end: 2026-06-02 }\n---\nPlanned.\n",
    );
    t
}

#[test]
fn a_late_milestone_is_marked_on_the_release_page() {
    let t = in_flight();
    t.build();
    let main = t.main("releases/2.0.0/index.html");
    assert!(
        main.contains(r#"<h2 id="milestones-h">Milestones</h2>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<tr class="milestone-late"><td>Feature freeze</td><td class="nowrap">2026-03-20</td><td class="nowrap">2026-03-23 <span class="badge late">late by 3 days</span></td><td><a href="../../stakeholders/support/">Customer support</a></td></tr>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<tr class="milestone-on-time"><td>Release candidate</td>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<tr class="milestone-not-reached"><td>Go/no-go</td><td class="nowrap">2026-04-03</td><td class="nowrap"><span class="muted" data-due="2026-04-03">not reached</span></td>"#),
        "{main}"
    );
    assert_eq!(main.matches("badge late").count(), 1, "{main}");
    // Milestones come after the notes; the issue log after the risks.
    let (notes, ms) = (
        main.find("In progress.").unwrap(),
        main.find("milestones-h").unwrap(),
    );
    assert!(notes < ms, "{main}");
    let (risks, log) = (
        main.find("risks-h").unwrap(),
        main.find("issue-log-h").unwrap(),
    );
    assert!(risks < log, "{main}");
    assert!(main.contains(r#"<tr id="issue-I-2"><td class="nowrap">I-2</td><td>RC built from the wrong branch</td><td></td><td class="nowrap">2026-03-01</td><td class="nowrap">—</td><td><span class="badge issue-sev-critical">critical</span></td><td><span class="badge issue-open">open</span></td></tr>"#), "{main}");
}

#[test]
fn plan_lists_exactly_the_releases_in_flight() {
    let t = in_flight();
    t.build();
    let main = t.main("plan/index.html");
    let listed: Vec<&str> = main
        .split("<section class=\"plan-release\" id=\"plan-")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(listed, ["2.0.0", "2.1.0"], "{main}");
    assert!(main.contains("1 open risk · 0 open action items"), "{main}");
    // The timeline: a bar per release, a circle per milestone, the late one marked.
    let svg = &main[main.find("<svg").unwrap()..main.find("</svg>").unwrap() + 6];
    roxmltree::Document::parse(svg).expect("the timeline is valid SVG");
    assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
    assert_eq!(svg.matches("<circle").count(), 3, "{svg}");
    assert_eq!(svg.matches("class=\"marker late\"").count(), 1, "{svg}");
    assert!(
        svg.contains("<title>2.0.0: Feature freeze 2026-03-23 (reached late)</title>"),
        "{svg}"
    );
    // Deterministic.
    t.build();
    assert_eq!(t.main("plan/index.html"), main);
}

#[test]
fn plan_says_so_when_nothing_is_in_flight() {
    let t = SiteTest::new();
    t.build();
    let main = t.main("plan/index.html");
    assert!(
        main.contains("Nothing in flight: no release is planned or in progress."),
        "{main}"
    );
    assert!(!main.contains("<svg"), "{main}");
}

#[test]
fn issues_are_listed_open_first() {
    let t = in_flight();
    t.build();
    let main = t.main("issues/index.html");
    let order: Vec<usize> = ["I-3", "I-2", "I-1"]
        .iter()
        .map(|id| {
            main.find(&format!("<td class=\"nowrap\">{id}</td>"))
                .unwrap_or_else(|| panic!("{id} in {main}"))
        })
        .collect();
    assert!(
        order[0] < order[1] && order[1] < order[2],
        "open (newest first), then resolved: {main}"
    );
    assert!(main.contains("2 open · 1 resolved."), "{main}");
    assert!(t
        .main("risks/index.html")
        .contains(r#"<a href="../issues/">issue log</a>"#));
    let dash = t.main("index.html");
    assert!(
        dash.contains(
            r#"<span class="tile-value">2</span><span class="tile-label">Open issues</span>"#
        ),
        "{dash}"
    );
}

#[test]
fn schedule_adherence_equals_the_hand_computed_value() {
    let t = SiteTest::new();
    // 1.0.0 on 2026-01-15 inside its window: slip 0. 1.1.0 on 2026-02-20, window ends
    // 2026-02-12: slip 8. 1.2.0 on 2026-03-10, window ends 2026-03-03: slip 7.
    // Adherence 1/3; median slip (the middle of 0, 7, 8) 7 days.
    t.write(
        "content/releases/1.0.0.md",
        RELEASE_1.replace(
            "status: released\n",
            "status: released\nwindow: { start: 2026-01-14, end: 2026-01-16 }\n",
        ),
    );
    t.write(
        "content/releases/1.1.0.md",
        RELEASE_2.replace(
            "date: 2026-02-20\n",
            "date: 2026-02-20\nwindow: { start: 2026-02-10, end: 2026-02-12 }\n",
        ),
    );
    t.write(
        "content/releases/1.2.0.md",
        "---\nversion: 1.2.0\ndate: 2026-03-10\nstatus: released\nwindow: { start: 2026-03-01, end: 2026-03-03 }\n---\nLate.\n",
    );
    t.build();
    let k: serde_json::Value = serde_json::from_str(&t.page("kpis.json")).unwrap();
    assert_eq!(
        k["summary"]["schedule_adherence"],
        serde_json::json!(1.0 / 3.0)
    );
    assert_eq!(k["summary"]["median_slip_days"], serde_json::json!(7.0));
    let main = t.main("kpis/index.html");
    assert!(main.contains(r#"<h2 id="schedule-h">Schedule adherence</h2> <p class="kpi-value"><strong>33.3%; median slip 7 days</strong></p>"#), "{main}");
    assert!(
        main.contains("whose release date fell inside the window or before its end"),
        "{main}"
    );
    let dash = t.main("index.html");
    assert!(dash.contains(r#"<span class="tile-value">33.3%</span><span class="tile-label">Schedule adherence</span>"#), "{dash}");
}

#[test]
fn a_milestone_date_that_is_not_a_date_is_an_error_at_its_place() {
    let t = in_flight();
    t.write(
        "content/releases/2.1.0.md",
        "---\nversion: 2.1.0\nstatus: planned\nmilestones:\n  - name: Freeze\n    planned: next tuesday\n---\n",
    );
    let e = t.build_fails();
    assert!(e.contains("content/releases/2.1.0.md:6:14: error: milestones[0]: invalid date `next tuesday`: expected YYYY-MM-DD"), "{e}");
}

#[test]
fn an_unknown_milestone_owner_is_an_error_at_its_place() {
    let t = in_flight();
    t.write(
        "content/releases/2.1.0.md",
        "---\nversion: 2.1.0\nstatus: planned\nmilestones:\n  - name: Freeze\n    planned: 2026-05-01\n    owner: nobody\n---\n",
    );
    let e = t.build_fails();
    assert!(
        e.contains("content/releases/2.1.0.md:7:12: error: `owner`: unknown stakeholder `nobody`"),
        "{e}"
    );
}
