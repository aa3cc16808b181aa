//! What the last build read of the history, kept for the next one.
//!
//! Reading a release's commits means inflating every commit object (libgit2, like git
//! itself, spends most of that in zlib): 1.5 s of CPU at 100,000 commits, the largest
//! stage of a big site's build, and the same on every build although old releases never
//! change. A range `tag ^previous-tag` names commits by their ids, and a commit never
//! changes, so its commits can be kept: the cache maps each range (the two commit ids)
//! to its commits' raw fields — id, author, author date, parent count, message — and the
//! messages are parsed again on every build, so a newer relbook reads an older cache
//! the same way. Shallow clones are not cached (deepening one changes its ranges).
//!
//! The file lives in the user's cache folder (`$XDG_CACHE_HOME/relbook`, else
//! `~/.cache/relbook`), one per repository, is replaced whole (temporary file, rename)
//! and holds the ranges of the last build only. Anything unreadable in it is ignored:
//! the cache can make a build faster, never fail or change it.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use git2::Oid;

use super::{parse_message, to_datetime, Commit};

const MAGIC: &[u8] = b"relbook history cache 1\n";

/// A range: the tag's commit and the commit it is taken from (none for the first).
pub type Range = (Oid, Option<Oid>);

/// One commit as read from the repository.
pub struct Raw {
    pub id: Oid,
    pub author: String,
    pub seconds: i64,
    pub offset_minutes: i32,
    pub parents: u32,
    pub message: String,
}

impl Raw {
    pub fn into_commit(self) -> Commit {
        let (summary, body) = self.message.split_once('\n').unwrap_or((&self.message, ""));
        Commit {
            id: self.id,
            author: self.author.into(),
            time: to_datetime(git2::Time::new(self.seconds, self.offset_minutes)),
            change: parse_message(summary.trim(), body, self.parents > 1),
        }
    }
}

/// The cache file of the repository at `git_dir`, when there is a cache folder.
pub fn path(git_dir: &Path) -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        })?;
    let dir = git_dir
        .canonicalize()
        .unwrap_or_else(|_| git_dir.to_path_buf());
    let mut h = std::collections::hash_map::DefaultHasher::new();
    dir.hash(&mut h);
    Some(
        base.join("relbook")
            .join(format!("history-{:016x}", h.finish())),
    )
}

/// The ranges in the file at `path`; empty when it is missing or unreadable.
pub fn load(path: &Path) -> HashMap<Range, Vec<Raw>> {
    std::fs::read(path)
        .ok()
        .and_then(|bytes| decode(&bytes))
        .unwrap_or_default()
}

/// Replaces the file at `path` with `ranges`; errors are ignored (a cache is optional).
pub fn store(path: &Path, ranges: &[(Range, &[Raw])]) {
    let mut out = Vec::with_capacity(ranges.iter().map(|r| r.1.len() * 256).sum());
    out.extend_from_slice(MAGIC);
    put_u32(&mut out, ranges.len() as u32);
    for ((tip, hide), commits) in ranges {
        out.extend_from_slice(tip.as_bytes());
        out.extend_from_slice(hide.unwrap_or_else(Oid::zero).as_bytes());
        put_u32(&mut out, commits.len() as u32);
        for c in *commits {
            out.extend_from_slice(c.id.as_bytes());
            out.extend_from_slice(&c.seconds.to_le_bytes());
            out.extend_from_slice(&c.offset_minutes.to_le_bytes());
            put_u32(&mut out, c.parents);
            put_str(&mut out, &c.author);
            put_str(&mut out, &c.message);
        }
    }
    let Some(dir) = path.parent() else {
        return;
    };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    // Unique per process and call: two builds of one repository may store at once.
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp-{}-{call}", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| f.write_all(&out));
    if written.is_err() || std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.bytes.len() < n {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn oid(&mut self) -> Option<Oid> {
        Oid::from_bytes(self.take(20)?).ok()
    }

    fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}

fn decode(bytes: &[u8]) -> Option<HashMap<Range, Vec<Raw>>> {
    let mut r = Reader {
        bytes: bytes.strip_prefix(MAGIC)?,
    };
    let n = r.u32()?;
    let mut ranges = HashMap::with_capacity(n.min(1 << 20) as usize);
    for _ in 0..n {
        let tip = r.oid()?;
        let hide = Some(r.oid()?).filter(|h| !h.is_zero());
        let count = r.u32()?;
        let mut commits = Vec::with_capacity(count.min(1 << 20) as usize);
        for _ in 0..count {
            let id = r.oid()?;
            let seconds = i64::from_le_bytes(r.take(8)?.try_into().ok()?);
            let offset_minutes = i32::from_le_bytes(r.take(4)?.try_into().ok()?);
            let parents = r.u32()?;
            let author = r.string()?;
            let message = r.string()?;
            commits.push(Raw {
                id,
                author,
                seconds,
                offset_minutes,
                parents,
                message,
            });
        }
        ranges.insert((tip, hide), commits);
    }
    r.bytes.is_empty().then_some(ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c");
        let a = Oid::from_bytes(&[1; 20]).unwrap();
        let b = Oid::from_bytes(&[2; 20]).unwrap();
        let raws = vec![Raw {
            id: b,
            author: "Dev Team".into(),
            seconds: 1_767_225_600,
            offset_minutes: 120,
            parents: 1,
            message: "feat(api): ünïcode\n\nFixes #12\n".into(),
        }];
        store(&file, &[((a, Some(b)), &raws), ((b, None), &[])]);
        let mut back = load(&file);
        assert_eq!(back.len(), 2);
        assert!(back[&(b, None)].is_empty());
        let c = back.remove(&(a, Some(b))).unwrap().remove(0).into_commit();
        assert_eq!(&*c.author, "Dev Team");
        assert_eq!(c.time.to_rfc3339(), "2026-01-01T02:00:00+02:00");
        assert_eq!(c.change.scope.as_deref(), Some("api"));
        assert_eq!(c.change.refs[0].number, 12);
        // Cut short, or anything after the end: ignored as a whole.
        let bytes = std::fs::read(&file).unwrap();
        for bad in [
            &bytes[..bytes.len() - 3],
            &[bytes.as_slice(), b"x"].concat()[..],
            b"junk",
        ] {
            std::fs::write(&file, bad).unwrap();
            assert!(load(&file).is_empty());
        }
        assert!(load(&dir.path().join("missing")).is_empty());
    }
}
