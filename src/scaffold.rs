//! `relbook new`: the text of new content files, filled from the site (no I/O here).

use chrono::{NaiveDate, TimeDelta};

use crate::content::{MeetingKind, Phase, Status};
use crate::site::Site;

/// Which part of a version to bump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bump {
    Major,
    Minor,
    Patch,
}

/// The next version after `v` (a pre-release bumps to its own final version where the
/// bump allows, as npm does: `2.0.0-rc.1` → major `2.0.0`, minor `2.1.0`... see tests).
pub fn bump(v: &semver::Version, by: Bump) -> semver::Version {
    let pre = !v.pre.is_empty();
    match by {
        Bump::Major if pre && v.minor == 0 && v.patch == 0 => semver::Version::new(v.major, 0, 0),
        Bump::Major => semver::Version::new(v.major + 1, 0, 0),
        Bump::Minor if pre && v.patch == 0 => semver::Version::new(v.major, v.minor, 0),
        Bump::Minor => semver::Version::new(v.major, v.minor + 1, 0),
        Bump::Patch if pre => semver::Version::new(v.major, v.minor, v.patch),
        Bump::Patch => semver::Version::new(v.major, v.minor, v.patch + 1),
    }
}

/// The highest SemVer version the site knows (notes and tags, any status).
pub fn latest_version(site: &Site) -> Option<semver::Version> {
    site.releases
        .iter()
        .filter_map(|r| r.version().semver().cloned())
        .max()
}

fn yaml_list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

/// A new release note for `version`, planned, with a window `lead_days` from `today`
/// and the previous release's manager, stakeholders and components.
pub fn release(site: &Site, version: &str, today: NaiveDate) -> String {
    let new = crate::content::Version::parse(version);
    let prev = site.releases.iter().rfind(|r| r.version() < &new);
    let gap = crate::kpi::for_site(site, &site.dora)
        .summary
        .median_days_between_releases
        .map_or(14, |d| d.round() as i64)
        .clamp(1, 365);
    let length = prev
        .and_then(|p| p.front.window.as_ref())
        .map_or(2, |w| (w.end.0 - w.start.0).num_days())
        .clamp(0, 30);
    let start = today + TimeDelta::days(gap);
    let end = start + TimeDelta::days(length);
    let mut fm = format!("---\nversion: {version}\ntitle: \"\"\nstatus: {}\nwindow: {{ start: {start}, end: {end} }}\n", Status::Planned);
    if let Some(p) = prev {
        if let Some(m) = &p.front.manager {
            fm.push_str(&format!("manager: {m}\n"));
        }
        if !p.front.stakeholders.is_empty() {
            fm.push_str(&format!(
                "stakeholders: {}\n",
                yaml_list(&p.front.stakeholders)
            ));
        }
        if !p.front.components.is_empty() {
            fm.push_str(&format!("components: {}\n", yaml_list(&p.front.components)));
        }
    }
    fm.push_str("risks: []\n---\n");
    fm + "One paragraph on what this release brings and why it matters.\n\n## Highlights\n\n## Fixes\n\n## Upgrade notes\n\n## Known issues\n"
}

/// A retrospective for release `i`, held today, facilitated by its manager.
pub fn retro(site: &Site, i: usize, today: NaiveDate) -> String {
    let r = &site.releases[i];
    let mut fm = format!("---\nrelease: {}\ndate: {today}\n", r.version());
    if let Some(m) = &r.front.manager {
        fm.push_str(&format!("facilitator: {m}\n"));
    }
    if !r.front.stakeholders.is_empty() {
        fm.push_str(&format!(
            "participants: {}\n",
            yaml_list(&r.front.stakeholders)
        ));
    }
    fm.push_str("action_items: []\n---\n");
    fm + "## What went well\n\n## What did not go well\n\n## Incidents\n\n## Lessons\n"
}

/// A meeting record of `kind` held `today`, about release `i` when given: its file name
/// (`<date>-<kind>[-<version>].md`) and text. Participants start from the release's
/// manager and stakeholders.
pub fn meeting(
    site: &Site,
    kind: MeetingKind,
    i: Option<usize>,
    today: NaiveDate,
) -> (String, String) {
    let r = i.map(|i| &site.releases[i]);
    let name = match r {
        Some(r) => format!("{today}-{kind}-{}.md", r.version()),
        None => format!("{today}-{kind}.md"),
    };
    let mut fm = format!(
        "---
kind: {kind}
date: {today}
"
    );
    let mut people: Vec<String> = Vec::new();
    if let Some(r) = r {
        fm.push_str(&format!(
            "release: {}
",
            r.version()
        ));
        for p in r.front.manager.iter().chain(&r.front.stakeholders) {
            if !people.contains(p) {
                people.push(p.clone());
            }
        }
    }
    fm.push_str(&format!(
        "participants: {}
",
        yaml_list(&people)
    ));
    fm.push_str(
        "decisions: []
",
    );
    if kind == MeetingKind::GoNoGo {
        fm.push_str(
            "# decision: go   # or no-go; stands in for the note's go_no_go
",
        );
    }
    fm.push_str(
        "action_items: []
---
",
    );
    (
        name,
        fm + "## Agenda

1. 

## Minutes

",
    )
}

