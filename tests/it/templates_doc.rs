//! `docs/templates.md` lists every variable each template receives; this test keeps it
//! true in both directions.
//!
//! It computes the Tera context of every page of three fixtures — the demo site (this
//! repository), [`EXTRA`] (a small site with what the demo lacks: a repository URL, so
//! commit and compare links; sparse front matter, so the optional values are null
//! somewhere; a version that is not SemVer) and an empty site (no latest release, no KPI
//! bands) — as JSON, collects the paths found per template, and checks that:
//!
//! - every path a context holds has a row in its template's section of the doc, or in
//!   the "Every page" section when every page has it (`site`, `page`, `root`); the
//!   failure prints ready-to-paste rows (type `?`: null on every page of the fixtures);
//! - every documented path is produced by some page of the fixtures (no stale rows), and
//!   the "Every page" ones by every page;
//! - the type column agrees with the values seen;
//! - every file in `templates/` has a section.
//!
//! The doc's format: a section starts at a heading that names a template in backticks
//! (`` ## `release.html` ``) or at `## Every page`; in it, every table row whose first
//! cell is a path in backticks documents that path, and the second cell is its type.
//!
//! Paths are normalised by five rules:
//!
//! 1. A path is the dotted chain of keys from the context's top: `release.git.commits`.
//!    Maps and lists have rows of their own, not only the leaves, since templates test
//!    and loop over them.
//! 2. The items of a list are merged under `[]`: `release.risks[].title`. An item has no
//!    row of its own, only its fields, so a list of strings ends at the list
//!    (`release.components`).
//! 3. A list inside a list is a Rust tuple: its items are positions, as templates read
//!    them (`grp.0`, `grp.1`): `release.git.groups[].0`. The one real list of lists,
//!    `sections[].rows` of `kpis.html`, ends at the list like a list of strings
//!    ([`LISTS_OF_LISTS`]).
//! 4. A documented segment `<name>` stands for every key of a map whose keys are data,
//!    not field names: `groups.<group>[].name` (the stakeholder groups, keyed by group).
//!    Without such a row, the failure lists the map's actual keys.
//! 5. The type column starts with `string`, `number`, `bool`, `list` or `map`, after
//!    `optional ` when the value may be null; anything after that word is prose. A
//!    value seen as null must say `optional`; write it too for a value that may be null
//!    even where no fixture shows one (an `Option` in the view).
//!
//! A documented field of an optional map is only produced where the map is there: when
//! a new one is null in every fixture, fill it in [`EXTRA`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use relbook::site::Site;
use serde_json::Value;

use crate::common::*;

/// The documentation, from the crate root.
const DOC: &str = "docs/templates.md";

/// The section of the variables every page gets.
const EVERY_PAGE: &str = "Every page";

/// Lists whose items are lists of their own (rule 3), as `template: path`.
const LISTS_OF_LISTS: &[&str] = &["kpis.html: sections[].rows"];

/// The kinds of JSON value, as the type column names them.
const KINDS: &[&str] = &["string", "number", "bool", "list", "map"];

/// Observed kinds (plus `null`) per path, per template.
type Seen = BTreeMap<String, BTreeMap<String, BTreeSet<&'static str>>>;

/// Documented type per path, per section (template name or [`EVERY_PAGE`]).
type Documented = BTreeMap<String, BTreeMap<String, String>>;

/// Loads a fixture site (its load report is not needed here).
fn load(root: &Path) -> Site {
    Site::load(root, &Default::default())
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .0
}

