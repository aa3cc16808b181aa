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

use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeSet;
use std::fmt::Write as _;

pub use crate::markdown::words;
use crate::markdown::{Rendered, MAX_WORD};
use crate::site::{Release, Site};

/// Characters of a result's snippet.
pub const SNIPPET: usize = 160;

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

/// Bytes of a term shard (`search/t<n>.js`) at which the next term starts a new one; a
/// word whose documents alone are longer gets a shard of its own.
const TERM_SHARD: usize = 64 * 1024;

/// Past this many bytes, a shard also ends before any term whose hash is a multiple of
/// [`CUT_EVERY`]: boundaries then depend on the terms, not on the sizes before them, so an
/// edit of one note (in `serve`) rewrites the shards it touches, not every later one.
const TERM_SHARD_MIN: usize = 16 * 1024;
const CUT_EVERY: u32 = 16;

/// FNV-1a: the same on every platform and run (builds are byte-identical).
fn fnv(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Documents per document shard (`search/d<n>.js`): the ten results of a query load at
/// most ten of them.
pub const DOCS_PER_SHARD: usize = 128;

/// Ids (versions, risk, action item and issue ids) are indexed whole under this prefix,
/// which no word has: `=2.3.0`, `=a-026`.
pub const KEY: char = '=';

/// The indexed form of an id: lowercased, spaces collapsed, without a leading `#`, as
/// `relbook.js` turns a query into one. `None` when nothing is left or it is too long.
pub fn key(id: &str) -> Option<String> {
    let id = id.trim().trim_start_matches('#').to_lowercase();
    let id = id.split_whitespace().collect::<Vec<_>>().join(" ");
    (!id.is_empty() && id.chars().count() <= 2 * MAX_WORD).then(|| format!("{KEY}{id}"))
}

/// Where the files of an index go as they are made: name and text, or no text for a
/// file that is the same as the last time the kept index gave it ([`Index::files`]).
pub type Emit<'a> = &'a mut dyn FnMut(String, Option<String>);

#[derive(Default)]
struct Builder {
    /// The JSON of each document not yet written, `["ref","type","title","snippet"]`,
    /// from document number `first_doc` on.
    docs: Vec<String>,
    first_doc: usize,
    /// Word (or key) → the documents it is in (Fx: fast on short keys; the input is the
    /// site's own).
    postings: FxHashMap<String, Vec<u32>>,
    /// Word → the documents whose title has it (ranked higher).
    titles: FxHashMap<String, Vec<u32>>,
}

fn push_doc(docs: &mut Vec<u32>, id: u32) {
    if docs.last() != Some(&id) {
        docs.push(id);
    }
}

/// A document to index: where it is, its type, title, ids, searchable texts, snippet.
struct Doc<'a> {
    r: String,
    kind: &'a str,
    title: String,
    keys: Vec<&'a str>,
    texts: Vec<&'a str>,
    snip: &'a str,
}

impl Builder {
    /// How many documents there are.
    fn len(&self) -> usize {
        self.first_doc + self.docs.len()
    }

    fn add(&mut self, doc: Doc) {
        let id = self.len() as u32;
        let postings = &mut self.postings;
        let mut add_word = |w: &str| match postings.get_mut(w) {
            Some(docs) => push_doc(docs, id),
            None => {
                postings.insert(w.to_string(), vec![id]);
            }
        };
        words(&doc.title, &mut add_word);
        for text in &doc.texts {
            words(text, &mut add_word);
        }
        for k in doc.keys.iter().filter_map(|k| key(k)) {
            push_doc(self.postings.entry(k).or_default(), id);
        }
        words(&doc.title, |w| match self.titles.get_mut(w) {
            Some(docs) => push_doc(docs, id),
            None => {
                self.titles.insert(w.to_string(), vec![id]);
            }
        });
        self.docs
            .push(doc_json(&doc.r, doc.kind, &doc.title, doc.snip));
    }

    /// Writes the document shards that are full and lets go of their documents: a
    /// build's index then never holds every document at once.
    fn flush_docs(&mut self, emit: Emit) {
        while self.docs.len() >= DOCS_PER_SHARD {
            let rest = self.docs.split_off(DOCS_PER_SHARD);
            let full = std::mem::replace(&mut self.docs, rest);
            emit_docs(self.first_doc / DOCS_PER_SHARD, &full, emit);
            self.first_doc += DOCS_PER_SHARD;
        }
    }

