//! `relbook.toml`: the site configuration.
//!
//! Every key has a default (see [`Config::default`] and the embedded `default.toml`), so
//! a site without a config file still builds. Unknown keys are errors with a hint.

use std::path::Path;

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
    pub markdown: MarkdownConfig,
    pub kpi: KpiConfig,
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

/// `[kpi]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KpiConfig {
    /// Phases whose checklists must exist and be complete for a release to count as
    /// compliant (the compliance matrix marks them).
    pub required_phases: Vec<Phase>,
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
            markdown: MarkdownConfig::default(),
            kpi: KpiConfig::default(),
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
        }
    }
}

impl Config {
    /// Parses config text; `path` is only used in the diagnostic.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Diagnostic> {
        toml::from_str::<Config>(text).map_err(|e| {
            let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            Diagnostic::error(path, line, col, improve_serde_message(e.message()))
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_defaults_match_config_default() {
        let parsed = Config::parse(DEFAULT_TOML, Path::new("default.toml")).unwrap();
        assert_eq!(parsed, Config::default());
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
