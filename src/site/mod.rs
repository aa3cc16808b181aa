//! The site model: every content file read, validated and cross-linked into one
//! in-memory [`Site`] (see `load` for the steps), and the rules the pages, KPIs and
//! checks share (what counts as shipped, what makes a release compliant).

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::config::Config;
use crate::content::*;
use crate::dora::DoraTable;
use crate::error::{Diagnostic, Error, Level, Result};
use crate::git::{History, LeadTime};
use crate::markdown::{self, Rendered, Tasks};

mod consistency;
mod dated;
mod files;
mod history;
mod load;
mod reload;
mod validate;

pub use consistency::{error as error_at, place, warning as warning_at};
pub use dated::{ActionAt, Dated, IssueAt};
pub use files::module_slug;
pub use history::release_moment;
pub use load::KEPT_SOURCE;
pub use reload::Reloaded;

/// The content folder, relative to the site root.
pub const CONTENT_DIR: &str = "content";

/// The weeks that get a status report, the current one, and the releases in flight in
/// each (indices into [`Site::releases`]); worked out once per site by `status`.
pub type ReportWeeks = (Vec<Week>, Option<Week>, Vec<Vec<usize>>);

/// Options of a load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include releases marked `draft: true`.
    pub drafts: bool,
    /// How many bytes of Markdown the model may keep rendered whole, the rest being
    /// rendered from their files as their pages are written: [`KEPT_SOURCE`] when
    /// `None`.
    pub kept_source: Option<usize>,
}

impl LoadOptions {
    /// For a command that writes no pages (`kpi`, `changelog`, `status`, `new`): no body
    /// is rendered whole for pages that will not be written.
    pub fn without_pages() -> LoadOptions {
        LoadOptions {
            drafts: false,
            kept_source: Some(0),
        }
    }
}

/// A release note, with what the load derived for it.
#[derive(Debug)]
pub struct Release {
    pub front: ReleaseFront,
    pub path: PathBuf,
    pub status: Status,
    pub kind: Option<Kind>,
    pub body: Rendered,
    /// Index into [`Site::retros`].
    pub retro: Option<usize>,
    /// Indices into [`Site::checklists`], in phase order.
    pub checklists: Vec<usize>,
    /// Indices into [`Site::meetings`], by date.
    pub meetings: Vec<usize>,
    /// Indices into [`Site::stakeholders`]: listed, or interested in a component.
    pub stakeholders: Vec<usize>,
    /// Index into the history's releases: the tag of this release.
    pub git: Option<usize>,
    /// Hash of the note's front matter and where its body starts, to tell an edit of
    /// the body alone (see [`Site::reload_release_body`]).
    pub front_hash: u64,
    /// Lead time for changes of this release's commits.
    pub lead_time: Option<LeadTime>,
}

impl Release {
    pub fn version(&self) -> &Version {
        &self.front.version
    }

    /// Counted in history and metrics: released or rolled back (see
    /// [`Status::is_shipped`]).
    pub fn is_shipped(&self) -> bool {
        self.status.is_shipped()
    }

    /// Written as a release note (else built from its git tag alone).
    pub fn has_notes(&self) -> bool {
        !self.path.as_os_str().is_empty()
    }

    /// The note's title, or "Release x.y.z" when it has none (or an empty one).
    pub fn title(&self) -> String {
        self.front
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| format!("Release {}", self.front.version))
    }
}

#[derive(Debug)]
pub struct Retro {
    pub front: RetroFront,
    pub path: PathBuf,
    /// Its summary and words; its HTML and table of contents too when `kept`.
    pub body: Rendered,
    /// Whether the model keeps it whole: within a fixed budget ([`KEPT_SOURCE`]),
    /// else its page renders its file again ([`Site::retro_rendered`]).
    pub kept: bool,
    /// Index into [`Site::releases`].
    pub release: usize,
}

#[derive(Debug)]
pub struct Checklist {
    pub front: ChecklistFront,
    pub path: PathBuf,
    pub tasks: Tasks,
    /// Its items' HTML: a phase template's always; a release's while the release
    /// checklists' Markdown fits a fixed budget ([`KEPT_SOURCE`]), else `None`
    /// and rendered with its page ([`Site::checklist_html`]).
    pub html: Option<String>,
    /// Index into [`Site::releases`]; `None` for a phase template.
    pub release: Option<usize>,
}

