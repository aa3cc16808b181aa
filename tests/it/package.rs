//! The crate is publishable: its metadata, licences and what `cargo package` ships.

use std::path::Path;

fn manifest() -> toml::Value {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

/// Whether a path relative to the crate root matches one of Cargo's `include` patterns
/// of the two forms used: `/dir/**/*` and `/file`.
fn included(patterns: &[&str], path: &str) -> bool {
    patterns.iter().any(|p| match p.strip_suffix("/**/*") {
        Some(dir) => path.starts_with(&format!("{}/", dir.trim_start_matches('/'))),
        None => p.trim_start_matches('/') == path,
    })
}

#[test]
fn the_crate_has_the_metadata_and_files_crates_io_needs() {
    let m = manifest();
    let p = &m["package"];
    for key in ["description", "license", "repository", "readme"] {
        assert!(
            p.get(key)
                .and_then(|v| v.as_str())
                .is_some_and(|v| !v.is_empty()),
            "[package] {key} is missing"
        );
    }
    assert!(p["repository"].as_str().unwrap().starts_with("https://"));
    for key in ["keywords", "categories"] {
        let n = p.get(key).and_then(|v| v.as_array()).map_or(0, Vec::len);
        assert!(
            (1..=5).contains(&n),
            "[package] {key}: 1 to 5 entries, not {n}"
        );
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let license = p["license"].as_str().unwrap();
    assert_eq!(license, "MIT OR Apache-2.0");
    for file in ["LICENSE-MIT", "LICENSE-APACHE"] {
        assert!(root.join(file).is_file(), "{file} is missing");
    }

    let patterns: Vec<&str> = p
        .get("include")
        .and_then(|v| v.as_array())
        .expect("[package] include")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    // Everything compiled or embedded at compile time (include_str!) ships…
    for dir in ["src", "templates", "assets", "scaffold"] {
        for e in walkdir::WalkDir::new(root.join(dir)) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                let rel = e
                    .path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                assert!(included(&patterns, &rel), "{rel} is not in the package");
            }
        }
    }
    for file in [
        "README.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "docs/templates.md",
    ] {
        assert!(included(&patterns, file), "{file} is not in the package");
    }
    // …and the demo, the tests and the tools do not.
    for dir in [
        "content", "demo", "tests", "e2e", "bench", "fuzz", "examples", "scripts",
    ] {
        assert!(
            !patterns
                .iter()
                .any(|p| p.trim_start_matches('/').starts_with(dir)),
            "{dir}/ would ship"
        );
    }
}
