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
