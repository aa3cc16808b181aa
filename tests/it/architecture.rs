//! Architecture rules, checked on the source text under `src/`: the dependency graph of
//! the top-level modules (no cycle, no layer reaching up), file length and function length.
//!
//! The parsing is textual and std only. It relies on the code being rustfmt-formatted;
//! comments and string literals are blanked out before anything is looked at.
//!
//! Choices:
//! - A module is a top-level module of the crate: `src/foo.rs` and everything under
//!   `src/foo/` are `foo`. `lib.rs` and `main.rs` are the roots and belong to none.
//! - An edge A -> B is any `crate::B` in a file of A: in `use` items (brace groups
//!   included, over several lines) and in inline paths. `super::` never leaves the
//!   top-level module it is written in, so it is not looked at.
//! - `#[cfg(test)]` modules written inside a file count like the rest of the file: a
//!   test inside `config` that needs `render` is still `config` depending on `render`.
//!   The one exception are sibling test files, `src/<module>/tests.rs` (as
//!   `src/kpi/tests.rs`): they are fixtures for their module and may import anything.
//! - Lengths count every line of a `.rs` file, blank lines and comments included.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Lower-layer modules: they may import nothing from [`UPPER`]. A name without a module
/// yet (`dora`, to come out of `kpi`) is allowed here and simply matches nothing.
const LOWER: &[&str] = &["config", "content", "dora", "kpi", "chart"];
/// The presentation and command layers.
const UPPER: &[&str] = &["render", "serve", "cmd"];
/// The only modules `config` may import from (leaves of the graph).
const CONFIG_MAY_IMPORT: &[&str] = &["error", "dora", "content"];
/// Single edges that must not exist, as (from, to).
const FORBIDDEN: &[(&str, &str)] = &[("chart", "theme")];
/// Longest `.rs` file under `src/`, in lines.
const MAX_FILE_LINES: usize = 800;
/// Longest function, from its `fn` line to its closing `}` inclusive.
const MAX_FN_LINES: usize = 150;

/// One `.rs` file under `src/`.
struct Source {
    /// Path from the manifest directory, with `/`: `src/render/native.rs`.
    path: String,
    /// The text with comments and string literal contents blanked (lines kept).
    code: String,
    /// Number of lines of the file as written.
    lines: usize,
}

/// Every `.rs` file under `src/`, sorted by path.
fn sources() -> Vec<Source> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    walk(&root.join("src"), &mut paths);
    paths.sort();
    assert!(
        !paths.is_empty(),
        "no .rs file under {}/src",
        root.display()
    );
    paths
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let rel = p.strip_prefix(root).unwrap();
            let path = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            Source {
                path,
                code: strip_comments_and_strings(&text),
                lines: text.lines().count(),
            }
        })
        .collect()
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The top-level module a path under `src/` belongs to; `None` for the crate roots.
fn module_of(path: &str) -> Option<&str> {
    let rel = path.strip_prefix("src/").unwrap_or(path);
    let first = rel.split('/').next()?;
    match first {
        "lib.rs" | "main.rs" => None,
        _ => Some(first.strip_suffix(".rs").unwrap_or(first)),
    }
}

/// A sibling test file, `src/<module>/tests.rs`, which may import anything.
fn is_sibling_tests(path: &str) -> bool {
    let rel = path.strip_prefix("src/").unwrap_or(path);
    rel.contains('/') && rel.ends_with("/tests.rs")
}

