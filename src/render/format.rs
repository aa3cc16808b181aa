//! How numbers, durations and words are written on pages (and by `relbook kpi`).

/// `2h 40m`, `45m`, `3d 4h`.
pub fn human_duration(d: chrono::TimeDelta) -> String {
    let mins = d.num_minutes().max(0);
    let (days, hours, m) = (mins / 1440, mins / 60 % 24, mins % 60);
    match (days, hours, m) {
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

/// `2026-03-02 14:05`, then ` UTC` or the offset (` +01:00`) when `zone`: chrono's
/// `%Y-%m-%d %H:%M` (`%:z`) without parsing a format string each time (two of them on
/// every release page).
pub(crate) fn minutes(t: &chrono::DateTime<chrono::FixedOffset>, zone: bool) -> String {
    use chrono::{Datelike, Timelike};
    use std::fmt::Write;
    let offset = t.offset().local_minus_utc();
    // Years chrono writes with a sign, and offsets with seconds: chrono's own way.
    if !(0..=9999).contains(&t.year()) || offset % 60 != 0 {
        return match (zone, offset) {
            (false, _) => t.format("%Y-%m-%d %H:%M").to_string(),
            (true, 0) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
            (true, _) => t.format("%Y-%m-%d %H:%M %:z").to_string(),
        };
    }
    let mut s = String::with_capacity(23);
    let _ = write!(
        s,
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    );
    if zone {
        if offset == 0 {
            s.push_str(" UTC");
        } else {
            let (sign, m) = if offset < 0 {
                ('-', -offset / 60)
            } else {
                ('+', offset / 60)
            };
            let _ = write!(s, " {sign}{:02}:{:02}", m / 60, m % 60);
        }
    }
    s
}

pub(crate) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Path from a page at `path` back to the site root.
pub(crate) fn root_prefix(path: &str) -> String {
    let depth = path.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

/// `12.5%`
pub fn pct(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// Days as `3.5 days` / `5 hours`.
pub fn human_days(days: f64) -> String {
    if days < 1.0 {
        format!("{:.0} hours", days * 24.0)
    } else {
        format!("{days:.1} days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn minutes_are_what_chrono_writes(
            secs in -70_000_000_000i64..300_000_000_000,
            offset in -86_399i32..86_400,
            whole in any::<bool>(),
        ) {
            // Most offsets are whole minutes; some are not.
            let offset = if whole { offset / 60 * 60 } else { offset };
            let t = FixedOffset::east_opt(offset).unwrap().timestamp_opt(secs, 0).unwrap();
            prop_assert_eq!(minutes(&t, false), t.format("%Y-%m-%d %H:%M").to_string());
            let zoned = if offset == 0 {
                t.format("%Y-%m-%d %H:%M UTC").to_string()
            } else {
                t.format("%Y-%m-%d %H:%M %:z").to_string()
            };
            prop_assert_eq!(minutes(&t, true), zoned);
        }
    }
}
