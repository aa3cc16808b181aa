//! Release history from temporary repositories made with git2 at fixed timestamps.
//! Commit counts are checked against the git CLI (`git rev-list --count prev..tag`).

use std::path::Path;
use std::process::Command;

use git2::{Oid, Repository, Signature, Time};
use relbook::git::{self, Group, History};

use crate::common::*;

/// 2026-01-01T00:00:00Z
const T0: i64 = 1_767_225_600;
const DAY: i64 = 86_400;

struct Repo {
    repo: Repository,
    n: usize,
}

impl Repo {
    fn init(dir: &Path) -> Repo {
        Repo {
            repo: Repository::init(dir).unwrap(),
            n: 0,
        }
    }

    fn sig(name: &str, t: i64) -> Signature<'static> {
        Signature::new(
            name,
            &format!("{}@example.org", name.to_lowercase().replace(' ', "-")),
            &Time::new(t, 0),
        )
        .unwrap()
    }

    /// A commit with `parents`, changing one file; author `who` at time `t`.
    fn commit(&mut self, msg: &str, who: &str, t: i64, parents: &[Oid]) -> Oid {
        self.n += 1;
        let blob = self
            .repo
            .blob(format!("{} {msg}\n", self.n).as_bytes())
            .unwrap();
        let mut tb = self.repo.treebuilder(None).unwrap();
        tb.insert(format!("f{}.txt", self.n % 7), blob, 0o100644)
            .unwrap();
        let tree = self.repo.find_tree(tb.write().unwrap()).unwrap();
        let parents: Vec<git2::Commit> = parents
            .iter()
            .map(|p| self.repo.find_commit(*p).unwrap())
            .collect();
        let refs: Vec<&git2::Commit> = parents.iter().collect();
        let sig = Repo::sig(who, t);
        self.repo
            .commit(None, &sig, &sig, msg, &tree, &refs)
            .unwrap()
    }

    /// `n` commits in a line after `parent`, one an hour from `t`.
    fn line(&mut self, parent: Option<Oid>, n: usize, prefix: &str, t: i64) -> Oid {
        let mut last = parent;
        for i in 0..n {
            let parents: Vec<Oid> = last.into_iter().collect();
            last = Some(self.commit(
                &format!("{prefix} {i}"),
                "Dev Team",
                t + i as i64 * 3600,
                &parents,
            ));
        }
        last.unwrap()
    }

    fn light(&self, name: &str, at: Oid) {
        self.repo
            .tag_lightweight(name, &self.repo.find_object(at, None).unwrap(), false)
            .unwrap();
    }

    fn annotated(&self, name: &str, at: Oid, t: i64) -> Oid {
        let obj = self.repo.find_object(at, None).unwrap();
        self.repo
            .tag(
                name,
                &obj,
                &Repo::sig("Release Bot", t),
                &format!("Release {name}"),
                false,
            )
            .unwrap()
    }

    fn main_at(&self, at: Oid) {
        self.repo
            .reference("refs/heads/main", at, true, "test")
            .unwrap();
        self.repo.set_head("refs/heads/main").unwrap();
    }
}

fn read(path: &Path, patterns: &[&str], include_prereleases: bool) -> History {
    let repo = git::open(path).unwrap();
    git::read(
        &repo,
        &git::Options {
            patterns,
            include_prereleases,
            skip: &[],
            cache: false,
        },
    )
    .unwrap()
}

/// Every release's commit count equals the CLI's count for `previous..tag`.
fn assert_counts_match_cli(dir: &Path, h: &History) {
    for r in &h.releases {
        let range = match &r.previous_tag {
            Some(p) => format!("{p}..{}", r.tag),
            None => r.tag.clone(),
        };
        assert_eq!(
            r.commits.len(),
            cli_count(dir, &range),
            "commit count of {range}"
        );
    }
}

