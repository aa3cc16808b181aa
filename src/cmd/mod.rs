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
pub fn today() -> crate::error::Result<chrono::NaiveDate> {
    match std::env::var("RELBOOK_TODAY") {
        Ok(d) if !d.is_empty() => chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|e| {
            crate::error::Error::Usage(format!(
                "RELBOOK_TODAY must be a day as YYYY-MM-DD, like 2026-11-26, not `{d}` ({e})"
            ))
        }),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}