/// The second fixture: what the demo site leaves empty or null — a repository URL (so
/// commit and compare links), a breaking change without a scope, a release with no
/// commits of its own, a version that is not SemVer, and sparse front matter everywhere.
/// Its history is made by [`extra_history`].
const EXTRA: &[(&str, &str)] = &[
    (
        "relbook.toml",
        "title = \"Extra\"\nrepo_url = \"https://github.com/org/product\"\n\
         [git]\nrepo = \"repo\"\ncache = false\n",
    ),
    (
        "content/stakeholders.toml",
        "[[stakeholder]]\nid = \"ops\"\nname = \"Operations\"\n",
    ),
    (
        "content/releases/1.0.0.md",
        "---\nversion: 1.0.0\nstatus: released\nstakeholders: [ops]\n\
         deployment: { result: failed }\ndefects: { escaped: 1 }\ngo_no_go: { decision: go }\n\
         risks:\n  - { id: R-X1, title: Unowned, probability: low, impact: low }\n---\nFirst.\n",
    ),
    (
        "content/releases/1.1.0.md",
        "---\nversion: 1.1.0\ndefects: { critical: 1 }\n---\nNothing new.\n",
    ),
    (
        "content/releases/2024.1.md",
        "---\nversion: \"2024.1\"\nstatus: released\nwindow: { start: 2025-12-01, end: 2025-12-02 }\n\
         ---\nNot SemVer, not dated.\n",
    ),
    (
        "content/checklists/1.0.0-planning.md",
        "---\nrelease: 1.0.0\nphase: planning\n---\n- [ ] Scope\n",
    ),
    (
        "content/checklists/template-planning.md",
        "---\nphase: planning\nsigned_off_by: ops\nsigned_off_at: 2026-01-01\n---\n- [ ] Scope\n",
    ),
    (
        "content/retrospectives/1.0.0.md",
        "---\nrelease: 1.0.0\naction_items:\n  - { id: A-X1, title: Unowned }\n---\nLessons.\n",
    ),
    (
        "content/handbook/01-intro.md",
        "---\ntitle: Intro\nquiz:\n  - { question: Why?, choices: [a, b], answer: 0 }\n---\nText.\n",
    ),
    // Weekly status: a release in flight with milestones (reached late, overdue,
    // upcoming), logged issues, an owned risk, a meeting with an item due that week and
    // a status note.
    (
        "content/releases/2.0.0.md",
        "---\nversion: 2.0.0\nstatus: in-progress\nwindow: { start: 2026-03-02, end: 2026-03-06 }\n\
         milestones:\n  - { name: Freeze, planned: 2026-02-27, actual: 2026-03-03 }\n\
         \x20 - { name: Sign-off, planned: 2026-03-01 }\n  - { name: Launch, planned: 2026-03-10 }\n\
         issue_log:\n  - { id: I-X1, title: Flaky build, opened: 2026-03-03, resolved: 2026-03-04, owner: ops }\n\
         \x20 - { id: I-X2, title: Slow export, opened: 2026-03-04 }\n\
         risks:\n  - { id: R-X2, title: Owned, probability: high, impact: high, owner: ops }\n---\nIn flight.\n",
    ),
    (
        "content/meetings/2026-03-03-status.md",
        "---\nkind: status\ndate: 2026-03-03\nrelease: 2.0.0\n\
         action_items:\n  - { id: A-X2, title: Fix the build, owner: ops, due: 2026-03-05 }\n---\nMinutes.\n",
    ),
    (
        "content/status/2026-W10.md",
        "---\ntitle: Freeze week\n---\nOn track.\n",
    ),
];

/// The extra site's product history in `dir`: `v1.0.0` on a feature and a breaking
/// change without a scope, `v1.1.0` on the same commit (no commits, so no lead time).
fn extra_history(dir: &Path) {
    let repo = git2::Repository::init(dir).unwrap();
    let mut parents: Vec<git2::Oid> = Vec::new();
    for (i, msg) in ["feat(api): invoices (#1)", "refactor!: drop the old API"]
        .iter()
        .enumerate()
    {
        let t = git2::Time::new(1_767_225_600 + i as i64 * 86_400, 0);
        let sig = git2::Signature::new("Dev Team", "dev@example.org", &t).unwrap();
        let blob = repo.blob(msg.as_bytes()).unwrap();
        let mut tb = repo.treebuilder(None).unwrap();
        tb.insert("f.txt", blob, 0o100644).unwrap();
        let tree = repo.find_tree(tb.write().unwrap()).unwrap();
        let parents_c: Vec<git2::Commit> = parents
            .iter()
            .map(|p| repo.find_commit(*p).unwrap())
            .collect();
        let refs: Vec<&git2::Commit> = parents_c.iter().collect();
        parents = vec![repo
            .commit(Some("HEAD"), &sig, &sig, msg, &tree, &refs)
            .unwrap()];
    }
    let head = repo.find_object(parents[0], None).unwrap();
    for tag in ["v1.0.0", "v1.1.0"] {
        repo.tag_lightweight(tag, &head, false).unwrap();
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "map",
    }
}

struct Walker<'a> {
    template: &'a str,
    /// Documented `<name>` segments of the template: the map's path → `<name>` (rule 4).
    dynamic: BTreeMap<String, String>,
    seen: BTreeMap<String, BTreeSet<&'static str>>,
}

