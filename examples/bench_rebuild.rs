//! The serve rebuild after editing one release note (run by hand): builds the site at
//! ROOT as `relbook serve` does, then edits the end of one note's body five times, its
//! first paragraph five times, its title, date and status five times each and its
//! version once, and reports each rebuild as serve does it (file events → files
//! written), with the CPU time all threads spent on it.
//!
//! The note edited is the middle one of the site's releases, or with `newest` the newest
//! (the one a release manager edits most, shown on every list page).
//!
//! ```sh
//! cargo run --release --example bench_rebuild -- ROOT [newest]
//! ```

use std::path::PathBuf;
use std::sync::Mutex;

use relbook::serve::{rebuild, Options, Status};
use relbook::site::{LoadOptions, Site};

// The allocator of the relbook binary, so that the times are serve's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The CPU time of all the process's threads so far, in nanoseconds (Linux: the first
/// field of each thread's `schedstat`; 0 elsewhere). On a busy machine it moves less than
/// the wall time.
fn cpu_ns() -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).expect("ROOT"));
    let root = root.canonicalize().expect("ROOT");
    let out = std::env::temp_dir().join("relbook-bench-rebuild");
    let _ = std::fs::remove_dir_all(&out);
    let opts = Options {
        root: root.clone(),
        port: 0,
        drafts: false,
    };
    let url = "http://127.0.0.1:1/";
    let status = Mutex::new(Status::default());
    let mut session = None;
    rebuild(&opts, url, &out, &status, &mut session, &[]).expect("first build");
    let (site, _) = Site::load(&root, &LoadOptions::default()).expect("load");
    let which = match std::env::args().nth(2).as_deref() {
        Some("newest") => site.releases.iter().rposition(|r| r.has_notes()),
        _ => Some(site.releases.len() / 2),
    };
    let note = site.releases[which.expect("a release note")].path.clone();
    drop(site);
    let file = root.join(&note);
    let original = std::fs::read_to_string(&file).expect("note");
    // Saving the note: serve's rebuild after the watcher reports it.
    let save = |session: &mut _| {
        rebuild(
            &opts,
            url,
            &out,
            &status,
            session,
            std::slice::from_ref(&file),
        )
    };
    // Five saves of one kind of edit, as serve reports them.
    let mut edits = |edit: &dyn Fn(usize) -> String| {
        let mut times = Vec::new();
        for i in 0..5 {
            std::fs::write(&file, edit(i)).expect("edit");
            let cpu = cpu_ns();
            let r = save(&mut session).expect("rebuild");
            times.push(format!(
                "{:.1} ms to the pages, {:.0} ms in all, {:.0} ms CPU ({} files)",
                r.pages.map_or(f64::NAN, |p| p.as_secs_f64() * 1e3),
                r.total.as_secs_f64() * 1e3,
                (cpu_ns() - cpu) as f64 / 1e6,
                r.changed
            ));
        }
        times.join("; ")
    };
    // At the end of the body (past the search index's excerpt of it), then in the first
    // paragraph (the note's summary, which the feeds and the search index show too).
    let at_end = edits(&|i| format!("{original}\nEdited {i}.\n"));
    let body_start = original[3..].find("\n---\n").map_or(0, |p| p + 3 + 5);
    let (front, rest) = original.split_at(body_start);
    let in_summary = edits(&|i| format!("{front}Edited {i}. {rest}"));
    println!("serve, one note's body edited at its end: {at_end}");
    println!("serve, one note's first paragraph edited: {in_summary}");
    // Front matter edits, in place: the title (the note's page, its neighbours, the
    // lists), then the date moved by a year (its history years, the status reports, the
    // KPIs), then the status (the latest release, the plan).
    let title = edits(&|i| original.replacen("title:", &format!("title: Edited {i}"), 1));
    println!("serve, one note's title edited (front matter): {title}");
    let date_line = original
        .lines()
        .find(|l| l.starts_with("date: "))
        .unwrap_or("date:")
        .to_string();
    let moved = edits(&|i| {
        let year: i32 = date_line
            .get(6..10)
            .and_then(|y| y.parse().ok())
            .unwrap_or(2000);
        let day = format!(
            "date: {}{}",
            year + 1 + i as i32 % 2,
            &date_line[10.min(date_line.len())..]
        );
        original.replacen(&date_line, &day, 1)
    });
    println!("serve, one note's date moved by a year (front matter): {moved}");
    let status_line = original
        .lines()
        .find(|l| l.starts_with("status: "))
        .unwrap_or("status:")
        .to_string();
    let statuses = [
        "planned",
        "in-progress",
        "cancelled",
        "rolled-back",
        "released",
    ];
    let others: Vec<&str> = statuses
        .iter()
        .copied()
        .filter(|s| format!("status: {s}") != status_line)
        .collect();
    let status =
        edits(&|i| original.replacen(&status_line, &format!("status: {}", others[i % 4]), 1));
    println!("serve, one note's status changed (front matter): {status}");
    // A version change: the note's page moves and other files may name it: a full build.
    let version_line = original
        .lines()
        .find(|l| l.starts_with("version: "))
        .unwrap_or("version:")
        .to_string();
    let edited = original.replacen(&version_line, "version: 999.0.0", 1);
    std::fs::write(&file, &edited).expect("edit");
    let full = save(&mut session);
    std::fs::write(&file, &original).expect("restore");
    if let Some(r) = full {
        println!(
            "serve, one note's version changed (full rebuild): {:.0} ms ({} files)",
            r.total.as_secs_f64() * 1e3,
            r.changed
        );
    }
}
