//! `relbook serve`: builds the site into a private folder, serves it on 127.0.0.1,
//! watches the sources and rebuilds on change.
//!
//! Open pages poll `/__relbook/status` (a build version and the current error). The
//! version only moves when a rebuild changed the output, so saving a file without a
//! change reloads nothing; a failed rebuild keeps the last good site and shows its error
//! as an overlay in the browser (and in the terminal); the next good build clears it and
//! the pages reload by themselves.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};
use tiny_http::{Header, Response, Server};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::render;
use crate::site::{LoadOptions, LoadReport, Site};

/// What the browser polls.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Status {
    /// Moves when a rebuild changed the output.
    pub version: u64,
    /// The last build's error, while it is not fixed.
    pub error: Option<String>,
}

/// The live-reload client, added to every HTML page served (never to built files).
const CLIENT: &str = r#"<script>
(function () {
  var version = null, overlay = null;
  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "relbook-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:9999;background:rgba(20,20,24,.94);color:#ffd7d2;padding:2rem;overflow:auto;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "relbook: the last change did not build; the page shows the previous version.\n\n" + text;
  }
  function poll() {
    fetch("/__relbook/status", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
      if (version === null) version = s.version;
      if (s.error) { show(s.error); }
      else if (s.version !== version) { window.location.reload(); return; }
      else if (overlay) { overlay.remove(); overlay = null; }
      setTimeout(poll, 300);
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>"#;

/// Settings of a serve session.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub port: u16,
    pub drafts: bool,
}

/// Builds once, then serves and rebuilds until interrupted.
pub fn run(opts: &Options, ready: impl FnOnce(&str)) -> Result<()> {
    let (server, port) = bind(opts.port)?;
    let url = format!("http://127.0.0.1:{port}/");
    // One folder per site and port, removed when serve is stopped (Ctrl+C, SIGTERM,
    // SIGHUP); one left by a killed session is reused by the next on that port.
    let mut h = DefaultHasher::new();
    opts.root
        .canonicalize()
        .unwrap_or_else(|_| opts.root.clone())
        .hash(&mut h);
    let out = std::env::temp_dir().join(format!("relbook-serve-{:016x}-{port}", h.finish()));
    remove_on_stop(&out)?;
    let status = Arc::new(Mutex::new(Status::default()));
    let mut session = None;
    rebuild(opts, &url, &out, &status, &mut session, &[]);
    if port != opts.port && opts.port != 0 {
        eprintln!("Port {} is in use; serving on {port} instead.", opts.port);
    }
    let title =
        Config::load(&opts.root).map_or_else(|_| opts.root.display().to_string(), |c| c.title);
    eprintln!("Serving \u{201c}{title}\u{201d} on {url} (127.0.0.1 only); press Ctrl+C to stop.");
    ready(&url);

    // Watch the sources; debounce bursts of events into one rebuild.
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
        if let Ok(e) = e {
            if !matches!(e.kind, notify::EventKind::Access(_)) {
                let _ = tx.send(e.paths);
            }
        }
    })
    .map_err(|e| Error::Usage(format!("cannot watch files: {e}")))?;
    for name in ["content", "templates", "assets", "relbook.toml"] {
        let p = opts.root.join(name);
        if p.exists() {
            let mode = if p.is_dir() {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            watcher
                .watch(&p, mode)
                .map_err(|e| Error::Usage(format!("cannot watch {}: {e}", p.display())))?;
        }
    }
    // The config may be created later: watch the root itself, not recursively.
    let _ = watcher.watch(&opts.root, RecursiveMode::NonRecursive);
    {
        let (opts, url, out, status) = (opts.clone(), url.clone(), out.clone(), status.clone());
        std::thread::spawn(move || {
            while let Ok(mut paths) = rx.recv() {
                // Editors save in bursts (a temporary file, a rename): take them as one.
                std::thread::sleep(Duration::from_millis(DEBOUNCE_MS));
                while let Ok(more) = rx.try_recv() {
                    paths.extend(more);
                }
                rebuild(&opts, &url, &out, &status, &mut session, &paths);
            }
        });
    }

    for request in server.incoming_requests() {
        let status = status.clone();
        let out = out.clone();
        std::thread::spawn(move || respond(request, &out, &status));
    }
    drop(watcher);
    Ok(())
}

/// On Ctrl+C, SIGTERM or SIGHUP (the `ctrlc` crate: one handler for all three and for
/// Windows' console events, run on its own thread, so no work in a signal handler),
/// removes the session's output folder and exits.
fn remove_on_stop(out: &Path) -> Result<()> {
    let out = out.to_path_buf();
    ctrlc::set_handler(move || {
        // A rebuild may still be writing: try again until the folder is gone.
        for _ in 0..5 {
            if std::fs::remove_dir_all(&out).is_ok() || !out.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!("Stopped.");
        std::process::exit(0);
    })
    .map_err(|e| Error::Usage(format!("cannot handle Ctrl+C: {e}")))
}

/// Binds 127.0.0.1 on `port`, or the next free one of the ten after it (any free port
/// for 0).
fn bind(port: u16) -> Result<(Server, u16)> {
    let tries: Vec<u16> = if port == 0 {
        vec![0]
    } else {
        (0..10).filter_map(|i| port.checked_add(i)).collect()
    };
    let mut last = String::new();
    for p in tries {
        match Server::http(("127.0.0.1", p)) {
            Ok(server) => {
                let bound = server.server_addr().to_ip().map_or(p, |a| a.port());
                return Ok((server, bound));
            }
            Err(e) => last = e.to_string(),
        }
    }
    Err(Error::Usage(format!(
        "cannot serve on 127.0.0.1:{port} or the next nine ports: {last}"
    )))
}

/// What a rebuild did, for the terminal and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rebuilt {
    pub total: Duration,
    /// Time to the pages that show an edited note, when only those were re-rendered.
    pub pages: Option<Duration>,
    pub changed: usize,
}

/// How long to wait for the rest of a burst of file events.
const DEBOUNCE_MS: u64 = 15;

/// The last good build, kept to re-render a few pages after an edit of notes alone.
pub struct Session {
    site: Site,
    renderer: render::Renderer,
}

/// The files among `changed` (as the watcher reports them) that the site reads, from the
/// site root; files the loader skips (editor swap and backup files) are left out.
fn relevant(root: &Path, changed: &[PathBuf]) -> Vec<PathBuf> {
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut rels: Vec<PathBuf> = changed
        .iter()
        .filter_map(|p| {
            p.strip_prefix(&canonical)
                .or_else(|_| p.strip_prefix(root))
                .ok()
                .map(Path::to_path_buf)
        })
        .filter(|rel| {
            let name = rel
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned());
            !rel.starts_with(crate::site::CONTENT_DIR)
                || (!name.starts_with('.') && name.ends_with(".md"))
                || rel == Path::new("content/stakeholders.toml")
        })
        .collect();
    rels.sort();
    rels.dedup();
    rels
}

