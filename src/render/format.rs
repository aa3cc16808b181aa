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
