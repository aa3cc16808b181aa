//! `relbook.toml`: the site configuration.
//!
//! Every key has a default (see [`Config::default`] and the embedded `default.toml`), so
//! a site without a config file still builds. Unknown keys are errors with a hint.

use std::path::Path;

use chrono::FixedOffset;
use serde::Deserialize;

use crate::content::Phase;
use crate::error::{improve_serde_message, line_col, Diagnostic, Error, Result};

/// The documented defaults, also written by `relbook init`.
pub const DEFAULT_TOML: &str = include_str!("default.toml");

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in the header and the page titles.
    pub title: String,
    /// One-line description for the dashboard and link previews.
    pub description: String,
    /// Absolute URL the site is published at; used for canonical links only (pages link
    /// to each other with relative URLs, so the site works under any sub-path).
    pub base_url: String,
    /// The product repository's web address, shown in the footer.
    pub repo_url: String,
    /// `lang` attribute of every page.
    pub language: String,
    /// Where the built site goes, relative to the site root.
    pub output_dir: String,
    /// `UTC` or a fixed offset such as `+02:00`: the zone in which a git tag's moment
    /// becomes a calendar day (and so a month and a quarter).
    pub timezone: String,
    pub markdown: MarkdownConfig,
    pub git: GitConfig,
    pub kpi: KpiConfig,
    pub publish: PublishConfig,
    pub check: CheckConfig,
    pub status: StatusConfig,
    pub calendar: CalendarConfig,
}

/// `[calendar]`: what `calendar.ics` holds.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CalendarConfig {
    /// Events within this many years before and after the content's newest day (its
    /// `[status] today`, else the newest day it records); 0 keeps every event.
    pub years: u32,
}

impl Default for CalendarConfig {
    fn default() -> Self {
        CalendarConfig { years: 2 }
    }
}

/// `[status]`: weekly status reports.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatusConfig {
    /// The day whose week is the "current" one (default: the newest day the content
    /// records; never the build clock).
    pub today: Option<crate::content::Date>,
}

/// `[check]`: the gates `relbook check` applies.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckConfig {
    /// Gates applied to every release whose status is in `statuses`.
    pub gates: Vec<Gate>,
    /// For the `retrospective_within_days` gate.
    pub retrospective_within_days: u32,
    /// Which releases the gates apply to.
    pub statuses: Vec<crate::content::Status>,
}

/// A condition a release must meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gate {
    /// A go/no-go decision is recorded and it is `go`.
    GoNoGoRecorded,
    /// Every `[kpi] required_phases` checklist exists with every item done.
    RequiredChecklistsComplete,
    /// A retrospective is dated within `retrospective_within_days` of the release.
    RetrospectiveWithinDays,
    /// No risk with high impact is still open.
    NoOpenCriticalRisks,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            gates: Vec::new(),
            retrospective_within_days: 14,
            statuses: vec![
                crate::content::Status::Released,
                crate::content::Status::RolledBack,
            ],
        }
    }
}

/// Where relbook itself comes from: the `repository` of its Cargo.toml.
pub const RELBOOK_GIT: &str = env!("CARGO_PKG_REPOSITORY");

/// `[publish]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PublishConfig {
    /// Custom domain for GitHub Pages: written to `CNAME` when set.
    pub cname: Option<String>,
    /// The git repository the Pages workflow (`.github/workflows/pages.yml`) installs
    /// relbook from with `cargo install --git`.
    pub relbook_git: String,
    /// The tag, branch or commit of `relbook_git` to install ("" = its default branch).
    pub relbook_ref: String,
}

impl Default for PublishConfig {
    fn default() -> Self {
        PublishConfig {
            cname: None,
            relbook_git: RELBOOK_GIT.into(),
            relbook_ref: String::new(),
        }
    }
}

/// `[markdown]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Pass raw HTML in Markdown through unchanged (default: escape it).
    pub allow_html: bool,
    /// Curly quotes, en and em dashes, ellipses.
    pub smart_punctuation: bool,
    /// Deepest heading level listed in a page's table of contents.
    pub toc_depth: u8,
}

/// `[git]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GitConfig {
    /// Read the history at all. Default: yes when a repository is found.
    pub enabled: Option<bool>,
    /// Repository (work tree or bare), relative to the site root. Default: the repository
    /// that contains the site root, found by walking up.
    pub repo: Option<String>,
    /// Tag names of releases, each with one `{version}` placeholder.
    pub tag_pattern: TagPatterns,
    /// Treat pre-release tags (`v2.0.0-rc.1`) as releases of their own; by default they
    /// are listed as release candidates of their final version.
    pub include_prereleases: bool,
    /// Tags to ignore, as glob patterns (`*`, `?`): one or a list.
    pub skip_tags: TagPatterns,
    /// Keep what was read of the history in the user's cache folder, so the next build
    /// reads only new releases' commits.
    pub cache: bool,
}

/// One tag pattern or a list of them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum TagPatterns {
    One(String),
    Many(Vec<String>),
}

