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

#[cfg(test)]
mod tests {
    use super::*;

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
