//! Loading a site: every content file read, parsed, validated and cross-linked into one
//! in-memory [`Site`]. Every problem of the run is collected; the load fails only after
//! all files have been looked at.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::content::*;
use crate::dora::DoraTable;
use crate::error::{hint, Diagnostic, Error, Level, Result};
use crate::git::{self, History, LeadTime};
use crate::markdown::{self, Rendered};

use chrono::{DateTime, FixedOffset, NaiveTime, TimeZone};

/// The content folder, relative to the site root.
pub const CONTENT_DIR: &str = "content";

/// Options of a load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include releases marked `draft: true`.
    pub drafts: bool,
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

    /// Counted in history and metrics: released or rolled back.
    pub fn is_shipped(&self) -> bool {
        matches!(self.status, Status::Released | Status::RolledBack)
    }

    /// Written as a release note (else built from its git tag alone).
    pub fn has_notes(&self) -> bool {
        !self.path.as_os_str().is_empty()
    }

    pub fn title(&self) -> String {
        self.front
            .title
            .clone()
            .unwrap_or_else(|| format!("Release {}", self.front.version))
    }
}

#[derive(Debug)]
pub struct Retro {
    pub front: RetroFront,
    pub path: PathBuf,
    pub body: Rendered,
    /// Index into [`Site::releases`].
    pub release: usize,
}

#[derive(Debug)]
pub struct Checklist {
    pub front: ChecklistFront,
    pub path: PathBuf,
    pub body: Rendered,
    /// Index into [`Site::releases`]; `None` for a phase template.
    pub release: Option<usize>,
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
    pub templates: Vec<Checklist>,
    /// Sorted by `order`, then slug.
    pub modules: Vec<Module>,
    /// In registry order.
    pub stakeholders: Vec<Stakeholder>,
    /// Warnings of the load (errors fail it).
    pub warnings: Vec<Diagnostic>,
    /// The release history from git, when a repository was read.
    pub history: Option<History>,
    /// Messages about the history (no repository, shallow clone, duplicate tags).
    pub notes: Vec<String>,
    /// DORA performance bands in use (`[kpi] dora_report` or `dora_table`).
    pub dora: DoraTable,
    /// How long stages of the load took (printed with `RELBOOK_TIMINGS=1`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// Content file (relative to the content folder) → its page, for Markdown links.
    pub links: HashMap<PathBuf, String>,
}

enum Kind2 {
    Release,
    Retro,
    Checklist,
    Module,
    Stakeholder,
}

enum Parsed {
    Release(Source, Box<ReleaseFront>),
    Retro(Source, RetroFront),
    Checklist(Source, ChecklistFront),
    Module(Source, ModuleFront, String),
    Stakeholder(Source, Stakeholder),
}

impl Site {
    /// Loads and validates the site at `root`.
    pub fn load(root: &Path, opts: &LoadOptions) -> Result<Site> {
        let config = Config::load(root)?;
        Site::load_with(root, config, opts)
    }

