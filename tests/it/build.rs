//! Building good sites: what the pages say.

use crate::common::*;

#[test]
fn release_page_shows_deployment_checklists_and_retro() {
    let t = SiteTest::new();
    t.build();
    let main = t.main("releases/1.0.0/index.html");
    assert!(
        main.contains(r#"<span class="badge result-success">✓ success</span>"#),
        "{main}"
    );
    // Planning 2/2 complete, testing 2/3 incomplete.
    assert!(main.contains(r#"<span class="count">2/2</span>"#), "{main}");
    assert!(main.contains(r#"<span class="count">2/3</span>"#), "{main}");
    assert!(main.contains(r#"aria-label="2 of 3 done""#), "{main}");
    assert!(
        main.contains("Missing required checklist: deployment"),
        "{main}"
    );
    assert!(main.contains("Escape rate</dt><dd>10.0%"), "{main}");
    assert!(main.contains("Automate smoke tests"), "{main}");
    // Stakeholder linked through its interest in the billing component.
    assert!(
        main.contains(r#"href="../../stakeholders/support/">Customer support</a>"#),
        "{main}"
    );
    // Next release link, no previous.
    assert!(
        main.contains(r#"rel="next" href="../../releases/1.1.0/""#),
        "{main}"
    );
    assert!(!main.contains(r#"rel="prev""#));
}

#[test]
fn rolled_back_release_shows_time_to_restore() {
    let t = SiteTest::new();
    t.build();
    let main = t.main("releases/1.1.0/index.html");
    assert!(main.contains("result-rolled-back"), "{main}");
    assert!(main.contains("(after 2h 40m)"), "{main}");
    // The header says it once: shipped on its date, rolled back when service was restored.
    let head =
        &main[main.find("<header class=\"page-head\">").unwrap()..main.find("</header>").unwrap()];
    assert!(
        head.contains(r#"Shipped <span class="nowrap">2026-02-20</span>, rolled back <span class="nowrap">2026-02-20</span> 12:10 UTC"#),
        "{head}"
    );
    assert_eq!(
        head.matches("rolled back").count(),
        2,
        "badge and sentence: {head}"
    );
    assert!(
        !head.contains("Released") && !head.contains("Deployment"),
        "{head}"
    );
}

#[test]
fn compliance_matrix_marks_incomplete_and_missing_checklists() {
    let t = SiteTest::new();
    // An optional phase after the required ones (its column is last).
    t.write(
        "content/checklists/1.0.0-post-release.md",
        "---\nrelease: 1.0.0\nphase: post-release\n---\n- [x] Reviewed\n",
    );
    t.build();
    let main = t.main("compliance/index.html");
    let row = main
        .split("<tr>")
        .find(|r| r.contains(">1.0.0<"))
        .expect("row for 1.0.0");
    assert!(
        row.contains(
            r#"<td class="cell complete"><a href="../releases/1.0.0/#checklist-planning">2/2</a>"#
        ),
        "{row}"
    );
    assert!(
        row.contains(
            r#"<td class="cell incomplete"><a href="../releases/1.0.0/#checklist-testing">2/3</a>"#
        ),
        "{row}"
    );
    assert!(
        row.contains(r#"<td class="cell missing">missing</td>"#),
        "{row}"
    );
    assert!(row.contains(">no</span>"), "{row}");
    assert!(main.contains("0 of 2 shipped releases"), "{main}");
    // The required phases, without a dangling comma for the optional last one.
    assert!(
        main.contains("complete (planning, testing, deployment).</p>"),
        "{main}"
    );
}

#[test]
fn relative_content_links_resolve_to_pages() {
    let t = SiteTest::new();
    t.build();
    let main = t.main("releases/1.0.0/index.html");
    assert!(
        main.contains(r#"<a href="../../retrospectives/1.0.0/#lessons">review</a>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<a href="../../releases/1.1.0/">next</a>"#),
        "{main}"
    );
    assert!(t.out().join("retrospectives/1.0.0/index.html").is_file());
    let module = t.main("handbook/welcome/index.html");
    assert!(
        module.contains(r#"<a href="../../releases/1.0.0/">the first release</a>"#),
        "{module}"
    );
    // And the heading the link points at exists.
    assert!(t
        .page("retrospectives/1.0.0/index.html")
        .contains(r#"<h2 id="lessons">"#));
}

#[test]
fn user_template_overrides_the_built_in_one() {
    let t = SiteTest::new();
    t.write("templates/404.html", "{% extends \"base.html\" %}{% block content %}<p>Custom lost page for {{ site.title }}</p>{% endblock content %}");
    t.write("assets/style.css", "/* mine */");
    t.build();
    assert!(t
        .page("404.html")
        .contains("<p>Custom lost page for Test book</p>"));
    assert_eq!(t.page("style.css"), "/* mine */");
    // Other pages still use the built-in templates.
    assert!(t.page("releases/index.html").contains("Release history"));
}

#[test]
fn own_page_templates_replace_the_natively_written_pages() {
    // Release, retrospective, status report and history year pages are written natively,
    // unless the site has its own template for them or its own `base.html` (which every
    // page extends).
    let t = SiteTest::new();
    t.write(
        "templates/retrospective.html",
        "{% extends \"base.html\" %}{% block content %}<p>Own review of {{ release.version }}, {{ actions | length }} items</p>{% endblock content %}",
    );
    t.write(
        "templates/status_week.html",
        "{% extends \"base.html\" %}{% block content %}<p>Own report of {{ report.week }}</p>{% endblock content %}",
    );
    t.write(
        "templates/history_year.html",
        "{% extends \"base.html\" %}{% block content %}<p>Own year {{ year }}: {{ releases | length }}</p>{% endblock content %}",
    );
    t.build();
    let history = std::fs::read_dir(t.out().join("history"))
        .unwrap()
        .find_map(|e| e.ok()?.file_name().into_string().ok())
        .expect("a history year");
    let year = t.page(&format!("history/{history}/index.html"));
    assert!(year.contains(&format!("<p>Own year {history}: ")), "{year}");
    let retro = t.page("retrospectives/1.0.0/index.html");
    assert!(retro.contains("<p>Own review of 1.0.0, "), "{retro}");
    let week = std::fs::read_dir(t.out().join("status"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|name| name.contains("-W"))
        .expect("a status report");
    let report = t.page(&format!("status/{week}/index.html"));
    assert!(
        report.contains(&format!("<p>Own report of {week}</p>")),
        "{report}"
    );
    let release = t.page("releases/1.0.0/index.html");
    assert!(
        release.contains("<h1><span class=\"version\">1.0.0</span>"),
        "{release}"
    );
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/base.html"))
        .unwrap()
        .replace("Built with relbook", "Built with my base");
    t.write("templates/base.html", base);
    std::fs::remove_file(t.root().join("templates/retrospective.html")).unwrap();
    std::fs::remove_file(t.root().join("templates/status_week.html")).unwrap();
    std::fs::remove_file(t.root().join("templates/history_year.html")).unwrap();
    t.build();
    for page in [
        "retrospectives/1.0.0/index.html",
        "releases/1.0.0/index.html",
        &format!("status/{week}/index.html"),
        &format!("history/{history}/index.html"),
    ] {
        let html = t.page(page);
        assert!(html.contains("Built with my base"), "{page}: {html}");
        assert!(html.contains("<h1>"), "{page}");
    }
}

#[test]
fn every_page_of_the_site_map_is_built() {
    let t = SiteTest::new();
    let stderr = t.build();
    assert!(stderr.contains("Built "), "{stderr}");
    for page in [
        "index.html",
        "releases/index.html",
        "releases/1.0.0/index.html",
        "releases/1.1.0/index.html",
        "releases/latest/index.html",
        "history/2026/index.html",
        "retrospectives/index.html",
        "retrospectives/1.0.0/index.html",
        "compliance/index.html",
        "risks/index.html",
        "stakeholders/index.html",
        "stakeholders/support/index.html",
        "handbook/index.html",
        "handbook/welcome/index.html",
        "404.html",
        "style.css",
        "relbook.js",
        "favicon.svg",
        "versions.js",
        ".nojekyll",
    ] {
        assert!(t.out().join(page).is_file(), "missing {page}");
    }
    // latest = newest *released* version (1.1.0 was rolled back).
    let latest = t.page("releases/latest/index.html");
    assert!(
        latest
            .contains(r#"<link rel="canonical" href="https://example.org/book/releases/1.0.0/">"#),
        "{latest}"
    );
    assert!(t
        .page("versions.js")
        .contains(r#"[["1.1.0","rolled-back"],["1.0.0","released"]]"#));
    // The stakeholder page lists the release that names them and the one touching their component.
    let s = t.main("stakeholders/support/index.html");
    // The "Why" cell says why: support owns 1.0.0's risk R-1 and follows billing, and is
    // listed as a stakeholder of 1.1.0.
    assert!(
        s.contains(r#"<td class="muted small">Owns risk <span class="nowrap">R-1</span>; follows billing</td>"#),
        "{s}"
    );
    assert!(
        s.contains(r#"<td class="muted small">Listed as a stakeholder</td>"#),
        "{s}"
    );
    // Risk register and dashboard count the open risk.
    assert!(t.main("risks/index.html").contains("R-1"));
    assert!(t.main("index.html").contains(
        r#"<span class="tile-value">1</span><span class="tile-label">Open risks</span>"#
    ));
}

#[test]
fn quiz_works_without_javascript() {
    let t = SiteTest::new();
    t.build();
    let main = t.main("handbook/welcome/index.html");
    assert!(
        main.contains(r#"<form class="question" data-answer="1""#),
        "{main}"
    );
    assert!(main.contains("<summary>Show the answer</summary> <p><strong>retrospectives</strong> — One per release.</p>"), "{main}");
}

#[test]
fn builds_are_byte_identical() {
    let t = SiteTest::new();
    t.build();
    let first = snapshot(&t.out());
    t.build();
    let second = snapshot(&t.out());
    assert!(first.len() > 15);
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.0, b.0);
        assert!(a.1 == b.1, "{} differs between builds", a.0.display());
    }
}

#[test]
fn a_site_without_config_builds_with_defaults() {
    let t = SiteTest::empty();
    t.write(
        "content/releases/0.1.0.md",
        "---\nversion: 0.1.0\ndate: 2026-01-01\n---\nHello\n",
    );
    t.build();
    assert!(t.page("index.html").contains("<title>Release book</title>"));
    assert!(t
        .page("releases/0.1.0/index.html")
        .contains("Release 0.1.0"));
}

#[test]
fn raw_html_is_escaped_unless_allowed() {
    let t = SiteTest::new();
    t.write("content/releases/1.2.0.md", "---\nversion: 1.2.0\ntitle: \"<b>bold</b>\"\n---\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n");
    t.build();
    let page = t.page("releases/1.2.0/index.html");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;b&gt;bold&lt;/b&gt;"));
    assert!(!page.contains("javascript:"));
    t.write("relbook.toml", "[markdown]\nallow_html = true\n");
    t.build();
    assert!(t
        .page("releases/1.2.0/index.html")
        .contains("<script>alert(1)</script>"));
}

#[test]
fn init_creates_a_site_that_builds_and_refuses_to_overwrite() {
    let t = SiteTest::empty();
    let out = t.run(&["init", "site"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = t.root().join("site");
    let build = std::process::Command::new(env!("CARGO_BIN_EXE_relbook"))
        .arg("build")
        .current_dir(&site)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(site.join("public/releases/1.0.0/index.html").is_file());
    assert!(site.join("public/handbook/welcome/index.html").is_file());

    std::fs::write(site.join("content/releases/1.0.0.md"), "mine").unwrap();
    let again = t.run(&["init", "site"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("refusing to overwrite"));
    assert_eq!(
        std::fs::read_to_string(site.join("content/releases/1.0.0.md")).unwrap(),
        "mine"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let t = SiteTest::new();
    t.write(
        "content/releases/2.0.0.md",
        "---\nversion: 2.0.0\ndraft: true\n---\nSecret\n",
    );
    t.build();
    assert!(!t.out().join("releases/2.0.0").exists());
    assert!(t.run(&["build", "--drafts"]).status.success());
    assert!(t.out().join("releases/2.0.0/index.html").is_file());
}

#[test]
fn the_demo_site_builds_with_every_page() {
    let (_tmp, target) = build_demo(&[]);
    let count = |dir: &str| {
        std::fs::read_dir(target.join(dir))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
            .count()
    };
    assert!(count("releases") >= 15, "at least 14 releases plus latest");
    assert!(count("handbook") >= 10, "at least 10 modules");
    assert!(count("retrospectives") >= 10);
    assert!(target.join("compliance/index.html").is_file());
    assert!(target.join("releases/latest/index.html").is_file());
    // Built from the demo's own product history (demo/product.git).
    let page = std::fs::read_to_string(target.join("releases/2.0.0/index.html")).unwrap();
    assert!(
        page.contains("30 commits since <code>v1.5.0</code>"),
        "2.0.0 commit list"
    );
    assert!(page.contains("<code>v2.0.0-rc.1</code>"));
    let beta = std::fs::read_to_string(target.join("releases/0.9.0/index.html")).unwrap();
    assert!(beta.contains("Notes not written"));
}

#[test]
fn in_place_builds_write_only_what_changed() {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    let out = t.root().join("served");
    let build = || {
        let (site, _) = relbook::site::Site::load(t.root(), &Default::default()).unwrap();
        let renderer = relbook::render::Renderer::new(&site).unwrap();
        renderer.build_in_place(&site, &out, &|| {}).unwrap()
    };
    let (_, first) = build();
    assert!(first > 20);
    let (_, again) = build();
    assert_eq!(again, 0, "nothing changed, nothing written");
    t.write(
        "content/releases/1.1.0.md",
        RELEASE_2.replace("Rolled back.", "Rolled back twice."),
    );
    let (_, edited) = build();
    // Its page, feeds, the search shard of its words and that of its snippet.
    assert!(
        (1..=5).contains(&edited),
        "{edited} files for one edited note"
    );
    std::fs::remove_file(t.root().join("content/handbook/01-welcome.md")).unwrap();
    build();
    assert!(
        !out.join("handbook/welcome/index.html").exists(),
        "stale pages are removed"
    );
    // And it is the same output as a normal build.
    t.build();
    assert_eq!(snapshot(&out), snapshot(&t.out()));
}

#[test]
fn release_retro_and_checklist_bodies_are_rendered_when_their_pages_are_written() {
    // The model keeps what listings need of a release note (summary, search text) but
    // not its HTML, which is made again from the file as its page is written: a large
    // site's bodies are never all in memory together. Retrospectives and checklists too,
    // beyond the budget of bodies kept whole (none here).
    let t = SiteTest::new();
    let none = relbook::site::LoadOptions {
        kept_source: Some(0),
        ..Default::default()
    };
    let (site, _) = relbook::site::Site::load(t.root(), &none).expect("load");
    let i = site
        .releases
        .iter()
        .position(|r| r.version().to_string() == "1.0.0")
        .expect("1.0.0");
    assert!(site.releases[i].body.html.is_empty());
    assert!(!site.releases[i].body.summary.is_empty());
    let html = site.release_rendered(i).expect("notes").html;
    assert!(html.starts_with("<p>"), "{html}");
    assert!(!site.retros.is_empty());
    assert!(site
        .retros
        .iter()
        .all(|r| !r.kept && r.body.html.is_empty()));
    // A release's checklists too (they are most of a large site's files); their task
    // counts are kept.
    let c = *site.releases[i]
        .checklists
        .first()
        .expect("1.0.0 has checklists");
    assert!(site.checklists.iter().all(|c| c.html.is_none()));
    assert!(site.checklists[c].tasks.total > 0);
    let items = site.checklist_html(c).expect("checklist");
    assert!(items.contains("<li>"), "{items}");
    t.build();
    let page = t.page("releases/1.0.0/index.html");
    assert!(page.contains(&html));
    assert!(
        page.contains(&items),
        "the checklist's items are on its release's page"
    );
    // A note deleted after the load: its page fails with the file named, never empty.
    std::fs::remove_file(t.root().join(&site.releases[i].path)).unwrap();
    let err = site.release_rendered(i).unwrap_err().to_string();
    assert!(
        err.contains("1.0.0.md") && err.contains("cannot read"),
        "{err}"
    );
}

#[test]
fn small_bodies_are_kept_whole_within_a_budget_and_pages_are_the_same_either_way() {
    use relbook::site::{LoadOptions, Site};
    let t = SiteTest::new();
    let load = |kept| {
        let opts = LoadOptions {
            kept_source: kept,
            ..Default::default()
        };
        Site::load(t.root(), &opts).expect("load").0
    };
    let (whole, none) = (load(None), load(Some(0)));
    // The default budget keeps a small site's retrospectives and release checklists.
    assert!(!whole.retros.is_empty() && whole.retros.iter().all(|r| r.kept));
    let release_checklists = || whole.checklists.iter().filter(|c| c.release.is_some());
    assert!(release_checklists().count() > 1);
    assert!(release_checklists().all(|c| c.html.is_some()));
    for i in 0..whole.retros.len() {
        let (a, b) = (
            whole.retro_rendered(i).unwrap(),
            none.retro_rendered(i).unwrap(),
        );
        assert!(
            a.html.contains("<p>") || a.html.contains("<li>"),
            "{}",
            a.html
        );
        assert_eq!((a.html, a.toc), (b.html, b.toc));
        assert_eq!(whole.retros[i].body.text, none.retros[i].body.text);
    }
    for c in 0..whole.checklists.len() {
        assert_eq!(
            whole.checklist_html(c).unwrap(),
            none.checklist_html(c).unwrap()
        );
    }
    // A budget keeps the first bodies that fit, in order: here the first checklist's.
    let first = release_checklists().next().unwrap();
    let len = std::fs::read_to_string(t.root().join(&first.path))
        .unwrap()
        .splitn(3, "---\n")
        .nth(2)
        .unwrap()
        .len();
    let one = load(Some(len));
    let kept: Vec<bool> = one
        .checklists
        .iter()
        .filter(|c| c.release.is_some())
        .map(|c| c.html.is_some())
        .collect();
    assert_eq!(kept.iter().filter(|k| **k).count(), 1, "{kept:?}");
    assert!(kept[0] && one.retros.iter().all(|r| !r.kept));
    // And the site is the same, byte for byte, whatever is kept.
    let out = |site: &Site, name: &str| {
        let dir = t.root().join(name);
        relbook::render::Renderer::new(site)
            .unwrap()
            .build(site, &dir, &|| {})
            .unwrap();
        snapshot(&dir)
    };
    assert_eq!(out(&whole, "whole"), out(&none, "none"));
    assert_eq!(out(&one, "one"), out(&none, "none-again"));
}

#[test]
fn one_of_a_thing_is_singular() {
    let t = SiteTest::empty();
    t.write("relbook.toml", "title = \"One\"\n[git]\nenabled = false\n")
        .write("content/stakeholders.toml", STAKEHOLDERS)
        .write(
            "content/releases/1.0.0.md",
            RELEASE_1.replace(
                "See the [review](../retrospectives/1.0.0.md#lessons) and [next](1.1.0.md).",
                "",
            ),
        )
        .write("content/checklists/1.0.0-planning.md", CHECK_PLAN);
    let built = t.build();
    assert!(built.contains("(1 release, "), "{built}");
    let kpis = t.main("kpis/index.html");
    assert!(kpis.contains("1 counted release (status"), "{kpis}");
    assert!(kpis.contains("1 release; median"), "{kpis}");
    assert!(
        !kpis.contains(" 1 releases") && !kpis.contains("1 counted releases"),
        "{kpis}"
    );
    let compliance = t.main("compliance/index.html");
    assert!(
        compliance.contains("0 of 1 shipped release have every required checklist"),
        "{compliance}"
    );
    assert!(!compliance.contains("1 items"), "{compliance}");
}
