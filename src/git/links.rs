//! Links into the product repository's web pages: commits, issues and pull (merge)
//! requests, tag comparisons and tags, in GitHub's and GitLab's URL shapes.

use super::Ref;

/// Links into the product repository's web pages (GitHub and GitLab shapes).
#[derive(Debug, Clone)]
pub struct Links {
    base: String,
    gitlab: bool,
}

impl Links {
    /// `None` when there is no repository URL.
    pub fn new(repo_url: &str) -> Option<Links> {
        let base = repo_url
            .trim()
            .trim_end_matches('/')
            .trim_end_matches(".git");
        (!base.is_empty()).then(|| Links {
            base: base.to_string(),
            gitlab: base.contains("gitlab"),
        })
    }

    fn sep(&self) -> &'static str {
        if self.gitlab {
            "/-"
        } else {
            ""
        }
    }

    pub fn commit(&self, id: &str) -> String {
        format!("{}{}/commit/{id}", self.base, self.sep())
    }

    pub fn reference(&self, r: Ref) -> String {
        match (r.pull, self.gitlab) {
            (true, false) => format!("{}/pull/{}", self.base, r.number),
            (true, true) => format!("{}/-/merge_requests/{}", self.base, r.number),
            (false, _) => format!("{}{}/issues/{}", self.base, self.sep(), r.number),
        }
    }

    pub fn compare(&self, from: &str, to: &str) -> String {
        format!("{}{}/compare/{from}...{to}", self.base, self.sep())
    }

    pub fn tag(&self, tag: &str) -> String {
        format!("{}{}/tree/{tag}", self.base, self.sep())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_shapes() {
        let gh = Links::new("https://github.com/org/p/").unwrap();
        assert_eq!(
            gh.reference(Ref {
                number: 3,
                pull: true
            }),
            "https://github.com/org/p/pull/3"
        );
        assert_eq!(
            gh.compare("v1", "v2"),
            "https://github.com/org/p/compare/v1...v2"
        );
        let gl = Links::new("https://gitlab.com/org/p.git").unwrap();
        assert_eq!(
            gl.reference(Ref {
                number: 3,
                pull: true
            }),
            "https://gitlab.com/org/p/-/merge_requests/3"
        );
        assert_eq!(gl.commit("abc"), "https://gitlab.com/org/p/-/commit/abc");
        assert!(Links::new("").is_none());
    }
}
