//! KPIs of a fixture site: kpis.json against hand-computed numbers, charts parsed as SVG.

use crate::common::*;

fn json(t: &SiteTest) -> serde_json::Value {
    serde_json::from_str(&t.page("kpis.json")).unwrap()
}

/// Each `<svg class="chart">…</svg>` of the KPI page, parsed, by its title id.
fn charts(html: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg class=\"chart\"") {
        let end = rest[start..].find("</svg>").unwrap() + start + "</svg>".len();
        let svg = &rest[start..end];
        let doc =
            roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("invalid SVG: {e}\n{svg}"));
        let root = doc.root_element();
        let title = root
            .children()
            .find(|n| n.has_tag_name("title"))
            .expect("<title>")
            .attribute("id")
            .unwrap()
            .to_string();
        assert!(
            root.children().any(|n| n.has_tag_name("desc")),
            "{title} has no <desc>"
        );
        let rects = doc.descendants().filter(|n| n.has_tag_name("rect")).count();
        let circles = doc
            .descendants()
            .filter(|n| n.has_tag_name("circle"))
            .count();
        out.push((title, rects, circles));
        rest = &rest[end..];
    }
    out
}

#[test]
fn kpis_json_has_the_hand_computed_numbers() {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    t.write(
        "content/releases/1.2.0.md",
        "---\nversion: 1.2.0\nstatus: planned\n---\nNot counted.\n",
    );
    t.build();
    let k = json(&t);
    assert_eq!(k["schema"], 1);
    let s = &k["summary"];
    assert_eq!(s["releases"], 2);
    assert_eq!(
        s["median_days_between_releases"], 36.0,
        "2026-01-15 → 2026-02-20"
    );
    assert_eq!(s["deployment_success_rate"], 0.5);
    assert_eq!(s["change_failure_rate"], 0.5);
    assert_eq!(s["defect_escape_rate"], 0.1, "1 escaped of 9 + 1");
    let ttr = s["median_time_to_restore_hours"].as_f64().unwrap();
    assert!(
        (ttr - 8.0 / 3.0).abs() < 1e-9,
        "09:30 → 12:10 is 2 h 40 min: {ttr}"
    );
    assert_eq!(s["checklist_compliance"], 0.0);
    assert_eq!(s["rework_rate"], 0.0);
    assert_eq!(
        s["action_items"],
        serde_json::json!({"open": 0, "done": 1, "dropped": 0, "closed_by_due_date": 0.0})
    );
    // No git: git-derived fields are null, never omitted.
    assert!(s["median_lead_time_days"].is_null());
    let r0 = &k["releases"][0];
    assert_eq!(r0["version"], "1.0.0");
    assert_eq!(r0["date"], "2026-01-15");
    assert!(
        r0["commits"].is_null() && r0["fix_commits"].is_null() && r0["lead_time_days"].is_null()
    );
    assert_eq!(
        r0["defects"],
        serde_json::json!({"found_before_release": 9, "escaped": 1, "critical": null})
    );
    assert_eq!(r0["checklists"], serde_json::json!({"done": 4, "total": 5}));
    assert_eq!(r0["compliant"], false);
    assert_eq!(k["releases"][1]["deployment"], "rolled-back");
    assert_eq!(
        k["releases"].as_array().unwrap().len(),
        2,
        "planned releases are not counted"
    );
    assert_eq!(
        k["series"]["releases_per_month"],
        serde_json::json!([{"period": "2026-01", "count": 1}, {"period": "2026-02", "count": 1}])
    );
    assert_eq!(
        k["series"]["releases_per_quarter"],
        serde_json::json!([{"period": "2026-Q1", "count": 2}])
    );
    assert_eq!(
        k["series"]["change_failure_rate_per_quarter"],
        serde_json::json!([{"period": "2026-Q1", "value": 0.5}])
    );
    assert_eq!(
        k["dora"],
        serde_json::json!({
            "report": "2023", "source": "2023 Accelerate State of DevOps report",
            "deployment_frequency": "low", "lead_time": null, "change_failure_rate": "low", "time_to_restore": "high"
        })
    );
    let csv = t.page("kpis.csv");
    assert_eq!(csv.lines().count(), 3);
    assert!(
        csv.lines().nth(2).unwrap().starts_with(
            "1.1.0,2026-02-20,rolled-back,minor,rolled-back,,,,,,,,,2.6666666666666665,"
        ),
        "{csv}"
    );
}

