//! One release (`/releases/<version>/` and `/releases/latest/`): notes, facts,
//! checklists, retrospective, commits from git.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::super::format::{human_days, pct};
use super::super::views::*;
use super::super::Body;
use super::dependencies::{release_dependencies, DependencyView};
use super::meetings::{meeting_row, MeetingRow};
use crate::content::*;
use crate::git::{Commit, Group, Links};
use crate::markdown::TocEntry;
use crate::site::{Origin, Release, Site};

#[derive(Serialize)]
pub(crate) struct RetroSummary<'a> {
    pub(crate) url: String,
    pub(crate) date: Option<String>,
    pub(crate) summary: &'a str,
    pub(crate) actions: Vec<ActionView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct ReleaseView<'a> {
    #[serde(flatten)]
    pub(crate) row: Row<'a>,
    pub(crate) tag: Option<&'a str>,
    pub(crate) manager: Option<Who<'a>>,
    pub(crate) stakeholders: Vec<Who<'a>>,
    pub(crate) components: &'a [String],
    pub(crate) issues: &'a [String],
    pub(crate) deployment: Option<DeploymentView<'a>>,
    pub(crate) defects: Option<&'a Defects>,
    pub(crate) escape_rate: Option<String>,
    pub(crate) go_no_go: Option<GoView<'a>>,
    pub(crate) risks: Vec<RiskView<'a>>,
    pub(crate) dependencies: Vec<DependencyView<'a>>,
    /// The dependencies' graph, an SVG element (empty without dependencies).
    pub(crate) dependency_graph: String,
    pub(crate) milestones: Vec<MilestoneView<'a>>,
    pub(crate) issue_log: Vec<IssueView<'a>>,
    pub(crate) checklists: Vec<ChecklistView<'a>>,
    pub(crate) missing_phases: Vec<&'static str>,
    /// Released or rolled back.
    pub(crate) shipped: bool,
    /// None when the site does not track compliance ([`Site::tracks_compliance`]).
    pub(crate) compliant: Option<bool>,
    pub(crate) retro: Option<RetroSummary<'a>>,
    /// The release's meetings, by date.
    pub(crate) meetings: Vec<MeetingRow<'a>>,
    pub(crate) html: &'a str,
    pub(crate) toc: &'a [TocEntry],
    pub(crate) has_notes: bool,
    pub(crate) git: Option<GitView<'a>>,
    pub(crate) candidates: Vec<(&'a str, String)>,
}

#[derive(Serialize)]
pub(crate) struct GitView<'a> {
    pub(crate) tag: &'a str,
    pub(crate) aliases: &'a [String],
    pub(crate) tag_date: String,
    pub(crate) previous_tag: Option<&'a str>,
    pub(crate) compare_url: Option<String>,
    pub(crate) commits: usize,
    pub(crate) fix_commits: usize,
    pub(crate) breaking: Vec<ChangeView<'a>>,
    pub(crate) groups: Vec<(&'static str, Vec<ChangeView<'a>>)>,
    pub(crate) authors: Vec<(&'a str, usize)>,
    pub(crate) lead_median: Option<String>,
    pub(crate) lead_p90: Option<String>,
    pub(crate) skewed: usize,
}

/// Commits grouped as a release page shows them: by Conventional Commits group, the
/// breaking ones, and authors by number of commits. Shared by release pages and
/// `/releases/unreleased/`.
#[derive(Serialize)]
pub(crate) struct Grouped<'a> {
    pub(crate) commits: usize,
    pub(crate) fix_commits: usize,
    pub(crate) breaking: Vec<ChangeView<'a>>,
    pub(crate) groups: Vec<(&'static str, Vec<ChangeView<'a>>)>,
    pub(crate) authors: Vec<(&'a str, usize)>,
}