/// Re-renders after edits of release notes alone: `None` when a full build is needed.
/// A note whose body alone changed gets the pages that show its text rewritten (first;
/// what the browser reloads), then the feeds, calendar and search index; a note whose
/// front matter changed is reloaded into the model and every page that shows one of its
/// fields is rewritten ([`render::Renderer::release_reloaded`]). Returns the files
/// changed and the time to the first edited note's page.
fn notes_only(
    session: &mut Session,
    rels: &[PathBuf],
    out: &Path,
    drafts: bool,
) -> Option<Result<(usize, Duration, Vec<crate::error::Diagnostic>)>> {
    if rels.is_empty() || !rels.iter().all(|r| r.starts_with("content/releases")) {
        return None;
    }
    let start = Instant::now();
    let mut edited = Vec::new();
    let mut reloaded = Vec::new();
    let mut warnings = Vec::new();
    // What the edits change beyond their pages: the search index shows a note's text
    // and summary; the feeds, the calendar and (in a site's own templates) any list of
    // releases show its summary.
    let (mut text, mut summary) = (false, false);
    for rel in rels {
        match session.site.reload_release_body(rel) {
            Ok(Some((i, old, w))) => {
                let new = &session.site.releases[i].body;
                summary |= new.summary != old.summary;
                text |= new.text != old.text;
                edited.push((i, old));
                warnings.extend(w);
            }
            // The front matter changed (a site's own templates may show it anywhere).
            Ok(None) if !session.renderer.own_templates() => {
                let r = session.site.reload_release(rel, drafts)?;
                warnings.extend(r.warnings.iter().cloned());
                reloaded.push(r);
            }
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        }
    }
    if summary && session.renderer.own_templates() {
        return None;
    }
    let result = (|| {
        let mut changed = 0;
        let mut first = None;
        for (i, _) in &edited {
            changed += session.renderer.release_notes(&session.site, *i, out)?;
            first.get_or_insert(start.elapsed());
        }
        // After the pages: the first edit builds what the renderer keeps of the index.
        for (i, old) in &edited {
            session.renderer.edited(&session.site, *i, old);
        }
        if summary {
            changed += session.renderer.feeds_calendar_search(&session.site, out)?;
        } else if text {
            changed += session.renderer.search_index(&session.site, out)?;
        }
        for r in &reloaded {
            let (n, page) = session
                .renderer
                .release_reloaded(&session.site, r, out, start)?;
            changed += n;
            first.get_or_insert(page);
        }
        Ok((changed, first.unwrap_or_default(), warnings))
    })();
    Some(result)
}

