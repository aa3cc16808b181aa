//! `relbook changelog`

use std::io::Write;

use crate::changelog;
use crate::cli::ChangelogArgs;
use crate::error::{Error, Result};
use crate::site::{LoadOptions, Site};

/// Prints the changelog, or writes it to `--output`, refusing to replace a file that
/// `relbook changelog` did not write unless `--force`.
pub fn run(args: &ChangelogArgs) -> Result<()> {
    let (site, report) = Site::load(&args.root, &LoadOptions::without_pages())?;
    report.print();
    let text = changelog::render(&site);
    match &args.output {
        None => std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| Error::io(std::path::Path::new("<stdout>"), e)),
        Some(path) => {
            if let Ok(existing) = std::fs::read_to_string(path) {
                if !existing.starts_with(changelog::MARKER) && !args.force {
                    return Err(Error::Usage(format!(
                        "refusing to replace {}: it was not written by `relbook changelog` (use --force to replace it)",
                        path.display()
                    )));
                }
            }
            std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
            eprintln!("Wrote {}", path.display());
            Ok(())
        }
    }
}
