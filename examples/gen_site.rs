//! Generates a deterministic synthetic relbook site for benchmarks (run by hand):
//!
//! ```sh
//! cargo run --release --example gen_site -- N DIR [COMMITS_PER_RELEASE]
//! ```
//!
//! DIR/relbook gets N release notes with 2–4 KB Markdown bodies (headings, lists, a
//! table, a task list, code, links), retrospectives for half of them, three checklists
//! each, 12 stakeholders and risks; DIR/relbook/product.git a repository with
//! COMMITS_PER_RELEASE (default 10) commits and a tag per release. DIR/hugo and DIR/zola
//! get the same bodies (notes, retrospectives, checklists) as a Hugo site and a Zola site
//! with minimal layouts, one page each, and DIR/bodies the bodies alone (for the
//! pulldown-cmark floor): the notes' in DIR/bodies/notes, the others' in
//! DIR/bodies/others.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() as usize % items.len()]
    }
}

const WORDS: &[&str] = &[
    "invoice",
    "ledger",
    "payment",
    "report",
    "export",
    "webhook",
    "reconciliation",
    "tax",
    "currency",
    "customer",
    "portal",
    "reminder",
    "schedule",
    "approval",
    "audit",
    "latency",
    "migration",
    "index",
    "queue",
    "retry",
];
const AREAS: &[&str] = &[
    "billing",
    "payments",
    "api",
    "web-app",
    "reporting",
    "mobile",
    "auth",
    "notifications",
    "integrations",
];
const TEAMS: &[&str] = &[
    "release-management",
    "engineering",
    "qa",
    "operations",
    "security",
    "support",
    "product",
    "sales",
    "finance",
    "compliance",
    "docs",
    "leadership",
];

fn sentence(r: &mut Rng, words: usize) -> String {
    let mut s: Vec<&str> = (0..words).map(|_| r.pick(WORDS)).collect();
    let first = s[0].to_string();
    let cap = first[..1].to_uppercase() + &first[1..];
    s[0] = &cap;
    s.join(" ") + "."
}

fn version(i: usize) -> String {
    format!("{}.{}.{}", 1 + i / 10_000, i / 100 % 100, i % 100)
}

fn body(r: &mut Rng, i: usize) -> String {
    let mut b = String::new();
    let target = 2048 + (r.next() as usize % 2048);
    let _ = write!(b, "{} {}", sentence(r, 14), sentence(r, 10));
    if i > 0 {
        let _ = write!(
            b,
            " It follows [the previous release]({}.md).",
            version(i - 1)
        );
    }
    b.push_str("\n\n## Highlights\n\n");
    for _ in 0..5 {
        let _ = writeln!(
            b,
            "- **{}**: {} (`{}_{}`)",
            r.pick(AREAS),
            sentence(r, 9),
            r.pick(WORDS),
            r.next() % 100
        );
    }
    b.push_str("\n## Fixes\n\n| Issue | Area | Change |\n|---|---|---|\n");
    for _ in 0..4 {
        let _ = writeln!(
            b,
            "| #{} | {} | {} |",
            100 + r.next() % 900,
            r.pick(AREAS),
            sentence(r, 6)
        );
    }
    b.push_str("\n## Rollout\n\n");
    for k in 0..4 {
        let _ = writeln!(
            b,
            "- [{}] {}",
            if k < 3 { "x" } else { " " },
            sentence(r, 6)
        );
    }
    b.push_str(
        "\n## Upgrade notes\n\n```yaml\nbilling:\n  engine: v2\n  rounding: half-even\n```\n\n",
    );
    while b.len() < target {
        let _ = write!(
            b,
            "{} {} {}\n\n",
            sentence(r, 12),
            sentence(r, 15),
            sentence(r, 8)
        );
    }
    b
}

