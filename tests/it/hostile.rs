//! Hostile input: every case ends in a clear error or safe output — never a panic,
//! never a file outside the output folder, and a failed build never harms the previous
//! output.

use std::process::Command;

use crate::common::*;

/// Builds and returns (success, stderr); never a panic or a signal.
fn build(t: &SiteTest, args: &[&str]) -> (bool, String) {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = t.run(&all);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.code().is_some(), "killed by a signal: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.success(), stderr)
}

fn site() -> SiteTest {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    t
}

/// Fails with `expected`, and the previous output is untouched.
fn fails_safely(t: &SiteTest, expected: &str) {
    let before = if t.out().exists() {
        snapshot(&t.out())
    } else {
        Vec::new()
    };
    let (ok, stderr) = build(t, &[]);
    assert!(!ok, "should fail");
    assert!(
        stderr.contains(expected),
        "expected `{expected}` in:\n{stderr}"
    );
    if !before.is_empty() {
        assert!(snapshot(&t.out()) == before, "previous output changed");
    }
}

#[test]
fn yaml_alias_bomb() {
    let t = site();
    t.build();
    let mut bomb = String::from("---\nversion: 2.0.0\ntitle: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let mut prev = "a".to_string();
    for name in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
        bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = name.to_string();
    }
    bomb.push_str("---\n");
    t.write("content/releases/2.0.0.md", bomb);
    fails_safely(&t, "content/releases/2.0.0.md:");
}

