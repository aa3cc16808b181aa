//! The site's logged issues and action items by day, so that what happened in a week
//! (a status report asks for 104 of them) is found without a pass over every release,
//! retrospective and meeting.

use chrono::NaiveDate;

use super::{Origin, Site};
use crate::content::{ActionItem, ActionStatus, LoggedIssue};

/// A logged issue: the index of its release in [`Site::releases`], then its place in
/// that release's `issue_log`. Ordered as the site lists them.
pub type IssueAt = (u32, u32);

/// An action item: `(in a meeting, index of its retrospective or meeting, its place
/// there)`. Ordered as [`Site::action_items`] lists them (retrospectives first).
pub type ActionAt = (bool, u32, u32);

/// Entries sorted by day, then in site order.
type ByDay<T> = Vec<(NaiveDate, T)>;

/// The index; `Site::dated` builds it once per site state.
#[derive(Debug, Default)]
pub struct Dated {
    issues_opened: ByDay<IssueAt>,
    issues_resolved: ByDay<IssueAt>,
    /// Action items with a due day, by it.
    due: ByDay<ActionAt>,
    /// Open action items with a due day, by it.
    open_by_due: ByDay<ActionAt>,
    /// Done action items with a due day and a closing day, by the closing day, with
    /// the due day.
    done_by_closed: ByDay<(NaiveDate, ActionAt)>,
}

/// The entries of `list` dated from `from` to `to` (both included), in site order.
fn between<T: Copy + Ord>(list: &ByDay<T>, from: NaiveDate, to: NaiveDate) -> Vec<T> {
    let lo = list.partition_point(|(d, _)| *d < from);
    let hi = list.partition_point(|(d, _)| *d <= to);
    let mut found: Vec<T> = list[lo..hi.max(lo)].iter().map(|(_, t)| *t).collect();
    found.sort_unstable();
    found
}

impl Dated {
    pub(super) fn new(site: &Site) -> Dated {
        let mut d = Dated::default();
        for (r, release) in site.releases.iter().enumerate() {
            for (i, issue) in release.front.issue_log.iter().enumerate() {
                let at = (r as u32, i as u32);
                d.issues_opened.push((issue.opened.0, at));
                d.issues_resolved
                    .extend(issue.resolved.map(|day| (day.0, at)));
            }
        }
        let retros = site.retros.iter().enumerate();
        let retros = retros.map(|(n, r)| (false, n as u32, &r.front.action_items));
        let meetings = site.meetings.iter().enumerate();
        let meetings = meetings.map(|(n, m)| (true, n as u32, &m.front.action_items));
        for (in_meeting, owner, items) in retros.chain(meetings) {
            for (i, a) in items.iter().enumerate() {
                let Some(due) = a.due else { continue };
                let at = (in_meeting, owner, i as u32);
                d.due.push((due.0, at));
                match (a.status, a.closed) {
                    (ActionStatus::Open, _) => d.open_by_due.push((due.0, at)),
                    (ActionStatus::Done, Some(closed)) => {
                        d.done_by_closed.push((closed.0, (due.0, at)))
                    }
                    _ => {}
                }
            }
        }
        for list in [&mut d.issues_opened, &mut d.issues_resolved] {
            list.sort_unstable();
        }
        for list in [&mut d.due, &mut d.open_by_due] {
            list.sort_unstable();
        }
        d.done_by_closed.sort_unstable();
        d
    }

    /// The issues opened from `from` to `to`, in site order.
    pub fn issues_opened(&self, from: NaiveDate, to: NaiveDate) -> Vec<IssueAt> {
        between(&self.issues_opened, from, to)
    }

    /// The issues resolved from `from` to `to`, in site order.
    pub fn issues_resolved(&self, from: NaiveDate, to: NaiveDate) -> Vec<IssueAt> {
        between(&self.issues_resolved, from, to)
    }

    /// The action items due from `from` to `to` (any status), in site order.
    pub fn actions_due(&self, from: NaiveDate, to: NaiveDate) -> Vec<ActionAt> {
        between(&self.due, from, to)
    }

    /// The action items due before `before` and still open at the end of `end`: open
    /// ones, and done ones closed after `end`; in site order.
    pub fn actions_open_past(&self, before: NaiveDate, end: NaiveDate) -> Vec<ActionAt> {
        let open = self.open_by_due.partition_point(|(d, _)| *d < before);
        let closed_after = self.done_by_closed.partition_point(|(d, _)| *d <= end);
        let mut found: Vec<ActionAt> = self.open_by_due[..open].iter().map(|e| e.1).collect();
        found.extend(
            self.done_by_closed[closed_after..]
                .iter()
                .filter(|(_, (due, _))| *due < before)
                .map(|(_, (_, at))| *at),
        );
        found.sort_unstable();
        found
    }
}

impl Site {
    /// The index of logged issues and action items by day ([`Dated`]).
    pub fn dated(&self) -> &Dated {
        self.memo.dated.get_or_init(|| Dated::new(self))
    }

    /// The logged issue at `at`, with its release.
    pub fn issue_at(&self, at: IssueAt) -> (&super::Release, &LoggedIssue) {
        let r = &self.releases[at.0 as usize];
        (r, &r.front.issue_log[at.1 as usize])
    }

    /// The action item at `at`, with where it was agreed.
    pub fn action_at(&self, at: ActionAt) -> (Origin<'_>, &ActionItem) {
        let (in_meeting, owner, i) = (at.0, at.1 as usize, at.2 as usize);
        if in_meeting {
            let m = &self.meetings[owner];
            (Origin::Meeting(m), &m.front.action_items[i])
        } else {
            let r = &self.retros[owner];
            (Origin::Retro(r), &r.front.action_items[i])
        }
    }
}
