//! Benchmark of the KPI and chart steps (run by hand, not in the test suite):
//!
//! ```sh
//! cargo run --release --example bench_kpi -- [RELEASES]
//! ```
//!
//! Writes a synthetic site of RELEASES release notes (default 10,000; one every 3 days,
//! every 9th deployment failed or rolled back with a restore time, defect counts, a
//! planning and a testing checklist each) into the temp folder, loads it once, then
//! times `kpi::for_site`, the KPI page's charts, `kpis.json` and `kpis.csv` (whole, and
//! again from the entries and rows `serve` keeps; best of five).

use std::fmt::Write;
use std::time::Instant;

use relbook::site::{LoadOptions, Site};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let root = std::env::temp_dir().join(format!("relbook-bench-kpi-{n}"));
    if !root.join("content").exists() {
        let rel = root.join("content/releases");
        let chk = root.join("content/checklists");
        std::fs::create_dir_all(&rel).unwrap();
        std::fs::create_dir_all(&chk).unwrap();
        std::fs::write(root.join("relbook.toml"), "[git]\nenabled = false\n").unwrap();
        let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        for i in 0..n {
            let v = format!("{}.{}.{}", 1 + i / 10_000, i / 100 % 100, i % 100);
            let d = start + chrono::TimeDelta::days(3 * i as i64);
            let (result, restored) = match i % 9 {
                4 => (
                    "failed",
                    format!("\n  restored: \"{d}T12:{:02}:00Z\"", i % 60),
                ),
                8 => ("rolled-back", format!("\n  restored: \"{d}T15:00:00Z\"")),
                _ => ("success", String::new()),
            };
            let mut f = String::new();
            let _ = write!(
                f,
                "---\nversion: {v}\ndate: {d}\nkind: {}\ndeployment:\n  result: {result}\n  started: \"{d}T08:00:00Z\"\n  finished: \"{d}T09:00:00Z\"{restored}\ndefects: {{ found_before_release: {}, escaped: {} }}\n---\nRelease {v}.\n",
                if i % 13 == 0 { "hotfix" } else { "minor" },
                10 + i % 17,
                i % 5
            );
            std::fs::write(rel.join(format!("{v}.md")), f).unwrap();
            for phase in ["planning", "testing"] {
                let done = if (i + phase.len()) % 7 == 0 { " " } else { "x" };
                std::fs::write(
                    chk.join(format!("{v}-{phase}.md")),
                    format!("---\nrelease: {v}\nphase: {phase}\n---\n- [x] one\n- [{done}] two\n"),
                )
                .unwrap();
            }
        }
    }
    let t = Instant::now();
    let (site, _) = Site::load(&root, &LoadOptions::default()).expect("load");
    let load = t.elapsed().as_secs_f64();
    let (mut kpi_best, mut chart_best) = (f64::MAX, f64::MAX);
    let (mut json_best, mut kept_best, mut csv_best) = (f64::MAX, f64::MAX, f64::MAX);
    let mut parts = relbook::kpi::KpiFiles::default();
    let mut svg_bytes = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let k = relbook::kpi::for_site(&site, &site.dora);
        kpi_best = kpi_best.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let sections = relbook::render::pages::kpis::kpi_sections(&k);
        chart_best = chart_best.min(t.elapsed().as_secs_f64());
        svg_bytes = serde_json::to_string(&sections)
            .map(|s| s.len())
            .unwrap_or(0);
        let t = Instant::now();
        let whole = serde_json::to_string_pretty(&k).expect("json");
        json_best = json_best.min(t.elapsed().as_secs_f64());
        let _ = parts.texts(&k).expect("json");
        let t = Instant::now();
        let (kept, kept_csv) = parts.texts(&k).expect("json");
        kept_best = kept_best.min(t.elapsed().as_secs_f64());
        assert_eq!(kept, whole + "\n");
        let t = Instant::now();
        let csv = relbook::kpi::csv(&k);
        csv_best = csv_best.min(t.elapsed().as_secs_f64());
        assert_eq!(csv, kept_csv);
    }
    println!(
        "kpi: {n} releases (load {load:.2} s, not counted); KPIs {:.1} ms, charts {:.1} ms (best of 5); KPI page data {} KB",
        kpi_best * 1e3,
        chart_best * 1e3,
        svg_bytes / 1024
    );
    println!(
        "kpis.json {:.1} ms; kpis.csv {:.1} ms; both from kept entries and rows {:.1} ms (best of 5)",
        json_best * 1e3,
        csv_best * 1e3,
        kept_best * 1e3
    );
}
