//! Release history from git: release tags, the commits of each release, Conventional
//! Commits grouping, references, authors and lead times.
//!
//! Only what is reachable from release tags is walked (plus `HEAD` for the unreleased
//! part), each release's range once: the commits reachable from its tag and not from the
//! tag of the next lower version. The release moment of a tag is the tagger date of an
//! annotated tag, else the committer date of the tagged commit.

use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, TimeZone};
use git2::{Oid, Repository};
use rayon::prelude::*;
use serde::Serialize;

/// What to read.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    pub patterns: &'a [&'a str],
    pub include_prereleases: bool,
    /// Keep the commits of each range in the user's cache folder for the next build
    /// (see [`cache`]).
    pub cache: bool,
}

pub mod cache;

/// The history of one repository.
#[derive(Debug, Default)]
pub struct History {
    /// Where it was read from.
    pub path: PathBuf,
    /// Sorted by version, oldest first.
    pub releases: Vec<TagRelease>,
    /// Pre-release tags, by the final version they lead to (`2.0.0` → `v2.0.0-rc.1`, …).
    pub candidates: BTreeMap<String, Vec<Candidate>>,
    /// Commits on `HEAD` after the newest release tag.
    pub unreleased: Vec<Commit>,
    pub shallow: bool,
    /// Things worth telling the user (duplicate tags, shallow clone, no tags).
    pub warnings: Vec<String>,
}

/// A release tag with its commits.
#[derive(Debug)]
pub struct TagRelease {
    pub version: semver::Version,
    pub tag: String,
    /// Other tags naming the same version.
    pub aliases: Vec<String>,
    pub date: DateTime<FixedOffset>,
    pub previous_tag: Option<String>,
    /// Newest first.
    pub commits: Vec<Commit>,
    oid: Oid,
}

/// A pre-release tag rolled into its final release.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub tag: String,
    pub version: String,
    pub date: DateTime<FixedOffset>,
}

/// One commit.
#[derive(Debug, Clone)]
pub struct Commit {
    pub id: Oid,
    pub author: String,
    pub time: DateTime<FixedOffset>,
    pub change: Change,
}

impl Commit {
    /// Full hexadecimal id.
    pub fn hex(&self) -> String {
        self.id.to_string()
    }

    /// The first 7 hexadecimal digits.
    pub fn short(&self) -> String {
        let mut hex = self.id.to_string();
        hex.truncate(7);
        hex
    }
}

/// Which list a change goes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Group {
    Features,
    Fixes,
    Performance,
    Refactoring,
    Documentation,
    Other,
    Merges,
}

impl Group {
    pub const ALL: [Group; 7] = [
        Group::Features,
        Group::Fixes,
        Group::Performance,
        Group::Refactoring,
        Group::Documentation,
        Group::Other,
        Group::Merges,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Group::Features => "Features",
            Group::Fixes => "Fixes",
            Group::Performance => "Performance",
            Group::Refactoring => "Refactoring",
            Group::Documentation => "Documentation",
            Group::Other => "Other",
            Group::Merges => "Merges",
        }
    }
}

/// A reference to an issue or a pull request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Ref {
    pub number: u64,
    pub pull: bool,
}

/// A commit message read as a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub group: Group,
    /// The Conventional Commits type as written, lowercased (`feat`, `chore`…).
    pub kind: Option<String>,
    pub scope: Option<String>,
    pub description: String,
    pub breaking: bool,
    pub refs: Vec<Ref>,
}

