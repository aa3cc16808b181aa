//! Native release pages against Tera on the built-in templates, byte for byte.
use std::path::Path;

use super::super::{context, kpi_sections, Page};
use crate::kpi;
use crate::site::{LoadOptions, Site};
use crate::theme;

/// Renders every release page of the site at `root` with Tera and natively.
fn compare(root: &Path) -> usize {
    let (site, _) = Site::load(root, &LoadOptions::default()).unwrap();
    let tera = theme::load_templates(&site.root).unwrap();
    let kpis = kpi::for_site(&site, &site.dora);
    let sections = kpi_sections(&kpis);
    let mut pages: Vec<Page> = (0..site.releases.len()).map(Page::Release).collect();
    pages.push(Page::Latest(site.releases.len() - 1));
    for &page in &pages {
        let (path, template, ctx) = context(&site, &kpis, &sections, page);
        let expected = tera.render(template, &ctx).unwrap();
        let (Page::Release(i) | Page::Latest(i)) = page else {
            unreachable!()
        };
        let (_, got) = super::release_page(&site, page, i);
        if got != expected {
            let line = got
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{path}: native and Tera differ at line {}:\nnative: {:?}\ntera:   {:?}",
                line + 1,
                got.lines().nth(line),
                expected.lines().nth(line)
            );
        }
    }
    pages.len()
}

#[test]
fn native_release_pages_equal_the_templates_on_the_demo() {
    assert!(compare(Path::new(env!("CARGO_MANIFEST_DIR"))) > 20);
}

#[test]
fn native_release_pages_equal_the_templates_on_odd_input() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |p: &str, text: &str| {
        let p = root.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "relbook.toml",
        "title = \"A <b>&'quoted\\\" site\"\nrepo_url = \"https://example.org/a?b=1&c='2'\"\n",
    );
    let long = "Ünïcödé 👩‍👩‍👧 \"quotes\" & <tags> ".repeat(20);
    write(
        "content/releases/1.0.0.md",
        &format!("---\nversion: 1.0.0\ntitle: \"<i>One</i> & 'only'\"\nstatus: released\ndate: 2026-01-02\nwindow: {{start: 2026-01-01, end: 2026-01-01}}\ncomponents: [\"a&b\", c]\nissues: [\"#1\"]\ndefects: {{escaped: 2}}\ngo_no_go: {{decision: go, approvers: [ops], conditions: \"<none>\"}}\nmanager: ops\nstakeholders: [ops]\nrisks:\n  - {{id: R-1, title: \"x<y\", probability: high, impact: high, owner: ops, mitigation: \"a 'b'\"}}\ndeployment: {{result: rolled-back, started: 2026-01-02T10:00:00+02:00, finished: 2026-01-02T11:30:00+02:00, restored: 2026-01-02T12:00:00+02:00}}\n---\n{long}\n\n## One\n\n## Two\n"),
    );
    write(
        "content/stakeholders.toml",
        "[[stakeholder]]\nid = \"ops\"\nname = \"Ops & <Run>\"\n",
    );
    write(
        "content/releases/1.1.0.md",
        "---\nversion: 1.1.0\nstatus: planned\nwindow: {start: 2026-03-01, end: 2026-03-04}\n---\n",
    );
    write(
        "content/retrospectives/1.0.0.md",
        &format!("---\nrelease: 1.0.0\nfacilitator: ops\naction_items:\n  - {{id: A-1, title: \"<fix>\", status: open}}\n---\n{long}\n"),
    );
    write(
        "content/checklists/1.0.0-deploy.md",
        "---\nrelease: 1.0.0\nphase: deployment\nowner: ops\nsigned_off_by: ops\n---\n- [x] a\n- [ ] b\n",
    );
    assert_eq!(compare(root), 3);
}
