//! One module per subcommand; each takes its arguments whole.

pub mod build;
pub mod changelog;
pub mod check;
pub mod init;
pub mod kpi;
pub mod new;
pub mod serve;
pub mod status;

/// Today, or `RELBOOK_TODAY` (YYYY-MM-DD) for reproducible scaffolds and tests. Only the
/// commands that are not builds (`init`, `new`, `check`) read it; a build never does.
pub fn today() -> chrono::NaiveDate {
    std::env::var("RELBOOK_TODAY")
        .ok()
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}