/// Reads a commit message (Conventional Commits 1.0; types are case-insensitive).
pub fn parse_message(summary: &str, body: &str, merge: bool) -> Change {
    let mut refs = find_refs(summary);
    for line in body.lines() {
        let lower = line.trim().to_ascii_lowercase();
        for verb in [
            "fixes", "fixed", "fix", "closes", "closed", "close", "resolves", "resolved", "resolve",
        ] {
            if lower.starts_with(verb) && lower[verb.len()..].trim_start().starts_with(['#', ':']) {
                refs.extend(find_refs(line));
            }
        }
    }
    refs.dedup();
    let footer_breaking = body
        .lines()
        .any(|l| l.starts_with("BREAKING CHANGE:") || l.starts_with("BREAKING-CHANGE:"));
    if merge {
        return Change {
            group: Group::Merges,
            kind: None,
            scope: None,
            description: summary.to_string(),
            breaking: footer_breaking,
            refs,
        };
    }
    let other = |breaking| Change {
        group: Group::Other,
        kind: None,
        scope: None,
        description: summary.to_string(),
        breaking,
        refs: refs.clone(),
    };
    let Some((head, description)) = summary.split_once(':') else {
        return other(footer_breaking);
    };
    let description = description.trim();
    let (head, bang) = match head.strip_suffix('!') {
        Some(h) => (h, true),
        None => (head, false),
    };
    let (kind, scope) = match head.split_once('(') {
        Some((k, rest)) => match rest.strip_suffix(')') {
            Some(scope) if !scope.is_empty() && !scope.contains(['(', ')']) => {
                (k, Some(scope.trim().to_string()))
            }
            _ => return other(footer_breaking),
        },
        None => (head, None),
    };
    if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_alphabetic()) || description.is_empty() {
        return other(footer_breaking);
    }
    let kind = kind.to_ascii_lowercase();
    let group = match kind.as_str() {
        "feat" => Group::Features,
        "fix" => Group::Fixes,
        "perf" => Group::Performance,
        "refactor" => Group::Refactoring,
        "docs" => Group::Documentation,
        _ => Group::Other,
    };
    Change {
        group,
        kind: Some(kind),
        scope,
        description: description.to_string(),
        breaking: bang || footer_breaking,
        refs,
    }
}

/// `#123` references: after `(`, a space or the start; `Merge pull request #1` is a PR.
fn find_refs(text: &str) -> Vec<Ref> {
    let pull = text.starts_with("Merge pull request #");
    let bytes = text.as_bytes();
    let mut refs = Vec::new();
    for (i, _) in text.match_indices('#') {
        if i > 0 && !matches!(bytes[i - 1], b'(' | b' ' | b',' | b'[') {
            continue;
        }
        let digits: String = text[i + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let end = i + 1 + digits.len();
        if digits.is_empty()
            || digits.len() > 12
            || text[end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        if let Ok(number) = digits.parse() {
            refs.push(Ref {
                number,
                pull: pull && refs.is_empty(),
            });
        }
    }
    refs
}

/// The version in `tag` for `pattern` (`v{version}` + `v2.3.0` → `2.3.0`).
pub fn match_pattern<'t>(pattern: &str, tag: &'t str) -> Option<&'t str> {
    let (prefix, suffix) = pattern.split_once("{version}")?;
    let v = tag.strip_prefix(prefix)?.strip_suffix(suffix)?;
    (!v.is_empty()).then_some(v)
}

/// Opens `path` as a repository (work tree or bare), without searching upwards.
pub fn open(path: &Path) -> Result<Repository, git2::Error> {
    Repository::open_ext(
        path,
        git2::RepositoryOpenFlags::NO_SEARCH,
        std::iter::empty::<&std::ffi::OsStr>(),
    )
}

/// The repository that contains `root`, if any.
pub fn discover(root: &Path) -> Option<Repository> {
    Repository::discover(root).ok()
}

fn to_datetime(t: git2::Time) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(t.offset_minutes() * 60)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero"));
    offset
        .timestamp_opt(t.seconds(), 0)
        .single()
        .unwrap_or_else(|| DateTime::<chrono::Utc>::UNIX_EPOCH.fixed_offset())
}

struct Found {
    tag: String,
    version: semver::Version,
    oid: Oid,
    date: DateTime<FixedOffset>,
}

