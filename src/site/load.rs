//! Loading a site, step by step: parse every file (git history read alongside),
//! validate each kind, build the link table, render the bodies, cross-link. Every
//! problem of the run is collected; the load fails only after all files were looked at.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use super::files::{self, FileKind, ParseResult, Parsed};
use super::history::{attach_history, load_history, release_moment};
use super::validate::{self, Pending, People, Person, SeenIds, Versions};
use super::*;
use crate::config::Config;
use crate::dora::DoraTable;
use crate::error::{Diagnostic, Error, Level, Result};
use crate::git::{History, LeadTime};
use crate::markdown::{self, Rendered};

/// The parsed files, by kind.
#[derive(Default)]
struct Sources {
    releases: Vec<Pending>,
    /// With their release's index, set when validated.
    retros: Vec<(Source, RetroFront, usize)>,
    checklists: Vec<(Source, ChecklistFront, Option<usize>)>,
    modules: Vec<(Source, ModuleFront, String)>,
    people: Vec<Person>,
    meetings: Vec<(Source, MeetingFront, String)>,
    status_notes: Vec<(Source, StatusFront, Week)>,
    /// Files that did not parse: links to them are not reported as broken as well.
    unparsed: Vec<PathBuf>,
    /// A stakeholder file did not parse.
    people_incomplete: bool,
}

impl Sources {
    /// Sorts parse results by kind, leaving out drafts unless `opts.drafts`.
    fn sort(
        parsed: Vec<ParseResult>,
        files: &[(PathBuf, FileKind)],
        opts: &LoadOptions,
        diags: &mut Vec<Diagnostic>,
    ) -> Sources {
        // Sized from the file list up front: at 50k notes, growing these vectors by
        // doubling held a third of them again as slack at the load's peak.
        let count = |k: FileKind| files.iter().filter(|(_, kind)| *kind == k).count();
        let mut s = Sources {
            releases: Vec::with_capacity(count(FileKind::Release)),
            retros: Vec::with_capacity(count(FileKind::Retro)),
            checklists: Vec::with_capacity(count(FileKind::Checklist)),
            meetings: Vec::with_capacity(count(FileKind::Meeting)),
            ..Sources::default()
        };
        for (p, (rel, _)) in parsed.into_iter().zip(files) {
            let p = p.map(|(parsed, warnings)| {
                diags.extend(warnings);
                parsed
            });
            match p {
                Ok(Parsed::Release(src, f)) => {
                    if !f.draft || opts.drafts {
                        s.releases.push((Some(src), *f, None));
                    }
                }
                Ok(Parsed::Retro(src, f)) => s.retros.push((src, f, 0)),
                Ok(Parsed::Checklist(src, f)) => s.checklists.push((src, f, None)),
                Ok(Parsed::Module(src, f, slug)) => s.modules.push((src, f, slug)),
                Ok(Parsed::Stakeholder(src, f)) => s.people.push((Some(src.clone()), src.path, f)),
                Ok(Parsed::Meeting(src, f, slug)) => s.meetings.push((src, f, slug)),
                Ok(Parsed::StatusNote(src, f, week)) => s.status_notes.push((src, f, week)),
                Err(d) => {
                    s.unparsed.push(rel.clone());
                    diags.push(d);
                }
            }
        }
        s
    }
}

/// The validated sources of each kind, before their bodies are rendered.
struct Validated {
    releases: Vec<Pending>,
    retros: Vec<(Source, RetroFront, usize)>,
    checklists: Vec<(Source, ChecklistFront, Option<usize>)>,
    modules: Vec<(Source, ModuleFront, String)>,
    meetings: Vec<(Source, MeetingFront, String, Option<usize>)>,
    status_notes: Vec<(Source, StatusFront, Week)>,
    people: Vec<Person>,
    people_index: People,
    unparsed: Vec<PathBuf>,
}

impl Site {
    /// Loads and validates the site at `root`.
    pub fn load(root: &Path, opts: &LoadOptions) -> Result<(Site, LoadReport)> {
        let config = Config::load(root)?;
        Site::load_with(root, config, opts)
    }

