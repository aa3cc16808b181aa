//! Dependencies between teams, components and releases (issue 13): validation, the
//! graph on release pages, `/dependencies/` and `check`'s at-risk warning.

use crate::common::*;

/// A planned release 2.0.0 whose window opens `days` from today, with `deps`.
fn planned(t: &SiteTest, days: i64, deps: &str) {
    let start = chrono::Local::now().date_naive() + chrono::TimeDelta::days(days);
    let end = start + chrono::TimeDelta::days(2);
    t.write(
        "content/releases/2.0.0.md",
        format!(
            "---\nversion: 2.0.0\nstatus: planned\nwindow: {{ start: {start}, end: {end} }}\ncomponents: [billing, api]\ndependencies:\n{deps}---\nNext.\n"
        ),
    );
}

fn site() -> SiteTest {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    t
}

#[test]
fn a_dependency_cycle_is_an_error_at_its_line() {
    let t = site();
    planned(
        &t,
        30,
        "  - { from: billing, to: api, kind: component }\n  - { from: api, to: support, kind: team }\n  - { from: support, to: billing, kind: team }\n",
    );
    let err = t.build_fails();
    assert!(
        err.contains("content/releases/2.0.0.md:7:26: error: dependency cycle: billing → api → support → billing"),
        "{err}"
    );
    assert_eq!(
        err.matches("dependency cycle").count(),
        1,
        "one cycle, one error: {err}"
    );
}

#[test]
fn an_unknown_dependency_end_is_an_error_with_a_hint() {
    let t = site();
    planned(&t, 30, "  - { from: biling, to: api, kind: component }\n");
    let err = t.build_fails();
    assert!(
        err.contains("content/releases/2.0.0.md:7:13: error: `from`: unknown dependency end `biling`: not a stakeholder id, component or version (did you mean `billing`?)"),
        "{err}"
    );
    // The far end of an external dependency may be anything.
    planned(
        &t,
        30,
        "  - { from: billing, to: \"Bank API\", kind: external }\n",
    );
    t.build();
}

#[test]
fn release_pages_draw_the_graph_and_the_site_lists_open_ones() {
    let t = site();
    planned(
        &t,
        30,
        "  - { from: billing, to: api, kind: component, status: at-risk, note: \"needs <v2>\" }\n  - { from: api, to: support, kind: team, status: resolved }\n",
    );
    t.build();
    let page = t.main("releases/2.0.0/index.html");
    assert!(
        page.contains("<h2 id=\"dependencies-h\">Dependencies</h2>"),
        "{page}"
    );
    assert_eq!(
        page.matches("<g class=\"node\">").count(),
        3,
        "billing, api, support"
    );
    assert!(page.contains("class=\"dep dep-at-risk\""), "{page}");
    assert!(
        page.contains("needs &lt;v2&gt;"),
        "notes are escaped: {page}"
    );
    let all = t.main("dependencies/index.html");
    assert!(all.contains("<strong>1 at risk</strong>"), "{all}");
    assert!(all.contains("needs &lt;v2&gt;"), "{all}");
    assert!(
        !all.contains("<td>support</td>"),
        "resolved ones are left out: {all}"
    );
    // A site without dependencies has no such page.
    let plain = site();
    plain.build();
    assert!(!plain.out().join("dependencies/index.html").exists());
}

#[test]
fn check_warns_about_an_at_risk_dependency_of_a_release_opening_soon() {
    let deps =
        "  - { from: billing, to: support, kind: team, status: at-risk, note: \"staffing\" }\n";
    let t = site();
    planned(&t, 10, deps);
    let out = t.run(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2.0.0's window opens in 10 days and its dependency billing → support is at risk: staffing"),
        "{text}"
    );
    planned(&t, 15, deps);
    let out = t.run(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains("is at risk"),
        "15 days out: no warning yet: {text}"
    );
}