/// Writes a retrospective's or checklist's body as a page of the Hugo and Zola sites and
/// into the floor's bodies.
/// Checklists, which relbook shows on their release's page, get no page of their own
/// there either (Hugo `render: never`, Zola `render = false`): parsed, not written.
fn write_other(
    dir: &Path,
    section: &str,
    name: &str,
    title: &str,
    date: chrono::NaiveDate,
    body: &str,
) {
    let file = format!("{name}.md");
    let page = section != "checklists";
    let hugo_build = if page {
        ""
    } else {
        "_build:\n  render: never\n"
    };
    std::fs::write(
        dir.join("hugo/content").join(section).join(&file),
        format!("---\ntitle: \"{title}\"\ndate: {date}\n{hugo_build}---\n{body}"),
    )
    .unwrap();
    let zola_render = if page { "" } else { "render = false\n" };
    std::fs::write(
        dir.join("zola/content").join(section).join(&file),
        format!("+++\ntitle = \"{title}\"\ndate = {date}\n{zola_render}+++\n{body}"),
    )
    .unwrap();
    std::fs::write(dir.join("bodies/others").join(&file), body).unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).expect("N");
    let dir = Path::new(args.get(2).expect("DIR"));
    let per: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(10);
    let site = dir.join("relbook");
    for d in ["releases", "retrospectives", "checklists"] {
        std::fs::create_dir_all(site.join("content").join(d)).unwrap();
    }
    let hugo = dir.join("hugo");
    for d in ["releases", "retrospectives", "checklists"] {
        std::fs::create_dir_all(hugo.join("content").join(d)).unwrap();
    }
    std::fs::create_dir_all(hugo.join("layouts/_default")).unwrap();
    std::fs::create_dir_all(dir.join("bodies/notes")).unwrap();
    std::fs::create_dir_all(dir.join("bodies/others")).unwrap();
    let zola = dir.join("zola");
    for d in ["releases", "retrospectives", "checklists"] {
        std::fs::create_dir_all(zola.join("content").join(d)).unwrap();
        std::fs::write(
            zola.join("content").join(d).join("_index.md"),
            format!("+++\ntitle = \"{d}\"\nsort_by = \"date\"\n+++\n"),
        )
        .unwrap();
    }
    std::fs::create_dir_all(zola.join("templates")).unwrap();
    // Zola as lean as it goes: no feeds, no search index, no Sass, no highlighting.
    std::fs::write(zola.join("config.toml"), "base_url = \"https://example.org\"\ntitle = \"Synthetic\"\ncompile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\n").unwrap();
    std::fs::write(zola.join("templates/page.html"), "<!DOCTYPE html><html><head><title>{{ page.title }}</title></head><body><main><h1>{{ page.title }}</h1>{{ page.content | safe }}</main></body></html>\n").unwrap();
    let list = "<!DOCTYPE html><html><head><title>{{ section.title }}</title></head><body><ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul></body></html>\n";
    std::fs::write(zola.join("templates/section.html"), list).unwrap();
    std::fs::write(zola.join("templates/index.html"), list).unwrap();
    std::fs::write(site.join("relbook.toml"), "title = \"Synthetic\"\nbase_url = \"https://example.org/\"\n[git]\nrepo = \"product.git\"\n").unwrap();
    let mut st = String::new();
    for t in TEAMS {
        let _ = write!(st, "[[stakeholder]]\nid = \"{t}\"\nname = \"{t}\"\ngroup = \"Teams\"\ninterests = [\"{}\"]\n\n", AREAS[t.len() % AREAS.len()]);
    }
    std::fs::write(site.join("content/stakeholders.toml"), st).unwrap();
    std::fs::write(hugo.join("config.toml"), "baseURL = \"https://example.org/\"\ntitle = \"Synthetic\"\n# The synthetic dates run decades ahead: build every page, as relbook does.\nbuildFuture = true\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n").unwrap();
    std::fs::write(hugo.join("layouts/_default/single.html"), "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n").unwrap();
    std::fs::write(hugo.join("layouts/_default/list.html"), "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n").unwrap();

    let mut r = Rng(42);
    let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 3).unwrap();
    for i in 0..n {
        let v = version(i);
        let date = start + chrono::TimeDelta::days(i as i64 * 3);
        let b = body(&mut r, i);
        let result = match r.next() % 12 {
            0 => "failed",
            1 => "rolled-back",
            _ => "success",
        };
        let restored = if result == "success" {
            String::new()
        } else {
            format!("\n  restored: \"{date}T12:00:00Z\"")
        };
        let stakeholders = format!("[{}, {}]", r.pick(TEAMS), r.pick(TEAMS));
        let risk = if i % 3 == 0 {
            format!("risks:\n  - id: R-{i}\n    title: \"{}\"\n    probability: medium\n    impact: {}\n    owner: operations\n    status: {}\n", sentence(&mut r, 6), if i % 9 == 0 { "high" } else { "low" }, if i % 2 == 0 { "open" } else { "mitigated" })
        } else {
            String::new()
        };
        let note = format!(
            "---\nversion: {v}\ntitle: \"{}\"\ndate: {date}\nstatus: {}\nwindow: {{ start: {date}, end: {date} }}\nmanager: release-management\nstakeholders: {stakeholders}\ncomponents: [{}]\ndeployment:\n  result: {result}\n  started: \"{date}T08:00:00Z\"\n  finished: \"{date}T09:00:00Z\"{restored}\ndefects: {{ found_before_release: {}, escaped: {} }}\ngo_no_go: {{ decision: go, date: {date} }}\n{risk}---\n{b}",
            sentence(&mut r, 4).trim_end_matches('.'),
            if result == "rolled-back" { "rolled-back" } else { "released" },
            r.pick(AREAS),
            5 + r.next() % 30,
            r.next() % 5,
        );
        std::fs::write(site.join("content/releases").join(format!("{v}.md")), note).unwrap();
        std::fs::write(
            hugo.join("content/releases").join(format!("{v}.md")),
            format!("---\ntitle: \"Release {v}\"\ndate: {date}\n---\n{b}"),
        )
        .unwrap();
        std::fs::write(
            zola.join("content/releases").join(format!("{v}.md")),
            format!("+++\ntitle = \"Release {v}\"\ndate = {date}\n+++\n{b}"),
        )
        .unwrap();
        std::fs::write(dir.join("bodies/notes").join(format!("{v}.md")), &b).unwrap();
        if i % 2 == 0 {
            let title = sentence(&mut r, 6);
            let rb = format!(
                "## What went well\n\n{}\n\n## Lessons\n\n{}\n",
                sentence(&mut r, 30),
                sentence(&mut r, 25)
            );
            let retro = format!("---\nrelease: {v}\ndate: {date}\nfacilitator: release-management\naction_items:\n  - id: A-{i}\n    title: \"{title}\"\n    owner: qa\n    due: {date}\n    status: done\n    closed: {date}\n---\n{rb}");
            std::fs::write(
                site.join("content/retrospectives").join(format!("{v}.md")),
                retro,
            )
            .unwrap();
            write_other(
                dir,
                "retrospectives",
                &format!("{v}.retro"),
                &format!("Retrospective {v}"),
                date,
                &rb,
            );
        }
        for phase in ["planning", "testing", "deployment"] {
            let done = if r.next() % 10 == 0 { " " } else { "x" };
            let cb = format!(
                "- [x] {}\n- [x] {}\n- [{done}] {}\n",
                sentence(&mut r, 5),
                sentence(&mut r, 5),
                sentence(&mut r, 5)
            );
            std::fs::write(
                site.join("content/checklists")
                    .join(format!("{v}-{phase}.md")),
                format!("---\nrelease: {v}\nphase: {phase}\n---\n{cb}"),
            )
            .unwrap();
            write_other(
                dir,
                "checklists",
                &format!("{v}-{phase}"),
                &format!("Checklist {v} {phase}"),
                date,
                &cb,
            );
        }
    }

    // The product history: PER commits per release, a tag each (every 4th annotated).
    let git = site.join("product.git");
    assert!(Command::new("git")
        .args(["init", "-q", "--bare"])
        .arg(&git)
        .status()
        .unwrap()
        .success());
    let mut child = Command::new("git")
        .arg("--git-dir")
        .arg(&git)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufWriter::new(child.stdin.take().unwrap());
    let t0 = start.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
    let mut mark = 0usize;
    for i in 0..n {
        for k in 0..per {
            mark += 1;
            let t = t0 + (i as i64 * 3 - 2) * 86_400 + k as i64 * 3_600;
            let msg = format!(
                "{}({}): {} #{mark}\n",
                ["feat", "fix", "perf", "docs", "refactor", "chore"][mark % 6],
                r.pick(AREAS),
                sentence(&mut r, 5)
            );
            let from = if mark > 1 {
                format!("from :{}\n", mark - 1)
            } else {
                String::new()
            };
            let _ = write!(out, "commit refs/heads/main\nmark :{mark}\nauthor {} team <t@example.org> {t} +0000\ncommitter Dev <d@example.org> {t} +0000\ndata {}\n{msg}{from}M 644 inline f{}.txt\ndata {}\n{mark}\n\n", r.pick(AREAS), msg.len(), mark % 50, mark.to_string().len() + 1);
        }
        let t = t0 + i as i64 * 3 * 86_400 + 9 * 3_600;
        if i % 4 == 0 {
            let m = format!("Release {}\n", version(i));
            let _ = write!(out, "tag v{}\nfrom :{mark}\ntagger Release Bot <b@example.org> {t} +0000\ndata {}\n{m}\n", version(i), m.len());
        } else {
            let _ = write!(out, "reset refs/tags/v{}\nfrom :{mark}\n\n", version(i));
        }
    }
    out.flush().unwrap();
    drop(out);
    assert!(child.wait().unwrap().success());
    assert!(Command::new("git")
        .arg("--git-dir")
        .arg(&git)
        .args(["symbolic-ref", "HEAD", "refs/heads/main"])
        .status()
        .unwrap()
        .success());
    eprintln!(
        "generated {n} releases ({} commits) in {}",
        n * per,
        dir.display()
    );
}