#[test]
fn lightweight_annotated_and_tag_to_tag() {
    let t = SiteTest::empty();
    let mut r = Repo::init(t.root());
    let a = r.line(None, 3, "feat: start", T0);
    r.light("v0.1.0", a);
    let b = r.line(Some(a), 4, "fix: more", T0 + 10 * DAY);
    r.annotated("v0.2.0", b, T0 + 12 * DAY);
    let c = r.line(Some(b), 2, "docs: words", T0 + 20 * DAY);
    let inner = r.annotated("signed-0.3.0", c, T0 + 21 * DAY);
    r.annotated("v0.3.0", inner, T0 + 22 * DAY);
    r.main_at(c);

    let h = read(t.root(), &["v{version}"], false);
    let tags: Vec<&str> = h.releases.iter().map(|r| r.tag.as_str()).collect();
    assert_eq!(tags, ["v0.1.0", "v0.2.0", "v0.3.0"]);
    // Lightweight: the commit's date; annotated: the tagger's date, also through a tag of a tag.
    assert_eq!(h.releases[0].date.timestamp(), T0 + 2 * 3600);
    assert_eq!(h.releases[1].date.timestamp(), T0 + 12 * DAY);
    assert_eq!(h.releases[2].date.timestamp(), T0 + 22 * DAY);
    assert_eq!(
        h.releases
            .iter()
            .map(|r| r.commits.len())
            .collect::<Vec<_>>(),
        [3, 4, 2]
    );
    assert_counts_match_cli(t.root(), &h);
    assert!(h.warnings.is_empty(), "{:?}", h.warnings);
}

#[test]
fn maintenance_release_after_a_newer_major() {
    let t = SiteTest::empty();
    let mut r = Repo::init(t.root());
    let v1 = r.line(None, 5, "feat: one", T0);
    r.annotated("v1.0.0", v1, T0 + DAY);
    let v2 = r.line(Some(v1), 6, "feat!: two", T0 + 10 * DAY);
    r.annotated("v2.0.0", v2, T0 + 11 * DAY);
    // 1.0.1 is branched from 1.0.0 and tagged after 2.0.0.
    let fix = r.line(Some(v1), 2, "fix: backport", T0 + 20 * DAY);
    r.annotated("v1.0.1", fix, T0 + 21 * DAY);
    r.main_at(v2);

    let h = read(t.root(), &["v{version}"], false);
    let got: Vec<(&str, Option<&str>, usize)> = h
        .releases
        .iter()
        .map(|r| (r.tag.as_str(), r.previous_tag.as_deref(), r.commits.len()))
        .collect();
    assert_eq!(
        got,
        [
            ("v1.0.0", None, 5),
            ("v1.0.1", Some("v1.0.0"), 2),
            ("v2.0.0", Some("v1.0.1"), 6)
        ]
    );
    assert_counts_match_cli(t.root(), &h);
}

#[test]
fn merge_heavy_history_counts_each_commit_once() {
    let t = SiteTest::empty();
    let mut r = Repo::init(t.root());
    let base = r.line(None, 2, "chore: init", T0);
    r.light("v1.0.0", base);
    let mut main = base;
    for k in 0..4 {
        let t0 = T0 + (k + 1) * DAY;
        let feature = r.line(Some(main), 3, &format!("feat(area{k}): part"), t0);
        let other = r.line(Some(main), 1, "fix: on main", t0 + 600);
        main = r.commit(
            &format!("Merge pull request #{} from org/feature-{k}", 10 + k),
            "Dev Team",
            t0 + 5 * 3600,
            &[other, feature],
        );
    }
    r.annotated("v1.1.0", main, T0 + 6 * DAY);
    r.main_at(main);
    let h = read(t.root(), &["v{version}"], false);
    let rel = &h.releases[1];
    assert_eq!(rel.commits.len(), 4 * 5);
    assert_counts_match_cli(t.root(), &h);
    let merges: Vec<_> = rel
        .commits
        .iter()
        .filter(|c| c.change.group == Group::Merges)
        .collect();
    assert_eq!(merges.len(), 4);
    assert!(merges.iter().all(|m| m.change.refs[0].pull));
    let mut ids: Vec<Oid> = rel.commits.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 20, "a commit listed twice");
}

