//! The search index: releases, risks, retrospectives and handbook modules, indexed at
//! build time and searched in the browser by `relbook.js`, offline, without a server.
//!
//! The index is an inverted index in its plainest form: the sorted list of every word
//! that occurs in a document, and for each word the documents it occurs in, as
//! ascending document numbers written as base-36 gaps (`"0 3 1a"` = documents 0, 3 and
//! 49). The browser matches each word of a query as a prefix of the sorted words (binary
//! search), so "deploy" finds "deployment" without a stemmer, and every word of the
//! query must match (AND). Words found in more than half of a large site's documents
//! (the, and, release…) are left out and listed under `common`: they say nothing about
//! which document is wanted, and they are most of the size of an index. Building it is
//! one pass over the text with one map from word to documents, so its cost and size grow
//! with the text and nothing else.

use rustc_hash::FxHashMap;
use std::fmt::Write as _;

use crate::markdown::Rendered;
use crate::site::{Release, Site};

/// Characters of a result's snippet.
pub const SNIPPET: usize = 160;

/// Longer words (hashes, URLs run together) are not indexed.
const MAX_WORD: usize = 32;

/// Sites with fewer documents keep every word: there, "common" is not meaningful.
const COMMON_FROM_DOCS: usize = 40;

fn snippet(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= SNIPPET {
        return text;
    }
    let cut: String = text.chars().take(SNIPPET).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

/// Calls `f` with each word of `text`, lowercased: runs of letters and digits, as
/// `relbook.js` splits a query (`/[\p{Alphabetic}\p{N}]+/gu`, `toLowerCase`).
pub fn words(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        if !word.is_empty() && (word.len() <= MAX_WORD || word.chars().count() <= MAX_WORD) {
            f(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii() {
            // Most text: no Unicode tables.
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else {
                flush(&mut word);
            }
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word);
        }
    }
    flush(&mut word);
}

#[derive(Default)]
struct Builder {
    /// `[ref, type, title, snippet]` per document.
    docs: Vec<[String; 4]>,
    /// Word → the documents it is in (Fx: fast on short keys; the input is the site's own).
    postings: FxHashMap<String, Vec<u32>>,
}

impl Builder {
    fn add(&mut self, r: String, kind: &str, title: String, texts: &[&str], snip: &str) {
        let id = self.docs.len() as u32;
        let postings = &mut self.postings;
        let mut add_word = |w: &str| match postings.get_mut(w) {
            Some(docs) => {
                if docs.last() != Some(&id) {
                    docs.push(id);
                }
            }
            None => {
                postings.insert(w.to_string(), vec![id]);
            }
        };
        words(&title, &mut add_word);
        for text in texts {
            words(text, &mut add_word);
        }
        self.docs.push([r, kind.to_string(), title, snippet(snip)]);
    }

    fn finish(&self) -> String {
        let n = self.docs.len();
        let limit = if n >= COMMON_FROM_DOCS { n / 2 } else { n };
        let mut terms: Vec<(&String, &Vec<u32>)> = self.postings.iter().collect();
        // In UTF-16 order, the order of JavaScript's `<` that the browser searches with.
        terms.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
        let mut out = String::with_capacity(n * 200);
        out.push_str("window.RELBOOK_SEARCH = {\"docs\": ");
        out.push_str(&serde_json::to_string(&self.docs).unwrap_or_else(|_| "[]".into()));
        let (common, kept): (Vec<_>, Vec<_>) =
            terms.into_iter().partition(|(_, docs)| docs.len() > limit);
        let common: Vec<&str> = common.iter().map(|&(t, _)| t.as_str()).collect();
        out.push_str(",\n\"common\": ");
        out.push_str(&serde_json::to_string(&common).unwrap_or_else(|_| "[]".into()));
        out.push_str(",\n\"terms\": [");
        for (i, (term, _)) in kept.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&serde_json::to_string(term).unwrap_or_else(|_| "\"\"".into()));
        }
        out.push_str("],\n\"postings\": [");
        for (i, (_, docs)) in kept.iter().enumerate() {
            out.push_str(if i > 0 { ",\"" } else { "\"" });
            let mut last = 0;
            for (j, &d) in docs.iter().enumerate() {
                if j > 0 {
                    out.push(' ');
                }
                base36(&mut out, d - last);
                last = d;
            }
            out.push('"');
        }
        out.push_str("]};\n");
        out
    }
}

fn base36(out: &mut String, mut n: u32) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 8];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
    }
}

/// `search-index.js`: `window.RELBOOK_SEARCH = {"docs": [[ref, type, title, snippet]…],
/// "common": [word…], "terms": [word…], "postings": ["gaps"…]}` where each ref is a
/// page path from the site root (with an anchor for risks). Newest releases come first,
/// so equal scores rank the newer release higher.
pub fn index_js(site: &Site) -> String {
    Index::new(site).js()
}

/// The search index of a site, kept by `serve` to follow edits of release notes'
/// bodies without indexing the whole site again.
pub struct Index {
    b: Builder,
    /// Document number of each release, by release index.
    release_doc: Vec<u32>,
}

