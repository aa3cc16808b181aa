//! What the last build read of the history, kept for the next one.
//!
//! Reading a release's commits means inflating every commit object (libgit2, like git
//! itself, spends most of that in zlib): 1.5 s of CPU at 100,000 commits, the largest
//! stage of a big site's build, and the same on every build although old releases never
//! change. A range `tag ^previous-tag` names commits by their ids, and a commit never
//! changes, so its commits can be kept: the cache maps each range (the two commit ids)
//! to its commits' raw fields — id, author, author date, parent count, message — and the
//! messages are parsed again on every build, so a newer relbook reads an older cache
//! the same way. The unreleased part is a range too (`HEAD` minus the set of release
//! tags, named by a hash of their ids), and so is what each tag points at (objects never
//! change either). Shallow clones are not cached (deepening one changes its ranges).
//!
//! The file lives in the user's cache folder (`$XDG_CACHE_HOME/relbook`, else
//! `~/.cache/relbook`), one per repository, is replaced whole (temporary file, rename)
//! and holds the tags and ranges of the last build only. It is read as a stream, and a
//! range kept when the file is written again is copied from it. Anything unreadable in
//! it is ignored:
//! the cache can make a build faster, never fail or change it.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{BufRead as _, Read as _, Write};
use std::path::{Path, PathBuf};

use git2::Oid;

use super::{parse_message, to_datetime, Commit, Interner};

const MAGIC: &[u8] = b"relbook history cache 2\n";

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
        commit(
            self.id,
            &self.author,
            self.seconds,
            self.offset_minutes,
            self.parents,
            &self.message,
        )
    }
}

/// The commit of these raw fields (the message is parsed on every build).
fn commit(id: Oid, author: &str, seconds: i64, offset: i32, parents: u32, message: &str) -> Commit {
    let (summary, body) = message.split_once('\n').unwrap_or((message, ""));
    Commit {
        id,
        author: author.into(),
        time: to_datetime(git2::Time::new(seconds, offset)),
        change: parse_message(summary.trim(), body, parents > 1),
    }
}

/// What a tag points at: the object a tag reference names (the tag object of an
/// annotated tag, else the commit) → its commit and the tag's date (the tagger's, else
/// the commit's committer date). Peeling means inflating one or two objects per tag: a
/// third of a warm build's history step at 10,000 tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Peeled {
    pub commit: Oid,
    pub seconds: i64,
    pub offset_minutes: i32,
}

/// A range read from the file: its commits, and where its record is (to copy it when
/// the file is written again).
pub struct Kept {
    pub commits: Vec<Commit>,
    span: (u64, u64),
}

/// What the file holds.
#[derive(Default)]
pub struct Loaded {
    pub tags: HashMap<Oid, Peeled>,
    pub ranges: HashMap<Range, Kept>,
    /// The strings its commits share, to share with the commits read next.
    pub(super) interner: Interner,
}