    /// Like [`Site::load`] with a config already in hand (e.g. with `--base-url` applied).
    pub fn load_with(root: &Path, config: Config, opts: &LoadOptions) -> Result<Site> {
        let mut diags: Vec<Diagnostic> = Vec::new();
        let files = collect_files(root, &mut diags);

        let (parsed, git) = rayon::join(
            || -> Vec<std::result::Result<Parsed, Diagnostic>> {
                files
                    .par_iter()
                    .map(|(rel, kind)| parse_file(root, rel, kind))
                    .collect()
            },
            || {
                let t = std::time::Instant::now();
                (load_history(root, &config), t.elapsed())
            },
        );
        let (git, git_time) = git;
        let (history, notes) = match git {
            Ok(found) => found,
            Err(d) => {
                diags.push(d);
                (None, Vec::new())
            }
        };
        let mut releases_src = Vec::new();
        let mut retros_src = Vec::new();
        let mut checklists_src = Vec::new();
        let mut modules_src = Vec::new();
        let mut stakeholders: Vec<(Option<Source>, PathBuf, Stakeholder)> = Vec::new();
        // Files that did not parse: links to them are not reported as broken as well.
        let mut unparsed: Vec<PathBuf> = Vec::new();
        for (p, (rel, _)) in parsed.into_iter().zip(&files) {
            if p.is_err() {
                unparsed.push(rel.clone());
            }
            match p {
                Ok(Parsed::Release(s, f)) => {
                    if f.draft && !opts.drafts {
                        continue;
                    }
                    releases_src.push((s, *f))
                }
                Ok(Parsed::Retro(s, f)) => retros_src.push((s, f)),
                Ok(Parsed::Checklist(s, f)) => checklists_src.push((s, f)),
                Ok(Parsed::Module(s, f, slug)) => modules_src.push((s, f, slug)),
                Ok(Parsed::Stakeholder(s, f)) => stakeholders.push((Some(s.clone()), s.path, f)),
                Err(d) => diags.push(d),
            }
        }
        load_stakeholder_registry(root, &mut stakeholders, &mut diags);

        // Stakeholders: unique, path-safe ids.
        let mut stakeholder_ids: HashMap<String, usize> = HashMap::new();
        for (i, (src, path, s)) in stakeholders.iter().enumerate() {
            let place = |msg: String| match src {
                Some(src) => src.error_for("id", &s.id, msg),
                None => registry_error(root, path, &s.id, msg),
            };
            if let Some(p) = slug_problem(&s.id) {
                diags.push(place(format!(
                    "stakeholder id `{}` cannot be used as a page path: {p}",
                    s.id
                )));
            } else if stakeholder_ids.insert(s.id.clone(), i).is_some() {
                diags.push(place(format!("duplicate stakeholder id `{}`", s.id)));
            }
        }
        let stakeholder_names: Vec<&str> =
            stakeholders.iter().map(|(_, _, s)| s.id.as_str()).collect();
        let check_ids = |src: &Source,
                         key: &str,
                         ids: &mut dyn Iterator<Item = &String>,
                         diags: &mut Vec<Diagnostic>| {
            for id in ids {
                if !stakeholder_ids.contains_key(id) {
                    let msg = format!(
                        "`{key}`: unknown stakeholder `{id}`{}",
                        hint(id, stakeholder_names.iter().copied())
                    );
                    let msg = if stakeholders.is_empty() {
                        format!("{msg}; add it to content/stakeholders.toml")
                    } else {
                        msg
                    };
                    diags.push(src.error_for(key, id, msg));
                }
            }
        };

        // Releases: unique, path-safe versions, ordered.
        releases_src.sort_by(|a, b| {
            a.1.version
                .cmp(&b.1.version)
                .then_with(|| a.0.path.cmp(&b.0.path))
        });
        let mut kept: Vec<(Source, ReleaseFront)> = Vec::with_capacity(releases_src.len());
        for (src, front) in releases_src {
            if let Some(p) = front.version.path_problem() {
                diags.push(src.error_for("version", front.version.as_str(), p));
                continue;
            }
            if let Some((prev, _)) = kept
                .last()
                .filter(|(_, f)| f.version.as_str() == front.version.as_str())
            {
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
            check_release(&src, &front, &mut diags);
            check_ids(
                &src,
                "stakeholders",
                &mut front.stakeholders.iter(),
                &mut diags,
            );
            check_ids(&src, "manager", &mut front.manager.iter(), &mut diags);
            if let Some(g) = &front.go_no_go {
                check_ids(&src, "approvers", &mut g.approvers.iter(), &mut diags);
            }
            check_ids(
                &src,
                "owner",
                &mut front.risks.iter().filter_map(|r| r.owner.as_ref()),
                &mut diags,
            );
            kept.push((src, front));
        }
        let mut kept: Vec<(Option<Source>, ReleaseFront, Option<usize>)> =
            kept.into_iter().map(|(s, f)| (Some(s), f, None)).collect();
        if let Some(h) = &history {
            attach_history(h, &mut kept, config.offset());
        }
        let version_index: HashMap<&str, usize> = kept
            .iter()
            .enumerate()
            .map(|(i, (_, f, _))| (f.version.as_str(), i))
            .collect();
        let version_names: Vec<&str> = kept.iter().map(|(_, f, _)| f.version.as_str()).collect();
        let find_release =
            |src: &Source, key: &str, v: &Version, what: &str, diags: &mut Vec<Diagnostic>| {
                let found = version_index.get(v.as_str()).copied();
                if found.is_none() {
                    diags.push(src.error_for(
                        key,
                        v.as_str(),
                        format!(
                            "{what} for version {v}, which has no release note{}",
                            hint(v.as_str(), version_names.iter().copied())
                        ),
                    ));
                }
                found
            };

        // Unique risk ids across the site.
        let mut seen_ids: HashMap<String, PathBuf> = HashMap::new();
        for (src, front, _) in &kept {
            let Some(src) = src else { continue };
            for r in &front.risks {
                if let Some(other) = seen_ids.insert(format!("risk:{}", r.id), src.path.clone()) {
                    diags.push(src.error_for(
                        "id",
                        &r.id,
                        format!("duplicate risk id `{}`: also in {}", r.id, other.display()),
                    ));
                }
            }
        }

        // Retrospectives.
        retros_src.sort_by(|a, b| {
            a.1.release
                .cmp(&b.1.release)
                .then_with(|| a.0.path.cmp(&b.0.path))
        });
        let mut retro_for: HashMap<usize, PathBuf> = HashMap::new();
        let mut retros_kept = Vec::new();
        for (src, front) in retros_src {
            let Some(rel) =
                find_release(&src, "release", &front.release, "retrospective", &mut diags)
            else {
                continue;
            };
            if let Some(other) = retro_for.insert(rel, src.path.clone()) {
                diags.push(src.error_for(
                    "release",
                    front.release.as_str(),
                    format!(
                        "second retrospective for {}: also in {}",
                        front.release,
                        other.display()
                    ),
                ));
                continue;
            }
            check_ids(
                &src,
                "facilitator",
                &mut front.facilitator.iter(),
                &mut diags,
            );
            check_ids(
                &src,
                "participants",
                &mut front.participants.iter(),
                &mut diags,
            );
            check_ids(
                &src,
                "owner",
                &mut front.action_items.iter().filter_map(|a| a.owner.as_ref()),
                &mut diags,
            );
            for a in &front.action_items {
                if let Some(other) = seen_ids.insert(format!("action:{}", a.id), src.path.clone()) {
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
            retros_kept.push((src, front, rel));
        }

        // Checklists.
        checklists_src.sort_by(|a, b| {
            a.1.release
                .cmp(&b.1.release)
                .then(a.1.phase.cmp(&b.1.phase))
                .then_with(|| a.0.path.cmp(&b.0.path))
        });
        let mut checklist_keys: HashMap<(Option<usize>, Phase), PathBuf> = HashMap::new();
        let mut checklists_kept = Vec::new();
        for (src, front) in checklists_src {
            let rel = match &front.release {
                Some(v) => match find_release(&src, "release", v, "checklist", &mut diags) {
                    Some(i) => Some(i),
                    None => continue,
                },
                None => None,
            };
            if let Some(other) = checklist_keys.insert((rel, front.phase), src.path.clone()) {
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
                        other.display()
                    ),
                ));
                continue;
            }
            check_ids(&src, "owner", &mut front.owner.iter(), &mut diags);
            check_ids(
                &src,
                "signed_off_by",
                &mut front.signed_off_by.iter(),
                &mut diags,
            );
            checklists_kept.push((src, front, rel));
        }

        // Handbook modules.
        modules_src.sort_by(|a, b| {
            a.1.order
                .unwrap_or(u32::MAX)
                .cmp(&b.1.order.unwrap_or(u32::MAX))
                .then_with(|| a.2.cmp(&b.2))
        });
        let slugs: HashSet<&str> = modules_src.iter().map(|m| m.2.as_str()).collect();
        let mut seen_slugs = HashSet::new();
        for (src, front, slug) in &modules_src {
            if let Some(p) = slug_problem(slug) {
                diags.push(Diagnostic::error(
                    &src.path,
                    1,
                    1,
                    format!(
                        "module file name gives the page name `{slug}`, which cannot be used: {p}"
                    ),
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

        // Content file → page URL, for relative links in Markdown.
        let mut links: HashMap<PathBuf, String> = HashMap::new();
        for rel in &unparsed {
            links.insert(
                rel.strip_prefix(CONTENT_DIR).unwrap_or(rel).to_path_buf(),
                String::new(),
            );
        }
        let content_rel = |p: &Path| p.strip_prefix(CONTENT_DIR).unwrap_or(p).to_path_buf();
        for (src, f, _) in &kept {
            if let Some(src) = src {
                links.insert(content_rel(&src.path), format!("releases/{}/", f.version));
            }
        }
        for (src, f, _) in &retros_kept {
            links.insert(
                content_rel(&src.path),
                format!("retrospectives/{}/", f.release),
            );
        }
        for (src, f, _) in &checklists_kept {
            let target = match &f.release {
                Some(v) => format!("releases/{v}/#checklist-{}", f.phase),
                None => format!("compliance/#template-{}", f.phase),
            };
            links.insert(content_rel(&src.path), target);
        }
        for (src, _, slug) in &modules_src {
            links.insert(content_rel(&src.path), format!("handbook/{slug}/"));
        }
        for (src, _, s) in &stakeholders {
            if src.is_some() {
                links.insert(
                    content_rel(
                        src.as_ref()
                            .map(|s| s.path.as_path())
                            .unwrap_or(Path::new("")),
                    ),
                    format!("stakeholders/{}/", s.id),
                );
            }
        }

        let mdcfg = &config.markdown;
        let render = |src: &Source| {
            let cx = markdown::Context {
                path: &src.path,
                content_path: &content_rel(&src.path),
                body_line: src.body_line,
                links: &links,
                root: "../../",
                config: mdcfg,
            };
            markdown::render(&src.body, &cx)
        };
        // Each body is dropped once rendered, so the sources and their rendered pages are
        // never all in memory together (47 MB less at 10,000 releases).
        let render = |src: &mut Source| {
            let rendered = render(src);
            src.body = String::new();
            rendered
        };
        let collect = |(r, d): (Rendered, Vec<Diagnostic>), diags: &mut Vec<Diagnostic>| {
            diags.extend(d);
            r
        };

        let markdown_start = std::time::Instant::now();
        let bodies: Vec<_> = kept
            .par_iter_mut()
            .map(|(s, _, _)| s.as_mut().map(render))
            .collect();
        let tz = config.offset();
        let mut releases: Vec<Release> = kept
            .into_iter()
            .zip(bodies)
            .map(|((src, front, git), body)| {
                let status = front.status.unwrap_or_else(|| default_status(&front));
                let kind = front.kind.or_else(|| derive_kind(&front.version));
                let lead_time = git.and_then(|g| {
                    let tag = &history.as_ref()?.releases[g];
                    LeadTime::compute(&tag.commits, release_moment(front.date, tag.date, tz))
                });
                Release {
                    front,
                    front_hash: src.as_ref().map_or(0, front_hash),
                    path: src.map(|s| s.path).unwrap_or_default(),
                    status,
                    kind,
                    body: body.map(|b| collect(b, &mut diags)).unwrap_or_default(),
                    retro: None,
                    checklists: Vec::new(),
                    stakeholders: Vec::new(),
                    git,
                    lead_time,
                }
            })
            .collect();

        let bodies: Vec<_> = retros_kept
            .par_iter_mut()
            .map(|(s, _, _)| render(s))
            .collect();
        let retros: Vec<Retro> = retros_kept
            .into_iter()
            .zip(bodies)
            .map(|((src, front, release), body)| Retro {
                front,
                path: src.path,
                body: collect(body, &mut diags),
                release,
            })
            .collect();
        let bodies: Vec<_> = checklists_kept
            .par_iter_mut()
            .map(|(s, _, _)| render(s))
            .collect();
        let (checklists, templates): (Vec<Checklist>, Vec<Checklist>) = checklists_kept
            .into_iter()
            .zip(bodies)
            .map(|((src, front, release), body)| Checklist {
                front,
                path: src.path,
                body: {
                    // A checklist shows its items and counts them; it has no page of its
                    // own, search entry or summary, so keep only those.
                    let mut body = collect(body, &mut diags);
                    body.text = String::new();
                    body.summary = String::new();
                    body.toc = Vec::new();
                    body
                },
                release,
            })
            .partition(|c| c.release.is_some());
        let bodies: Vec<_> = modules_src
            .par_iter_mut()
            .map(|(s, _, _)| render(s))
            .collect();
        let modules: Vec<Module> = modules_src
            .into_iter()
            .zip(bodies)
            .map(|((src, front, slug), body)| Module {
                front,
                slug,
                path: src.path,
                body: collect(body, &mut diags),
            })
            .collect();
        let stakeholders: Vec<Stakeholder> = stakeholders.into_iter().map(|(_, _, s)| s).collect();

        let markdown_time = markdown_start.elapsed();

        // Cross-links.
        for (i, r) in retros.iter().enumerate() {
            releases[r.release].retro = Some(i);
        }
        for (i, c) in checklists.iter().enumerate() {
            if let Some(r) = c.release {
                releases[r].checklists.push(i);
            }
        }
        let mut by_component: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, s) in stakeholders.iter().enumerate() {
            for c in &s.interests {
                by_component.entry(c.as_str()).or_default().push(i);
            }
        }
        for r in &mut releases {
            let mut ids: Vec<usize> = r
                .front
                .stakeholders
                .iter()
                .filter_map(|id| stakeholder_ids.get(id).copied())
                .collect();
            for c in &r.front.components {
                ids.extend(by_component.get(c.as_str()).into_iter().flatten());
            }
            ids.sort_unstable();
            ids.dedup();
            r.stakeholders = ids;
        }

        let dora = match load_dora(root, &config) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                DoraTable::builtin("2023").expect("shipped table")
            }
        };
        diags.sort();
        diags.dedup();
        if diags.iter().any(|d| d.level == Level::Error) {
            return Err(Error::Invalid(diags));
        }
        Ok(Site {
            root: root.to_path_buf(),
            config,
            releases,
            retros,
            checklists,
            templates,
            modules,
            stakeholders,
            warnings: diags,
            history,
            notes,
            dora,
            timings: vec![
                ("git (in parallel with parsing)", git_time),
                ("markdown", markdown_time),
            ],
            links,
        })
    }

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
        if front_hash(&src) != self.releases[i].front_hash {
            return Ok(None);
        }
        let cx = markdown::Context {
            path: &src.path,
            content_path: src.path.strip_prefix(CONTENT_DIR).unwrap_or(&src.path),
            body_line: src.body_line,
            links: &self.links,
            root: "../../",
            config: &self.config.markdown,
        };
        let (body, diags) = markdown::render(&src.body, &cx);
        if diags.iter().any(|d| d.level == Level::Error) {
            return Err(Error::Invalid(diags));
        }
        let old = std::mem::replace(&mut self.releases[i].body, body);
        Ok(Some((i, old, diags)))
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
}

/// The DORA band table: the site's own file, else the shipped report's.
fn load_dora(root: &Path, config: &Config) -> std::result::Result<DoraTable, Diagnostic> {
    let Some(rel) = &config.kpi.dora_table else {
        return Ok(DoraTable::builtin(&config.kpi.dora_report)
            .unwrap_or_else(|| DoraTable::builtin("2023").expect("shipped table")));
    };
    let text = read_text(root, Path::new(rel))?;
    DoraTable::parse(&text).map_err(|e| {
        let (line, col) = e
            .span()
            .map_or((1, 1), |s| crate::error::line_col(&text, s.start));
        Diagnostic::error(
            rel,
            line,
            col,
            crate::error::improve_serde_message(e.message()),
        )
    })
}

/// Reads the history the config points at. `Ok((None, note))` when there is no
/// repository to read; an error when a configured one cannot be read.
fn load_history(
    root: &Path,
    config: &Config,
) -> std::result::Result<(Option<History>, Vec<String>), Diagnostic> {
    let cfg = &config.git;
    if cfg.enabled == Some(false) {
        return Ok((None, Vec::new()));
    }
    let config_error = |key: &str, message: String| {
        let text = std::fs::read_to_string(root.join("relbook.toml")).unwrap_or_default();
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .map_or(1, |i| i + 1);
        Diagnostic::error("relbook.toml", line, 1, message)
    };
    let repo = match &cfg.repo {
        Some(path) => git::open(&root.join(path)).map_err(|e| {
            config_error(
                "repo",
                format!("cannot open git repository `{path}`: {}", e.message()),
            )
        })?,
        None => match git::discover(root) {
            Some(repo) => repo,
            None if cfg.enabled == Some(true) => {
                return Err(config_error(
                    "enabled",
                    format!(
                        "[git] enabled = true, but no git repository contains {}; set [git] repo",
                        root.display()
                    ),
                ))
            }
            None => {
                return Ok((
                    None,
                    vec![
                        "no git repository found; the site is built from content alone".to_string(),
                    ],
                ))
            }
        },
    };
    let patterns = cfg.tag_pattern.list();
    let opts = git::Options {
        patterns: &patterns,
        include_prereleases: cfg.include_prereleases,
        cache: cfg.cache,
    };
    let history = git::read(&repo, &opts).map_err(|e| {
        config_error(
            "[git]",
            format!(
                "cannot read the git history of {}: {}",
                repo.path().display(),
                e.message()
            ),
        )
    })?;
    let notes = history.warnings.clone();
    Ok((Some(history), notes))
}

/// Pairs release notes with release tags (by the note's `tag`, else by version), fills
/// a note's missing `date` from its tag, and adds a release for every tag without a note.
fn attach_history(
    h: &History,
    kept: &mut Vec<(Option<Source>, ReleaseFront, Option<usize>)>,
    tz: FixedOffset,
) {
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    let mut by_version: HashMap<String, usize> = HashMap::new();
    for (i, r) in h.releases.iter().enumerate() {
        by_name.insert(&r.tag, i);
        for a in &r.aliases {
            by_name.insert(a, i);
        }
        by_version.insert(r.version.to_string(), i);
    }
    let mut used = vec![false; h.releases.len()];
    for (_, front, git) in kept.iter_mut() {
        let found = match &front.tag {
            Some(tag) => by_name.get(tag.as_str()).copied(),
            None => front
                .version
                .semver()
                .and_then(|v| by_version.get(&v.to_string()).copied()),
        };
        if let Some(i) = found.filter(|&i| !used[i]) {
            used[i] = true;
            *git = Some(i);
            let tag = &h.releases[i];
            front.tag.get_or_insert_with(|| tag.tag.clone());
            front
                .date
                .get_or_insert(Date(tag.date.with_timezone(&tz).date_naive()));
        }
    }
    for (i, tag) in h.releases.iter().enumerate().filter(|(i, _)| !used[*i]) {
        let version = Version::parse(&tag.version.to_string());
        if version.path_problem().is_some() {
            continue;
        }
        let front = ReleaseFront::from_tag(
            version,
            Date(tag.date.with_timezone(&tz).date_naive()),
            tag.tag.clone(),
        );
        kept.push((None, front, Some(i)));
    }
    kept.sort_by(|a, b| a.1.version.cmp(&b.1.version));
}

/// When a release happened, for lead times: its tag's moment, unless the note gives a
/// different day, which then wins (from the start of that day in the site's zone).
pub fn release_moment(
    note_date: Option<Date>,
    tag: DateTime<FixedOffset>,
    tz: FixedOffset,
) -> DateTime<FixedOffset> {
    match note_date {
        Some(d) if d.0 != tag.with_timezone(&tz).date_naive() => tz
            .from_local_datetime(&d.0.and_time(NaiveTime::MIN))
            .single()
            .unwrap_or(tag),
        _ => tag,
    }
}

/// Without a `status`: rolled back when its deployment was, released when it has a date
/// or a deployment, else planned.
fn default_status(f: &ReleaseFront) -> Status {
    match (&f.deployment, f.date) {
        (Some(d), _) if d.result == DeployResult::RolledBack => Status::RolledBack,
        (Some(_), _) | (None, Some(_)) => Status::Released,
        (None, None) => Status::Planned,
    }
}

/// x.0.0 is major, x.y.0 minor, anything else patch; pre-1.0 minors stay minor.
fn derive_kind(v: &Version) -> Option<Kind> {
    let s = v.semver()?;
    Some(if s.minor == 0 && s.patch == 0 && s.major > 0 {
        Kind::Major
    } else if s.patch == 0 {
        Kind::Minor
    } else {
        Kind::Patch
    })
}

/// Consistency inside one release note.
fn check_release(src: &Source, f: &ReleaseFront, diags: &mut Vec<Diagnostic>) {
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

fn registry_error(_root: &Path, path: &Path, id: &str, msg: String) -> Diagnostic {
    // The registry is TOML without a Source; find the id's line by reading the text again.
    let text = std::fs::read_to_string(_root.join(path)).unwrap_or_default();
    let needle = format!("\"{id}\"");
    let line = text
        .lines()
        .position(|l| l.contains(&needle))
        .map_or(1, |i| i + 1);
    Diagnostic::error(path, line, 1, msg)
}

fn load_stakeholder_registry(
    root: &Path,
    out: &mut Vec<(Option<Source>, PathBuf, Stakeholder)>,
    diags: &mut Vec<Diagnostic>,
) {
    let rel = Path::new(CONTENT_DIR).join("stakeholders.toml");
    if !root.join(&rel).is_file() {
        return;
    }
    let text = match read_text(root, &rel) {
        Ok(t) => t,
        Err(d) => return diags.push(d),
    };
    match toml::from_str::<StakeholderFile>(&text) {
        Ok(file) => {
            for s in file.stakeholder {
                out.push((None, rel.clone(), s));
            }
        }
        Err(e) => {
            let (line, col) = e
                .span()
                .map_or((1, 1), |s| crate::error::line_col(&text, s.start));
            diags.push(Diagnostic::error(
                &rel,
                line,
                col,
                crate::error::improve_serde_message(e.message()),
            ));
        }
    }
}

/// Every `.md` file under the content kinds' folders, sorted, with its kind.
fn collect_files(root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(PathBuf, Kind2)> {
    let mut files = Vec::new();
    let content = root.join(CONTENT_DIR);
    for (dir, _) in [
        ("releases", 0),
        ("retrospectives", 1),
        ("checklists", 2),
        ("handbook", 3),
        ("stakeholders", 4),
    ] {
        let base = content.join(dir);
        if !base.is_dir() {
            continue;
        }
        for entry in WalkDir::new(&base).follow_links(false).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let p = e
                        .path()
                        .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
                        .unwrap_or_else(|| base.clone());
                    diags.push(Diagnostic::error(p, 1, 1, format!("cannot read: {e}")));
                    continue;
                }
            };
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            let name = entry.file_name().to_string_lossy();
            if name.starts_with('.') || entry.file_type().is_dir() || !name.ends_with(".md") {
                continue;
            }
            if entry.path_is_symlink() {
                diags.push(Diagnostic::warning(rel, 1, 1, "symbolic link not followed"));
                continue;
            }
            let kind = match dir {
                "releases" => Kind2::Release,
                "retrospectives" => Kind2::Retro,
                "checklists" => Kind2::Checklist,
                "handbook" => Kind2::Module,
                _ => Kind2::Stakeholder,
            };
            files.push((rel, kind));
        }
    }
    files
}

