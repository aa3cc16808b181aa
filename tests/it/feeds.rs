//! Feeds and the calendar parse back and are stable.

use std::collections::HashSet;
use std::str::FromStr;

use atom_syndication::Feed;
use icalendar::{Calendar, CalendarComponent, Component};

use crate::common::*;

fn site() -> SiteTest {
    let t = SiteTest::new();
    t.write("relbook.toml", "title = \"Ledger\"\nbase_url = \"https://org.github.io/ledger/\"\n[git]\nenabled = false\n")
        .write("content/releases/1.2.0.md", "---\nversion: 1.2.0\nstatus: planned\nstakeholders: [support]\nwindow: { start: 2026-04-01, end: 2026-04-02 }\ngo_no_go: { decision: go, date: 2026-03-31 }\n---\nNext up.\n");
    t
}

fn check_feed(text: &str) -> Feed {
    let feed = Feed::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert!(feed.id().starts_with("https://"));
    assert!(feed
        .links()
        .iter()
        .any(|l| l.rel() == "self" && l.href().starts_with("https://org.github.io/ledger/")));
    let ids: HashSet<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(ids.len(), feed.entries().len(), "entry ids are unique");
    for e in feed.entries() {
        assert!(
            e.links().iter().all(|l| l
                .href()
                .starts_with("https://org.github.io/ledger/releases/")),
            "absolute links"
        );
        // Parsed as RFC 3339 by the feed crate; round-trips to the same text.
        assert_eq!(
            chrono::DateTime::parse_from_rfc3339(&e.updated().to_rfc3339()).unwrap(),
            *e.updated()
        );
        assert!(e.summary().is_some());
    }
    feed
}

