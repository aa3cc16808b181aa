//! A report as text to paste into an email or a chat: Markdown, plain text or an HTML
//! fragment (`relbook status --format`). Links are absolute, from `base_url`.

use super::{MilestoneRow, Report};
use crate::html::escape;

/// How to write a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Markdown,
    Text,
    Html,
}

/// One line of a section, with the page it is about.
struct Line {
    text: String,
    url: Option<String>,
}

fn line(text: String, url: Option<&str>) -> Line {
    Line {
        text,
        url: url.map(str::to_string),
    }
}

fn milestones(label: &str, list: &[MilestoneRow]) -> Option<String> {
    if list.is_empty() {
        return None;
    }
    let items: Vec<String> = list
        .iter()
        .map(|m| match &m.actual {
            Some(a) if m.late => format!("{} ({a}, planned {}, late)", m.name, m.planned),
            Some(a) => format!("{} ({a})", m.name),
            None => format!("{} (planned {})", m.name, m.planned),
        })
        .collect();
    Some(format!("{label}: {}", items.join("; ")))
}

/// The report's sections: heading and lines, in order.
fn sections(r: &Report) -> Vec<(&'static str, Vec<Line>)> {
    let mut out = Vec::new();
    let releases = r
        .releases
        .iter()
        .map(|p| {
            let mut parts = vec![format!("{} — {} ({})", p.version, p.title, p.status)];
            if let Some(d) = &p.shipped {
                parts.push(format!("shipped {d}"));
            }
            if let Some((a, b)) = &p.window {
                parts.push(format!("window {a} – {b}"));
            }
            if p.checklist_total > 0 {
                parts.push(format!(
                    "checklists {}/{} ({}%)",
                    p.checklist_done, p.checklist_total, p.checklist_percent
                ));
            }
            parts.extend(milestones("reached", &p.reached));
            parts.extend(milestones("upcoming", &p.upcoming));
            parts.extend(milestones("overdue", &p.overdue));
            line(parts.join("; "), Some(&p.url))
        })
        .collect();
    out.push(("Releases in flight", releases));
    let m = &r.metrics;
    let risks: Vec<String> = m
        .risks_by_impact
        .iter()
        .map(|(l, n)| format!("{n} {l}"))
        .collect();
    out.push((
        "Key metrics",
        vec![
            line(
                format!(
                    "Schedule adherence: {}{}",
                    m.schedule_adherence.as_deref().unwrap_or("n/a"),
                    m.median_slip_days
                        .as_ref()
                        .map(|d| format!(" (median slip {d} days)"))
                        .unwrap_or_default()
                ),
                None,
            ),
            line(format!("Defects found: {}", m.defects_found), None),
            line(format!("Open risks by impact: {}", risks.join(", ")), None),
        ],
    ));
    let issue = |i: &super::IssueRow| {
        line(
            format!(
                "{} {} ({}, {}, {})",
                i.id, i.title, i.version, i.severity, i.opened
            ),
            Some(&i.url),
        )
    };
    out.push(("Issues opened", r.issues_opened.iter().map(issue).collect()));
    out.push(("Issues closed", r.issues_closed.iter().map(issue).collect()));
    out.push((
        "Open risks",
        r.open_risks
            .iter()
            .map(|k| {
                line(
                    format!(
                        "{} {} ({}, {} × {})",
                        k.id, k.title, k.version, k.probability, k.impact
                    ),
                    Some(&k.url),
                )
            })
            .collect(),
    ));
    let action = |a: &super::ActionRow| {
        let owner = a
            .owner
            .as_ref()
            .map(|o| format!(", {o}"))
            .unwrap_or_default();
        line(
            format!("{} {} (due {}, {}{owner})", a.id, a.title, a.due, a.status),
            Some(&a.url),
        )
    };
    out.push((
        "Action items due",
        r.actions_due.iter().map(action).collect(),
    ));
    out.push((
        "Action items overdue",
        r.actions_overdue.iter().map(action).collect(),
    ));
    out.push((
        "Meetings",
        r.meetings
            .iter()
            .map(|m| line(format!("{} ({})", m.title, m.date), Some(&m.url)))
            .collect(),
    ));
    out
}

/// The report in `style`; `note_markdown` is the status note's Markdown source, used
/// as is in Markdown (else its plain text or HTML is).
pub fn write(r: &Report, style: Style, base_url: &str, note_markdown: Option<&str>) -> String {
    let title = format!("Status {} ({} – {})", r.week, r.monday, r.sunday);
    let mut out = match style {
        Style::Markdown => format!("# {title}\n\n"),
        Style::Text => format!("{title}\n{}\n\n", "=".repeat(title.chars().count())),
        Style::Html => format!("<h1>{}</h1>\n", escape(&title)),
    };
    if let Some(n) = &r.note {
        let heading = n.title.as_deref().unwrap_or("Summary");
        match style {
            Style::Markdown => out.push_str(&format!(
                "## {heading}\n\n{}\n\n",
                note_markdown.unwrap_or(&n.text).trim()
            )),
            Style::Text => out.push_str(&format!(
                "{}\n\n{}\n\n",
                heading.to_uppercase(),
                n.text.trim()
            )),
            Style::Html => out.push_str(&format!(
                "<h2>{}</h2>\n{}\n",
                escape(heading),
                n.html.trim()
            )),
        }
    }
    for (heading, lines) in sections(r) {
        match style {
            Style::Markdown => out.push_str(&format!("## {heading}\n\n")),
            Style::Text => out.push_str(&format!("{}\n", heading.to_uppercase())),
            Style::Html => out.push_str(&format!("<h2>{}</h2>\n<ul>\n", escape(heading))),
        }
        if lines.is_empty() {
            out.push_str(match style {
                Style::Markdown => "- None.\n",
                Style::Text => "  - none\n",
                Style::Html => "<li>None.</li>\n",
            });
        }
        for l in lines {
            let url = l.url.map(|u| format!("{base_url}{u}"));
            out.push_str(&match (style, url) {
                (Style::Markdown, Some(u)) => format!("- [{}]({u})\n", l.text),
                (Style::Markdown, None) => format!("- {}\n", l.text),
                (Style::Text, Some(u)) => format!("  - {} <{u}>\n", l.text),
                (Style::Text, None) => format!("  - {}\n", l.text),
                (Style::Html, Some(u)) => {
                    format!(
                        "<li><a href=\"{}\">{}</a></li>\n",
                        escape(&u),
                        escape(&l.text)
                    )
                }
                (Style::Html, None) => format!("<li>{}</li>\n", escape(&l.text)),
            });
        }
        out.push_str(match style {
            Style::Html => "</ul>\n",
            _ => "\n",
        });
    }
    out.trim_end().to_string() + "\n"
}
