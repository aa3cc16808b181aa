//! `kpis.json` and `kpis.csv`, the KPIs as files.

use std::fmt::Write as _;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::{Dora, Kpis, ReleaseKpi, Series, Span, Summary};

/// `kpis.csv`: one row per counted release.
pub fn csv(k: &Kpis) -> String {
    let mut out = String::with_capacity(64 + 100 * k.releases.len());
    out.push_str("version,date,status,kind,deployment,commits,fix_commits,lead_time_median_days,lead_time_p90_days,found_before_release,escaped,critical,defect_escape_rate,time_to_restore_hours,checklist_items_done,checklist_items_total,compliant,slip_days\n");
    for r in &k.releases {
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
            f.put(&mut out);
        }
        out.push('\n');
    }
    out
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

/// `kpis.json` made again and again (`serve`): each release's entry is kept, made anew
/// only when that release's KPIs change, so an edit of one note re-serialises its own
/// entry and the summary, not every release's. The text equals
/// `serde_json::to_string_pretty` of the KPIs, and a newline.
#[derive(Debug, Default)]
pub struct JsonParts {
    /// By version: the release's KPIs and its entry, indented as in the file.
    entries: FxHashMap<String, (ReleaseKpi, String)>,
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

impl JsonParts {
    /// The text of `kpis.json` for `k`.
    pub fn text(&mut self, k: &Kpis) -> serde_json::Result<String> {
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
            if self
                .entries
                .get(&r.version)
                .is_none_or(|(kept, _)| kept != r)
            {
                let entry = serde_json::to_string_pretty(r)?.replace('\n', "\n    ");
                self.entries.insert(r.version.clone(), (r.clone(), entry));
            }
        }
        // Versions no longer counted.
        if self.entries.len() > k.releases.len() {
            let now: rustc_hash::FxHashSet<&str> =
                k.releases.iter().map(|r| r.version.as_str()).collect();
            self.entries.retain(|v, _| now.contains(v.as_str()));
        }
        let entries: Vec<&str> = (k.releases.iter())
            .map(|r| self.entries[&r.version].1.as_str())
            .collect();
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
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_shell_has_the_fields_of_the_kpis_in_order() {
        // The shell mirrors `Kpis` field for field: a field added to one and not the
        // other shows here and in `kpis_json_parts_equal_serde_json`.
        let table = crate::dora::DoraTable::builtin("2023").unwrap();
        let k = super::super::compute(&[], &[], &[], &table);
        let whole = serde_json::to_string_pretty(&k).unwrap() + "\n";
        assert_eq!(JsonParts::default().text(&k).unwrap(), whole);
        assert!(whole.contains("\"releases\": []"));
    }
}
