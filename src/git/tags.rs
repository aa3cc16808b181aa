//! Release tags: the tags that match a pattern and name a SemVer version, one release
//! per version (the earliest tag, the others kept as aliases), and pre-release tags set
//! aside as candidates of the final version they lead to.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset};
use git2::{Oid, Repository};

use super::cache::Peeled;
use super::{to_datetime, Candidate, TagRelease};

/// The version in `tag` for `pattern` (`v{version}` + `v2.3.0` → `2.3.0`).
pub fn match_pattern<'t>(pattern: &str, tag: &'t str) -> Option<&'t str> {
    let (prefix, suffix) = pattern.split_once("{version}")?;
    let v = tag.strip_prefix(prefix)?.strip_suffix(suffix)?;
    (!v.is_empty()).then_some(v)
}

/// Whether `name` matches the glob `pattern`: `*` stands for any run of characters
/// (none included), `?` for one character, anything else for itself.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    // The last `*` seen and where in `name` it is tried up to; linear backtracking.
    let (mut pi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            (pi, ni) = (pi + 1, ni + 1);
        } else if pi < p.len() && p[pi] == '*' {
            (star, mark, pi) = (Some(pi), ni, pi + 1);
        } else if let Some(s) = star {
            (pi, mark) = (s + 1, mark + 1);
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// A release tag as found, before tags of the same version are merged.
pub(super) struct Found {
    tag: String,
    version: semver::Version,
    oid: Oid,
    date: DateTime<FixedOffset>,
}

/// What each tag reference pointed at, for the cache: target → peeled.
pub(super) type Peels = Vec<(Oid, Peeled)>;

/// Every tag that matches one of `patterns`, none of `skip`, and names a SemVer version,
/// sorted by version, then date, then name; and what each pointed at (`known` is what
/// the cache holds of that: those are not peeled again).
pub(super) fn find(
    repo: &Repository,
    patterns: &[&str],
    skip: &[&str],
    known: &HashMap<Oid, Peeled>,
    warnings: &mut Vec<String>,
) -> Result<(Vec<Found>, Peels), git2::Error> {
    let mut found: Vec<Found> = Vec::new();
    let mut peeled: Vec<(Oid, Peeled)> = Vec::new();
    for reference in repo.references_glob("refs/tags/*")? {
        let reference = reference?;
        let Some(name) = reference.name().and_then(|n| n.strip_prefix("refs/tags/")) else {
            continue;
        };
        if skip.iter().any(|p| glob_match(p, name)) {
            continue;
        }
        let Some(version) = patterns
            .iter()
            .find_map(|p| match_pattern(p, name))
            .and_then(|v| semver::Version::parse(v).ok())
        else {
            continue;
        };
        let target = reference.target();
        let p = match target.and_then(|t| known.get(&t)) {
            Some(p) => *p,
            None => match peel(repo, &reference) {
                Some(p) => p,
                None => {
                    warnings.push(format!("tag {name} does not point to a commit; ignored"));
                    continue;
                }
            },
        };
        if let Some(t) = target {
            peeled.push((t, p));
        }
        found.push(Found {
            tag: name.to_string(),
            version,
            oid: p.commit,
            date: to_datetime(git2::Time::new(p.seconds, p.offset_minutes)),
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
    peeled.sort_unstable_by_key(|p| p.0);
    peeled.dedup_by_key(|p| p.0);
    Ok((found, peeled))
}

/// The commit a tag reference points at and the tag's date: the tagger's for an
/// annotated tag, else the commit's committer date.
fn peel(repo: &Repository, reference: &git2::Reference) -> Option<Peeled> {
    let commit = reference.peel_to_commit().ok()?;
    let tagger = reference
        .target()
        .and_then(|oid| repo.find_tag(oid).ok())
        .and_then(|t| t.tagger().map(|s| s.when()));
    let when = tagger.unwrap_or_else(|| commit.committer().when());
    Some(Peeled {
        commit: commit.id(),
        seconds: when.seconds(),
        offset_minutes: when.offset_minutes(),
    })
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
    fn skip_globs() {
        assert!(glob_match("v0.*", "v0.9.1"));
        assert!(!glob_match("v0.*", "v10.0.0"));
        assert!(glob_match("v1.2.?", "v1.2.3"));
        assert!(!glob_match("v1.2.?", "v1.2.10"));
        assert!(glob_match("*-hotfix*", "v2.0.1-hotfix.1"));
        assert!(glob_match("v2.13.1", "v2.13.1"));
        assert!(!glob_match("v2.13.1", "v2.13.10"));
        assert!(glob_match("*", ""));
    }

    #[test]
    fn patterns() {
        assert_eq!(match_pattern("v{version}", "v1.2.3"), Some("1.2.3"));
        assert_eq!(match_pattern("core-{version}", "core-1.2.3"), Some("1.2.3"));
        assert_eq!(match_pattern("v{version}", "1.2.3"), None);
        assert_eq!(match_pattern("{version}", "1.2.3"), Some("1.2.3"));
    }
}
