//! The command line, with clap derive; doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// relbook builds a release-management site — release history, reviews, checklists,
/// compliance, risks, stakeholders and a handbook — from Markdown files.
#[derive(Debug, Parser)]
#[command(name = "relbook", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: public/).
    Build(BuildArgs),
    /// Create a new site with example content of every kind.
    Init(InitArgs),
    /// Write a Keep a Changelog style CHANGELOG from the release notes and git history.
    Changelog(ChangelogArgs),
    /// Print the KPI summary (or kpis.json with --json).
    Kpi(KpiArgs),
    /// Serve the site on 127.0.0.1, rebuild on change and reload open pages.
    Serve(ServeArgs),
    /// Validate everything and apply the release gates (non-zero exit on any error).
    Check(CheckArgs),
    /// Start a new release note, retrospective, checklist, handbook module, meeting record
    /// or status note.
    New(NewArgs),
    /// Print a week's status report (default: the current week) to paste into an email
    /// or a chat.
    Status(StatusArgs),
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The site root (the folder with relbook.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The ISO week, like `2026-W48` (default: `[status] today`'s week, else the week
    /// of the newest day the content records).
    #[arg(long)]
    pub week: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Markdown)]
    pub format: StatusFormat,
}

/// How `status` prints a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    Markdown,
    Html,
    Text,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site root (the folder with relbook.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: `output_dir` from relbook.toml, under the root).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Override `base_url` from relbook.toml.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include release notes marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder for the new site (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The git repository the GitHub Pages workflow installs relbook from (written to
    /// `[publish] relbook_git`; default: relbook's own repository).
    #[arg(long, value_name = "URL")]
    pub repo: Option<String>,
}

#[derive(Debug, Args)]
pub struct ChangelogArgs {
    /// The site root (the folder with relbook.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Replace the output file even if relbook did not write it.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct KpiArgs {
    /// The site root (the folder with relbook.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Print kpis.json instead of the table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site root (the folder with relbook.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port on 127.0.0.1; the next free one is used when it is taken (0: any free port).
    #[arg(long, short, default_value_t = 4000)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include release notes marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site root (the folder with relbook.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Also build into a temporary folder and check every internal link and anchor.
    #[arg(long)]
    pub links: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Gate one release before its deployment: exit 0 = go, non-zero = no-go.
    #[arg(long, value_name = "VERSION")]
    pub release: Option<String>,
    /// Include release notes marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `path:line:col: level: message`
    Human,
    /// One JSON document for tools.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The site root (the folder with relbook.toml and content/).
    #[arg(long, default_value = ".", global = true)]
    pub root: PathBuf,
    #[command(subcommand)]
    pub what: NewWhat,
}

#[derive(Debug, Subcommand)]
pub enum NewWhat {
    /// A release note: VERSION, or the next version after the highest one known.
    Release {
        version: Option<String>,
        /// Next major version.
        #[arg(long, conflicts_with_all = ["version", "minor", "patch"])]
        major: bool,
        /// Next minor version (the default).
        #[arg(long, conflicts_with_all = ["version", "major", "patch"])]
        minor: bool,
        /// Next patch version.
        #[arg(long, conflicts_with_all = ["version", "major", "minor"])]
        patch: bool,
    },
    /// A retrospective of release VERSION, held today.
    Retro { version: String },
    /// A checklist for release VERSION (from the phase's template when there is one).
    Checklist {
        version: String,
        /// planning, design, testing, deployment or post-release.
        #[arg(long)]
        phase: String,
    },
    /// A handbook module after the last one.
    Module { title: String },
    /// A meeting record held today: KIND is planning, status, go-no-go, post-release,
    /// coordination or stakeholder.
    Meeting {
        kind: String,
        /// The release it is about.
        #[arg(long)]
        release: Option<String>,
    },
    /// The hand-written part of a week's status report: WEEK like `2026-W48` (default:
    /// this week, by the clock).
    Status { week: Option<String> },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
