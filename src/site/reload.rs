//! `serve`'s reload of one release note after an edit of its front matter: the note is
//! parsed, validated and derived again as the load does it, and replaces its release in
//! the model; every other file's part of the model is kept. Whatever the note's new
//! front matter could change elsewhere in the model (its version, which other files
//! point at; its dependencies; its pairing with a git tag), and any error, is left to a
//! full load, which reports it exactly as a build does.

use std::path::Path;

use super::consistency::consistency;
use super::history::tag_for;
use super::load::{body_context, by_component, new_release, release_stakeholders};
use super::validate::{self, People, SeenIds};
use super::*;

/// A release note reloaded: its index, the release it replaced, the model's status weeks
/// as they were (worked out again on demand), and the note's warnings.
#[derive(Debug)]
pub struct Reloaded {
    pub index: usize,
    pub old: Release,
    pub old_weeks: Option<ReportWeeks>,
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// For `serve`: reloads the release note `rel` (from the site root) after an edit of
    /// its front matter (its body too), in place. `None` when the edit needs a full load:
    /// the file is not a release note of the model, it has an error (the full load
    /// reports it), it became a draft that is left out (`drafts`: drafts are built), or
    /// it changed what other files depend on (see the module's notes).
    pub fn reload_release(&mut self, rel: &Path, drafts: bool) -> Option<Reloaded> {
        let i = self
            .releases
            .iter()
            .position(|r| r.has_notes() && r.path == rel)?;
        let text = read_text(&self.root, rel).ok()?;
        let mut src = Source::split(rel, &text).ok()?;
        let mut diags = src.warnings();
        let front: ReleaseFront = src.parse().ok()?;
        let old = &self.releases[i];
        if (front.draft && !drafts) || front.version.as_str() != old.front.version.as_str() {
            return None;
        }
        let content_path = src.path.strip_prefix(CONTENT_DIR).unwrap_or(&src.path);
        let cx = body_context(&src, content_path, &self.links, &self.config.markdown);
        let (body, body_diags) = markdown::render_meta(&src.body, &cx);
        diags.extend(body_diags);
        src.body = String::new();
        let people = People::of(&self.stakeholders);
        let mut kept = validate::releases(
            vec![(Some(src), front, None)],
            &people,
            &mut Default::default(),
            &mut diags,
        );
        let (Some(src), mut front, _) = kept.pop()? else {
            return None;
        };
        if !self.same_links(i, &front) || !self.unique_ids(i, &src, &front, &mut diags) {
            return None;
        }
        // The git tag: the one the note had, or a full load pairs the notes again.
        let tz = self.config.offset();
        let git = match &self.history {
            Some(h) => {
                let found = tag_for(h, &front);
                if found != old.git {
                    return None;
                }
                if let Some(tag) = found.map(|g| &h.releases[g]) {
                    front.tag.get_or_insert_with(|| tag.tag.clone());
                    front
                        .date
                        .get_or_insert(Date(tag.date.with_timezone(&tz).date_naive()));
                }
                found
            }
            None => None,
        };
        let mut release = new_release(Some(src), front, git, body, self.history.as_ref(), tz);
        release.retro = old.retro;
        release.checklists = old.checklists.clone();
        release.meetings = old.meetings.clone();
        release.stakeholders =
            release_stakeholders(&release.front, &people, &by_component(&self.stakeholders));
        consistency(self, &release, &mut diags);
        if diags.iter().any(|d| d.level == Level::Error) {
            return None;
        }
        diags.sort();
        diags.dedup();
        let old = std::mem::replace(&mut self.releases[i], release);
        let old_weeks = std::mem::take(&mut self.memo).report_weeks.into_inner();
        Some(Reloaded {
            index: i,
            old,
            old_weeks,
            warnings: diags,
        })
    }

    /// Whether the new front matter `f` of release `i` leaves the dependencies as they
    /// were: its own, and its components when some note has dependencies (a component is
    /// a dependency end).
    fn same_links(&self, i: usize, f: &ReleaseFront) -> bool {
        let old = &self.releases[i].front;
        let deps = |f: &ReleaseFront| format!("{:?}", f.dependencies);
        deps(old) == deps(f) && (!self.has_dependencies || old.components == f.components)
    }

    /// Whether the risk and logged issue ids of `f` (release `i`'s new front matter) are
    /// still unique across the site; a duplicate is reported in `diags`.
    fn unique_ids(
        &self,
        i: usize,
        src: &Source,
        f: &ReleaseFront,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let ids = |f: &ReleaseFront| {
            let risks = f.risks.iter().map(|r| format!("risk:{}", r.id));
            let issues = f.issue_log.iter().map(|k| format!("issue:{}", k.id));
            risks.chain(issues).collect::<Vec<_>>()
        };
        if ids(&self.releases[i].front) == ids(f) {
            return true;
        }
        let mut seen = SeenIds::new();
        for (j, r) in self.releases.iter().enumerate() {
            if j != i && r.has_notes() {
                for id in ids(&r.front) {
                    seen.insert(id, r.path.clone());
                }
            }
        }
        let before = diags.len();
        let pending = [(Some(src.clone()), f.clone(), None)];
        validate::unique_risk_ids(&pending, &mut seen, diags);
        diags.len() == before
    }
}