#[test]
fn charts_are_valid_svg_with_a_mark_per_value() {
    let t = SiteTest::new();
    t.write(
        "relbook.toml",
        "[git]\nenabled = false\n[kpi]\ndora_report = \"2021\"\n",
    );
    t.build();
    let html = t.page("kpis/index.html");
    let charts = charts(&html);
    let find = |id: &str| {
        charts
            .iter()
            .find(|c| c.0 == format!("{id}-title"))
            .unwrap_or_else(|| panic!("no {id} in {charts:?}"))
    };
    assert!(
        charts.iter().all(|c| c.0 != "chart-lead-title"),
        "no git history: no empty axes"
    );
    assert_eq!(
        find("chart-frequency").1,
        2,
        "one bar per month with releases"
    );
    assert_eq!(
        find("chart-deployments").1,
        2,
        "Q1: one success and one rolled back, stacked"
    );
    assert_eq!(find("chart-cfr").2, 1, "one quarter");
    assert_eq!(find("chart-restore").2, 1, "one failed deployment");
    assert_eq!(find("chart-escape").2, 1, "only 1.0.0 has defect data");
    assert_eq!(find("chart-actions").1, 1, "only done items");
    // The report year is on the page, and 2021 bands apply.
    assert!(html.contains("DORA 2021: low"), "36 days between releases");
    // Identical every build.
    t.build();
    assert_eq!(t.page("kpis/index.html"), html);
    // The dashboard shows the headline KPIs.
    let dash = t.main("index.html");
    assert!(dash.contains(r#"<span class="tile-value">50.0%</span><span class="tile-label">Change failure rate</span>"#), "{dash}");
}

#[test]
fn kpi_command_prints_the_summary() {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    let out = t.run(&["kpi"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains("Change failure rate           50.0%  DORA 2023: low"),
        "{text}"
    );
    let json = t.run(&["kpi", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["summary"]["releases"], 2);
}

#[test]
fn a_site_can_bring_its_own_dora_table() {
    let t = SiteTest::new();
    let table = relbook::dora::DORA_REPORTS[1]
        .1
        .replace("report = \"2023\"", "report = \"ours\"")
        .replace("elite = 0.05", "elite = 0.6");
    t.write("dora.toml", table);
    t.write(
        "relbook.toml",
        "[git]\nenabled = false\n[kpi]\ndora_table = \"dora.toml\"\n",
    );
    t.build();
    let k = json(&t);
    assert_eq!(k["dora"]["report"], "ours");
    assert_eq!(k["dora"]["change_failure_rate"], "elite");
    t.write(
        "dora.toml",
        "report = \"x\"\nsource = \"y\"\n[lead_time]\nelite = \"fast\"\n",
    );
    let e = t.build_fails();
    assert!(e.contains("dora.toml:4:9: error:"), "{e}");
    t.write("relbook.toml", "[kpi]\ndora_report = \"2019\"\n");
    let e = t.build_fails();
    assert!(
        e.contains(
            "relbook.toml:2:1: error: unknown dora_report `2019`; relbook ships 2021 and 2023"
        ),
        "{e}"
    );
}

#[test]
fn kpi_tables_are_newest_first_and_kpis_without_data_say_so() {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    t.write(
        "content/releases/1.1.0.md",
        RELEASE_2.replace("date: 2026-02-20\n", "date: 2026-04-20\n"),
    );
    t.build();
    let main = t.main("kpis/index.html");
    // Quarters and releases newest first.
    let q2 = main.find(r#"<th scope="row">2026-Q2</th>"#).unwrap();
    let q1 = main.find(r#"<th scope="row">2026-Q1</th>"#).unwrap();
    assert!(q2 < q1, "{main}");
    let escape = &main[main.find(r#"id="defects""#).unwrap()..];
    let newer = escape.find(r#"<th scope="row">1.1.0</th>"#).unwrap();
    let older = escape.find(r#"<th scope="row">1.0.0</th>"#).unwrap();
    assert!(newer < older, "{escape}");
    // No git history: the lead time section says so instead of drawing empty axes.
    let lead = &main
        [main.find(r#"id="lead-time""#).unwrap()..main.find(r#"id="time-to-restore""#).unwrap()];
    assert!(!lead.contains("<svg"), "{lead}");
    assert!(lead.contains("No data yet"), "{lead}");
    // A new site: every chart says so.
    let empty = SiteTest::empty();
    empty.write("relbook.toml", "[git]\nenabled = false\n");
    empty.build();
    let html = empty.page("kpis/index.html");
    assert_eq!(charts(&html).len(), 0, "{html}");
    assert_eq!(html.matches("No data yet").count(), 11);
    // The tables are not clipped in a scrolling box.
    let css = t.page("style.css");
    let rule = &css[css.find(".kpi-table {").unwrap()..];
    assert!(
        !rule[..rule.find('}').unwrap()].contains("max-height"),
        "{rule}"
    );
}

#[test]
fn a_site_without_checklists_does_not_track_compliance() {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    for f in ["1.0.0-planning.md", "1.0.0-testing.md"] {
        std::fs::remove_file(t.root().join("content/checklists").join(f)).unwrap();
    }
    t.build();
    let k = json(&t);
    assert!(k["summary"]["checklist_compliance"].is_null(), "{k}");
    // Release pages (native writer) say "not tracked", not a red "not compliant".
    let page = t.main("releases/1.0.0/index.html");
    assert!(
        page.contains(r#"<dt>Compliance</dt><dd><span class="muted">not tracked</span></dd>"#),
        "{page}"
    );
    assert!(!page.contains("not compliant"), "{page}");
    let dash = t.main("index.html");
    assert!(
        dash.contains("not tracked: no release has a checklist"),
        "{dash}"
    );
    assert!(
        !dash.contains("0.0%</span><span class=\"tile-label\">Checklist compliance"),
        "{dash}"
    );
    let kpis = t.main("kpis/index.html");
    assert!(
        kpis.contains("<strong>not tracked: no release has a checklist</strong>"),
        "{kpis}"
    );
    let matrix = t.main("compliance/index.html");
    assert!(matrix.contains("Compliance is not tracked"), "{matrix}");
    assert!(!matrix.contains("result-failed"), "{matrix}");
    // The template says the same.
    t.override_release_template();
    t.build();
    assert_eq!(t.main("releases/1.0.0/index.html"), page);
}
