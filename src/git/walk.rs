//! The commits of one range, `git rev-list tip ^hidden…`: git's `limit_list` written
//! out over libgit2's object database, so that each commit is read once.

use std::collections::{BinaryHeap, HashMap, HashSet};

use git2::{Oid, Repository};

use super::cache;

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
pub(super) fn walk(
    repo: &Repository,
    push: &[Oid],
    hide: &[Oid],
) -> Result<Vec<cache::Raw>, git2::Error> {
    let mut w = Walk {
        repo,
        seen: HashMap::new(),
        queue: BinaryHeap::new(),
        interesting: 0,
        queued: 0,
        marked: HashSet::new(),
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
    marked: HashSet<Oid>,
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