impl Walker<'_> {
    fn node(&mut self, path: String, v: &Value) {
        self.seen.entry(path.clone()).or_default().insert(kind(v));
        self.children(&path, v);
    }

    fn children(&mut self, path: &str, v: &Value) {
        let join = |k: &str| {
            if path.is_empty() {
                k.to_string()
            } else {
                format!("{path}.{k}")
            }
        };
        match v {
            Value::Object(map) => {
                let dynamic = self.dynamic.get(path).cloned();
                for (k, child) in map {
                    self.node(join(dynamic.as_deref().unwrap_or(k)), child);
                }
            }
            Value::Array(items) => {
                let list_of_lists =
                    LISTS_OF_LISTS.contains(&format!("{}: {path}", self.template).as_str());
                for item in items {
                    match item {
                        Value::Object(_) => self.children(&format!("{path}[]"), item),
                        Value::Array(tuple) if !list_of_lists => {
                            for (i, x) in tuple.iter().enumerate() {
                                self.node(format!("{path}[].{i}"), x);
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// Parses the doc: the type of every documented path, per section.
fn documented(doc: &str) -> Documented {
    let mut out = Documented::new();
    let mut section: Option<String> = None;
    for (n, line) in doc.lines().enumerate() {
        if line.starts_with('#') {
            let title = line.trim_start_matches('#').trim();
            section = if title == EVERY_PAGE {
                Some(EVERY_PAGE.to_string())
            } else {
                title
                    .split('`')
                    .nth(1)
                    .filter(|t| t.ends_with(".html"))
                    .map(str::to_string)
            };
            continue;
        }
        let Some(rest) = line.strip_prefix("| `") else {
            continue;
        };
        let (path, rest) = rest
            .split_once('`')
            .unwrap_or_else(|| panic!("{DOC}:{}: unclosed backtick", n + 1));
        let ty = rest
            .trim_start()
            .strip_prefix('|')
            .and_then(|r| r.split('|').next())
            .unwrap_or_else(|| panic!("{DOC}:{}: a row needs a type column", n + 1))
            .trim()
            .to_string();
        let section = section
            .as_ref()
            .unwrap_or_else(|| panic!("{DOC}:{}: `{path}` is not in a template's section", n + 1));
        let old = out
            .entry(section.clone())
            .or_default()
            .insert(path.to_string(), ty);
        assert!(
            old.is_none(),
            "{DOC}:{}: `{path}` twice in {section}",
            n + 1
        );
    }
    out
}

/// `map.<group>` → the map's path and `<group>`, for every documented `<…>` segment.
fn dynamic_keys(paths: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for path in paths.keys() {
        let mut prefix = String::new();
        for seg in path.split('.') {
            if seg.starts_with('<') {
                let name = &seg[..=seg.find('>').expect("`<name>` closes")];
                out.insert(prefix.clone(), name.to_string());
            }
            if !prefix.is_empty() {
                prefix.push('.');
            }
            prefix.push_str(seg);
        }
    }
    out
}

/// Adds the paths of every page's context to `seen` (per template) and keeps in `every`
/// those that every page so far has.
fn collect(site: &Site, doc: &Documented, seen: &mut Seen, every: &mut Option<BTreeSet<String>>) {
    let kpis = relbook::kpi::for_site(site, &site.dora);
    let sections = relbook::render::pages::kpis::kpi_sections(&kpis);
    for page in relbook::render::pages(site) {
        let body = relbook::render::page_body(site, page).expect("body");
        let (_, template, ctx) = relbook::render::context(site, &kpis, &sections, page, &body);
        let empty = BTreeMap::new();
        let mut w = Walker {
            template,
            dynamic: dynamic_keys(doc.get(template).unwrap_or(&empty)),
            seen: BTreeMap::new(),
        };
        w.children("", &ctx.into_json());
        let paths: BTreeSet<String> = w.seen.keys().cloned().collect();
        *every = Some(match every.take() {
            Some(e) => e.intersection(&paths).cloned().collect(),
            None => paths,
        });
        let mine = seen.entry(template.to_string()).or_default();
        for (path, kinds) in w.seen {
            mine.entry(path).or_default().extend(kinds);
        }
    }
}

/// What the type column should say for the kinds seen.
fn skeleton_type(kinds: &BTreeSet<&'static str>) -> String {
    let base: Vec<&str> = kinds.iter().copied().filter(|k| *k != "null").collect();
    let base = if base.is_empty() {
        "?".to_string()
    } else {
        base.join(" or ")
    };
    if kinds.contains("null") {
        format!("optional {base}")
    } else {
        base
    }
}

/// Whether the documented type agrees with the kinds seen (rule 5).
fn type_error(ty: &str, kinds: &BTreeSet<&'static str>) -> Option<String> {
    let (optional, rest) = match ty.strip_prefix("optional ") {
        Some(rest) => (true, rest),
        None => (false, ty),
    };
    let word: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
    if !KINDS.contains(&word.as_str()) {
        return Some(format!("type `{ty}` starts with none of {KINDS:?}"));
    }
    if kinds.contains("null") && !optional {
        return Some(format!("type `{ty}` but null seen: `optional {ty}`"));
    }
    let other: Vec<&&str> = kinds
        .iter()
        .filter(|k| **k != "null" && **k != word)
        .collect();
    (!other.is_empty()).then(|| format!("type `{ty}` but {other:?} seen"))
}

/// Paths the contexts hold that the doc lacks, as rows to paste, and type mismatches.
/// A path every page has belongs in the "Every page" section, and is reported once.
fn undocumented(seen: &Seen, every: &BTreeSet<String>, doc: &Documented) -> Vec<String> {
    let mut problems = Vec::new();
    let empty = BTreeMap::new();
    let common = doc.get(EVERY_PAGE).unwrap_or(&empty);
    let mut rows: BTreeMap<&str, BTreeMap<&str, String>> = BTreeMap::new();
    for (template, paths) in seen {
        let own = doc.get(template).unwrap_or(&empty);
        for (path, kinds) in paths {
            let (section, ty) = if every.contains(path) {
                (EVERY_PAGE, common.get(path))
            } else {
                (template.as_str(), own.get(path))
            };
            match ty {
                None => {
                    let row = format!("| `{path}` | {} | TODO |", skeleton_type(kinds));
                    rows.entry(section).or_default().insert(path, row);
                }
                Some(ty) => problems
                    .extend(type_error(ty, kinds).map(|e| format!("{template}: `{path}`: {e}"))),
            }
        }
    }
    for (section, rows) in rows {
        let rows: Vec<String> = rows.into_values().collect();
        problems.push(format!(
            "{section}: undocumented, add to its section of {DOC}:\n{}",
            rows.join("\n")
        ));
    }
    problems
}

/// Documented paths that no page produces (or, for "Every page", not every page).
fn stale(seen: &Seen, every: &BTreeSet<String>, doc: &Documented) -> Vec<String> {
    let mut problems = Vec::new();
    for (section, paths) in doc {
        for path in paths.keys() {
            if section == EVERY_PAGE && !every.contains(path) {
                problems.push(format!(
                    "{section}: `{path}` is documented but not on every page"
                ));
            } else if section != EVERY_PAGE
                && !seen.get(section).is_some_and(|s| s.contains_key(path))
            {
                problems.push(format!(
                    "{section}: `{path}` is documented but on no page of the fixtures \
                     (a stale row, or a value null everywhere: extend EXTRA)"
                ));
            }
        }
    }
    problems
}

/// Files of `templates/` without a section in the doc.
fn without_section(templates: &Path, text: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(templates)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .filter(|name| {
            let heading = format!("`{name}`");
            !text
                .lines()
                .any(|l| l.starts_with('#') && l.contains(&heading))
        })
        .map(|name| format!("templates/{name} has no section in {DOC}"))
        .collect()
}

#[test]
fn every_template_variable_is_documented() {
    let crate_root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(crate_root.join(DOC)).unwrap();
    let doc = documented(&text);

    let extra = SiteTest::empty();
    for (path, text) in EXTRA {
        extra.write(path, text);
    }
    extra_history(&extra.root().join("repo"));
    // A site with nothing in it yet: no latest release, no KPI bands.
    let empty = SiteTest::empty();
    let mut seen = Seen::new();
    let mut every = None;
    for root in [crate_root, extra.root(), empty.root()] {
        collect(&load(root), &doc, &mut seen, &mut every);
    }

    let every = every.unwrap_or_default();
    let mut problems = undocumented(&seen, &every, &doc);
    problems.extend(stale(&seen, &every, &doc));
    problems.extend(without_section(&crate_root.join("templates"), &text));
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n\n"));
}
