//! The serve rebuild after editing one release note (run by hand): loads the site at
//! ROOT, builds it in place once, then edits one note five times and reports each
//! rebuild (load + in-place render) as `relbook serve` does it.
//!
//! ```sh
//! cargo run --release --example bench_rebuild -- ROOT
//! ```

use std::time::Instant;

use relbook::site::{LoadOptions, Site};

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("ROOT"));
    let out = std::env::temp_dir().join("relbook-bench-rebuild");
    let _ = std::fs::remove_dir_all(&out);
    let site = Site::load(&root, &LoadOptions::default()).expect("load");
    relbook::render::build_in_place(&site, &out, &|| {}).expect("first build");
    let note = site.releases[site.releases.len() / 2].path.clone();
    let original = std::fs::read_to_string(root.join(&note)).expect("note");
    let mut times = Vec::new();
    for i in 0..5 {
        std::fs::write(root.join(&note), format!("{original}\nEdited {i}.\n")).expect("edit");
        let t = Instant::now();
        let site = Site::load(&root, &LoadOptions::default()).expect("load");
        let (_, changed) = relbook::render::build_in_place(&site, &out, &|| {}).expect("rebuild");
        times.push((t.elapsed().as_secs_f64() * 1e3, changed));
    }
    std::fs::write(root.join(&note), original).expect("restore");
    let list: Vec<String> = times
        .iter()
        .map(|(ms, c)| format!("{ms:.0} ms ({c} files)"))
        .collect();
    println!("serve rebuild after editing one note: {}", list.join(", "));
}
