//! `relbook init`: a new site dated around today, and its GitHub Pages workflow.

use std::path::Path;
use std::process::{Command, Output};

use chrono::NaiveDate;
use relbook::content::{ActionStatus, Status};

use crate::common::SiteTest;

fn relbook(dir: &Path, today: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_relbook"));
    cmd.args(args).current_dir(dir).env_remove("RELBOOK_TODAY");
    if let Some(d) = today {
        cmd.env("RELBOOK_TODAY", d);
    }
    cmd.output().unwrap()
}

fn ok(out: &Output) -> String {
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    text
}

/// Nothing of a site fresh from `init` on `today` is overdue or planned in the past.
fn assert_nothing_overdue(site: &Path, today: NaiveDate) {
    let (s, _) = relbook::site::Site::load(site, &Default::default()).unwrap();
    let next = s.next_planned().expect("a planned release");
    let w = s.releases[next].front.window.as_ref().unwrap();
    assert!(w.start.0 > today, "next release planned for {}", w.start.0);
    for r in &s.releases {
        if r.status == Status::Released {
            assert!(
                r.front.date.unwrap().0 <= today,
                "{} released later",
                r.version()
            );
        }
    }
    for (_, a) in s.action_items() {
        if a.status == ActionStatus::Open {
            assert!(a.due.unwrap().0 >= today, "{} due {:?}", a.id, a.due);
        }
    }
}

#[test]
fn init_dates_the_examples_around_today() {
    for today in ["2031-03-10", "2024-12-30"] {
        let t = SiteTest::empty();
        ok(&relbook(t.root(), Some(today), &["init", "site"]));
        let site = t.root().join("site");
        let day = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
        assert_nothing_overdue(&site, day);
        let check = ok(&relbook(&site, Some(today), &["check"]));
        assert!(!check.contains("past its due date"), "{check}");
        assert!(check.contains("0 errors"), "{check}");
    }
    // And by the real clock, without RELBOOK_TODAY.
    let t = SiteTest::empty();
    ok(&relbook(t.root(), None, &["init", "site"]));
    let site = t.root().join("site");
    assert_nothing_overdue(&site, chrono::Local::now().date_naive());
    let check = ok(&relbook(&site, None, &["check"]));
    assert!(!check.contains("past its due date"), "{check}");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The steps of the workflow's `build` job.
fn steps(workflow: &str) -> Vec<serde_yaml::Value> {
    let doc: serde_yaml::Value = serde_yaml::from_str(workflow).expect("pages.yml parses");
    doc["jobs"]["build"]["steps"]
        .as_sequence()
        .expect("build steps")
        .clone()
}

fn step<'a>(steps: &'a [serde_yaml::Value], key: &str, value: &str) -> &'a serde_yaml::Value {
    steps
        .iter()
        .find(|s| s[key].as_str().is_some_and(|v| v.contains(value)))
        .unwrap_or_else(|| panic!("no step with {key} ~ {value}: {steps:?}"))
}

