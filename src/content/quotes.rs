//! Quoted YAML values left open: `title: "First: public release` takes in the lines
//! after it, up to the next quote, as text. When those lines look like keys, the quote
//! was most likely never closed; this finds them so the loader can say so.

/// A quoted value that spans lines looking like `key:` lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Runaway {
    /// The key whose value it is (`title`), if the quote follows one.
    pub key: Option<String>,
    /// 1-based line and column (in the front matter) of the opening quote.
    pub line: usize,
    pub col: usize,
    /// The key-like lines inside the value: 1-based line and the key.
    pub keys: Vec<(usize, String)>,
}

impl Runaway {
    /// "the quoted value of `title`".
    pub fn what(&self) -> String {
        match &self.key {
            Some(k) => format!("the quoted value of `{k}`"),
            None => "a quoted value".to_string(),
        }
    }

    /// "(line 4 `date:`, line 5 `status:`)", with the front matter's first line at
    /// `first` of the file.
    pub fn lines(&self, first: usize) -> String {
        const SHOWN: usize = 3;
        let mut shown: Vec<String> = self
            .keys
            .iter()
            .take(SHOWN)
            .map(|(l, k)| format!("line {} `{k}:`", first + l - 1))
            .collect();
        if self.keys.len() > SHOWN {
            shown.push("…".to_string());
        }
        format!("({})", shown.join(", "))
    }
}

/// `key:` at the start of a line (after indentation), as YAML would read a mapping key.
fn key_of(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t);
    let end = t.find(':')?;
    let key = &t[..end];
    let after = &t[end + 1..];
    let ok = !key.is_empty()
        && key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (ok && (after.is_empty() || after.starts_with([' ', '\t']))).then_some(key)
}

/// Every quoted value in YAML `front` that runs over lines looking like keys.
pub(crate) fn runaways(front: &str) -> Vec<Runaway> {
    if !front.contains(['"', '\'']) {
        return Vec::new();
    }
    let mut out = Vec::new();
    // The quote open at the end of the previous line, and the value it began.
    let mut open: Option<(char, Runaway)> = None;
    // The indentation of the key whose block scalar (`|`, `>`) is being read: its lines
    // are text, whatever quotes they hold.
    let mut block: Option<usize> = None;
    for (i, line) in front.lines().enumerate() {
        let n = i + 1;
        let indent = line.len() - line.trim_start().len();
        match block {
            Some(b) if line.trim().is_empty() || indent > b => continue,
            _ => block = None,
        }
        if open.is_none() {
            if line.contains(['|', '>']) && starts_block(line) {
                block = Some(indent);
                continue;
            }
            // Nothing carries over from a line without quotes when none is open.
            if !line.contains(['"', '\'']) {
                continue;
            }
        }
        let mut chars = line.char_indices().peekable();
        if let Some((_, r)) = open.as_mut() {
            if let Some(k) = key_of(line) {
                r.keys.push((n, k.to_string()));
            }
        }
        // Where a value may start: the line's start, or after `: `, `- `, `[`, `{`, `,`.
        let mut value_start = true;
        while let Some((at, c)) = chars.next() {
            if let Some((q, _)) = &open {
                let q = *q;
                // `\"` in double quotes and `''` in single quotes do not close them.
                let escaped = (q == '"' && c == '\\')
                    || (c == q && q == '\'' && chars.peek().is_some_and(|&(_, c)| c == '\''));
                if escaped {
                    chars.next();
                } else if c == q {
                    out.extend(open.take().map(|(_, r)| r).filter(|r| !r.keys.is_empty()));
                    value_start = false;
                }
                continue;
            }
            match c {
                '"' | '\'' if value_start => {
                    let key = line[..at]
                        .trim_end()
                        .strip_suffix(':')
                        .and_then(|_| key_of(&line[..at]))
                        .map(str::to_string);
                    let col = line[..at].chars().count() + 1;
                    open = Some((
                        c,
                        Runaway {
                            key,
                            ..empty(n, col)
                        },
                    ));
                }
                '#' if value_start || line[..at].ends_with([' ', '\t']) => break,
                ' ' | '\t' => {}
                // `:` and `-` only as indicators, followed by a space: not in `10:30`.
                ':' | '-' | '?' => {
                    value_start = chars.peek().is_none_or(|&(_, c)| c == ' ' || c == '\t');
                }
                '[' | '{' | ',' => value_start = true,
                _ => value_start = false,
            }
        }
    }
    if let Some((_, r)) = open.filter(|(_, r)| !r.keys.is_empty()) {
        out.push(r);
    }
    out
}

/// `key: |`, `key: >-`, `- |`: a line whose value is a block scalar on the lines below.
fn starts_block(line: &str) -> bool {
    let t = line.split(" #").next().unwrap_or(line).trim_end();
    let Some(at) = t.rfind([' ', '\t']) else {
        return false;
    };
    let (head, mark) = (t[..at].trim_end(), &t[at + 1..]);
    (head.ends_with(':') || head.ends_with('-') || head.is_empty())
        && mark.starts_with(['|', '>'])
        && mark[1..]
            .chars()
            .all(|c| matches!(c, '-' | '+') || c.is_ascii_digit())
}

fn empty(line: usize, col: usize) -> Runaway {
    Runaway {
        key: None,
        line,
        col,
        keys: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_quote_left_open_over_key_lines() {
        let r = runaways("version: 2.0.0\ntitle: \"First: public\ndate: 2026-03-01\nstatus: x\"\n");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].key.as_deref(), Some("title"));
        assert_eq!((r[0].line, r[0].col), (2, 8));
        assert_eq!(r[0].keys, [(3, "date".into()), (4, "status".into())]);
        assert_eq!(r[0].lines(2), "(line 4 `date:`, line 5 `status:`)");
    }

    #[test]
    fn leaves_closed_and_folded_quotes_alone() {
        for ok in [
            "title: \"a: b\"\ndate: 2026-01-01\n",
            "title: 'it''s: fine'\nnext: x\n",
            "title: It's here\nnext: \"x\"\n",
            "title: \"a \\\" b\"\nnext: x\n",
            // A long value folded over lines that are not keys.
            "title: \"one\n  two three\"\nnext: x\n",
            "# a \"comment\nnext: x\n",
            "list: [\"a\", 'b']\nnext: x\n",
            // Block scalars are text: a quote in them opens nothing.
            "conditions: |\n  \"Only if\n  owner: signs\nnext: x\n",
            "notes: >-\n  'a\n  b: c\n",
        ] {
            assert_eq!(runaways(ok), [], "{ok}");
        }
    }

    #[test]
    fn a_quote_after_a_block_scalar_is_still_found() {
        let r = runaways("notes: |\n  text\ntitle: \"x\ndate: 2026-01-01\n");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!((r[0].line, r[0].keys.len()), (3, 1));
    }

    #[test]
    fn a_quote_never_closed_is_found_too() {
        let r = runaways("- \"x\n  owner: y\n");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].key, None);
        assert_eq!(r[0].keys, [(2, "owner".into())]);
    }
}
