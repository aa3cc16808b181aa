//! Finding and parsing content files: every Markdown file under the content kinds'
//! folders and the stakeholder registry, each parsed into its front matter type.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::CONTENT_DIR;
use crate::content::*;
use crate::error::Diagnostic;

/// The content kind of a file, from the folder it is in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum FileKind {
    Release,
    Retro,
    Checklist,
    Module,
    Stakeholder,
    Meeting,
    StatusNote,
}

pub(super) enum Parsed {
    Release(Source, Box<ReleaseFront>),
    Retro(Source, RetroFront),
    Checklist(Source, ChecklistFront),
    Module(Source, ModuleFront, String),
    Stakeholder(Source, Stakeholder),
    /// With its page name (the file stem).
    Meeting(Source, MeetingFront, String),
    StatusNote(Source, StatusFront, Week),
}

/// Parses every file (in parallel), each to its kind's front matter or a diagnostic.
pub(super) fn parse_all(root: &Path, files: &[(PathBuf, FileKind)]) -> Vec<ParseResult> {
    // In small pieces: a release note costs ten checklists, and git holds one thread
    // for a while; large pieces left one thread parsing alone at the end.
    files
        .par_iter()
        .with_max_len(64)
        .map(|(rel, kind)| parse_file(root, rel, kind))
        .collect()
}

pub(super) fn registry_error(_root: &Path, path: &Path, id: &str, msg: String) -> Diagnostic {
    // The registry is TOML without a Source; find the id's line by reading the text again.
    let text = std::fs::read_to_string(_root.join(path)).unwrap_or_default();
    let needle = format!("\"{id}\"");
    let line = text
        .lines()
        .position(|l| l.contains(&needle))
        .map_or(1, |i| i + 1);
    Diagnostic::error(path, line, 1, msg)
}

/// Reads `content/stakeholders.toml` into `out`; false when it is there but unusable.
pub(super) fn load_stakeholder_registry(
    root: &Path,
    out: &mut Vec<(Option<Source>, PathBuf, Stakeholder)>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let rel = Path::new(CONTENT_DIR).join("stakeholders.toml");
    if !root.join(&rel).is_file() {
        return true;
    }
    let text = match read_text(root, &rel) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return false;
        }
    };
    match toml::from_str::<StakeholderFile>(&text) {
        Ok(file) => {
            for s in file.stakeholder {
                out.push((None, rel.clone(), s));
            }
            true
        }
        Err(e) => {
            let (line, col) = e
                .span()
                .map_or((1, 1), |s| crate::error::line_col(&text, s.start));
            diags.push(Diagnostic::error(
                &rel,
                line,
                col,
                crate::error::improve_serde_message(e.message()),
            ));
            false
        }
    }
}

/// The versions the release notes among `unparsed` were meant to have: each file's
/// name and the value of its `version` line, if it has one.
pub(super) fn unparsed_versions(root: &Path, unparsed: &[PathBuf]) -> HashSet<String> {
    let releases = Path::new(CONTENT_DIR).join("releases");
    let mut out = HashSet::new();
    for rel in unparsed.iter().filter(|p| p.starts_with(&releases)) {
        out.insert(stem(rel));
        let text = read_text(root, rel).unwrap_or_default();
        let value = text.lines().find_map(|l| {
            let rest = l.strip_prefix("version")?.trim_start();
            rest.strip_prefix([':', '='])
        });
        if let Some(v) = value {
            let v = v.split(" #").next().unwrap_or(v).trim();
            out.insert(v.trim_matches(['"', '\'']).trim().to_string());
        }
    }
    out
}

/// The content kinds' folders, in the order their files are listed, with their kind.
const FOLDERS: [(&str, FileKind); 7] = [
    ("releases", FileKind::Release),
    ("retrospectives", FileKind::Retro),
    ("checklists", FileKind::Checklist),
    ("handbook", FileKind::Module),
    ("stakeholders", FileKind::Stakeholder),
    ("meetings", FileKind::Meeting),
    ("status", FileKind::StatusNote),
];

/// A folder's files, or what could not be read in it.
type Listing = (Vec<(PathBuf, FileKind)>, Vec<Diagnostic>);

