//! Content files: reading them (size-limited, UTF-8 checked) and splitting them into
//! front matter and body, with errors placed at their file, line and column.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::quotes;
use crate::error::{improve_serde_message, line_col, Diagnostic};

/// The front matter syntax of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

/// One content file split into its parts.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the site root, as shown in messages.
    pub path: PathBuf,
    pub format: Format,
    /// Front matter text, without the delimiter lines.
    pub front: String,
    /// 1-based line of the front matter's first line.
    pub front_line: usize,
    pub body: String,
    /// 1-based line of the body's first line.
    pub body_line: usize,
}

impl Source {
    /// Splits `text` (already UTF-8) into front matter and body.
    pub fn split(path: &Path, text: &str) -> Result<Source, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.split_inclusive('\n');
        let first = lines.next().unwrap_or("");
        let format = match first.trim_end() {
            "---" => Format::Yaml,
            "+++" => Format::Toml,
            _ => {
                return Err(Diagnostic::error(
                    path,
                    1,
                    1,
                    "missing front matter: the file must start with a `---` (YAML) or `+++` (TOML) line",
                ))
            }
        };
        let delimiter = first.trim_end();
        let front_start = first.len();
        let mut offset = front_start;
        for (line, l) in (2..).zip(lines) {
            if l.trim_end() == delimiter {
                let front = text[front_start..offset].to_string();
                let body = text[offset + l.len()..].to_string();
                return Ok(Source {
                    path: path.to_path_buf(),
                    format,
                    front,
                    front_line: 2,
                    body,
                    body_line: line + 1,
                });
            }
            offset += l.len();
        }
        Err(Diagnostic::error(
            path,
            1,
            1,
            format!("front matter is not closed: no `{delimiter}` line after the opening one"),
        ))
    }

    /// Deserializes the front matter into `T`, with errors placed in the file.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        if let Some((line, col)) = too_deep(&self.front) {
            return Err(self.error_at(
                line,
                col,
                format!("front matter nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        match self.format {
            Format::Yaml => {
                let front = if self.front.trim().is_empty() {
                    "{}"
                } else {
                    &self.front
                };
                serde_yaml::from_str(front).map_err(|e| {
                    let raw = e.to_string();
                    let (mut line, mut col) =
                        e.location().map_or((0, 1), |l| (l.line(), l.column()));
                    let mut message = improve_serde_message(&raw);
                    // Scanner errors add where the broken construct began: "…, while
                    // scanning a quoted scalar at line 2 column 8". Keep that, and point there.
                    if let Some((context, l, c)) = yaml_context(&raw) {
                        message = format!("{message}, {context}");
                        (line, col) = (l, c);
                    }
                    // serde_yaml places errors raised by a value's own Deserialize (an
                    // invalid date, say) at the start of the mapping; the value quoted in
                    // the message is a better place.
                    let quoted = message.split('`').nth(1).filter(|q| !q.is_empty());
                    let at_quoted = quoted.and_then(|q| self.find(q, 0));
                    // A quote left open is the likely cause of what libyaml found after it.
                    let first = self.front_line;
                    if let Some(r) = quotes::runaways(&self.front)
                        .into_iter()
                        .find(|r| r.line <= line.max(1) && (r.line, r.col) != (line, col))
                    {
                        message = format!(
                            "{message}; {} opened at line {} runs on over lines that look like keys {}: is its closing quote missing?",
                            r.what(),
                            first + r.line - 1,
                            r.lines(first)
                        );
                    }
                    match at_quoted {
                        Some((line, col)) => Diagnostic::error(&self.path, line, col, message),
                        _ => self.error_at(line, col, message),
                    }
                })
            }
            Format::Toml => toml::from_str(&self.front).map_err(|e| {
                let (line, col) = e.span().map_or((0, 1), |s| line_col(&self.front, s.start));
                self.error_at(line, col, improve_serde_message(e.message()))
            }),
        }
    }

    /// What parses but is likely not what was meant: quoted values that run on over
    /// lines looking like keys (a closing quote left out).
    pub fn warnings(&self) -> Vec<Diagnostic> {
        if self.format != Format::Yaml {
            return Vec::new();
        }
        quotes::runaways(&self.front)
            .into_iter()
            .map(|r| {
                let more = r.keys.len();
                let message = format!(
                    "{} runs on over {more} more line{} that look{} like keys {}: is its closing quote missing?",
                    r.what(),
                    if more == 1 { "" } else { "s" },
                    if more == 1 { "s" } else { "" },
                    r.lines(self.front_line)
                );
                let line = self.front_line + r.line - 1;
                Diagnostic::warning(&self.path, line, r.col, message)
            })
            .collect()
    }

    /// An error at a 1-based line/column of the front matter (0 = the opening line).
    pub fn error_at(
        &self,
        front_line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let line = if front_line == 0 {
            1
        } else {
            self.front_line + front_line - 1
        };
        Diagnostic::error(&self.path, line, col, message)
    }

    /// An error on the front-matter line that mentions `needle` (a value such as an id),
    /// else on the line of `key`, else on the opening line.
    pub fn error_for(&self, key: &str, needle: &str, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.locate(key, needle);
        Diagnostic::error(&self.path, line, col, message)
    }

    pub fn warning_for(&self, key: &str, needle: &str, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.locate(key, needle);
        Diagnostic::warning(&self.path, line, col, message)
    }

    /// File line and column of the first whole-word `needle` in the front matter, searching
    /// from front-matter line index `from` and then wrapping around.
    fn find(&self, needle: &str, from: usize) -> Option<(usize, usize)> {
        if needle.is_empty() {
            return None;
        }
        let lines: Vec<&str> = self.front.lines().collect();
        let is_word = |l: &str, at: usize| {
            let before = l[..at].chars().next_back();
            let after = l[at + needle.len()..].chars().next();
            let sep = |c: Option<char>| {
                c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.'))
            };
            sep(before) && sep(after)
        };
        let from = from.min(lines.len());
        (from..lines.len()).chain(0..from).find_map(|i| {
            let l = lines[i];
            l.match_indices(needle)
                .find(|(at, _)| is_word(l, *at))
                .map(|(at, _)| (self.front_line + i, l[..at].chars().count() + 1))
        })
    }

    fn locate(&self, key: &str, needle: &str) -> (usize, usize) {
        let lines: Vec<&str> = self.front.lines().collect();
        let key_line = lines.iter().position(|l| {
            let t = l.trim_start().trim_start_matches("- ");
            t.starts_with(key) && t[key.len()..].trim_start().starts_with([':', '='])
        });
        match (self.find(needle, key_line.unwrap_or(0)), key_line) {
            (Some(hit), _) => hit,
            (None, Some(i)) => (
                self.front_line + i,
                lines[i].len() - lines[i].trim_start().len() + 1,
            ),
            (None, None) => (1, 1),
        }
    }
}

