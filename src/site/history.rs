//! The release history from git, joined to the release notes: which tag is which
//! release, dates from tags, releases for tags without a note, and lead-time moments.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveTime, TimeZone};

use crate::config::Config;
use crate::content::*;
use crate::error::Diagnostic;
use crate::git::{self, History};

/// Reads the history the config points at. `Ok((None, note))` when there is no
/// repository to read; an error when a configured one cannot be read.
pub(super) fn load_history(
    root: &Path,
    config: &Config,
) -> std::result::Result<(Option<History>, Vec<String>), Diagnostic> {
    let cfg = &config.git;
    if cfg.enabled == Some(false) {
        return Ok((None, Vec::new()));
    }
    let config_error = |key: &str, message: String| {
        let text = std::fs::read_to_string(root.join("relbook.toml")).unwrap_or_default();
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .map_or(1, |i| i + 1);
        Diagnostic::error("relbook.toml", line, 1, message)
    };
    let repo = match &cfg.repo {
        Some(path) => git::open(&root.join(path)).map_err(|e| {
            config_error(
                "repo",
                format!("cannot open git repository `{path}`: {}", e.message()),
            )
        })?,
        None => match git::discover(root) {
            Some(repo) => repo,
            None if cfg.enabled == Some(true) => {
                return Err(config_error(
                    "enabled",
                    format!(
                        "[git] enabled = true, but no git repository contains {}; set [git] repo",
                        root.display()
                    ),
                ))
            }
            None => {
                return Ok((
                    None,
                    vec![
                        "no git repository found; the site is built from content alone".to_string(),
                    ],
                ))
            }
        },
    };
    let patterns = cfg.tag_pattern.list();
    let skip = cfg.skip_tags.list();
    let opts = git::Options {
        patterns: &patterns,
        skip: &skip,
        include_prereleases: cfg.include_prereleases,
        cache: cfg.cache,
    };
    let history = git::read(&repo, &opts).map_err(|e| {
        config_error(
            "[git]",
            format!(
                "cannot read the git history of {}: {}",
                repo.path().display(),
                e.message()
            ),
        )
    })?;
    let notes = history.warnings.clone();
    Ok((Some(history), notes))
}

/// Pairs release notes with release tags (by the note's `tag`, else by version), fills
/// a note's missing `date` from its tag, and adds a release for every tag without a note.
pub(super) fn attach_history(
    h: &History,
    kept: &mut Vec<(Option<Source>, ReleaseFront, Option<usize>)>,
    tz: FixedOffset,
) {
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    let mut by_version: HashMap<String, usize> = HashMap::new();
    for (i, r) in h.releases.iter().enumerate() {
        by_name.insert(&r.tag, i);
        for a in &r.aliases {
            by_name.insert(a, i);
        }
        by_version.insert(r.version.to_string(), i);
    }
    let mut used = vec![false; h.releases.len()];
    for (_, front, git) in kept.iter_mut() {
        let found = match &front.tag {
            Some(tag) => by_name.get(tag.as_str()).copied(),
            None => front
                .version
                .semver()
                .and_then(|v| by_version.get(&v.to_string()).copied()),
        };
        if let Some(i) = found.filter(|&i| !used[i]) {
            used[i] = true;
            *git = Some(i);
            let tag = &h.releases[i];
            front.tag.get_or_insert_with(|| tag.tag.clone());
            front
                .date
                .get_or_insert(Date(tag.date.with_timezone(&tz).date_naive()));
        }
    }
    for (i, tag) in h.releases.iter().enumerate().filter(|(i, _)| !used[*i]) {
        let version = Version::parse(&tag.version.to_string());
        if version.path_problem().is_some() {
            continue;
        }
        let front = ReleaseFront::from_tag(
            version,
            Date(tag.date.with_timezone(&tz).date_naive()),
            tag.tag.clone(),
        );
        kept.push((None, front, Some(i)));
    }
    kept.sort_by(|a, b| a.1.version.cmp(&b.1.version));
}

/// The tag [`attach_history`] pairs a note with (`front` as written), when no other note
/// took it first: the tag the note names, else the tag of its version (the last of equal
/// names, as the pairing's maps keep).
pub(super) fn tag_for(h: &History, front: &ReleaseFront) -> Option<usize> {
    match &front.tag {
        Some(tag) => h
            .releases
            .iter()
            .rposition(|r| &r.tag == tag || r.aliases.iter().any(|a| a == tag)),
        None => {
            let v = front.version.semver()?.to_string();
            h.releases.iter().rposition(|r| r.version.to_string() == v)
        }
    }
}

/// When a release happened, for lead times: its tag's moment, unless the note gives a
/// different day, which then wins (from the start of that day in the site's zone).
pub fn release_moment(
    note_date: Option<Date>,
    tag: DateTime<FixedOffset>,
    tz: FixedOffset,
) -> DateTime<FixedOffset> {
    match note_date {
        Some(d) if d.0 != tag.with_timezone(&tz).date_naive() => tz
            .from_local_datetime(&d.0.and_time(NaiveTime::MIN))
            .single()
            .unwrap_or(tag),
        _ => tag,
    }
}