/// A meeting record (`content/meetings/<slug>.md`).
#[derive(Debug)]
pub struct Meeting {
    pub front: MeetingFront,
    /// Its page name: the file stem.
    pub slug: String,
    pub path: PathBuf,
    pub body: Rendered,
    /// Index into [`Site::releases`].
    pub release: Option<usize>,
}

impl Meeting {
    /// Its `title`, else "Go/no-go meeting, 2026-03-02".
    pub fn title(&self) -> String {
        self.front.title.clone().unwrap_or_else(|| {
            let kind = match self.front.kind {
                MeetingKind::GoNoGo => "Go/no-go".to_string(),
                MeetingKind::PostRelease => "Post-release".to_string(),
                k => {
                    let s = k.as_str();
                    s[..1].to_uppercase() + &s[1..]
                }
            };
            format!("{kind} meeting, {}", self.front.date)
        })
    }
}

/// The hand-written part of a week's status report (`content/status/<week>.md`).
#[derive(Debug)]
pub struct StatusNote {
    pub week: Week,
    pub front: StatusFront,
    pub path: PathBuf,
    pub body: Rendered,
}

/// Figures about the whole site, each worked out once when first asked (each takes a
/// pass over every release), and again after `serve` reloads a note.
#[derive(Debug, Default)]
pub struct Memo {
    /// The weeks with a status report and the current week (`status::weeks`: every
    /// status page needs them).
    pub report_weeks: std::sync::OnceLock<ReportWeeks>,
    /// [`Site::tracks_compliance`]: every release page asks.
    pub compliance_tracked: std::sync::OnceLock<bool>,
    /// The content's present (`feed::content_now`): every feed and the calendar date
    /// their entries by it.
    pub content_now: std::sync::OnceLock<Option<chrono::DateTime<chrono::FixedOffset>>>,
    /// When each release was last updated at that present (`feed::release_updated`),
    /// by index: every feed and the calendar date their entries by it.
    pub release_updated: std::sync::OnceLock<Vec<chrono::DateTime<chrono::FixedOffset>>>,
    /// Logged issues and action items by day ([`Site::dated`]): every status report
    /// asks what happened in its week.
    pub dated: std::sync::OnceLock<Dated>,
}

/// Where an action item was agreed: a retrospective or a meeting (one id space).
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    Retro(&'a Retro),
    Meeting(&'a Meeting),
}

impl Origin<'_> {
    /// The page that lists the item, from the site root, with the item's anchor.
    pub fn item_url(&self, id: &str) -> String {
        match self {
            Origin::Retro(r) => format!("retrospectives/{}/#action-{id}", r.front.release),
            Origin::Meeting(m) => format!("meetings/{}/#action-{id}", m.slug),
        }
    }
}

#[derive(Debug)]
pub struct Module {
    pub front: ModuleFront,
    pub slug: String,
    pub path: PathBuf,
    pub body: Rendered,
}

/// Everything a build needs.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// Sorted by version, oldest first.
    pub releases: Vec<Release>,
    pub retros: Vec<Retro>,
    /// Release checklists, by release then phase.
    pub checklists: Vec<Checklist>,
    /// Phase templates (checklists without a release), by phase.
    pub checklist_templates: Vec<Checklist>,
    /// Sorted by `order`, then slug.
    pub modules: Vec<Module>,
    /// Sorted by date, then page name.
    pub meetings: Vec<Meeting>,
    /// Sorted by week.
    pub status_notes: Vec<StatusNote>,
    /// Some release note declares `dependencies` (so `/dependencies/` exists).
    pub has_dependencies: bool,
    /// What is worked out from the whole site once, when first asked.
    pub memo: Memo,
    /// In registry order.
    pub stakeholders: Vec<Stakeholder>,
    /// The release history from git, when a repository was read.
    pub history: Option<History>,
    /// DORA performance bands in use (`[kpi] dora_report` or `dora_table`).
    pub dora: DoraTable,
    /// Content file (relative to the content folder) → its page, for Markdown links.
    pub links: crate::markdown::Links,
}

