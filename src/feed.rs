//! Atom feeds (all releases, and one per stakeholder) and the release calendar
//! (`calendar.ics`), rendered from the site with no I/O.
//!
//! Everything is deterministic: an entry's `updated` is the latest event the release's
//! own files record (its date, deployment times, go/no-go date, milestones reached, issues
//! logged, window start), never the build time, and never later than the content's present
//! ([`content_now`]): a planned release does not sit on top of feed readers for months
//! with its future window. Calendar events carry stable UIDs so a subscribed calendar
//! updates them in place.

use atom_syndication::{Category, Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use chrono::{DateTime, FixedOffset, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use icalendar::{Calendar, Component, EventLike, EventStatus};
use rayon::prelude::*;

use crate::content::{Date, Status};
use crate::site::{Release, Site};

/// Entries per feed: the newest releases only.
pub const FEED_ENTRIES: usize = 50;

fn day_start(d: Date, tz: FixedOffset) -> DateTime<FixedOffset> {
    tz.from_local_datetime(&d.0.and_time(NaiveTime::MIN))
        .single()
        .unwrap_or_else(|| DateTime::<Utc>::UNIX_EPOCH.fixed_offset())
}

/// What release `r` records as having happened: its date, deployment times, go/no-go
/// decision, milestones reached and issues logged or resolved.
fn happened(r: &Release, tz: FixedOffset) -> impl Iterator<Item = DateTime<FixedOffset>> + '_ {
    let f = &r.front;
    let deployment = f
        .deployment
        .iter()
        .flat_map(|d| [d.started, d.finished, d.restored])
        .flatten()
        .map(|t| t.0);
    let days = f
        .date
        .into_iter()
        .chain(f.go_no_go.as_ref().and_then(|g| g.date))
        .chain(f.milestones.iter().filter_map(|m| m.actual))
        .chain(
            f.issue_log
                .iter()
                .flat_map(|k| [Some(k.opened), k.resolved])
                .flatten(),
        )
        .map(move |d| day_start(d, tz));
    deployment.chain(days)
}

/// The content's present: the latest moment the site records as having happened (a
/// release shipped, deployed or decided on, a milestone reached, an issue logged or
/// resolved, a retrospective or meeting held). Never the clock, so builds stay
/// byte-identical; `None` when the site records nothing that happened.
pub fn content_now(site: &Site) -> Option<DateTime<FixedOffset>> {
    *site.memo.content_now.get_or_init(|| latest_happened(site))
}

/// [`content_now`], worked out.
fn latest_happened(site: &Site) -> Option<DateTime<FixedOffset>> {
    let tz = site.config.offset();
    let held = site
        .retros
        .iter()
        .filter_map(|r| r.front.date)
        .chain(site.meetings.iter().map(|m| m.front.date))
        .map(|d| day_start(d, tz));
    let released = site.releases.par_iter().with_min_len(512);
    let released = released.flat_map_iter(|r| happened(r, tz)).max();
    released.into_iter().chain(held).max()
}

/// When release `r` last could have changed: the latest of what it records as having
/// happened (its date, deployment times, go/no-go decision, milestones reached, issues
/// logged or resolved) and its window's start that is not after `now` (the
/// [`content_now`]); `now` itself when none is (a planned release with nothing recorded
/// yet); the Unix epoch when the site records nothing at all and the release has no window.
pub fn updated(
    r: &Release,
    tz: FixedOffset,
    now: Option<DateTime<FixedOffset>>,
) -> DateTime<FixedOffset> {
    let window = r.front.window.as_ref().map(|w| day_start(w.start, tz));
    let moments = happened(r, tz).chain(window);
    match now {
        Some(now) => moments.filter(|m| *m <= now).max().unwrap_or(now),
        None => moments
            .max()
            .unwrap_or_else(|| DateTime::<Utc>::UNIX_EPOCH.fixed_offset()),
    }
}

/// [`updated`] of release `i` at the content's present: when every feed and the calendar
/// say it was last updated. Worked out for every release at once, once per site state.
pub fn release_updated(site: &Site, i: usize) -> DateTime<FixedOffset> {
    site.memo.release_updated.get_or_init(|| {
        let tz = site.config.offset();
        let now = content_now(site);
        site.releases
            .par_iter()
            .with_min_len(256)
            .map(|r| updated(r, tz, now))
            .collect()
    })[i]
}

fn entry(site: &Site, r: &Release, updated_at: DateTime<FixedOffset>) -> Entry {
    let url = format!("{}releases/{}/", site.config.base_url, r.version());
    let status = r.status.as_str().replace('-', " ");
    let when = match (r.front.date, &r.front.window) {
        (Some(d), _) => format!("released {d}"),
        (None, Some(w)) => format!("window {} – {}", w.start, w.end),
        _ => String::new(),
    };
    let mut e = Entry::default();
    e.set_id(url.clone());
    e.set_title(Text::plain(format!(
        "{} — {} ({status})",
        r.version(),
        r.title()
    )));
    e.set_updated(updated_at);
    let mut link = Link::default();
    link.set_href(url);
    link.set_rel("alternate");
    link.set_mime_type(Some("text/html".to_string()));
    e.set_links(vec![link]);
    let mut cat = Category::default();
    cat.set_term(r.status.as_str());
    e.set_categories(vec![cat]);
    let result = r
        .front
        .deployment
        .as_ref()
        .map(|d| format!("; deployment {}", d.result.as_str().replace('-', " ")))
        .unwrap_or_default();
    e.set_summary(Some(Text::plain(
        format!(
            "{}: {status}{}{result}. {}",
            r.version(),
            if when.is_empty() {
                String::new()
            } else {
                format!(", {when}")
            },
            r.body.summary
        )
        .trim()
        .to_string(),
    )));
    let mut content = Content::default();
    content.set_content_type(Some("html".to_string()));
    let esc = crate::html::escape;
    content.set_value(Some(format!(
        "<p><strong>Status:</strong> {}{}{}</p><p>{}</p>",
        esc(&status),
        esc(&if when.is_empty() {
            String::new()
        } else {
            format!(" · {when}")
        }),
        esc(&result.replace("; ", " · ")),
        esc(&r.body.summary)
    )));
    e.set_content(Some(content));
    e
}

/// An Atom feed of `releases` (indices into the site's releases), newest update first.
pub fn atom(
    site: &Site,
    title: &str,
    self_path: &str,
    page_path: &str,
    releases: &[usize],
) -> String {
    let mut list: Vec<(DateTime<FixedOffset>, &Release)> = releases
        .iter()
        .map(|&i| (release_updated(site, i), &site.releases[i]))
        .collect();
    // Newest first; only the first FEED_ENTRIES are put in order.
    type Dated<'a> = (DateTime<FixedOffset>, &'a Release);
    let order =
        |(ua, a): &Dated, (ub, b): &Dated| ub.cmp(ua).then_with(|| b.version().cmp(a.version()));
    if list.len() > FEED_ENTRIES {
        list.select_nth_unstable_by(FEED_ENTRIES, order);
        list.truncate(FEED_ENTRIES);
    }
    list.sort_by(order);
    let newest: FixedDateTime = list
        .first()
        .map_or_else(|| DateTime::<Utc>::UNIX_EPOCH.fixed_offset(), |(u, _)| *u);
    let mut feed = feed_head(site, title, self_path, page_path, newest);
    feed.set_entries(
        list.into_iter()
            .map(|(u, r)| entry(site, r, u))
            .collect::<Vec<_>>(),
    );
    let mut out = feed.to_string();
    out.push('\n');
    out
}

