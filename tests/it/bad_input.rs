//! Bad input: a clear `path:line:col` error, a non-zero exit, and the previous output
//! left byte-for-byte as it was.

use crate::common::*;

/// Builds the good site, breaks it with `file`, and checks the failure.
fn breaks(file: &str, text: &[u8], expected: &str) -> String {
    let t = SiteTest::new();
    t.build();
    let before = snapshot(&t.out());
    t.write(file, text);
    let stderr = t.build_fails();
    assert!(
        stderr.contains(expected),
        "expected `{expected}` in:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("nothing was written") || stderr.contains("error"),
        "{stderr}"
    );
    assert!(
        snapshot(&t.out()) == before,
        "previous output changed after a failed build"
    );
    stderr
}

#[test]
fn malformed_yaml() {
    breaks(
        "content/releases/2.0.0.md",
        b"---\nversion: 2.0.0\ntitle: \"unclosed\nstatus: released\n---\n",
        "content/releases/2.0.0.md:3:8: error:",
    );
}

#[test]
fn wrong_type() {
    let e = breaks(
        "content/releases/2.0.0.md",
        b"---\nversion: 2.0.0\ndefects:\n  escaped: lots\n---\n",
        "content/releases/2.0.0.md:4:",
    );
    assert!(e.contains("escaped"), "{e}");
}

#[test]
fn unknown_key_with_hint() {
    breaks(
        "content/releases/2.0.0.md",
        b"---\nversion: 2.0.0\nstakeholder: [support]\n---\n",
        "content/releases/2.0.0.md:3:1: error: unknown field `stakeholder`",
    );
    breaks(
        "content/retrospectives/1.1.0.md",
        b"---\nrelease: 1.1.0\nfacilitater: support\n---\n",
        "(did you mean `facilitator`?)",
    );
}

#[test]
fn invalid_date() {
    breaks(
        "content/releases/2.0.0.md",
        b"---\nversion: 2.0.0\n\ndate: 2026-13-01\n---\n",
        "content/releases/2.0.0.md:4:7: error: invalid date `2026-13-01`",
    );
}

#[test]
fn duplicate_version() {
    breaks("content/releases/again.md", b"---\ntitle: x\nversion: 1.0.0\n---\n", "content/releases/again.md:3:10: error: duplicate version 1.0.0: also in content/releases/1.0.0.md");
}

#[test]
fn second_retrospective_or_checklist_names_the_first() {
    breaks(
        "content/retrospectives/again.md",
        b"---\nrelease: 1.0.0\n---\nAgain.\n",
        "content/retrospectives/again.md:2:10: error: second retrospective for 1.0.0: also in content/retrospectives/1.0.0.md",
    );
    breaks(
        "content/checklists/again.md",
        b"---\nrelease: 1.0.0\nphase: planning\n---\n- [x] Again\n",
        "content/checklists/again.md:3:8: error: second planning checklist for release 1.0.0: also in content/checklists/1.0.0-planning.md",
    );
}

#[test]
fn unknown_stakeholder_with_hint() {
    breaks("content/releases/2.0.0.md", b"---\nversion: 2.0.0\nstakeholders: [support, suport]\n---\n", "content/releases/2.0.0.md:3:25: error: `stakeholders`: unknown stakeholder `suport` (did you mean `support`?)");
}

#[test]
fn retrospective_for_a_missing_release() {
    breaks("content/retrospectives/9.md", b"---\nrelease: 1.0.1\n---\n", "content/retrospectives/9.md:2:10: error: retrospective for version 1.0.1, which has no release note (did you mean `1.0.0`?)");
}

#[test]
fn version_that_escapes_the_output() {
    breaks(
        "content/releases/x.md",
        b"---\nversion: ../../x\n---\n",
        "content/releases/x.md:2:10: error: version `../../x` cannot be used as a page path",
    );
    let e = breaks(
        "content/releases/y.md",
        b"---\nversion: 1/../../../y\n---\n",
        "content/releases/y.md:2:10: error: version `1/../../../y` cannot be used",
    );
    assert!(e.contains("only letters, digits"), "{e}");
}

#[test]
fn non_utf8_bytes() {
    breaks(
        "content/releases/2.0.0.md",
        b"---\nversion: 2.0.0\ntitle: caf\xe9\n---\n",
        "content/releases/2.0.0.md:3:11: error: file is not valid UTF-8",
    );
}

#[test]
fn broken_content_link() {
    breaks(
        "content/releases/2.0.0.md",
        b"---\nversion: 2.0.0\n---\n\nSee [old](0.9.0.md).\n",
        "content/releases/2.0.0.md:5:5: error: link to `0.9.0.md` does not match any content file",
    );
}