/// What a load reports besides the site: its warnings (errors fail it), messages about
/// the git history, and how long its stages took.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub warnings: Vec<Diagnostic>,
    /// About the history: no repository, a shallow clone, duplicate tags.
    pub git_messages: Vec<String>,
    /// Stage durations (printed with `RELBOOK_TIMINGS=1`).
    pub timings: Vec<(&'static str, Duration)>,
}

impl LoadReport {
    /// Prints the warnings and the git messages to stderr, as every command does.
    pub fn print(&self) {
        for w in &self.warnings {
            eprintln!("{w}");
        }
        for n in &self.git_messages {
            eprintln!("warning: {n}");
        }
    }
}

/// The compliance rule: a release is compliant when every phase in `[kpi]
/// required_phases` has a checklist with every item done. Returns the required phases
/// that fail it (none: compliant), given the release's checklists by phase.
pub fn unmet_phases(required: &[Phase], checklists: &[(Phase, Tasks)]) -> Vec<Phase> {
    required
        .iter()
        .copied()
        .filter(|p| !checklists.iter().any(|(q, t)| q == p && t.complete()))
        .collect()
}

/// The rule of [`Site::tracks_compliance`], for the KPIs: phases required, and some
/// release with a checklist (`checklists`: how many each release has).
pub fn tracks_compliance(required: &[Phase], mut checklists: impl Iterator<Item = usize>) -> bool {
    !required.is_empty() && checklists.any(|n| n > 0)
}

impl Site {
    /// For `serve`: when `rel` (from the site root) is the note of a release whose front
    /// matter did not change, renders its new body in place and returns the release's
    /// index, the body it replaced and the new body's warnings. `Ok(None)` when the edit
    /// needs a full load (the front matter changed, the file is new or gone, it is not a
    /// release note); an error when the new body has errors (a broken link), as a full
    /// load would report.
    pub fn reload_release_body(
        &mut self,
        rel: &Path,
    ) -> Result<Option<(usize, Rendered, Vec<Diagnostic>)>> {
        let Some(i) = self
            .releases
            .iter()
            .position(|r| r.has_notes() && r.path == rel)
        else {
            return Ok(None);
        };
        let Ok(text) = read_text(&self.root, rel) else {
            return Ok(None);
        };
        let Ok(src) = Source::split(rel, &text) else {
            return Ok(None);
        };
        if files::front_hash(&src) != self.releases[i].front_hash {
            return Ok(None);
        }
        let content_path = src.path.strip_prefix(CONTENT_DIR).unwrap_or(&src.path);
        let cx = load::body_context(&src, content_path, &self.links, &self.config.markdown);
        let (body, diags) = markdown::render_meta(&src.body, &cx);
        if diags.iter().any(|d| d.level == Level::Error) {
            return Err(Error::Invalid(diags));
        }
        let old = std::mem::replace(&mut self.releases[i].body, body);
        Ok(Some((i, old, diags)))
    }

    /// Release `i`'s notes as their page shows them (HTML, table of contents), which
    /// the model does not keep (see [`markdown::render_meta`]): its file is read and
    /// rendered again, as the load rendered it. A release without notes has an empty
    /// body.
    pub fn release_rendered(&self, i: usize) -> Result<Rendered> {
        let r = &self.releases[i];
        if !r.has_notes() {
            return Ok(Rendered::default());
        }
        self.body_rendered(&r.path)
    }

    /// Retrospective `i`'s body as its page shows it (see [`Site::release_rendered`]).
    pub fn retro_rendered(&self, i: usize) -> Result<Rendered> {
        let r = &self.retros[i];
        if r.kept {
            return Ok(Rendered {
                html: r.body.html.clone(),
                toc: r.body.toc.clone(),
                ..Rendered::default()
            });
        }
        self.body_rendered(&r.path)
    }

    /// The HTML of checklist `c`'s items: kept in the model, or read and rendered again
    /// (see [`Site::release_rendered`]).
    pub fn checklist_html(&self, c: usize) -> Result<String> {
        let c = &self.checklists[c];
        match &c.html {
            Some(html) => Ok(html.clone()),
            None => Ok(self.body_rendered(&c.path)?.html),
        }
    }