#[test]
fn prereleases_roll_into_the_final_release() {
    let t = SiteTest::empty();
    let mut r = Repo::init(t.root());
    let a = r.line(None, 2, "feat: a", T0);
    r.annotated("v1.0.0", a, T0 + DAY);
    let rc1 = r.line(Some(a), 3, "feat: b", T0 + 2 * DAY);
    r.annotated("v1.1.0-rc.1", rc1, T0 + 3 * DAY);
    let rc2 = r.line(Some(rc1), 2, "fix: b", T0 + 4 * DAY);
    r.light("v1.1.0-rc.2", rc2);
    let fin = r.line(Some(rc2), 1, "docs: b", T0 + 6 * DAY);
    r.annotated("v1.1.0", fin, T0 + 7 * DAY);
    let next = r.line(Some(fin), 2, "feat: c", T0 + 8 * DAY);
    r.light("v1.2.0-rc.1", next);
    r.main_at(next);

    let h = read(t.root(), &["v{version}"], false);
    assert_eq!(h.releases.len(), 2);
    assert_eq!(h.releases[1].commits.len(), 6);
    assert_counts_match_cli(t.root(), &h);
    let rcs: Vec<&str> = h.candidates["1.1.0"]
        .iter()
        .map(|c| c.tag.as_str())
        .collect();
    assert_eq!(rcs, ["v1.1.0-rc.1", "v1.1.0-rc.2"]);
    assert_eq!(h.candidates["1.2.0"][0].tag, "v1.2.0-rc.1");
    assert_eq!(h.unreleased.len(), 2);

    let all = read(t.root(), &["v{version}"], true);
    assert_eq!(all.releases.len(), 5);
    assert_counts_match_cli(t.root(), &all);
}

#[test]
fn duplicate_tags_for_one_version_make_one_release() {
    let t = SiteTest::empty();
    let mut r = Repo::init(t.root());
    let a = r.line(None, 2, "feat: a", T0);
    r.light("0.1.0", a);
    r.annotated("v0.1.0", a, T0 + 30 * DAY);
    r.main_at(a);
    let h = read(t.root(), &["v{version}", "{version}"], false);
    assert_eq!(h.releases.len(), 1);
    assert_eq!(
        (h.releases[0].tag.as_str(), h.releases[0].aliases.as_slice()),
        ("0.1.0", &["v0.1.0".to_string()][..])
    );
    assert!(
        h.warnings
            .iter()
            .any(|w| w.contains("both name version 0.1.0")),
        "{:?}",
        h.warnings
    );
}

/// A small product repository with a site in `site/`, its own history in `repo/`.
fn product(t: &SiteTest) -> std::path::PathBuf {
    let dir = t.root().join("repo");
    let mut r = Repo::init(&dir);
    let a = r.commit("feat(billing): invoices (#1)", "Billing Team", T0, &[]);
    let b = r.commit("fix: rounding in totals", "Billing Team", T0 + DAY, &[a]);
    let c = r.commit("Update translations", "Web Team", T0 + 2 * DAY, &[b]);
    r.annotated("v1.0.0", c, T0 + 3 * DAY);
    let d = r.commit(
        "feat(api)!: money as objects (#7)",
        "Platform Team",
        T0 + 4 * DAY,
        &[c],
    );
    let e = r.commit(
        "refactor: split ledger\n\nBREAKING CHANGE: ledger rows moved\nFixes #9",
        "Platform Team",
        T0 + 5 * DAY,
        &[d],
    );
    let f = r.commit(
        "perf(reporting): cache totals",
        "Reporting Team",
        T0 + 6 * DAY,
        &[e],
    );
    r.annotated("v2.0.0-rc.1", f, T0 + 7 * DAY);
    let g = r.commit("docs: upgrade guide", "Docs Team", T0 + 8 * DAY, &[f]);
    r.annotated("v2.0.0", g, T0 + 10 * DAY);
    let h = r.commit("feat: next thing", "Web Team", T0 + 12 * DAY, &[g]);
    r.light("v2.1.0", h);
    r.main_at(h);
    dir
}

