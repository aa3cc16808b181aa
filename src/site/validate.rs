//! Validation of each content kind: unique and path-safe ids and versions, references
//! to stakeholders, releases and modules that exist, consistency inside a note. Every
//! problem becomes a diagnostic; what cannot be used is left out.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::files::registry_error;
use crate::content::*;
use crate::error::{hint, Diagnostic};

/// A release on its way into the model: its note (none for a tag without one), its
/// front matter and the index of its git tag.
pub(super) type Pending = (Option<Source>, ReleaseFront, Option<usize>);

/// A stakeholder as read: its file (none for the registry), the file's path, itself.
pub(super) type Person = (Option<Source>, PathBuf, Stakeholder);

/// The stakeholder ids, to check references against.
pub(super) struct People {
    ids: HashMap<String, usize>,
    pub(super) names: Vec<String>,
    /// Display names, lowercased → id: a name used where the id belongs is pointed to it.
    by_name: HashMap<String, String>,
    /// A stakeholder file did not parse: its error is the one reported, not every
    /// reference to the stakeholders it held.
    pub(super) incomplete: bool,
}

/// Known ids listed in an unknown-stakeholder message, at most.
const LISTED_IDS: usize = 12;

impl People {
    /// Indexes the stakeholders, reporting ids that are duplicated or unusable as paths.
    pub(super) fn index(root: &Path, people: &[Person], diags: &mut Vec<Diagnostic>) -> People {
        let mut ids: HashMap<String, usize> = HashMap::new();
        for (i, (src, path, s)) in people.iter().enumerate() {
            let place = |msg: String| match src {
                Some(src) => src.error_for("id", &s.id, msg),
                None => registry_error(root, path, &s.id, msg),
            };
            if let Some(p) = slug_problem(&s.id) {
                diags.push(place(format!(
                    "stakeholder id `{}` cannot be used as a page path: {p}",
                    s.id
                )));
            } else if ids.insert(s.id.clone(), i).is_some() {
                diags.push(place(format!("duplicate stakeholder id `{}`", s.id)));
            }
        }
        People {
            ids,
            names: people.iter().map(|(_, _, s)| s.id.clone()).collect(),
            by_name: people
                .iter()
                .map(|(_, _, s)| (s.name.trim().to_lowercase(), s.id.clone()))
                .collect(),
            incomplete: false,
        }
    }

    /// The stakeholders of a loaded site, indexed as the load indexed them (a site that
    /// loaded has no duplicate or unusable ids, and every stakeholder file parsed).
    pub(super) fn of(stakeholders: &[Stakeholder]) -> People {
        People {
            ids: stakeholders
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.clone(), i))
                .collect(),
            names: stakeholders.iter().map(|s| s.id.clone()).collect(),
            by_name: stakeholders
                .iter()
                .map(|s| (s.name.trim().to_lowercase(), s.id.clone()))
                .collect(),
            incomplete: false,
        }
    }

    /// The index of stakeholder `id`.
    pub(super) fn get(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    /// What to do about an unknown stakeholder `id`: the id of the stakeholder it names,
    /// a close id, or the known ids and where stakeholders are added.
    fn advice(&self, id: &str) -> String {
        if let Some(real) = self.by_name.get(&id.trim().to_lowercase()) {
            return format!(" (did you mean `{real}`? `{id}` is its name; references use the id)");
        }
        let close = hint(id, self.names.iter().map(String::as_str));
        if !close.is_empty() {
            return close;
        }
        if self.names.is_empty() {
            return "; add it to content/stakeholders.toml".to_string();
        }
        let mut known: Vec<&str> = self.names.iter().map(String::as_str).collect();
        known.sort_unstable();
        known.dedup();
        let more = known.len().saturating_sub(LISTED_IDS);
        known.truncate(LISTED_IDS);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!(
            "; known ids: {}{more} (add new ones to content/stakeholders.toml)",
            known.join(", ")
        )
    }

    /// Reports each of `ids` (the values of `key` in `src`) that is not a stakeholder.
    pub(super) fn check<'i>(
        &self,
        src: &Source,
        key: &str,
        ids: impl IntoIterator<Item = &'i String>,
        diags: &mut Vec<Diagnostic>,
    ) {
        for id in ids {
            if !self.ids.contains_key(id) && !self.incomplete {
                let msg = format!("`{key}`: unknown stakeholder `{id}`{}", self.advice(id));
                diags.push(src.error_for(key, id, msg));
            }
        }
    }
}

