//! Front matter of the release in flight: milestones, dependencies and the issue log of
//! a release note, and meeting records (`content/meetings/*.md`).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{ActionItem, Date, Decision, Version};

str_enum!(
    /// What a meeting was for.
    MeetingKind { Planning => "planning", Status => "status", GoNoGo => "go-no-go", PostRelease => "post-release", Coordination => "coordination", Stakeholder => "stakeholder" }
);
str_enum!(
    /// What a dependency's ends are.
    DependencyKind { Team => "team", Component => "component", Release => "release", External => "external" }
);
str_enum!(
    /// Where a dependency stands.
    DependencyStatus { Open => "open", AtRisk => "at-risk", Resolved => "resolved" }
);
str_enum!(
    /// How bad a logged issue is.
    Severity { Low => "low", Medium => "medium", High => "high", Critical => "critical" }
);
str_enum!(
    /// Where a logged issue stands.
    IssueStatus { Open => "open", Resolved => "resolved" }
);

/// A milestone of a release's plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub name: String,
    /// The day it was planned for.
    pub planned: Date,
    /// The day it was reached; none while it is not.
    #[serde(default)]
    pub actual: Option<Date>,
    /// A stakeholder id.
    #[serde(default)]
    pub owner: Option<String>,
}

impl Milestone {
    /// Reached after the planned day.
    pub fn is_late(&self) -> bool {
        self.actual.is_some_and(|a| a > self.planned)
    }
}

/// Something a release waits on, or that waits on it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dependency {
    /// A stakeholder id, a component name or a version.
    pub from: String,
    /// A stakeholder id, a component name, a version, or (kind `external`) anything.
    pub to: String,
    pub kind: DependencyKind,
    #[serde(default = "open_dependency")]
    pub status: DependencyStatus,
    #[serde(default)]
    pub note: Option<String>,
}

fn open_dependency() -> DependencyStatus {
    DependencyStatus::Open
}

/// Something that did happen during a release (a risk is what may happen).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoggedIssue {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub owner: Option<String>,
    pub opened: Date,
    #[serde(default)]
    pub resolved: Option<Date>,
    #[serde(default = "medium")]
    pub severity: Severity,
    /// Default: `resolved` when it has a `resolved` date, else `open`.
    #[serde(default)]
    pub status: Option<IssueStatus>,
}

fn medium() -> Severity {
    Severity::Medium
}

impl LoggedIssue {
    pub fn status(&self) -> IssueStatus {
        self.status.unwrap_or(if self.resolved.is_some() {
            IssueStatus::Resolved
        } else {
            IssueStatus::Open
        })
    }
}

/// A meeting record's front matter; its body is the agenda and minutes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingFront {
    pub kind: MeetingKind,
    pub date: Date,
    #[serde(default)]
    pub title: Option<String>,
    /// The release it was about.
    #[serde(default)]
    pub release: Option<Version>,
    /// Stakeholder ids.
    #[serde(default)]
    pub participants: Vec<String>,
    #[serde(default)]
    pub decisions: Vec<String>,
    /// A go/no-go meeting's decision: it stands in for the release's `go_no_go` when
    /// the note records none (its approvers are the participants).
    #[serde(default)]
    pub decision: Option<Decision>,
    #[serde(default)]
    pub conditions: Option<String>,
    /// Same model and id space as retrospectives' action items.
    #[serde(default)]
    pub action_items: Vec<ActionItem>,
}

/// An ISO week, written `2026-W48`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week {
    pub year: i32,
    pub week: u32,
}

impl Week {
    /// `2026-W48`, a week that exists in that year.
    pub fn parse(s: &str) -> Option<Week> {
        let (year, week) = s.split_once("-W")?;
        if year.len() != 4 || week.len() != 2 {
            return None;
        }
        let w = Week {
            year: year.parse().ok()?,
            week: week.parse().ok()?,
        };
        w.monday_opt().map(|_| w)
    }

    /// The week a day is in.
    pub fn of(day: chrono::NaiveDate) -> Week {
        let w = chrono::Datelike::iso_week(&day);
        Week {
            year: w.year(),
            week: w.week(),
        }
    }

    fn monday_opt(self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_isoywd_opt(self.year, self.week, chrono::Weekday::Mon)
    }

    /// Its first day.
    pub fn monday(self) -> chrono::NaiveDate {
        self.monday_opt().unwrap_or_default()
    }

    /// Its last day.
    pub fn sunday(self) -> chrono::NaiveDate {
        self.monday() + chrono::TimeDelta::days(6)
    }

    /// Whether `day` falls in this week.
    pub fn contains(self, day: chrono::NaiveDate) -> bool {
        Week::of(day) == self
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

impl Serialize for Week {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A status note's front matter: the hand-written part of a week's generated report
/// (`content/status/<year>-W<nn>.md`); its body is the text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusFront {
    #[serde(default)]
    pub title: Option<String>,
}
