//! `relbook init`: a new site with one example of every content kind.

use std::path::Path;

use chrono::{NaiveDate, TimeDelta};

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

/// Writes the example site into `args.dir`, refusing if any of its files exists. The
/// examples are dated around today (`RELBOOK_TODAY` pins it), so a new site has a
/// release shipped three weeks ago and the next one planned in two weeks.
pub fn run(args: &InitArgs) -> Result<()> {
    let git = args.repo.as_deref().unwrap_or(crate::config::RELBOOK_GIT);
    if git.is_empty() || git.contains(|c: char| c.is_whitespace() || c == '"' || c == '\\') {
        return Err(Error::Usage(format!(
            "--repo must be a git repository address such as {}, not `{git}`",
            crate::config::RELBOOK_GIT
        )));
    }
    init(&args.dir, super::today()?, git)?;
    eprintln!(
        "Created a relbook site in {}. Next: cd {} && relbook build",
        args.dir.display(),
        args.dir.display()
    );
    Ok(())
}

/// A scaffold file's text with each `{{today-N}}` / `{{today+N}}` replaced by the day N
/// days before / after `today` (YYYY-MM-DD).
pub fn fill(text: &str, today: NaiveDate) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{today") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "{{today".len()..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[at..]);
            return out;
        };
        match after[..end].parse::<i64>() {
            Ok(days) => out.push_str(&(today + TimeDelta::days(days)).to_string()),
            Err(_) => out.push_str(&rest[at..at + "{{today".len() + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Writes the example site into `dir`, dated around `today`, its Pages workflow
/// installing relbook from the git repository `relbook_git`.
pub fn init(dir: &Path, today: NaiveDate, relbook_git: &str) -> Result<()> {
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
        let text = fill(text, today).replace("{{relbook_git}}", relbook_git);
        f.write_all(text.as_bytes())
            .map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_filled_relative_to_today() {
        let today = NaiveDate::from_ymd_opt(2030, 1, 5).unwrap();
        assert_eq!(
            fill("a {{today-5}} b {{today+30}} c {{today+0}}", today),
            "a 2029-12-31 b 2030-02-04 c 2030-01-05"
        );
        assert_eq!(fill("{{today}} {{other}}", today), "{{today}} {{other}}");
        for (path, text) in FILES {
            let filled = fill(text, today);
            assert!(!filled.contains("{{today"), "{path}: {filled}");
        }
    }
}
