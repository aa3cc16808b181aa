//! Weekly status reports (`/status/`, `relbook status`, `relbook new status`) and the
//! unreleased page (`/releases/unreleased/`) against `git rev-list` on a git2 repository.

use std::path::Path;

use git2::{Oid, Repository, Signature, Time};

use crate::common::*;

/// Release 2.0.0 in flight in 2026-W10 (2026-03-02 – 03-08), with issues opened in W09,
/// W10 (twice, one on the Sunday) and W11, and one resolved in W10.
const IN_FLIGHT: &str = r#"---
version: 2.0.0
title: "Third"
status: in-progress
window: { start: 2026-03-02, end: 2026-03-06 }
milestones:
  - { name: Code freeze, planned: 2026-03-02, actual: 2026-03-03 }
  - { name: Launch, planned: 2026-03-12 }
issue_log:
  - { id: I-EARLY, title: Old flake, opened: 2026-02-28, resolved: 2026-03-04 }
  - { id: I-TUE, title: Build broke, opened: 2026-03-03, severity: high }
  - { id: I-SUN, title: Weekend alert, opened: 2026-03-08 }
  - { id: I-NEXT, title: Next week, opened: 2026-03-09 }
risks:
  - { id: R-9, title: Partner late, probability: medium, impact: high, status: open }
---
In flight.
"#;

fn flight_site() -> SiteTest {
    let t = SiteTest::new();
    t.write("content/releases/2.0.0.md", IN_FLIGHT).write(
        "content/status/2026-W10.md",
        "---\ntitle: Freeze week\n---\nCode freeze held; **launch on track**.\n",
    );
    t
}

fn stdout(t: &SiteTest, args: &[&str]) -> String {
    let out = t.run(args);
    assert!(
        out.status.success(),
        "{args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text of the `<ul>` with `class` in `html`.
fn list<'a>(html: &'a str, class: &str) -> &'a str {
    let start = html
        .find(&format!("class=\"plain {class}\""))
        .unwrap_or_else(|| panic!("no {class}: {html}"));
    let end = start + html[start..].find("</ul>").unwrap();
    &html[start..end]
}

#[test]
fn status_week_lists_exactly_the_issues_opened_that_week() {
    let t = flight_site();
    t.build();
    let main = t.main("status/2026-W10/index.html");
    let opened = list(&main, "issues-opened");
    for id in ["I-TUE", "I-SUN"] {
        assert!(opened.contains(id), "{opened}");
    }
    for id in ["I-EARLY", "I-NEXT"] {
        assert!(!opened.contains(id), "{opened}");
    }
    let closed = list(&main, "issues-closed");
    assert!(
        closed.contains("I-EARLY") && !closed.contains("I-TUE"),
        "{closed}"
    );
    // The release in flight, its milestone reached that week, the note, the risk.
    for needle in [
        "2.0.0",
        r#"Reached <strong>Code freeze</strong> on <span class="nowrap">2026-03-03</span>"#,
        "Upcoming <strong>Launch</strong>",
        "Freeze week",
        "<strong>launch on track</strong>",
        "R-9",
    ] {
        assert!(main.contains(needle), "{needle}: {main}");
    }
    // The next week has its own list.
    let next = t.main("status/2026-W11/index.html");
    let opened = list(&next, "issues-opened");
    assert!(
        opened.contains("I-NEXT") && !opened.contains("I-TUE"),
        "{opened}"
    );
}

#[test]
fn status_index_and_feed_list_the_weeks_newest_first() {
    let t = flight_site();
    t.build();
    let main = t.main("status/index.html");
    let (w11, w10) = (
        main.find("2026-W11").unwrap(),
        main.find("2026-W10").unwrap(),
    );
    assert!(w11 < w10, "{main}");
    // The newest fact is I-NEXT, opened 2026-03-09: 2026-W11 is current.
    assert!(
        main.contains("2026-W11</a> <span class=\"badge status-in-progress\">current"),
        "{main}"
    );
    let feed = t.page("status/atom.xml");
    assert!(
        feed.contains("<updated>2026-03-08T00:00:00+00:00</updated>"),
        "{feed}"
    );
    assert!(feed.contains("status/2026-W10/"), "{feed}");
}

