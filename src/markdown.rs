//! Markdown to HTML with pulldown-cmark: GFM extensions, heading ids and a table of
//! contents, task counting, raw HTML escaped unless allowed, unsafe URL schemes dropped,
//! and relative links between content files rewritten to page URLs.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::config::MarkdownConfig;
use crate::error::{line_col, Diagnostic};

/// One heading in a page's table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Done and total task-list items (`- [x]` / `- [ ]`).
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Tasks {
    pub done: u32,
    pub total: u32,
}

impl Tasks {
    /// Whole percent done, rounded down (0 when there are no items).
    pub fn percent(self) -> u32 {
        (u64::from(self.done) * 100)
            .checked_div(u64::from(self.total))
            .map_or(0, |p| p as u32)
    }

    pub fn complete(self) -> bool {
        self.total > 0 && self.done == self.total
    }
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub tasks: Tasks,
    /// Plain text of the first paragraph.
    pub summary: String,
    /// Plain text of the whole body, for the search index (from its first [`TEXT_LIMIT`]
    /// bytes; [`render_meta`] keeps its distinct words).
    pub text: String,
}

/// How much of a body's text goes into the search index.
pub const TEXT_LIMIT: usize = 800;

/// Content file (relative to the content folder) → its page, such as `releases/2.3.0/`:
/// one entry a content file (Fx: hashed often, on the site's own paths).
pub type Links = rustc_hash::FxHashMap<PathBuf, String>;

/// What a body needs to know about where it is rendered.
pub struct Context<'a> {
    /// The file, relative to the site root (for messages).
    pub path: &'a Path,
    /// The file, relative to the content folder (for resolving relative links).
    pub content_path: &'a Path,
    /// 1-based line where the body starts in the file.
    pub body_line: usize,
    /// Content file (relative to the content folder) → page path such as `releases/2.3.0/`.
    pub links: &'a Links,
    /// Prefix from the page to the site root, such as `../../`.
    pub root: &'a str,
    pub config: &'a MarkdownConfig,
}

/// Lowercase, ASCII-safe-ish id for a heading.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug.to_string()
    }
}

const DANGEROUS_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:", "file:"];

/// Is `url` one a browser would run as script (or otherwise must not follow)?
pub fn is_dangerous_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    DANGEROUS_SCHEMES.iter().any(|s| cleaned.starts_with(s)) && !cleaned.starts_with("data:image/")
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => {
            url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && i > 0
        }
        None => false,
    }
}

