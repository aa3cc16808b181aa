use std::path::Path;

use super::*;

fn src(text: &str) -> Source {
    Source::split(Path::new("content/releases/x.md"), text).unwrap()
}

#[test]
fn splits_yaml_and_toml_with_body_lines() {
    let s = src("---\nversion: 1.0.0\n---\nBody\n");
    assert_eq!(
        (s.format, s.front.as_str(), s.body.as_str(), s.body_line),
        (Format::Yaml, "version: 1.0.0\n", "Body\n", 4)
    );
    let s = src("\u{feff}+++\r\nversion = \"1.0.0\"\r\n+++\r\nBody\r\n");
    assert_eq!((s.format, s.body.as_str()), (Format::Toml, "Body\r\n"));
    let r: ReleaseFront = s.parse().unwrap();
    assert_eq!(r.version.as_str(), "1.0.0");
}

#[test]
fn missing_or_unclosed_front_matter_is_an_error() {
    let e = Source::split(Path::new("a.md"), "# hi\n").unwrap_err();
    assert!(e.message.contains("missing front matter"));
    let e = Source::split(Path::new("a.md"), "---\nversion: 1\n").unwrap_err();
    assert!(e.message.contains("not closed"));
}

#[test]
fn yaml_errors_point_into_the_file() {
    let s = src("---\nversion: 1.0.0\ntitel: x\n---\n");
    let e = s.parse::<ReleaseFront>().unwrap_err();
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("did you mean `title`"), "{e}");

    let s = src("---\nversion: 1.0.0\ndate: 2026-02-30\n---\n");
    let e = s.parse::<ReleaseFront>().unwrap_err();
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("invalid date"), "{e}");

    let s = src("---\nversion: 1.0.0\nstatus: relased\n---\n");
    let e = s.parse::<ReleaseFront>().unwrap_err();
    assert!(e.message.contains("did you mean `released`"), "{e}");
}

#[test]
fn toml_errors_point_into_the_file() {
    let s = src("+++\nversion = \"1.0.0\"\ndefects = { escaped = \"two\" }\n+++\n");
    let e = s.parse::<ReleaseFront>().unwrap_err();
    assert_eq!(e.line, 3, "{e}");
}

#[test]
fn toml_native_dates_are_accepted() {
    let s = src("+++\nversion = \"1.0.0\"\ndate = 2026-03-01\n[deployment]\nresult = \"success\"\nstarted = 2026-03-01T10:00:00Z\n+++\n");
    let r: ReleaseFront = s.parse().unwrap();
    assert_eq!(r.date.unwrap().to_string(), "2026-03-01");
    assert!(r.deployment.unwrap().started.is_some());
}

#[test]
fn versions_sort_semver_aware() {
    let mut v: Vec<Version> = ["1.10.0", "1.2.0", "1.2.0-rc.1", "2.0.0"]
        .iter()
        .map(|s| Version::parse(s))
        .collect();
    v.sort();
    let names: Vec<&str> = v.iter().map(Version::as_str).collect();
    assert_eq!(names, ["1.2.0-rc.1", "1.2.0", "1.10.0", "2.0.0"]);
    assert!(Version::parse("2024.10").semver().is_none());
    assert!(Version::parse("2024.9") < Version::parse("2024.10"));
}

#[test]
fn unsafe_versions_are_refused_as_paths() {
    assert!(Version::parse("../../x").path_problem().is_some());
    assert!(Version::parse(".hidden").path_problem().is_some());
    assert!(Version::parse("1.0.0+build.5").path_problem().is_none());
}

#[test]
fn locate_finds_the_value_line() {
    let s = src("---\nversion: 1.0.0\nstakeholders: [support, ops]\n---\n");
    let d = s.error_for("stakeholders", "ops", "unknown");
    assert_eq!((d.line, d.col), (3, 25));
}

#[test]
fn yaml_scanner_errors_keep_their_context() {
    let s = src("---\nversion: 2.0.0\ntitle: \"unclosed\nstatus: released\n---\n");
    let e = s.parse::<ReleaseFront>().unwrap_err();
    assert!(e.message.contains("quoted scalar"), "{e}");
    assert_eq!(e.line, 3, "{e}");
}
