//! The floor for any generator (run by hand): render every Markdown body in DIR and its
//! subfolders with pulldown-cmark (same extensions as relbook) and write each to
//! OUT/<name>.html, in parallel on the rayon pool (`RAYON_NUM_THREADS=1` for one thread).
//! Listing the folders is part of the time, as it is of a generator's.
//!
//! ```sh
//! cargo run --release --example floor -- DIR OUT
//! ```

use pulldown_cmark::{html, Options, Parser};
use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (dir, out) = (
        std::path::PathBuf::from(&args[1]),
        std::path::PathBuf::from(&args[2]),
    );
    std::fs::create_dir_all(&out).unwrap();
    let start = std::time::Instant::now();
    let mut files = Vec::new();
    let mut dirs = vec![dir];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                dirs.push(e.path());
            } else {
                files.push(e.path());
            }
        }
    }
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    files.par_iter().for_each(|p| {
        let text = std::fs::read_to_string(p).unwrap();
        let mut s = String::with_capacity(text.len() * 3 / 2);
        html::push_html(&mut s, Parser::new_ext(&text, opts));
        std::fs::write(out.join(p.file_stem().unwrap()).with_extension("html"), s).unwrap();
    });
    println!(
        "floor: {} bodies in {:.3} s",
        files.len(),
        start.elapsed().as_secs_f64()
    );
}
