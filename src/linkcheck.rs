//! Internal link checking of a built site: every `href`/`src` of every HTML file must
//! resolve to a file in the output, and every `#anchor` to an `id` in its page.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// One broken link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The page, relative to the output folder.
    pub file: PathBuf,
    pub line: usize,
    pub link: String,
    pub reason: String,
}

/// `href`/`src` values with their 1-based line.
pub fn links(html: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for (at, _) in html.match_indices(attr) {
            // Skip data-* and other attributes that merely end in href/src.
            if html[..at]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_whitespace())
            {
                continue;
            }
            let rest = &html[at + attr.len()..];
            let Some(end) = rest.find('"') else { continue };
            let line = html[..at].matches('\n').count() + 1;
            out.push((line, rest[..end].replace("&amp;", "&")));
        }
    }
    out.sort();
    out
}

fn ids(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|s| s.find('"').map(|e| &s[..e]))
        .collect()
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Every broken internal link under `out`. Links starting with `base_url` are internal.
pub fn broken(out: &Path, base_url: &str) -> Vec<Broken> {
    let mut pages: HashMap<PathBuf, String> = HashMap::new();
    for e in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        if e.path().extension().is_some_and(|x| x == "html") {
            if let Ok(text) = std::fs::read_to_string(e.path()) {
                pages.insert(e.path().to_path_buf(), text);
            }
        }
    }
    let mut files: Vec<&PathBuf> = pages.keys().collect();
    files.sort();
    let mut broken = Vec::new();
    for file in files {
        let html = &pages[file];
        for (line, link) in links(html) {
            let (target, fragment) = link
                .split_once('#')
                .map_or((link.as_str(), None), |(t, f)| (t, Some(f)));
            let resolved = if let Some(rest) = target
                .strip_prefix(base_url)
                .filter(|_| base_url.contains("://") || base_url.starts_with('/'))
            {
                out.join(rest)
            } else if target.contains(':') || target.starts_with("//") {
                continue; // external
            } else if target.is_empty() {
                file.clone()
            } else if let Some(rest) = target.strip_prefix('/') {
                out.join(rest)
            } else {
                file.parent().unwrap_or(out).join(target)
            };
            let mut resolved = normalize(&resolved);
            if resolved.is_dir() {
                resolved.push("index.html");
            }
            let rel = file.strip_prefix(out).unwrap_or(file).to_path_buf();
            if !resolved.starts_with(out) || !resolved.is_file() {
                broken.push(Broken {
                    file: rel,
                    line,
                    link: link.clone(),
                    reason: "no such page or file".into(),
                });
                continue;
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                if !pages.get(&resolved).is_some_and(|t| ids(t).contains(&f)) {
                    broken.push(Broken {
                        file: rel,
                        line,
                        link: link.clone(),
                        reason: format!("no element with id `{f}`"),
                    });
                }
            }
        }
    }
    broken
}

/// How many internal links `broken` looked at (for tests that want to see real work).
pub fn count(out: &Path) -> usize {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| links(&std::fs::read_to_string(e.path()).unwrap_or_default()).len())
        .sum()
}