/// A range to write: commits just read, or the record of a range the file holds.
pub enum Entry<'a> {
    Read(&'a [Raw]),
    Kept(&'a Kept),
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

/// The tags and ranges in the file at `path`; empty when it is missing or unreadable.
/// Read as a stream and parsed straight into commits: at 500,000 commits the file is
/// 60 MB, and holding it (or every commit's raw message) beside the history was the
/// peak of a large build.
pub fn load(path: &Path) -> Loaded {
    std::fs::File::open(path)
        .ok()
        .and_then(|f| decode(&mut Reader::new(f)))
        .unwrap_or_default()
}

/// Replaces the file at `path` with `tags` and `ranges` (kept ones copied from the
/// file as it is); errors are ignored (a cache is optional).
pub fn store(path: &Path, tags: &[(Oid, Peeled)], ranges: &[(Range, Entry)]) {
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
    let written = std::fs::File::create(&tmp)
        .and_then(|f| write(std::io::BufWriter::new(f), path, tags, ranges));
    if written.is_err() || std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

fn write(
    mut out: impl Write,
    from: &Path,
    tags: &[(Oid, Peeled)],
    ranges: &[(Range, Entry)],
) -> std::io::Result<()> {
    use std::io::{Read as _, Seek as _};
    let mut old: Option<std::fs::File> = None;
    let mut buf = Vec::new();
    buf.extend_from_slice(MAGIC);
    put_u32(&mut buf, tags.len() as u32);
    for (target, p) in tags {
        buf.extend_from_slice(target.as_bytes());
        buf.extend_from_slice(p.commit.as_bytes());
        buf.extend_from_slice(&p.seconds.to_le_bytes());
        buf.extend_from_slice(&p.offset_minutes.to_le_bytes());
    }
    put_u32(&mut buf, ranges.len() as u32);
    out.write_all(&buf)?;
    for (range, entry) in ranges {
        buf.clear();
        match entry {
            Entry::Read(commits) => {
                put_range(&mut buf, range);
                put_u32(&mut buf, commits.len() as u32);
                for c in *commits {
                    buf.extend_from_slice(c.id.as_bytes());
                    buf.extend_from_slice(&c.seconds.to_le_bytes());
                    buf.extend_from_slice(&c.offset_minutes.to_le_bytes());
                    put_u32(&mut buf, c.parents);
                    put_str(&mut buf, &c.author);
                    put_str(&mut buf, &c.message);
                }
            }
            Entry::Kept(kept) => {
                let file = match &mut old {
                    Some(f) => f,
                    None => old.insert(std::fs::File::open(from)?),
                };
                let (at, len) = kept.span;
                file.seek(std::io::SeekFrom::Start(at))?;
                buf.resize(len as usize, 0);
                file.read_exact(&mut buf)?;
                // The file may have been replaced since it was read (another build):
                // a record is only copied if it is this range's (whose commits never
                // change, whichever file holds them).
                let mut head = Vec::new();
                put_range(&mut head, range);
                if !buf.starts_with(&head) {
                    return Err(std::io::Error::other("the cache changed while in use"));
                }
            }
        }
        out.write_all(&buf)?;
    }
    out.flush()
}

fn put_range(out: &mut Vec<u8>, (tip, hide): &Range) {
    out.extend_from_slice(tip.as_bytes());
    out.extend_from_slice(hide.unwrap_or_else(Oid::zero).as_bytes());
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// Reads the file's fields in order, counting bytes (for the records' spans).
struct Reader<R> {
    inner: std::io::BufReader<R>,
    at: u64,
    text: Vec<u8>,
}

impl<R: std::io::Read> Reader<R> {
    fn new(inner: R) -> Reader<R> {
        Reader {
            inner: std::io::BufReader::with_capacity(1 << 16, inner),
            at: 0,
            text: Vec::new(),
        }
    }

    fn bytes<const N: usize>(&mut self) -> Option<[u8; N]> {
        let mut b = [0; N];
        self.inner.read_exact(&mut b).ok()?;
        self.at += N as u64;
        Some(b)
    }

    fn u32(&mut self) -> Option<u32> {
        self.bytes().map(u32::from_le_bytes)
    }

    fn oid(&mut self) -> Option<Oid> {
        Oid::from_bytes(&self.bytes::<20>()?).ok()
    }

    fn peeled(&mut self) -> Option<Peeled> {
        Some(Peeled {
            commit: self.oid()?,
            seconds: i64::from_le_bytes(self.bytes()?),
            offset_minutes: i32::from_le_bytes(self.bytes()?),
        })
    }

    /// The next string, into `self.text` (valid UTF-8 checked by the caller).
    fn text(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        let start = self.text.len();
        // Never trust a length to allocate: grow as bytes actually arrive.
        let got = (&mut self.inner)
            .take(n as u64)
            .read_to_end(&mut self.text)
            .ok()?;
        self.at += got as u64;
        (got == n).then_some(start)
    }

    fn at_end(&mut self) -> bool {
        self.inner.fill_buf().is_ok_and(|b| b.is_empty())
    }
}

fn decode<R: std::io::Read>(r: &mut Reader<R>) -> Option<Loaded> {
    if r.bytes::<{ MAGIC.len() }>()? != *MAGIC {
        return None;
    }
    let n = r.u32()?;
    let mut tags = HashMap::with_capacity(n.min(1 << 20) as usize);
    for _ in 0..n {
        let target = r.oid()?;
        tags.insert(target, r.peeled()?);
    }
    let n = r.u32()?;
    let mut ranges = HashMap::with_capacity(n.min(1 << 20) as usize);
    let mut interner = Interner::default();
    for _ in 0..n {
        let start = r.at;
        let tip = r.oid()?;
        let hide = Some(r.oid()?).filter(|h| !h.is_zero());
        let count = r.u32()?;
        let mut commits = Vec::with_capacity(count.min(1 << 16) as usize);
        for _ in 0..count {
            let id = r.oid()?;
            let seconds = i64::from_le_bytes(r.bytes()?);
            let offset = i32::from_le_bytes(r.bytes()?);
            let parents = r.u32()?;
            r.text.clear();
            let author_at = r.text()?;
            let message_at = r.text()?;
            let author = std::str::from_utf8(&r.text[author_at..message_at]).ok()?;
            let message = std::str::from_utf8(&r.text[message_at..]).ok()?;
            commits.push(interner.commit(commit(id, author, seconds, offset, parents, message)));
        }
        let span = (start, r.at - start);
        ranges.insert((tip, hide), Kept { commits, span });
    }
    r.at_end().then_some(Loaded {
        tags,
        ranges,
        interner,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Raw {
        fn clone_raw(&self) -> Raw {
            Raw {
                id: self.id,
                author: self.author.clone(),
                seconds: self.seconds,
                offset_minutes: self.offset_minutes,
                parents: self.parents,
                message: self.message.clone(),
            }
        }
    }

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
        let peeled = Peeled {
            commit: b,
            seconds: 1_767_225_000,
            offset_minutes: -300,
        };
        store(
            &file,
            &[(a, peeled)],
            &[
                ((a, Some(b)), Entry::Read(&raws)),
                ((b, None), Entry::Read(&[])),
            ],
        );
        let back = load(&file);
        assert_eq!(back.tags.get(&a), Some(&peeled));
        assert_eq!(back.ranges.len(), 2);
        assert!(back.ranges[&(b, None)].commits.is_empty());
        let c = &back.ranges[&(a, Some(b))].commits[0];
        assert_eq!(&*c.author, "Dev Team");
        assert_eq!(c.time.to_rfc3339(), "2026-01-01T02:00:00+02:00");
        assert_eq!(c.change.scope.as_deref(), Some("api"));
        assert_eq!(c.change.refs[0].number, 12);
        // Commits share their repeated strings (a history has millions of them).
        let twice = [raws[0].clone_raw(), raws[0].clone_raw()];
        store(&file, &[], &[((b, Some(a)), Entry::Read(&twice))]);
        let shared = load(&file);
        let [c1, c2] = &shared.ranges[&(b, Some(a))].commits[..] else {
            panic!("two commits");
        };
        assert!(std::sync::Arc::ptr_eq(&c1.author, &c2.author));
        let kind = |c: &Commit| c.change.kind.clone().unwrap();
        assert!(std::sync::Arc::ptr_eq(&kind(c1), &kind(c2)));
        store(
            &file,
            &[(a, peeled)],
            &[
                ((a, Some(b)), Entry::Read(&raws)),
                ((b, None), Entry::Read(&[])),
            ],
        );
        let mut back = load(&file);
        // Written again with one range kept (copied from the file) and one new.
        let kept = back.ranges.remove(&(a, Some(b))).unwrap();
        store(
            &file,
            &[],
            &[
                ((a, Some(b)), Entry::Kept(&kept)),
                ((a, None), Entry::Read(&raws)),
            ],
        );
        let again = load(&file);
        assert!(again.tags.is_empty());
        assert_eq!(again.ranges.len(), 2);
        assert_eq!(again.ranges[&(a, Some(b))].commits[0].id, b);
        assert_eq!(again.ranges[&(a, None)].commits.len(), 1);
        // Cut short, or anything after the end: ignored as a whole.
        let bytes = std::fs::read(&file).unwrap();
        for bad in [
            &bytes[..bytes.len() - 3],
            &[bytes.as_slice(), b"x"].concat()[..],
            b"junk",
        ] {
            std::fs::write(&file, bad).unwrap();
            let l = load(&file);
            assert!(l.ranges.is_empty() && l.tags.is_empty());
        }
        assert!(load(&dir.path().join("missing")).ranges.is_empty());
        // A record is copied only from a file that still holds it there.
        std::fs::write(&file, b"something else entirely, long enough to seek in").unwrap();
        store(&file, &[], &[((a, Some(b)), Entry::Kept(&kept))]);
        assert!(std::fs::read(&file).unwrap().starts_with(b"something else"));
    }
}