/// A feed with its id, title, links and author, updated at `newest`.
fn feed_head(
    site: &Site,
    title: &str,
    self_path: &str,
    page_path: &str,
    newest: FixedDateTime,
) -> Feed {
    let base = &site.config.base_url;
    let mut feed = Feed::default();
    feed.set_id(format!("{base}{self_path}"));
    feed.set_title(Text::plain(title.to_string()));
    feed.set_updated(newest);
    let mut me = Link::default();
    me.set_href(format!("{base}{self_path}"));
    me.set_rel("self");
    me.set_mime_type(Some("application/atom+xml".to_string()));
    let mut page = Link::default();
    page.set_href(format!("{base}{page_path}"));
    page.set_rel("alternate");
    page.set_mime_type(Some("text/html".to_string()));
    feed.set_links(vec![me, page]);
    let mut author = Person::default();
    author.set_name(site.config.title.clone());
    feed.set_authors(vec![author]);
    feed
}

/// `status/atom.xml`: one entry per weekly report, newest first ([`FEED_ENTRIES`] at
/// most); an entry's `updated` is the start of its week's Sunday, so the feed depends on
/// the content alone.
pub fn status_atom(site: &Site, kpis: &crate::kpi::Kpis) -> String {
    let tz = site.config.offset();
    let mut weeks = crate::status::weeks(site);
    weeks.reverse();
    weeks.truncate(FEED_ENTRIES);
    let base = &site.config.base_url;
    let newest = weeks.first().map_or_else(
        || DateTime::<Utc>::UNIX_EPOCH.fixed_offset(),
        |w| day_start(Date(w.sunday()), tz),
    );
    let mut feed = feed_head(
        site,
        &format!("{}: weekly status", site.config.title),
        "status/atom.xml",
        "status/",
        newest,
    );
    let entries: Vec<Entry> = weeks
        .iter()
        .map(|&w| {
            let report = crate::status::report(site, kpis, w);
            let url = format!("{base}{}", report.url);
            let mut e = Entry::default();
            e.set_id(url.clone());
            e.set_title(Text::plain(format!(
                "Status {w} ({} – {})",
                report.monday, report.sunday
            )));
            e.set_updated(day_start(Date(w.sunday()), tz));
            let mut link = Link::default();
            link.set_href(url);
            link.set_rel("alternate");
            link.set_mime_type(Some("text/html".to_string()));
            e.set_links(vec![link]);
            let mut content = Content::default();
            content.set_content_type(Some("html".to_string()));
            content.set_value(Some(crate::status::text::write(
                &report,
                crate::status::text::Style::Html,
                base,
                None,
            )));
            e.set_content(Some(content));
            e
        })
        .collect();
    feed.set_entries(entries);
    let mut out = feed.to_string();
    out.push('\n');
    out
}

