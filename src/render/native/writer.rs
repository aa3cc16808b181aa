//! The writer of native pages: markup, escaped text, numbers, and the built-in macros
//! of `macros.html`, each as Tera writes them.

use std::fmt::Write as _;

use unicode_segmentation::UnicodeSegmentation;

use super::super::views::{ChangeView, Row, Who};
use crate::content::Window;

/// Writes a page: `raw` markup, escaped `text`, numbers, and the built-in macros.
pub(super) struct Html<'o> {
    pub(super) o: &'o mut String,
}

impl Html<'_> {
    /// Markup, as is.
    pub(super) fn raw(&mut self, text: &str) -> &mut Self {
        self.o.push_str(text);
        self
    }

    /// Escaped, as Tera's `{{ … }}` escapes with [`crate::html::escape`].
    pub(super) fn text(&mut self, text: &str) -> &mut Self {
        crate::html::push_escaped(self.o, text);
        self
    }

    /// Escaped, dates and ids kept on one line: Tera's `unbroken` filter.
    pub(super) fn unbroken(&mut self, text: &str) -> &mut Self {
        crate::html::push_unbroken(self.o, text);
        self
    }

    /// A number (or any `Display`), unescaped.
    pub(super) fn num(&mut self, n: impl std::fmt::Display) -> &mut Self {
        let _ = write!(self.o, "{n}");
        self
    }

    pub(super) fn when(&mut self, cond: bool, text: &str) -> &mut Self {
        if cond {
            self.o.push_str(text);
        }
        self
    }

    /// Tera's `truncate(length=n)`: at most n graphemes, then `…`.
    pub(super) fn truncated(&mut self, text: &str, n: usize) -> &mut Self {
        self.cut(text, truncate_at(text, n))
    }

    /// `text` up to `cut` (from [`truncate_at`]) and `…`, or all of it.
    pub(super) fn cut(&mut self, text: &str, cut: Option<usize>) -> &mut Self {
        match cut {
            Some(at) => self.text(&text[..at]).raw("…"),
            None => self.text(text),
        }
    }

    // --- macros.html

    pub(super) fn status(&mut self, s: &str) -> &mut Self {
        self.raw("<span class=\"badge status-").text(s).raw("\">");
        self.text(&s.replace('-', " ")).raw("</span>")
    }

    pub(super) fn result(&mut self, r: Option<&str>) -> &mut Self {
        match r {
            Some(r) => {
                self.raw("<span class=\"badge result-").text(r).raw("\">");
                self.raw(match r {
                    "success" => "✓ ",
                    "failed" => "✕ ",
                    _ => "↺ ",
                });
                self.text(&r.replace('-', " ")).raw("</span>")
            }
            None => self.raw("<span class=\"muted\">—</span>"),
        }
    }

    pub(super) fn who(&mut self, w: &Who, root: &str) -> &mut Self {
        if w.url.is_empty() {
            self.text(w.name)
        } else {
            self.raw("<a href=\"")
                .text(root)
                .text(&w.url)
                .raw("\">")
                .text(w.name)
                .raw("</a>")
        }
    }

    pub(super) fn bar(&mut self, percent: u32, label: &str) -> &mut Self {
        self.raw("<span class=\"bar")
            .when(percent == 100, " full")
            .raw("\" role=\"img\" aria-label=\"")
            .text(label)
            .raw("\"><span style=\"width: ")
            .num(percent)
            .raw("%\"></span></span>")
    }

    pub(super) fn window(&mut self, w: Option<&Window>) -> &mut Self {
        if let Some(w) = w {
            self.unbroken(&w.start.to_string());
            if w.end != w.start {
                self.raw(" – ").unbroken(&w.end.to_string());
            }
        }
        self
    }

    /// `release_table(rows, root)`: dates, not windows (`show_window` left false).
    pub(super) fn release_table(&mut self, rows: &[Row], root: &str) -> &mut Self {
        self.raw("\n<div class=\"table-wrap\"><table class=\"releases\">\n  <thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Title</th><th scope=\"col\">Date</th><th scope=\"col\">Kind</th><th scope=\"col\">Status</th><th scope=\"col\">Deployment</th></tr></thead>\n  <tbody>\n  ");
        for r in rows {
            self.raw("\n    <tr>\n      <td><a href=\"")
                .text(root)
                .text(&r.url)
                .raw("\" class=\"version\">")
                .text(r.version)
                .raw("</a></td>\n      <td>")
                .text(&r.title)
                .raw("</td>\n      <td class=\"nowrap\">")
                .text(r.date.as_deref().unwrap_or("—"))
                .raw("</td>\n      <td>")
                .text(r.kind.unwrap_or(""))
                .raw("</td>\n      <td>")
                .status(r.status)
                .raw("</td>\n      <td>")
                .result(r.result)
                .raw("</td>\n    </tr>\n  ");
        }
        self.raw("\n  </tbody>\n</table></div>\n")
    }

    pub(super) fn toc(&mut self, entries: &[crate::markdown::TocEntry]) -> &mut Self {
        if entries.len() > 1 {
            self.raw(
                "\n<nav class=\"toc\" aria-label=\"On this page\"><h2>On this page</h2><ul>\n",
            );
            for e in entries {
                self.raw("<li class=\"toc-")
                    .num(e.level)
                    .raw("\"><a href=\"#");
                self.text(&e.id).raw("\">").text(&e.title).raw("</a></li>");
            }
            self.raw("\n</ul></nav>");
        }
        self
    }

    pub(super) fn change(&mut self, c: &ChangeView, badge: bool) -> &mut Self {
        self.raw("<li>");
        if badge && c.breaking {
            self.raw("<span class=\"badge result-failed\">breaking</span> ");
        }
        if let Some(kind) = &c.kind {
            self.raw("<span class=\"badge kind\">")
                .text(kind)
                .raw("</span> ");
        }
        if let Some(scope) = &c.scope {
            if !scope.is_empty() {
                self.raw("<strong>").text(scope).raw(":</strong> ");
            }
        }
        self.raw(&c.html).raw(" ");
        match &c.url {
            Some(url) if !url.is_empty() => {
                self.raw("<a class=\"sha\" href=\"")
                    .text(url)
                    .raw("\"><code>");
                self.text(&c.short).raw("</code></a>")
            }
            _ => self
                .raw("<code class=\"sha\">")
                .text(&c.short)
                .raw("</code>"),
        };
        self.raw("</li>")
    }
}