    /// The index's files (the documents not written yet, the terms and
    /// `search-index.js`; see [`Index::files`]), one by one. With `since`, the record of
    /// the last call and what changed after it, a file that is the same is given without
    /// its text, and `since` becomes the record of this call.
    fn finish(&self, emit: Emit, since: Option<&mut Since>) {
        let seen = since.as_deref().filter(|s| s.made);
        let dirty_docs: FxHashSet<usize> = seen
            .map(|s| {
                s.docs
                    .iter()
                    .map(|&d| d as usize / DOCS_PER_SHARD)
                    .collect()
            })
            .unwrap_or_default();
        for (i, docs) in self.docs.chunks(DOCS_PER_SHARD).enumerate() {
            let n = self.first_doc / DOCS_PER_SHARD + i;
            match seen.is_some() && !dirty_docs.contains(&n) {
                true => emit(format!("search/d{n}.js"), None),
                false => emit_docs(n, docs, emit),
            }
        }
        let n = self.len();
        let limit = if n >= COMMON_FROM_DOCS { n / 2 } else { n };
        let mut terms: Vec<(&String, &Vec<u32>)> = self.postings.iter().collect();
        sort_utf16(&mut terms);
        let (common, kept): (Vec<_>, Vec<_>) = terms
            .into_iter()
            .partition(|(t, docs)| docs.len() > limit && !t.starts_with(KEY));
        let common: Vec<&str> = common.iter().map(|&(t, _)| t.as_str()).collect();
        let kept: Vec<&str> = kept.iter().map(|&(t, _)| t.as_str()).collect();
        let mut made = Vec::new();
        let mut at = 0;
        while at < kept.len() {
            let number = made.len();
            let name = format!("search/t{number}");
            let shard = match seen.and_then(|s| s.same_shard(number, &kept[at..])) {
                Some(shard) => {
                    emit(format!("{name}.js"), None);
                    shard
                }
                None => {
                    let (text, count) = self.term_shard(&name, &kept[at..]);
                    emit(format!("{name}.js"), Some(text));
                    let end = kept.get(at + count).map(|t| t.to_string());
                    (kept[at].to_string(), count, end)
                }
            };
            at += shard.1;
            made.push(shard);
        }
        // Each term shard's first term, for the manifest (not how many terms it has: a new
        // word would change the manifest too).
        let firsts: Vec<&str> = made.iter().map(|s| s.0.as_str()).collect();
        let manifest = format!(
            "{}[\"search-index\"] = {{\"n\": {n}, \"per\": {DOCS_PER_SHARD}, \"common\": {},\n\"shards\": {}}};\n",
            data_head(),
            json(&common),
            json(&firsts),
        );
        let same = seen.is_some_and(|s| s.manifest == manifest);
        match since {
            Some(s) => {
                emit(
                    "search-index.js".to_string(),
                    (!same).then(|| manifest.clone()),
                );
                *s = Since {
                    made: true,
                    shards: made,
                    manifest,
                    ..Since::default()
                };
            }
            None => emit("search-index.js".to_string(), Some(manifest)),
        }
    }

    /// The term shard `name` that starts at the first of `terms` (sorted, none common):
    /// its text and how many of them it has.
    fn term_shard(&self, name: &str, terms: &[&str]) -> (String, usize) {
        let (mut t_json, mut p_json, mut h_json) = (String::new(), String::new(), String::new());
        let mut count = 0;
        for &term in terms {
            let size = t_json.len() + p_json.len() + h_json.len();
            if count > 0
                && (size >= TERM_SHARD || (size >= TERM_SHARD_MIN && fnv(term) % CUT_EVERY == 0))
            {
                break;
            }
            let sep = if count > 0 { "," } else { "" };
            t_json.push_str(sep);
            t_json.push_str(&json(term));
            p_json.push_str(sep);
            gaps(&mut p_json, &self.postings[term]);
            h_json.push_str(sep);
            gaps(
                &mut h_json,
                self.titles.get(term).map_or(&[][..], |d| &d[..]),
            );
            count += 1;
        }
        let text = format!("{}[\"{name}\"] = {{\"terms\": [{t_json}],\n\"postings\": [{p_json}],\n\"titles\": [{h_json}]}};\n", data_head());
        (text, count)
    }
}

