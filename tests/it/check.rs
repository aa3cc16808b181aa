//! `relbook check`: the demo passes, each gate fails on its fixture, output formats.

use crate::common::*;

fn check(t: &SiteTest, args: &[&str]) -> (bool, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let out = t.run(&all);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

fn gated(gates: &str) -> SiteTest {
    let t = SiteTest::new();
    t.write(
        "relbook.toml",
        format!("[git]\nenabled = false\n[check]\ngates = [{gates}]\n"),
    );
    t
}

#[test]
fn the_demo_passes() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_relbook"))
        .arg("check")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("0 errors"), "{text}");
}

#[test]
fn a_valid_site_without_gates_passes() {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    let (ok, text) = check(&t, &[]);
    assert!(ok, "{text}");
}

#[test]
fn gate_go_no_go_recorded() {
    let t = gated("\"go_no_go_recorded\"");
    let (ok, text) = check(&t, &[]);
    assert!(!ok);
    assert!(text.contains("content/releases/1.0.0.md:2:1: error: gate go_no_go_recorded: 1.0.0 has no go/no-go decision recorded"), "{text}");
    t.write(
        "content/releases/1.0.0.md",
        RELEASE_1.replace(
            "deployment:",
            "go_no_go: { decision: no-go, date: 2026-01-14 }\ndeployment:",
        ),
    );
    let (_, text) = check(&t, &[]);
    assert!(text.contains("content/releases/1.0.0.md:8:1: error: gate go_no_go_recorded: the go/no-go decision for 1.0.0 is no-go"), "{text}");
}

#[test]
fn gate_required_checklists_complete() {
    let t = gated("\"required_checklists_complete\"");
    let (ok, text) = check(&t, &[]);
    assert!(!ok);
    assert!(text.contains("content/checklists/1.0.0-testing.md:1:1: error: gate required_checklists_complete: the testing checklist of 1.0.0 is incomplete (2 of 3 done)"), "{text}");
    assert!(
        text.contains(
            "error: gate required_checklists_complete: 1.0.0 has no deployment checklist"
        ),
        "{text}"
    );
    assert!(
        text.contains("error: gate required_checklists_complete: 1.1.0 has no planning checklist"),
        "{text}"
    );
}

#[test]
fn gate_retrospective_within_days() {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n[check]\ngates = [\"retrospective_within_days\"]\nretrospective_within_days = 3\n");
    let (ok, text) = check(&t, &[]);
    assert!(!ok);
    assert!(text.contains("content/retrospectives/1.0.0.md:1:1: error: gate retrospective_within_days: the retrospective of 1.0.0 was held 2026-01-20, 5 days after the release (limit 3)"), "{text}");
    assert!(text.contains("error: gate retrospective_within_days: 1.1.0 has no retrospective, due by 2026-02-23 (3 days after the release)"), "{text}");
}

#[test]
fn gate_no_open_critical_risks() {
    let t = gated("\"no_open_critical_risks\"");
    let (ok, text) = check(&t, &[]);
    assert!(!ok);
    assert!(text.contains("content/releases/1.0.0.md:14:1: error: gate no_open_critical_risks: risk R-1 is open with high impact: Launch traffic"), "{text}");
    t.write(
        "content/releases/1.0.0.md",
        RELEASE_1.replace("status: open", "status: mitigated"),
    );
    let (ok, text) = check(&t, &[]);
    assert!(ok, "{text}");
}

#[test]
fn release_gate_is_go_or_no_go() {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    t.write("content/releases/1.2.0.md", "---\nversion: 1.2.0\nstatus: in-progress\nwindow: { start: 2026-03-01, end: 2026-03-02 }\n---\n");
    let (ok, text) = check(&t, &["--release", "1.2.0"]);
    assert!(!ok);
    assert!(
        text.contains("NO-GO: 1.2.0 is blocked by 4 problems"),
        "{text}"
    );
    for phase in ["planning", "testing", "deployment"] {
        t.write(
            &format!("content/checklists/1.2.0-{phase}.md"),
            format!("---\nrelease: 1.2.0\nphase: {phase}\n---\n- [x] done\n"),
        );
    }
    t.write("content/releases/1.2.0.md", "---\nversion: 1.2.0\nstatus: in-progress\nwindow: { start: 2026-03-01, end: 2026-03-02 }\ngo_no_go: { decision: go, date: 2026-02-28 }\n---\n");
    let (ok, text) = check(&t, &["--release", "1.2.0"]);
    assert!(ok, "{text}");
    assert!(text.contains("GO: 1.2.0 passes every gate (go_no_go_recorded, required_checklists_complete, no_open_critical_risks)"), "{text}");
    let (ok, text) = check(&t, &["--release", "1.2.1"]);
    assert!(
        !ok && text.contains("no release 1.2.0") || text.contains("did you mean `1.2.0`"),
        "{text}"
    );
}

