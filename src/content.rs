//! The content model: typed front matter for every kind of file, and the loader that
//! splits a file into front matter (YAML `---` or TOML `+++`) and Markdown body.
//!
//! Front matter is split by hand rather than with gray_matter: gray_matter parses the
//! matter itself with yaml-rust and hands back an untyped value without positions, so
//! every error would lose its line. Here the matter is parsed once, by serde_yaml or
//! toml, straight into the typed structs, and their line numbers are shifted by the line
//! where the front matter starts.

use std::cmp::Ordering;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------
// Scalars

/// A release version: SemVer when it parses, else kept as written (e.g. `2024.10`) and
/// ordered by its numeric parts.
#[derive(Debug, Clone)]
pub struct Version {
    raw: String,
    semver: Option<semver::Version>,
}

impl Version {
    pub fn parse(raw: &str) -> Version {
        let raw = raw.trim().to_string();
        let semver = semver::Version::parse(&raw).ok();
        Version { raw, semver }
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }

    pub fn semver(&self) -> Option<&semver::Version> {
        self.semver.as_ref()
    }

    /// `-rc.1` and friends.
    pub fn is_prerelease(&self) -> bool {
        self.semver.as_ref().is_some_and(|v| !v.pre.is_empty())
    }

    /// Why this version cannot name a folder of the site, if it cannot.
    /// `latest` and `unreleased` are reserved: `/releases/latest/` and
    /// `/releases/unreleased/` are pages of their own.
    pub fn path_problem(&self) -> Option<String> {
        let p = slug_problem(&self.raw).or(
            if RESERVED_VERSIONS.contains(&self.raw.to_ascii_lowercase().as_str()) {
                Some("it is reserved for a page of its own (`/releases/latest/`, `/releases/unreleased/`)")
            } else {
                None
            },
        );
        p.map(|p| format!("version `{}` cannot be used as a page path: {p}", self.raw))
    }

    /// Numeric chunks for ordering non-SemVer versions ("2024.10b" → [2024, 10]).
    fn numbers(&self) -> Vec<u64> {
        self.raw
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap_or(u64::MAX))
            .collect()
    }
}

/// Version names taken by pages under `/releases/`.
pub const RESERVED_VERSIONS: &[&str] = &["latest", "unreleased"];

