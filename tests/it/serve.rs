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
/// and the output equals a full build of the edited site, file for file. Errors and
/// front matter edits go through the full build.
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
    assert!(std::fs::read_to_string(out.join("search-index.js"))
        .unwrap()
        .contains("\"zebrafish\""));

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
    for file in ["index.html", "atom.xml", "calendar.ics", "search-index.js"] {
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

    // A front matter edit: a full build, and the new title shows in the history.
    std::fs::write(
        &note,
        edited.replace("title: \"First\"", "title: \"Premier\""),
    )
    .unwrap();
    let full = save(&mut session).unwrap();
    assert_eq!(full.pages, None);
    assert!(std::fs::read_to_string(out.join("releases/index.html"))
        .unwrap()
        .contains("Premier"));

    // An editor's swap file changes nothing.
    let swap = root.join("content/releases/.1.0.0.md.swp");
    std::fs::write(&swap, "x").unwrap();
    assert!(rebuild(&opts, url, &out, &status, &mut session, &[swap]).is_none());
}