/// The versions of the releases, to resolve references to them.
pub(super) struct Versions<'a> {
    index: HashMap<&'a str, usize>,
    names: Vec<&'a str>,
    /// Versions whose release note did not parse: that error is the one reported, not
    /// "no release note" for each file that names them as well.
    broken: HashSet<String>,
}

impl<'a> Versions<'a> {
    pub(super) fn index(releases: &'a [Pending], broken: HashSet<String>) -> Versions<'a> {
        Versions {
            broken,
            index: releases
                .iter()
                .enumerate()
                .map(|(i, (_, f, _))| (f.version.as_str(), i))
                .collect(),
            names: releases
                .iter()
                .map(|(_, f, _)| f.version.as_str())
                .collect(),
        }
    }

    /// The release `v` names (`key` of a `what` in `src`), or a diagnostic.
    pub(super) fn find(
        &self,
        src: &Source,
        key: &str,
        v: &Version,
        what: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        let found = self.index.get(v.as_str()).copied();
        if found.is_none() && !self.broken.contains(v.as_str()) {
            diags.push(src.error_for(
                key,
                v.as_str(),
                format!(
                    "{what} for version {v}, which has no release note{}",
                    hint(v.as_str(), self.names.iter().copied())
                ),
            ));
        }
        found
    }
}

/// Ids of risks and action items seen so far (they share one id space per kind across
/// the site): `risk:R-1` / `action:A-1` → the file that has it.
pub(super) type SeenIds = HashMap<String, PathBuf>;

/// Release notes with unique, path-safe versions, ordered by version. A version that
/// cannot be a page path joins `broken`: files naming it are not reported again.
pub(super) fn releases(
    mut notes: Vec<Pending>,
    people: &People,
    broken: &mut HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Pending> {
    notes.sort_by(|a, b| {
        a.1.version.cmp(&b.1.version).then_with(|| {
            a.0.as_ref()
                .map(|s| &s.path)
                .cmp(&b.0.as_ref().map(|s| &s.path))
        })
    });
    // In place (see `checklists`).
    let mut keep = vec![false; notes.len()];
    let mut last: Option<usize> = None;
    for i in 0..notes.len() {
        let (Some(src), front, _) = &notes[i] else {
            continue;
        };
        if let Some(p) = front.version.path_problem() {
            diags.push(src.error_for("version", front.version.as_str(), p));
            broken.insert(front.version.as_str().to_string());
            continue;
        }
        let prev = last.and_then(|l| {
            notes[l]
                .0
                .as_ref()
                .filter(|_| notes[l].1.version.as_str() == front.version.as_str())
        });
        if let Some(prev) = prev {
            diags.push(src.error_for(
                "version",
                front.version.as_str(),
                format!(
                    "duplicate version {}: also in {}",
                    front.version,
                    prev.path.display()
                ),
            ));
            continue;
        }
        check_release(src, front, diags);
        people.check(src, "stakeholders", &front.stakeholders, diags);
        people.check(src, "manager", &front.manager, diags);
        if let Some(g) = &front.go_no_go {
            people.check(src, "approvers", &g.approvers, diags);
        }
        people.check(
            src,
            "owner",
            front.risks.iter().filter_map(|r| r.owner.as_ref()),
            diags,
        );
        in_flight(src, front, people, diags);
        keep[i] = true;
        last = Some(i);
    }
    let mut keep = keep.into_iter();
    notes.retain(|_| keep.next().unwrap_or(false));
    notes
}

/// Risk ids, and logged issue ids, are unique across the site.
pub(super) fn unique_risk_ids(
    releases: &[Pending],
    seen: &mut SeenIds,
    diags: &mut Vec<Diagnostic>,
) {
    for (src, front, _) in releases {
        let Some(src) = src else { continue };
        let ids = front.risks.iter().map(|r| ("risk", &r.id));
        for (what, id) in ids.chain(front.issue_log.iter().map(|i| ("issue", &i.id))) {
            if let Some(other) = seen.insert(format!("{what}:{id}"), src.path.clone()) {
                diags.push(src.error_for(
                    "id",
                    id,
                    format!("duplicate {what} id `{id}`: also in {}", other.display()),
                ));
            }
        }
    }
}

/// The plan of a release note: milestone and issue owners exist, dates in order.
fn in_flight(src: &Source, f: &ReleaseFront, people: &People, diags: &mut Vec<Diagnostic>) {
    let owners = f.milestones.iter().filter_map(|m| m.owner.as_ref());
    people.check(src, "owner", owners, diags);
    let owners = f.issue_log.iter().filter_map(|i| i.owner.as_ref());
    people.check(src, "owner", owners, diags);
    for i in &f.issue_log {
        if let Some(r) = i.resolved.filter(|r| *r < i.opened) {
            diags.push(src.error_for(
                "resolved",
                &r.to_string(),
                format!(
                    "issue `{}` is resolved ({r}) before it was opened ({})",
                    i.id, i.opened
                ),
            ));
        }
    }
}

/// A dependency as a graph edge: `from` depends on `to`, declared in `src`.
type Edge<'a> = (&'a str, &'a str, &'a Source);

/// Dependencies: each end is a stakeholder id, a component or a version (the `to` of
/// an `external` one may be anything), and they form no cycle.
pub(super) fn dependencies(releases: &[Pending], people: &People, diags: &mut Vec<Diagnostic>) {
    let mut known: HashSet<&str> = people.names.iter().map(String::as_str).collect();
    for (_, f, _) in releases {
        known.insert(f.version.as_str());
        known.extend(f.components.iter().map(String::as_str));
    }
    let mut edges: Vec<Edge> = Vec::new();
    for (src, f, _) in releases {
        let Some(src) = src else { continue };
        for d in &f.dependencies {
            for (key, end) in [("from", &d.from), ("to", &d.to)] {
                let free = key == "to" && d.kind == DependencyKind::External;
                if !free && !known.contains(end.as_str()) {
                    diags.push(src.error_for(
                        "dependencies",
                        end,
                        format!(
                            "`{key}`: unknown dependency end `{end}`: not a stakeholder id, component or version{}",
                            hint(end, known.iter().copied())
                        ),
                    ));
                }
            }
            edges.push((&d.from, &d.to, src));
        }
    }
    let mut reported: HashSet<Vec<&str>> = HashSet::new();
    for &(from, to, src) in &edges {
        let path = dependency_path(&edges, to, from);
        let mut key = path.clone();
        key.sort_unstable();
        if path.is_empty() || !reported.insert(key) {
            continue;
        }
        diags.push(src.error_for(
            "dependencies",
            to,
            format!("dependency cycle: {from} → {}", path.join(" → ")),
        ));
    }
}

/// A shortest path of dependencies from `start` to `goal` (both included), empty when
/// there is none.
fn dependency_path<'a>(edges: &[Edge<'a>], start: &'a str, goal: &'a str) -> Vec<&'a str> {
    let mut prev: HashMap<&str, &str> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    let mut seen: HashSet<&str> = HashSet::from([start]);
    while let Some(n) = queue.pop_front() {
        if n == goal {
            let mut path = vec![n];
            let mut at = n;
            while let Some(&p) = prev.get(at) {
                path.push(p);
                at = p;
            }
            path.reverse();
            return path;
        }
        let mut next: Vec<&str> = edges.iter().filter(|e| e.0 == n).map(|e| e.1).collect();
        next.sort_unstable();
        for m in next {
            if seen.insert(m) {
                prev.insert(m, n);
                queue.push_back(m);
            }
        }
    }
    Vec::new()
}

