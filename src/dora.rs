//! DORA performance bands: the tables shipped with relbook (`src/dora/*.toml`, by report
//! year) and a site's own (`[kpi] dora_table`). A leaf: config validates `dora_report`
//! against it and the KPIs band their values with it; it imports nothing of ours.

use serde::{Deserialize, Serialize};

/// A DORA band table: upper bounds per metric (see `src/dora/*.toml`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DoraTable {
    pub report: String,
    pub source: String,
    pub deployment_frequency: Bounds,
    pub lead_time: Bounds,
    pub change_failure_rate: Bounds,
    pub time_to_restore: Bounds,
}

/// `elite`, `high` and `medium` upper bounds; above `medium` is low.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    pub elite: f64,
    pub high: f64,
    pub medium: f64,
}

impl Bounds {
    pub fn band(&self, value: f64) -> &'static str {
        if value <= self.elite {
            "elite"
        } else if value <= self.high {
            "high"
        } else if value <= self.medium {
            "medium"
        } else {
            "low"
        }
    }
}

/// The band tables shipped with relbook, by report year.
pub const DORA_REPORTS: &[(&str, &str)] = &[
    ("2021", include_str!("dora/2021.toml")),
    ("2023", include_str!("dora/2023.toml")),
];

impl DoraTable {
    pub fn parse(text: &str) -> Result<DoraTable, toml::de::Error> {
        toml::from_str(text)
    }

    /// A shipped table.
    pub fn builtin(report: &str) -> Option<DoraTable> {
        DORA_REPORTS
            .iter()
            .find(|(r, _)| *r == report)
            .and_then(|(_, t)| DoraTable::parse(t).ok())
    }

    /// The table used when the configured one cannot be read: the newest shipped report.
    pub fn fallback() -> DoraTable {
        DoraTable::parse(DORA_REPORTS[DORA_REPORTS.len() - 1].1).expect("shipped table")
    }
}
