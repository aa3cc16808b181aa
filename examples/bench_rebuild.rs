//! The serve rebuild after editing one release note (run by hand): builds the site at
//! ROOT as `relbook serve` does, then edits the body of one note five times and its front
//! matter once, and reports each rebuild as serve does it (file events → files written).
//!
//! ```sh
//! cargo run --release --example bench_rebuild -- ROOT
//! ```

use std::path::PathBuf;
use std::sync::Mutex;

use relbook::serve::{rebuild, Options, Status};
use relbook::site::{LoadOptions, Site};

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
    let site = Site::load(&root, &LoadOptions::default()).expect("load");
    let note = site.releases[site.releases.len() / 2].path.clone();
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
    let mut body = Vec::new();
    for i in 0..5 {
        std::fs::write(&file, format!("{original}\nEdited {i}.\n")).expect("edit");
        let r = save(&mut session).expect("rebuild");
        body.push(format!(
            "{:.1} ms to the pages, {:.0} ms in all ({} files)",
            r.pages.map_or(f64::NAN, |p| p.as_secs_f64() * 1e3),
            r.total.as_secs_f64() * 1e3,
            r.changed
        ));
    }
    // A front matter edit: a full rebuild.
    let edited = original.replacen("title:", "title: Edited", 1);
    std::fs::write(&file, &edited).expect("edit");
    let full = save(&mut session);
    std::fs::write(&file, original).expect("restore");
    println!("serve, one note's body edited: {}", body.join("; "));
    if let Some(r) = full {
        println!(
            "serve, one note's front matter edited (full rebuild): {:.0} ms ({} files)",
            r.total.as_secs_f64() * 1e3,
            r.changed
        );
    }
}
