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