/// The `while scanning …` part of a libyaml error and its 1-based line and column.
fn yaml_context(message: &str) -> Option<(String, usize, usize)> {
    let (_, rest) = message.split_once(", while ")?;
    let (what, mark) = rest.split_once(" at line ")?;
    let (line, col) = mark.split_once(" column ")?;
    Some((
        format!("while {what}"),
        line.trim().parse().ok()?,
        col.trim().parse().ok()?,
    ))
}

/// Deepest `[`/`{` nesting accepted in front matter. YAML parsers take time quadratic in
/// the depth of flow collections (35 s for 100,000 levels), so deeper input is refused
/// before any parser sees it.
pub const MAX_DEPTH: usize = 64;

/// Where flow nesting first goes deeper than [`MAX_DEPTH`] (1-based line, column),
/// skipping quoted strings and comments.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    // Each level opens with a bracket: with no more of them than the limit, no nesting
    // can pass it (front matter seldom has more than a few).
    let openers = memchr::memchr2_iter(b'[', b'{', text.as_bytes()).take(MAX_DEPTH + 1);
    if openers.count() <= MAX_DEPTH {
        return None;
    }
    let mut depth = 0usize;
    for (i, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q && prev != '\\' => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if prev.is_whitespace() || col == 0 => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some((i + 1, col + 1));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
    }
    None
}

