//! `kpis.json` and `kpis.csv`, the KPIs as files.

use std::fmt::Write as _;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::{Dora, Kpis, ReleaseKpi, Series, Span, Summary};

/// `kpis.csv`'s first line.
const CSV_HEAD: &str = "version,date,status,kind,deployment,commits,fix_commits,lead_time_median_days,lead_time_p90_days,found_before_release,escaped,critical,defect_escape_rate,time_to_restore_hours,checklist_items_done,checklist_items_total,compliant,slip_days\n";

/// `kpis.csv`: one row per counted release.
pub fn csv(k: &Kpis) -> String {
    let mut out = String::with_capacity(64 + 100 * k.releases.len());
    out.push_str(CSV_HEAD);
    for r in &k.releases {
        csv_row(&mut out, r);
    }
    out
}

/// Release `r`'s row of `kpis.csv`, and its line end.
fn csv_row(out: &mut String, r: &ReleaseKpi) {
    if r.version.contains([',', '"', '\n']) {
        let _ = write!(out, "\"{}\"", r.version.replace('"', "\"\""));
    } else {
        out.push_str(&r.version);
    }
    let defects = r.defects.unwrap_or_default();
    let fields: [&dyn Field; 17] = [
        &r.date.as_deref(),
        &Some(r.status),
        &r.kind,
        &r.deployment,
        &r.commits,
        &r.fix_commits,
        &r.lead_time_days.map(|l| l.median),
        &r.lead_time_days.map(|l| l.p90),
        &defects.found_before_release,
        &defects.escaped,
        &defects.critical,
        &r.defect_escape_rate,
        &r.time_to_restore_hours,
        &Some(r.checklists.done),
        &Some(r.checklists.total),
        &Some(r.compliant),
        &r.slip_days,
    ];
    for f in fields {
        out.push(',');
        f.put(out);
    }
    out.push('\n');
}

/// A value of a CSV row, written as it displays; nothing when it is `None`.
trait Field {
    fn put(&self, out: &mut String);
}

impl<T: std::fmt::Display> Field for Option<T> {
    fn put(&self, out: &mut String) {
        if let Some(v) = self {
            let _ = write!(out, "{v}");
        }
    }
}

/// `kpis.json` and `kpis.csv` made again and again (`serve`): each release's JSON entry
/// and CSV row are kept, made anew only when that release's KPIs change, so an edit of
/// one note writes its own entry and row and the summary, not every release's. The
/// texts equal `serde_json::to_string_pretty` of the KPIs (and a newline) and [`csv`].
#[derive(Debug, Default)]
pub struct KpiFiles {
    /// By version: the release's KPIs, its entry (indented as in the file) and its row.
    entries: FxHashMap<String, Parts>,
}

#[derive(Debug)]
struct Parts {
    kpis: ReleaseKpi,
    json: String,
    csv: String,
}

/// [`Kpis`] without its releases (serialised as `[]`), borrowed: the same fields in the
/// same order.
#[derive(Serialize)]
struct Shell<'a> {
    schema: u32,
    releases: [(); 0],
    window: &'a Span,
    summary: &'a Summary,
    series: &'a Series,
    dora: &'a Dora,
}

impl KpiFiles {
    /// The texts of `kpis.json` and `kpis.csv` for `k`.
    pub fn texts(&mut self, k: &Kpis) -> serde_json::Result<(String, String)> {
        let shell = serde_json::to_string_pretty(&Shell {
            schema: k.schema,
            releases: [],
            window: &k.window,
            summary: &k.summary,
            series: &k.series,
            dora: &k.dora,
        })?;
        // Each entry sits two levels deep: four spaces before each of its lines but the
        // first (JSON strings hold no raw newline).
        for r in &k.releases {
            if self.entries.get(&r.version).is_none_or(|p| p.kpis != *r) {
                let json = serde_json::to_string_pretty(r)?.replace('\n', "\n    ");
                let mut csv = String::new();
                csv_row(&mut csv, r);
                let kpis = r.clone();
                let parts = Parts { kpis, json, csv };
                self.entries.insert(r.version.clone(), parts);
            }
        }
        // Versions no longer counted.
        if self.entries.len() > k.releases.len() {
            let now: rustc_hash::FxHashSet<&str> =
                k.releases.iter().map(|r| r.version.as_str()).collect();
            self.entries.retain(|v, _| now.contains(v.as_str()));
        }
        let parts: Vec<&Parts> = (k.releases.iter())
            .map(|r| &self.entries[&r.version])
            .collect();
        let entries: Vec<&str> = parts.iter().map(|p| p.json.as_str()).collect();
        let marker = "\"releases\": []";
        let (head, tail) = shell.split_once(marker).unwrap_or((&shell, ""));
        let size = head.len() + tail.len() + entries.iter().map(|e| e.len() + 6).sum::<usize>();
        let mut text = String::with_capacity(size + 32);
        text.push_str(head);
        text.push_str("\"releases\": [");
        for (n, entry) in entries.iter().enumerate() {
            text.push_str(if n == 0 { "\n    " } else { ",\n    " });
            text.push_str(entry);
        }
        text.push_str(if entries.is_empty() { "]" } else { "\n  ]" });
        text.push_str(tail);
        text.push('\n');
        let size = CSV_HEAD.len() + parts.iter().map(|p| p.csv.len()).sum::<usize>();
        let mut csv = String::with_capacity(size);
        csv.push_str(CSV_HEAD);
        for p in &parts {
            csv.push_str(&p.csv);
        }
        Ok((text, csv))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_shell_has_the_fields_of_the_kpis_in_order() {
        // The shell mirrors `Kpis` field for field: a field added to one and not the
        // other shows here and in `kept_kpi_files_equal_those_made_whole`.
        let table = crate::dora::DoraTable::builtin("2023").unwrap();
        let k = super::super::compute(&[], &[], &[], &table);
        let whole = serde_json::to_string_pretty(&k).unwrap() + "\n";
        let (json, csv) = KpiFiles::default().texts(&k).unwrap();
        assert_eq!(json, whole);
        assert_eq!(csv, CSV_HEAD);
        assert!(whole.contains("\"releases\": []"));
    }
}