/// Meeting records: usable, unique page names; a release that exists; participants
/// and action items as for retrospectives; a `decision` only on go/no-go meetings.
pub(super) fn meetings(
    mut sources: Vec<(Source, MeetingFront, String)>,
    versions: &Versions,
    people: &People,
    seen: &mut SeenIds,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Source, MeetingFront, String, Option<usize>)> {
    sources.sort_by(|a, b| a.1.date.cmp(&b.1.date).then_with(|| a.2.cmp(&b.2)));
    let mut slugs: HashSet<String> = HashSet::new();
    let mut kept = Vec::new();
    for (src, front, slug) in sources {
        let problem = slug_problem(&slug)
            .map(|p| {
                format!("meeting file name gives the page name `{slug}`, which cannot be used: {p}")
            })
            .or_else(|| {
                (!slugs.insert(slug.clone()))
                    .then(|| format!("two meetings share the page name `{slug}`"))
            });
        if let Some(msg) = problem {
            diags.push(Diagnostic::error(&src.path, 1, 1, msg));
            continue;
        }
        let release = match &front.release {
            Some(v) => match versions.find(&src, "release", v, "meeting", diags) {
                Some(i) => Some(i),
                None => continue,
            },
            None => None,
        };
        if let Some(d) = front.decision.filter(|_| front.kind != MeetingKind::GoNoGo) {
            diags.push(src.error_for(
                "decision",
                d.as_str(),
                format!("only a go-no-go meeting records a `decision`; this is a {} meeting (write it under `decisions`)", front.kind),
            ));
        }
        people.check(&src, "participants", &front.participants, diags);
        action_items(&src, &front.action_items, people, seen, diags);
        kept.push((src, front, slug, release));
    }
    kept
}