/// What the last emission of a kept index made, and what changed after it (see
/// [`Builder::finish`]): the next one makes again only the files that changed.
#[derive(Debug, Default)]
struct Since {
    /// Whether there was a last emission (none: every file is new).
    made: bool,
    /// Each term shard, by number: its first term, how many terms it has and the term
    /// after its last (none for the last shard).
    shards: Vec<(String, usize, Option<String>)>,
    manifest: String,
    /// The terms whose documents or title documents changed since.
    terms: FxHashSet<String>,
    /// The documents whose entries changed since.
    docs: FxHashSet<u32>,
}

impl Since {
    /// Term shard `number` as it was, when it is the same now that the sorted terms from
    /// its first on are `terms`: it has the same terms, none of them changed, and the
    /// same term follows it (where a shard ends depends on its own terms and the next).
    fn same_shard(&self, number: usize, terms: &[&str]) -> Option<(String, usize, Option<String>)> {
        let (first, count, end) = self.shards.get(number)?;
        let same = terms.first() == Some(&first.as_str())
            && terms.len() >= *count
            && terms.get(*count).copied() == end.as_deref()
            && terms[..*count].iter().all(|t| !self.terms.contains(*t));
        same.then(|| (first.clone(), *count, end.clone()))
    }

    /// Records that a document moved from the terms `before` to `after`.
    fn moved(&mut self, before: &BTreeSet<String>, after: &BTreeSet<String>) {
        let changed = before.symmetric_difference(after);
        self.terms.extend(changed.cloned());
    }
}

/// A document's JSON: `["ref","type","title","snippet"]`.
fn doc_json(r: &str, kind: &str, title: &str, snip: &str) -> String {
    json(&[r, kind, title, &snippet(snip)])
}

/// Document shard `i`: `[doc,doc,…]`.
fn emit_docs(i: usize, docs: &[String], emit: Emit) {
    let name = format!("search/d{i}");
    let mut text = format!("{}[\"{name}\"] = [", data_head());
    text.reserve(docs.iter().map(|d| d.len() + 1).sum::<usize>() + 3);
    for (k, d) in docs.iter().enumerate() {
        if k > 0 {
            text.push(',');
        }
        text.push_str(d);
    }
    text.push_str("];\n");
    emit(format!("{name}.js"), Some(text));
}

/// Each file of the index assigns its data to `window.RELBOOK_SEARCH_DATA[name]`, so
/// that a script tag loads it (also where `fetch` is not allowed, as from `file:`).
fn data_head() -> &'static str {
    "(window.RELBOOK_SEARCH_DATA = window.RELBOOK_SEARCH_DATA || {})"
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

/// Sorts terms in UTF-16 order, the order of JavaScript's `<` that the browser searches
/// with. Below U+E000 that is the order of their bytes (which a sort compares far faster
/// than code units: half of an index rebuild in `serve`): only a character from U+E000
/// on (a UTF-8 lead byte from 0xEE on) sorts differently.
fn sort_utf16<T>(terms: &mut [(&String, T)]) {
    if terms.iter().all(|(t, _)| t.bytes().all(|b| b < 0xEE)) {
        terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    } else {
        terms.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    }
}