/// Largest content file read: anything bigger is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a file as UTF-8, placing an invalid byte at its line and column.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    use std::io::Read as _;
    let path = root.join(rel);
    let cannot = |e: std::io::Error| Diagnostic::error(rel, 1, 1, format!("cannot read file: {e}"));
    let mut file = std::fs::File::open(&path).map_err(cannot)?;
    // Most content files are a few KB: one read into a buffer of the thread's (zeroed
    // once, not at every file) that leaves room is the end of a regular file, and needs
    // no system call for the size (45,000 files in a large site, release notes read up
    // to three times in a build).
    let first = FIRST.with_borrow_mut(|buf| {
        let n = file.read(&mut buf[..])?;
        Ok::<_, std::io::Error>((buf[..n].to_vec(), n < buf.len()))
    });
    let (first, whole) = first.map_err(cannot)?;
    if whole {
        return utf8(rel, first);
    }
    let n = first.len();
    let len = file.metadata().map_err(cannot)?.len();
    if len > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            rel,
            1,
            1,
            format!(
                "file is {:.1} MB; content files are limited to {} MB",
                len as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
        ));
    }
    // The rest, into room for one byte more than the file has (`read_to_end` would ask
    // for the size again and read once more for the end).
    let mut bytes = vec![0; (len as usize).max(n) + 1];
    bytes[..n].copy_from_slice(&first);
    let mut filled = n;
    loop {
        let n = file.read(&mut bytes[filled..]).map_err(cannot)?;
        filled += n;
        if n == 0 || filled < bytes.len() {
            break;
        }
        // It grew while read: go on to its end.
        bytes.resize(bytes.len() * 2, 0);
    }
    bytes.truncate(filled);
    utf8(rel, bytes)
}

/// What [`read_text`] reads at once before it asks for a file's size.
const FIRST_READ: usize = 16 * 1024;

thread_local! {
    /// [`read_text`]'s first read.
    static FIRST: std::cell::RefCell<Box<[u8]>> =
        std::cell::RefCell::new(vec![0; FIRST_READ].into_boxed_slice());
}

/// `bytes` as text, or an error at the line and column of the first invalid byte.
fn utf8(rel: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let (line, col) = line_col(&String::from_utf8_lossy(&e.as_bytes()[..valid]), valid);
        Diagnostic::error(rel, line, col, "file is not valid UTF-8 (save it as UTF-8)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bracket count that lets most front matter skip the scan must not hide
    /// nesting past the limit, nor refuse many brackets side by side.
    #[test]
    fn nesting_is_refused_only_past_the_limit() {
        let nested = |n: usize| format!("a: {}{}\n", "[".repeat(n), "]".repeat(n));
        assert_eq!(too_deep(&nested(MAX_DEPTH)), None);
        assert_eq!(too_deep(&nested(MAX_DEPTH + 1)), Some((1, MAX_DEPTH + 4)));
        let side_by_side = "k: [a]\n".repeat(3 * MAX_DEPTH) + "m: {b: [c]}\n";
        assert_eq!(too_deep(&side_by_side), None);
        let quoted = format!("a: \"{}\"\n", "[".repeat(2 * MAX_DEPTH));
        assert_eq!(too_deep(&quoted), None);
        let deep_on_a_later_line = format!("x: \"[[[\"\n{}", nested(MAX_DEPTH + 2));
        assert_eq!(too_deep(&deep_on_a_later_line), Some((2, MAX_DEPTH + 4)));
    }

    /// Files shorter than, as long as and longer than the first read come back whole,
    /// and an invalid byte past the first read is placed at its line and column.
    #[test]
    fn files_of_any_length_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let line = "abcdefghijklmnopqrstuvwxyz 0123456789\n";
        // A two-byte letter across the end of the first read.
        let across = format!("{}\u{e9}b", "a".repeat(FIRST_READ - 1));
        std::fs::write(dir.path().join("f.md"), &across).unwrap();
        assert_eq!(read_text(dir.path(), Path::new("f.md")).unwrap(), across);
        for len in [
            0,
            1,
            FIRST_READ - 1,
            FIRST_READ,
            FIRST_READ + 1,
            3 * FIRST_READ + 7,
        ] {
            let mut text = line.repeat(len / line.len() + 1);
            text.truncate(len);
            std::fs::write(dir.path().join("f.md"), &text).unwrap();
            let read = read_text(dir.path(), Path::new("f.md")).unwrap();
            assert_eq!((read.len(), read == text), (text.len(), true), "{len}");
        }
        let mut bytes = line.repeat(2 * FIRST_READ / line.len()).into_bytes();
        let lines = bytes.iter().filter(|&&b| b == b'\n').count();
        bytes.extend_from_slice(b"ok \xff");
        std::fs::write(dir.path().join("bad.md"), &bytes).unwrap();
        let e = read_text(dir.path(), Path::new("bad.md")).unwrap_err();
        assert_eq!((e.line, e.col), (lines + 1, 4), "{e}");
        assert!(e.message.contains("not valid UTF-8"), "{e}");
    }
}
