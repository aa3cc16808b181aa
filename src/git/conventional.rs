//! Commit messages read as changes: Conventional Commits 1.0 (type, scope, `!` and the
//! `BREAKING CHANGE:` footer), the list a change goes in, and the `#123` references to
//! issues and pull requests in the subject and the closing lines of the body.

use std::sync::Arc;

use serde::Serialize;

/// Which list a change goes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Group {
    Features,
    Fixes,
    Performance,
    Refactoring,
    Documentation,
    Other,
    Merges,
}

impl Group {
    pub const ALL: [Group; 7] = [
        Group::Features,
        Group::Fixes,
        Group::Performance,
        Group::Refactoring,
        Group::Documentation,
        Group::Other,
        Group::Merges,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Group::Features => "Features",
            Group::Fixes => "Fixes",
            Group::Performance => "Performance",
            Group::Refactoring => "Refactoring",
            Group::Documentation => "Documentation",
            Group::Other => "Other",
            Group::Merges => "Merges",
        }
    }
}

/// A reference to an issue or a pull request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Ref {
    pub number: u64,
    pub pull: bool,
}

/// A commit message read as a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub group: Group,
    /// The Conventional Commits type as written, lowercased (`feat`, `chore`…).
    pub kind: Option<Arc<str>>,
    pub scope: Option<Arc<str>>,
    pub description: Box<str>,
    pub breaking: bool,
    /// Boxed slices, not vectors: a history holds many commits, most with one
    /// reference or none.
    pub refs: Box<[Ref]>,
}

impl Change {
    /// The type of a conventional change listed under Other (`revert`, `chore`, `ci`…),
    /// shown with it so that it does not read as a plain change.
    pub fn other_kind(&self) -> Option<&str> {
        self.kind.as_deref().filter(|_| self.group == Group::Other)
    }

    /// The pull-request numbers it names: `Merge pull request #7`, and the `(#123)` that
    /// squash merges append to the subject. Closing lines (`Fixes #45`) name issues.
    pub fn pull_requests(&self) -> impl Iterator<Item = u64> + '_ {
        let squash = self
            .description
            .trim_end()
            .strip_suffix(')')
            .and_then(|d| d.rsplit_once("(#"))
            .filter(|(before, _)| before.is_empty() || before.ends_with(' '))
            .and_then(|(_, n)| n.parse::<u64>().ok());
        self.refs
            .iter()
            .filter(|r| r.pull)
            .map(|r| r.number)
            .chain(squash)
    }
}

/// Reads a commit message (Conventional Commits 1.0; types are case-insensitive).
pub fn parse_message(summary: &str, body: &str, merge: bool) -> Change {
    let mut refs = find_refs(summary);
    for line in body.lines() {
        let lower = line.trim().to_ascii_lowercase();
        for verb in [
            "fixes", "fixed", "fix", "closes", "closed", "close", "resolves", "resolved", "resolve",
        ] {
            if lower.starts_with(verb) && lower[verb.len()..].trim_start().starts_with(['#', ':']) {
                refs.extend(find_refs(line));
            }
        }
    }
    refs.dedup();
    let footer_breaking = body
        .lines()
        .any(|l| l.starts_with("BREAKING CHANGE:") || l.starts_with("BREAKING-CHANGE:"));
    if merge {
        return Change {
            group: Group::Merges,
            kind: None,
            scope: None,
            description: summary.into(),
            breaking: footer_breaking,
            refs: refs.into(),
        };
    }
    let other = |breaking| Change {
        group: Group::Other,
        kind: None,
        scope: None,
        description: summary.into(),
        breaking,
        refs: refs.as_slice().into(),
    };
    let Some((head, description)) = summary.split_once(':') else {
        return other(footer_breaking);
    };
    let description = description.trim();
    let (head, bang) = match head.strip_suffix('!') {
        Some(h) => (h, true),
        None => (head, false),
    };
    let (kind, scope) = match head.split_once('(') {
        Some((k, rest)) => match rest.strip_suffix(')') {
            Some(scope) if !scope.is_empty() && !scope.contains(['(', ')']) => {
                (k, Some(scope.trim().into()))
            }
            _ => return other(footer_breaking),
        },
        None => (head, None),
    };
    if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_alphabetic()) || description.is_empty() {
        return other(footer_breaking);
    }
    let kind = kind.to_ascii_lowercase();
    let group = match kind.as_str() {
        "feat" => Group::Features,
        "fix" => Group::Fixes,
        "perf" => Group::Performance,
        "refactor" => Group::Refactoring,
        "docs" => Group::Documentation,
        _ => Group::Other,
    };
    Change {
        group,
        kind: Some(kind.into()),
        scope,
        description: description.into(),
        breaking: bang || footer_breaking,
        refs: refs.into(),
    }
}

