//! HTML escaping: the one escaper of the site's pages, feeds' HTML, sitemap and charts
//! (Tera's `{{ … }}` uses it too, see `theme`). A leaf: it imports nothing of ours.

/// Escapes text for HTML content and double- or single-quoted attributes. Unlike Tera's
/// default it leaves `/` alone, so URLs stay readable (and checkable) in the output.
pub fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    push_escaped(&mut out, input);
    out
}

/// Appends `text` to `out`, escaped as [`escape`] does.
pub fn push_escaped(out: &mut String, text: &str) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// Escapes `text` as [`escape`] does, and wraps each date (`2025-12-11`) and id
/// (`A-021`) in it in `<span class="nowrap">` so that no line breaks at its hyphen. The
/// one place dates and ids are kept whole: Tera's `unbroken` filter, the native release
/// pages and Markdown bodies use it.
pub fn unbroken(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    push_unbroken(&mut out, text);
    out
}

/// Appends `text` to `out` as [`unbroken`] makes it.
pub fn push_unbroken(out: &mut String, text: &str) {
    let mut done = 0;
    for (i, n) in tokens(text.as_bytes()) {
        push_escaped(out, &text[done..i]);
        out.push_str("<span class=\"nowrap\">");
        out.push_str(&text[i..i + n]);
        out.push_str("</span>");
        done = i + n;
    }
    push_escaped(out, &text[done..]);
}

/// Whether `text` holds a date or an id that [`unbroken`] would wrap.
pub fn has_unbroken(text: &str) -> bool {
    tokens(text.as_bytes()).next().is_some()
}

/// The dates and ids in `b`, as (start, length), left to right. Each holds a hyphen right
/// after the run of digits or capitals it starts with, so only the words before hyphens
/// are looked at (most text has few).
fn tokens(b: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut from = 0;
    memchr::memchr_iter(b'-', b).filter_map(move |h| {
        if h < from {
            return None; // inside the date found last
        }
        // The start of the word that runs up to this hyphen.
        let start = b[..h]
            .iter()
            .rposition(|c| !c.is_ascii_alphanumeric())
            .map_or(0, |p| p + 1);
        let n = token_at(b, start)?;
        from = start + n;
        Some((start, n))
    })
}

/// The length of the date or id that starts a word at `b[i]`, if one does.
fn token_at(b: &[u8], i: usize) -> Option<usize> {
    // Every token starts with a digit or a capital: most bytes are not looked at further.
    let may_start = b[i].is_ascii_digit() || b[i].is_ascii_uppercase();
    let starts_word = i == 0 || !b[i - 1].is_ascii_alphanumeric();
    (may_start && starts_word)
        .then(|| token_len(&b[i..]))
        .flatten()
}

/// The length of the date (`dddd-dd-dd`) or id (`AB-12`) that `b` starts with, if it
/// starts with one that ends at a word's end.
fn token_len(b: &[u8]) -> Option<usize> {
    let run = |from: usize, f: fn(&u8) -> bool| {
        b[from.min(b.len())..].iter().take_while(|c| f(c)).count()
    };
    let digits = run(0, u8::is_ascii_digit);
    let n = if digits == 4
        && b.get(4) == Some(&b'-')
        && run(5, u8::is_ascii_digit) == 2
        && b.get(7) == Some(&b'-')
        && run(8, u8::is_ascii_digit) == 2
    {
        10
    } else {
        let letters = run(0, u8::is_ascii_uppercase);
        let number = run(letters + 1, u8::is_ascii_digit);
        if letters == 0 || b.get(letters) != Some(&b'-') || number == 0 {
            return None;
        }
        letters + 1 + number
    };
    match b.get(n) {
        Some(c) if c.is_ascii_alphanumeric() || *c == b'-' => None,
        _ => Some(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unbroken_wraps_dates_and_ids_and_escapes_the_rest() {
        assert_eq!(
            unbroken("A-021 due 2025-12-11 <b>"),
            "<span class=\"nowrap\">A-021</span> due <span class=\"nowrap\">2025-12-11</span> &lt;b&gt;"
        );
        assert_eq!(
            unbroken("(R-3, 2026-11-24 – 2026-11-26)"),
            "(<span class=\"nowrap\">R-3</span>, <span class=\"nowrap\">2026-11-24</span> – <span class=\"nowrap\">2026-11-26</span>)"
        );
        // Not a date or an id: parts of longer words, lower case, versions, weeks.
        for plain in [
            "xA-1",
            "a-1",
            "A-1x",
            "A-1-2",
            "20250-12-11",
            "2025-12-111",
            "2.0.0",
            "2026-W48",
            "A-",
            "-1",
            "",
            "ü",
        ] {
            assert_eq!(unbroken(plain), escape(plain), "{plain}");
            assert!(!has_unbroken(plain), "{plain}");
        }
        assert!(has_unbroken("see A-1."));
    }

    /// The tokens found by looking at the words before hyphens are those found by
    /// trying every byte, on strings made of the bytes that matter.
    #[test]
    fn tokens_are_those_found_at_every_byte() {
        fn every_byte(b: &[u8]) -> Vec<(usize, usize)> {
            let (mut i, mut found) = (0, Vec::new());
            while i < b.len() {
                match token_at(b, i) {
                    Some(n) => {
                        found.push((i, n));
                        i += n;
                    }
                    None => i += 1,
                }
            }
            found
        }
        let alphabet = b"AB12-- x.0";
        let mut seed = 7u64;
        for len in 0..2000 {
            let text: Vec<u8> = (0..len % 40)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            let found: Vec<_> = tokens(&text).collect();
            assert_eq!(
                found,
                every_byte(&text),
                "{:?}",
                String::from_utf8_lossy(&text)
            );
        }
        assert_eq!(
            tokens(b"2025-12-11 A-1").collect::<Vec<_>>(),
            [(0, 10), (11, 3)]
        );
    }

    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape("a <b> & \"c\" 'd' /e/ ü👩‍👩‍👧"),
            "a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; /e/ ü👩‍👩‍👧"
        );
        let mut out = String::from("x");
        push_escaped(&mut out, "<");
        assert_eq!(out, "x&lt;");
    }
}