#[test]
fn quiz_answer_out_of_range() {
    breaks(
        "content/handbook/02-x.md",
        b"---\ntitle: X\nquiz:\n  - question: Q\n    choices: [a, b]\n    answer: 2\n---\n",
        "content/handbook/02-x.md:6:13: error: quiz answer 2 is out of range",
    );
}

#[test]
fn bad_config() {
    let e = breaks(
        "relbook.toml",
        b"title = \"x\"\nbase_ulr = \"/\"\n",
        "relbook.toml:2:1: error: unknown field `base_ulr`",
    );
    assert!(e.contains("did you mean `base_url`"), "{e}");
}

#[test]
fn broken_user_template_names_the_file() {
    breaks(
        "templates/index.html",
        b"{% extends \"base.html\" %}{% block content %}{{ oops( }}{% endblock content %}",
        "template `templates/index.html`",
    );
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let t = SiteTest::new();
    t.write(
        "content/releases/2.0.0.md",
        "---\nversion: 2.0.0\ntitel: x\n---\n",
    )
    .write(
        "content/releases/2.1.0.md",
        "---\nversion: 2.1.0\ndate: 2026-02-30\n---\n",
    )
    .write("content/releases/dup.md", "---\nversion: 1.1.0\n---\n")
    .write(
        "content/retrospectives/1.1.0.md",
        "---\nrelease: 1.1.0\nparticipants: [nobody]\n---\n",
    )
    .write(
        "content/checklists/x.md",
        "---\nrelease: 3.0.0\nphase: testing\n---\n",
    );
    let stderr = t.build_fails();
    for expected in [
        "content/releases/2.0.0.md:3:1: error: unknown field `titel`",
        "content/releases/2.1.0.md:3:7: error: invalid date",
        "content/releases/dup.md:2:10: error: duplicate version 1.1.0",
        "content/retrospectives/1.1.0.md:3:16: error: `participants`: unknown stakeholder `nobody`",
        "content/checklists/x.md:2:10: error: checklist for version 3.0.0, which has no release note",
        "error: 5 problems found; nothing was written",
    ] {
        assert!(stderr.contains(expected), "expected `{expected}` in:\n{stderr}");
    }
    assert!(
        !t.out().exists(),
        "a failed first build must not leave an output folder"
    );
}

#[test]
fn refuses_output_folders_that_would_destroy_the_site() {
    let t = SiteTest::new();
    for (out, why) in [
        (".", "site root"),
        ("..", "site root or one of its parents"),
        ("content", "content folder"),
        ("content/x", "content folder"),
        ("templates", "templates"),
    ] {
        let run = t.run(&["build", "--output", out]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            !run.status.success() && stderr.contains("refusing") && stderr.contains(why),
            "{out}: {stderr}"
        );
    }
    // A folder with someone's files in it is not replaced.
    t.write("mine/notes.txt", "keep me");
    let run = t.run(&["build", "--output", "mine"]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("was not made by relbook"));
    assert_eq!(
        std::fs::read_to_string(t.root().join("mine/notes.txt")).unwrap(),
        "keep me"
    );
    assert!(t.root().join("content/releases/1.0.0.md").is_file());
}