    fn body_rendered(&self, rel: &Path) -> Result<Rendered> {
        let invalid = |d: Diagnostic| Error::Invalid(vec![d]);
        let text = read_text(&self.root, rel).map_err(invalid)?;
        let src = Source::split(rel, &text).map_err(invalid)?;
        let content_path = src.path.strip_prefix(CONTENT_DIR).unwrap_or(&src.path);
        let cx = load::body_context(&src, content_path, &self.links, &self.config.markdown);
        // Its problems were reported by the load.
        Ok(markdown::render(&src.body, &cx).0)
    }

    /// The newest version that shipped.
    pub fn latest(&self) -> Option<usize> {
        self.releases
            .iter()
            .rposition(|r| r.status == Status::Released)
    }

    /// The planned or in-progress release whose window opens first.
    pub fn next_planned(&self) -> Option<usize> {
        self.releases
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r.status, Status::Planned | Status::InProgress))
            .min_by_key(|(_, r)| {
                (
                    r.front.window.as_ref().map(|w| w.start),
                    r.front.version.clone(),
                )
            })
            .map(|(i, _)| i)
    }

    /// Release `r`'s checklists: phase and task counts, in phase order.
    pub fn checklist_tasks(&self, r: &Release) -> Vec<(Phase, Tasks)> {
        r.checklists
            .iter()
            .map(|&c| (self.checklists[c].front.phase, self.checklists[c].tasks))
            .collect()
    }

    /// Every risk, with its release.
    pub fn risks(&self) -> impl Iterator<Item = (&Release, &Risk)> {
        self.releases
            .iter()
            .flat_map(|r| r.front.risks.iter().map(move |k| (r, k)))
    }

    /// Every action item, of retrospectives then meetings, with where it was agreed.
    pub fn action_items(&self) -> impl Iterator<Item = (Origin<'_>, &ActionItem)> {
        let retros = self.retros.iter().flat_map(|r| {
            r.front
                .action_items
                .iter()
                .map(move |a| (Origin::Retro(r), a))
        });
        let meetings = self.meetings.iter().flat_map(|m| {
            m.front
                .action_items
                .iter()
                .map(move |a| (Origin::Meeting(m), a))
        });
        retros.chain(meetings)
    }

    /// Release `r`'s go/no-go decision: its note's `go_no_go`, else that of its newest
    /// go/no-go meeting with a `decision` (approvers: the meeting's participants).
    pub fn go_no_go(&self, r: &Release) -> Option<GoNoGo> {
        if let Some(g) = &r.front.go_no_go {
            return Some(g.clone());
        }
        self.go_no_go_meeting(r).map(|m| GoNoGo {
            decision: m.front.decision.unwrap_or(Decision::NoGo),
            date: Some(m.front.date),
            approvers: m.front.participants.clone(),
            conditions: m.front.conditions.clone(),
        })
    }

    /// Release `r`'s newest go/no-go meeting that records a decision.
    pub fn go_no_go_meeting(&self, r: &Release) -> Option<&Meeting> {
        r.meetings
            .iter()
            .rev()
            .map(|&m| &self.meetings[m])
            .find(|m| m.front.kind == MeetingKind::GoNoGo && m.front.decision.is_some())
    }

    /// Release `r`'s checklist for `phase`.
    pub fn phase_checklist(&self, r: &Release, phase: Phase) -> Option<&Checklist> {
        r.checklists
            .iter()
            .map(|&c| &self.checklists[c])
            .find(|c| c.front.phase == phase)
    }

    /// The required phases release `r` does not meet (see [`unmet_phases`]).
    pub fn unmet_required_phases(&self, r: &Release) -> Vec<Phase> {
        unmet_phases(&self.config.kpi.required_phases, &self.checklist_tasks(r))
    }

    /// Whether release `r` meets `[kpi] required_phases` (see [`unmet_phases`]).
    pub fn is_compliant(&self, r: &Release) -> bool {
        self.unmet_required_phases(r).is_empty()
    }

    /// Whether compliance means anything here: some phase is required and some release
    /// has a checklist. A site without checklists shows "not tracked", never a red 0%.
    pub fn tracks_compliance(&self) -> bool {
        *self.memo.compliance_tracked.get_or_init(|| {
            tracks_compliance(
                &self.config.kpi.required_phases,
                self.releases.iter().map(|r| r.checklists.len()),
            )
        })
    }
}
