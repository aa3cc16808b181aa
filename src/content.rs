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
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::error::{improve_serde_message, line_col, Diagnostic};

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
    pub fn path_problem(&self) -> Option<String> {
        slug_problem(&self.raw)
            .map(|p| format!("version `{}` cannot be used as a page path: {p}", self.raw))
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
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(Date)
            .map_err(|e| {
                de::Error::custom(format!("invalid date `{s}` ({e}); expected YYYY-MM-DD"))
            })
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.format("%Y-%m-%d"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
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

// ---------------------------------------------------------------------------------------
// Files

/// The front matter syntax of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

/// One content file split into its parts.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the site root, as shown in messages.
    pub path: PathBuf,
    pub format: Format,
    /// Front matter text, without the delimiter lines.
    pub front: String,
    /// 1-based line of the front matter's first line.
    pub front_line: usize,
    pub body: String,
    /// 1-based line of the body's first line.
    pub body_line: usize,
}

impl Source {
    /// Splits `text` (already UTF-8) into front matter and body.
    pub fn split(path: &Path, text: &str) -> Result<Source, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.split_inclusive('\n');
        let first = lines.next().unwrap_or("");
        let format = match first.trim_end() {
            "---" => Format::Yaml,
            "+++" => Format::Toml,
            _ => {
                return Err(Diagnostic::error(
                    path,
                    1,
                    1,
                    "missing front matter: the file must start with a `---` (YAML) or `+++` (TOML) line",
                ))
            }
        };
        let delimiter = first.trim_end();
        let front_start = first.len();
        let mut offset = front_start;
        for (line, l) in (2..).zip(lines) {
            if l.trim_end() == delimiter {
                let front = text[front_start..offset].to_string();
                let body = text[offset + l.len()..].to_string();
                return Ok(Source {
                    path: path.to_path_buf(),
                    format,
                    front,
                    front_line: 2,
                    body,
                    body_line: line + 1,
                });
            }
            offset += l.len();
        }
        Err(Diagnostic::error(
            path,
            1,
            1,
            format!("front matter is not closed: no `{delimiter}` line after the opening one"),
        ))
    }

    /// Deserializes the front matter into `T`, with errors placed in the file.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        if let Some((line, col)) = too_deep(&self.front) {
            return Err(self.error_at(
                line,
                col,
                format!("front matter nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        match self.format {
            Format::Yaml => {
                let front = if self.front.trim().is_empty() {
                    "{}"
                } else {
                    &self.front
                };
                serde_yaml::from_str(front).map_err(|e| {
                    let raw = e.to_string();
                    let (mut line, mut col) =
                        e.location().map_or((0, 1), |l| (l.line(), l.column()));
                    let mut message = improve_serde_message(&raw);
                    // Scanner errors add where the broken construct began: "…, while
                    // scanning a quoted scalar at line 2 column 8". Keep that, and point there.
                    if let Some((context, l, c)) = yaml_context(&raw) {
                        message = format!("{message}, {context}");
                        (line, col) = (l, c);
                    }
                    // serde_yaml places errors raised by a value's own Deserialize (an
                    // invalid date, say) at the start of the mapping; the value quoted in
                    // the message is a better place.
                    let quoted = message.split('`').nth(1).filter(|q| !q.is_empty());
                    match quoted.and_then(|q| self.find(q, 0)) {
                        Some((line, col)) => Diagnostic::error(&self.path, line, col, message),
                        _ => self.error_at(line, col, message),
                    }
                })
            }
            Format::Toml => toml::from_str(&self.front).map_err(|e| {
                let (line, col) = e.span().map_or((0, 1), |s| line_col(&self.front, s.start));
                self.error_at(line, col, improve_serde_message(e.message()))
            }),
        }
    }

    /// An error at a 1-based line/column of the front matter (0 = the opening line).
    pub fn error_at(
        &self,
        front_line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let line = if front_line == 0 {
            1
        } else {
            self.front_line + front_line - 1
        };
        Diagnostic::error(&self.path, line, col, message)
    }

    /// An error on the front-matter line that mentions `needle` (a value such as an id),
    /// else on the line of `key`, else on the opening line.
    pub fn error_for(&self, key: &str, needle: &str, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.locate(key, needle);
        Diagnostic::error(&self.path, line, col, message)
    }

    pub fn warning_for(&self, key: &str, needle: &str, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.locate(key, needle);
        Diagnostic::warning(&self.path, line, col, message)
    }

    /// File line and column of the first whole-word `needle` in the front matter, searching
    /// from front-matter line index `from` and then wrapping around.
    fn find(&self, needle: &str, from: usize) -> Option<(usize, usize)> {
        if needle.is_empty() {
            return None;
        }
        let lines: Vec<&str> = self.front.lines().collect();
        let is_word = |l: &str, at: usize| {
            let before = l[..at].chars().next_back();
            let after = l[at + needle.len()..].chars().next();
            let sep = |c: Option<char>| {
                c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.'))
            };
            sep(before) && sep(after)
        };
        let from = from.min(lines.len());
        (from..lines.len()).chain(0..from).find_map(|i| {
            let l = lines[i];
            l.match_indices(needle)
                .find(|(at, _)| is_word(l, *at))
                .map(|(at, _)| (self.front_line + i, l[..at].chars().count() + 1))
        })
    }

    fn locate(&self, key: &str, needle: &str) -> (usize, usize) {
        let lines: Vec<&str> = self.front.lines().collect();
        let key_line = lines.iter().position(|l| {
            let t = l.trim_start().trim_start_matches("- ");
            t.starts_with(key) && t[key.len()..].trim_start().starts_with([':', '='])
        });
        match (self.find(needle, key_line.unwrap_or(0)), key_line) {
            (Some(hit), _) => hit,
            (None, Some(i)) => (
                self.front_line + i,
                lines[i].len() - lines[i].trim_start().len() + 1,
            ),
            (None, None) => (1, 1),
        }
    }
}

/// The `while scanning …` part of a libyaml error and its 1-based line and column.
fn yaml_context(message: &str) -> Option<(String, usize, usize)> {
    let (_, rest) = message.split_once(", while ")?;
    let (what, mark) = rest.split_once(" at line ")?;
    let (line, col) = mark.split_once(" column ")?;
    Some((
        format!("while {what}"),
        line.trim().parse().ok()?,
        col.trim().parse().ok()?,
    ))
}

/// Deepest `[`/`{` nesting accepted in front matter. YAML parsers take time quadratic in
/// the depth of flow collections (35 s for 100,000 levels), so deeper input is refused
/// before any parser sees it.
pub const MAX_DEPTH: usize = 64;

/// Where flow nesting first goes deeper than [`MAX_DEPTH`] (1-based line, column),
/// skipping quoted strings and comments.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (i, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q && prev != '\\' => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if prev.is_whitespace() || col == 0 => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some((i + 1, col + 1));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
    }
    None
}

/// Largest content file read: anything bigger is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a file as UTF-8, placing an invalid byte at its line and column.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    use std::io::Read as _;
    let path = root.join(rel);
    let cannot = |e: std::io::Error| Diagnostic::error(rel, 1, 1, format!("cannot read file: {e}"));
    // One open, and the size from the open file (45,000 files in a large site).
    let mut file = std::fs::File::open(&path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    {
        if len > MAX_FILE_BYTES {
            return Err(Diagnostic::error(
                rel,
                1,
                1,
                format!(
                    "file is {:.1} MB; content files are limited to {} MB",
                    len as f64 / 1_048_576.0,
                    MAX_FILE_BYTES / 1_048_576
                ),
            ));
        }
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    file.read_to_end(&mut bytes).map_err(cannot)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let (line, col) = line_col(&String::from_utf8_lossy(&e.as_bytes()[..valid]), valid);
        Diagnostic::error(rel, line, col, "file is not valid UTF-8 (save it as UTF-8)")
    })
}

#[cfg(test)]
mod tests;
