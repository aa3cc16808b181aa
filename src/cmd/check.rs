//! `relbook check`: validation, release gates and (with `--links`) a link check, for CI.

use std::io::Write;

use crate::check;
use crate::cli::{CheckArgs, Format};
use crate::error::{hint, Diagnostic, Error, Level, Result};
use crate::render;
use crate::site::{LoadOptions, Site};

/// Runs the checks and prints them; `Err` (non-zero exit) when any is an error.
pub fn run(args: &CheckArgs) -> Result<()> {
    let today = super::today()?;
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut verdict: Option<String> = None;
    match Site::load(
        &args.root,
        &LoadOptions {
            drafts: args.drafts,
            ..LoadOptions::default()
        },
    ) {
        Err(Error::Invalid(d)) => diags = d,
        Err(e) => return Err(e),
        Ok((site, report)) => {
            diags.extend(report.warnings);
            let git_line = check::line_of(&args.root.join("relbook.toml"), "[git]");
            diags.extend(
                report
                    .git_messages
                    .into_iter()
                    .map(|n| Diagnostic::warning("relbook.toml", git_line, 1, n)),
            );
            match &args.release {
                Some(v) => {
                    let Some(r) = site.releases.iter().find(|r| r.version().as_str() == v) else {
                        let names: Vec<&str> =
                            site.releases.iter().map(|r| r.version().as_str()).collect();
                        return Err(Error::Usage(format!("no release {v}{}", hint(v, names))));
                    };
                    let gates = if site.config.check.gates.is_empty() {
                        check::DEFAULT_RELEASE_GATES
                    } else {
                        &site.config.check.gates
                    };
                    let failures = check::gates(&site, r, gates, today);
                    let names: Vec<&str> = gates.iter().map(|g| g.name()).collect();
                    verdict = Some(if failures.is_empty() {
                        format!("GO: {v} passes every gate ({})", names.join(", "))
                    } else {
                        format!(
                            "NO-GO: {v} is blocked by {}",
                            crate::plural::count(failures.len(), "problem", "problems")
                        )
                    });
                    diags.extend(failures);
                }
                None => {
                    diags.extend(check::check(&site, today));
                    diags.extend(check::overdue_actions(&site, today));
                }
            }
            if args.links {
                let dir = tempfile_dir()?;
                let out = dir.join("site");
                render::Renderer::new(&site)?.build(&site, &out, &|| {})?;
                diags.extend(
                    check::broken_links(&out, &site.config.base_url)
                        .into_iter()
                        .map(|mut d| {
                            d.path = std::path::Path::new(&site.config.output_dir).join(&d.path);
                            d
                        }),
                );
                let _ = std::fs::remove_dir_all(&dir);
            }
        }
    }
    diags.sort();
    diags.dedup();
    let errors = diags.iter().filter(|d| d.level == Level::Error).count();
    let warnings = diags.len() - errors;
    let text = match args.format {
        Format::Human => {
            let mut t: String = diags.iter().map(|d| format!("{d}\n")).collect();
            if let Some(v) = &verdict {
                t.push_str(v);
                t.push('\n');
            }
            t.push_str(&format!(
                "{}, {}\n",
                crate::plural::count(errors, "error", "errors"),
                crate::plural::count(warnings, "warning", "warnings")
            ));
            t
        }
        Format::Github => {
            diags
                .iter()
                .map(|d| check::github_line(d) + "\n")
                .collect::<String>()
                + verdict
                    .as_deref()
                    .map(|v| format!("{v}\n"))
                    .unwrap_or_default()
                    .as_str()
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = diags
                .iter()
                .map(|d| serde_json::json!({"file": d.path.to_string_lossy(), "line": d.line, "column": d.col, "level": d.level.to_string(), "message": d.message}))
                .collect();
            let v = serde_json::json!({"ok": errors == 0, "errors": errors, "warnings": warnings, "verdict": verdict, "diagnostics": items});
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
    };
    std::io::stdout()
        .write_all(text.as_bytes())
        .map_err(|e| Error::io(std::path::Path::new("<stdout>"), e))?;
    if errors > 0 {
        Err(Error::Usage(String::new()))
    } else {
        Ok(())
    }
}

fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("relbook-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    Ok(dir)
}