/// Why `s` is not safe as one path segment of the output, if it is not.
pub fn slug_problem(s: &str) -> Option<&'static str> {
    if s.is_empty() {
        Some("it is empty")
    } else if s.starts_with('.') {
        Some("it starts with a dot")
    } else if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'))
    {
        Some("only letters, digits and . - _ + are allowed")
    } else if s.len() > 100 {
        Some("it is longer than 100 characters")
    } else {
        None
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Version {}
impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.semver, &other.semver) {
            (Some(a), Some(b)) => a.cmp(b).then_with(|| self.raw.cmp(&other.raw)),
            _ => self
                .numbers()
                .cmp(&other.numbers())
                .then_with(|| self.raw.cmp(&other.raw)),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Version;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a version such as \"2.3.0\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Version, E> {
                if v.trim().is_empty() {
                    return Err(E::custom("version is empty"));
                }
                Ok(Version::parse(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Version, E> {
                Ok(Version::parse(&v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Version, E> {
                Ok(Version::parse(&v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Version, E> {
                Err(E::custom(format!(
                    "version {v} was read as a number; quote it, e.g. \"{v}\""
                )))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads a string, or TOML's native date/time (which serde sees as a one-entry map).
fn string_or_toml_datetime<'de, D: Deserializer<'de>>(
    d: D,
    what: &'static str,
) -> Result<String, D::Error> {
    struct V(&'static str);
    impl<'de> Visitor<'de> for V {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
            let mut value = None;
            while let Some((_, v)) = map.next_entry::<String, String>()? {
                value = Some(v);
            }
            value.ok_or_else(|| de::Error::custom(format!("expected {}", self.0)))
        }
    }
    d.deserialize_any(V(what))
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = string_or_toml_datetime(d, "a date like 2026-03-14")?;
        Date::parse(&s).map_err(de::Error::custom)
    }
}

impl Date {
    /// Parses `YYYY-MM-DD`, strictly: `2026-1-5` and `15/01/2026` are refused with a
    /// message that says what was expected and, when the date is clear, how to write it.
    pub fn parse(s: &str) -> Result<Date, String> {
        let t = s.trim();
        let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
        let numbers: Option<Vec<u32>> = (parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())))
        .then(|| parts.iter().filter_map(|p| p.parse().ok()).collect());
        let ymd = |y: u32, m: u32, d: u32| NaiveDate::from_ymd_opt(y as i32, m, d);
        let widths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
        let written_right = t.contains('-') && !t.contains(['/', '.']) && widths == [4, 2, 2];
        match numbers.as_deref() {
            Some(&[y, m, d]) if written_right => ymd(y, m, d).map(Date).ok_or_else(|| {
                format!("invalid date `{s}`: there is no such day; expected YYYY-MM-DD")
            }),
            Some(&[y, m, d]) if widths[0] == 4 => {
                let detail = if widths[1..] == [2, 2] {
                    ""
                } else {
                    ", with two digits for the month and the day"
                };
                Err(Self::refused(s, ymd(y, m, d), detail))
            }
            // Day first (15/01/2026) or month first (01/15/2026): suggest only when the
            // numbers leave no doubt.
            Some(&[a, b, y]) if widths[2] == 4 => {
                let guess = match (a > 12, b > 12) {
                    (true, false) => ymd(y, b, a),
                    (false, true) => ymd(y, a, b),
                    _ if a == b => ymd(y, a, b),
                    _ => None,
                };
                Err(Self::refused(s, guess, ""))
            }
            _ => Err(Self::refused(s, None, "")),
        }
    }

    fn refused(s: &str, guess: Option<NaiveDate>, detail: &str) -> String {
        let hint = guess
            .map(|g| format!(" (did you mean `{}`?)", g.format("%Y-%m-%d")))
            .unwrap_or_default();
        format!("invalid date `{s}`: expected YYYY-MM-DD{detail}{hint}")
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD` (dates are read in that form, so the year has four digits), written
    /// out rather than through a format string parsed on every call: pages show many.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::Datelike as _;
        let d = self.0;
        write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    }
}

/// A moment: RFC 3339 (`2026-03-14T09:30:00Z`), or `YYYY-MM-DD HH:MM[:SS]` taken as UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub DateTime<FixedOffset>);

impl Timestamp {
    pub fn parse(s: &str) -> Option<Timestamp> {
        let s = s.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Some(Timestamp(t));
        }
        for fmt in [
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
        ] {
            if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
                return Some(Timestamp(t.and_utc().fixed_offset()));
            }
        }
        None
    }

    pub fn date(&self) -> Date {
        Date(self.0.date_naive())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = string_or_toml_datetime(d, "a date and time like \"2026-03-14T09:30:00Z\"")?;
        Timestamp::parse(&s).ok_or_else(|| {
            de::Error::custom(format!(
                "invalid date-time `{s}`; expected RFC 3339 like \"2026-03-14T09:30:00Z\""
            ))
        })
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.format("%Y-%m-%d %H:%M %:z"))
    }
}

macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $text),+ } }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

str_enum!(
    /// Where a release stands.
    Status { Planned => "planned", InProgress => "in-progress", Released => "released", RolledBack => "rolled-back", Cancelled => "cancelled" }
);
str_enum!(
    /// Major, minor, patch or hotfix.
    Kind { Major => "major", Minor => "minor", Patch => "patch", Hotfix => "hotfix" }
);
str_enum!(
    /// How the production deployment went.
    DeployResult { Success => "success", Failed => "failed", RolledBack => "rolled-back" }
);
str_enum!(
    /// The go/no-go meeting's decision.
    Decision { Go => "go", NoGo => "no-go" }
);
str_enum!(
    /// A release phase, each with its checklists.
    Phase { Planning => "planning", Design => "design", Testing => "testing", Deployment => "deployment", PostRelease => "post-release" }
);
str_enum!(
    /// Risk probability and impact.
    Level3 { Low => "low", Medium => "medium", High => "high" }
);
str_enum!(
    /// Where a risk stands.
    RiskStatus { Open => "open", Mitigated => "mitigated", Accepted => "accepted", Closed => "closed" }
);
str_enum!(
    /// Where a retrospective action item stands.
    ActionStatus { Open => "open", Done => "done", Dropped => "dropped" }
);

impl Level3 {
    pub fn score(self) -> u8 {
        self as u8 + 1
    }
}

impl Status {
    /// Shipped: released or rolled back. Only shipped releases count in the history,
    /// the KPIs and compliance.
    pub fn is_shipped(self) -> bool {
        matches!(self, Status::Released | Status::RolledBack)
    }
}

// ---------------------------------------------------------------------------------------
// Front matter of each kind

/// A release note's front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseFront {
    pub version: Version,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    /// Default: `released` when the note has a `date`, else `planned`.
    #[serde(default)]
    pub status: Option<Status>,
    /// Default: derived from SemVer (x.0.0 major, x.y.0 minor, else patch).
    #[serde(default)]
    pub kind: Option<Kind>,
    #[serde(default)]
    pub tag: Option<String>,
    #[serde(default)]
    pub window: Option<Window>,
    #[serde(default)]
    pub manager: Option<String>,
    #[serde(default)]
    pub stakeholders: Vec<String>,
    #[serde(default)]
    pub components: Vec<String>,
    #[serde(default)]
    pub issues: Vec<String>,
    #[serde(default)]
    pub deployment: Option<Deployment>,
    #[serde(default)]
    pub defects: Option<Defects>,
    #[serde(default)]
    pub go_no_go: Option<GoNoGo>,
    #[serde(default)]
    pub risks: Vec<Risk>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    #[serde(default)]
    pub dependencies: Vec<Dependency>,
    /// What did happen (risks are what may happen).
    #[serde(default)]
    pub issue_log: Vec<LoggedIssue>,
    #[serde(default)]
    pub draft: bool,
}

impl ReleaseFront {
    /// The front matter of a release known only from its git tag.
    pub fn from_tag(version: Version, date: Date, tag: String) -> ReleaseFront {
        ReleaseFront {
            version,
            title: None,
            date: Some(date),
            status: Some(Status::Released),
            kind: None,
            tag: Some(tag),
            window: None,
            manager: None,
            stakeholders: Vec::new(),
            components: Vec::new(),
            issues: Vec::new(),
            deployment: None,
            defects: None,
            go_no_go: None,
            risks: Vec::new(),
            milestones: Vec::new(),
            dependencies: Vec::new(),
            issue_log: Vec::new(),
            draft: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub start: Date,
    pub end: Date,
}

impl Window {
    /// Schedule slip of a release shipped on `date`: days after the window's end, 0 when
    /// inside it or before its end (the schedule adherence rule).
    pub fn slip_days(&self, date: Date) -> i64 {
        (date.0 - self.end.0).num_days().max(0)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    pub result: DeployResult,
    #[serde(default)]
    pub environment: Option<String>,
    #[serde(default)]
    pub started: Option<Timestamp>,
    #[serde(default)]
    pub finished: Option<Timestamp>,
    #[serde(default)]
    pub restored: Option<Timestamp>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defects {
    #[serde(default)]
    pub found_before_release: Option<u32>,
    #[serde(default)]
    pub escaped: Option<u32>,
    #[serde(default)]
    pub critical: Option<u32>,
}

impl Defects {
    /// The defect escape rate: escaped / (found before release + escaped), in [0, 1];
    /// `None` when both are zero or missing.
    pub fn escape_rate(&self) -> Option<f64> {
        let (found, escaped) = (
            self.found_before_release.unwrap_or(0),
            self.escaped.unwrap_or(0),
        );
        let all = u64::from(found) + u64::from(escaped);
        (all > 0).then(|| f64::from(escaped) / all as f64)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoNoGo {
    pub decision: Decision,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub approvers: Vec<String>,
    #[serde(default)]
    pub conditions: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    pub id: String,
    pub title: String,
    pub probability: Level3,
    pub impact: Level3,
    #[serde(default)]
    pub mitigation: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default = "open_risk")]
    pub status: RiskStatus,
}

fn open_risk() -> RiskStatus {
    RiskStatus::Open
}

/// A post-release review's front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetroFront {
    pub release: Version,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub facilitator: Option<String>,
    #[serde(default)]
    pub participants: Vec<String>,
    #[serde(default)]
    pub action_items: Vec<ActionItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionItem {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due: Option<Date>,
    #[serde(default = "open_action")]
    pub status: ActionStatus,
    /// The day a `done` item was closed.
    #[serde(default)]
    pub closed: Option<Date>,
}

fn open_action() -> ActionStatus {
    ActionStatus::Open
}

/// A checklist's front matter; without `release` it is the template for its phase.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistFront {
    #[serde(default)]
    pub release: Option<Version>,
    pub phase: Phase,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub signed_off_by: Option<String>,
    #[serde(default)]
    pub signed_off_at: Option<Date>,
}

/// A handbook module's front matter.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleFront {
    pub title: String,
    #[serde(default)]
    pub order: Option<u32>,
    /// Minutes.
    #[serde(default)]
    pub duration: Option<u32>,
    #[serde(default)]
    pub objectives: Vec<String>,
    /// Slugs of other modules.
    #[serde(default)]
    pub prerequisites: Vec<String>,
    #[serde(default)]
    pub quiz: Vec<Question>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub question: String,
    pub choices: Vec<String>,
    /// Zero-based index into `choices`.
    pub answer: usize,
    #[serde(default)]
    pub explanation: Option<String>,
}

/// A stakeholder: a team or role to keep informed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stakeholder {
    /// Defaults to the file stem for `content/stakeholders/<id>.md`.
    #[serde(default)]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    /// Components this stakeholder follows.
    #[serde(default)]
    pub interests: Vec<String>,
}

/// `content/stakeholders.toml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StakeholderFile {
    #[serde(default)]
    pub stakeholder: Vec<Stakeholder>,
}

pub use flight::*;
pub use source::{read_text, Format, Source, MAX_FILE_BYTES};

mod flight;
mod quotes;
mod source;

#[cfg(test)]
mod tests;