/// Every `.md` file under the content kinds' folders, sorted, with its kind. The folders
/// are listed in parallel (at 10,000 releases: 45,000 files in three folders).
pub(super) fn collect_files(root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(PathBuf, FileKind)> {
    let listings: Vec<Listing> = FOLDERS
        .par_iter()
        .map(|&(dir, kind)| list_folder(root, dir, kind))
        .collect();
    let mut files = Vec::with_capacity(listings.iter().map(|l| l.0.len()).sum());
    for (found, problems) in listings {
        files.extend(found);
        diags.extend(problems);
    }
    files
}

/// The `.md` files under `content/<dir>`, sorted by name, each of `kind`.
fn list_folder(root: &Path, dir: &str, kind: FileKind) -> Listing {
    let (mut files, mut diags) = (Vec::new(), Vec::new());
    let base = root.join(CONTENT_DIR).join(dir);
    if !base.is_dir() {
        return (files, diags);
    }
    // Sorted once at the end: walkdir's sort by name takes each name from its path
    // again at every comparison (a tenth of the listing at 30,000 checklists).
    for entry in WalkDir::new(&base).follow_links(false) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
                    .unwrap_or_else(|| base.clone());
                diags.push(Diagnostic::error(p, 1, 1, format!("cannot read: {e}")));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') || entry.file_type().is_dir() || !name.ends_with(".md") {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        if entry.path_is_symlink() {
            diags.push(Diagnostic::warning(rel, 1, 1, "symbolic link not followed"));
            continue;
        }
        files.push((rel.to_path_buf(), kind));
    }
    files.sort_by_cached_key(|(p, _)| path_key(p));
    (files, diags)
}

/// A key that sorts as `p` does: paths compare component by component, so each is taken
/// apart once here instead of at every comparison. Its components' bytes, each ended by
/// a 0 (no name holds one).
fn path_key(p: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(p.as_os_str().len() + 1);
    for c in p.components() {
        key.extend_from_slice(c.as_os_str().as_encoded_bytes());
        key.push(0);
    }
    key
}

/// Identifies a note's front matter and the line its body starts on.
pub(super) fn front_hash(src: &Source) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (
        &src.front,
        src.front_line,
        src.body_line,
        src.format == Format::Toml,
    )
        .hash(&mut h);
    h.finish()
}

/// A file parsed, with the warnings about its front matter.
pub(super) type ParseResult = std::result::Result<(Parsed, Vec<Diagnostic>), Diagnostic>;

fn parse_file(root: &Path, rel: &Path, kind: &FileKind) -> ParseResult {
    let text = read_text(root, rel)?;
    let src = Source::split(rel, &text)?;
    let warnings = src.warnings();
    Ok((parse_kind(rel, kind, src)?, warnings))
}

fn parse_kind(rel: &Path, kind: &FileKind, src: Source) -> std::result::Result<Parsed, Diagnostic> {
    Ok(match kind {
        FileKind::Release => {
            let f = src.parse()?;
            // Release notes are most of a large site's text: their bodies are read again
            // when rendered (`load::render_bodies`), not held while everything validates.
            let src = Source {
                body: String::new(),
                ..src
            };
            Parsed::Release(src, Box::new(f))
        }
        FileKind::Retro => {
            let f = src.parse()?;
            Parsed::Retro(src, f)
        }
        FileKind::Checklist => {
            let f = src.parse()?;
            Parsed::Checklist(src, f)
        }
        FileKind::Module => {
            let f = src.parse()?;
            let stem = rel
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let slug = module_slug(&stem);
            Parsed::Module(src, f, slug)
        }
        FileKind::Stakeholder => {
            let mut f: Stakeholder = src.parse()?;
            if f.id.is_empty() {
                f.id = rel
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
            }
            Parsed::Stakeholder(src, f)
        }
        FileKind::Meeting => {
            let f = src.parse()?;
            Parsed::Meeting(src, f, stem(rel))
        }
        FileKind::StatusNote => {
            let week = Week::parse(&stem(rel)).ok_or_else(|| {
                Diagnostic::error(
                    rel,
                    1,
                    1,
                    format!(
                        "a status note is named after its ISO week, like `2026-W48.md`, not `{}.md`",
                        stem(rel)
                    ),
                )
            })?;
            let f = src.parse()?;
            Parsed::StatusNote(src, f, week)
        }
    })
}

/// The file name without its extension.
fn stem(rel: &Path) -> String {
    rel.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `03-risk-management` → `risk-management`.
pub fn module_slug(stem: &str) -> String {
    let trimmed = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    match trimmed.strip_prefix(['-', '_']) {
        Some(rest) if !rest.is_empty() && trimmed.len() < stem.len() => rest.to_string(),
        _ => stem.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_listed_as_a_walk_sorted_by_name_would_list_it() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join(CONTENT_DIR).join("handbook");
        for f in [
            "a.md", "a/z.md", "a/b/c.md", "a-b.md", "B.md", "b.md", "a0.md", "é.md", "a/a.md",
            "ab/x.md", "a.b.md", "_x.md",
        ] {
            let p = base.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "---\ntitle: x\n---\n").unwrap();
        }
        let walked: Vec<PathBuf> = WalkDir::new(&base)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| p.is_file())
            .map(|p| p.strip_prefix(dir.path()).unwrap().to_path_buf())
            .collect();
        let (listed, diags) = list_folder(dir.path(), "handbook", FileKind::Module);
        assert!(diags.is_empty());
        let listed: Vec<PathBuf> = listed.into_iter().map(|(p, _)| p).collect();
        assert_eq!(listed, walked);
        assert_eq!(listed.len(), 12);
    }
}