#[test]
fn a_broken_file_does_not_break_the_links_to_it() {
    let t = SiteTest::new();
    t.write(
        "content/releases/1.1.0.md",
        "---\nversion: 1.1.0\ndate: 2026-02-31\n---\n",
    );
    let stderr = t.build_fails();
    assert!(
        stderr.contains("content/releases/1.1.0.md:3:7: error: invalid date"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("does not match any content file"),
        "{stderr}"
    );
    assert!(stderr.contains("1 problem found"), "{stderr}");
}

/// `relbook check` in the site root: (success, stdout).
fn check(t: &SiteTest) -> (bool, String) {
    let out = t.run(&["check"]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_quote_left_open_over_key_lines_is_pointed_at_and_build_agrees_with_check() {
    let t = SiteTest::new();
    t.write(
        "content/releases/2.0.0.md",
        "---\nversion: 2.0.0\ntitle: \"First: public release\ndate: 2026-03-01\nstatus: released\"\ndeployment:\n  result: success\n---\nBody.\n",
    );
    let stderr = t.build();
    let runaway = "content/releases/2.0.0.md:3:8: warning: the quoted value of `title` runs on over 2 more lines that look like keys (line 4 `date:`, line 5 `status:`): is its closing quote missing?";
    assert!(stderr.contains(runaway), "{stderr}");
    let no_date = "content/releases/2.0.0.md:5:1: warning: 2.0.0 is released but has no date (and no git tag to take it from)";
    assert!(stderr.contains(no_date), "{stderr}");
    // `check` says the same, at the same level, and passes as the build did.
    let (ok, text) = check(&t);
    assert!(ok, "{text}");
    assert!(text.contains(runaway) && text.contains(no_date), "{text}");
}

#[test]
fn a_quote_left_open_that_breaks_the_parse_names_where_it_opened() {
    let e = breaks(
        "content/releases/2.0.0.md",
        b"---\nversion: 2.0.0\ntitle: \"First: public release\ndate: 2026-03-01\nmanager: \"release-management\"\n---\n",
        "content/releases/2.0.0.md:5:",
    );
    assert!(
        e.contains("the quoted value of `title` opened at line 3 runs on over lines that look like keys (line 4 `date:`, line 5 `manager:`): is its closing quote missing?"),
        "{e}"
    );
}

#[test]
fn a_note_that_does_not_parse_is_reported_once() {
    let e = breaks(
        "content/releases/1.0.0.md",
        b"---\nversion: 1.0.0\ntitle: [unclosed\n---\n",
        "content/releases/1.0.0.md:",
    );
    // Its retrospective and checklists name 1.0.0, whose note is broken: no extra errors.
    assert!(!e.contains("no release note"), "{e}");
    assert_eq!(e.matches(": error:").count(), 1, "{e}");
}

#[test]
fn unknown_stakeholder_lists_the_known_ids_and_maps_names_to_ids() {
    let e = breaks(
        "content/releases/2.0.0.md",
        b"---\nversion: 2.0.0\nstakeholders: [marketing]\n---\n",
        "content/releases/2.0.0.md:3:16: error: `stakeholders`: unknown stakeholder `marketing`; known ids: release-management, support (add new ones to content/stakeholders.toml)",
    );
    assert!(!e.contains("did you mean"), "{e}");
    breaks(
        "content/releases/2.0.0.md",
        b"---\nversion: 2.0.0\nstakeholders: [\"Customer support\"]\n---\n",
        "content/releases/2.0.0.md:3:17: error: `stakeholders`: unknown stakeholder `Customer support` (did you mean `support`? `Customer support` is its name; references use the id)",
    );
}

#[test]
fn dates_must_be_written_yyyy_mm_dd() {
    let e = breaks(
        "content/releases/2.0.0.md",
        b"---\nversion: 2.0.0\ndate: 15/01/2026\n---\n",
        "content/releases/2.0.0.md:3:7: error: invalid date `15/01/2026`: expected YYYY-MM-DD (did you mean `2026-01-15`?)",
    );
    assert!(!e.contains("invalid characters"), "{e}");
    breaks(
        "content/releases/2.0.0.md",
        b"---\nversion: 2.0.0\ndate: 2026-1-5\n---\n",
        "content/releases/2.0.0.md:3:7: error: invalid date `2026-1-5`: expected YYYY-MM-DD, with two digits for the month and the day (did you mean `2026-01-05`?)",
    );
    breaks(
        "content/releases/2.0.0.md",
        b"---\nversion: 2.0.0\ndate: 2026-02-30\n---\n",
        "content/releases/2.0.0.md:3:7: error: invalid date `2026-02-30`: there is no such day",
    );
}

#[test]
fn an_empty_title_is_a_warning_in_build_and_check() {
    let t = SiteTest::new();
    t.write(
        "content/releases/2.0.0.md",
        "---\nversion: 2.0.0\ntitle: \"\"\nstatus: planned\nwindow: { start: 2026-04-01, end: 2026-04-02 }\n---\n",
    );
    let warning = "content/releases/2.0.0.md:3:1: warning: `title` is empty; pages call it `Release 2.0.0` until it has one";
    let stderr = t.build();
    assert!(stderr.contains(warning), "{stderr}");
    // Named as a note without a title is, not left blank.
    let page = t.page("releases/2.0.0/index.html");
    assert!(
        page.contains("<title>Release 2.0.0 · Test book</title>"),
        "{page}"
    );
    let (ok, text) = check(&t);
    assert!(ok && text.contains(warning), "{text}");
}

#[test]
fn a_stakeholder_registry_that_does_not_parse_is_reported_once() {
    let e = breaks(
        "content/stakeholders.toml",
        b"[[stakeholder]]\nid = \"support\nname = \"Customer support\"\n",
        "content/stakeholders.toml:2:",
    );
    // Every reference to a stakeholder would be unknown now: only the cause is reported.
    assert!(!e.contains("unknown stakeholder"), "{e}");
    assert_eq!(e.matches(": error:").count(), 1, "{e}");
}

#[test]
fn a_version_that_cannot_be_a_path_is_reported_once() {
    let t = SiteTest::new();
    t.write(
        "content/releases/2.0.0.md",
        "---\nversion: 2.0.0 final\n---\n",
    );
    t.write(
        "content/retrospectives/2.0.0.md",
        "---\nrelease: 2.0.0 final\n---\n",
    );
    let e = t.build_fails();
    assert!(e.contains("content/releases/2.0.0.md:2:10: error: version `2.0.0 final` cannot be used as a page path"), "{e}");
    assert!(!e.contains("no release note"), "{e}");
}