/// Documents as a string of base-36 gaps: `"0 3 1a"` = documents 0, 3 and 49.
fn gaps(out: &mut String, docs: &[u32]) {
    out.push('"');
    let mut last = 0;
    for (j, &d) in docs.iter().enumerate() {
        if j > 0 {
            out.push(' ');
        }
        base36(out, d - last);
        last = d;
    }
    out.push('"');
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

/// Gives `emit` each file of the search index as soon as it is made (a build holds the
/// words' postings but neither the documents nor the files): path from the output root
/// and text. `search-index.js`, the manifest, `{"n": documents, "per": documents per
/// document shard, "common": [word…], "shards": [first term of each…]}`; the term shards `search/t<n>.js`,
/// `{"terms": [term…], "postings": ["gaps"…], "titles": ["gaps"…]}` (the documents each
/// term is in, and those whose title has it); and the document shards `search/d<n>.js`,
/// `[[ref, type, title, snippet]…]`, where each ref is a page path from the site root
/// (with an anchor for risks, issues and action items). Each file assigns its data to
/// `window.RELBOOK_SEARCH_DATA["search-index"]`, `…["search/t0"]` and so on. Terms are
/// words and, prefixed with [`KEY`], ids. Newest releases come first, so equal scores
/// rank the newer release higher.
pub fn write_index(site: &Site, emit: Emit) {
    let mut b = Builder::default();
    add_site(&mut b, site, &mut |b: &mut Builder| b.flush_docs(emit));
    b.finish(emit, None);
}

/// The search index of a site, kept by `serve` to follow edits of release notes'
/// bodies without indexing the whole site again.
pub struct Index {
    b: Builder,
    /// Document number of each release, by release index.
    release_doc: Vec<u32>,
    /// What [`Index::files`] last gave and what changed since.
    since: std::sync::Mutex<Since>,
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
    /// The index's files, as [`write_index`] makes them, given to `emit`: without their
    /// text those that are the same as the last call gave them (the first call gives
    /// every text).
    pub fn files(&self, emit: Emit) {
        let mut since = self.since.lock().unwrap_or_else(|e| e.into_inner());
        self.b.finish(emit, Some(&mut since));
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
        let since = self.since.get_mut().unwrap_or_else(|e| e.into_inner());
        since.moved(&before, &after);
        since.docs.insert(d);
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
        self.b.docs[d as usize] = doc_json(
            &format!("releases/{}/", r.version()),
            "Release",
            &title,
            &snip,
        );
    }

    /// After release `i`'s note changed, front matter and all (`old` is the release it
    /// replaced, of the same version): moves its documents (the release's, its risks',
    /// its logged issues') to their new words and takes their new titles and snippets.
    /// When it has more or fewer documents than before, the index is built again. Either
    /// way the index is then the one a fresh [`Index::new`] would build. Returns whether
    /// the index changed.
    pub fn replace_release(&mut self, site: &Site, i: usize, old: &Release) -> bool {
        let Some(&d) = self.release_doc.get(i) else {
            return false;
        };
        let (mut before, mut after) = (Vec::new(), Vec::new());
        release_docs(old, |doc| before.push(doc_terms(doc)));
        release_docs(&site.releases[i], |doc| after.push(doc_terms(doc)));
        if before.len() != after.len() {
            *self = Index::new(site);
            return true;
        }
        let mut changed = false;
        for (k, (b, a)) in before.into_iter().zip(after).enumerate() {
            if b == a {
                continue;
            }
            changed = true;
            let id = d + k as u32;
            move_doc(&mut self.b.postings, id, &b.0, &a.0);
            move_doc(&mut self.b.titles, id, &b.1, &a.1);
            let since = self.since.get_mut().unwrap_or_else(|e| e.into_inner());
            since.moved(&b.0, &a.0);
            since.moved(&b.1, &a.1);
            since.docs.insert(id);
            self.b.docs[id as usize - self.b.first_doc] = a.2;
        }
        changed
    }

    pub fn new(site: &Site) -> Index {
        let mut b = Builder::default();
        let release_doc = add_site(&mut b, site, &mut |_: &mut Builder| {});
        Index {
            b,
            release_doc,
            since: Default::default(),
        }
    }
}

/// Adds every document of `site` to `b` (calling `after` as it goes), newest release
/// first; returns each release's document number.
fn add_site(b: &mut Builder, site: &Site, after: &mut dyn FnMut(&mut Builder)) -> Vec<u32> {
    let mut release_doc = vec![0; site.releases.len()];
    for (i, r) in site.releases.iter().enumerate().rev() {
        release_doc[i] = b.len() as u32;
        release_docs(r, |doc| b.add(doc));
        after(b);
    }
    for rt in site.retros.iter().rev() {
        let items: Vec<String> = rt
            .front
            .action_items
            .iter()
            .map(|a| format!("{} {}", a.id, a.title))
            .collect();
        let items = items.join(" ");
        let page = format!("retrospectives/{}/", rt.front.release);
        b.add(Doc {
            r: page.clone(),
            kind: "Retrospective",
            title: format!("Retrospective {}", rt.front.release),
            keys: Vec::new(),
            texts: vec![&items, &rt.body.text],
            snip: &rt.body.summary,
        });
        action_docs(b, &page, &rt.front.action_items);
        after(b);
    }
    for m in &site.meetings {
        action_docs(b, &format!("meetings/{}/", m.slug), &m.front.action_items);
    }
    for m in &site.modules {
        let objectives = m.front.objectives.join(" ");
        let snip = if m.body.summary.is_empty() {
            m.front.objectives.join("; ")
        } else {
            m.body.summary.clone()
        };
        b.add(Doc {
            r: format!("handbook/{}/", m.slug),
            kind: "Handbook",
            title: m.front.title.clone(),
            keys: Vec::new(),
            texts: vec![&objectives, &m.body.text],
            snip: &snip,
        });
    }
    release_doc
}

/// A release's document (found by its version and its tracker issues' ids too), then one
/// per risk and per logged issue, found by their ids.
fn release_docs(r: &Release, mut add: impl FnMut(Doc)) {
    let (text, snip) = release_meta(r);
    let f = &r.front;
    let version = r.version().to_string();
    let mut keys = vec![version.as_str()];
    keys.extend(f.issues.iter().map(String::as_str));
    add(Doc {
        r: format!("releases/{version}/"),
        kind: "Release",
        title: format!("{version} {}", r.title()),
        keys,
        texts: vec![&text, &r.body.text],
        snip: &snip,
    });
    for k in &f.risks {
        let mitigation = k.mitigation.as_deref().unwrap_or("");
        let snip = format!(
            "{} · {} × {} · {mitigation}",
            k.status.as_str(),
            k.probability.as_str(),
            k.impact.as_str(),
        );
        add(Doc {
            r: format!("releases/{version}/#risk-{}", k.id),
            kind: "Risk",
            title: format!("{} {}", k.id, k.title),
            keys: vec![&k.id],
            texts: vec![mitigation, k.status.as_str()],
            snip: &snip,
        });
    }
    for k in &f.issue_log {
        let snip = format!(
            "{} · {} · {version}, opened {}",
            k.status().as_str(),
            k.severity.as_str(),
            k.opened
        );
        add(Doc {
            r: format!("releases/{version}/#issue-{}", k.id),
            kind: "Issue",
            title: format!("{} {}", k.id, k.title),
            keys: vec![&k.id],
            texts: vec![k.status().as_str(), k.severity.as_str()],
            snip: &snip,
        });
    }
}

/// A document's terms (words and keys), its title's words and its entry, as
/// [`Builder::add`] indexes them.
type Terms = (BTreeSet<String>, BTreeSet<String>, String);

fn doc_terms(doc: Doc) -> Terms {
    let (mut terms, mut title) = (BTreeSet::new(), BTreeSet::new());
    words(&doc.title, |w| {
        terms.insert(w.to_string());
        title.insert(w.to_string());
    });
    for text in &doc.texts {
        words(text, |w| {
            terms.insert(w.to_string());
        });
    }
    terms.extend(doc.keys.iter().filter_map(|k| key(k)));
    let entry = doc_json(&doc.r, doc.kind, &doc.title, doc.snip);
    (terms, title, entry)
}

/// Moves document `id` from the terms `before` to the terms `after` in `map`.
fn move_doc(
    map: &mut FxHashMap<String, Vec<u32>>,
    id: u32,
    before: &BTreeSet<String>,
    after: &BTreeSet<String>,
) {
    for w in before.difference(after) {
        if let Some(docs) = map.get_mut(w.as_str()) {
            if let Ok(at) = docs.binary_search(&id) {
                docs.remove(at);
            }
            if docs.is_empty() {
                map.remove(w.as_str());
            }
        }
    }
    for w in after.difference(before) {
        let docs = map.entry(w.clone()).or_default();
        if let Err(at) = docs.binary_search(&id) {
            docs.insert(at, id);
        }
    }
}

/// One document per action item agreed on `page`, found by its id.
fn action_docs(b: &mut Builder, page: &str, items: &[crate::content::ActionItem]) {
    for a in items {
        let due = a.due.map(|d| format!(" · due {d}")).unwrap_or_default();
        let snip = format!("{}{due}", a.status.as_str());
        b.add(Doc {
            r: format!("{page}#action-{}", a.id),
            kind: "Action item",
            title: format!("{} {}", a.id, a.title),
            keys: vec![&a.id],
            texts: vec![a.status.as_str()],
            snip: &snip,
        });
    }
}

#[cfg(test)]
mod tests;