    /// Like [`Site::load`] with a config already in hand (e.g. with `--base-url` applied).
    pub fn load_with(
        root: &Path,
        config: Config,
        opts: &LoadOptions,
    ) -> Result<(Site, LoadReport)> {
        let mut diags: Vec<Diagnostic> = Vec::new();
        // The files are listed and parsed while the git history is read.
        let ((files, list_diags, list_time, parsed, parse_time), (git, git_time)) = rayon::join(
            || {
                let t = Instant::now();
                let mut list_diags = Vec::new();
                let files = files::collect_files(root, &mut list_diags);
                let list_time = t.elapsed();
                let t = Instant::now();
                let parsed = files::parse_all(root, &files);
                (files, list_diags, list_time, parsed, t.elapsed())
            },
            || {
                let t = Instant::now();
                (load_history(root, &config), t.elapsed())
            },
        );
        diags.extend(list_diags);
        let (history, git_messages) = git.unwrap_or_else(|d| {
            diags.push(d);
            (None, Vec::new())
        });
        let t = Instant::now();
        let mut sources = Sources::sort(parsed, &files, opts, &mut diags);
        // The file list is as long as the site (225,000 files at 50k releases).
        drop(files);
        let sort_time = t.elapsed();
        let registry_ok = files::load_stakeholder_registry(root, &mut sources.people, &mut diags);
        sources.people_incomplete = !registry_ok
            || sources
                .unparsed
                .iter()
                .any(|p| p.starts_with(Path::new(CONTENT_DIR).join("stakeholders")));
        let t = Instant::now();
        let v = validate_all(root, &config, history.as_ref(), sources, &mut diags);
        let validate_time = t.elapsed();
        let t = Instant::now();
        let links = link_table(&v);
        let link_time = t.elapsed();
        let markdown_start = Instant::now();
        let kept = opts.kept_source.unwrap_or(KEPT_SOURCE);
        let mut site = render_bodies(root, config, history, v, links, kept, &mut diags);
        let markdown_time = markdown_start.elapsed();
        site.dora = load_dora(root, &site.config).unwrap_or_else(|d| {
            diags.push(d);
            DoraTable::fallback()
        });
        let t = Instant::now();
        diags.extend(site.consistency());
        let consistency_time = t.elapsed();
        diags.sort();
        diags.dedup();
        if diags.iter().any(|d| d.level == Level::Error) {
            return Err(Error::Invalid(diags));
        }
        let report = LoadReport {
            warnings: diags,
            git_messages,
            timings: vec![
                ("files listed", list_time),
                ("parse (read, front matter)", parse_time),
                ("git (in parallel with parsing)", git_time),
                ("sorted by kind", sort_time),
                ("validate", validate_time),
                ("link table", link_time),
                ("markdown", markdown_time),
                ("consistency", consistency_time),
            ],
        };
        Ok((site, report))
    }
}

/// Validates each kind, pairs release notes with git tags and resolves references.
fn validate_all(
    root: &Path,
    config: &Config,
    history: Option<&History>,
    sources: Sources,
    diags: &mut Vec<Diagnostic>,
) -> Validated {
    let mut people = People::index(root, &sources.people, diags);
    people.incomplete = sources.people_incomplete;
    let mut broken = files::unparsed_versions(root, &sources.unparsed);
    let mut releases = validate::releases(sources.releases, &people, &mut broken, diags);
    if let Some(h) = history {
        attach_history(h, &mut releases, config.offset());
    }
    let mut seen = SeenIds::new();
    validate::unique_risk_ids(&releases, &mut seen, diags);
    validate::dependencies(&releases, &people, diags);
    let versions = Versions::index(&releases, broken);
    let retros = validate::retros(sources.retros, &versions, &people, &mut seen, diags);
    let meetings = validate::meetings(sources.meetings, &versions, &people, &mut seen, diags);
    let mut status_notes = sources.status_notes;
    status_notes.sort_by_key(|n| n.2);
    let checklists = validate::checklists(sources.checklists, &versions, &people, diags);
    let mut modules = sources.modules;
    validate::modules(&mut modules, diags);
    Validated {
        releases,
        retros,
        checklists,
        modules,
        meetings,
        status_notes,
        people: sources.people,
        people_index: people,
        unparsed: sources.unparsed,
    }
}

/// `content/releases/x.md` → `releases/x.md`.
fn content_rel(p: &Path) -> PathBuf {
    p.strip_prefix(CONTENT_DIR).unwrap_or(p).to_path_buf()
}

/// Reads `src`'s file again for its body (and where that starts).
fn reread_body(root: &Path, src: &mut Source) -> std::result::Result<(), Diagnostic> {
    let text = read_text(root, &src.path)?;
    let again = Source::split(&src.path, &text)?;
    src.body = again.body;
    src.body_line = again.body_line;
    Ok(())
}

