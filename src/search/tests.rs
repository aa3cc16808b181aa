//! The index's words, gaps, shards and documents.
use super::*;

fn all(text: &str) -> Vec<String> {
    let mut v = Vec::new();
    words(text, |w| v.push(w.to_string()));
    v
}

#[test]
fn words_are_lowercased_runs_of_letters_and_digits() {
    assert_eq!(
        all("Roll-back of 2.3.0: Ünïcode, ok?"),
        ["roll", "back", "of", "2", "3", "0", "ünïcode", "ok"]
    );
    assert_eq!(all(&"x".repeat(MAX_WORD + 1)), Vec::<String>::new());
    assert_eq!(all(""), Vec::<String>::new());
}

#[test]
fn base36_gaps() {
    let mut s = String::new();
    for n in [0, 9, 10, 35, 36, 49, u32::MAX] {
        base36(&mut s, n);
        s.push(' ');
    }
    assert_eq!(s, "0 9 a z 10 1d 1z141z3 ");
}

fn all_files(b: &Builder) -> Vec<(String, String)> {
    let mut files = Vec::new();
    b.finish(&mut |name, text| files.push((name, text)));
    files
}

#[test]
fn documents_written_as_they_fill_a_shard_make_the_same_files() {
    // A build writes each full document shard and lets go of it; serve keeps every
    // document to follow edits. Same files either way.
    let (mut kept, mut streamed) = (Builder::default(), Builder::default());
    let mut early = Vec::new();
    for i in 0..(2 * DOCS_PER_SHARD + 5) {
        kept.add(doc(i, "alpha beta"));
        streamed.add(doc(i, "alpha beta"));
        streamed.flush_docs(&mut |name, text| early.push((name, text)));
    }
    assert_eq!(early.len(), 2, "two full shards written early");
    assert_eq!(streamed.docs.len(), 5, "only the rest is held");
    let mut all = early;
    all.extend(all_files(&streamed));
    all.sort();
    let mut expected = all_files(&kept);
    expected.sort();
    assert_eq!(all, expected);
}

/// A file's data, as the browser gets it.
fn data(files: &[(String, String)], name: &str) -> serde_json::Value {
    let text = &files
        .iter()
        .find(|f| f.0 == format!("{name}.js"))
        .unwrap()
        .1;
    let json = text
        .strip_prefix(&format!("{}[\"{name}\"] = ", data_head()))
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .unwrap();
    serde_json::from_str(json).unwrap()
}

fn doc(i: usize, text: &str) -> Doc<'_> {
    Doc {
        r: format!("d{i}/"),
        kind: "Release",
        title: format!("T{i}"),
        keys: vec![],
        texts: vec![text],
        snip: "",
    }
}