#[test]
fn release_pages_show_commits_changes_and_lead_time() {
    let t = SiteTest::empty();
    product(&t);
    t.write("relbook.toml", "repo_url = \"https://github.com/org/product\"\n[git]\nrepo = \"repo\"\n")
        .write("content/releases/2.0.0.md", "---\nversion: 2.0.0\ntitle: Money\n---\nThe big one.\n")
        .write("content/releases/3.0.0.md", "---\nversion: 3.0.0\nstatus: planned\nwindow: { start: 2026-03-01, end: 2026-03-02 }\n---\nLater.\n");
    t.build();

    let p = t.main("releases/2.0.0/index.html");
    // Dated from the tag, released, 4 commits since v1.0.0, rc listed.
    assert!(
        p.contains("Released <span class=\"nowrap\">2026-01-11</span>"),
        "{p}"
    );
    assert!(p.contains("4 commits since <code>v1.0.0</code>"), "{p}");
    assert!(
        p.contains(r#"<a href="https://github.com/org/product/compare/v1.0.0...v2.0.0">"#),
        "{p}"
    );
    assert!(
        p.contains(r#"<code>v2.0.0-rc.1</code> <span class="muted small"><span class="nowrap">2026-01-08</span></span>"#),
        "{p}"
    );
    // Breaking changes first, then groups; references linked.
    let breaking = p.find("Breaking changes").unwrap();
    assert!(breaking < p.find("<h3>Features").unwrap());
    assert!(p.contains(r#"<strong>api:</strong> money as objects (<a href="https://github.com/org/product/issues/7">#7</a>)"#), "{p}");
    assert!(
        p.contains(r#"<h3>Performance <span class="count">(1)</span>"#),
        "{p}"
    );
    assert!(
        p.contains(r#"<h3>Documentation <span class="count">(1)</span>"#),
        "{p}"
    );
    // Lead time: commits 6, 5, 4 and 2 days before the tag → median (4 + 5) / 2 = 4.5,
    // nearest-rank p90 6.
    assert!(p.contains("median 4.5 days"), "{p}");
    assert!(p.contains("90th percentile 6.0 days"), "{p}");
    assert!(
        p.contains("Platform Team <span class=\"muted small\">(2)</span>"),
        "{p}"
    );
    assert!(!p.contains("@example.org"), "emails must not appear");

    // A tag without a note gets a page from git alone; non-conventional subjects under Other.
    let v1 = t.main("releases/1.0.0/index.html");
    assert!(v1.contains("Notes not written"), "{v1}");
    assert!(
        v1.contains("<h3>Other <span class=\"count\">(1)</span>"),
        "{v1}"
    );
    assert!(v1.contains("Update translations"), "{v1}");
    assert!(t
        .main("releases/2.1.0/index.html")
        .contains("1 commit since <code>v2.0.0</code>"));
    // The KPIs see the git range.
    let k: serde_json::Value = serde_json::from_str(&t.page("kpis.json")).unwrap();
    let v2 = k["releases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["version"] == "2.0.0")
        .unwrap();
    assert_eq!(
        (v2["commits"].as_u64(), v2["fix_commits"].as_u64()),
        (Some(4), Some(0))
    );
    assert_eq!(
        v2["lead_time_days"],
        serde_json::json!({"median": 4.5, "p90": 6.0})
    );
    // The tag it came from and the pull requests it names (`(#7)`; `Fixes #9` is an issue).
    assert_eq!(v2["tag"], "v2.0.0");
    assert_eq!(v2["pr_refs"], serde_json::json!([7]));
    // A note without a tag stays planned.
    let planned = t.main("releases/3.0.0/index.html");
    assert!(
        planned.contains("status-planned") && !planned.contains("Changes</h2>"),
        "{planned}"
    );
}

#[test]
fn bare_repository_and_dates_in_the_configured_zone() {
    let t = SiteTest::empty();
    let src = product(&t);
    let bare = t.root().join("bare.git");
    let out = Command::new("git")
        .args(["clone", "-q", "--bare"])
        .arg(&src)
        .arg(&bare)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let h = read(&bare, &["v{version}"], false);
    assert_eq!(h.releases.len(), 3);
    assert_counts_match_cli(&bare, &h);
    assert_counts_match_cli(&src, &read(&src, &["v{version}"], false));
    // v1.0.0 is tagged at 2026-01-04T00:00Z: still Jan 3rd at -05:00.
    t.write(
        "relbook.toml",
        "timezone = \"-05:00\"\n[git]\nrepo = \"bare.git\"\n",
    );
    t.build();
    assert!(t
        .main("releases/1.0.0/index.html")
        .contains("Released <span class=\"nowrap\">2026-01-03</span>"));
    assert!(t.out().join("releases/2.0.0/index.html").is_file());
}

#[test]
fn shallow_clone_is_reported() {
    let t = SiteTest::empty();
    let src = product(&t);
    let url = format!("file://{}", src.display());
    let out = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(t.root().join("shallow"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shallow = t.root().join("shallow");
    let h = read(&shallow, &["v{version}"], false);
    assert!(h.shallow);
    assert_counts_match_cli(&shallow, &h);
    t.write("relbook.toml", "[git]\nrepo = \"shallow\"\n");
    let stderr = t.build();
    assert!(
        stderr.contains("shallow clone") && stderr.contains("git fetch --unshallow --tags"),
        "{stderr}"
    );
}

#[test]
fn no_repository_and_no_tags_are_explained() {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    assert!(!t.build().contains("warning"));
    let t = SiteTest::empty();
    Repo::init(&t.root().join("empty"));
    t.write("relbook.toml", "[git]\nrepo = \"empty\"\n");
    let stderr = t.build();
    assert!(
        stderr.contains("no tags in") && stderr.contains("git fetch --tags"),
        "{stderr}"
    );
    t.write("relbook.toml", "[git]\nrepo = \"missing\"\n");
    let stderr = t.build_fails();
    assert!(
        stderr.contains("relbook.toml:2:1: error: cannot open git repository `missing`"),
        "{stderr}"
    );
}

#[test]
fn changelog_from_notes_and_history() {
    let t = SiteTest::empty();
    product(&t);
    t.write("relbook.toml", "repo_url = \"https://github.com/org/product\"\n[git]\nrepo = \"repo\"\n")
        .write("content/releases/2.0.0.md", "---\nversion: 2.0.0\ntitle: Money\nstatus: rolled-back\n---\nMoney became objects.\n\n## Details\n");
    let out = t.run(&["changelog"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // Commit ids are fixed by the fixed signatures and times.
    let short = |subject: &str| {
        let o = Command::new("git")
            .arg("-C")
            .arg(t.root().join("repo"))
            .args(["log", "--all", "--format=%h %s"])
            .output()
            .unwrap();
        String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .find(|l| l.ends_with(subject))
            .unwrap()[..7]
            .to_string()
    };
    let expected = format!(
        "<!-- Generated by `relbook changelog` from the release notes and git history. -->
# Changelog

All notable changes, newest first. The format follows [Keep a Changelog](https://keepachangelog.com/en/1.1.0/)
and versions follow [Semantic Versioning](https://semver.org/spec/v2.0.0.html).

## [2.1.0] - 2026-01-13

### Features

- next thing ({})

## [2.0.0] - 2026-01-11 [YANKED]

**Money**

Money became objects.

### Breaking changes

- split ledger ({})
- **api:** money as objects (#7) ({})

### Features

- **api:** money as objects (#7) ({})

### Fixes
",
        short("feat: next thing"),
        short("refactor: split ledger"),
        short("money as objects (#7)"),
        short("money as objects (#7)"),
    );
    assert!(
        text.starts_with(&expected.replace("### Fixes\n", "")),
        "got:\n{text}"
    );
    assert!(
        text.contains("### Performance\n\n- **reporting:** cache totals"),
        "{text}"
    );
    assert!(text.contains("### Refactoring\n\n- split ledger"), "{text}");
    assert!(
        text.contains("## [1.0.0] - 2026-01-04\n\n### Features\n\n- **billing:** invoices (#1)"),
        "{text}"
    );
    assert!(
        text.contains("### Other\n\n- Update translations"),
        "{text}"
    );
    assert!(text.ends_with(
        "[2.1.0]: https://github.com/org/product/compare/v2.0.0...v2.1.0\n[2.0.0]: https://github.com/org/product/compare/v1.0.0...v2.0.0\n[1.0.0]: https://github.com/org/product/tree/v1.0.0\n"
    ), "{text}");

    // --output writes the file, replaces its own output, and refuses anyone else's.
    assert!(t
        .run(&["changelog", "--output", "CHANGELOG.md"])
        .status
        .success());
    assert_eq!(
        std::fs::read_to_string(t.root().join("CHANGELOG.md")).unwrap(),
        text
    );
    assert!(t
        .run(&["changelog", "--output", "CHANGELOG.md"])
        .status
        .success());
    t.write("CHANGELOG.md", "# My own changelog\n");
    let refused = t.run(&["changelog", "--output", "CHANGELOG.md"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(t.root().join("CHANGELOG.md")).unwrap(),
        "# My own changelog\n"
    );
    assert!(t
        .run(&["changelog", "--output", "CHANGELOG.md", "--force"])
        .status
        .success());
}

#[test]
fn demo_history_matches_the_git_cli() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/product.git");
    let h = read(&dir, &["v{version}", "{version}"], false);
    assert_eq!(h.releases.len(), 21, "v0.9.0 … v2.6.1");
    assert_counts_match_cli(&dir, &h);
    assert_eq!(h.candidates["2.0.0"].len(), 2);
    assert_eq!(h.candidates["2.7.0"][0].tag, "v2.7.0-rc.1");
    let v141 = h
        .releases
        .iter()
        .find(|r| r.tag == "v1.4.1")
        .expect("tag of a tag");
    assert!(!v141.commits.is_empty());
    assert!(h
        .releases
        .iter()
        .flat_map(|r| &r.commits)
        .all(|c| !c.author.contains('@')));
}

#[test]
fn builds_with_history_are_byte_identical_in_every_output_kind() {
    let t = SiteTest::new();
    product(&t);
    t.write("relbook.toml", "base_url = \"https://x.org/\"\nrepo_url = \"https://github.com/org/product\"\n[git]\nrepo = \"repo\"\n");
    t.build();
    let first = snapshot(&t.out());
    let kinds: std::collections::BTreeSet<String> = first
        .iter()
        .filter_map(|(p, _)| p.extension().map(|e| e.to_string_lossy().into_owned()))
        .collect();
    for kind in ["html", "js", "css", "json", "csv", "xml", "ics", "txt"] {
        assert!(kinds.contains(kind), "no .{kind} output");
    }
    assert!(t.page("kpis/index.html").contains("<svg class=\"chart\""));
    assert!(t
        .page("releases/2.0.0/index.html")
        .contains("commits since"));
    t.build();
    let second = snapshot(&t.out());
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert!(a == b, "{} differs between builds", a.0.display());
    }
}

/// `git rev-list range` by the git CLI, as a sorted list.
fn cli_ids(dir: &Path, range: &str) -> Vec<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-list", range])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    ids.sort();
    ids
}

/// Random merge-heavy histories, with commits dated out of order (clock skew) and
/// versions tagged out of topological order (maintenance releases): each release's
/// commits are exactly the CLI's `previous..tag`, commit for commit.
#[test]
fn random_histories_match_the_git_cli_commit_for_commit() {
    for seed in 1..=8u64 {
        let t = SiteTest::empty();
        let mut r = Repo::init(t.root());
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let mut commits: Vec<Oid> = Vec::new();
        for i in 0..160i64 {
            let mut parents = Vec::new();
            if !commits.is_empty() {
                let back = next(12.min(commits.len() as u64)) as usize;
                parents.push(commits[commits.len() - 1 - back]);
                if commits.len() > 3 && next(4) == 0 {
                    let other = commits[next(commits.len() as u64) as usize];
                    if !parents.contains(&other) {
                        parents.push(other);
                    }
                }
            }
            // Every eighth commit is dated up to two days before its parents.
            let skew = if next(8) == 0 {
                -(next(2 * DAY as u64) as i64)
            } else {
                0
            };
            let kind = ["feat: a", "fix: b", "chore: c", "docs: d"][next(4) as usize];
            commits.push(r.commit(kind, "Dev Team", T0 + i * 3600 + skew, &parents));
        }
        // Twelve tags on random commits, versions in random order.
        let mut versions: Vec<usize> = (0..12).collect();
        for i in (1..versions.len()).rev() {
            versions.swap(i, next(i as u64 + 1) as usize);
        }
        for (k, v) in versions.iter().enumerate() {
            let at = commits[10 + k * 12 + next(10) as usize];
            r.light(&format!("v1.{v}.0"), at);
        }
        r.main_at(*commits.last().unwrap());
        let h = read(t.root(), &["v{version}"], false);
        assert_eq!(h.releases.len(), 12);
        for rel in &h.releases {
            let range = match &rel.previous_tag {
                Some(p) => format!("{p}..{}", rel.tag),
                None => rel.tag.clone(),
            };
            let mut ours: Vec<String> = rel.commits.iter().map(|c| c.id.to_string()).collect();
            ours.sort();
            assert_eq!(ours, cli_ids(t.root(), &range), "seed {seed}, {range}");
        }
        let mut unreleased: Vec<String> = h.unreleased.iter().map(|c| c.id.to_string()).collect();
        unreleased.sort();
        let mut args = vec!["HEAD".to_string()];
        args.extend(h.releases.iter().map(|r| format!("^{}", r.tag)));
        let out = Command::new("git")
            .arg("-C")
            .arg(t.root())
            .arg("rev-list")
            .args(&args)
            .output()
            .unwrap();
        let mut cli: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect();
        cli.sort();
        assert_eq!(unreleased, cli, "seed {seed}, unreleased");
    }
}

/// The history cache: a warm build, a damaged cache and a new tag all give what a
/// build without the cache gives, byte for byte.
#[test]
fn history_cache_never_changes_the_output() {
    let t = SiteTest::empty();
    product(&t);
    t.write("relbook.toml", "[git]\nrepo = \"repo\"\n").write(
        "content/releases/2.0.0.md",
        "---\nversion: 2.0.0\ntitle: Money\n---\nThe big one.\n",
    );
    let cache = tempfile::tempdir().unwrap();
    let build = |cache_on: bool, out: &str| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_relbook"));
        cmd.args(["build", "--output", out])
            .current_dir(t.root())
            .env("XDG_CACHE_HOME", cache.path());
        if !cache_on {
            // No cache folder at all: the cache is off.
            cmd.env_remove("XDG_CACHE_HOME").env_remove("HOME");
        }
        let run = cmd.output().unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        snapshot(&t.root().join(out))
    };
    let plain = build(false, "plain");
    let files = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(cache.path().join("relbook"))
            .map(|d| d.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default()
    };
    assert!(files().is_empty());
    assert!(build(true, "cold") == plain, "cold cache");
    let written = files();
    assert_eq!(written.len(), 1, "one cache file per repository");
    assert!(build(true, "warm") == plain, "warm cache");
    std::fs::write(&written[0], b"relbook history cache 1\n\xff\xff").unwrap();
    assert!(build(true, "damaged") == plain, "damaged cache");

    // A new release: its range is read, the others come from the cache.
    let mut r = Repo {
        repo: Repository::open(t.root().join("repo")).unwrap(),
        n: 100,
    };
    let head = r.repo.head().unwrap().peel_to_commit().unwrap().id();
    let next = r.commit("fix: after 2.1.0", "Web Team", T0 + 20 * DAY, &[head]);
    r.light("v2.1.1", next);
    r.main_at(next);
    let with_cache = build(true, "new-tag");
    assert!(with_cache == build(false, "new-tag-plain"), "new tag");
    assert!(with_cache
        .iter()
        .any(|(p, _)| p.ends_with("releases/2.1.1/index.html")));

    // Work after the last tag: the unreleased part is read again, not taken from the
    // cache (it is keyed by HEAD and the tags).
    let later = r.commit("feat: not yet released", "Web Team", T0 + 21 * DAY, &[next]);
    r.main_at(later);
    let with_cache = build(true, "unreleased");
    assert!(with_cache == build(false, "unreleased-plain"), "moved HEAD");
    let unreleased = with_cache
        .iter()
        .find(|(p, _)| p.ends_with("unreleased/index.html"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    assert!(unreleased.contains("not yet released"), "{unreleased}");

    // A tag moved to another commit: what it points at is peeled again.
    r.repo
        .tag_lightweight("v2.1.1", &r.repo.find_object(later, None).unwrap(), true)
        .unwrap();
    let with_cache = build(true, "moved-tag");
    assert!(with_cache == build(false, "moved-tag-plain"), "moved tag");
    // Cut short in the current format: ignored.
    let bytes = std::fs::read(&written[0]).unwrap();
    std::fs::write(&written[0], &bytes[..bytes.len() / 2]).unwrap();
    assert!(build(true, "cut") == with_cache, "cache cut short");
}

#[test]
fn other_changes_keep_their_type_on_pages_and_in_the_changelog() {
    let t = SiteTest::empty();
    let dir = t.root().join("repo");
    let mut r = Repo::init(&dir);
    let a = r.commit("feat: ledger", "Dev Team", T0, &[]);
    let b = r.commit("revert(ledger): undo rounding", "Dev Team", T0 + DAY, &[a]);
    let c = r.commit("Update translations", "Dev Team", T0 + 2 * DAY, &[b]);
    r.annotated("v1.0.0", c, T0 + 3 * DAY);
    r.main_at(c);
    t.write("relbook.toml", "[git]\nrepo = \"repo\"\n");
    t.build();
    let revert =
        r#"<li><span class="badge kind">revert</span> <strong>ledger:</strong> undo rounding "#;
    let plain = "<li>Update translations ";
    // Native writer.
    let p = t.page("releases/1.0.0/index.html");
    assert!(p.contains(revert) && p.contains(plain), "{p}");
    // The template (an override sends release pages to Tera).
    t.override_release_template();
    t.build();
    let q = t.page("releases/1.0.0/index.html");
    assert!(q.contains(revert) && q.contains(plain), "{q}");
    let out = t.run(&["changelog"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\n- revert: **ledger:** undo rounding ("),
        "{text}"
    );
    assert!(
        text.contains("### Other\n\n- Update translations ("),
        "{text}"
    );
}

/// A history like many real ones: a burst of 29 patch tags made on one day years ago,
/// then releases a month apart.
fn burst_then_monthly(t: &SiteTest) {
    let mut r = Repo::init(&t.root().join("repo"));
    let old = T0 - 6 * 365 * DAY;
    let mut last = r.commit("chore: import", "Dev Team", old, &[]);
    for i in 0..29 {
        last = r.commit(
            &format!("fix: patch {i}"),
            "Dev Team",
            old + i * 60,
            &[last],
        );
        r.annotated(&format!("v0.1.{i}"), last, old + i * 60 + 30);
    }
    for (k, day) in [0, 31, 61].into_iter().enumerate() {
        last = r.commit(
            &format!("feat: thing {k}"),
            "Dev Team",
            T0 + (day - 2) * DAY,
            &[last],
        );
        r.annotated(&format!("v1.{k}.0"), last, T0 + day * DAY);
    }
    r.main_at(last);
}

#[test]
fn dora_bands_cover_a_window_ending_at_the_newest_release() {
    let t = SiteTest::empty();
    burst_then_monthly(&t);
    t.write("relbook.toml", "[git]\nrepo = \"repo\"\n");
    t.build();
    let k: serde_json::Value = serde_json::from_str(&t.page("kpis.json")).unwrap();
    // Default window: the 12 months to the newest release (2026-03-03); the burst is out.
    assert_eq!(
        k["window"],
        serde_json::json!({"span": "12 months", "from": "2025-03-04", "to": "2026-03-03"})
    );
    assert_eq!(k["summary"]["releases"], 3);
    assert_eq!(k["summary"]["median_days_between_releases"], 30.5);
    assert_eq!(k["dora"]["deployment_frequency"], "medium");
    assert_eq!(k["releases"].as_array().unwrap().len(), 32, "all time");
    let main = t.main("kpis/index.html");
    assert!(
        main.contains(r#"<span class="badge band-medium">DORA 2023: medium</span> <span class="muted small">over the 12 months to <span class="nowrap">2026-03-03</span></span>"#),
        "{main}"
    );
    // All time, the burst reads as "daily releases".
    t.write(
        "relbook.toml",
        "[git]\nrepo = \"repo\"\n[kpi]\nwindow = \"all\"\n",
    );
    t.build();
    let k: serde_json::Value = serde_json::from_str(&t.page("kpis.json")).unwrap();
    assert_eq!(k["summary"]["median_days_between_releases"], 0.0);
    assert_eq!(k["dora"]["deployment_frequency"], "elite");
    // Skipped tags are not releases at all.
    t.write(
        "relbook.toml",
        "[git]\nrepo = \"repo\"\nskip_tags = \"v0.*\"\n[kpi]\nwindow = \"all\"\n",
    );
    t.build();
    let k: serde_json::Value = serde_json::from_str(&t.page("kpis.json")).unwrap();
    assert_eq!(k["releases"].as_array().unwrap().len(), 3);
    assert_eq!(k["dora"]["deployment_frequency"], "medium");
    assert!(!t.root().join("public/releases/0.1.3").exists());
    // A window relbook cannot read is an error at its line.
    t.write(
        "relbook.toml",
        "[git]\nrepo = \"repo\"\n[kpi]\nwindow = \"a year\"\n",
    );
    let out = t.build_fails();
    assert!(
        out.contains("relbook.toml:4:1: error: [kpi] window `a year` is not `all`"),
        "{out}"
    );
}

#[test]
fn a_git_only_dashboard_says_what_git_knows_of_the_latest_release() {
    let t = SiteTest::empty();
    burst_then_monthly(&t);
    t.write(
        "relbook.toml",
        "[git]\nrepo = \"repo\"\nskip_tags = \"v0.*\"\n",
    );
    t.build();
    let dash = t.main("index.html");
    let card = &dash[dash.find("Latest release").unwrap()..dash.find("Next release").unwrap()];
    assert!(
        card.contains(
            r#"<a href="./releases/1.2.0/">1.2.0</a> <code class="muted small">v1.2.0</code></p>"#
        ),
        "{card}"
    );
    assert!(
        card.contains("Release 1.2.0</strong> · <span class=\"nowrap\">2026-03-03</span></p>"),
        "{card}"
    );
    assert!(
        card.contains("1 commit since <code>v1.1.0</code>; release notes not written"),
        "{card}"
    );
    assert!(!card.contains("—"), "{card}");
}