/// Retrospectives of releases that exist, one per release, with their release's index.
pub(super) fn retros(
    mut sources: Vec<(Source, RetroFront, usize)>,
    versions: &Versions,
    people: &People,
    seen: &mut SeenIds,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Source, RetroFront, usize)> {
    sources.sort_by(|a, b| {
        a.1.release
            .cmp(&b.1.release)
            .then_with(|| a.0.path.cmp(&b.0.path))
    });
    // In place (see `checklists`): each retrospective's release, or not kept.
    let mut retro_for: HashMap<usize, usize> = HashMap::with_capacity(sources.len());
    let mut keep = vec![false; sources.len()];
    for i in 0..sources.len() {
        let (src, front, _) = &sources[i];
        let Some(rel) = versions.find(src, "release", &front.release, "retrospective", diags)
        else {
            continue;
        };
        if let Some(&other) = retro_for.get(&rel) {
            diags.push(src.error_for(
                "release",
                front.release.as_str(),
                format!(
                    "second retrospective for {}: also in {}",
                    front.release,
                    sources[other].0.path.display()
                ),
            ));
            continue;
        }
        retro_for.insert(rel, i);
        people.check(src, "facilitator", &front.facilitator, diags);
        people.check(src, "participants", &front.participants, diags);
        action_items(src, &front.action_items, people, seen, diags);
        sources[i].2 = rel;
        keep[i] = true;
    }
    let mut keep = keep.into_iter();
    sources.retain(|_| keep.next().unwrap_or(false));
    sources
}

/// Action items: owners that exist, unique ids, `closed` only when done.
fn action_items(
    src: &Source,
    items: &[ActionItem],
    people: &People,
    seen: &mut SeenIds,
    diags: &mut Vec<Diagnostic>,
) {
    people.check(
        src,
        "owner",
        items.iter().filter_map(|a| a.owner.as_ref()),
        diags,
    );
    for a in items {
        if let Some(other) = seen.insert(format!("action:{}", a.id), src.path.clone()) {
            diags.push(src.error_for(
                "id",
                &a.id,
                format!(
                    "duplicate action item id `{}`: also in {}",
                    a.id,
                    other.display()
                ),
            ));
        }
        if a.closed.is_some() && a.status != ActionStatus::Done {
            diags.push(src.error_for(
                "closed",
                &a.id,
                format!(
                    "action item `{}` has a `closed` date but its status is {}",
                    a.id, a.status
                ),
            ));
        }
    }
}