/// Where a body is rendered: every body is a page two folders below the root
/// (`releases/2.3.0/`, `handbook/intro/`). One rule for the load and for
/// [`Site::release_rendered`] and the like, so a body rendered again is the body rendered at load.
pub(super) fn body_context<'a>(
    src: &'a Source,
    content_path: &'a Path,
    links: &'a markdown::Links,
    config: &'a crate::config::MarkdownConfig,
) -> markdown::Context<'a> {
    markdown::Context {
        path: &src.path,
        content_path,
        body_line: src.body_line,
        links,
        root: "../../",
        config,
    }
}

/// Content file (relative to the content folder) → its page, for relative links in
/// Markdown; files that did not parse map to nothing (not reported as broken links).
fn link_table(v: &Validated) -> markdown::Links {
    let files = v.unparsed.len()
        + v.releases.len()
        + v.retros.len()
        + v.checklists.len()
        + v.modules.len()
        + v.meetings.len()
        + v.status_notes.len()
        + v.people.len();
    let mut links = markdown::Links::with_capacity_and_hasher(files, Default::default());
    for rel in &v.unparsed {
        links.insert(content_rel(rel), String::new());
    }
    for (src, f, _) in &v.releases {
        if let Some(src) = src {
            links.insert(content_rel(&src.path), format!("releases/{}/", f.version));
        }
    }
    for (src, f, _) in &v.retros {
        links.insert(
            content_rel(&src.path),
            format!("retrospectives/{}/", f.release),
        );
    }
    for (src, f, _) in &v.checklists {
        let target = match &f.release {
            Some(v) => format!("releases/{v}/#checklist-{}", f.phase),
            None => format!("compliance/#template-{}", f.phase),
        };
        links.insert(content_rel(&src.path), target);
    }
    for (src, _, slug) in &v.modules {
        links.insert(content_rel(&src.path), format!("handbook/{slug}/"));
    }
    for (src, _, slug, _) in &v.meetings {
        links.insert(content_rel(&src.path), format!("meetings/{slug}/"));
    }
    for (src, _, week) in &v.status_notes {
        links.insert(content_rel(&src.path), format!("status/{week}/"));
    }
    for (src, _, s) in &v.people {
        if let Some(src) = src {
            links.insert(content_rel(&src.path), format!("stakeholders/{}/", s.id));
        }
    }
    links
}

/// Renders every body (in parallel, kind by kind) into the model, then cross-links it.
/// Each body is dropped once rendered, so the sources and their rendered pages are never
/// all in memory together (47 MB less at 10,000 releases).
fn render_bodies(
    root: &Path,
    config: Config,
    history: Option<History>,
    v: Validated,
    links: markdown::Links,
    kept: usize,
    diags: &mut Vec<Diagnostic>,
) -> Site {
    type Renderer = fn(&str, &markdown::Context) -> (Rendered, Vec<Diagnostic>);
    let render_as = |src: &mut Source, how: Renderer| {
        let content_path = content_rel(&src.path);
        let cx = body_context(src, &content_path, &links, &config.markdown);
        let rendered = how(&src.body, &cx);
        src.body = String::new();
        rendered
    };
    let render = |src: &mut Source| render_as(src, markdown::render);
    // Release notes are most of a large site: their HTML is made when their page is
    // written (`Site::release_rendered`), not kept in the model.
    let render_meta = |src: &mut Source| render_as(src, markdown::render_meta);
    let Validated {
        releases,
        retros,
        checklists,
        mut modules,
        mut meetings,
        mut status_notes,
        people,
        people_index,
        ..
    } = v;
    // Each of the big kinds goes from its sources to the model in one pass, so that the
    // sources, their rendered bodies and the model are never all held at once.
    let tz = config.offset();
    let (releases, release_diags): (Vec<Release>, Vec<Vec<Diagnostic>>) = releases
        .into_par_iter()
        .with_max_len(64)
        .map(|(mut src, front, git)| {
            let (body, d) = match src.as_mut() {
                None => (Rendered::default(), Vec::new()),
                // Parsing let go of the body (see `files::parse_file`): read it again.
                Some(s) => match reread_body(root, s) {
                    Ok(()) => render_meta(s),
                    Err(d) => (Rendered::default(), vec![d]),
                },
            };
            (new_release(src, front, git, body, history.as_ref(), tz), d)
        })
        .unzip();
    let (kept_checklists, kept_retros) = kept_whole(kept, &checklists, &retros);
    let (retros, retro_diags): (Vec<Retro>, Vec<Vec<Diagnostic>>) = retros
        .into_par_iter()
        .enumerate()
        .with_max_len(64)
        .map(|(i, (mut src, front, release))| {
            let kept = i < kept_retros;
            let how: Renderer = if kept {
                markdown::render_kept
            } else {
                markdown::render_meta
            };
            let (body, d) = render_as(&mut src, how);
            let path = src.path;
            (
                Retro {
                    front,
                    path,
                    body,
                    kept,
                    release,
                },
                d,
            )
        })
        .unzip();
    // A release's checklists are rendered with its page; the phase templates are few.
    let (checklists, checklist_templates, checklist_diags) =
        by_release(checklists, kept_checklists, |src, keep_html| {
            if keep_html {
                render(src)
            } else {
                render_as(src, markdown::render_tasks)
            }
        });
    for d in [release_diags, retro_diags, checklist_diags] {
        diags.extend(d.into_iter().flatten());
    }
    let module_bodies: Vec<_> = modules.par_iter_mut().map(|(s, _, _)| render(s)).collect();
    let meeting_bodies: Vec<_> = meetings.par_iter_mut().map(|m| render(&mut m.0)).collect();
    let note_bodies: Vec<_> = status_notes
        .par_iter_mut()
        .map(|n| render(&mut n.0))
        .collect();
    let mut collect = |(r, d): (Rendered, Vec<Diagnostic>)| {
        diags.extend(d);
        r
    };
    let modules: Vec<Module> = modules
        .into_iter()
        .zip(module_bodies)
        .map(|((src, front, slug), body)| Module {
            front,
            slug,
            path: src.path,
            body: collect(body),
        })
        .collect();
    let meetings: Vec<Meeting> = meetings
        .into_iter()
        .zip(meeting_bodies)
        .map(|((src, front, slug, release), body)| Meeting {
            front,
            slug,
            path: src.path,
            body: collect(body),
            release,
        })
        .collect();
    let status_notes: Vec<StatusNote> = status_notes
        .into_iter()
        .zip(note_bodies)
        .map(|((src, front, week), body)| StatusNote {
            week,
            front,
            path: src.path,
            body: collect(body),
        })
        .collect();
    let mut site = Site {
        root: root.to_path_buf(),
        config,
        releases,
        retros,
        checklists,
        checklist_templates,
        modules,
        meetings,
        status_notes,
        memo: Memo::default(),
        has_dependencies: false,
        stakeholders: people.into_iter().map(|(_, _, s)| s).collect(),
        history,
        dora: DoraTable::fallback(),
        links,
    };
    cross_link(&mut site, &people_index);
    site
}

