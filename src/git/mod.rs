//! Release history from git: release tags, the commits of each release, Conventional
//! Commits grouping, references, authors and lead times.
//!
//! Only what is reachable from release tags is walked (plus `HEAD` for the unreleased
//! part), each release's range once: the commits reachable from its tag and not from the
//! tag of the next lower version. The release moment of a tag is the tagger date of an
//! annotated tag, else the committer date of the tagged commit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, TimeZone};
use git2::{Oid, Repository};
use rayon::prelude::*;

pub mod cache;
mod conventional;
mod lead_time;
mod links;
mod tags;
mod walk;

pub use conventional::{parse_message, Change, Group, Ref};
pub use lead_time::{median as median_of_sorted, nearest_rank, LeadTime};
pub use links::Links;
pub use tags::{glob_match, match_pattern};

use walk::walk;

/// What to read.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    pub patterns: &'a [&'a str],
    pub include_prereleases: bool,
    /// Tags to ignore: glob patterns (`*` any run of characters, `?` one character).
    pub skip: &'a [&'a str],
    /// Keep the commits of each range in the user's cache folder for the next build
    /// (see [`cache`]).
    pub cache: bool,
}

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
    pub author: Arc<str>,
    pub time: DateTime<FixedOffset>,
    pub change: Change,
}

/// Shares the strings that repeat across a history's commits (authors, types, scopes):
/// one allocation each rather than three per commit (1.5 million at 50,000 releases).
#[derive(Default)]
pub(crate) struct Interner(std::collections::HashSet<Arc<str>>);

impl Interner {
    fn share(&mut self, s: &mut Arc<str>) {
        match self.0.get(&**s) {
            Some(shared) => *s = Arc::clone(shared),
            None => {
                self.0.insert(Arc::clone(s));
            }
        }
    }

