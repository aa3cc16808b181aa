//! Layout on phones (issue 14): what the pages must hold so that `e2e/layout.mjs` finds
//! no page scrolling sideways and no date or id split across lines.

use crate::common::{SiteTest, RELEASE_1};

#[test]
fn layout_dates_and_ids_stay_on_one_line_in_templates_native_pages_and_markdown() {
    let t = SiteTest::new();
    t.write(
        "content/releases/1.0.0.md",
        RELEASE_1.replace("- Invoices", "- Invoices, follow-up A-7 by 2026-03-01"),
    );
    t.build();
    // The native release page: its date, and a date and id in its Markdown body.
    let release = t.page("releases/1.0.0/index.html");
    assert!(
        release.contains(r#"Released <span class="nowrap">2026-01-15</span>"#),
        "{release}"
    );
    assert!(
        release.contains(
            r#"follow-up <span class="nowrap">A-7</span> by <span class="nowrap">2026-03-01</span>"#
        ),
        "{release}"
    );
    // A Tera page: the retrospective's action item, its id and the day it closed.
    let retro = t.page("retrospectives/1.0.0/index.html");
    assert!(
        retro.contains(r#"<tr id="action-A-1"><td><span class="nowrap">A-1</span></td>"#),
        "{retro}"
    );
    assert!(
        retro.contains(r#"<span class="nowrap">2026-02-03</span>"#),
        "{retro}"
    );
}

#[test]
fn layout_markdown_tables_scroll_in_their_own_box() {
    let t = SiteTest::new();
    t.write(
        "content/releases/1.0.0.md",
        RELEASE_1.replace("- Invoices", "| a | b |\n|---|---|\n| 1 | 2 |"),
    );
    t.build();
    let release = t.page("releases/1.0.0/index.html");
    assert!(
        release.contains("<div class=\"table-wrap\">\n<table>"),
        "{release}"
    );
    assert!(release.contains("</table>\n</div>"), "{release}");
}

#[test]
fn layout_favicon_is_written_and_linked_from_every_page() {
    let t = SiteTest::new();
    t.build();
    assert!(t.page("favicon.svg").starts_with("<svg"));
    let link = r#"<link rel="icon" href="../../favicon.svg" type="image/svg+xml">"#;
    // Tera's base.html and the native release page alike.
    assert!(t.page("retrospectives/1.0.0/index.html").contains(link));
    assert!(t.page("releases/1.0.0/index.html").contains(link));
    assert!(t
        .page("index.html")
        .contains(r#"<link rel="icon" href="./favicon.svg""#));
}

#[test]
fn layout_handbook_modules_fold_and_stakeholder_facts_keep_together() {
    let t = SiteTest::new();
    t.build();
    let module = t.page("handbook/welcome/index.html");
    assert!(
        module.contains("<details class=\"fold\">\n  <summary>Handbook modules (1 of 1)</summary>"),
        "{module}"
    );
    let stakeholder = t.page("stakeholders/support/index.html");
    assert!(
        stakeholder.contains("<div><dt>Follows</dt><dd>billing</dd></div>"),
        "{stakeholder}"
    );
}