pub(crate) fn group_commits<'a>(commits: &'a [Commit], links: Option<&Links>) -> Grouped<'a> {
    let mut groups: Vec<(&'static str, Vec<ChangeView<'a>>)> = Vec::new();
    for g in Group::ALL {
        let list: Vec<ChangeView<'a>> = commits
            .iter()
            .filter(|c| c.change.group == g)
            .map(|c| change_view(c, links))
            .collect();
        if !list.is_empty() {
            groups.push((g.title(), list));
        }
    }
    let mut authors: BTreeMap<&str, usize> = BTreeMap::new();
    for c in commits {
        *authors.entry(&*c.author).or_default() += 1;
    }
    let mut authors: Vec<(&str, usize)> = authors.into_iter().collect();
    authors.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    Grouped {
        commits: commits.len(),
        fix_commits: commits
            .iter()
            .filter(|c| c.change.group == Group::Fixes)
            .count(),
        breaking: commits
            .iter()
            .filter(|c| c.change.breaking)
            .map(|c| change_view(c, links))
            .collect(),
        groups,
        authors,
    }
}

pub(crate) fn git_view<'a>(site: &'a Site, r: &'a Release) -> Option<GitView<'a>> {
    let tag = &site.history.as_ref()?.releases[r.git?];
    let links = Links::new(&site.config.repo_url);
    let tz = site.config.offset();
    let g = group_commits(&tag.commits, links.as_ref());
    Some(GitView {
        tag: &tag.tag,
        aliases: &tag.aliases,
        tag_date: crate::render::format::minutes(&tag.date.with_timezone(&tz), false),
        previous_tag: tag.previous_tag.as_deref(),
        compare_url: links.as_ref().map(|l| match &tag.previous_tag {
            Some(p) => l.compare(p, &tag.tag),
            None => l.tag(&tag.tag),
        }),
        commits: g.commits,
        fix_commits: g.fix_commits,
        breaking: g.breaking,
        groups: g.groups,
        authors: g.authors,
        lead_median: r.lead_time.map(|l| human_days(l.median)),
        lead_p90: r.lead_time.map(|l| human_days(l.p90)),
        skewed: r.lead_time.map_or(0, |l| l.skewed),
    })
}

/// Release `r`'s go/no-go decision, by the rule of [`Site::go_no_go`]: its note's
/// `go_no_go`, else its newest go/no-go meeting with a decision (linked).
fn go_view<'a>(site: &'a Site, r: &'a Release) -> Option<GoView<'a>> {
    if let Some(g) = &r.front.go_no_go {
        return Some(GoView {
            decision: g.decision.as_str(),
            date: g.date.map(|d| d.to_string()),
            approvers: g.approvers.iter().map(|a| who(site, a)).collect(),
            conditions: g.conditions.as_deref(),
            meeting: None,
        });
    }
    let m = site.go_no_go_meeting(r)?;
    let g = site.go_no_go(r)?;
    Some(GoView {
        decision: g.decision.as_str(),
        date: g.date.map(|d| d.to_string()),
        approvers: m.front.participants.iter().map(|a| who(site, a)).collect(),
        conditions: m.front.conditions.as_deref(),
        meeting: Some(format!("meetings/{}/", m.slug)),
    })
}

/// `unreleased`: the commits on `HEAD` after the newest release tag.
#[derive(Serialize)]
pub(crate) struct UnreleasedView<'a> {
    /// The newest release tag, if any.
    pub(crate) since_tag: Option<&'a str>,
    pub(crate) since_date: Option<String>,
    /// `since_tag...HEAD` on the repository's site, when `repo_url` is set.
    pub(crate) compare_url: Option<String>,
    #[serde(flatten)]
    pub(crate) grouped: Grouped<'a>,
}

/// `/releases/unreleased/`.
pub(crate) fn unreleased_page(site: &Site, ctx: &mut Context) {
    let Some(h) = &site.history else { return };
    let links = Links::new(&site.config.repo_url);
    // Sorted by version: the last is the newest release.
    let newest = h.releases.last();
    ctx.insert(
        "unreleased",
        &UnreleasedView {
            since_tag: newest.map(|t| t.tag.as_str()),
            since_date: newest.map(|t| {
                t.date
                    .with_timezone(&site.config.offset())
                    .format("%Y-%m-%d")
                    .to_string()
            }),
            compare_url: links
                .as_ref()
                .zip(newest)
                .map(|(l, t)| l.compare(&t.tag, "HEAD")),
            grouped: group_commits(&h.unreleased, links.as_ref()),
        },
    );
}