#[test]
fn atom_feeds_parse_back_and_are_deterministic() {
    let t = site();
    t.build();
    let text = t.page("atom.xml");
    let feed = check_feed(&text);
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    // Newest update first: the planned 1.2.0 (go/no-go 2026-03-31), then 1.1.0 (restored 2026-02-20 12:10).
    assert_eq!(
        titles,
        [
            "1.2.0 — Release 1.2.0 (planned)",
            "1.1.0 — Second (rolled back)",
            "1.0.0 — First (released)"
        ]
    );
    assert_eq!(
        feed.entries()[1].updated().to_rfc3339(),
        "2026-02-20T12:10:00+00:00"
    );
    assert_eq!(
        feed.updated().to_rfc3339(),
        "2026-03-31T00:00:00+00:00",
        "never the build time, nor the planned window's start: the go/no-go decision"
    );

    // Per stakeholder: support is listed in 1.1.0 and 1.2.0 and follows billing (1.0.0).
    let support = check_feed(&t.page("stakeholders/support/atom.xml"));
    assert_eq!(support.entries().len(), 3);
    let rm = check_feed(&t.page("stakeholders/release-management/atom.xml"));
    assert_eq!(rm.entries().len(), 0);
    // Discovery links.
    assert!(t.page("index.html").contains(r#"<link rel="alternate" type="application/atom+xml" title="Ledger: releases" href="./atom.xml">"#));
    assert!(t.page("stakeholders/support/index.html").contains(r#"type="application/atom+xml" title="Ledger: releases for Customer support" href="atom.xml""#));
    t.build();
    assert_eq!(t.page("atom.xml"), text);
}

#[test]
fn calendar_parses_back_with_stable_uids() {
    let t = site();
    t.build();
    let text = t.page("calendar.ics");
    let uids = |text: &str| -> Vec<String> {
        let cal: Calendar = icalendar::parser::read_calendar(&icalendar::parser::unfold(text))
            .unwrap()
            .into();
        cal.components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(e.get_uid().unwrap().to_string()),
                _ => None,
            })
            .collect()
    };
    let first = uids(&text);
    assert_eq!(
        first,
        [
            "release-window-1.2.0@org.github.io",
            "go-no-go-1.2.0@org.github.io"
        ]
    );
    assert!(
        text.contains("DTSTART;VALUE=DATE:20260401\r\nDTEND;VALUE=DATE:20260403")
            || (text.contains("DTSTART;VALUE=DATE:20260401")
                && text.contains("DTEND;VALUE=DATE:20260403")),
        "{text}"
    );
    assert!(text.contains("STATUS:TENTATIVE"));
    t.build();
    assert_eq!(
        t.page("calendar.ics"),
        text,
        "byte-identical, DTSTAMP included"
    );
    // A changed window updates the same event instead of adding one.
    t.write("content/releases/1.2.0.md", "---\nversion: 1.2.0\nstatus: planned\nwindow: { start: 2026-04-08, end: 2026-04-09 }\ngo_no_go: { decision: go, date: 2026-03-31 }\n---\nMoved.\n");
    t.build();
    let moved = t.page("calendar.ics");
    assert_eq!(uids(&moved), first);
    assert!(moved.contains("DTSTART;VALUE=DATE:20260408"));
}

#[test]
fn a_planned_release_is_never_dated_from_its_future_window() {
    let t = site();
    // 9.0.0 is planned far ahead and has reached a milestone; 8.0.0 has recorded nothing.
    t.write("content/releases/9.0.0.md", "---\nversion: 9.0.0\nstatus: planned\nwindow: { start: 2031-05-05, end: 2031-05-06 }\nmilestones:\n  - { name: \"Scope agreed\", planned: 2026-02-01, actual: 2026-02-03 }\n  - { name: \"Freeze\", planned: 2031-04-01 }\n---\nLater.\n")
        .write("content/releases/8.0.0.md", "---\nversion: 8.0.0\nstatus: planned\nwindow: { start: 2030-01-07, end: 2030-01-08 }\n---\nLater still.\n");
    t.build();
    let feed = check_feed(&t.page("atom.xml"));
    let dated: Vec<(String, String)> = feed
        .entries()
        .iter()
        .map(|e| (e.title().as_str().to_string(), e.updated().to_rfc3339()))
        .collect();
    let at = |v: &str| {
        dated
            .iter()
            .find(|(t, _)| t.starts_with(v))
            .unwrap_or_else(|| panic!("{v}: {dated:?}"))
            .1
            .clone()
    };
    // The content's present is 1.2.0's go/no-go decision (2026-03-31): nothing is later.
    assert_eq!(
        at("9.0.0"),
        "2026-02-03T00:00:00+00:00",
        "its milestone reached: {dated:?}"
    );
    assert_eq!(
        at("8.0.0"),
        "2026-03-31T00:00:00+00:00",
        "the content's present: {dated:?}"
    );
    assert_eq!(feed.updated().to_rfc3339(), "2026-03-31T00:00:00+00:00");
    assert!(dated.iter().all(|(_, u)| u.as_str() < "2027"), "{dated:?}");
    // The calendar's stamps come from the same dates.
    let cal = t.page("calendar.ics");
    assert!(
        !cal.contains("DTSTAMP:2030") && !cal.contains("DTSTAMP:2031"),
        "{cal}"
    );
}

#[test]
fn feeds_and_calendar_are_linked_from_the_dashboard_and_every_footer() {
    let t = site();
    t.build();
    let dash = t.page("index.html");
    for link in [
        r#"<a href="./atom.xml">release feed</a>"#,
        r#"<a href="./status/atom.xml">weekly status feed</a>"#,
        r#"<a href="./calendar.ics">release calendar</a>"#,
    ] {
        assert!(dash.contains(link), "dashboard lacks {link}");
    }
    // The footer: Tera pages and the natively written release pages alike.
    for (page, root) in [
        ("index.html", "./"),
        ("kpis/index.html", "../"),
        ("releases/1.2.0/index.html", "../../"),
        ("releases/latest/index.html", "../../"),
    ] {
        let html = t.page(page);
        let footer = &html[html
            .find("<footer")
            .unwrap_or_else(|| panic!("{page}: no footer"))..];
        assert!(footer.contains(&format!(r#"<a href="{root}atom.xml">Release feed</a> · <a href="{root}calendar.ics">Release calendar</a>"#)), "{page}: {footer}");
    }
}
