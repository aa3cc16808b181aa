//! Every internal link of a built site resolves, under a sub-path and at the root.

use std::path::Path;

use crate::common::*;

/// Checks every internal link of every HTML file under `out` (links starting with the
/// absolute `base` are internal too); returns how many links there were.
fn crawl(out: &Path, base: &str) -> usize {
    let broken = relbook::linkcheck::broken(out, base);
    assert!(
        broken.is_empty(),
        "{} broken links:\n{broken:#?}",
        broken.len()
    );
    relbook::linkcheck::count(out)
}

#[test]
fn every_internal_link_resolves_under_a_sub_path() {
    let t = SiteTest::new();
    t.write(
        "relbook.toml",
        "base_url = \"https://org.github.io/product/\"\n[git]\nenabled = false\n",
    );
    t.build();
    let n = crawl(&t.out(), "https://org.github.io/product/");
    assert!(n > 250, "only {n} links checked");
    // The 404 page links through the absolute base, so it works at any depth.
    assert!(t
        .page("404.html")
        .contains(r#"href="https://org.github.io/product/style.css""#));
    assert!(t.page("releases/1.0.0/index.html").contains(
        r#"<link rel="canonical" href="https://org.github.io/product/releases/1.0.0/">"#
    ));
    let sitemap = t.page("sitemap.xml");
    assert!(sitemap.contains("<loc>https://org.github.io/product/releases/1.0.0/</loc>"));
    assert!(t
        .page("robots.txt")
        .contains("Sitemap: https://org.github.io/product/sitemap.xml"));
}

#[test]
fn every_internal_link_resolves_at_the_root() {
    let t = SiteTest::new();
    t.write("relbook.toml", "base_url = \"https://releases.example.com/\"\n[publish]\ncname = \"releases.example.com\"\n[git]\nenabled = false\n");
    t.build();
    crawl(&t.out(), "https://releases.example.com/");
    assert_eq!(t.page("CNAME"), "releases.example.com\n");
    assert!(t.out().join(".nojekyll").is_file());
}

#[test]
fn the_demo_site_has_no_broken_links() {
    let (_tmp, target) = build_demo(&["--base-url", "https://lumen.example/book/"]);
    let n = crawl(&target, "https://lumen.example/book/");
    assert!(n > 2500, "{n}");
}

#[test]
fn the_sitemap_lists_every_page() {
    let t = SiteTest::new();
    t.write(
        "relbook.toml",
        "base_url = \"https://x.org/\"\n[git]\nenabled = false\n",
    );
    t.build();
    let sitemap = t.page("sitemap.xml");
    for e in walkdir::WalkDir::new(t.out())
        .into_iter()
        .map(Result::unwrap)
    {
        let rel = e
            .path()
            .strip_prefix(t.out())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with("index.html") && !rel.starts_with("releases/latest") {
            let url = format!("https://x.org/{}", rel.trim_end_matches("index.html"));
            assert!(
                sitemap.contains(&format!("<loc>{url}</loc>")),
                "{url} missing"
            );
        }
    }
}

#[test]
fn search_index_covers_every_kind_and_its_refs_resolve() {
    let t = SiteTest::new();
    t.build();
    let index = search_index(&t.out());
    let docs = &index.docs;
    let kinds: std::collections::BTreeSet<&str> =
        docs.iter().map(|d| d[1].as_str().unwrap()).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "Action item",
            "Handbook",
            "Release",
            "Retrospective",
            "Risk"
        ]
    );
    let risk = docs
        .iter()
        .position(|d| d[0] == "releases/1.0.0/#risk-R-1")
        .unwrap();
    assert_eq!(docs[risk][2], "R-1 Launch traffic");
    for d in docs {
        let path = d[0].as_str().unwrap().split('#').next().unwrap();
        assert!(t.out().join(path).join("index.html").is_file(), "{d}");
    }
    // Every word of the risk's title finds it: its number is in the word's postings,
    // and in its title postings; so does its id, whole.
    for word in ["launch", "traffic"] {
        let (found, titles) = &index.terms[word];
        assert!(found.contains(&risk), "{word}: {found:?}");
        assert!(titles.contains(&risk), "{word}: {titles:?}");
    }
    assert_eq!(index.terms["=r-1"].0, [risk]);
    assert!(t
        .page("index.html")
        .contains(r#"<form class="search" role="search" data-root="./" hidden>"#));
}
