//! `relbook build`

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::BuildArgs;
use crate::config::Config;
use crate::error::Result;
use crate::render;
use crate::site::{LoadOptions, Site};

/// Builds with a progress bar on long builds in a terminal; prints warnings and a summary.
pub fn run(args: &BuildArgs) -> Result<()> {
    let start = Instant::now();
    let mut config = Config::load(&args.root)?;
    if let Some(url) = &args.base_url {
        config.base_url = url.clone();
        config.normalize();
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.root.join(&config.output_dir));
    // Put back the previous site if an earlier build was killed mid-swap, even if this
    // build fails.
    render::recover(&output)?;
    let load_start = Instant::now();
    let (site, report) = Site::load_with(
        &args.root,
        config,
        &LoadOptions {
            drafts: args.drafts,
            ..LoadOptions::default()
        },
    )?;
    let load_time = load_start.elapsed();
    report.print();
    let total = render::pages(&site).len();
    let bar = if std::io::stderr().is_terminal() && total >= 2000 {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} pages")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let summary = render::Renderer::new(&site)?.build(&site, &output, &|| bar.inc(1))?;
    bar.finish_and_clear();
    if std::env::var_os("RELBOOK_TIMINGS").is_some() {
        for (stage, d) in report.timings.iter().chain(&summary.timings) {
            eprintln!("  {stage:<32} {:>8.1} ms", d.as_secs_f64() * 1e3);
        }
        eprintln!(
            "  {:<32} {:>8.1} ms",
            "load (total)",
            load_time.as_secs_f64() * 1e3
        );
    }
    eprintln!(
        "Built {} ({}, {}) into {} in {:.2}s",
        crate::plural::count(summary.pages, "page", "pages"),
        crate::plural::count(site.releases.len(), "release", "releases"),
        crate::plural::count(summary.files + summary.pages, "file", "files"),
        output.display(),
        start.elapsed().as_secs_f64()
    );
    // The process ends here: freeing every note, page body and commit one by one would
    // only delay the exit (a tenth of a second at 10,000 releases).
    std::mem::forget(site);
    Ok(())
}
