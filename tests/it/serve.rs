//! `relbook serve` over HTTP: rebuilds, the status the browser polls, error recovery.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

struct Serve {
    child: Child,
    port: u16,
    /// The session's temp folder (`TMPDIR`), so nothing it writes outlives the test.
    tmp: tempfile::TempDir,
}

impl Serve {
    /// Sends `signal` (`TERM`, `INT`) and waits for serve to exit (10 s at most).
    fn stop(&mut self, signal: &str) -> Option<std::process::ExitStatus> {
        if let Some(status) = self.child.try_wait().unwrap() {
            return Some(status);
        }
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        let start = Instant::now();
        while sent && start.elapsed() < Duration::from_secs(10) {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// What is left in the session's temp folder.
    fn leftovers(&self) -> Vec<String> {
        std::fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        // As a user stops it, so it cleans up; killed only when it does not stop.
        if self.stop("TERM").is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(t: &SiteTest, port: u16) -> (Serve, String) {
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_relbook"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(t.root())
        .env("TMPDIR", tmp.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = String::new();
    let url = loop {
        let line = lines.next().expect("serve exited").unwrap();
        seen.push_str(&line);
        seen.push('\n');
        if let Some(rest) = line.split(" on http://").nth(1) {
            break format!("http://{}", rest.split_whitespace().next().unwrap());
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let port = url
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    (Serve { child, port, tmp }, seen)
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let code = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (code, body)
}

fn status(port: u16) -> serde_json::Value {
    serde_json::from_str(&get(port, "/__relbook/status").1).unwrap()
}

fn wait_for(port: u16, what: &str, pred: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let start = Instant::now();
    loop {
        let s = status(port);
        if pred(&s) {
            return s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}: {s}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_rebuilds_reports_errors_and_recovers() {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    let (serve, _) = start(&t, free_port());
    let port = serve.port;
    let (code, page) = get(port, "/releases/1.0.0/");
    assert_eq!(code, 200);
    assert!(
        page.contains("/__relbook/status"),
        "live-reload client injected"
    );
    assert!(
        page.contains("http://127.0.0.1:"),
        "canonical links use the local address"
    );
    assert_eq!(get(port, "/nope/").0, 404);
    let v0 = status(port)["version"].as_u64().unwrap();

    // An edit rebuilds and moves the version.
    t.write(
        "content/releases/1.0.0.md",
        RELEASE_1.replace("The first release.", "The very first release."),
    );
    let s = wait_for(port, "a new version", |s| {
        s["version"].as_u64().unwrap() > v0
    });
    assert!(s["error"].is_null());
    assert!(get(port, "/releases/1.0.0/")
        .1
        .contains("The very first release."));

    // Saving without a change does not move the version.
    let v1 = s["version"].as_u64().unwrap();
    t.write(
        "content/releases/1.0.0.md",
        RELEASE_1.replace("The first release.", "The very first release."),
    );
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(status(port)["version"].as_u64().unwrap(), v1);

    // A broken file: the error with file and line, the last good page still served.
    t.write(
        "content/releases/1.0.0.md",
        "---\nversion: 1.0.0\ndate: 2026-02-31\n---\n",
    );
    let s = wait_for(port, "the error", |s| !s["error"].is_null());
    assert!(
        s["error"]
            .as_str()
            .unwrap()
            .contains("content/releases/1.0.0.md:3:7: error: invalid date"),
        "{s}"
    );
    assert!(get(port, "/releases/1.0.0/")
        .1
        .contains("The very first release."));

    // Fixed: the error clears and the version moves.
    t.write("content/releases/1.0.0.md", RELEASE_1);
    let s = wait_for(port, "recovery", |s| s["error"].is_null());
    assert!(s["version"].as_u64().unwrap() > v1);
}

#[test]
fn serve_names_the_site_and_removes_its_folder_when_stopped() {
    for signal in ["TERM", "INT"] {
        let t = SiteTest::new();
        t.write(
            "relbook.toml",
            "title = \"Test book\"\n[git]\nenabled = false\n",
        );
        let (mut serve, stderr) = start(&t, free_port());
        let url = format!("http://127.0.0.1:{}/", serve.port);
        assert!(
            stderr.contains(&format!("Serving \u{201c}Test book\u{201d} on {url} ")),
            "{stderr}"
        );
        assert_eq!(get(serve.port, "/").0, 200);
        let left = serve.leftovers();
        assert_eq!(left.len(), 1, "{left:?}");
        assert!(left[0].starts_with("relbook-serve-"), "{left:?}");
        let status = serve.stop(signal).expect("serve stops");
        assert!(status.success(), "SIG{signal}: {status:?}");
        assert_eq!(serve.leftovers(), Vec::<String>::new(), "after SIG{signal}");
    }
}

#[test]
fn a_taken_port_moves_to_the_next_one() {
    let t = SiteTest::new();
    t.write("relbook.toml", "[git]\nenabled = false\n");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let (serve, stderr) = start(&t, port);
    assert_ne!(serve.port, port);
    assert!(
        stderr.contains(&format!("Port {port} is in use; serving on {}", serve.port)),
        "{stderr}"
    );
    assert_eq!(get(serve.port, "/").0, 200);
}

/// After an edit of a note's body alone, serve re-renders only the pages that show it,
/// and the output equals a full build of the edited site, file for file. Errors go
/// through the full build; front matter edits are the next test's.
#[test]
fn body_edit_rerenders_its_pages_and_equals_a_full_build() {
    use relbook::serve::{rebuild, Options, Status};
    use std::sync::Mutex;

    let t = SiteTest::new();
    let root = t.root().canonicalize().unwrap();
    let opts = Options {
        root: root.clone(),
        port: 0,
        drafts: false,
    };
    let url = "http://127.0.0.1:9/";
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("serve");
    let status = Mutex::new(Status::default());
    let mut session = None;
    // A release window puts the note's summary in the calendar too.
    let note = root.join("content/releases/1.0.0.md");
    let windowed = RELEASE_1.replace(
        "status: released\n",
        "status: released\nwindow: { start: 2026-01-15, end: 2026-01-15 }\n",
    );
    std::fs::write(&note, &windowed).unwrap();
    let first = rebuild(&opts, url, &out, &status, &mut session, &[]).unwrap();
    assert_eq!(first.pages, None);

    // Saving the note: serve's rebuild after the watcher reports it.
    let save = |session: &mut _| {
        rebuild(
            &opts,
            url,
            &out,
            &status,
            session,
            std::slice::from_ref(&note),
        )
    };
    let edited = windowed.replace(
        "- Invoices\n",
        "- Invoices\n- Zebrafish tracking, see [1.1.0](1.1.0.md)\n",
    );
    std::fs::write(&note, &edited).unwrap();
    let r = save(&mut session).unwrap();
    assert!(r.pages.is_some(), "a body edit is re-rendered in place");
    // The release page, /releases/latest/ (1.0.0 is the latest), the search index.
    assert_eq!(r.changed, 3, "{r:?}");
    assert!(
        std::fs::read_to_string(out.join("releases/1.0.0/index.html"))
            .unwrap()
            .contains("Zebrafish tracking, see <a href=\"../../releases/1.1.0/\">1.1.0</a>")
    );
    assert!(search_text(&out).contains("\"zebrafish\""));

    let fresh = work.path().join("fresh");
    let mut other = None;
    rebuild(&opts, url, &fresh, &status, &mut other, &[]).unwrap();
    assert!(
        snapshot(&out) == snapshot(&fresh),
        "in-place output differs from a full build"
    );

    // Saving again without a change writes nothing.
    let again = save(&mut session).unwrap();
    assert_eq!(again.changed, 0);

    // An edit of the first paragraph, the note's summary: the dashboard, the feeds and
    // the calendar show it too; still equal to a full build.
    let summarised = edited.replace("The first release.", "The first release, with zebras.");
    std::fs::write(&note, &summarised).unwrap();
    let r = save(&mut session).unwrap();
    assert!(r.pages.is_some(), "a summary edit is re-rendered in place");
    assert!(search_text(&out).contains("with zebras"));
    for file in ["index.html", "atom.xml", "calendar.ics"] {
        assert!(
            std::fs::read_to_string(out.join(file))
                .unwrap()
                .contains("with zebras"),
            "{file}"
        );
    }
    let fresh = work.path().join("fresh-summary");
    rebuild(&opts, url, &fresh, &status, &mut None, &[]).unwrap();
    assert!(
        snapshot(&out) == snapshot(&fresh),
        "in-place output differs from a full build after a summary edit"
    );

    // And back, in place: words leave the index; equal to the first full build again.
    std::fs::write(&note, &edited).unwrap();
    assert!(save(&mut session).unwrap().pages.is_some());
    assert!(
        snapshot(&out) == snapshot(&work.path().join("fresh")),
        "in-place output differs from a full build after words were removed"
    );

    // A site with templates of its own may list summaries anywhere: a full build.
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/extra.html"), "{{ 1 }}").unwrap();
    rebuild(&opts, url, &out, &status, &mut session, &[]).unwrap();
    std::fs::write(&note, &summarised).unwrap();
    assert_eq!(save(&mut session).unwrap().pages, None);
    std::fs::remove_dir_all(root.join("templates")).unwrap();

    // A broken link in the body: the error with its line, then a full build once fixed.
    std::fs::write(&note, edited.replace("(1.1.0.md)\n", "(9.9.9.md)\n")).unwrap();
    assert!(save(&mut session).is_none());
    let error = status.lock().unwrap().error.clone().unwrap();
    assert!(
        error.contains("content/releases/1.0.0.md:27:27: error: link to `9.9.9.md`"),
        "{error}"
    );
    std::fs::write(&note, &edited).unwrap();
    let fixed = save(&mut session).unwrap();
    assert_eq!(fixed.pages, None, "after an error, a full build");
    assert!(status.lock().unwrap().error.is_none());

    // A front matter edit: in place (see the test below), and the new title shows in
    // the history.
    std::fs::write(
        &note,
        edited.replace("title: \"First\"", "title: \"Premier\""),
    )
    .unwrap();
    let r = save(&mut session).unwrap();
    assert!(r.pages.is_some(), "{r:?}");
    assert!(std::fs::read_to_string(out.join("releases/index.html"))
        .unwrap()
        .contains("Premier"));

    // An editor's swap file changes nothing.
    let swap = root.join("content/releases/.1.0.0.md.swp");
    std::fs::write(&swap, "x").unwrap();
    assert!(rebuild(&opts, url, &out, &status, &mut session, &[swap]).is_none());
}

/// Copies the demo site (config, content, product history) into a temp folder.
fn demo_copy() -> tempfile::TempDir {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        for e in walkdir::WalkDir::new(from) {
            let e = e.unwrap();
            let target = to.join(e.path().strip_prefix(from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(e.path(), &target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("relbook.toml"), dir.path().join("relbook.toml")).unwrap();
    copy(&repo.join("content"), &dir.path().join("content"));
    copy(
        &repo.join("demo/product.git"),
        &dir.path().join("demo/product.git"),
    );
    dir
}

/// One random edit of a release note's front matter: what it is called, whether serve
/// should take it in place, and the note's new text (`None`: not applicable here).
fn front_edit(text: &str, kind: u64, n: u64) -> (&'static str, bool, Option<String>) {
    let line = |key: &str| {
        text.lines()
            .take_while(|l| *l != "---" || l.is_empty())
            .chain(text.lines().skip(1).take_while(|l| *l != "---"))
            .find(|l| l.starts_with(&format!("{key}:")))
            .map(str::to_string)
    };
    let replace = |key: &str, value: String| {
        line(key).map(|l| text.replacen(&l, &format!("{key}: {value}"), 1))
    };
    let people = ["qa", "security", "finance", "docs", "support", "leadership"];
    let statuses = [
        "released",
        "planned",
        "in-progress",
        "cancelled",
        "rolled-back",
    ];
    match kind {
        0 => (
            "title",
            true,
            replace("title", format!("\"Edited title {n}\"")),
        ),
        1 => (
            "date",
            true,
            replace(
                "date",
                format!("{}-0{}-1{}", 2024 + n % 4, 1 + n % 9, n % 10),
            ),
        ),
        2 => (
            "status",
            true,
            replace("status", statuses[(n % 5) as usize].to_string()),
        ),
        3 => {
            let list: Vec<&str> = people
                .iter()
                .enumerate()
                .filter(|(k, _)| (n >> k) & 1 == 1)
                .map(|(_, p)| *p)
                .collect();
            let value = format!("[{}]", list.join(", "));
            let edited = replace("stakeholders", value.clone()).unwrap_or_else(|| {
                text.replacen(
                    "\nversion:",
                    &format!("\nstakeholders: {value}\nversion:"),
                    1,
                )
            });
            ("stakeholders", true, Some(edited))
        }
        // A field added, then one taken away.
        4 => (
            "add a field",
            true,
            line("kind")
                .is_none()
                .then(|| text.replacen("\nversion:", "\nkind: major\nversion:", 1)),
        ),
        5 => (
            "remove a field",
            true,
            line("title").map(|l| text.replacen(&format!("{l}\n"), "", 1)),
        ),
        6 => (
            "risk",
            true,
            text.contains("probability: medium")
                .then(|| text.replacen("probability: medium", "probability: high", 1)),
        ),
        7 => (
            "milestone",
            true,
            text.contains("actual: 20")
                .then(|| text.replacen("actual: 20", "actual: 19", 1)),
        ),
        8 => (
            "window",
            true,
            replace(
                "window",
                format!(
                    "{{ start: 2027-0{}-01, end: 2027-0{}-20 }}",
                    1 + n % 8,
                    1 + n % 8
                ),
            ),
        ),
        _ => ("version", false, replace("version", format!("9.{n}.0"))),
    }
}

/// Edits of release notes' front matter, at random (seeded), are taken in place by
/// serve, and its output equals a full build of the edited site byte for byte, file by
/// file; a version change goes through a full build; an error in the front matter is
/// reported as a build reports it and the next good edit is built.
#[test]
fn front_matter_edits_rerender_in_place_and_equal_a_full_build() {
    use relbook::serve::{rebuild, Options, Status};
    use std::sync::Mutex;

    let site = demo_copy();
    let root = site.path().canonicalize().unwrap();
    let opts = Options {
        root: root.clone(),
        port: 0,
        drafts: false,
    };
    let url = "http://127.0.0.1:9/";
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("serve");
    let fresh = work.path().join("fresh");
    let status = Mutex::new(Status::default());
    let mut session = None;
    rebuild(&opts, url, &out, &status, &mut session, &[]).unwrap();
    let mut notes: Vec<_> = std::fs::read_dir(root.join("content/releases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    notes.sort();
    let full_build = || {
        let _ = std::fs::remove_dir_all(&fresh);
        rebuild(
            &opts,
            url,
            &fresh,
            &Mutex::new(Status::default()),
            &mut None,
            &[],
        )
        .unwrap();
        snapshot(&fresh)
    };
    // More by hand: FRONT_EDITS=200 FRONT_EDIT_SEED=7 cargo test --test it front_matter.
    let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let edits = var("FRONT_EDITS").unwrap_or(4);
    let mut seed: u64 = var("FRONT_EDIT_SEED").unwrap_or(0x5eed_f00d) | 1;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // First the rare cases: the latest release's neighbour and then the latest itself
    // stop being released (`/releases/latest/` moves far from the note), a year page made
    // and emptied again.
    let fixed = [
        ("2.6.0", "status: released", "status: cancelled"),
        ("2.6.1", "status: released", "status: planned"),
        ("2.2.0", "date: 2026-0", "date: 2031-0"),
        ("2.2.0", "date: 2031-0", "date: 2026-0"),
    ];
    let mut in_place = 0;
    let mut step = 0;
    // By default from the first kind: title, date, status, stakeholders.
    let first_kind = match var("FRONT_EDIT_SEED") {
        Some(_) => next() % 9,
        None => 0,
    };
    let mut tries = 0;
    // Then edits at random, and a version change (of a note nothing else names).
    while step < fixed.len() as u64 + edits + 1 {
        let last = step == fixed.len() as u64 + edits;
        let (note, what, expect_in_place, edited) = match fixed.get(step as usize) {
            Some((v, from, to)) => {
                let note = root.join(format!("content/releases/{v}.md"));
                let text = std::fs::read_to_string(&note).unwrap();
                assert!(text.contains(from), "{v}: {from}");
                (note, "fixed edit", true, text.replacen(from, to, 1))
            }
            None => {
                let note = match last {
                    true => root.join("content/releases/2.2.1.md"),
                    false => notes[(next() % notes.len() as u64) as usize].clone(),
                };
                let text = std::fs::read_to_string(&note).unwrap();
                // Kinds in turn from a random one: a few edits are of as many kinds (a kind
                // that does not apply to the note drawn gives way to the next).
                let kind = if last { 9 } else { (first_kind + tries) % 9 };
                tries += 1;
                let (what, in_place, edited) = front_edit(&text, kind, next() % 1000);
                let Some(edited) = edited.filter(|e| *e != text) else {
                    continue;
                };
                (note, what, in_place, edited)
            }
        };
        let note = &note;
        step += 1;
        eprintln!("edit {step}: {what} of {}", note.display());
        std::fs::write(note, &edited).unwrap();
        let r = rebuild(
            &opts,
            url,
            &out,
            &status,
            &mut session,
            std::slice::from_ref(note),
        );
        let label = format!("{what} of {}", note.display());
        let r = r.unwrap_or_else(|| panic!("{label}: {:?}", status.lock().unwrap().error));
        if expect_in_place {
            assert!(r.pages.is_some(), "{label}: a full build");
            in_place += 1;
        } else {
            assert!(r.pages.is_none(), "{label}: in place");
        }
        let (mine, full) = (snapshot(&out), full_build());
        let names =
            |s: &[(std::path::PathBuf, Vec<u8>)]| s.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(&mine), names(&full), "{label}: another set of files");
        for ((path, a), (_, b)) in mine.iter().zip(&full) {
            assert!(
                a == b,
                "{label}: {} differs from a full build",
                path.display()
            );
        }
    }
    assert_eq!(in_place, fixed.len() as u64 + edits);

    // An error in the front matter: reported as a build reports it, the last good site
    // kept; fixed, the site is built again.
    let note = root.join("content/releases/2.5.0.md");
    let good = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/releases/2.5.0.md"),
    )
    .unwrap();
    std::fs::write(&note, &good).unwrap();
    rebuild(
        &opts,
        url,
        &out,
        &status,
        &mut session,
        std::slice::from_ref(&note),
    )
    .unwrap();
    std::fs::write(
        &note,
        good.replacen("status: released", "status: shipped", 1),
    )
    .unwrap();
    assert!(rebuild(
        &opts,
        url,
        &out,
        &status,
        &mut session,
        std::slice::from_ref(&note)
    )
    .is_none());
    let error = status.lock().unwrap().error.clone().unwrap();
    let build = Command::new(env!("CARGO_BIN_EXE_relbook"))
        .args(["build", "--output"])
        .arg(work.path().join("failed"))
        .current_dir(&root)
        .output()
        .unwrap();
    let reported = String::from_utf8_lossy(&build.stderr);
    let line = "content/releases/2.5.0.md:5:9: error: status: unknown variant `shipped`";
    assert!(error.contains(line), "{error}");
    assert!(reported.contains(line), "{reported}");
    std::fs::write(&note, &good).unwrap();
    let fixed = rebuild(
        &opts,
        url,
        &out,
        &status,
        &mut session,
        std::slice::from_ref(&note),
    )
    .unwrap();
    assert_eq!(fixed.pages, None, "after an error, a full build");
    assert!(snapshot(&out) == full_build());
}
