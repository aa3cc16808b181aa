//! Meeting records: their pages, the release page's list, the go/no-go stand-in, their
//! action items on the dashboard and in `relbook check`, `relbook new meeting`.

use crate::common::*;

const STATUS: &str = "---
kind: status
date: 2026-01-10
release: 1.0.0
participants: [release-management, support]
decisions:
  - \"Freeze on Monday\"
action_items:
  - id: A-50
    title: \"Book the load test\"
    owner: support
    due: 2026-01-12
---
## Minutes

Load test next week.
";

const PLANNING: &str = "---
kind: planning
date: 2026-03-01
title: \"Planning 1.2\"
participants: [release-management]
---
Scope.
";

/// A go/no-go meeting for 1.0.0 (whose note records no `go_no_go`).
fn go_meeting(decision: &str) -> String {
    format!("---\nkind: go-no-go\ndate: 2026-01-14\nrelease: 1.0.0\nparticipants: [release-management, support]\ndecision: {decision}\nconditions: \"Only by day\"\n---\nDecided.\n")
}

fn site() -> SiteTest {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    t.write("content/meetings/2026-01-10-status.md", STATUS);
    t.write("content/meetings/2026-03-01-planning.md", PLANNING);
    t
}

fn check(t: &SiteTest) -> (bool, String) {
    let out = t.run(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (
        out.status.success(),
        text + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn meetings_index_lists_newest_first_and_each_meeting_has_a_page() {
    let t = site();
    t.build();
    let main = t.main("meetings/index.html");
    let planning = main.find("Planning 1.2").expect(&main);
    let status = main
        .find(r#"Status meeting, <span class="nowrap">2026-01-10</span>"#)
        .expect(&main);
    assert!(planning < status, "{main}");
    assert!(main.contains(r#"data-kind="planning""#), "{main}");
    assert!(main.contains(r##"href="#kind-status""##), "{main}");
    let page = t.main("meetings/2026-01-10-status/index.html");
    for text in [
        r#"Status meeting, <span class="nowrap">2026-01-10</span>"#,
        "Freeze on Monday",
        r#"<tr id="action-A-50">"#,
        r#"href="../../releases/1.0.0/""#,
        r#"href="../../stakeholders/support/">Customer support</a>"#,
        "Load test next week.",
    ] {
        assert!(page.contains(text), "{text} not in {page}");
    }
}

#[test]
fn a_release_page_lists_its_meetings() {
    let t = site();
    t.build();
    let main = t.main("releases/1.0.0/index.html");
    assert!(
        main.contains(r#"<h2 id="meetings-h">Meetings</h2>"#),
        "{main}"
    );
    assert!(main.contains(r#"<a href="../../meetings/2026-01-10-status/">Status meeting, <span class="nowrap">2026-01-10</span></a> <span class="muted">(1 open action item)</span>"#), "{main}");
    let other = t.main("releases/1.1.0/index.html");
    assert!(!other.contains("meetings-h"), "{other}");
}

#[test]
fn open_meeting_items_are_on_the_dashboard_the_retrospectives_page_and_in_check() {
    let t = site();
    t.build();
    let dash = t.main("index.html");
    assert!(
        dash.contains(
            r#"<a href="./meetings/2026-01-10-status/#action-A-50"><span class="nowrap">A-50</span></a> Book the load test"#
        ),
        "{dash}"
    );
    let retros = t.main("retrospectives/index.html");
    assert!(
        retros.contains(r#"href="../meetings/2026-01-10-status/#action-A-50"><span class="nowrap">A-50</span></a>"#),
        "{retros}"
    );
    let (ok, text) = check(&t);
    assert!(ok, "{text}");
    assert!(text.contains("content/meetings/2026-01-10-status.md:9:1: warning: action item A-50 is open past its due date 2026-01-12: Book the load test"), "{text}");
}

#[test]
fn a_go_no_go_meeting_stands_in_for_the_notes_decision() {
    let t = site();
    t.write(
        "content/meetings/2026-01-14-go-no-go-1.0.0.md",
        go_meeting("go"),
    );
    t.build();
    let main = t.main("releases/1.0.0/index.html");
    assert!(main.contains(r#"<dd><span class="badge decision-go">go</span> on <span class="nowrap">2026-01-14</span><br><a class="small" href="../../meetings/2026-01-14-go-no-go-1.0.0/">from the go/no-go meeting</a></dd>"#), "{main}");
    assert!(
        main.contains(r#"<dt>Conditions</dt><dd>Only by day</dd>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<dt>Approvers</dt><dd><a href="../../stakeholders/release-management/">"#),
        "{main}"
    );
    let calendar = std::fs::read_to_string(t.out().join("calendar.ics")).unwrap();
    assert!(
        calendar.contains("UID:meeting-2026-01-14-go-no-go-1.0.0@"),
        "{calendar}"
    );
    assert!(
        calendar.contains("DTSTART;VALUE=DATE:20260114"),
        "{calendar}"
    );
}

#[test]
fn a_note_and_a_meeting_that_disagree_are_a_conflict() {
    let t = site();
    t.write(
        "content/meetings/2026-01-14-go-no-go-1.0.0.md",
        go_meeting("no-go"),
    );
    let note = RELEASE_1.replace(
        "manager: release-management\n",
        "manager: release-management\ngo_no_go: { decision: go, date: 2026-01-14 }\n",
    );
    t.write("content/releases/1.0.0.md", &note);
    let (ok, text) = check(&t);
    assert!(!ok, "{text}");
    assert!(text.contains("content/releases/1.0.0.md:7:1: error: the go/no-go decision of 1.0.0 conflicts with its go/no-go meeting: the note records go on 2026-01-14, content/meetings/2026-01-14-go-no-go-1.0.0.md records no-go on 2026-01-14"), "{text}");
    // A contradiction is an error for `build` too: one rule.
    let stderr = t.build_fails();
    assert!(
        stderr.contains(
            "content/releases/1.0.0.md:7:1: error: the go/no-go decision of 1.0.0 conflicts"
        ),
        "{stderr}"
    );
    // Agreeing on both: no conflict, and the note's decision is shown.
    t.write(
        "content/meetings/2026-01-14-go-no-go-1.0.0.md",
        go_meeting("go"),
    );
    let (ok, text) = check(&t);
    assert!(ok, "{text}");
    t.build();
    let main = t.main("releases/1.0.0/index.html");
    assert!(!main.contains("from the go/no-go meeting"), "{main}");
}

#[test]
fn unknown_participant_is_an_error_with_a_hint() {
    let t = site();
    t.write(
        "content/meetings/2026-01-11-status.md",
        "---\nkind: status\ndate: 2026-01-11\nparticipants: [release-management, suport]\n---\n",
    );
    let e = t.build_fails();
    assert!(e.contains("content/meetings/2026-01-11-status.md:4:36: error: `participants`: unknown stakeholder `suport` (did you mean `support`?)"), "{e}");
}

#[test]
fn a_meeting_for_an_unknown_release_is_an_error_with_a_hint() {
    let t = site();
    t.write(
        "content/meetings/2026-01-11-status.md",
        "---\nkind: status\ndate: 2026-01-11\nrelease: 1.0.1\n---\n",
    );
    let e = t.build_fails();
    assert!(e.contains("content/meetings/2026-01-11-status.md:4:10: error: meeting for version 1.0.1, which has no release note (did you mean `1.0.0`?)"), "{e}");
}

fn new(t: &SiteTest, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_relbook"))
        .args(["new", "meeting"])
        .args(args)
        .env("RELBOOK_TODAY", "2026-03-05")
        .current_dir(t.root())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (
        out.status.success(),
        text + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn new_meeting_writes_a_record_and_never_overwrites() {
    let t = site();
    let (ok, out) = new(&t, &["go-no-go", "--release", "1.1.0"]);
    assert!(ok, "{out}");
    assert_eq!(out.trim(), "content/meetings/2026-03-05-go-no-go-1.1.0.md");
    let text = std::fs::read_to_string(t.root().join(out.trim())).unwrap();
    assert!(
        text.starts_with(
            "---\nkind: go-no-go\ndate: 2026-03-05\nrelease: 1.1.0\nparticipants: [support]\n"
        ),
        "{text}"
    );
    let (ok, again) = new(&t, &["go-no-go", "--release", "1.1.0"]);
    assert!(
        !ok && again
            .contains("refusing to overwrite content/meetings/2026-03-05-go-no-go-1.1.0.md"),
        "{again}"
    );
    assert_eq!(
        new(&t, &["stakeholder"]).1.trim(),
        "content/meetings/2026-03-05-stakeholder.md"
    );
    let (ok, bad) = new(&t, &["gonogo"]);
    assert!(
        !ok && bad.contains("unknown meeting kind `gonogo` (did you mean `go-no-go`?)"),
        "{bad}"
    );
    let (ok, bad) = new(&t, &["status", "--release", "1.0.1"]);
    assert!(
        !ok && bad.contains("no release 1.0.1 (did you mean `1.0.0`?)"),
        "{bad}"
    );
    t.build();
}
