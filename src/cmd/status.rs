//! `relbook status`: a week's status report on standard output, to paste into an email
//! or a chat.

use std::io::Write;

use crate::cli::{StatusArgs, StatusFormat};
use crate::content::{read_text, Source, Week};
use crate::error::{Error, Result};
use crate::site::{LoadOptions, Site};
use crate::status::{self, text::Style};

/// `2026-W48`, or a usage error that shows the expected form.
pub fn parse_week(s: &str) -> Result<Week> {
    Week::parse(s.trim()).ok_or_else(|| {
        Error::Usage(format!(
            "`{s}` is not an ISO week: expected YEAR-Wnn, like 2026-W48 (weeks 01 to 52 or 53)"
        ))
    })
}

pub fn run(args: &StatusArgs) -> Result<()> {
    let given = args.week.as_deref().map(parse_week).transpose()?;
    let (site, report) = Site::load(&args.root, &LoadOptions::without_pages())?;
    report.print();
    let week = status::current_week(&site, given).ok_or_else(|| {
        Error::Usage(
            "the content records no day to tell the current week by: pass --week 2026-W48 or set [status] today".into(),
        )
    })?;
    let kpis = crate::kpi::for_site(&site, &site.dora);
    let r = status::report(&site, &kpis, week);
    // The note's own Markdown, for the Markdown format.
    let note = site
        .status_notes
        .iter()
        .find(|n| n.week == week)
        .and_then(|n| read_text(&site.root, &n.path).ok().map(|t| (n, t)))
        .and_then(|(n, t)| Source::split(&n.path, &t).ok())
        .map(|s| s.body);
    let style = match args.format {
        StatusFormat::Markdown => Style::Markdown,
        StatusFormat::Html => Style::Html,
        StatusFormat::Text => Style::Text,
    };
    let text = status::text::write(&r, style, &site.config.base_url, note.as_deref());
    std::io::stdout()
        .write_all(text.as_bytes())
        .map_err(|e| Error::io(std::path::Path::new("<stdout>"), e))
}