/// The canonical items of a phase when the site has no template for it.
fn default_items(phase: Phase) -> &'static [&'static str] {
    match phase {
        Phase::Planning => &[
            "Scope agreed and frozen",
            "Release window agreed and announced",
            "Risks reviewed, each with an owner",
            "Stakeholders informed",
        ],
        Phase::Design => &[
            "Design reviewed",
            "Security and privacy reviewed",
            "Operational impact assessed",
        ],
        Phase::Testing => &[
            "Regression suite green",
            "New features covered by tests",
            "Exploratory testing done",
            "Performance checked",
            "Open defects triaged",
        ],
        Phase::Deployment => &[
            "Runbook reviewed",
            "Rollback plan rehearsed",
            "On-call confirmed",
            "Go/no-go decision recorded",
            "Smoke tests passed in production",
            "Stakeholders told the outcome",
        ],
        Phase::PostRelease => &[
            "Monitoring reviewed after 24 hours",
            "Escaped defects recorded",
            "Retrospective scheduled",
        ],
    }
}

/// A checklist for release `i` and `phase`: the items of the phase's template when the
/// site has one (all unchecked), else a canonical list.
pub fn checklist(site: &Site, i: usize, phase: Phase) -> String {
    let r = &site.releases[i];
    let mut fm = format!("---\nrelease: {}\nphase: {phase}\n", r.version());
    if let Some(m) = &r.front.manager {
        fm.push_str(&format!("owner: {m}\n"));
    }
    fm.push_str("---\n");
    let body = match site
        .checklist_templates
        .iter()
        .find(|t| t.front.phase == phase)
    {
        Some(t) => {
            let text = std::fs::read_to_string(site.root.join(&t.path)).unwrap_or_default();
            let body = crate::content::Source::split(&t.path, &text)
                .map(|s| s.body)
                .unwrap_or_default();
            body.replace("- [x]", "- [ ]").replace("- [X]", "- [ ]")
        }
        None => default_items(phase)
            .iter()
            .map(|i| format!("- [ ] {i}\n"))
            .collect(),
    };
    fm + &body
}

/// `Release planning` → `release-planning`.
pub fn slug(title: &str) -> String {
    // Every mark between words (a space, `/`, `&`, `:`) parts them: "go/no-go" is
    // `go-no-go`; quotes and apostrophes belong to their word.
    let mut slug = String::with_capacity(title.len());
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !matches!(c, '\'' | '’' | '"') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// A handbook module placed after the last one: (file name, text).
pub fn module(site: &Site, title: &str) -> (String, String) {
    let order = site
        .modules
        .iter()
        .filter_map(|m| m.front.order)
        .max()
        .unwrap_or(0)
        + 1;
    let slug = slug(title);
    let slug = if slug.is_empty() {
        format!("module-{order}")
    } else {
        slug
    };
    let text = format!(
        "---\ntitle: \"{}\"\norder: {order}\nduration: 30\nobjectives: []\nprerequisites: []\nquiz: []\n---\nWhat this module teaches, and why a release manager needs it.\n",
        title.replace('\\', "\\\\").replace('"', "\\\"")
    );
    (format!("{order:02}-{slug}.md"), text)
}

/// The hand-written part of `week`'s status report, naming the releases in flight then.
pub fn status_note(site: &Site, week: crate::content::Week) -> String {
    let flying: Vec<String> = site
        .releases
        .iter()
        .filter(|r| crate::status::in_flight(r, week))
        .map(|r| format!("- **{}**: ", r.version()))
        .collect();
    let list = if flying.is_empty() {
        String::new()
    } else {
        format!("\n\n{}", flying.join("\n"))
    };
    format!(
        "---\ntitle: \"Week {}\"\n---\nOne paragraph on where things stand this week and what needs attention.{list}\n",
        week.week
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> semver::Version {
        semver::Version::parse(s).unwrap()
    }

    #[test]
    fn next_versions() {
        assert_eq!(bump(&v("2.6.1"), Bump::Patch), v("2.6.2"));
        assert_eq!(bump(&v("2.6.1"), Bump::Minor), v("2.7.0"));
        assert_eq!(bump(&v("2.6.1"), Bump::Major), v("3.0.0"));
        assert_eq!(bump(&v("0.9.3"), Bump::Major), v("1.0.0"));
        // Pre-releases move to their own final version first.
        assert_eq!(bump(&v("3.0.0-rc.1"), Bump::Major), v("3.0.0"));
        assert_eq!(bump(&v("3.0.0-rc.1"), Bump::Minor), v("3.0.0"));
        assert_eq!(bump(&v("3.0.0-rc.1"), Bump::Patch), v("3.0.0"));
        assert_eq!(bump(&v("2.7.0-beta.2"), Bump::Major), v("3.0.0"));
        assert_eq!(bump(&v("2.7.0-beta.2"), Bump::Minor), v("2.7.0"));
        assert_eq!(bump(&v("2.7.1-rc.1"), Bump::Minor), v("2.8.0"));
        assert_eq!(bump(&v("2.7.1-rc.1"), Bump::Patch), v("2.7.1"));
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Release planning & scheduling"),
            "release-planning-scheduling"
        );
        assert_eq!(slug("  Go/no-go!  "), "go-no-go");
        assert_eq!(
            slug("Running a go/no-go meeting"),
            "running-a-go-no-go-meeting"
        );
        assert_eq!(slug("The manager's \"drills\""), "the-managers-drills");
    }
}
