//! `relbook init`: a new site with one example of every content kind.

use std::path::Path;

use crate::cli::InitArgs;
use crate::error::{Error, Result};

macro_rules! scaffold {
    ($($path:literal),+ $(,)?) => { &[$(($path, include_str!(concat!("../../scaffold/", $path)))),+] };
}

/// The files `init` writes, relative to the new site's folder.
pub const FILES: &[(&str, &str)] = scaffold!(
    "relbook.toml",
    "README.md",
    "content/stakeholders.toml",
    "content/releases/1.0.0.md",
    "content/releases/1.1.0.md",
    "content/retrospectives/1.0.0.md",
    "content/checklists/1.0.0-planning.md",
    "content/checklists/1.0.0-testing.md",
    "content/checklists/1.0.0-deployment.md",
    "content/checklists/template-deployment.md",
    "content/handbook/01-welcome.md",
    ".github/workflows/pages.yml",
);

/// Writes the example site into `args.dir`, refusing if any of its files exists.
pub fn run(args: &InitArgs) -> Result<()> {
    init(&args.dir)?;
    eprintln!(
        "Created a relbook site in {}. Next: cd {} && relbook build",
        args.dir.display(),
        args.dir.display()
    );
    Ok(())
}

pub fn init(dir: &Path) -> Result<()> {
    let existing: Vec<&str> = FILES
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| dir.join(p).exists())
        .collect();
    if !existing.is_empty() {
        return Err(Error::Usage(format!(
            "refusing to overwrite existing files in {}: {}",
            dir.display(),
            existing.join(", ")
        )));
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        // create_new: never replace a file that appeared since the check above.
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        f.write_all(text.as_bytes())
            .map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}
