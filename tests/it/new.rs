//! `relbook new`: what it writes, next versions, never overwriting.

use crate::common::*;

fn new(t: &SiteTest, args: &[&str]) -> (bool, String) {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_relbook"))
        .args(&all)
        .env("RELBOOK_TODAY", "2026-03-01")
        .current_dir(t.root())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

fn site() -> SiteTest {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    t
}

#[test]
fn new_release_takes_the_next_version_and_the_previous_release_details() {
    let t = site();
    let (ok, out) = new(&t, &["release"]);
    assert!(ok, "{out}");
    assert_eq!(out.trim(), "content/releases/1.2.0.md");
    let text = std::fs::read_to_string(t.root().join("content/releases/1.2.0.md")).unwrap();
    // 36 days is the median gap between releases; 1.1.0 had no window, so two days.
    assert!(text.starts_with("---\nversion: 1.2.0\ntitle: \"\"\nstatus: planned\nwindow: { start: 2026-04-06, end: 2026-04-08 }\nstakeholders: [support]\n"), "{text}");
    assert!(text.contains("## Highlights"));
    for (flag, expected) in [("--patch", "1.2.1"), ("--major", "2.0.0")] {
        let (ok, out) = new(&t, &["release", flag]);
        assert!(ok, "{out}");
        assert_eq!(out.trim(), format!("content/releases/{expected}.md"));
    }
    // Now 2.0.0 is the highest: minor → 2.1.0.
    assert_eq!(new(&t, &["release"]).1.trim(), "content/releases/2.1.0.md");
    t.build();
}

#[test]
fn next_version_after_a_pre_release() {
    let t = site();
    t.write("content/releases/2.0.0-rc.1.md", "---\nversion: 2.0.0-rc.1\nstatus: in-progress\nwindow: { start: 2026-03-01, end: 2026-03-02 }\n---\n");
    assert_eq!(
        new(&t, &["release", "--major"]).1.trim(),
        "content/releases/2.0.0.md"
    );
    assert_eq!(
        new(&t, &["release", "--patch"]).1.trim(),
        "content/releases/2.0.1.md"
    );
}

#[test]
fn new_retro_checklist_and_module() {
    let t = site();
    let (ok, out) = new(&t, &["retro", "1.1.0"]);
    assert!(ok, "{out}");
    let text = std::fs::read_to_string(t.root().join("content/retrospectives/1.1.0.md")).unwrap();
    assert!(text.starts_with("---\nrelease: 1.1.0\ndate: 2026-03-01\nparticipants: [support]\naction_items: []\n---\n## What went well"), "{text}");

    t.write(
        "content/checklists/template-testing.md",
        "---\nphase: testing\n---\nFrom the template:\n- [x] Regression green\n- [ ] Load test\n",
    );
    let (ok, out) = new(&t, &["checklist", "1.1.0", "--phase", "testing"]);
    assert!(ok, "{out}");
    let text =
        std::fs::read_to_string(t.root().join("content/checklists/1.1.0-testing.md")).unwrap();
    assert_eq!(text, "---\nrelease: 1.1.0\nphase: testing\n---\nFrom the template:\n- [ ] Regression green\n- [ ] Load test\n");
    let (ok, _) = new(&t, &["checklist", "1.1.0", "--phase", "deployment"]);
    assert!(ok);
    assert!(
        std::fs::read_to_string(t.root().join("content/checklists/1.1.0-deployment.md"))
            .unwrap()
            .contains("- [ ] Rollback plan rehearsed")
    );
    let (ok, out) = new(&t, &["checklist", "1.1.0", "--phase", "testng"]);
    assert!(!ok && out.contains("did you mean `testing`"), "{out}");

    let (ok, out) = new(&t, &["module", "Rollback \"drills\""]);
    assert!(ok, "{out}");
    assert_eq!(out.trim(), "content/handbook/02-rollback-drills.md");
    let text =
        std::fs::read_to_string(t.root().join("content/handbook/02-rollback-drills.md")).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"Rollback \\\"drills\\\"\"\norder: 2\n"),
        "{text}"
    );
    t.build();
}

#[test]
fn new_never_overwrites() {
    let t = site();
    let (ok, out) = new(&t, &["release", "1.0.0"]);
    assert!(
        !ok && out.contains("release 1.0.0 already has a note"),
        "{out}"
    );
    let (ok, out) = new(&t, &["retro", "1.0.0"]);
    assert!(
        !ok && out.contains("refusing to overwrite content/retrospectives/1.0.0.md"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(t.root().join("content/retrospectives/1.0.0.md")).unwrap(),
        RETRO_1
    );
    let (ok, out) = new(&t, &["retro", "9.9.9"]);
    assert!(!ok && out.contains("no release 9.9.9"), "{out}");
    let (ok, out) = new(&t, &["release", "../../evil"]);
    assert!(
        !ok && out.contains("cannot be used as a page path"),
        "{out}"
    );
}

#[test]
fn new_release_leaves_a_title_to_fill_in_and_build_says_so() {
    let t = site();
    let (ok, out) = new(&t, &["release"]);
    assert!(ok, "{out}");
    let stderr = t.build();
    assert!(
        stderr.contains("content/releases/1.2.0.md:3:1: warning: `title` is empty"),
        "{stderr}"
    );
}

#[test]
fn new_retro_for_a_planned_release_warns() {
    let t = site();
    let (ok, out) = new(&t, &["release"]);
    assert!(ok, "{out}");
    let (ok, out) = new(&t, &["retro", "1.2.0"]);
    assert!(ok, "{out}");
    assert!(
        out.contains("content/retrospectives/1.2.0.md:2:10: warning: release 1.2.0 is planned: a retrospective looks back on a release that has shipped"),
        "{out}"
    );
    // A shipped release: not a word but the path.
    let (ok, out) = new(&t, &["retro", "1.1.0"]);
    assert!(ok, "{out}");
    assert_eq!(out.trim(), "content/retrospectives/1.1.0.md");
    // A cancelled one may well get a review of why: no warning either.
    t.write(
        "content/releases/1.3.0.md",
        "---\nversion: 1.3.0\nstatus: cancelled\n---\n",
    );
    let (ok, out) = new(&t, &["retro", "1.3.0"]);
    assert!(ok, "{out}");
    assert_eq!(out.trim(), "content/retrospectives/1.3.0.md");
}

#[test]
fn new_module_slug_keeps_words_apart_at_a_slash() {
    let t = site();
    let (ok, out) = new(&t, &["module", "Running a go/no-go meeting"]);
    assert!(ok, "{out}");
    assert_eq!(
        out.trim(),
        "content/handbook/02-running-a-go-no-go-meeting.md"
    );
}
