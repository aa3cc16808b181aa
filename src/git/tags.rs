//! Release tags: the tags that match a pattern and name a SemVer version, one release
//! per version (the earliest tag, the others kept as aliases), and pre-release tags set
//! aside as candidates of the final version they lead to.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use git2::{Oid, Repository};

use super::{to_datetime, Candidate, TagRelease};

/// The version in `tag` for `pattern` (`v{version}` + `v2.3.0` → `2.3.0`).
pub fn match_pattern<'t>(pattern: &str, tag: &'t str) -> Option<&'t str> {
    let (prefix, suffix) = pattern.split_once("{version}")?;
    let v = tag.strip_prefix(prefix)?.strip_suffix(suffix)?;
    (!v.is_empty()).then_some(v)
}

/// A release tag as found, before tags of the same version are merged.
pub(super) struct Found {
    tag: String,
    version: semver::Version,
    oid: Oid,
    date: DateTime<FixedOffset>,
}

/// Every tag that matches one of `patterns` and names a SemVer version, sorted by
/// version, then date, then name.
pub(super) fn find(
    repo: &Repository,
    patterns: &[&str],
    warnings: &mut Vec<String>,
) -> Result<Vec<Found>, git2::Error> {
    let mut found: Vec<Found> = Vec::new();
    for reference in repo.references_glob("refs/tags/*")? {
        let reference = reference?;
        let Some(name) = reference.name().and_then(|n| n.strip_prefix("refs/tags/")) else {
            continue;
        };
        let Some(version) = patterns
            .iter()
            .find_map(|p| match_pattern(p, name))
            .and_then(|v| semver::Version::parse(v).ok())
        else {
            continue;
        };
        let commit = match reference.peel_to_commit() {
            Ok(c) => c,
            Err(_) => {
                warnings.push(format!("tag {name} does not point to a commit; ignored"));
                continue;
            }
        };
        let tagger = reference
            .target()
            .and_then(|oid| repo.find_tag(oid).ok())
            .and_then(|t| t.tagger().map(|s| s.when()));
        let date = to_datetime(tagger.unwrap_or_else(|| commit.committer().when()));
        found.push(Found {
            tag: name.to_string(),
            version,
            oid: commit.id(),
            date,
        });
    }
    if found.is_empty() {
        warnings.push(format!(
            "no tags in {} match {}; if the tags exist upstream, fetch them with `git fetch --tags`, or set [git] tag_pattern",
            repo.path().display(),
            patterns.join(", ")
        ));
    }
    found.sort_by(|a, b| {
        a.version
            .cmp(&b.version)
            .then(a.date.cmp(&b.date))
            .then_with(|| a.tag.cmp(&b.tag))
    });
    Ok(found)
}

/// One release per version from sorted `found` (the earliest tag; a later one naming the
/// same version becomes an alias, with a warning), without commits yet; and the
/// pre-release tags set aside, unless `include_prereleases`.
pub(super) fn one_per_version(
    found: Vec<Found>,
    include_prereleases: bool,
    warnings: &mut Vec<String>,
) -> (Vec<TagRelease>, Vec<Found>) {
    let mut releases: Vec<TagRelease> = Vec::new();
    let mut prereleases: Vec<Found> = Vec::new();
    for f in found {
        if !f.version.pre.is_empty() && !include_prereleases {
            prereleases.push(f);
            continue;
        }
        if let Some(last) = releases.last_mut().filter(|r| r.version == f.version) {
            warnings.push(format!(
                "tags {} and {} both name version {}; using {} (the earlier)",
                last.tag, f.tag, f.version, last.tag
            ));
            last.aliases.push(f.tag);
            continue;
        }
        releases.push(TagRelease {
            version: f.version,
            tag: f.tag,
            aliases: Vec::new(),
            date: f.date,
            previous_tag: None,
            commits: Vec::new(),
            oid: f.oid,
        });
    }
    (releases, prereleases)
}

/// Pre-release tags by the final version they lead to (`v2.0.0-rc.1` → `2.0.0`).
pub(super) fn candidates(prereleases: Vec<Found>) -> BTreeMap<String, Vec<Candidate>> {
    let mut candidates: BTreeMap<String, Vec<Candidate>> = BTreeMap::new();
    for p in prereleases {
        let final_version =
            semver::Version::new(p.version.major, p.version.minor, p.version.patch).to_string();
        candidates
            .entry(final_version)
            .or_default()
            .push(Candidate {
                tag: p.tag,
                version: p.version.to_string(),
                date: p.date,
            });
    }
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert_eq!(match_pattern("v{version}", "v1.2.3"), Some("1.2.3"));
        assert_eq!(match_pattern("core-{version}", "core-1.2.3"), Some("1.2.3"));
        assert_eq!(match_pattern("v{version}", "1.2.3"), None);
        assert_eq!(match_pattern("{version}", "1.2.3"), Some("1.2.3"));
    }
}