/// A release with what the load derives for it: status, kind, lead time.
pub(super) fn new_release(
    src: Option<Source>,
    front: ReleaseFront,
    git: Option<usize>,
    body: Rendered,
    history: Option<&History>,
    tz: chrono::FixedOffset,
) -> Release {
    let status = front.status.unwrap_or_else(|| default_status(&front));
    let kind = front.kind.or_else(|| derive_kind(&front.version));
    let lead_time = git.and_then(|g| {
        let tag = &history?.releases[g];
        LeadTime::compute(&tag.commits, release_moment(front.date, tag.date, tz))
    });
    Release {
        front,
        front_hash: src.as_ref().map_or(0, files::front_hash),
        path: src.map(|s| s.path).unwrap_or_default(),
        status,
        kind,
        body,
        retro: None,
        checklists: Vec::new(),
        meetings: Vec::new(),
        stakeholders: Vec::new(),
        git,
        lead_time,
    }
}

/// How many bytes of Markdown the model keeps rendered whole (HTML, table of contents):
/// release checklists', then retrospectives', whose pages then need no file read and no
/// second render. A fixed budget, so that memory still does not grow with the corpus:
/// a 10,000-release site's 30,000 checklists and 5,000 retrospectives all fit (6.5 MB
/// of Markdown), two fifths of a 50,000-release site's checklists.
pub const KEPT_SOURCE: usize = 8 << 20;

/// How many release checklists and retrospectives the model keeps whole within
/// `budget` bytes of Markdown: the smallest bodies first (a file read saved for the
/// fewest bytes), in the order of the content.
fn kept_whole(
    mut budget: usize,
    checklists: &[(Source, ChecklistFront, Option<usize>)],
    retros: &[(Source, RetroFront, usize)],
) -> (usize, usize) {
    let release_checklists = checklists.iter().filter(|c| c.2.is_some());
    let kept_checklists = fits(&mut budget, release_checklists.map(|c| c.0.body.len()));
    (
        kept_checklists,
        fits(&mut budget, retros.iter().map(|r| r.0.body.len())),
    )
}

/// How many of the first bodies (their lengths) fit in `budget`, which they use up.
fn fits(budget: &mut usize, lens: impl Iterator<Item = usize>) -> usize {
    let mut n = 0;
    for len in lens {
        match budget.checked_sub(len) {
            Some(left) => *budget = left,
            None => break,
        }
        n += 1;
    }
    n
}