/// Reads the release history of `repo`.
pub fn read(repo: &Repository, opts: &Options) -> Result<History, git2::Error> {
    // Reading only: skip re-hashing every object read (as git itself does), which is a
    // fifth of the time on large histories.
    git2::opts::strict_hash_verification(false);
    // Each commit is read once, so libgit2's object cache only holds memory (up to 256 MB
    // of it): at 100,000 commits it grew the peak by tens of megabytes.
    git2::opts::enable_caching(false);
    let mut history = History {
        path: repo.path().to_path_buf(),
        shallow: repo.is_shallow(),
        ..History::default()
    };
    if history.shallow {
        history.warnings.push(format!(
            "{} is a shallow clone, so release commit lists and lead times are incomplete; fetch the full history with `git fetch --unshallow --tags` (GitHub Actions: actions/checkout with `fetch-depth: 0`)",
            repo.path().display()
        ));
    }

    // Every tag that matches a pattern and names a SemVer version.
    let mut found: Vec<Found> = Vec::new();
    for reference in repo.references_glob("refs/tags/*")? {
        let reference = reference?;
        let Some(name) = reference.name().and_then(|n| n.strip_prefix("refs/tags/")) else {
            continue;
        };
        let Some(version) = opts
            .patterns
            .iter()
            .find_map(|p| match_pattern(p, name))
            .and_then(|v| semver::Version::parse(v).ok())
        else {
            continue;
        };
        let commit = match reference.peel_to_commit() {
            Ok(c) => c,
            Err(_) => {
                history
                    .warnings
                    .push(format!("tag {name} does not point to a commit; ignored"));
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
        history.warnings.push(format!(
            "no tags in {} match {}; if the tags exist upstream, fetch them with `git fetch --tags`, or set [git] tag_pattern",
            repo.path().display(),
            opts.patterns.join(", ")
        ));
    }
    found.sort_by(|a, b| {
        a.version
            .cmp(&b.version)
            .then(a.date.cmp(&b.date))
            .then_with(|| a.tag.cmp(&b.tag))
    });

    // One release per version (the earliest tag), pre-releases set aside as candidates.
    let mut releases: Vec<TagRelease> = Vec::new();
    let mut prereleases: Vec<Found> = Vec::new();
    for f in found {
        if !f.version.pre.is_empty() && !opts.include_prereleases {
            prereleases.push(f);
            continue;
        }
        if let Some(last) = releases.last_mut().filter(|r| r.version == f.version) {
            history.warnings.push(format!(
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
    for p in prereleases {
        let final_version =
            semver::Version::new(p.version.major, p.version.minor, p.version.patch).to_string();
        history
            .candidates
            .entry(final_version)
            .or_default()
            .push(Candidate {
                tag: p.tag,
                version: p.version.to_string(),
                date: p.date,
            });
    }

    // Each range once: tag minus the tag of the next lower version. Ranges are
    // independent, so they are read in parallel, one repository handle per task.
    let path = repo.path().to_path_buf();
    let ranges: Vec<(Oid, Option<Oid>)> = (0..releases.len())
        .map(|i| (releases[i].oid, i.checked_sub(1).map(|p| releases[p].oid)))
        .collect();
    // Unreleased (HEAD minus every release tag) is independent of the ranges: walk it
    // alongside them, on its own handle.
    let head = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .ok()
        .map(|c| c.id());
    let hidden: Vec<Oid> = releases.iter().map(|r| r.oid).collect();
    let cache_file = (opts.cache && !history.shallow)
        .then(|| cache::path(repo.path()))
        .flatten();
    let mut cached = cache_file.as_deref().map(cache::load).unwrap_or_default();
    let mut found: Vec<Option<Vec<cache::Raw>>> = ranges.iter().map(|r| cached.remove(r)).collect();
    let todo: Vec<usize> = (0..ranges.len()).filter(|&i| found[i].is_none()).collect();
    let (walked, unreleased) = rayon::join(
        || -> Vec<Result<Vec<cache::Raw>, git2::Error>> {
            todo.par_iter()
                .with_min_len(8)
                .map_init(
                    || Repository::open(&path),
                    |repo, &i| {
                        let (tip, hide) = &ranges[i];
                        match repo {
                            Ok(repo) => walk(repo, &[*tip], hide.as_slice()),
                            Err(e) => Err(git2::Error::new(e.code(), e.class(), e.message())),
                        }
                    },
                )
                .collect()
        },
        || -> Result<Vec<cache::Raw>, git2::Error> {
            match head {
                Some(head) => walk(&Repository::open(&path)?, &[head], &hidden),
                None => Ok(Vec::new()),
            }
        },
    );
    for (&i, raws) in todo.iter().zip(walked) {
        found[i] = Some(raws?);
    }
    let found: Vec<Vec<cache::Raw>> = found.into_iter().map(Option::unwrap_or_default).collect();
    // Rewrite the cache when a range was read or one it held is gone.
    if let Some(file) = cache_file.filter(|_| !todo.is_empty() || !cached.is_empty()) {
        let entries: Vec<(cache::Range, &[cache::Raw])> = ranges
            .iter()
            .zip(&found)
            .map(|(r, raws)| (*r, raws.as_slice()))
            .collect();
        cache::store(&file, &entries);
    }
    let commits: Vec<Vec<Commit>> = found
        .into_par_iter()
        .map(|raws| raws.into_iter().map(cache::Raw::into_commit).collect())
        .collect();
    for (i, commits) in commits.into_iter().enumerate() {
        releases[i].previous_tag = i.checked_sub(1).map(|p| releases[p].tag.clone());
        releases[i].commits = commits;
    }
    history.unreleased = unreleased?
        .into_iter()
        .map(cache::Raw::into_commit)
        .collect();
    history.releases = releases;
    Ok(history)
}

/// Commits reachable from `push` but not from `hide`, like `git rev-list push ^hide`.
///
/// This is git's own algorithm (`limit_list` in revision.c), written out so that each
/// commit is read from the object database once: libgit2's revwalk parses every commit
/// for its parents and date, and the caller then had to read it a second time for its
/// message and author — at 100,000 commits, half of the history step. Commits come out
/// newest first by committer date; hidden commits spread their mark to their ancestors,
/// and the walk ends once every queued commit is hidden (plus a few steps of slop
/// against clock skew, as git does). Parents missing from a shallow clone end the walk
/// along that line.
fn walk(repo: &Repository, push: &[Oid], hide: &[Oid]) -> Result<Vec<cache::Raw>, git2::Error> {
    let mut w = Walk {
        repo,
        seen: HashMap::new(),
        queue: BinaryHeap::new(),
        interesting: 0,
        queued: 0,
        marked: std::collections::HashSet::new(),
    };
    for &oid in push {
        w.add(oid, false)?;
    }
    for &oid in hide {
        w.add(oid, true)?;
    }
    let mut found: Vec<cache::Raw> = Vec::new();
    let mut slop = WALK_SLOP;
    // Committer date of the last commit found (git's `date`).
    let mut last = i64::MAX;
    while let Some((time, _, oid)) = w.queue.pop() {
        let Some(s) = w.seen.get_mut(&oid) else {
            continue;
        };
        s.queued = false;
        let parents = std::mem::take(&mut s.parents);
        let commit = s.commit.take();
        if s.hidden {
            w.hide_ancestors(&parents);
            for &p in &parents {
                w.add(p, true)?;
            }
            s_restore(&mut w.seen, oid, parents);
            // Interesting commits still queued, or any as new as the last one found?
            if w.interesting > 0 || w.queue.peek().is_some_and(|q| q.0 >= last) {
                slop = WALK_SLOP;
                continue;
            }
            slop -= 1;
            if slop == 0 {
                break;
            }
            continue;
        }
        w.interesting -= 1;
        last = time;
        if let Some(c) = commit {
            let author = c.author();
            found.push(cache::Raw {
                id: oid,
                author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
                seconds: author.when().seconds(),
                offset_minutes: author.when().offset_minutes(),
                parents: parents.len() as u32,
                message: String::from_utf8_lossy(c.message_bytes()).into_owned(),
            });
        }
        for &p in &parents {
            w.add(p, false)?;
        }
        s_restore(&mut w.seen, oid, parents);
    }
    // Commits found before a hidden line reached them (clock skew) are not in the range.
    found.retain(|c| !w.seen.get(&c.id).is_some_and(|s| s.hidden));
    Ok(found)
}

/// Steps the walk goes on once only hidden commits are queued, in case a commit with a
/// skewed date is still to come (git's `SLOP`).
const WALK_SLOP: u32 = 5;

struct Seen<'r> {
    hidden: bool,
    queued: bool,
    parents: Vec<Oid>,
    /// Kept from reading the commit until it is taken from the queue.
    commit: Option<git2::Commit<'r>>,
}

struct Walk<'r> {
    repo: &'r Repository,
    seen: HashMap<Oid, Seen<'r>>,
    /// By committer date, newest first; equal dates in the order queued, as in git.
    queue: BinaryHeap<(i64, std::cmp::Reverse<u64>, Oid)>,
    /// Commits queued so far.
    queued: u64,
    /// Commits marked hidden before they were read (git marks a hidden commit's parents
    /// as soon as it reads the commit).
    marked: std::collections::HashSet<Oid>,
    /// Queued commits that are not hidden.
    interesting: usize,
}

impl<'r> Walk<'r> {
    /// Reads and queues a commit not seen before; marks a seen one hidden if `hidden`.
    /// A commit missing from the repository (a shallow clone's edge) is left out.
    fn add(&mut self, oid: Oid, hidden: bool) -> Result<(), git2::Error> {
        let hidden = self.marked.remove(&oid) || hidden;
        if let Some(s) = self.seen.get_mut(&oid) {
            if hidden && !s.hidden {
                s.hidden = true;
                if s.queued {
                    self.interesting -= 1;
                }
                let parents = s.parents.clone();
                self.hide_ancestors(&parents);
            }
            return Ok(());
        }
        let c = match self.repo.find_commit(oid) {
            Ok(c) => c,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        self.queued += 1;
        self.queue
            .push((c.time().seconds(), std::cmp::Reverse(self.queued), oid));
        if !hidden {
            self.interesting += 1;
        }
        let parents: Vec<Oid> = c.parent_ids().collect();
        if hidden {
            self.hide_ancestors(&parents);
        }
        self.seen.insert(
            oid,
            Seen {
                hidden,
                queued: true,
                parents,
                commit: (!hidden).then_some(c),
            },
        );
        Ok(())
    }

    /// Marks the seen ancestors of `parents` hidden (git's `mark_parents_uninteresting`).
    fn hide_ancestors(&mut self, parents: &[Oid]) {
        let mut stack: Vec<Oid> = parents.to_vec();
        while let Some(oid) = stack.pop() {
            match self.seen.get_mut(&oid) {
                Some(s) if !s.hidden => {
                    s.hidden = true;
                    s.commit = None;
                    if s.queued {
                        self.interesting -= 1;
                    }
                    stack.extend_from_slice(&s.parents);
                }
                Some(_) => {}
                None => {
                    self.marked.insert(oid);
                }
            }
        }
    }
}

/// Puts a popped commit's parents back, for `hide_ancestors` of later commits.
fn s_restore(seen: &mut HashMap<Oid, Seen>, oid: Oid, parents: Vec<Oid>) {
    if let Some(s) = seen.get_mut(&oid) {
        s.parents = parents;
    }
}

impl TagRelease {
    /// Commit object id of the tag, for tests and tools.
    pub fn commit_id(&self) -> String {
        self.oid.to_string()
    }
}

/// Lead times of a release's commits, in days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct LeadTime {
    /// Nearest-rank median.
    pub median: f64,
    /// Nearest-rank 90th percentile.
    pub p90: f64,
    pub commits: usize,
    /// Commits dated after the release (clock skew), counted as zero.
    pub skewed: usize,
}

/// The nearest-rank percentile `p` (0–100] of sorted `values`: the smallest value with
/// at least p% of the values at or below it.
pub fn nearest_rank(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted.get(rank.min(sorted.len()) - 1).copied()
}

impl LeadTime {
    /// Lead time of each commit = `release` − its author date, in days.
    pub fn compute(commits: &[Commit], release: DateTime<FixedOffset>) -> Option<LeadTime> {
        let mut skewed = 0;
        let mut days: Vec<f64> = commits
            .iter()
            .map(|c| {
                let d = (release - c.time).num_seconds() as f64 / 86_400.0;
                if d < 0.0 {
                    skewed += 1;
                }
                d.max(0.0)
            })
            .collect();
        days.sort_by(f64::total_cmp);
        Some(LeadTime {
            median: nearest_rank(&days, 50.0)?,
            p90: nearest_rank(&days, 90.0)?,
            commits: days.len(),
            skewed,
        })
    }
}

/// Links into the product repository's web pages (GitHub and GitLab shapes).
#[derive(Debug, Clone)]
pub struct Links {
    base: String,
    gitlab: bool,
}

impl Links {
    /// `None` when there is no repository URL.
    pub fn new(repo_url: &str) -> Option<Links> {
        let base = repo_url
            .trim()
            .trim_end_matches('/')
            .trim_end_matches(".git");
        (!base.is_empty()).then(|| Links {
            base: base.to_string(),
            gitlab: base.contains("gitlab"),
        })
    }

    fn sep(&self) -> &'static str {
        if self.gitlab {
            "/-"
        } else {
            ""
        }
    }

    pub fn commit(&self, id: &str) -> String {
        format!("{}{}/commit/{id}", self.base, self.sep())
    }

    pub fn reference(&self, r: Ref) -> String {
        match (r.pull, self.gitlab) {
            (true, false) => format!("{}/pull/{}", self.base, r.number),
            (true, true) => format!("{}/-/merge_requests/{}", self.base, r.number),
            (false, _) => format!("{}{}/issues/{}", self.base, self.sep(), r.number),
        }
    }

    pub fn compare(&self, from: &str, to: &str) -> String {
        format!("{}{}/compare/{from}...{to}", self.base, self.sep())
    }

    pub fn tag(&self, tag: &str) -> String {
        format!("{}{}/tree/{tag}", self.base, self.sep())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventional_subjects() {
        let c = parse_message("feat(billing)!: new engine (#281)", "", false);
        assert_eq!(
            (
                c.group,
                c.scope.as_deref(),
                c.breaking,
                c.description.as_str()
            ),
            (Group::Features, Some("billing"), true, "new engine (#281)")
        );
        assert_eq!(
            c.refs,
            [Ref {
                number: 281,
                pull: false
            }]
        );
        assert_eq!(
            parse_message("FIX: rounding", "", false).group,
            Group::Fixes
        );
        assert_eq!(
            parse_message("Perf(api): faster", "", false).group,
            Group::Performance
        );
        assert_eq!(
            parse_message("chore(deps): bump", "", false).group,
            Group::Other
        );
        assert_eq!(
            parse_message("chore(deps): bump", "", false)
                .kind
                .as_deref(),
            Some("chore")
        );
        let plain = parse_message("Update translations: German", "", false);
        assert_eq!((plain.group, plain.kind.as_deref()), (Group::Other, None));
        assert_eq!(parse_message("WIP tidy", "", false).group, Group::Other);
        assert!(parse_message("refactor: x", "\nBREAKING CHANGE: the API moved", false).breaking);
        assert!(!parse_message("feat (x): spaced", "", false).breaking);
    }

    #[test]
    fn references_in_subjects_bodies_and_merges() {
        let m = parse_message("Merge pull request #12 from lumen/x", "", true);
        assert_eq!(
            (m.group, m.refs.as_slice()),
            (
                Group::Merges,
                &[Ref {
                    number: 12,
                    pull: true
                }][..]
            )
        );
        let b = parse_message(
            "fix: totals",
            "\nFixes #45\nCloses: #46\nsee issue#7",
            false,
        );
        assert_eq!(
            b.refs,
            [
                Ref {
                    number: 45,
                    pull: false
                },
                Ref {
                    number: 46,
                    pull: false
                }
            ]
        );
        assert!(find_refs("color #fff and C#").is_empty());
    }

    #[test]
    fn patterns() {
        assert_eq!(match_pattern("v{version}", "v1.2.3"), Some("1.2.3"));
        assert_eq!(match_pattern("core-{version}", "core-1.2.3"), Some("1.2.3"));
        assert_eq!(match_pattern("v{version}", "1.2.3"), None);
        assert_eq!(match_pattern("{version}", "1.2.3"), Some("1.2.3"));
    }

    #[test]
    fn nearest_rank_percentiles() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        assert_eq!(nearest_rank(&v, 50.0), Some(5.0));
        assert_eq!(nearest_rank(&v, 90.0), Some(9.0));
        assert_eq!(nearest_rank(&[3.0], 90.0), Some(3.0));
        assert_eq!(nearest_rank(&[], 50.0), None);
    }

    #[test]
    fn link_shapes() {
        let gh = Links::new("https://github.com/org/p/").unwrap();
        assert_eq!(
            gh.reference(Ref {
                number: 3,
                pull: true
            }),
            "https://github.com/org/p/pull/3"
        );
        assert_eq!(
            gh.compare("v1", "v2"),
            "https://github.com/org/p/compare/v1...v2"
        );
        let gl = Links::new("https://gitlab.com/org/p.git").unwrap();
        assert_eq!(
            gl.reference(Ref {
                number: 3,
                pull: true
            }),
            "https://gitlab.com/org/p/-/merge_requests/3"
        );
        assert_eq!(gl.commit("abc"), "https://gitlab.com/org/p/-/commit/abc");
        assert!(Links::new("").is_none());
    }
}
