//! `relbook kpi`: the KPI summary in the terminal, or `kpis.json` with `--json`.

use std::io::Write;

use crate::cli::KpiArgs;
use crate::error::{Error, Result};
use crate::kpi::{self, Kpis};
use crate::render::format::{human_days, pct};
use crate::site::{LoadOptions, Site};

pub fn run(args: &KpiArgs) -> Result<()> {
    let (site, report) = Site::load(&args.root, &LoadOptions::without_pages())?;
    report.print();
    let k = kpi::for_site(&site, &site.dora);
    let text = if args.json {
        serde_json::to_string_pretty(&k).map_err(|e| Error::Usage(e.to_string()))? + "\n"
    } else {
        table(&k)
    };
    std::io::stdout()
        .write_all(text.as_bytes())
        .map_err(|e| Error::io(std::path::Path::new("<stdout>"), e))
}

/// The summary as an aligned two-column table with DORA bands.
pub fn table(k: &Kpis) -> String {
    let s = &k.summary;
    let o = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map_or("—".to_string(), f);
    let band = |b: Option<&str>| {
        b.map(|b| format!("  DORA {}: {b}", k.dora.report))
            .unwrap_or_default()
    };
    let a = s.action_items;
    let rows: Vec<(&str, String)> = vec![
        ("Window", k.window.label()),
        ("Releases counted", s.releases.to_string()),
        (
            "Median days between releases",
            o(s.median_days_between_releases, &|v| format!("{v:.1}"))
                + &band(k.dora.deployment_frequency),
        ),
        (
            "Deployment success rate",
            o(s.deployment_success_rate, &pct),
        ),
        (
            "Change failure rate",
            o(s.change_failure_rate, &pct) + &band(k.dora.change_failure_rate),
        ),
        ("Defect escape rate", o(s.defect_escape_rate, &pct)),
        (
            "Median lead time for changes",
            o(s.median_lead_time_days, &human_days) + &band(k.dora.lead_time),
        ),
        (
            "Median time to restore",
            o(s.median_time_to_restore_hours, &|h| format!("{h:.1} hours"))
                + &band(k.dora.time_to_restore),
        ),
        ("Checklist compliance", o(s.checklist_compliance, &pct)),
        ("Deployment rework rate", o(s.rework_rate, &pct)),
        (
            "Action items",
            format!(
                "{} open, {} done, {} dropped; {} closed on time",
                a.open,
                a.done,
                a.dropped,
                o(a.closed_by_due_date, &pct)
            ),
        ),
    ];
    let width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (label, value) in rows {
        out.push_str(&format!("{label:<width$}  {value}\n"));
    }
    out
}