#[test]
fn deep_nesting_in_yaml_and_toml() {
    let t = site();
    t.build();
    t.write(
        "content/releases/2.0.0.md",
        format!(
            "---\nversion: 2.0.0\ntitle: {}{}\n---\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );
    fails_safely(&t, "content/releases/2.0.0.md:3:");
    t.write(
        "content/releases/2.0.0.md",
        format!(
            "+++\nversion = \"2.0.0\"\ntitle = {}{}\n+++\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );
    fails_safely(&t, "content/releases/2.0.0.md:");
}

#[test]
fn a_50_mb_markdown_file_is_refused() {
    let t = site();
    t.build();
    let mut big = String::from("---\nversion: 2.0.0\n---\n");
    let line =
        "- [x] A line of a very long release note, repeated until the file is fifty megabytes.\n";
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(line);
    }
    t.write("content/releases/2.0.0.md", big);
    fails_safely(
        &t,
        "content/releases/2.0.0.md:1:1: error: file is 50.0 MB; content files are limited to 10 MB",
    );
}

#[test]
fn nul_bytes_bom_and_crlf() {
    let t = site();
    t.write("content/releases/2.0.0.md", vec![0u8; 4096]);
    fails_safely(
        &t,
        "content/releases/2.0.0.md:1:1: error: missing front matter",
    );
    let t = site();
    t.write("content/releases/2.0.0.md", "\u{feff}---\r\nversion: 2.0.0\r\ntitle: \"Windows\"\r\ndate: 2026-03-01\r\n---\r\n## Heading\r\n\r\nBody.\r\n");
    let (ok, stderr) = build(&t, &[]);
    assert!(ok, "{stderr}");
    let page = t.page("releases/2.0.0/index.html");
    assert!(
        page.contains("<h1><span class=\"version\">2.0.0</span> Windows</h1>")
            && page.contains(r#"<h2 id="heading">Heading</h2>"#)
    );
}

#[cfg(unix)]
#[test]
fn non_utf8_names_and_contents() {
    use std::os::unix::ffi::OsStrExt;
    let t = site();
    let name = std::ffi::OsStr::from_bytes(b"content/releases/caf\xe9.md");
    std::fs::write(
        t.root().join(name),
        "---\nversion: 3.0.0\ndate: 2026-03-01\n---\nFine.\n",
    )
    .unwrap();
    let (ok, stderr) = build(&t, &[]);
    assert!(ok, "{stderr}");
    assert!(t.out().join("releases/3.0.0/index.html").is_file());
    std::fs::write(
        t.root().join(name),
        b"---\nversion: 3.0.0\ntitle: caf\xe9\n---\n",
    )
    .unwrap();
    fails_safely(&t, "caf\u{fffd}.md:3:11: error: file is not valid UTF-8");
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed() {
    let t = site();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\nversion: 6.6.6\ndate: 2026-01-01\n---\nSECRET\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        t.root().join("content/releases/linked.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        t.root().join("content/releases"),
        t.root().join("content/releases/loop"),
    )
    .unwrap();
    let (ok, stderr) = build(&t, &[]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("content/releases/linked.md:1:1: warning: symbolic link not followed"),
        "{stderr}"
    );
    assert!(!t.out().join("releases/6.6.6").exists());
    assert!(!search_text(&t.out()).contains("SECRET"));
}

#[test]
fn unicode_and_right_to_left_text() {
    let t = site();
    t.write("content/releases/2.0.0.md", "---\nversion: 2.0.0\ntitle: \"إصدار جديد — 新しい 🚀\"\ndate: 2026-03-01\n---\nשלום עולם\n");
    let (ok, stderr) = build(&t, &[]);
    assert!(ok, "{stderr}");
    assert!(t
        .page("releases/2.0.0/index.html")
        .contains("إصدار جديد — 新しい 🚀"));
    t.write(
        "content/releases/2.0.0.md",
        "---\nversion: \"2.0.0-αλφα\"\n---\n",
    );
    fails_safely(&t, "content/releases/2.0.0.md:2:11: error: version `2.0.0-αλφα` cannot be used as a page path: only letters, digits");
}

#[test]
fn script_urls_and_markup_in_front_matter_and_markdown() {
    let t = site();
    t.write("content/releases/2.0.0.md", "---\nversion: 2.0.0\ntitle: \"<script>alert(1)</script>\"\ndate: 2026-03-01\ncomponents: [\"<img src=x onerror=alert(1)>\"]\n---\n[click](javascript:alert(1)) ![i](data:text/html;base64,PHNjcmlwdD4=) <iframe src=\"javascript:alert(2)\"></iframe>\n");
    t.write(
        "content/stakeholders.toml",
        STAKEHOLDERS.replace(
            "group = \"Delivery\"",
            "group = \"Delivery\"\ncontact = \"javascript:alert(3)\"",
        ),
    );
    let (ok, stderr) = build(&t, &[]);
    assert!(ok, "{stderr}");
    for f in walkdir::WalkDir::new(t.out())
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
    {
        let html = std::fs::read_to_string(f.path()).unwrap();
        assert!(!html.contains("<script>alert"), "{}", f.path().display());
        assert!(!html.contains("<img src=x"), "{}", f.path().display());
        assert!(!html.contains("<iframe"), "{}", f.path().display());
        assert!(
            !html.contains("href=\"javascript:") && !html.contains("src=\"data:text"),
            "{}",
            f.path().display()
        );
    }
    // A javascript: repository address is refused outright.
    t.write("relbook.toml", "repo_url = \"javascript:alert(1)\"\n");
    fails_safely(
        &t,
        "relbook.toml:1:1: error: repo_url must be an http or https address",
    );
}

#[test]
fn template_syntax_in_content_is_text() {
    let t = site();
    t.write("content/releases/2.0.0.md", "---\nversion: 2.0.0\ntitle: \"{{ 7 * 7 }} {% raw %}\"\ndate: 2026-03-01\n---\n{{ site.title }} {% for x in [1,2] %}{{ x }}{% endfor %}\n");
    let (ok, stderr) = build(&t, &[]);
    assert!(ok, "{stderr}");
    let page = t.page("releases/2.0.0/index.html");
    assert!(page.contains("{{ 7 * 7 }} {% raw %}"), "title kept as text");
    assert!(
        page.contains("{{ site.title }} {% for x in [1,2] %}{{ x }}{% endfor %}"),
        "body kept as text"
    );
    assert!(!page.contains(">49<"));
}

#[test]
fn ids_that_try_to_escape_the_output() {
    let t = site();
    t.write(
        "content/stakeholders.toml",
        "[[stakeholder]]\nid = \"../../escape\"\nname = \"x\"\n",
    );
    fails_safely(&t, "content/stakeholders.toml:2:1: error: stakeholder id `../../escape` cannot be used as a page path");
    let t = site();
    t.write("content/handbook/..hidden.md", "---\ntitle: x\n---\n");
    t.write(
        "content/releases/x.md",
        "---\nversion: \"/etc/passwd\"\n---\n",
    );
    fails_safely(&t, "version `/etc/passwd` cannot be used as a page path");
}

#[test]
fn an_unwritable_output_location_is_a_clear_error() {
    let t = site();
    // /proc refuses new files even for root.
    let (ok, stderr) = build(&t, &["--output", "/proc/relbook-out"]);
    assert!(!ok);
    assert!(stderr.starts_with("error: /proc/"), "{stderr}");
}

/// A write error in the middle of a build (here: a file-size limit, `ulimit -f`, with
/// SIGXFSZ ignored so writes fail with EFBIG): the build fails cleanly and the previous
/// output survives. Needs no privileges.
#[cfg(target_os = "linux")]
#[test]
fn a_write_error_leaves_the_previous_output_intact() {
    let t = site();
    t.build();
    let before = snapshot(&t.out());
    let big = "Padding paragraph for a note that is much larger than before.\n\n".repeat(12_000);
    t.write(
        "content/releases/2.0.0.md",
        format!("---\nversion: 2.0.0\ndate: 2026-03-01\n---\n{big}"),
    );
    let script = format!(
        "trap '' XFSZ; ulimit -f 200; exec '{}' build",
        env!("CARGO_BIN_EXE_relbook")
    );
    let out = Command::new("bash")
        .args(["-c", &script])
        .current_dir(t.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && out.status.code().is_some(),
        "{stderr}"
    );
    assert!(stderr.contains("File too large"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(snapshot(&t.out()) == before, "previous output changed");
    assert!(
        !t.root().join(".public.relbook-tmp").exists(),
        "temporary folder cleaned up"
    );
}

/// A tmpfs too small for a second copy of the site: the build fails with "No space
/// left on device" and the previous output survives. Runs where `mount` is allowed
/// (root); the write-error test above covers the same path without privileges.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_previous_output_intact() {
    let t = site();
    let disk = t.root().join("disk");
    std::fs::create_dir_all(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1200k", "tmpfs"])
        .arg(&disk)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("note: cannot mount a tmpfs here (not root); the full-disk case is covered by a_write_error_leaves_the_previous_output_intact");
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(disk.clone());
    let out = disk.join("public");
    let out_s = out.to_str().unwrap();
    let (ok, stderr) = build(&t, &["--output", out_s]);
    assert!(ok, "{stderr}");
    let before = snapshot(&out);
    // Now a second, larger copy cannot fit next to the first.
    let big = "Padding paragraph for a note that is much larger than before.\n\n".repeat(12_000);
    t.write(
        "content/releases/2.0.0.md",
        format!("---\nversion: 2.0.0\ndate: 2026-03-01\n---\n{big}"),
    );
    let (ok, stderr) = build(&t, &["--output", out_s]);
    assert!(!ok, "the build should not fit");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(snapshot(&out) == before, "previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(&disk)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        [std::ffi::OsString::from("public")],
        "temporary folder cleaned up"
    );
}

#[test]
fn a_killed_build_leaves_the_previous_output_intact() {
    let t = site();
    for i in 0..400 {
        t.write(
            &format!("content/releases/3.{i}.0.md"),
            format!(
                "---\nversion: 3.{i}.0\ndate: 2026-05-01\n---\n{}\n",
                "Text of the note. ".repeat(200)
            ),
        );
    }
    t.build();
    let before = snapshot(&t.out());
    t.write(
        "content/releases/3.0.0.md",
        "---\nversion: 3.0.0\ndate: 2026-05-01\n---\nChanged.\n",
    );
    for delay_ms in [5u64, 20, 60, 120, 250] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_relbook"))
            .arg("build")
            .current_dir(t.root())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever the moment of the kill, the output is the old site or (if the build had
        // finished) the new one — never a mix, never missing.
        let after = snapshot(&t.out());
        let old = after == before;
        let new = t.out().join("releases/3.0.0/index.html").is_file()
            && t.page("releases/3.0.0/index.html").contains("Changed.");
        assert!(
            old || new,
            "output after a kill at {delay_ms} ms is neither the old nor the new site"
        );
    }
    // The next build recovers and succeeds.
    t.build();
    assert!(t.page("releases/3.0.0/index.html").contains("Changed."));
}

#[test]
fn a_build_killed_between_its_renames_is_recovered() {
    let t = site();
    t.build();
    let before = snapshot(&t.out());
    // What a kill between "output → old" and "tmp → output" leaves behind.
    std::fs::rename(t.out(), t.root().join(".public.relbook-old")).unwrap();
    std::fs::create_dir_all(t.root().join(".public.relbook-tmp/half")).unwrap();
    t.write(
        "content/releases/1.0.0.md",
        "---\nversion: 1.0.0\ndate: 2026-02-31\n---\n",
    );
    let (ok, _) = build(&t, &[]);
    assert!(!ok);
    assert!(snapshot(&t.out()) == before, "the previous output is back");
}