/// A checklist shows its items and counts them; it has no page of its own, search
/// entry or summary, so keep only those.
/// Release checklists and phase templates, apart, each rendered by `render` (told
/// whether to keep its HTML) with its diagnostics. The release checklists (most of a
/// large site's files) are filtered in place, rendered in parallel and become the model
/// in place; a release checklist keeps its task counts from `render`, and the first
/// `kept` their HTML. A phase template keeps its HTML.
fn by_release(
    mut checklists: Vec<(Source, ChecklistFront, Option<usize>)>,
    kept: usize,
    render: impl Fn(&mut Source, bool) -> (Rendered, Vec<Diagnostic>) + Sync,
) -> (Vec<Checklist>, Vec<Checklist>, Vec<Vec<Diagnostic>>) {
    let model = |(src, front, release): (Source, ChecklistFront, Option<usize>),
                 tasks: Tasks,
                 html: Option<String>| {
        Checklist {
            front,
            path: src.path,
            tasks,
            html,
            release,
        }
    };
    let templates: Vec<_> = checklists
        .iter()
        .filter(|c| c.2.is_none())
        .cloned()
        .collect();
    checklists.retain(|c| c.2.is_some());
    let mut diags = Vec::new();
    let templates = templates
        .into_iter()
        .map(|mut c| {
            let (body, d) = render(&mut c.0, true);
            diags.push(d);
            model(c, body.tasks, Some(body.html))
        })
        .collect();
    // Rendered in parallel, then made into the model in place: the model reuses the
    // sources' room (a checklist is no larger than its source), which at 150,000
    // checklists (50k releases) was held twice, 37 MB each, at the load's end.
    // A kept HTML waits in its source's body.
    let (tasks, more): (Vec<Tasks>, Vec<Vec<Diagnostic>>) = checklists
        .par_iter_mut()
        .enumerate()
        .with_max_len(256)
        .map(|(i, c)| {
            let (body, d) = render(&mut c.0, i < kept);
            if i < kept {
                c.0.body = body.html;
            }
            (body.tasks, d)
        })
        .unzip();
    diags.extend(more);
    let for_releases = checklists
        .into_iter()
        .zip(tasks)
        .enumerate()
        .map(|(i, (mut c, tasks))| {
            let html = (i < kept).then(|| std::mem::take(&mut c.0.body));
            model(c, tasks, html)
        })
        .collect();
    (for_releases, templates, diags)
}

/// Each release's retrospective, checklists and stakeholders (listed, or interested in
/// one of its components).
fn cross_link(site: &mut Site, people: &People) {
    for (i, r) in site.retros.iter().enumerate() {
        site.releases[r.release].retro = Some(i);
    }
    for (i, c) in site.checklists.iter().enumerate() {
        if let Some(r) = c.release {
            site.releases[r].checklists.push(i);
        }
    }
    site.has_dependencies = site
        .releases
        .iter()
        .any(|r| !r.front.dependencies.is_empty());
    for (i, m) in site.meetings.iter().enumerate() {
        if let Some(r) = m.release {
            site.releases[r].meetings.push(i);
        }
    }
    let by_component = by_component(&site.stakeholders);
    for r in &mut site.releases {
        r.stakeholders = release_stakeholders(&r.front, people, &by_component);
    }
}

/// Component → the stakeholders interested in it.
pub(super) fn by_component(stakeholders: &[Stakeholder]) -> BTreeMap<&str, Vec<usize>> {
    let mut by_component: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in stakeholders.iter().enumerate() {
        for c in &s.interests {
            by_component.entry(c.as_str()).or_default().push(i);
        }
    }
    by_component
}

/// A release's stakeholders: listed, or interested in one of its components.
pub(super) fn release_stakeholders(
    f: &ReleaseFront,
    people: &People,
    by_component: &BTreeMap<&str, Vec<usize>>,
) -> Vec<usize> {
    let mut ids: Vec<usize> = f
        .stakeholders
        .iter()
        .filter_map(|id| people.get(id))
        .collect();
    for c in &f.components {
        ids.extend(by_component.get(c.as_str()).into_iter().flatten());
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The DORA band table: the site's own file, else the shipped report's.
fn load_dora(root: &Path, config: &Config) -> std::result::Result<DoraTable, Diagnostic> {
    let Some(rel) = &config.kpi.dora_table else {
        return Ok(DoraTable::builtin(&config.kpi.dora_report).unwrap_or_else(DoraTable::fallback));
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