/// `src` with every comment and the contents of every string and char literal replaced by
/// spaces. Newlines and byte offsets are kept, so line numbers stay right.
fn strip_comments_and_strings(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut [u8], from: usize, to: usize| {
        for c in &mut out[from..to.min(b.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        let next = b.get(i + 1).copied();
        match b[i] {
            b'/' if next == Some(b'/') => {
                let end = src[i..].find('\n').map_or(b.len(), |n| i + n);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if next == Some(b'*') => {
                let (mut depth, mut j) = (1, i + 2);
                while j < b.len() && depth > 0 {
                    if b[j..].starts_with(b"/*") {
                        depth += 1;
                        j += 2;
                    } else if b[j..].starts_with(b"*/") {
                        depth -= 1;
                        j += 2;
                    } else {
                        j += 1;
                    }
                }
                blank(&mut out, i, j);
                i = j;
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                blank(&mut out, i + 1, j);
                i = j + 1;
            }
            // A raw string, `r"…"`, `r#"…"#`, `br"…"`; not an identifier ending in r.
            b'r' if i == 0
                || !is_ident(b[i - 1])
                || (b[i - 1] == b'b' && (i == 1 || !is_ident(b[i - 2]))) =>
            {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let start = i + 2 + hashes;
                let mut close = vec![b'"'];
                close.resize(1 + hashes, b'#');
                let end = b[start..]
                    .windows(close.len())
                    .position(|w| w == close.as_slice())
                    .map_or(b.len(), |n| start + n);
                blank(&mut out, start, end);
                i = end + close.len();
            }
            // A char literal, `'x'`, `'\n'`, `'\u{1F600}'`; a lifetime or label is kept.
            b'\'' => {
                if next == Some(b'\\') {
                    let mut j = i + 3;
                    while j < b.len() && b[j] != b'\'' {
                        j += 1;
                    }
                    blank(&mut out, i + 1, j);
                    i = j + 1;
                } else if let Some(c) = src[i + 1..].chars().next() {
                    let end = i + 1 + c.len_utf8();
                    if b.get(end) == Some(&b'\'') {
                        blank(&mut out, i + 1, end);
                        i = end + 1;
                    } else {
                        i += 1;
                    }
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    String::from_utf8(out).expect("only whole characters are blanked")
}

/// Every name right after `crate::` in stripped code, with its 1-based line: the first
/// segment of a path, or each first segment of a `crate::{…}` group.
fn crate_refs(code: &str) -> Vec<(String, usize)> {
    let b = code.as_bytes();
    let line_of = |pos: usize| b[..pos].iter().filter(|&&c| c == b'\n').count() + 1;
    let skip_ws = |mut j: usize| {
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        j
    };
    let ident_at = |j: usize| {
        let n = b[j..].iter().take_while(|&&c| is_ident(c)).count();
        &code[j..j + n]
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(n) = code[from..].find("crate") {
        let at = from + n;
        from = at + "crate".len();
        if (at > 0 && is_ident(b[at - 1])) || b.get(from).is_some_and(|&c| is_ident(c)) {
            continue;
        }
        let j = skip_ws(from);
        if !b[j..].starts_with(b"::") {
            continue;
        }
        let j = skip_ws(j + 2);
        if b.get(j) != Some(&b'{') {
            let name = ident_at(j);
            if !name.is_empty() {
                out.push((name.to_string(), line_of(j)));
            }
            continue;
        }
        // A group: the names at depth 1 that open the group or follow a comma.
        let (mut depth, mut expect, mut k) = (0, false, j);
        while k < b.len() {
            match b[k] {
                b'{' => {
                    depth += 1;
                    expect = depth == 1;
                }
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b',' => expect = depth == 1,
                c if c.is_ascii_whitespace() => {}
                c if is_ident(c) && expect => {
                    let name = ident_at(k);
                    out.push((name.to_string(), line_of(k)));
                    k += name.len();
                    expect = false;
                    continue;
                }
                _ => expect = false,
            }
            k += 1;
        }
        from = k.max(from);
    }
    out
}

/// Edges between top-level modules: from -> to -> every `path:line` that makes the edge.
type Graph = BTreeMap<String, BTreeMap<String, Vec<String>>>;

fn module_graph(sources: &[Source]) -> Graph {
    let modules: BTreeSet<&str> = sources.iter().filter_map(|s| module_of(&s.path)).collect();
    let mut graph = Graph::new();
    for s in sources {
        let Some(from) = module_of(&s.path) else {
            continue;
        };
        graph.entry(from.to_string()).or_default();
        if is_sibling_tests(&s.path) {
            continue;
        }
        for (to, line) in crate_refs(&s.code) {
            // Items of the crate root (`crate::Foo`) and the module itself are no edge.
            if to != from && modules.contains(to.as_str()) {
                graph
                    .entry(from.to_string())
                    .or_default()
                    .entry(to)
                    .or_default()
                    .push(format!("{}:{line}", s.path));
            }
        }
    }
    graph
}

/// Every elementary cycle, each once, starting at its smallest module: `[a, b, c]` is
/// a -> b -> c -> a.
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    fn walk<'a>(
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        start: &'a str,
        path: &mut Vec<&'a str>,
        out: &mut Vec<Vec<String>>,
    ) {
        let last = *path.last().unwrap();
        for next in edges.get(last).into_iter().flatten() {
            if next == start {
                out.push(path.iter().map(|s| s.to_string()).collect());
            } else if next.as_str() > start && !path.contains(&next.as_str()) {
                path.push(next);
                walk(edges, start, path, out);
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    for start in edges.keys() {
        walk(edges, start, &mut vec![start.as_str()], &mut out);
    }
    out
}

/// Every problem of the graph against the rules above, one message each.
fn graph_problems(graph: &Graph) -> Vec<String> {
    let mut problems = Vec::new();
    let edges: BTreeMap<String, BTreeSet<String>> = graph
        .iter()
        .map(|(from, to)| (from.clone(), to.keys().cloned().collect()))
        .collect();
    let at = |from: &str, to: &str| graph[from][to].join(", ");
    for cycle in cycles(&edges) {
        let mut msg = format!("cycle: {} -> {}", cycle.join(" -> "), cycle[0]);
        for (i, from) in cycle.iter().enumerate() {
            let to = &cycle[(i + 1) % cycle.len()];
            msg += &format!("\n    {from} -> {to}: {}", at(from, to));
        }
        problems.push(msg);
    }
    for (from, tos) in graph {
        for to in tos.keys() {
            let (f, t) = (from.as_str(), to.as_str());
            if LOWER.contains(&f) && UPPER.contains(&t) {
                problems.push(format!(
                    "{f} -> {t}: {f} may not import from {}: {}",
                    UPPER.join(", "),
                    at(f, t)
                ));
            }
            if f == "config" && !CONFIG_MAY_IMPORT.contains(&t) {
                problems.push(format!(
                    "{f} -> {t}: config may import only from {}: {}",
                    CONFIG_MAY_IMPORT.join(", "),
                    at(f, t)
                ));
            }
            if FORBIDDEN.contains(&(f, t)) {
                problems.push(format!("{f} -> {t}: forbidden edge: {}", at(f, t)));
            }
        }
    }
    problems
}

/// The name of the function an item line declares: optional visibility, `const`,
/// `async`, `unsafe`, `extern "abi"`, then `fn name`.
fn fn_name(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    if let Some(r) = rest.strip_prefix("pub") {
        let r = match r.strip_prefix('(') {
            Some(r) => &r[r.find(')')? + 1..],
            None => r,
        };
        if !r.starts_with(' ') {
            return None;
        }
        rest = r.trim_start();
    }
    loop {
        if let Some(r) = ["const ", "async ", "unsafe "]
            .iter()
            .find_map(|kw| rest.strip_prefix(kw))
        {
            rest = r.trim_start();
        } else if let Some(r) = rest.strip_prefix("extern ") {
            rest = r.trim_start();
            if let Some(r) = rest.strip_prefix('"') {
                rest = r[r.find('"')? + 1..].trim_start();
            }
        } else {
            break;
        }
    }
    let r = rest.strip_prefix("fn ")?.trim_start();
    let n = r.bytes().take_while(|&c| is_ident(c)).count();
    (n > 0).then(|| &r[..n])
}

/// A function with a body: its name, 1-based line, and length in lines (`None` when no
/// closing `}` at its indentation was found).
#[derive(Debug, PartialEq)]
struct Function {
    name: String,
    line: usize,
    len: Option<usize>,
}

/// Every function with a body in stripped, rustfmt-formatted code. It ends at the first
/// later line that is its own indentation followed by `}`; a signature ending in `;` (a
/// trait declaration) is skipped.
fn functions(code: &str) -> Vec<Function> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = fn_name(line) else {
            continue;
        };
        let indent = &line[..line.len() - line.trim_start().len()];
        let close = format!("{indent}}}");
        for (j, sig) in lines.iter().enumerate().skip(i) {
            let sig = sig.trim_end();
            let len = if sig.ends_with(';') {
                break;
            } else if sig.ends_with('}') {
                Some(j - i + 1)
            } else if sig.ends_with('{') {
                lines[j + 1..]
                    .iter()
                    .position(|l| l.trim_end() == close)
                    .map(|n| j + 1 + n - i + 1)
            } else {
                continue;
            };
            out.push(Function {
                name: name.to_string(),
                line: i + 1,
                len,
            });
            break;
        }
    }
    out
}

#[test]

fn module_dependencies() {
    let problems = graph_problems(&module_graph(&sources()));
    assert!(
        problems.is_empty(),
        "{} module dependency problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]

fn file_length() {
    let long: Vec<String> = sources()
        .iter()
        .filter(|s| s.lines > MAX_FILE_LINES)
        .map(|s| format!("{}: {} lines", s.path, s.lines))
        .collect();
    assert!(
        long.is_empty(),
        "{} file(s) longer than {MAX_FILE_LINES} lines:\n{}",
        long.len(),
        long.join("\n")
    );
}

#[test]

fn function_length() {
    let mut long = Vec::new();
    for s in sources() {
        for f in functions(&s.code) {
            match f.len {
                Some(n) if n <= MAX_FN_LINES => {}
                Some(n) => long.push(format!("{}:{} fn {}: {n} lines", s.path, f.line, f.name)),
                None => long.push(format!(
                    "{}:{} fn {}: no closing `}}` at its indentation",
                    s.path, f.line, f.name
                )),
            }
        }
    }
    assert!(
        long.is_empty(),
        "{} function(s) longer than {MAX_FN_LINES} lines:\n{}",
        long.len(),
        long.join("\n")
    );
}

mod tests {
    use super::*;

    fn names(code: &str) -> Vec<String> {
        crate_refs(&strip_comments_and_strings(code))
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    fn graph(edges: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
        let mut g = BTreeMap::<String, BTreeSet<String>>::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
            g.entry(b.to_string()).or_default();
        }
        g
    }

    #[test]
    fn modules_of_paths() {
        assert_eq!(module_of("src/config.rs"), Some("config"));
        assert_eq!(module_of("src/render/pages/x.rs"), Some("render"));
        assert_eq!(module_of("src/cmd/mod.rs"), Some("cmd"));
        assert_eq!(module_of("src/lib.rs"), None);
        assert_eq!(module_of("src/main.rs"), None);
        assert!(is_sibling_tests("src/kpi/tests.rs"));
        assert!(!is_sibling_tests("src/tests.rs"));
        assert!(!is_sibling_tests("src/kpi.rs"));
    }

    #[test]
    fn use_groups_over_several_lines() {
        let code = "use crate::{\n    a,\n    b::{c, d},\n};\nuse crate::{e::X, f as g};\n";
        assert_eq!(names(code), ["a", "b", "e", "f"]);
        assert_eq!(
            crate_refs(code).iter().map(|(_, l)| *l).collect::<Vec<_>>(),
            [2, 3, 5, 5]
        );
    }

    #[test]
    fn plain_uses_and_inline_paths() {
        let code = "use crate::a::X;\nuse crate::b;\nuse crate::c::*;\n\
                    fn f() { crate::d::g(crate :: e::h()); }\npub(crate) fn i() {}\n\
                    fn j(x: &[crate::k::T]) {}\n";
        assert_eq!(names(code), ["a", "b", "c", "d", "e", "k"]);
    }

    #[test]
    fn comments_and_strings_are_ignored() {
        let code = r####"
            // use crate::a;
            /// [`x`](crate::b::x)
            //! crate::c
            /* crate::d /* nested crate::e */ crate::f */
            let s = "crate::g \" crate::h";
            let r = r#"crate::i " crate::j"#;
            let q = br##"crate::k"##;
            let c = '"'; let d = '\''; let e = '\u{22}';
            fn l<'a>(x: &'a str) -> &'a str { crate::m::n(x) }
        "####;
        assert_eq!(names(code), ["m"]);
        assert_eq!(
            strip_comments_and_strings(code).lines().count(),
            code.lines().count()
        );
    }

    #[test]
    fn identifiers_containing_crate_are_no_path() {
        assert!(names("use my_crate::a; let krate = x.crate_name::b;").is_empty());
    }

    #[test]
    fn a_cycle_is_found_and_printed_from_its_smallest_module() {
        let g = graph(&[
            ("config", "kpi"),
            ("kpi", "site"),
            ("site", "config"),
            ("site", "error"),
            ("config", "error"),
        ]);
        assert_eq!(cycles(&g), [["config", "kpi", "site"]]);
    }

    #[test]
    fn overlapping_cycles_are_all_found_once() {
        let g = graph(&[("a", "b"), ("b", "a"), ("b", "c"), ("c", "a")]);
        assert_eq!(cycles(&g), [vec!["a", "b"], vec!["a", "b", "c"]]);
    }

    #[test]
    fn a_dag_has_no_cycle() {
        let g = graph(&[("a", "b"), ("a", "c"), ("b", "c"), ("c", "d")]);
        assert!(cycles(&g).is_empty());
    }

    #[test]
    fn rules_report_each_edge_with_its_places() {
        let mut g = Graph::new();
        let mut edge = |a: &str, b: &str, at: &str| {
            g.entry(a.to_string())
                .or_default()
                .entry(b.to_string())
                .or_default()
                .push(at.to_string());
        };
        edge("config", "kpi", "src/config.rs:3");
        edge("kpi", "config", "src/kpi.rs:4");
        edge("chart", "theme", "src/chart.rs:5");
        edge("kpi", "render", "src/kpi/x.rs:6");
        edge("config", "error", "src/config.rs:7");
        let problems = graph_problems(&g);
        assert_eq!(
            problems,
            [
                "cycle: config -> kpi -> config\n    config -> kpi: src/config.rs:3\n    \
                 kpi -> config: src/kpi.rs:4",
                "chart -> theme: forbidden edge: src/chart.rs:5",
                "config -> kpi: config may import only from error, dora, content: \
                 src/config.rs:3",
                "kpi -> render: kpi may not import from render, serve, cmd: src/kpi/x.rs:6",
            ]
        );
    }

    #[test]
    fn function_heads() {
        assert_eq!(fn_name("fn a() {"), Some("a"));
        assert_eq!(fn_name("    pub fn b<T>(x: T) -> T {"), Some("b"));
        assert_eq!(fn_name("pub(crate) const unsafe fn c() {"), Some("c"));
        assert_eq!(fn_name("  pub(in crate::x) async fn d() {"), Some("d"));
        assert_eq!(fn_name("extern \"C\" fn e() {"), Some("e"));
        assert_eq!(fn_name("let f: fn(u8) -> u8 = g;"), None);
        assert_eq!(fn_name("const FN: u8 = 1;"), None);
        assert_eq!(fn_name("public fn x() {"), None);
        assert_eq!(fn_name("fn_call();"), None);
    }

    #[test]
    fn functions_end_at_their_indentation() {
        let code = "\
impl X {
    fn short() -> u8 { 1 }
    pub fn long(
        a: u8,
    ) -> u8
    where
        u8: Copy,
    {
        let s = \"
    }\";
        if a > 0 {
            fn inner() {}
        }
        a
    }
}
trait T {
    fn declared(&self) -> u8;
    fn provided(&self) {
    }
}
";
        let found = functions(&strip_comments_and_strings(code));
        let f = |name: &str, line, len| Function {
            name: name.to_string(),
            line,
            len: Some(len),
        };
        assert_eq!(
            found,
            [
                f("short", 2, 1),
                f("long", 3, 13),
                f("inner", 12, 1),
                f("provided", 19, 2)
            ]
        );
    }

    #[test]
    fn an_unclosed_function_is_reported_without_length() {
        let found = functions("fn a() {\n    x\n");
        assert_eq!(found[0].len, None);
    }
}