#[test]
fn status_command_prints_the_sections_in_markdown() {
    let t = flight_site();
    let md = stdout(
        &t,
        &["status", "--week", "2026-W10", "--format", "markdown"],
    );
    for needle in [
        "# Status 2026-W10 (2026-03-02 – 2026-03-08)",
        "## Freeze week\n\nCode freeze held; **launch on track**.",
        "## Releases in flight",
        "## Key metrics",
        "## Issues opened",
        "## Issues closed",
        "## Open risks",
        "## Action items due",
        "## Action items overdue",
        "## Meetings",
        "[I-TUE Build broke (2.0.0, high, 2026-03-03)](https://example.org/book/releases/2.0.0/)",
        "reached: Code freeze (2026-03-03, planned 2026-03-02, late)",
    ] {
        assert!(md.contains(needle), "{needle}:\n{md}");
    }
    assert!(!md.contains("I-NEXT"), "{md}");
    let text = stdout(&t, &["status", "--week", "2026-W10", "--format", "text"]);
    assert!(text.contains("ISSUES OPENED\n  - I-TUE"), "{text}");
    let html = stdout(&t, &["status", "--week", "2026-W10", "--format", "html"]);
    assert!(html.starts_with("<h1>Status 2026-W10"), "{html}");
}

#[test]
fn current_week_comes_from_the_content_not_the_clock() {
    let t = flight_site();
    let first = stdout(&t, &["status"]);
    let second = stdout(&t, &["status"]);
    assert_eq!(first, second);
    assert!(first.starts_with("# Status 2026-W11 "), "{first}");
    t.write(
        "relbook.toml",
        "title = \"Test book\"\nbase_url = \"https://example.org/book/\"\n[status]\ntoday = \"2026-03-04\"\n",
    );
    let pinned = stdout(&t, &["status"]);
    assert!(pinned.starts_with("# Status 2026-W10 "), "{pinned}");
    t.build();
    let main = t.main("status/index.html");
    assert!(
        main.contains("2026-W10</a> <span class=\"badge status-in-progress\">current"),
        "{main}"
    );
}

