//! `SiteTest`: a small valid site in a temp dir, changed file by file, then built.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

pub struct SiteTest {
    pub dir: TempDir,
}

pub const STAKEHOLDERS: &str = r#"
[[stakeholder]]
id = "release-management"
name = "Release management"
group = "Delivery"
interests = []

[[stakeholder]]
id = "support"
name = "Customer support"
group = "Customer-facing"
interests = ["billing"]
"#;

pub const RELEASE_1: &str = r#"---
version: 1.0.0
title: "First"
date: 2026-01-15
status: released
manager: release-management
components: [billing]
deployment:
  result: success
  started: "2026-01-15T09:00:00Z"
  finished: "2026-01-15T09:40:00Z"
defects: { found_before_release: 9, escaped: 1 }
risks:
  - id: R-1
    title: "Launch traffic"
    probability: high
    impact: high
    owner: support
    status: open
---
The first release. See the [review](../retrospectives/1.0.0.md#lessons) and [next](1.1.0.md).

## Highlights

- Invoices
"#;

pub const RELEASE_2: &str = r#"---
version: 1.1.0
title: "Second"
date: 2026-02-20
stakeholders: [support]
deployment:
  result: rolled-back
  started: "2026-02-20T09:00:00Z"
  finished: "2026-02-20T09:30:00Z"
  restored: "2026-02-20T12:10:00Z"
---
Rolled back.
"#;

pub const RETRO_1: &str = r#"---
release: 1.0.0
date: 2026-01-20
facilitator: release-management
action_items:
  - id: A-1
    title: "Automate smoke tests"
    owner: support
    due: 2026-02-01
    status: done
    closed: 2026-02-03
---
## Lessons

Smoke tests first.
"#;

pub const CHECK_PLAN: &str = "---\nrelease: 1.0.0\nphase: planning\nowner: release-management\n---\n- [x] Scope frozen\n- [x] Window announced\n";
pub const CHECK_TEST: &str = "---\nrelease: 1.0.0\nphase: testing\n---\n- [x] Regression green\n- [ ] Load test\n- [x] Security scan\n";
pub const MODULE_1: &str = r#"---
title: "Welcome"
order: 1
duration: 10
objectives: ["Know the site"]
quiz:
  - question: "Where do reviews go?"
    choices: ["releases", "retrospectives"]
    answer: 1
    explanation: "One per release."
---
Read [the first release](../releases/1.0.0.md).
"#;

impl SiteTest {
    /// A valid site with two releases, a retro, two checklists and a module.
    pub fn new() -> SiteTest {
        let t = SiteTest {
            dir: tempfile::tempdir().unwrap(),
        };
        t.write(
            "relbook.toml",
            "title = \"Test book\"\nbase_url = \"https://example.org/book/\"\n",
        )
        .write("content/stakeholders.toml", STAKEHOLDERS)
        .write("content/releases/1.0.0.md", RELEASE_1)
        .write("content/releases/1.1.0.md", RELEASE_2)
        .write("content/retrospectives/1.0.0.md", RETRO_1)
        .write("content/checklists/1.0.0-planning.md", CHECK_PLAN)
        .write("content/checklists/1.0.0-testing.md", CHECK_TEST)
        .write("content/handbook/01-welcome.md", MODULE_1);
        t
    }

    /// An empty folder.
    pub fn empty() -> SiteTest {
        SiteTest {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Runs the relbook binary in the site root.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_relbook"))
            .args(args)
            .current_dir(self.root())
            .output()
            .unwrap()
    }

    /// `relbook build`, which must succeed; returns stderr.
    /// Copies the built-in `release.html` into the site's templates: release pages are
    /// then written by Tera instead of the native writer, so a test can check both.
    pub fn override_release_template(&self) -> &Self {
        self.write(
            "templates/release.html",
            std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/templates/release.html"
            ))
            .unwrap(),
        )
    }

    pub fn build(&self) -> String {
        let out = self.run(&["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "build failed:\n{stderr}");
        stderr
    }

    /// `relbook build`, which must fail; returns stderr.
    pub fn build_fails(&self) -> String {
        let out = self.run(&["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!out.status.success(), "build should have failed:\n{stderr}");
        stderr
    }

    pub fn page(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// The `<main>` element of a page, whitespace collapsed.
    pub fn main(&self, rel: &str) -> String {
        let html = self.page(rel);
        let start = html.find("<main").expect("no <main>");
        let end = html.find("</main>").expect("no </main>");
        html[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Every file under `dir`, relative path → bytes, sorted.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Builds the repository's own demo site (content/ and demo/product.git) into a temp
/// folder with `args` added to `relbook build`; returns the folder and the output inside.
pub fn build_demo(args: &[&str]) -> (TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_relbook"))
        .arg("build")
        .args(args)
        .arg("--output")
        .arg(&target)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (out, target)
}

/// `git rev-list --count range` by the git CLI.
pub fn cli_count(dir: &Path, range: &str) -> usize {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-list", "--count", range])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// A built site's search index, read back from its files as the browser reads them.
pub struct SearchIndex {
    /// `[ref, type, title, snippet]` per document.
    pub docs: Vec<serde_json::Value>,
    pub common: Vec<String>,
    /// Term → (its documents, the documents whose title has it), over every shard.
    pub terms: std::collections::BTreeMap<String, (Vec<usize>, Vec<usize>)>,
    /// Each file's path and size in bytes.
    pub files: Vec<(String, usize)>,
}

/// The data a search file (`search-index`, `search/t0`, …) assigns.
pub fn search_data(out: &Path, name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(out.join(format!("{name}.js"))).unwrap();
    let head =
        format!("(window.RELBOOK_SEARCH_DATA = window.RELBOOK_SEARCH_DATA || {{}})[\"{name}\"] = ");
    let json = text
        .strip_prefix(&head)
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .unwrap_or_else(|| panic!("{name}: {text}"));
    serde_json::from_str(json).unwrap()
}

fn gaps(s: &str) -> Vec<usize> {
    let mut n = 0;
    s.split(' ')
        .filter(|g| !g.is_empty())
        .map(|g| {
            n += usize::from_str_radix(g, 36).unwrap();
            n
        })
        .collect()
}

pub fn search_index(out: &Path) -> SearchIndex {
    let meta = search_data(out, "search-index");
    let size = |name: &str| {
        std::fs::metadata(out.join(format!("{name}.js")))
            .unwrap()
            .len() as usize
    };
    let mut files = vec![("search-index".to_string(), size("search-index"))];
    let mut terms = std::collections::BTreeMap::new();
    for (i, shard) in meta["shards"].as_array().unwrap().iter().enumerate() {
        let name = format!("search/t{i}");
        let t = search_data(out, &name);
        let list = t["terms"].as_array().unwrap();
        assert_eq!(*shard, list[0]);
        for (j, term) in list.iter().enumerate() {
            let docs = gaps(t["postings"][j].as_str().unwrap());
            let titles = gaps(t["titles"][j].as_str().unwrap());
            terms.insert(term.as_str().unwrap().to_string(), (docs, titles));
        }
        files.push((name.clone(), size(&name)));
    }
    let n = meta["n"].as_u64().unwrap() as usize;
    let per = meta["per"].as_u64().unwrap() as usize;
    let mut docs = Vec::new();
    for i in 0..n.div_ceil(per) {
        let name = format!("search/d{i}");
        docs.extend(search_data(out, &name).as_array().unwrap().iter().cloned());
        files.push((name.clone(), size(&name)));
    }
    assert_eq!(docs.len(), n);
    let common = meta["common"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect();
    SearchIndex {
        docs,
        common,
        terms,
        files,
    }
}

/// Every file of the search index, one after another (to look for a word in any).
pub fn search_text(out: &Path) -> String {
    let mut text = std::fs::read_to_string(out.join("search-index.js")).unwrap();
    let mut names: Vec<PathBuf> = std::fs::read_dir(out.join("search"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names {
        text.push_str(&std::fs::read_to_string(p).unwrap());
    }
    text
}