/// What a release's document is made of besides its body: its meta text and snippet.
fn release_meta(r: &Release) -> (String, String) {
    let f = &r.front;
    let mut text = String::new();
    let _ = write!(
        text,
        "{} {} {} {}",
        r.status.as_str(),
        f.components.join(" "),
        f.issues.join(" "),
        f.tag.as_deref().unwrap_or(""),
    );
    let snip = if r.body.summary.is_empty() {
        format!(
            "{} release, {}",
            r.status.as_str(),
            f.date.map(|d| d.to_string()).unwrap_or_default()
        )
    } else {
        r.body.summary.clone()
    };
    (text, snip)
}

impl Index {
    /// `search-index.js`, as [`index_js`] writes it.
    pub fn js(&self) -> String {
        self.b.finish()
    }

    /// After release `i`'s body changed from `old` (its front matter did not): moves its
    /// document to the words of the new body and takes its new snippet. The index is
    /// then the one a fresh [`Index::new`] would build.
    pub fn update_release(&mut self, site: &Site, i: usize, old: &Rendered) {
        let r = &site.releases[i];
        let Some(&d) = self.release_doc.get(i) else {
            return;
        };
        let title = format!("{} {}", r.version(), r.title());
        let (meta, snip) = release_meta(r);
        let set = |body: &str| {
            let mut set = std::collections::BTreeSet::new();
            for text in [title.as_str(), meta.as_str(), body] {
                words(text, |w| {
                    set.insert(w.to_string());
                });
            }
            set
        };
        let (before, after) = (set(&old.text), set(&r.body.text));
        for w in before.difference(&after) {
            if let Some(docs) = self.b.postings.get_mut(w.as_str()) {
                if let Ok(at) = docs.binary_search(&d) {
                    docs.remove(at);
                }
                if docs.is_empty() {
                    self.b.postings.remove(w.as_str());
                }
            }
        }
        for w in after.difference(&before) {
            let docs = self.b.postings.entry(w.clone()).or_default();
            if let Err(at) = docs.binary_search(&d) {
                docs.insert(at, d);
            }
        }
        self.b.docs[d as usize][3] = snippet(&snip);
    }

    pub fn new(site: &Site) -> Index {
        let mut b = Builder::default();
        let mut release_doc = vec![0; site.releases.len()];
        for (i, r) in site.releases.iter().enumerate().rev() {
            let (text, snip) = release_meta(r);
            release_doc[i] = b.docs.len() as u32;
            b.add(
                format!("releases/{}/", r.version()),
                "Release",
                format!("{} {}", r.version(), r.title()),
                &[&text, &r.body.text],
                &snip,
            );
            let f = &r.front;
            for k in &f.risks {
                let mitigation = k.mitigation.as_deref().unwrap_or("");
                let snip = format!(
                    "{} · {} × {} · {mitigation}",
                    k.status.as_str(),
                    k.probability.as_str(),
                    k.impact.as_str(),
                );
                b.add(
                    format!("releases/{}/#risk-{}", r.version(), k.id),
                    "Risk",
                    format!("{} {}", k.id, k.title),
                    &[mitigation, k.status.as_str()],
                    &snip,
                );
            }
        }
        for rt in site.retros.iter().rev() {
            let items: Vec<&str> = rt
                .front
                .action_items
                .iter()
                .map(|a| a.title.as_str())
                .collect();
            let items = items.join(" ");
            b.add(
                format!("retrospectives/{}/", rt.front.release),
                "Retrospective",
                format!("Retrospective {}", rt.front.release),
                &[&items, &rt.body.text],
                &rt.body.summary,
            );
        }
        for m in &site.modules {
            let objectives = m.front.objectives.join(" ");
            let snip = if m.body.summary.is_empty() {
                m.front.objectives.join("; ")
            } else {
                m.body.summary.clone()
            };
            b.add(
                format!("handbook/{}/", m.slug),
                "Handbook",
                m.front.title.clone(),
                &[&objectives, &m.body.text],
                &snip,
            );
        }
        Index { b, release_doc }
    }
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn postings_and_common_words() {
        let mut b = Builder::default();
        for i in 0..COMMON_FROM_DOCS {
            let text = if i % 3 == 0 {
                "the rollback"
            } else {
                "the deploy"
            };
            b.add(format!("d{i}/"), "Release", format!("T{i}"), &[text], "");
        }
        let js = b.finish();
        let json = js
            .strip_prefix("window.RELBOOK_SEARCH = ")
            .and_then(|s| s.trim_end().strip_suffix(';'))
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(v["common"], serde_json::json!(["deploy", "the"]));
        let terms: Vec<&str> = v["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let at = terms.iter().position(|&t| t == "rollback").unwrap();
        // Documents 0, 3, 6, … 39: gaps of 3 after the first.
        let gaps = v["postings"][at].as_str().unwrap();
        assert!(gaps.starts_with("0 3 3 "), "{gaps}");
        assert_eq!(gaps.split(' ').count(), 14);
        assert_eq!(terms.len(), v["postings"].as_array().unwrap().len());
        assert!(terms.windows(2).all(|w| w[0] < w[1]));
    }
}
