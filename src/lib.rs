//! relbook: a static site generator for release management.
//!
//! The pipeline is `Config` → [`site::Site::load`] (content, git, validation, Markdown)
//! → [`kpi`] and [`chart`] → [`render::Renderer`] (templates, parallel rendering, atomic
//! output) → the commands. CONTRIBUTING.md ("Architecture") gives each module's job and
//! the direction imports may go.

pub mod changelog;
pub mod chart;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod depgraph;
pub mod dora;
pub mod error;
pub mod feed;
pub mod git;
pub mod html;
pub mod kpi;
pub mod linkcheck;
pub mod markdown;
pub mod plural;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod status;
pub mod theme;
