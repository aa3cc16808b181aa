//! The index's words, gaps, shards and documents.
use super::*;
use std::collections::BTreeMap;

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
    b.finish(&mut |name, text| files.push((name, text.unwrap())), None);
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
        streamed.flush_docs(&mut |name, text| early.push((name, text.unwrap())));
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

/// The index's files after `finish` with `since`, kept in `files`: the names given with
/// their text.
fn given_again(
    b: &Builder,
    since: &mut Since,
    files: &mut BTreeMap<String, String>,
) -> Vec<String> {
    let (mut names, mut texts) = (Vec::new(), Vec::new());
    b.finish(
        &mut |name, text| {
            match text {
                Some(text) => {
                    texts.push(name.clone());
                    files.insert(name.clone(), text);
                }
                None => assert!(files.contains_key(&name), "{name} given first without text"),
            }
            names.push(name);
        },
        Some(since),
    );
    files.retain(|name, _| names.contains(name));
    texts
}

/// Moves document `id` of `b` to the words of `text`, as `Index::replace_release` does.
fn edit(b: &mut Builder, since: &mut Since, id: u32, before: &str, text: &str) {
    let terms = |t: &str| {
        let mut set = BTreeSet::new();
        words(&format!("T{id} {t}"), |w| {
            set.insert(w.to_string());
        });
        set
    };
    let (before, after) = (terms(before), terms(text));
    move_doc(&mut b.postings, id, &before, &after);
    since.moved(&before, &after);
    b.docs[id as usize] = doc_json(&format!("d{id}/"), "Release", &format!("T{id}"), text);
    since.docs.insert(id);
}

#[test]
fn a_kept_index_gives_again_only_the_files_an_edit_changes() {
    let text = |i: usize| format!("w{i} v{} u{} alpha", i % 97, (i * 7) % 1000);
    let mut b = Builder::default();
    for i in 0..3000 {
        b.add(doc(i, &text(i)));
    }
    let (mut since, mut files) = (Since::default(), BTreeMap::new());
    let first = given_again(&b, &mut since, &mut files);
    let terms = first.iter().filter(|n| n.starts_with("search/t")).count();
    assert!(terms > 4, "several term shards: {terms}");
    assert_eq!(first.len(), files.len(), "every text the first time");
    // Nothing changed: no text at all.
    assert!(given_again(&b, &mut since, &mut files).is_empty());
    // A document's words change, one of them new (and one gone); then the same word is
    // added to many documents, which moves shard ends; then every change is undone.
    let edits: Vec<(u32, String, String)> = vec![
        (1500, text(1500), "w1500 v3 brandnew alpha".into()),
        (7, text(7), "w7 v7 u49 alpha brandnew".into()),
        (2999, text(2999), String::new()),
    ];
    let mut steps: Vec<Vec<(u32, String, String)>> = vec![edits.clone()];
    steps.push(
        (0..600)
            .map(|i| {
                (
                    i * 5,
                    text(i as usize * 5),
                    format!("{} zz{}", text(i as usize * 5), i % 3),
                )
            })
            .collect(),
    );
    steps.push(
        steps[1]
            .iter()
            .map(|(id, a, b)| (*id, b.clone(), a.clone()))
            .chain(
                edits
                    .iter()
                    .rev()
                    .map(|(id, a, b)| (*id, b.clone(), a.clone())),
            )
            .collect(),
    );
    for (n, step) in steps.iter().enumerate() {
        for (id, before, after) in step {
            edit(&mut b, &mut since, *id, before, after);
        }
        let given = given_again(&b, &mut since, &mut files);
        let fresh: BTreeMap<String, String> = all_files(&b).into_iter().collect();
        assert!(files == fresh, "step {n}: the files equal a fresh index's");
        assert!(
            given.len() < fresh.len(),
            "step {n}: {} of {}",
            given.len(),
            fresh.len()
        );
        if n == 0 {
            let docs: Vec<&String> = given.iter().filter(|g| g.starts_with("search/d")).collect();
            assert_eq!(docs, ["search/d0.js", "search/d11.js", "search/d23.js"]);
        }
    }
}
