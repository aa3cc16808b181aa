//! A Gantt-like timeline, hand-written SVG (pure, no I/O): one row per release, its
//! window as a bar, its milestones as markers (late ones red, unreached ones hollow).

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::{css, BLUE, GRAY, GREEN, RED};
use crate::html::escape;

const WIDTH: i64 = 720;
const LABEL: i64 = 110;
const ROW: i64 = 36;
const TOP: i64 = 34;

/// A milestone on a row.
pub struct Marker {
    pub day: NaiveDate,
    pub name: String,
    pub reached: bool,
    pub late: bool,
}

/// One row: a release and its window.
pub struct Row {
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub markers: Vec<Marker>,
}

/// The timeline of `rows`; `id` is unique within the page.
pub fn timeline(id: &str, title: &str, desc: &str, rows: &[Row]) -> String {
    let days = rows.iter().flat_map(|r| {
        [r.start, r.end]
            .into_iter()
            .chain(r.markers.iter().map(|m| m.day))
    });
    let (Some(first), Some(last)) = (days.clone().min(), days.max()) else {
        return String::new();
    };
    // From the first of the first month to the first of the month after the last day.
    let from = first.with_day(1).unwrap_or(first);
    let to = next_month(last);
    let span = (to - from).num_days().max(1);
    let x = |d: NaiveDate| LABEL + (d - from).num_days() * (WIDTH - LABEL - 10) / span;
    let height = TOP + ROW * rows.len() as i64 + 10;
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg class="chart timeline" viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{id}-title {id}-desc" font-family="sans-serif" font-size="13"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(desc)
    );
    let mut m = from;
    while m < to {
        let mx = x(m);
        let _ = write!(
            o,
            r#"<line x1="{mx}" y1="{}" x2="{mx}" y2="{}" stroke="currentColor" stroke-opacity="0.15"/><text x="{}" y="20" fill="currentColor">{}</text>"#,
            TOP - 8,
            height - 6,
            mx + 3,
            m.format("%b %Y")
        );
        m = next_month(m);
    }
    for (i, r) in rows.iter().enumerate() {
        let y = TOP + ROW * i as i64;
        let (x1, x2) = (x(r.start), x(r.end + chrono::TimeDelta::days(1)));
        let _ = write!(
            o,
            r#"<text x="4" y="{}" fill="currentColor">{}</text><rect x="{x1}" y="{}" width="{}" height="16" rx="3" fill="{}" fill-opacity="0.6"><title>{}: window {} – {}</title></rect>"#,
            y + 22,
            escape(&r.label),
            y + 10,
            (x2 - x1).max(3),
            css(BLUE),
            escape(&r.label),
            r.start,
            r.end
        );
        for mk in &r.markers {
            let color = css(if mk.late {
                RED
            } else if mk.reached {
                GREEN
            } else {
                GRAY
            });
            let fill = if mk.reached { color.as_str() } else { "none" };
            let state = match (mk.reached, mk.late) {
                (true, true) => "reached late",
                (true, false) => "reached",
                _ => "not reached",
            };
            let _ = write!(
                o,
                r#"<circle class="marker{}" cx="{}" cy="{}" r="6" fill="{fill}" stroke="{color}" stroke-width="2"><title>{}: {} {} ({state})</title></circle>"#,
                if mk.late { " late" } else { "" },
                x(mk.day),
                y + 18,
                escape(&r.label),
                escape(&mk.name),
                mk.day
            );
        }
    }
    o.push_str("</svg>");
    o
}

fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn one_bar_per_row_and_one_circle_per_marker() {
        let rows = vec![Row {
            label: "2.7.0 <x>".into(),
            start: day("2026-11-24"),
            end: day("2026-11-26"),
            markers: vec![
                Marker {
                    day: day("2026-11-05"),
                    name: "Freeze".into(),
                    reached: true,
                    late: true,
                },
                Marker {
                    day: day("2026-11-20"),
                    name: "Go".into(),
                    reached: false,
                    late: false,
                },
            ],
        }];
        let svg = timeline("t", "Plan", "desc", &rows);
        assert_eq!(svg.matches("<rect").count(), 1, "{svg}");
        assert_eq!(svg.matches("<circle").count(), 2, "{svg}");
        assert_eq!(svg.matches("class=\"marker late\"").count(), 1, "{svg}");
        assert!(
            svg.contains("2.7.0 &lt;x&gt;: Freeze 2026-11-05 (reached late)"),
            "{svg}"
        );
        assert!(svg.contains(">Nov 2026<"), "{svg}");
        assert_eq!(svg, timeline("t", "Plan", "desc", &rows), "deterministic");
        assert_eq!(timeline("t", "Plan", "desc", &[]), "");
    }
}
