//! `relbook new release|retro|checklist|module|meeting|status`: scaffolds a content file,
//! never replacing an existing one, and prints its path.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::today;
use crate::cli::{NewArgs, NewWhat};
use crate::content::{MeetingKind, Phase, Status, Version};
use crate::error::{hint, Diagnostic, Error, Result};
use crate::scaffold::{self, Bump};
use crate::site::{LoadOptions, Site};

pub fn run(args: &NewArgs) -> Result<()> {
    let (site, _) = Site::load(
        &args.root,
        &LoadOptions {
            drafts: true,
            ..LoadOptions::without_pages()
        },
    )?;
    let find = |v: &str| -> Result<usize> {
        site.releases
            .iter()
            .position(|r| r.version().as_str() == v)
            .ok_or_else(|| {
                let names: Vec<&str> = site.releases.iter().map(|r| r.version().as_str()).collect();
                Error::Usage(format!("no release {v}{}", hint(v, names)))
            })
    };
    // Said once the file is written.
    let mut warning: Option<Diagnostic> = None;
    let (rel, text): (PathBuf, String) = match &args.what {
        NewWhat::Release {
            version,
            major,
            minor: _,
            patch,
        } => {
            let version = match version {
                Some(v) => v.clone(),
                None => {
                    let by = if *major {
                        Bump::Major
                    } else if *patch {
                        Bump::Patch
                    } else {
                        Bump::Minor
                    };
                    match scaffold::latest_version(&site) {
                        Some(latest) => scaffold::bump(&latest, by).to_string(),
                        None => "0.1.0".to_string(),
                    }
                }
            };
            if let Some(p) = Version::parse(&version).path_problem() {
                return Err(Error::Usage(p));
            }
            if site
                .releases
                .iter()
                .any(|r| r.version().as_str() == version && r.has_notes())
            {
                return Err(Error::Usage(format!(
                    "release {version} already has a note"
                )));
            }
            (
                Path::new("content/releases").join(format!("{version}.md")),
                scaffold::release(&site, &version, today()?),
            )
        }
        NewWhat::Retro { version } => {
            let i = find(version)?;
            let r = &site.releases[i];
            // A cancelled release may well get a review (why it was called off).
            if matches!(r.status, Status::Planned | Status::InProgress) {
                let rel = Path::new("content/retrospectives").join(format!("{version}.md"));
                let d = Diagnostic::warning(
                    rel,
                    2,
                    10,
                    format!(
                        "release {version} is {}: a retrospective looks back on a release that has shipped",
                        r.status
                    ),
                );
                warning = Some(d);
            }
            (
                Path::new("content/retrospectives").join(format!("{version}.md")),
                scaffold::retro(&site, i, today()?),
            )
        }
        NewWhat::Checklist { version, phase } => {
            let i = find(version)?;
            let phase = Phase::ALL.iter().copied().find(|p| p.as_str() == phase).ok_or_else(|| {
                Error::Usage(format!("unknown phase `{phase}`{}; phases: planning, design, testing, deployment, post-release", hint(phase, Phase::ALL.iter().map(|p| p.as_str()))))
            })?;
            (
                Path::new("content/checklists").join(format!("{version}-{phase}.md")),
                scaffold::checklist(&site, i, phase),
            )
        }
        NewWhat::Meeting { kind, release } => {
            let kind = MeetingKind::ALL
                .iter()
                .copied()
                .find(|k| k.as_str() == kind)
                .ok_or_else(|| {
                    let kinds = MeetingKind::ALL.iter().map(|k| k.as_str());
                    let all = kinds.clone().collect::<Vec<_>>().join(", ");
                    Error::Usage(format!(
                        "unknown meeting kind `{kind}`{}; kinds: {all}",
                        hint(kind, kinds)
                    ))
                })?;
            let i = release.as_deref().map(find).transpose()?;
            let (name, text) = scaffold::meeting(&site, kind, i, today()?);
            (Path::new("content/meetings").join(name), text)
        }
        NewWhat::Module { title } => {
            let (name, text) = scaffold::module(&site, title);
            (Path::new("content/handbook").join(name), text)
        }
        NewWhat::Status { week } => {
            let week = match week {
                Some(w) => super::status::parse_week(w)?,
                None => crate::content::Week::of(today()?),
            };
            (
                Path::new("content/status").join(format!("{week}.md")),
                scaffold::status_note(&site, week),
            )
        }
    };
    let path = args.root.join(&rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                Error::Usage(format!("refusing to overwrite {}", rel.display()))
            }
            _ => Error::io(&path, e),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(&path, e))?;
    println!("{}", rel.display());
    if let Some(w) = warning {
        eprintln!("{w}");
    }
    Ok(())
}
