//! The built-in theme, embedded in the binary, and the site's overrides.
//!
//! A site's `templates/<name>` replaces the built-in template of the same name (and may
//! add new ones); a site's `assets/<file>` replaces or adds a static file.

use std::collections::BTreeMap;
use std::path::Path;

use tera::Tera;
use walkdir::WalkDir;

use crate::error::{Error, Result};

macro_rules! embed {
    ($dir:literal: $($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../", $dir, "/", $name)))),+]
    };
}

/// Built-in templates, by name.
pub const TEMPLATES: &[(&str, &str)] = embed!("templates":
    "base.html", "macros.html", "index.html", "releases.html", "history_year.html", "release.html",
    "retrospectives.html", "retrospective.html", "compliance.html", "risks.html",
    "stakeholders.html", "stakeholder.html", "handbook.html", "module.html", "404.html", "kpis.html",
    "dependencies.html",
    "meetings.html", "meeting.html",
    "stakeholders.html", "stakeholder.html", "handbook.html", "module.html", "404.html", "kpis.html", "issues.html", "plan.html",
    "status.html", "status_week.html", "unreleased.html",
);

/// Built-in static files, by output path.
pub const ASSETS: &[(&str, &str)] = embed!("assets": "style.css", "relbook.js", "favicon.svg");

/// Whether `root/templates` holds any file (a template of the site's own).
pub fn has_own_templates(root: &Path) -> bool {
    WalkDir::new(root.join("templates"))
        .follow_links(false)
        .into_iter()
        .filter_map(|e| e.ok())
        .any(|e| e.file_type().is_file())
}

/// One Tera instance with the site's templates over the built-in ones.
pub fn load_templates(root: &Path) -> Result<Tera> {
    let mut sources: BTreeMap<String, String> = TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    let dir = root.join("templates");
    if dir.is_dir() {
        for entry in WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Usage(format!("templates/: {e}")))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let text =
                std::fs::read_to_string(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            sources.insert(name, text);
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(crate::html::escape);
    tera.register_filter("unbroken", Unbroken);
    tera.register_filter("plural", crate::plural::tera_filter);
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| {
            // Tera names the failing template in its message; say whether it is the site's own.
            let message = chain(&e);
            let failing = message
                .split("Failed to parse '")
                .nth(1)
                .and_then(|rest| rest.split('\'').next());
            let name = failing.map_or_else(|| "templates".to_string(), |n| origin(root, n));
            Error::Template { name, message }
        })?;
    Ok(tera)
}

/// The `unbroken` filter: the value escaped, its dates and ids kept on one line
/// ([`crate::html::unbroken`]). Its output is HTML, so Tera does not escape it again.
struct Unbroken;

impl tera::Filter for Unbroken {
    fn filter(
        &self,
        value: &tera::Value,
        _: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let text = match value {
            tera::Value::String(s) => crate::html::unbroken(s),
            tera::Value::Null => String::new(),
            other => crate::html::unbroken(&other.to_string()),
        };
        Ok(tera::Value::String(text))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `templates/x.html` for a site's own template, `x.html (built-in)` otherwise.
fn origin(root: &Path, name: &str) -> String {
    if root.join("templates").join(name).is_file() {
        format!("templates/{name}")
    } else {
        format!("{name} (built-in)")
    }
}

/// The whole cause chain of a Tera error, which keeps the useful part in `source()`.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.dedup();
    parts.join(": ")
}