impl TagPatterns {
    pub fn list(&self) -> Vec<&str> {
        match self {
            TagPatterns::One(p) => vec![p.as_str()],
            TagPatterns::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

impl Default for GitConfig {
    fn default() -> Self {
        GitConfig {
            enabled: None,
            repo: None,
            tag_pattern: TagPatterns::One("v{version}".into()),
            include_prereleases: false,
            skip_tags: TagPatterns::Many(Vec::new()),
            cache: true,
        }
    }
}

/// `[kpi]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KpiConfig {
    /// Phases whose checklists must exist and be complete for a release to count as
    /// compliant (the compliance matrix marks them).
    pub required_phases: Vec<Phase>,
    /// Which State of DevOps report's DORA bands to use (`2021` or `2023`).
    pub dora_report: String,
    /// A site's own band table (TOML, like `src/dora/2023.toml`), relative to the root;
    /// replaces `dora_report`.
    pub dora_table: Option<String>,
    /// The span the headline KPIs and DORA bands cover, ending at the newest release:
    /// `all`, or a number of days, weeks, months or years (`365d`, `52w`, `12m`, `1y`).
    pub window: String,
}

/// A parsed `[kpi] window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpiWindow {
    All,
    Days(u32),
    Months(u32),
}

impl KpiWindow {
    /// Reads `all`, `365d`, `52w`, `12m` or `1y`.
    pub fn parse(text: &str) -> Option<KpiWindow> {
        let t = text.trim();
        if t == "all" {
            return Some(KpiWindow::All);
        }
        let unit = t.chars().last()?;
        let n: u32 = t[..t.len() - unit.len_utf8()]
            .parse()
            .ok()
            .filter(|&n| n > 0)?;
        match unit {
            'd' => Some(KpiWindow::Days(n)),
            'w' => n.checked_mul(7).map(KpiWindow::Days),
            'm' => Some(KpiWindow::Months(n)),
            'y' => n.checked_mul(12).map(KpiWindow::Months),
            _ => None,
        }
    }

    /// The last day before the window that ends on `end`; none for `all`.
    pub fn before(self, end: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
        match self {
            KpiWindow::All => None,
            KpiWindow::Days(n) => end.checked_sub_days(chrono::Days::new(u64::from(n))),
            KpiWindow::Months(n) => end.checked_sub_months(chrono::Months::new(n)),
        }
    }

    /// `12 months`, `365 days`, `all time`.
    pub fn span(self) -> String {
        let plural = |n: u32, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
        match self {
            KpiWindow::All => "all time".into(),
            KpiWindow::Days(n) => plural(n, "day"),
            KpiWindow::Months(n) => plural(n, "month"),
        }
    }
}

impl KpiConfig {
    /// The parsed window (checked when the config was read).
    pub fn window(&self) -> KpiWindow {
        KpiWindow::parse(&self.window).unwrap_or(KpiWindow::Months(12))
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Release book".into(),
            description: String::new(),
            base_url: "/".into(),
            repo_url: String::new(),
            language: "en".into(),
            output_dir: "public".into(),
            timezone: "UTC".into(),
            markdown: MarkdownConfig::default(),
            git: GitConfig::default(),
            kpi: KpiConfig::default(),
            publish: PublishConfig::default(),
            check: CheckConfig::default(),
            status: StatusConfig::default(),
            calendar: CalendarConfig::default(),
        }
    }
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            allow_html: false,
            smart_punctuation: true,
            toc_depth: 3,
        }
    }
}

impl Default for KpiConfig {
    fn default() -> Self {
        KpiConfig {
            required_phases: vec![Phase::Planning, Phase::Testing, Phase::Deployment],
            dora_report: "2023".into(),
            dora_table: None,
            window: "12m".into(),
        }
    }
}