#[test]
fn status_consistency() {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    t.write(
        "content/releases/1.2.0.md",
        "---\nversion: 1.2.0\nstatus: released\ndate: 2026-03-01\n---\n",
    );
    t.write(
        "content/releases/1.3.0.md",
        "---\nversion: 1.3.0\nstatus: planned\n---\n",
    );
    // Missing records are warnings, the same in `check` and `build`: one rule.
    let no_deployment = "content/releases/1.2.0.md:3:1: warning: 1.2.0 is released but records no deployment result";
    let no_window =
        "content/releases/1.3.0.md:3:1: warning: 1.3.0 is planned but has no release window";
    let (ok, text) = check(&t, &[]);
    assert!(ok, "{text}");
    assert!(text.contains(no_deployment), "{text}");
    assert!(text.contains(no_window), "{text}");
    let stderr = t.build();
    assert!(stderr.contains(no_deployment), "{stderr}");
    assert!(stderr.contains(no_window), "{stderr}");
}

#[test]
fn json_and_github_formats() {
    let t = gated("\"no_open_critical_risks\"");
    let (ok, text) = check(&t, &["--format", "json"]);
    assert!(!ok);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["errors"], 1);
    assert_eq!(
        v["diagnostics"][0],
        serde_json::json!({
            "file": "content/releases/1.0.0.md", "line": 14, "column": 1, "level": "error",
            "message": "gate no_open_critical_risks: risk R-1 is open with high impact: Launch traffic"
        })
    );
    let (_, text) = check(&t, &["--format", "github"]);
    let line = text.lines().next().unwrap();
    assert_eq!(line, "::error file=content/releases/1.0.0.md,line=14,col=1::gate no_open_critical_risks: risk R-1 is open with high impact: Launch traffic");
    for l in text.lines() {
        let (head, msg) = l
            .split_once("::")
            .map(|(_, r)| r.split_once("::").unwrap())
            .unwrap();
        assert!(
            head.starts_with("error file=") || head.starts_with("warning file="),
            "{l}"
        );
        assert!(!msg.contains('\n'));
    }
}

#[test]
fn links_option_finds_broken_links() {
    let t = SiteTest::new();
    t.write(
        "relbook.toml",
        "[git]\nenabled = false\n[markdown]\nallow_html = true\n",
    );
    t.write("content/releases/1.2.0.md", "---\nversion: 1.2.0\nstatus: cancelled\n---\nSee <a href=\"../../nowhere/\">this</a> and [the start](1.0.0.md#missing-anchor).\n");
    let (ok, text) = check(&t, &[]);
    assert!(ok, "{text}");
    let (ok, text) = check(&t, &["--links"]);
    assert!(!ok);
    assert!(
        text.contains("error: broken link `../../nowhere/`: no such page or file"),
        "{text}"
    );
    assert!(text.contains("error: broken link `../../releases/1.0.0/#missing-anchor`: no element with id `missing-anchor`"), "{text}");
    assert!(text.contains("public/releases/1.2.0/index.html:"), "{text}");
}

#[test]
fn a_release_past_its_window_without_shipping_is_late() {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    t.write(
        "content/releases/0.9.0.md",
        "---\nversion: 0.9.0\ntitle: \"Stuck\"\nstatus: in-progress\nwindow: { start: 2020-03-02, end: 2020-03-06 }\n---\nStill going.\n",
    );
    t.write(
        "content/releases/3.0.0.md",
        "---\nversion: 3.0.0\ntitle: \"Far away\"\nstatus: planned\nwindow: { start: 2999-01-04, end: 2999-01-08 }\n---\nLater.\n",
    );
    let (ok, text) = check(&t, &[]);
    assert!(ok, "a late release is a warning, not an error: {text}");
    assert!(
        text.contains(
            "content/releases/0.9.0.md:5:1: warning: 0.9.0 is late: its window ended 2020-03-06 ("
        ),
        "{text}"
    );
    assert!(
        text.contains("and it is still in-progress; ship it (status: released) or move its window"),
        "{text}"
    );
    assert!(!text.contains("3.0.0 is late"), "{text}");
    // Shipped releases are never late, whatever their window.
    assert!(!text.contains("1.0.0 is late"), "{text}");
}

#[test]
fn open_retrospective_action_items_past_due_are_warned_about() {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    t.write(
        "content/retrospectives/1.0.0.md",
        RETRO_1.replace(
            "action_items:\n",
            "action_items:\n  - id: A-7\n    title: \"Rotate the keys\"\n    due: 2020-02-01\n    status: open\n  - id: A-8\n    title: \"Far off\"\n    due: 2999-02-01\n    status: open\n",
        ),
    );
    let (ok, text) = check(&t, &[]);
    assert!(ok, "{text}");
    assert!(text.contains("content/retrospectives/1.0.0.md:6:1: warning: action item A-7 is open past its due date 2020-02-01: Rotate the keys"), "{text}");
    assert!(!text.contains("A-8") && !text.contains("A-1 "), "{text}");
}