/// Where Tera's `truncate(length=n)` cuts `text`: after n graphemes, if it has more.
pub(super) fn truncate_at(text: &str, n: usize) -> Option<usize> {
    if text.len() <= n {
        // Fewer bytes than n: fewer graphemes too.
        return None;
    }
    // Up to the cut, ASCII without a carriage return (which makes one grapheme with the
    // line feed after it): a byte a grapheme, as most summaries are.
    let head = &text.as_bytes()[..=n];
    if head.is_ascii() && !head.contains(&b'\r') {
        return Some(n);
    }
    text.grapheme_indices(true).nth(n).map(|(at, _)| at)
}

#[cfg(test)]
mod tests {
    use super::truncate_at;
    use unicode_segmentation::UnicodeSegmentation;

    #[test]
    fn ascii_is_cut_where_graphemes_cut_it() {
        let by_graphemes = |t: &str, n| t.grapheme_indices(true).nth(n).map(|(at, _)| at);
        for t in [
            "abc",
            "abcd",
            "ab\r\ncd",
            "a\r\nbcdef",
            "abc\u{301}d",
            "abcé",
            "\r\n\r\n\r\n",
        ] {
            for n in 0..6 {
                assert_eq!(truncate_at(t, n), by_graphemes(t, n), "{t:?} at {n}");
            }
        }
    }
}