/// One build into `out`; updates the status the browser polls. The version moves only
/// when a file of the output changed. After edits of release notes' bodies alone (and a
/// good last build), only the pages that show them are rendered again.
pub fn rebuild(
    opts: &Options,
    url: &str,
    out: &Path,
    status: &Mutex<Status>,
    session: &mut Option<Session>,
    changed: &[PathBuf],
) -> Option<Rebuilt> {
    let start = Instant::now();
    let rels = relevant(&opts.root, changed);
    if !changed.is_empty() && rels.is_empty() {
        return None;
    }
    let incremental = session
        .as_mut()
        .and_then(|sess| notes_only(sess, &rels, out, opts.drafts));
    let outcome = match incremental {
        Some(result) => result.map(|(changed, first, warnings)| {
            for w in &warnings {
                eprintln!("{w}");
            }
            let files: Vec<String> = rels.iter().map(|r| r.display().to_string()).collect();
            let message = format!(
                "Rebuilt {} in {} ms (its pages in {} ms; {})",
                files.join(", "),
                start.elapsed().as_millis(),
                first.as_millis(),
                files_changed(changed)
            );
            let pages = Some(first);
            (
                Rebuilt {
                    total: start.elapsed(),
                    pages,
                    changed,
                },
                message,
            )
        }),
        None => full_build(opts, url, out).map(|(site, report, renderer, changed)| {
            report.print();
            *session = Some(Session { site, renderer });
            let message = format!(
                "Built in {} ms ({})",
                start.elapsed().as_millis(),
                files_changed(changed)
            );
            (
                Rebuilt {
                    total: start.elapsed(),
                    pages: None,
                    changed,
                },
                message,
            )
        }),
    };
    let mut s = status.lock().unwrap_or_else(|e| e.into_inner());
    match outcome {
        Ok((rebuilt, message)) => {
            if rebuilt.changed > 0 {
                s.version += 1;
            }
            s.error = None;
            drop(s);
            eprintln!("{message}");
            // Served: now, while the writer reads, make what edits update in place.
            if rebuilt.pages.is_none() {
                if let Some(sess) = session.as_mut() {
                    sess.renderer.prepare_edits(&sess.site);
                }
            }
            Some(rebuilt)
        }
        Err(e) => {
            // Until a full build succeeds, every change gets one: it is what finds every
            // error, not just this file's.
            *session = None;
            let text = e.to_string();
            eprintln!("{text}\nerror: the build failed; still serving the last good version");
            s.error = Some(text);
            None
        }
    }
}

/// "1 file changed", "3 files changed".
fn files_changed(n: usize) -> String {
    format!("{} changed", crate::plural::count(n, "file", "files"))
}

/// A full build into `out`, in place, and the renderer for later edits.
fn full_build(
    opts: &Options,
    url: &str,
    out: &Path,
) -> Result<(Site, LoadReport, render::Renderer, usize)> {
    let mut config = Config::load(&opts.root)?;
    config.base_url = url.to_string();
    let (site, report) = Site::load_with(
        &opts.root,
        config,
        &LoadOptions {
            drafts: opts.drafts,
            ..LoadOptions::default()
        },
    )?;
    let renderer = render::Renderer::new(&site)?;
    let (_, changed) = renderer.build_in_place(&site, out, &|| {})?;
    Ok((site, report, renderer, changed))
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn respond(request: tiny_http::Request, out: &Path, status: &Mutex<Status>) {
    let url = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    if url == "/__relbook/status" {
        let body = serde_json::to_string(&*status.lock().unwrap_or_else(|e| e.into_inner()))
            .unwrap_or_default();
        let _ = request.respond(
            Response::from_string(body)
                .with_header(header("Content-Type", "application/json"))
                .with_header(header("Cache-Control", "no-store")),
        );
        return;
    }
    let (code, path) = match resolve(out, &url) {
        Some(p) => (200, p),
        None => (404, out.join("404.html")),
    };
    let Ok(mut bytes) = std::fs::read(&path) else {
        let _ = request.respond(Response::from_string("not found").with_status_code(404));
        return;
    };
    let kind = content_type(&path);
    if kind.starts_with("text/html") {
        let html = String::from_utf8_lossy(&bytes);
        let injected = match html.rfind("</body>") {
            Some(i) => format!("{}{CLIENT}{}", &html[..i], &html[i..]),
            None => format!("{html}{CLIENT}"),
        };
        bytes = injected.into_bytes();
    }
    let response = Response::from_data(bytes)
        .with_status_code(code)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

/// The file for a URL path, refusing anything that leaves the output folder.
fn resolve(out: &Path, url: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url.trim_start_matches('/'));
    let mut path = out.to_path_buf();
    for c in Path::new(&decoded).components() {
        match c {
            Component::Normal(s) => path.push(s),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    path.is_file().then_some(path)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_stays_inside_the_output() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("releases/1.0.0")).unwrap();
        std::fs::write(dir.path().join("releases/1.0.0/index.html"), "x").unwrap();
        assert!(resolve(dir.path(), "/releases/1.0.0/").is_some());
        assert!(resolve(dir.path(), "/releases/1.0.0").is_some());
        assert!(resolve(dir.path(), "/releases/%2E%2E/%2E%2E/etc/passwd").is_none());
        assert!(resolve(dir.path(), "/../x").is_none());
        assert_eq!(percent_decode("a%20b"), "a b");
    }
}