#[test]
fn postings_and_common_words() {
    let mut b = Builder::default();
    for i in 0..COMMON_FROM_DOCS {
        let text = if i % 3 == 0 {
            "the rollback"
        } else {
            "the deploy"
        };
        b.add(doc(i, text));
    }
    let files = all_files(&b);
    let v = data(&files, "search-index");
    assert_eq!(v["common"], serde_json::json!(["deploy", "the"]));
    assert_eq!(v["n"], COMMON_FROM_DOCS);
    let shard = data(&files, "search/t0");
    let terms: Vec<&str> = shard["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let at = terms.iter().position(|&t| t == "rollback").unwrap();
    // Documents 0, 3, 6, … 39: gaps of 3 after the first.
    let gaps = shard["postings"][at].as_str().unwrap();
    assert!(gaps.starts_with("0 3 3 "), "{gaps}");
    assert_eq!(gaps.split(' ').count(), 14);
    assert_eq!(terms.len(), shard["postings"].as_array().unwrap().len());
    assert!(terms.windows(2).all(|w| w[0] < w[1]));
    // "t0" is in the title of document 0 only.
    let t0 = terms.iter().position(|&t| t == "t0").unwrap();
    assert_eq!(shard["titles"][t0], "0");
    assert_eq!(shard["titles"][at], "");
}

#[test]
fn shards_split_terms_and_documents() {
    let mut b = Builder::default();
    let n = DOCS_PER_SHARD * 2 + 5;
    for i in 0..n {
        let unique: Vec<String> = (0..40).map(|j| format!("u{i}x{j}")).collect();
        let text = format!(
            "{} other{} w{}",
            unique.join(" "),
            i % 7,
            "x".repeat(i % 20)
        );
        let mut d = doc(i, "");
        d.texts = vec![];
        d.title = format!("T{i} {text}");
        d.keys = vec!["A-01"];
        b.add(d);
    }
    let files = all_files(&b);
    let v = data(&files, "search-index");
    let shards = v["shards"].as_array().unwrap();
    assert!(shards.len() > 1, "{}", shards.len());
    let mut all: Vec<String> = Vec::new();
    for (i, s) in shards.iter().enumerate() {
        let t = data(&files, &format!("search/t{i}"));
        let terms = t["terms"].as_array().unwrap();
        assert_eq!(*s, terms[0], "the manifest names each shard's first term");
        all.extend(terms.iter().map(|t| t.as_str().unwrap().to_string()));
        let size = files
            .iter()
            .find(|f| f.0 == format!("search/t{i}.js"))
            .unwrap()
            .1
            .len();
        assert!(size < TERM_SHARD + 4096, "{size}");
    }
    assert!(all.windows(2).all(|w| w[0] < w[1]), "sorted across shards");
    assert!(all.contains(&"=a-01".to_string()), "ids are keys");
    assert_eq!(data(&files, "search/d2").as_array().unwrap().len(), 5);
    assert_eq!(
        data(&files, "search/d1")[0][0],
        format!("d{DOCS_PER_SHARD}/")
    );
}

#[test]
fn a_new_word_rewrites_few_shards() {
    let build = |extra: &str| {
        let mut b = Builder::default();
        for i in 0..1000 {
            let unique: Vec<String> = (0..40).map(|j| format!("u{i}x{j}")).collect();
            let mut text = unique.join(" ");
            if i == 7 {
                text.push_str(extra);
            }
            b.add(doc(i, &text));
        }
        all_files(&b)
    };
    let (before, after) = (build(""), build(" c000new"));
    let terms = |f: &[(String, String)]| f.iter().filter(|f| f.0.starts_with("search/t")).count();
    assert!(terms(&before) > 4, "{}", terms(&before));
    let changed = after
        .iter()
        .filter(|f| !before.contains(f))
        .map(|f| f.0.as_str())
        .collect::<Vec<_>>();
    assert!(changed.len() <= 2, "{changed:?}");
}

#[test]
fn keys_are_normalised_like_a_query() {
    assert_eq!(key(" #LL-52 ").as_deref(), Some("=ll-52"));
    assert_eq!(key("2.3.0").as_deref(), Some("=2.3.0"));
    assert_eq!(key("#"), None);
}

mod utf16_order {
    use super::super::sort_utf16;
    use proptest::prelude::*;

    fn check(words: Vec<String>) -> Result<(), TestCaseError> {
        let mut got: Vec<(&String, ())> = words.iter().map(|w| (w, ())).collect();
        sort_utf16(&mut got);
        let mut want: Vec<&String> = words.iter().collect();
        want.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        let got: Vec<&String> = got.into_iter().map(|(w, _)| w).collect();
        prop_assert_eq!(got, want);
        Ok(())
    }

    proptest! {
        // Below U+E000 (the bytes' order is used) and across it (code units compared).
        #[test]
        fn terms_sort_as_javascript_compares_them(
            low in proptest::collection::vec("[a-z0-9é\u{7ff}\u{d7ff}]{0,4}", 0..24),
            any in proptest::collection::vec("[a-zé\u{d7ff}\u{e000}\u{fffd}\u{1f600}\u{10000}]{0,4}", 0..24),
        ) {
            check(low)?;
            check(any)?;
        }
    }
}