    /// `c`, its repeated strings shared.
    pub(crate) fn commit(&mut self, mut c: Commit) -> Commit {
        self.share(&mut c.author);
        if let Some(k) = &mut c.change.kind {
            self.share(k);
        }
        if let Some(s) = &mut c.change.scope {
            self.share(s);
        }
        c
    }
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

impl TagRelease {
    /// Commit object id of the tag, for tests and tools.
    pub fn commit_id(&self) -> String {
        self.oid.to_string()
    }
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

/// Reads the release history of `repo`.
pub fn read(repo: &Repository, opts: &Options) -> Result<History, git2::Error> {
    // Reading only: skip re-hashing every object read (as git itself does), which is a
    // fifth of the time on large histories.
    git2::opts::strict_hash_verification(false);
    // Each commit is read once, so libgit2's object cache only holds memory (up to 256 MB
    // of it): at 100,000 commits it grew the peak by tens of megabytes.
    git2::opts::enable_caching(false);
    let mut history = empty_history(repo);

    let cache_file = (opts.cache && !history.shallow)
        .then(|| cache::path(repo.path()))
        .flatten();
    let mut cached = cache_file.as_deref().map(cache::load).unwrap_or_default();

    // Every tag that matches a pattern and names a SemVer version.
    let (found, peeled) = tags::find(
        repo,
        opts.patterns,
        opts.skip,
        &cached.tags,
        &mut history.warnings,
    )?;
    // One release per version (the earliest tag), pre-releases set aside as candidates.
    let (mut releases, prereleases) =
        tags::one_per_version(found, opts.include_prereleases, &mut history.warnings);
    history.candidates = tags::candidates(prereleases);

    // Each range once: tag minus the tag of the next lower version; the ranges the cache
    // holds are taken from it, and so is the unreleased part (`HEAD` minus every release
    // tag) while neither moved.
    let mut ranges = ranges(&releases);
    let head = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .ok()
        .map(|c| c.id());
    let unreleased_range = head.map(|h| (h, Some(tags_id(&releases))));
    ranges.extend(unreleased_range);
    let kept: Vec<Option<cache::Kept>> = ranges.iter().map(|r| cached.ranges.remove(r)).collect();
    let todo: Vec<usize> = (0..ranges.len()).filter(|&i| kept[i].is_none()).collect();
    let walked = walk_ranges(repo, &releases, &ranges, &todo, unreleased_range.is_some());
    let mut read: Vec<Option<Vec<cache::Raw>>> = (0..ranges.len()).map(|_| None).collect();
    for (&i, raws) in todo.iter().zip(walked) {
        read[i] = Some(raws?);
    }
    // Rewrite the cache when a range or tag was read, or one it held is gone.
    let tags_changed = peeled.len() != cached.tags.len()
        || peeled.iter().any(|(t, p)| cached.tags.get(t) != Some(p));
    if let Some(file) =
        cache_file.filter(|_| !todo.is_empty() || !cached.ranges.is_empty() || tags_changed)
    {
        let entries: Vec<(cache::Range, cache::Entry)> = ranges
            .iter()
            .zip(kept.iter().zip(&read))
            .filter_map(|(r, (kept, read))| {
                let entry = match (kept, read) {
                    (Some(k), _) => cache::Entry::Kept(k),
                    (None, Some(raws)) => cache::Entry::Read(raws),
                    (None, None) => return None,
                };
                Some((*r, entry))
            })
            .collect();
        cache::store(&file, &peeled, &entries);
    }
    // Ranges the cache held that are gone are let go of here.
    let mut interner = cached.interner;

    let mut commits: Vec<Vec<Commit>> = kept
        .into_par_iter()
        .zip(read)
        .map(|(kept, read)| match (kept, read) {
            (Some(k), _) => Ok(k.commits),
            (None, Some(raws)) => Err(raws
                .into_iter()
                .map(cache::Raw::into_commit)
                .collect::<Vec<_>>()),
            (None, None) => Ok(Vec::new()),
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|c| match c {
            Ok(shared) => shared,
            Err(read) => read.into_iter().map(|c| interner.commit(c)).collect(),
        })
        .collect();
    if unreleased_range.is_some() {
        history.unreleased = commits.pop().unwrap_or_default();
    }
    set_commits(&mut releases, commits);
    history.releases = releases;
    Ok(history)
}

/// A name for the set of release tags (an id that is no commit's), so that "`HEAD`
/// minus these tags" is a range of its own in the cache.
fn tags_id(releases: &[TagRelease]) -> Oid {
    let mut bytes = Vec::with_capacity(releases.len() * 20 + 16);
    bytes.extend_from_slice(b"relbook release tags\n");
    for r in releases {
        bytes.extend_from_slice(r.oid.as_bytes());
    }
    Oid::hash_object(git2::ObjectType::Blob, &bytes).unwrap_or_else(|_| Oid::zero())
}

/// A history with nothing read yet but whether `repo` is shallow (with its warning).
fn empty_history(repo: &Repository) -> History {
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
    history
}

/// The range of each release: its tag's commit, minus the previous release's.
fn ranges(releases: &[TagRelease]) -> Vec<cache::Range> {
    (0..releases.len())
        .map(|i| (releases[i].oid, i.checked_sub(1).map(|p| releases[p].oid)))
        .collect()
}

/// The commits of one walk, or why it failed.
type Walked = Result<Vec<cache::Raw>, git2::Error>;

/// Walks the ranges numbered in `todo`: release ranges are independent, so they are
/// read in parallel, one repository handle per task. When `unreleased`, the last range
/// is `HEAD` minus every release tag.
fn walk_ranges(
    repo: &Repository,
    releases: &[TagRelease],
    ranges: &[cache::Range],
    todo: &[usize],
    unreleased: bool,
) -> Vec<Walked> {
    let path = repo.path().to_path_buf();
    let hidden: Vec<Oid> = releases.iter().map(|r| r.oid).collect();
    let last = ranges.len().wrapping_sub(1);
    todo.par_iter()
        .with_min_len(8)
        .map_init(
            || Repository::open(&path),
            |repo, &i| {
                let (tip, hide) = &ranges[i];
                let hide = if unreleased && i == last {
                    &hidden[..]
                } else {
                    hide.as_slice()
                };
                match repo {
                    Ok(repo) => walk(repo, &[*tip], hide),
                    Err(e) => Err(git2::Error::new(e.code(), e.class(), e.message())),
                }
            },
        )
        .collect()
}

/// Gives each release its commits (one list per release, newest first) and the tag it
/// is taken from.
fn set_commits(releases: &mut [TagRelease], commits: Vec<Vec<Commit>>) {
    for (i, commits) in commits.into_iter().enumerate() {
        releases[i].previous_tag = i.checked_sub(1).map(|p| releases[p].tag.clone());
        releases[i].commits = commits;
    }
}

#[cfg(test)]
mod size_tests {
    /// A history holds every commit of every release (500,000 at 50k releases): each
    /// byte of `Commit` is half a megabyte there.
    #[test]
    fn a_commit_stays_small() {
        let size = std::mem::size_of::<super::Commit>();
        assert!(size <= 128, "Commit grew to {size} bytes");
    }
}
