//! Snapshot tests (insta): the `<main>` region of a few key pages of the fixture site
//! `tests/fixtures/snapshot-site`, compared with the `.snap` files in `tests/it/snapshots/`.
//! How to refresh them after an intended change: tests/README.md.
//!
//! The fixture has git off. The release page with changes and the KPI page are built with a
//! small git history made here with git2 at fixed times, so its commit ids never change.

use std::path::Path;

use git2::{Oid, Repository, Signature, Time};

use crate::common::*;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/snapshot-site");

/// 2026-01-12T09:00:00Z
const T0: i64 = 1_768_208_400;
const DAY: i64 = 86_400;

/// The fixture copied into a temp dir, with the git history when `git`, built.
fn build(git: bool) -> SiteTest {
    let t = SiteTest::empty();
    for e in walkdir::WalkDir::new(FIXTURE) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(FIXTURE).unwrap();
            t.write(rel.to_str().unwrap(), std::fs::read(e.path()).unwrap());
        }
    }
    if git {
        history(&t.root().join("repo"));
        let config = std::fs::read_to_string(t.root().join("relbook.toml")).unwrap();
        assert!(config.contains("\nenabled = false\n"), "{config}");
        // No history cache: it would live outside the temp dir.
        t.write(
            "relbook.toml",
            config.replace("\nenabled = false\n", "\nrepo = \"repo\"\ncache = false\n"),
        );
    }
    let stderr = t.build();
    assert!(!stderr.contains("warning"), "{stderr}");
    t
}

/// The page's `<main>…</main>`, with the temp dir's path (should one appear) replaced by
/// `[SITE]`, trailing whitespace trimmed and whitespace-only lines dropped (outside `<pre>`),
/// so that template indentation does not fill the snapshots with blank lines.
fn main_region(t: &SiteTest, rel: &str) -> String {
    let html = t.page(rel);
    let start = html.find("<main").expect("no <main>");
    let end = html.find("</main>").expect("no </main>") + "</main>".len();
    let root = t.root().to_str().unwrap();
    let main = html[start..end].replace(root, "[SITE]");
    let mut out = String::new();
    let mut in_pre = false;
    for line in main.lines() {
        if in_pre {
            out.push_str(line);
            out.push('\n');
        } else if !line.trim().is_empty() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        in_pre = (in_pre || line.contains("<pre")) && !line.contains("</pre>");
    }
    out
}

/// The product's history: (subject, author, days after `T0`, parents by index).
const COMMITS: &[(&str, &str, i64, &[usize])] = &[
    ("feat(billing): invoices (#1)", "Billing Team", 0, &[]),
    ("feat(api): payments (#4)", "Platform Team", 7, &[0]),
    ("fix: rounding of totals", "Billing Team", 14, &[1]),
    ("docs: getting started", "Docs Team", 21, &[2]),
    ("feat(billing): recurring invoices (#9)", "Billing Team", 35, &[3]),
    (
        "refactor(api)!: invoice numbers are strings\n\nBREAKING CHANGE: clients must not parse them",
        "Platform Team",
        38,
        &[4],
    ),
    ("feat(notifications): invoice reminders", "Web Team", 39, &[4]),
    ("Merge pull request #11 from example/reminders", "Web Team", 40, &[5, 6]),
    ("fix(billing): reminder sent twice, fixes #12", "Billing Team", 60, &[7]),
    ("fix(billing): one recurring invoice per period (#14)", "Billing Team", 69, &[8]),
    ("feat(portal): sign-in links", "Web Team", 75, &[9]),
];

/// Release tags: (name, commit by index, tagger time of an annotated tag; none: lightweight).
/// 1.0.0 and 1.1.0 are tagged at the end of their deployments.
const TAGS: &[(&str, usize, Option<i64>)] = &[
    ("v1.0.0", 3, Some(1_770_713_100)), // 2026-02-10T08:45:00Z
    ("v1.1.0-rc.1", 7, Some(T0 + 52 * DAY)),
    ("v1.1.0", 8, Some(1_773_736_200)), // 2026-03-17T08:30:00Z
    ("v1.1.1", 9, None),
];

/// `COMMITS` and `TAGS` as a repository in `dir`, `main` at the last commit. Every time is
/// fixed, so every commit id is too.
fn history(dir: &Path) {
    let repo = Repository::init(dir).unwrap();
    let sig = |who: &str, t: i64| {
        let email = format!("{}@example.org", who.to_lowercase().replace(' ', "-"));
        Signature::new(who, &email, &Time::new(t, 0)).unwrap()
    };
    let mut ids: Vec<Oid> = Vec::new();
    for (n, (msg, who, day, parents)) in COMMITS.iter().enumerate() {
        let blob = repo.blob(format!("{} {msg}\n", n + 1).as_bytes()).unwrap();
        let mut tb = repo.treebuilder(None).unwrap();
        tb.insert(format!("f{}.txt", (n + 1) % 5), blob, 0o100644)
            .unwrap();
        let tree = repo.find_tree(tb.write().unwrap()).unwrap();
        let parents: Vec<git2::Commit> = parents
            .iter()
            .map(|&p| repo.find_commit(ids[p]).unwrap())
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        let s = sig(who, T0 + day * DAY);
        ids.push(repo.commit(None, &s, &s, msg, &tree, &parents).unwrap());
    }
    for &(name, at, time) in TAGS {
        let obj = repo.find_object(ids[at], None).unwrap();
        match time {
            Some(t) => repo
                .tag(
                    name,
                    &obj,
                    &sig("Release Bot", t),
                    &format!("Release {name}"),
                    false,
                )
                .map(drop),
            None => repo.tag_lightweight(name, &obj, false).map(drop),
        }
        .unwrap();
    }
    let head = *ids.last().unwrap();
    repo.reference("refs/heads/main", head, true, "snapshot fixture")
        .unwrap();
    repo.set_head("refs/heads/main").unwrap();
}

#[test]
fn dashboard() {
    let t = build(false);
    insta::assert_snapshot!("dashboard", main_region(&t, "index.html"));
}

#[test]
fn release_page() {
    let t = build(false);
    insta::assert_snapshot!(
        "release_1_0_0",
        main_region(&t, "releases/1.0.0/index.html")
    );
}

#[test]
fn release_page_with_git_history() {
    let t = build(true);
    insta::assert_snapshot!(
        "release_1_1_0_git",
        main_region(&t, "releases/1.1.0/index.html")
    );
}

#[test]
fn kpi_page_with_git_history() {
    let t = build(true);
    insta::assert_snapshot!("kpis_git", main_region(&t, "kpis/index.html"));
}

#[test]
fn compliance_page() {
    let t = build(false);
    insta::assert_snapshot!("compliance", main_region(&t, "compliance/index.html"));
}

#[test]
fn handbook_module_with_quiz() {
    let t = build(false);
    insta::assert_snapshot!(
        "handbook_go_no_go",
        main_region(&t, "handbook/go-no-go/index.html")
    );
}