impl Config {
    /// Parses config text; `path` is only used in the diagnostic.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Diagnostic> {
        let config = toml::from_str::<Config>(text).map_err(|e| {
            let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            Diagnostic::error(path, line, col, improve_serde_message(e.message()))
        })?;
        let at = |key: &str, message: String| {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with(key))
                .map_or(1, |i| i + 1);
            Diagnostic::error(path, line, 1, message)
        };
        let web = |u: &str| u.starts_with("https://") || u.starts_with("http://");
        if !config.repo_url.is_empty() && !web(&config.repo_url) {
            return Err(at(
                "repo_url",
                format!(
                    "repo_url must be an http or https address, not `{}`",
                    config.repo_url
                ),
            ));
        }
        let git = &config.publish.relbook_git;
        if git.trim().is_empty() || git.contains(char::is_whitespace) {
            return Err(at(
                "relbook_git",
                format!("[publish] relbook_git must be a git repository address such as `{RELBOOK_GIT}`, not `{git}`"),
            ));
        }
        if !config.base_url.starts_with('/') && !web(&config.base_url) {
            return Err(at(
                "base_url",
                format!(
                    "base_url must start with `/` or be an http or https address, not `{}`",
                    config.base_url
                ),
            ));
        }
        if parse_offset(&config.timezone).is_none() {
            return Err(at(
                "timezone",
                format!(
                    "timezone `{}` is not `UTC` or an offset like `+02:00`",
                    config.timezone
                ),
            ));
        }
        if crate::dora::DoraTable::builtin(&config.kpi.dora_report).is_none() {
            let known: Vec<&str> = crate::dora::DORA_REPORTS.iter().map(|(r, _)| *r).collect();
            return Err(at(
                "dora_report",
                format!(
                    "unknown dora_report `{}`; relbook ships {} (or set dora_table to your own)",
                    config.kpi.dora_report,
                    known.join(" and ")
                ),
            ));
        }
        if KpiWindow::parse(&config.kpi.window).is_none() {
            return Err(at(
                "window",
                format!(
                    "[kpi] window `{}` is not `all` or a number of days, weeks, months or years like `365d`, `52w`, `12m`, `1y`",
                    config.kpi.window
                ),
            ));
        }
        for p in config.git.tag_pattern.list() {
            if p.matches("{version}").count() != 1 {
                return Err(at(
                    "tag_pattern",
                    format!("tag pattern `{p}` must contain `{{version}}` exactly once"),
                ));
            }
        }
        Ok(config)
    }

    /// The configured time zone as a fixed offset.
    pub fn offset(&self) -> FixedOffset {
        parse_offset(&self.timezone)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
    }

    /// Reads `relbook.toml` from the site root; defaults when there is none.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join("relbook.toml");
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|e| {
                    let (line, col) = line_col(
                        &String::from_utf8_lossy(e.as_bytes()),
                        e.utf8_error().valid_up_to(),
                    );
                    Error::Invalid(vec![Diagnostic::error(
                        "relbook.toml",
                        line,
                        col,
                        "file is not valid UTF-8",
                    )])
                })?;
                let mut config = Config::parse(&text, Path::new("relbook.toml"))
                    .map_err(|d| Error::Invalid(vec![d]))?;
                config.normalize();
                Ok(config)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    /// `base_url` always ends with a slash, so `base_url + path` is a URL.
    pub fn normalize(&mut self) {
        if !self.base_url.ends_with('/') {
            self.base_url.push('/');
        }
    }
}

/// `UTC`, `Z` or `±HH:MM`.
pub fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("utc") || s == "Z" {
        return FixedOffset::east_opt(0);
    }
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = s[1..].split_once(':')?;
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_defaults_match_config_default() {
        let parsed = Config::parse(DEFAULT_TOML, Path::new("default.toml")).unwrap();
        assert_eq!(parsed, Config::default());
    }

    #[test]
    fn an_empty_relbook_source_is_an_error_at_its_line() {
        let d = Config::parse(
            "title = \"x\"\n[publish]\nrelbook_git = \"\"\n",
            Path::new("relbook.toml"),
        )
        .unwrap_err();
        assert_eq!(d.line, 3);
        assert!(
            d.message.contains("relbook_git must be a git repository"),
            "{}",
            d.message
        );
    }

    #[test]
    fn unknown_key_points_at_its_line_with_a_hint() {
        let d = Config::parse(
            "title = \"x\"\n\n[markdown]\nalow_html = true\n",
            Path::new("relbook.toml"),
        )
        .unwrap_err();
        assert_eq!((d.line, d.col), (4, 1));
        assert!(
            d.message.contains("did you mean `allow_html`"),
            "{}",
            d.message
        );
    }

    #[test]
    fn unknown_phase_is_an_error() {
        let d = Config::parse(
            "[kpi]\nrequired_phases = [\"testng\"]\n",
            Path::new("relbook.toml"),
        )
        .unwrap_err();
        assert_eq!(d.line, 2);
        assert!(
            d.message.contains("did you mean `testing`"),
            "{}",
            d.message
        );
    }
}

#[cfg(test)]
mod git_config_tests {
    use super::*;

    #[test]
    fn tag_patterns_take_one_or_many() {
        let c = Config::parse(
            "[git]\ntag_pattern = [\"v{version}\", \"{version}\"]\n",
            Path::new("r"),
        )
        .unwrap();
        assert_eq!(c.git.tag_pattern.list(), ["v{version}", "{version}"]);
        let d = Config::parse("[git]\ntag_pattern = \"release\"\n", Path::new("r")).unwrap_err();
        assert_eq!(d.line, 2);
        assert!(d.message.contains("{version}"), "{}", d.message);
    }

    #[test]
    fn timezones_are_offsets() {
        assert_eq!(parse_offset("+05:30").unwrap().local_minus_utc(), 19800);
        assert_eq!(parse_offset("UTC").unwrap().local_minus_utc(), 0);
        assert!(parse_offset("Europe/Paris").is_none());
        assert!(Config::parse("timezone = \"CEST\"\n", Path::new("r")).is_err());
    }
}