/// Resolves `rel` against the folder of `from`, refusing to climb out of the content folder.
fn resolve(from: &Path, rel: &str) -> Option<PathBuf> {
    let mut out: Vec<String> = from
        .parent()
        .map(|p| {
            p.components()
                .filter_map(|c| c.as_os_str().to_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    for comp in Path::new(rel).components() {
        match comp {
            Component::Normal(s) => out.push(s.to_str()?.to_string()),
            Component::ParentDir => {
                out.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out.iter().collect())
}

/// Longer words (hashes, URLs run together) are not indexed.
pub const MAX_WORD: usize = 32;

/// Calls `f` with each word of `text`, lowercased: runs of letters and digits, as
/// `relbook.js` splits a query (`/[\p{Alphabetic}\p{N}]+/gu`, `toLowerCase`).
pub fn words(text: &str, mut f: impl FnMut(&str)) {
    if text.is_ascii() {
        // Most text: split on bytes, no Unicode tables.
        let mut word = String::with_capacity(MAX_WORD);
        for (start, end) in ascii_runs(text.as_bytes()) {
            if end - start <= MAX_WORD {
                word.clear();
                word.push_str(&text[start..end]);
                word.make_ascii_lowercase();
                f(&word);
            }
        }
        return;
    }
    words_by_char(text, f);
}

/// Where each run of ASCII letters and digits in `bytes` starts and ends.
fn ascii_runs(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + bytes[at..].iter().position(u8::is_ascii_alphanumeric)?;
        let end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |n| start + n);
        at = end;
        Some((start, end))
    })
}

/// [`words`], a character at a time: any text.
fn words_by_char(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        if !word.is_empty() && (word.len() <= MAX_WORD || word.chars().count() <= MAX_WORD) {
            f(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii() {
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

/// The distinct words of `text` ([`words`]), in the order they first occur, one space
/// apart: what the search index takes of a text, in less room.
pub fn word_set(text: &str) -> String {
    if text.is_ascii() {
        // Most text: the words are slices of the text lowercased once.
        let lower = text.to_ascii_lowercase();
        let mut seen = rustc_hash::FxHashSet::default();
        let mut out = String::with_capacity(lower.len());
        for (start, end) in ascii_runs(lower.as_bytes()) {
            let w = &lower[start..end];
            if w.len() <= MAX_WORD && seen.insert(w) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(w);
            }
        }
        return out;
    }
    word_set_of_words(text)
}

/// [`word_set`] from [`words`]: any text.
fn word_set_of_words(text: &str) -> String {
    // Every word, each followed by a space (words have none), then the first of each.
    let mut all = String::with_capacity(text.len() + 1);
    words(text, |w| {
        all.push_str(w);
        all.push(' ');
    });
    let mut seen = rustc_hash::FxHashSet::default();
    let mut out = String::with_capacity(all.len());
    for w in all.split_terminator(' ') {
        if seen.insert(w) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// Renders `body`; problems such as links to missing files come back as diagnostics.
pub fn render(body: &str, cx: &Context) -> (Rendered, Vec<Diagnostic>) {
    render_with(body, cx, Want::Html)
}

/// What lists and the search index need of `body`, for the bodies whose HTML is made
/// again when their page is written (see `Site::release_rendered`), so that the model never
/// holds a large site's release notes all at once: everything [`render`] finds but its
/// HTML and table of contents (left empty, made with the page), with its text as its
/// distinct words ([`word_set`]).
pub fn render_meta(body: &str, cx: &Context) -> (Rendered, Vec<Diagnostic>) {
    render_with(body, cx, Want::Meta)
}

/// All of [`render`] and [`render_meta`] at once: the HTML and table of contents, with
/// the text as its distinct words. For a body that the model keeps whole, whose page
/// is then written without reading its file again.
pub fn render_kept(body: &str, cx: &Context) -> (Rendered, Vec<Diagnostic>) {
    render_with(body, cx, Want::Kept)
}

/// What a checklist keeps of its body until its page is written: its task counts (and
/// the problems [`render`] finds), nothing else of [`Rendered`].
pub fn render_tasks(body: &str, cx: &Context) -> (Rendered, Vec<Diagnostic>) {
    render_with(body, cx, Want::Tasks)
}

/// How much of [`Rendered`] to make.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Html,
    /// All but the HTML and table of contents.
    Meta,
    /// The task counts alone.
    Tasks,
    /// Both `Html` and `Meta`.
    Kept,
}

fn render_with(body: &str, cx: &Context, want: Want) -> (Rendered, Vec<Diagnostic>) {
    let mut opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if cx.config.smart_punctuation {
        opts |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let mut diags = Vec::new();
    let mut out = Rendered::default();
    // The events are kept for the HTML alone (the headings get their ids in them).
    let html_wanted = matches!(want, Want::Html | Want::Kept);
    let text_wanted = want != Want::Tasks;
    let mut events: Vec<Event> = Vec::with_capacity(if html_wanted { body.len() / 8 } else { 0 });
    let mut heading_start: Option<usize> = None;
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut summary_state = 0u8; // 0 = before first paragraph, 1 = in it, 2 = done

    let at = |offset: usize| {
        let (line, col) = line_col(body, offset);
        (cx.body_line + line - 1, col)
    };

    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::Heading { .. }) if html_wanted => {
                heading_start = Some(events.len());
                event
            }
            Event::End(TagEnd::Heading(level)) if html_wanted => {
                if let Some(start) = heading_start.take() {
                    finish_heading(
                        &mut events,
                        start,
                        level,
                        &mut used_ids,
                        &mut out.toc,
                        cx.config.toc_depth,
                    );
                }
                event
            }
            Event::Start(Tag::Paragraph) if summary_state == 0 => {
                summary_state = 1;
                event
            }
            Event::End(TagEnd::Paragraph) if summary_state == 1 => {
                summary_state = 2;
                event
            }
            Event::Html(raw) | Event::InlineHtml(raw) if !cx.config.allow_html => Event::Text(raw),
            Event::TaskListMarker(done) => {
                out.tasks.total += 1;
                out.tasks.done += u32::from(done);
                event
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite_url(dest_url, cx, || at(range.start), &mut diags);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite_url(dest_url, cx, || at(range.start), &mut diags);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => other,
        };
        if !text_wanted {
            continue;
        }
        if let Event::Text(t) | Event::Code(t) = &event {
            if out.text.len() < TEXT_LIMIT {
                out.text.push_str(t);
                out.text.push(' ');
            }
        }
        if summary_state == 1 {
            if let Event::Text(t) | Event::Code(t) = &event {
                out.summary.push_str(t);
            } else if matches!(event, Event::SoftBreak | Event::HardBreak) {
                out.summary.push(' ');
            }
        }
        if !html_wanted {
            continue;
        }
        // A wide table scrolls inside its own box, not the page (phones).
        let table_end = matches!(event, Event::End(TagEnd::Table));
        if matches!(event, Event::Start(Tag::Table(_))) {
            events.push(Event::Html(CowStr::Borrowed(
                "<div class=\"table-wrap\">\n",
            )));
        }
        events.push(event);
        if table_end {
            events.push(Event::Html(CowStr::Borrowed("</div>\n")));
        }
    }
    if html_wanted {
        out.html.reserve(body.len() * 3 / 2);
        html::push_html(&mut out.html, unbroken(events));
    }
    if matches!(want, Want::Meta | Want::Kept) {
        out.text = word_set(&out.text);
    }
    // Bodies are kept until their pages are written: keep only what they hold (a copy,
    // since an allocator may shrink a block in place and keep all of it).
    for s in [&mut out.html, &mut out.text, &mut out.summary] {
        if s.capacity() > s.len() {
            *s = s.as_str().to_owned();
        }
    }
    (out, diags)
}

/// The events with each text that holds a date or an id as HTML that keeps them on one
/// line ([`crate::html::unbroken`]); not in code blocks or images' alt text.
fn unbroken(events: Vec<Event>) -> impl Iterator<Item = Event> {
    let mut plain = 0u32; // inside a code block or an image
    events.into_iter().map(move |event| match event {
        Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => {
            plain += 1;
            event
        }
        Event::End(TagEnd::CodeBlock | TagEnd::Image) => {
            plain = plain.saturating_sub(1);
            event
        }
        Event::Text(t) if plain == 0 && crate::html::has_unbroken(&t) => {
            Event::InlineHtml(crate::html::unbroken(&t).into())
        }
        other => other,
    })
}

fn finish_heading(
    events: &mut [Event],
    start: usize,
    level: HeadingLevel,
    used: &mut HashSet<String>,
    toc: &mut Vec<TocEntry>,
    toc_depth: u8,
) {
    let mut title = String::new();
    for e in &events[start + 1..] {
        if let Event::Text(t) | Event::Code(t) = e {
            title.push_str(t);
        }
    }
    let Event::Start(Tag::Heading { id, .. }) = &mut events[start] else {
        return;
    };
    let chosen = match id {
        Some(given) => given.to_string(),
        None => {
            let base = slugify(&title);
            let mut candidate = base.clone();
            let mut n = 1;
            while used.contains(&candidate) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            *id = Some(CowStr::from(candidate.clone()));
            candidate
        }
    };
    used.insert(chosen.clone());
    let level = level as u8;
    if level <= toc_depth {
        toc.push(TocEntry {
            level,
            id: chosen,
            title,
        });
    }
}

fn rewrite_url<'a>(
    url: CowStr<'a>,
    cx: &Context,
    at: impl Fn() -> (usize, usize),
    diags: &mut Vec<Diagnostic>,
) -> CowStr<'a> {
    if has_scheme(&url) {
        if !cx.config.allow_html && is_dangerous_url(&url) {
            let (line, col) = at();
            diags.push(Diagnostic::warning(
                cx.path,
                line,
                col,
                format!("link to `{url}` dropped: script and data URLs are not allowed"),
            ));
            return CowStr::from("#");
        }
        return url;
    }
    if url.starts_with('/') || url.starts_with('#') || url.is_empty() {
        return url;
    }
    let (path_part, fragment) = match url.find('#') {
        Some(i) => (&url[..i], &url[i..]),
        None => (&url[..], ""),
    };
    if !path_part.ends_with(".md") {
        return url;
    }
    match resolve(cx.content_path, path_part).and_then(|p| cx.links.get(&p)) {
        Some(page) => CowStr::from(format!("{}{}{}", cx.root, page, fragment)),
        None => {
            let (line, col) = at();
            diags.push(Diagnostic::error(
                cx.path,
                line,
                col,
                format!("link to `{path_part}` does not match any content file"),
            ));
            url
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_with(body: &str, allow_html: bool) -> (Rendered, Vec<Diagnostic>) {
        let mut links = Links::default();
        links.insert(
            PathBuf::from("releases/2.3.0.md"),
            "releases/2.3.0/".to_string(),
        );
        let config = MarkdownConfig {
            allow_html,
            ..MarkdownConfig::default()
        };
        let cx = Context {
            path: Path::new("content/retrospectives/2.3.0.md"),
            content_path: Path::new("retrospectives/2.3.0.md"),
            body_line: 5,
            links: &links,
            root: "../../",
            config: &config,
        };
        render(body, &cx)
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let (r, _) = render_with(
            "## What went well\n\n## What went well\n\n### Deep `code`\n\n#### Too deep\n",
            false,
        );
        assert!(r.html.contains(r#"<h2 id="what-went-well">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="what-went-well-1">"#));
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["what-went-well", "what-went-well-1", "deep-code"]);
    }

    #[test]
    fn counts_tasks() {
        let (r, _) = render_with("- [x] one\n- [ ] two\n- [X] three\n- plain\n", false);
        assert_eq!(r.tasks, Tasks { done: 2, total: 3 });
        assert_eq!(r.tasks.percent(), 66);
    }

    #[test]
    fn escapes_raw_html_unless_allowed() {
        let (r, _) = render_with("Hi <script>alert(1)</script>\n", false);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        let (r, _) = render_with("Hi <b>bold</b>\n", true);
        assert!(r.html.contains("<b>bold</b>"));
    }

    #[test]
    fn rewrites_content_links_and_reports_broken_ones() {
        let (r, d) = render_with(
            "See [notes](../releases/2.3.0.md#fixes) and [x](../releases/9.md).\n",
            false,
        );
        assert!(
            r.html.contains(r#"href="../../releases/2.3.0/#fixes""#),
            "{}",
            r.html
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 5);
        assert!(d[0].message.contains("../releases/9.md"));
    }

    #[test]
    fn drops_script_urls() {
        let (r, d) = render_with(
            "[x](javascript:alert(1)) [y]( JaVaScRiPt:alert(1))\n",
            false,
        );
        assert!(!r.html.to_lowercase().contains("javascript:"), "{}", r.html);
        assert!(!d.is_empty());
    }

    #[test]
    fn ascii_words_split_as_any_text_does() {
        use proptest::prelude::*;
        fn all(fast: bool, text: &str) -> Vec<String> {
            let mut v = Vec::new();
            let push = |w: &str| v.push(w.to_string());
            if fast {
                words(text, push);
            } else {
                words_by_char(text, push);
            }
            v
        }
        proptest!(|(text in "[ -~\t\n]{0,80}")| {
            prop_assert_eq!(all(true, &text), all(false, &text));
            prop_assert_eq!(word_set(&text), word_set_of_words(&text));
        });
        // Words at the text's ends, of the longest length kept and one longer.
        let edges = format!("{0}x {0} a {0}xy {0}", "Q".repeat(MAX_WORD - 1));
        assert_eq!(all(true, &edges), all(false, &edges));
        assert_eq!(word_set(&edges), word_set_of_words(&edges));
        assert_eq!(
            word_set(&edges).split(' ').count(),
            3,
            "{}",
            word_set(&edges)
        );
        let long = format!("Ab {} c-D é", "x".repeat(MAX_WORD + 1));
        assert_eq!(all(true, &long), ["ab", "c", "d", "é"]);
    }

    #[test]
    fn word_set_keeps_each_word_once_in_first_order() {
        assert_eq!(
            word_set("The cat, the CAT and the Ünï ünï 2.3"),
            "the cat and ünï 2 3"
        );
        assert_eq!(word_set(" ,. "), "");
    }

    #[test]
    fn meta_tasks_and_kept_are_what_a_full_render_finds() {
        let body = "# Go\n\nFirst [x](../releases/9.md) line.\n\n| a |\n|---|\n| b |\n\n- [x] one\n- [ ] two\n\n## Go\n";
        let (full, full_d) = render_with(body, false);
        let links = Links::default();
        let config = MarkdownConfig::default();
        let cx = Context {
            path: Path::new("content/checklists/1.0.0-go.md"),
            content_path: Path::new("checklists/1.0.0-go.md"),
            body_line: 5,
            links: &links,
            root: "../../",
            config: &config,
        };
        assert_eq!(full.toc.len(), 2);
        assert_eq!(full.tasks, Tasks { done: 1, total: 2 });
        let (meta, meta_d) = render_meta(body, &cx);
        assert_eq!((meta.html.as_str(), meta.toc.len()), ("", 0));
        assert_eq!((meta.tasks, &meta.summary), (full.tasks, &full.summary));
        assert_eq!(meta.text, word_set(&full.text));
        let (tasks, tasks_d) = render_tasks(body, &cx);
        assert_eq!(tasks.tasks, full.tasks);
        assert!(tasks.html.is_empty() && tasks.summary.is_empty() && tasks.text.is_empty());
        // Kept: the full render's HTML and contents, the meta render's text.
        let (kept, kept_d) = render_kept(body, &cx);
        assert_eq!((&kept.html, &kept.toc), (&full.html, &full.toc));
        assert_eq!((kept.tasks, &kept.summary), (full.tasks, &full.summary));
        assert_eq!(kept.text, meta.text);
        // The broken link, at the same place, whatever is made.
        let at = |d: &[Diagnostic]| d.iter().map(|d| (d.line, d.col)).collect::<Vec<_>>();
        assert_eq!(at(&full_d), [(7, 7)]);
        assert_eq!((at(&meta_d), at(&tasks_d)), (at(&full_d), at(&full_d)));
        assert_eq!(at(&kept_d), at(&full_d));
    }

    #[test]
    fn summary_is_the_first_paragraph() {
        let (r, _) = render_with("# T\n\nFirst *para*\ncontinues.\n\nSecond.\n", false);
        assert_eq!(r.summary, "First para continues.");
    }
}