/// Identifies a note's front matter and the line its body starts on.
fn front_hash(src: &Source) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (
        &src.front,
        src.front_line,
        src.body_line,
        src.format == Format::Toml,
    )
        .hash(&mut h);
    h.finish()
}

fn parse_file(root: &Path, rel: &Path, kind: &Kind2) -> std::result::Result<Parsed, Diagnostic> {
    let text = read_text(root, rel)?;
    let src = Source::split(rel, &text)?;
    Ok(match kind {
        Kind2::Release => {
            let f = src.parse()?;
            Parsed::Release(src, Box::new(f))
        }
        Kind2::Retro => {
            let f = src.parse()?;
            Parsed::Retro(src, f)
        }
        Kind2::Checklist => {
            let f = src.parse()?;
            Parsed::Checklist(src, f)
        }
        Kind2::Module => {
            let f = src.parse()?;
            let stem = rel
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let slug = module_slug(&stem);
            Parsed::Module(src, f, slug)
        }
        Kind2::Stakeholder => {
            let mut f: Stakeholder = src.parse()?;
            if f.id.is_empty() {
                f.id = rel
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
            }
            Parsed::Stakeholder(src, f)
        }
    })
}

/// `03-risk-management` → `risk-management`.
pub fn module_slug(stem: &str) -> String {
    let trimmed = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    match trimmed.strip_prefix(['-', '_']) {
        Some(rest) if !rest.is_empty() && trimmed.len() < stem.len() => rest.to_string(),
        _ => stem.to_string(),
    }
}