/// `#123` references: after `(`, a space or the start; `Merge pull request #1` is a PR.
fn find_refs(text: &str) -> Vec<Ref> {
    let pull = text.starts_with("Merge pull request #");
    let bytes = text.as_bytes();
    let mut refs = Vec::new();
    for (i, _) in text.match_indices('#') {
        if i > 0 && !matches!(bytes[i - 1], b'(' | b' ' | b',' | b'[') {
            continue;
        }
        let digits: String = text[i + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let end = i + 1 + digits.len();
        if digits.is_empty()
            || digits.len() > 12
            || text[end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        if let Ok(number) = digits.parse() {
            refs.push(Ref {
                number,
                pull: pull && refs.is_empty(),
            });
        }
    }
    refs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_requests_are_merges_and_squash_suffixes_not_closing_lines() {
        let prs =
            |s: &str, b: &str, m: bool| parse_message(s, b, m).pull_requests().collect::<Vec<_>>();
        assert_eq!(
            prs("feat(billing)!: new engine (#281)", "Fixes #45", false),
            [281]
        );
        assert_eq!(prs("Merge pull request #7 from org/branch", "", true), [7]);
        assert_eq!(prs("fix: rounding, see #12", "", false), Vec::<u64>::new());
        assert_eq!(
            prs("Update translations", "Closes #3", false),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn conventional_subjects() {
        let c = parse_message("feat(billing)!: new engine (#281)", "", false);
        assert_eq!(
            (c.group, c.scope.as_deref(), c.breaking, &*c.description),
            (Group::Features, Some("billing"), true, "new engine (#281)")
        );
        assert_eq!(
            *c.refs,
            [Ref {
                number: 281,
                pull: false
            }]
        );
        assert_eq!(
            parse_message("FIX: rounding", "", false).group,
            Group::Fixes
        );
        assert_eq!(
            parse_message("Perf(api): faster", "", false).group,
            Group::Performance
        );
        assert_eq!(
            parse_message("chore(deps): bump", "", false).group,
            Group::Other
        );
        assert_eq!(
            parse_message("chore(deps): bump", "", false)
                .kind
                .as_deref(),
            Some("chore")
        );
        let plain = parse_message("Update translations: German", "", false);
        assert_eq!((plain.group, plain.kind.as_deref()), (Group::Other, None));
        assert_eq!(parse_message("WIP tidy", "", false).group, Group::Other);
        assert!(parse_message("refactor: x", "\nBREAKING CHANGE: the API moved", false).breaking);
        assert!(!parse_message("feat (x): spaced", "", false).breaking);
    }

    #[test]
    fn references_in_subjects_bodies_and_merges() {
        let m = parse_message("Merge pull request #12 from lumen/x", "", true);
        assert_eq!(
            (m.group, &*m.refs),
            (
                Group::Merges,
                &[Ref {
                    number: 12,
                    pull: true
                }][..]
            )
        );
        let b = parse_message(
            "fix: totals",
            "\nFixes #45\nCloses: #46\nsee issue#7",
            false,
        );
        assert_eq!(
            *b.refs,
            [
                Ref {
                    number: 45,
                    pull: false
                },
                Ref {
                    number: 46,
                    pull: false
                }
            ]
        );
        assert!(find_refs("color #fff and C#").is_empty());
    }
}