/// `example.org` from the base URL, for calendar UIDs.
fn host(site: &Site) -> String {
    let url = &site.config.base_url;
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        "relbook.invalid".to_string()
    } else {
        host.to_string()
    }
}

/// The days the calendar covers: `[calendar] years` either side of the content's current
/// day (`[status] today`, else the day of [`content_now`]; never the clock). `None`: all.
pub type Span = Option<(NaiveDate, NaiveDate)>;

/// The [`Span`] of `site`'s calendar.
pub fn calendar_span(site: &Site) -> Span {
    let years = site.config.calendar.years;
    if years == 0 {
        return None;
    }
    let anchor = site
        .config
        .status
        .today
        .map(|d| d.0)
        .or_else(|| content_now(site).map(|t| t.date_naive()))?;
    let months = Months::new(12 * years);
    Some((
        anchor.checked_sub_months(months).unwrap_or(NaiveDate::MIN),
        anchor.checked_add_months(months).unwrap_or(NaiveDate::MAX),
    ))
}

/// Whether the days `first..=last` meet the span.
fn in_span(span: Span, first: NaiveDate, last: NaiveDate) -> bool {
    span.is_none_or(|(lo, hi)| last >= lo && first <= hi)
}

/// Release windows, go/no-go decisions and meeting records as all-day events, those in
/// the [`calendar_span`].
pub fn calendar(site: &Site) -> String {
    let (mut out, tail) = calendar_ends(site);
    let host = host(site);
    let span = calendar_span(site);
    for i in 0..site.releases.len() {
        calendar_events(site, i, &host, span, &mut out);
    }
    meeting_events(site, &host, span, &mut out);
    out.push_str(tail);
    out
}

/// Every meeting record as an all-day event on its date, linked to its page.
fn meeting_events(site: &Site, host: &str, span: Span, out: &mut String) {
    let tz = site.config.offset();
    for m in &site.meetings {
        if !in_span(span, m.front.date.0, m.front.date.0) {
            continue;
        }
        let url = format!("{}meetings/{}/", site.config.base_url, m.slug);
        let release = m
            .front
            .release
            .as_ref()
            .map(|v| format!(" ({v})"))
            .unwrap_or_default();
        let mut description = format!("{} meeting{release}.", m.front.kind);
        if let Some(d) = m.front.decision {
            description.push_str(&format!(" Decision: {d}."));
        }
        for d in &m.front.decisions {
            description.push(' ');
            description.push_str(d);
        }
        let _ = icalendar::Event::new()
            .uid(&format!("meeting-{}@{host}", m.slug))
            .timestamp(day_start(m.front.date, tz).with_timezone(&Utc))
            .summary(&format!("{}{release}", m.title()))
            .description(&description)
            .starts(m.front.date.0)
            .ends(m.front.date.0.succ_opt().unwrap_or(m.front.date.0))
            .url(&url)
            .status(EventStatus::Confirmed)
            .done()
            .fmt_write(out);
    }
}

/// The calendar's own first lines and its last line. Events are written as they are
/// made, between the two: the crate's model of a whole calendar held 60 MB at 10,000
/// releases.
fn calendar_ends(site: &Site) -> (String, &'static str) {
    const TAIL: &str = "END:VCALENDAR\r\n";
    let mut head = Calendar::new();
    head.name(&format!("{}: release calendar", site.config.title));
    let head = head.done().to_string();
    let head = head.strip_suffix(TAIL).unwrap_or(&head).to_string();
    (head, TAIL)
}