/// Everything the release template shows.
pub(crate) struct ReleasePage<'a> {
    pub(crate) release: ReleaseView<'a>,
    pub(crate) prev: Option<Row<'a>>,
    pub(crate) next: Option<Row<'a>>,
}

/// `is_latest_alias`: the page is `/releases/latest/`.
/// `body`: its notes and checklists ([`super::super::page_body`]).
pub(crate) fn release_page(
    site: &Site,
    i: usize,
    body: &Body,
    is_latest_alias: bool,
    ctx: &mut Context,
) {
    let p = release_data(site, i, body);
    ctx.insert("release", &p.release);
    ctx.insert("prev", &p.prev);
    ctx.insert("next", &p.next);
    ctx.insert("is_latest_alias", &is_latest_alias);
}

pub(crate) fn release_data<'a>(site: &'a Site, i: usize, body: &'a Body) -> ReleasePage<'a> {
    let html = body.html.as_str();
    let r = &site.releases[i];
    let f = &r.front;
    let (dependencies, dependency_graph) = release_dependencies(r);
    let escape_rate = f.defects.as_ref().and_then(Defects::escape_rate).map(pct);
    let checklists: Vec<ChecklistView> = r
        .checklists
        .iter()
        .zip(&body.checklists)
        .map(|(&c, html)| checklist_view(site, &site.checklists[c], html))
        .collect();
    let missing_phases = site
        .config
        .kpi
        .required_phases
        .iter()
        .filter(|p| {
            !r.checklists
                .iter()
                .any(|&c| site.checklists[c].front.phase == **p)
        })
        .map(|p| p.as_str())
        .collect();
    let retro = r.retro.map(|ri| {
        let rt = &site.retros[ri];
        RetroSummary {
            url: format!("retrospectives/{}/", rt.front.release),
            date: rt.front.date.map(|d| d.to_string()),
            summary: &rt.body.summary,
            actions: rt
                .front
                .action_items
                .iter()
                .map(|a| action_view(site, Origin::Retro(rt), a))
                .collect(),
        }
    });
    let view = ReleaseView {
        row: row(r),
        tag: f.tag.as_deref(),
        manager: f.manager.as_deref().map(|id| who(site, id)),
        stakeholders: r
            .stakeholders
            .iter()
            .map(|&s| who(site, &site.stakeholders[s].id))
            .collect(),
        components: &f.components,
        issues: &f.issues,
        deployment: f.deployment.as_ref().map(deployment_view),
        defects: f.defects.as_ref(),
        escape_rate,
        go_no_go: go_view(site, r),
        risks: f.risks.iter().map(|k| risk_view(site, r, k)).collect(),
        dependencies,
        dependency_graph,
        milestones: f
            .milestones
            .iter()
            .map(|m| milestone_view(site, m))
            .collect(),
        issue_log: f.issue_log.iter().map(|k| issue_view(site, r, k)).collect(),
        checklists,
        missing_phases,
        shipped: r.is_shipped(),
        compliant: site.tracks_compliance().then(|| site.is_compliant(r)),
        retro,
        meetings: r
            .meetings
            .iter()
            .map(|&m| meeting_row(&site.meetings[m]))
            .collect(),
        html,
        toc: &body.toc,
        has_notes: r.has_notes(),
        git: git_view(site, r),
        candidates: site
            .history
            .as_ref()
            .and_then(|h| h.candidates.get(r.version().as_str()))
            .into_iter()
            .flatten()
            .map(|c| {
                (
                    c.tag.as_str(),
                    c.date
                        .with_timezone(&site.config.offset())
                        .format("%Y-%m-%d")
                        .to_string(),
                )
            })
            .collect(),
    };
    ReleasePage {
        release: view,
        prev: i.checked_sub(1).map(|p| row(&site.releases[p])),
        next: site.releases.get(i + 1).map(row),
    }
}
