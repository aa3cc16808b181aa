//! The search index of the demo: ids and versions are indexed whole and lead to their
//! own documents; the index is split into shards. (How the browser ranks with it is
//! tested on the same index by `e2e/search.test.mjs`, run by `.ci/run`.)

use crate::common::*;

#[test]
fn demo_index_finds_versions_and_ids_as_their_own_documents() {
    let (_dir, out) = build_demo(&[]);
    let index = search_index(&out);
    let doc = |key: &str| -> Vec<(String, String)> {
        let (docs, _) = index
            .terms
            .get(key)
            .unwrap_or_else(|| panic!("{key} is not indexed"));
        docs.iter()
            .map(|&d| {
                let d = &index.docs[d];
                (d[0].as_str().unwrap().into(), d[1].as_str().unwrap().into())
            })
            .collect()
    };
    let one = |r: &str, t: &str| vec![(r.to_string(), t.to_string())];
    assert_eq!(doc("=2.3.0"), one("releases/2.3.0/", "Release"));
    assert_eq!(
        doc("=a-026"),
        one("retrospectives/2.0.0/#action-A-026", "Action item")
    );
    assert_eq!(doc("=r-009"), one("releases/2.0.0/#risk-R-009", "Risk"));
    assert_eq!(doc("=i-007"), one("releases/2.0.0/#issue-I-007", "Issue"));
    // A release's tracker issues find the release, with or without their `#`.
    assert!(doc("=ll-52").contains(&("releases/2.0.0/".into(), "Release".into())));
    assert!(doc("=281").contains(&("releases/2.0.0/".into(), "Release".into())));
    // Title words are marked: "2.3.0 …"'s title has "3"; the retrospective's too.
    let (_, titled) = &index.terms["3"];
    let refs: Vec<&str> = titled
        .iter()
        .map(|&d| index.docs[d][0].as_str().unwrap())
        .collect();
    assert!(refs.contains(&"releases/2.3.0/") && refs.contains(&"retrospectives/2.3.0/"));
    // Every result leads to a page, and its anchor to an element of that page.
    for d in &index.docs {
        let r = d[0].as_str().unwrap();
        let (path, anchor) = r.split_once('#').unwrap_or((r, ""));
        let html = std::fs::read_to_string(out.join(path).join("index.html"))
            .unwrap_or_else(|e| panic!("{r}: {e}"));
        if !anchor.is_empty() {
            assert!(html.contains(&format!("id=\"{anchor}\"")), "{r}");
        }
    }
    // Words in most documents are left out; ids never are.
    assert!(
        index.common.iter().any(|w| w == "the"),
        "{:?}",
        index.common
    );
    assert!(index.common.iter().all(|w| !w.starts_with('=')));
    for (name, size) in &index.files {
        assert!(*size <= 80 * 1024, "{name}: {size} bytes");
    }
}
