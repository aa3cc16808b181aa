//! The search index: releases, retrospectives, risks and handbook modules, indexed at
//! build time with elasticlunr-rs (the crate mdBook uses) and searched in the browser by
//! elasticlunr.js, offline, without a server.
//!
//! The index stores no documents; a separate table gives each result its type, title
//! and snippet, which keeps `search-index.js` small.

use std::collections::BTreeMap;

use elasticlunr::IndexBuilder;

use crate::site::Site;

/// Characters of a result's snippet.
pub const SNIPPET: usize = 160;

fn snippet(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= SNIPPET {
        return text;
    }
    let cut: String = text.chars().take(SNIPPET).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

/// `search-index.js`: `window.RELBOOK_SEARCH = {"index": …, "docs": {ref: [type, title, snippet]}}`
/// where each ref is a page path from the site root (with an anchor for risks).
pub fn index_js(site: &Site) -> String {
    let mut index = IndexBuilder::new()
        .save_docs(false)
        .add_fields(&["title", "body"])
        .build();
    let mut docs: BTreeMap<String, [String; 3]> = BTreeMap::new();
    let mut add = |r: String, kind: &str, title: String, body: String, snip: &str| {
        index.add_doc(&r, [title.as_str(), body.as_str()]);
        docs.insert(r, [kind.to_string(), title, snippet(snip)]);
    };
    for r in &site.releases {
        let f = &r.front;
        let body = format!(
            "{} {} {} {} {}",
            r.status.as_str(),
            f.components.join(" "),
            f.issues.join(" "),
            f.tag.as_deref().unwrap_or(""),
            r.body.text
        );
        let snip = if r.body.summary.is_empty() {
            format!(
                "{} release, {}",
                r.status.as_str(),
                f.date.map(|d| d.to_string()).unwrap_or_default()
            )
        } else {
            r.body.summary.clone()
        };
        add(
            format!("releases/{}/", r.version()),
            "Release",
            format!("{} {}", r.version(), r.title()),
            body,
            &snip,
        );
        for k in &f.risks {
            let body = format!(
                "{} {} {}",
                k.id,
                k.mitigation.as_deref().unwrap_or(""),
                k.status.as_str()
            );
            let snip = format!(
                "{} · {} × {} · {}",
                k.status.as_str(),
                k.probability.as_str(),
                k.impact.as_str(),
                k.mitigation.as_deref().unwrap_or("")
            );
            add(
                format!("releases/{}/#risk-{}", r.version(), k.id),
                "Risk",
                format!("{} {}", k.id, k.title),
                body,
                &snip,
            );
        }
    }
    for rt in &site.retros {
        let items: Vec<&str> = rt
            .front
            .action_items
            .iter()
            .map(|a| a.title.as_str())
            .collect();
        let body = format!("{} {}", items.join(" "), rt.body.text);
        add(
            format!("retrospectives/{}/", rt.front.release),
            "Retrospective",
            format!("Retrospective {}", rt.front.release),
            body,
            &rt.body.summary,
        );
    }
    for m in &site.modules {
        let body = format!("{} {}", m.front.objectives.join(" "), m.body.text);
        let snip = if m.body.summary.is_empty() {
            m.front.objectives.join("; ")
        } else {
            m.body.summary.clone()
        };
        add(
            format!("handbook/{}/", m.slug),
            "Handbook",
            m.front.title.clone(),
            body,
            &snip,
        );
    }
    let docs = serde_json::to_string(&docs).unwrap_or_else(|_| "{}".into());
    format!(
        "window.RELBOOK_SEARCH = {{\"index\": {}, \"docs\": {docs}}};\n",
        index.to_json()
    )
}
