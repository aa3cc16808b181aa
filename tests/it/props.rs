//! Property tests: any front matter and any Markdown either load or give an error with a
//! line number inside the file; rendering never panics.

use std::path::Path;

use proptest::prelude::*;
use relbook::config::MarkdownConfig;
use relbook::content::{ReleaseFront, RetroFront, Source};
use relbook::markdown;

/// Text built from front-matter-ish pieces, so the parser gets past the first byte.
fn front_matter() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("version: ".to_string()),
        Just("title: ".to_string()),
        Just("date: ".to_string()),
        Just("status: released".to_string()),
        Just("deployment:\n  result: ".to_string()),
        Just("risks:\n  - id: R-1\n    title: x\n".to_string()),
        Just("[".to_string()),
        Just("{".to_string()),
        Just("]".to_string()),
        Just("\"".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("\n".to_string()),
        Just("  ".to_string()),
        Just("2026-02-30".to_string()),
        Just("1.0.0".to_string()),
        "[a-z0-9 :#\\-]{0,12}",
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn lines(text: &str) -> usize {
    text.lines().count().max(1)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_front_matter_loads_or_points_into_the_file(front in front_matter(), toml in any::<bool>()) {
        let delim = if toml { "+++" } else { "---" };
        let file = format!("{delim}\n{front}\n{delim}\nBody\n");
        match Source::split(Path::new("r.md"), &file) {
            Ok(src) => {
                for d in [src.parse::<ReleaseFront>().err(), src.parse::<RetroFront>().err()].into_iter().flatten() {
                    prop_assert!(d.line >= 1 && d.line <= lines(&file), "line {} outside the file: {d}", d.line);
                    prop_assert!(d.col >= 1);
                }
            }
            Err(d) => prop_assert!(d.line >= 1 && d.line <= lines(&file)),
        }
    }

    #[test]
    fn any_markdown_renders(body in any::<String>(), allow in any::<bool>(), pieces in proptest::collection::vec(prop_oneof![
        Just("# H\n"), Just("- [x] a\n"), Just("- [ ] b\n"), Just("| a | b |\n|---|---|\n| 1 | 2 |\n"), Just("[l](../x.md#y)"),
        Just("[j](javascript:x)"), Just("<script>"), Just("```\ncode\n"), Just("[^1]\n\n[^1]: note\n"), Just("~~s~~"), Just("{#id}"),
    ], 0..12)) {
        let text = format!("{}{body}", pieces.concat());
        let links = markdown::Links::default();
        let config = MarkdownConfig { allow_html: allow, ..MarkdownConfig::default() };
        let cx = markdown::Context { path: Path::new("content/releases/x.md"), content_path: Path::new("releases/x.md"), body_line: 4, links: &links, root: "../../", config: &config };
        let (out, diags) = markdown::render(&text, &cx);
        let last = 3 + lines(&text);
        for d in diags {
            prop_assert!(d.line >= 4 && d.line <= last, "line {} outside the body (4..={last})", d.line);
        }
        prop_assert!(out.tasks.done <= out.tasks.total);
        if !allow {
            prop_assert!(!out.html.contains("<script>"));
        }
    }
}
