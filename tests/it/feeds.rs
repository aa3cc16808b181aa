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
    // Newest update first: the planned 1.2.0 (window 2026-04-01), then 1.1.0 (restored 2026-02-20 12:10).
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
        "2026-04-01T00:00:00+00:00",
        "never the build time"
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
fn calendar_keeps_the_years_around_the_contents_newest_day() {
    // The newest fact is 2026-03-31 (a go/no-go date): by default events from 2024-03-31
    // to 2028-03-31 stay; a window in 2019 and one in 2031 are left out.
    let t = site();
    t.write("content/releases/0.1.0.md", "---\nversion: 0.1.0\ndate: 2019-05-02\nwindow: { start: 2019-05-01, end: 2019-05-02 }\n---\nOld.\n")
        .write("content/releases/9.0.0.md", "---\nversion: 9.0.0\nstatus: planned\nwindow: { start: 2031-01-05, end: 2031-01-06 }\n---\nFar.\n")
        .write("content/releases/1.3.0.md", "---\nversion: 1.3.0\nstatus: planned\nwindow: { start: 2028-03-30, end: 2028-04-02 }\n---\nEdge.\n");
    t.build();
    let text = t.page("calendar.ics");
    assert!(text.contains("UID:release-window-1.2.0@"), "{text}");
    assert!(
        text.contains("UID:release-window-1.3.0@"),
        "overlaps the edge"
    );
    assert!(!text.contains("release-window-0.1.0"), "{text}");
    assert!(!text.contains("release-window-9.0.0"), "{text}");
    t.build();
    assert_eq!(t.page("calendar.ics"), text, "byte-identical");
    // Configurable; 0 keeps everything.
    t.write("relbook.toml", "title = \"Ledger\"\nbase_url = \"https://org.github.io/ledger/\"\n[git]\nenabled = false\n[calendar]\nyears = 0\n");
    t.build();
    let all = t.page("calendar.ics");
    assert!(all.contains("release-window-0.1.0") && all.contains("release-window-9.0.0"));
    t.write("relbook.toml", "title = \"Ledger\"\nbase_url = \"https://org.github.io/ledger/\"\n[git]\nenabled = false\n[calendar]\nyears = 1\n");
    t.build();
    let one = t.page("calendar.ics");
    assert!(one.contains("release-window-1.2.0") && !one.contains("release-window-1.3.0"));
}