#[test]
fn a_bad_week_is_a_clear_error() {
    let t = flight_site();
    for bad in ["2026-48", "2026-W54", "26-W01"] {
        let out = t.run(&["status", "--week", bad]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(err.contains("expected YEAR-Wnn, like 2026-W48"), "{err}");
    }
}

#[test]
fn new_status_writes_the_week_and_refuses_to_overwrite() {
    let t = flight_site();
    let out = stdout(&t, &["new", "status", "2026-W11"]);
    assert_eq!(out.trim(), "content/status/2026-W11.md");
    let text = std::fs::read_to_string(t.root().join("content/status/2026-W11.md")).unwrap();
    assert!(
        text.contains("title:") && text.contains("**2.0.0**"),
        "{text}"
    );
    let again = t.run(&["new", "status", "2026-W11"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("refusing to overwrite"));
    t.build();
    assert!(t.main("status/2026-W11/index.html").contains("Week 11"));
}

#[test]
fn a_version_named_unreleased_or_latest_is_an_error() {
    for name in ["unreleased", "latest"] {
        let t = SiteTest::new();
        t.write(
            &format!("content/releases/{name}.md"),
            format!("---\nversion: {name}\n---\nNo.\n"),
        );
        let err = t.build_fails();
        assert!(
            err.contains(&format!("content/releases/{name}.md:2:10:")) && err.contains("reserved"),
            "{err}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Unreleased

fn commit(repo: &Repository, msg: &str, n: i64, parent: Option<Oid>) -> Oid {
    let t = Time::new(1_767_225_600 + n * 3600, 0);
    let sig = Signature::new("Dev Team", "dev@example.org", &t).unwrap();
    let blob = repo.blob(format!("{n} {msg}").as_bytes()).unwrap();
    let mut tb = repo.treebuilder(None).unwrap();
    tb.insert("f.txt", blob, 0o100644).unwrap();
    let tree = repo.find_tree(tb.write().unwrap()).unwrap();
    let parents: Vec<git2::Commit> = parent
        .into_iter()
        .map(|p| repo.find_commit(p).unwrap())
        .collect();
    let refs: Vec<&git2::Commit> = parents.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, msg, &tree, &refs)
        .unwrap()
}

/// A repository in `dir`: 2 commits, `v1.0.0`, 2 more, `v1.1.0`, then `after` more.
fn product(dir: &Path, after: &[&str]) {
    let repo = Repository::init(dir).unwrap();
    let mut head = None;
    let mut n = 0;
    let mut step = |msg: &str, head: &mut Option<Oid>| {
        n += 1;
        *head = Some(commit(&repo, msg, n, *head));
    };
    for msg in ["feat: one", "fix: two"] {
        step(msg, &mut head);
    }
    let tag = |name: &str, at: Oid| {
        repo.tag_lightweight(name, &repo.find_object(at, None).unwrap(), false)
            .unwrap();
    };
    tag("v1.0.0", head.unwrap());
    for msg in ["feat: three", "fix: four"] {
        step(msg, &mut head);
    }
    tag("v1.1.0", head.unwrap());
    for msg in after {
        step(msg, &mut head);
    }
}

fn git_site(after: &[&str]) -> SiteTest {
    let t = SiteTest::new();
    t.write(
        "relbook.toml",
        "title = \"Test book\"\nbase_url = \"https://example.org/book/\"\n\
         repo_url = \"https://github.com/org/product\"\n[git]\nrepo = \"repo\"\ncache = false\n",
    );
    product(&t.root().join("repo"), after);
    t
}

#[test]
fn unreleased_page_lists_exactly_the_commits_after_the_last_tag() {
    let after = [
        "feat(api): five",
        "fix: six",
        "feat!: seven",
        "chore: eight",
    ];
    let t = git_site(&after);
    t.build();
    let main = t.main("releases/unreleased/index.html");
    let expected = cli_count(&t.root().join("repo"), "v1.1.0..HEAD");
    assert_eq!(expected, after.len());
    assert!(
        main.contains(&format!(
            "{expected} commits on <code>HEAD</code> since <code>v1.1.0</code>"
        )),
        "{main}"
    );
    let listed = main.matches("<a class=\"sha\"").count();
    // Every commit once in its group, the breaking one again under Breaking changes.
    assert_eq!(listed, expected + 1, "{main}");
    for msg in ["five", "six", "seven", "eight"] {
        assert!(main.contains(msg), "{msg}: {main}");
    }
    for old in ["one", "two", "three", "four"] {
        assert!(!main.contains(&format!("> {old} ")), "{old}: {main}");
    }
    assert!(
        main.contains("https://github.com/org/product/compare/v1.1.0...HEAD"),
        "{main}"
    );
    assert!(t
        .main("releases/index.html")
        .contains("releases/unreleased/\">Unreleased: 4 commits"));
    assert!(t
        .main("index.html")
        .contains("releases/unreleased/\">Unreleased: 4 commits"));
}

#[test]
fn unreleased_page_is_empty_when_head_is_tagged_and_absent_without_git() {
    let t = git_site(&[]);
    t.build();
    assert_eq!(cli_count(&t.root().join("repo"), "v1.1.0..HEAD"), 0);
    let main = t.main("releases/unreleased/index.html");
    assert!(main.contains("Nothing unreleased"), "{main}");
    let plain = SiteTest::new();
    plain.write(
        "relbook.toml",
        "title = \"Test book\"\n[git]\nenabled = false\n",
    );
    plain.build();
    assert!(!plain.out().join("releases/unreleased").exists());
    assert!(!plain.main("releases/index.html").contains("unreleased"));
}

#[test]
fn releases_in_flight_per_week_match_the_rule_in_every_week() {
    // `status::flying` visits each release only near its dates; it must agree with
    // `in_flight` asked of every release, in every reported week and beyond them.
    let demo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let flight = flight_site();
    for root in [demo, flight.root()] {
        let (site, _) = relbook::site::Site::load(root, &Default::default()).expect("load");
        let weeks = relbook::status::weeks(&site);
        assert!(!weeks.is_empty(), "{}: {weeks:?}", root.display());
        let first = weeks[0].monday() - chrono::TimeDelta::weeks(8);
        let mut counted = 0;
        for k in 0..weeks.len() + 16 {
            let week = relbook::content::Week::of(first + chrono::TimeDelta::weeks(k as i64));
            let fast: Vec<String> = relbook::status::flying(&site, week)
                .iter()
                .map(|r| r.version().to_string())
                .collect();
            let slow: Vec<String> = site
                .releases
                .iter()
                .filter(|r| relbook::status::in_flight(r, week))
                .map(|r| r.version().to_string())
                .collect();
            assert_eq!(fast, slow, "{} in {week}", root.display());
            counted += slow.len();
        }
        assert!(
            counted > 0,
            "{}: no release in flight at all",
            root.display()
        );
    }
}

#[test]
fn issues_and_action_items_by_day_match_a_pass_over_every_one_in_every_week() {
    // `Site::dated` finds a week's issues and action items by day; it must agree with
    // asking each of them, in site order, in every reported week and beyond them.
    use relbook::content::ActionStatus;
    let demo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let flight = flight_site();
    // Items due and closed on the edges of 2026-W10 (2026-03-02 – 03-08).
    flight.write(
        "content/meetings/2026-03-01-planning-2.0.0.md",
        "---\nkind: planning\ndate: 2026-03-01\nrelease: 2.0.0\naction_items:\n\
         - { id: X-1, title: Mon, due: 2026-03-02, status: done, closed: 2026-03-09 }\n\
         - { id: X-2, title: Sun, due: 2026-03-08, status: done, closed: 2026-03-08 }\n\
         - { id: X-3, title: Before, due: 2026-03-01, status: done, closed: 2026-03-08 }\n\
         - { id: X-4, title: Late, due: 2026-02-23, status: done, closed: 2026-03-16 }\n\
         - { id: X-5, title: Dropped, due: 2026-02-23, status: dropped }\n\
         - { id: X-6, title: Open, due: 2026-02-22, status: open }\n\
         - { id: X-7, title: Undated, status: open }\n---\nPlanning.\n",
    );
    let mut found = [0usize; 4];
    for root in [demo, flight.root()] {
        let (site, _) = relbook::site::Site::load(root, &Default::default()).expect("load");
        let weeks = relbook::status::weeks(&site);
        let first = weeks[0].monday() - chrono::TimeDelta::weeks(30);
        for k in 0..weeks.len() + 60 {
            let week = relbook::content::Week::of(first + chrono::TimeDelta::weeks(k as i64));
            let (mon, sun) = (week.monday(), week.sunday());
            let within = |d: chrono::NaiveDate| mon <= d && d <= sun;
            let dated = site.dated();
            let issue_ids = |at: Vec<relbook::site::IssueAt>| -> Vec<String> {
                at.into_iter()
                    .map(|at| site.issue_at(at).1.id.clone())
                    .collect()
            };
            let action_ids = |at: Vec<relbook::site::ActionAt>| -> Vec<String> {
                at.into_iter()
                    .map(|at| site.action_at(at).1.id.clone())
                    .collect()
            };
            let issues = || site.releases.iter().flat_map(|r| r.front.issue_log.iter());
            let slow_opened: Vec<String> = issues()
                .filter(|i| within(i.opened.0))
                .map(|i| i.id.clone())
                .collect();
            let slow_resolved: Vec<String> = issues()
                .filter(|i| i.resolved.is_some_and(|d| within(d.0)))
                .map(|i| i.id.clone())
                .collect();
            let slow_due: Vec<String> = site
                .action_items()
                .filter(|(_, a)| a.due.is_some_and(|d| within(d.0)))
                .map(|(_, a)| a.id.clone())
                .collect();
            let slow_overdue: Vec<String> = site
                .action_items()
                .filter(|(_, a)| {
                    let open_at_end = match a.status {
                        ActionStatus::Open => true,
                        ActionStatus::Done => a.closed.is_some_and(|c| c.0 > sun),
                        ActionStatus::Dropped => false,
                    };
                    a.due.is_some_and(|d| d.0 < mon) && open_at_end
                })
                .map(|(_, a)| a.id.clone())
                .collect();
            let at = format!("{} in {week}", root.display());
            assert_eq!(
                issue_ids(dated.issues_opened(mon, sun)),
                slow_opened,
                "{at}"
            );
            assert_eq!(
                issue_ids(dated.issues_resolved(mon, sun)),
                slow_resolved,
                "{at}"
            );
            assert_eq!(action_ids(dated.actions_due(mon, sun)), slow_due, "{at}");
            assert_eq!(
                action_ids(dated.actions_open_past(mon, sun)),
                slow_overdue,
                "{at}"
            );
            for (n, list) in [slow_opened, slow_resolved, slow_due, slow_overdue]
                .iter()
                .enumerate()
            {
                found[n] += list.len();
            }
        }
    }
    // Each list had entries to compare.
    assert!(found.iter().all(|&n| n > 0), "{found:?}");
}