/// Checklists of releases that exist (or templates), one per release and phase, with
/// their release's index.
pub(super) fn checklists(
    mut sources: Vec<(Source, ChecklistFront, Option<usize>)>,
    versions: &Versions,
    people: &People,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Source, ChecklistFront, Option<usize>)> {
    sources.sort_by(|a, b| {
        a.1.release
            .cmp(&b.1.release)
            .then(a.1.phase.cmp(&b.1.phase))
            .then_with(|| a.0.path.cmp(&b.0.path))
    });
    // In place: checklists are most of a large site's files, and a second vector of
    // them (150,000 at 50k releases) was the peak of the load. First each one's release
    // and whether it is kept, then the others dropped.
    let mut first: HashMap<(Option<usize>, Phase), usize> = HashMap::with_capacity(sources.len());
    let mut keep = vec![false; sources.len()];
    for i in 0..sources.len() {
        let (src, front, _) = &sources[i];
        let rel = match &front.release {
            Some(v) => match versions.find(src, "release", v, "checklist", diags) {
                Some(r) => Some(r),
                None => continue,
            },
            None => None,
        };
        if let Some(&other) = first.get(&(rel, front.phase)) {
            let what = front
                .release
                .as_ref()
                .map_or("the template".to_string(), |v| format!("release {v}"));
            diags.push(src.error_for(
                "phase",
                front.phase.as_str(),
                format!(
                    "second {} checklist for {what}: also in {}",
                    front.phase,
                    sources[other].0.path.display()
                ),
            ));
            continue;
        }
        first.insert((rel, front.phase), i);
        people.check(src, "owner", &front.owner, diags);
        people.check(src, "signed_off_by", &front.signed_off_by, diags);
        sources[i].2 = rel;
        keep[i] = true;
    }
    let mut keep = keep.into_iter();
    sources.retain(|_| keep.next().unwrap_or(false));
    sources
}

/// Handbook modules in order (by `order`, then page name), with usable and unique page
/// names, known prerequisites and quiz answers in range.
pub(super) fn modules(modules: &mut [(Source, ModuleFront, String)], diags: &mut Vec<Diagnostic>) {
    modules.sort_by(|a, b| {
        a.1.order
            .unwrap_or(u32::MAX)
            .cmp(&b.1.order.unwrap_or(u32::MAX))
            .then_with(|| a.2.cmp(&b.2))
    });
    let slugs: HashSet<&str> = modules.iter().map(|m| m.2.as_str()).collect();
    let mut seen_slugs = HashSet::new();
    for (src, front, slug) in modules.iter() {
        if let Some(p) = slug_problem(slug) {
            diags.push(Diagnostic::error(
                &src.path,
                1,
                1,
                format!("module file name gives the page name `{slug}`, which cannot be used: {p}"),
            ));
        }
        if !seen_slugs.insert(slug.as_str()) {
            diags.push(Diagnostic::error(
                &src.path,
                1,
                1,
                format!("two modules share the page name `{slug}`"),
            ));
        }
        for p in &front.prerequisites {
            if !slugs.contains(p.as_str()) {
                diags.push(src.error_for(
                    "prerequisites",
                    p,
                    format!(
                        "unknown prerequisite module `{p}`{}",
                        hint(p, slugs.iter().copied())
                    ),
                ));
            }
        }
        for q in &front.quiz {
            if q.answer >= q.choices.len() {
                diags.push(src.error_for("answer", &q.answer.to_string(), format!("quiz answer {} is out of range: the question has {} choices (answers count from 0)", q.answer, q.choices.len())));
            }
        }
    }
}

/// Consistency inside one release note.
fn check_release(src: &Source, f: &ReleaseFront, diags: &mut Vec<Diagnostic>) {
    if f.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        diags.push(src.warning_for(
            "title",
            "",
            format!(
                "`title` is empty; pages call it `Release {}` until it has one",
                f.version
            ),
        ));
    }
    if let Some(w) = &f.window {
        if w.start > w.end {
            diags.push(src.error_for(
                "window",
                &w.end.to_string(),
                format!(
                    "release window ends ({}) before it starts ({})",
                    w.end, w.start
                ),
            ));
        }
    }
    if let Some(d) = &f.deployment {
        if let (Some(s), Some(e)) = (d.started, d.finished) {
            if s > e {
                diags.push(src.error_for(
                    "finished",
                    "",
                    "deployment `finished` is before `started`",
                ));
            }
        }
        if let (Some(e), Some(r)) = (d.finished, d.restored) {
            if e > r {
                diags.push(src.error_for(
                    "restored",
                    "",
                    "deployment `restored` is before `finished`",
                ));
            }
        }
        if d.restored.is_some() && d.result == DeployResult::Success {
            diags.push(src.warning_for(
                "restored",
                "",
                "`restored` is only meaningful for failed or rolled-back deployments",
            ));
        }
    }
}