/// Runs the workflow's "find relbook's source" step in `site`; (success, outputs, stderr).
fn find_source(steps: &[serde_yaml::Value], site: &Path) -> (bool, String, String) {
    let script = step(steps, "id", "relbook")["run"].as_str().unwrap();
    let output = site.join("github-output");
    let _ = std::fs::remove_file(&output);
    let out = Command::new("bash")
        // As GitHub runs `run:` steps.
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(site)
        .env("GITHUB_OUTPUT", &output)
        .output()
        .unwrap();
    (
        out.status.success(),
        std::fs::read_to_string(&output).unwrap_or_default(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn the_pages_workflow_installs_relbook_from_its_git_source_and_caches_it() {
    // By default, relbook's own repository.
    let t = SiteTest::empty();
    ok(&relbook(t.root(), None, &["init", "site"]));
    let toml = std::fs::read_to_string(t.root().join("site/relbook.toml")).unwrap();
    let default = relbook::config::RELBOOK_GIT;
    assert!(default.starts_with("https://"), "{default}");
    assert!(
        toml.contains(&format!("relbook_git = \"{default}\"")),
        "{toml}"
    );
    let workflow =
        std::fs::read_to_string(t.root().join("site/.github/workflows/pages.yml")).unwrap();
    assert!(
        workflow.contains(default),
        "the default source is the fallback"
    );

    let steps = steps(&workflow);
    let install = step(&steps, "name", "Install relbook");
    let run = install["run"].as_str().unwrap();
    assert!(
        run.contains("cargo install --locked") && run.contains("--git"),
        "{run}"
    );
    assert!(run.contains("--rev"), "{run}");
    assert_eq!(
        install["if"].as_str(),
        Some("steps.cache.outputs.cache-hit != 'true'")
    );
    let cache = step(&steps, "uses", "actions/cache@");
    assert_eq!(cache["id"].as_str(), Some("cache"));
    assert!(cache["with"]["key"]
        .as_str()
        .unwrap()
        .contains("${{ steps.relbook.outputs.commit }}"));
    let cached = cache["with"]["path"].as_str().unwrap();
    assert!(run.contains(&format!("--root {cached}")), "{run}");
    // Cache, then install, then build.
    let at = |s: &serde_yaml::Value| steps.iter().position(|x| x == s).unwrap();
    assert!(at(step(&steps, "id", "relbook")) < at(cache) && at(cache) < at(install));
    assert!(at(install) < at(step(&steps, "name", "Build")));

    // `--repo` sets the source; the step resolves it with git, as the runner will.
    let has_tomllib = Command::new("python3")
        .args(["-c", "import tomllib"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_tomllib {
        eprintln!("skipped running the workflow step: no python3 with tomllib");
        return;
    }
    let t = SiteTest::empty();
    let src = t.root().join("relbook-src");
    std::fs::create_dir_all(&src).unwrap();
    git(&src, &["init", "-q", "-b", "main"]);
    git(&src, &["commit", "-q", "--allow-empty", "-m", "one"]);
    let tagged = git(&src, &["rev-parse", "HEAD"]);
    git(&src, &["tag", "-a", "-m", "release", "v9.9.9"]);
    git(&src, &["commit", "-q", "--allow-empty", "-m", "two"]);
    let head = git(&src, &["rev-parse", "HEAD"]);
    let url = format!("file://{}", src.display());
    ok(&relbook(t.root(), None, &["init", "site", "--repo", &url]));
    let site = t.root().join("site");
    let toml = std::fs::read_to_string(site.join("relbook.toml")).unwrap();
    assert!(toml.contains(&format!("relbook_git = \"{url}\"")), "{toml}");
    let steps =
        self::steps(&std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap());

    let (success, outputs, log) = find_source(&steps, &site);
    assert!(success, "{log}");
    assert_eq!(outputs, format!("git={url}\ncommit={head}\n"));

    for (r#ref, commit) in [
        ("v9.9.9", &tagged),
        ("main", &head),
        (tagged.as_str(), &tagged),
    ] {
        let edited = toml.replace("relbook_ref = \"\"", &format!("relbook_ref = \"{ref}\""));
        std::fs::write(site.join("relbook.toml"), edited).unwrap();
        let (success, outputs, log) = find_source(&steps, &site);
        assert!(success, "{ref}: {log}");
        assert_eq!(outputs, format!("git={url}\ncommit={commit}\n"), "{ref}");
    }

    // A ref or a repository that is not there fails the run, naming relbook.toml.
    let gone = format!("file://{}", t.root().join("gone").display());
    for (from, to) in [
        ("relbook_ref = \"\"", "relbook_ref = \"v0.0.404\""),
        (url.as_str(), gone.as_str()),
    ] {
        std::fs::write(site.join("relbook.toml"), toml.replace(from, to)).unwrap();
        let (success, _, log) = find_source(&steps, &site);
        assert!(!success);
        assert!(
            log.contains("::error file=relbook.toml::")
                && log.contains(to.trim_start_matches("relbook_ref = ").trim_matches('"')),
            "{log}"
        );
    }
}

#[test]
fn init_refuses_a_repo_that_is_not_an_address() {
    let t = SiteTest::empty();
    let out = relbook(t.root(), None, &["init", "site", "--repo", "a \"b\""]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--repo must be a git repository"));
    assert!(!t.root().join("site/relbook.toml").exists());
}

#[test]
fn a_today_that_is_not_a_day_is_an_error() {
    let t = SiteTest::empty();
    for args in [&["init", "site"][..], &["check"], &["new", "status"]] {
        let out = relbook(t.root(), Some("2026-02-31"), args);
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(
                "RELBOOK_TODAY must be a day as YYYY-MM-DD, like 2026-11-26, not `2026-02-31`"
            ),
            "{args:?}: {stderr}"
        );
    }
    assert!(!t.root().join("site").exists());
}