/// Release `r`'s events: its window and its go/no-go meeting, when it has them.
fn calendar_events(site: &Site, i: usize, host: &str, span: Span, out: &mut String) {
    let r = &site.releases[i];
    // Most releases of a long history have no event in the span: nothing is made for them.
    let window = r.front.window.as_ref();
    let window = window.filter(|w| in_span(span, w.start.0, w.end.0));
    let go_no_go = r
        .front
        .go_no_go
        .as_ref()
        .and_then(|g| g.date.map(|d| (g, d)));
    let go_no_go = go_no_go.filter(|(_, d)| in_span(span, d.0, d.0));
    if window.is_none() && go_no_go.is_none() {
        return;
    }
    let url = format!("{}releases/{}/", site.config.base_url, r.version());
    let stamp = release_updated(site, i).with_timezone(&Utc);
    let status = match r.status {
        Status::Cancelled => EventStatus::Cancelled,
        Status::Planned => EventStatus::Tentative,
        _ => EventStatus::Confirmed,
    };
    // An all-day event from `first` to `last` (the end is exclusive in iCalendar).
    let mut event = |uid: String, summary: String, description: String, first: Date, last: Date| {
        let _ = icalendar::Event::new()
            .uid(&format!("{uid}@{host}"))
            .timestamp(stamp)
            .summary(&summary)
            .description(&description)
            .starts(first.0)
            .ends(last.0.succ_opt().unwrap_or(last.0))
            .url(&url)
            .status(status)
            .done()
            .fmt_write(out);
    };
    if let Some(w) = window {
        event(
            format!("release-window-{}", r.version()),
            format!("Release window: {} — {}", r.version(), r.title()),
            format!(
                "{} ({}). {}",
                r.title(),
                r.status.as_str().replace('-', " "),
                r.body.summary
            ),
            w.start,
            w.end,
        );
    }
    if let Some((g, d)) = go_no_go {
        let conditions = g.conditions.as_deref().map(|c| format!(" {c}"));
        event(
            format!("go-no-go-{}", r.version()),
            format!("Go/no-go: {} — {}", r.version(), r.title()),
            format!(
                "Decision: {}.{}",
                g.decision.as_str(),
                conditions.unwrap_or_default()
            ),
            d,
            d,
        );
    }
}

/// The calendar as `serve` keeps it: each release's events apart, so that an edit of
/// one note writes its events again and nothing else.
pub struct CalendarParts {
    events: Vec<String>,
    /// The days covered (a body edit does not move it: it comes from front matter).
    span: Span,
    /// The meetings' events (a meeting edit is a full load: they do not change here).
    meetings: String,
    /// The content's current moment the events were written for.
    now: Option<DateTime<FixedOffset>>,
}

impl CalendarParts {
    pub fn new(site: &Site) -> CalendarParts {
        let host = host(site);
        let span = calendar_span(site);
        let now = content_now(site);
        let events = (0..site.releases.len())
            .into_par_iter()
            .with_min_len(256)
            .map(|i| {
                let mut out = String::new();
                calendar_events(site, i, &host, span, &mut out);
                out
            })
            .collect();
        let mut meetings = String::new();
        meeting_events(site, &host, span, &mut meetings);
        CalendarParts {
            events,
            span,
            meetings,
            now,
        }
    }

    /// After release `i`'s front matter changed (its version did not): its events are
    /// written again, or every event when the edit moved the calendar's span or the
    /// content's current moment ([`content_now`], which every feed's entries are dated
    /// by). Returns whether that moment moved.
    pub fn update_front(&mut self, site: &Site, i: usize) -> bool {
        let now = content_now(site);
        let moved = now != self.now;
        if moved || calendar_span(site) != self.span {
            *self = CalendarParts::new(site);
        } else {
            self.update_release(site, i);
        }
        moved
    }

    /// After release `i` changed (its body; its front matter did not).
    pub fn update_release(&mut self, site: &Site, i: usize) {
        if let Some(part) = self.events.get_mut(i).filter(|_| i < site.releases.len()) {
            part.clear();
            calendar_events(site, i, &host(site), self.span, part);
        }
    }

    /// `calendar.ics`, as [`calendar`] writes it.
    pub fn text(&self, site: &Site) -> String {
        let (mut out, tail) = calendar_ends(site);
        for part in &self.events {
            out.push_str(part);
        }
        out.push_str(&self.meetings);
        out.push_str(tail);
        out
    }
}
