//! Fuzzes the loader: arbitrary bytes as a content file of each kind go through front
//! matter splitting, YAML/TOML parsing, validation and Markdown rendering. Any panic is
//! a finding; errors are the expected outcome for most inputs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relbook::site::{LoadOptions, Site};

fuzz_target!(|data: &[u8]| {
    thread_local! {
        static DIR: tempfile_dir::Dir = tempfile_dir::Dir::new();
    }
    DIR.with(|dir| {
        let root = &dir.0;
        let kinds = ["releases/x.md", "retrospectives/x.md", "checklists/x.md", "handbook/01-x.md"];
        let kind = kinds[data.first().copied().unwrap_or(0) as usize % kinds.len()];
        for k in kinds {
            let _ = std::fs::remove_file(root.join("content").join(k));
        }
        let path = root.join("content").join(kind);
        std::fs::write(&path, data.get(1..).unwrap_or(&[])).expect("write input");
        if let Ok((site, _)) = Site::load(root, &LoadOptions::default()) {
            let _ = relbook::kpi::for_site(&site, &site.dora);
        }
    });
});

mod tempfile_dir {
    /// A site folder for this process, with one valid release to refer to.
    pub struct Dir(pub std::path::PathBuf);

    impl Dir {
        pub fn new() -> Dir {
            let root = std::env::temp_dir().join(format!("relbook-fuzz-{}", std::process::id()));
            for d in ["releases", "retrospectives", "checklists", "handbook"] {
                std::fs::create_dir_all(root.join("content").join(d)).expect("create dirs");
            }
            std::fs::write(root.join("relbook.toml"), "[git]\nenabled = false\n").expect("config");
            std::fs::write(root.join("content/releases/1.0.0.md"), "---\nversion: 1.0.0\ndate: 2026-01-01\n---\nBase.\n").expect("base");
            Dir(root)
        }
    }
}
