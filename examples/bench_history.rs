//! Benchmark of the git history step (run by hand, not in the test suite):
//!
//! ```sh
//! cargo run --release --example bench_history -- [COMMITS] [TAGS] [DIR]
//! ```
//!
//! Creates (once) a synthetic repository of COMMITS commits (default 100,000) with TAGS
//! release tags (default 500; every 4th annotated, a merge every 40 commits) using
//! `git fast-import`, then reads its release history three times and reports the
//! fastest wall time and the peak resident memory of this process.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let commits: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let tags: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(500);
    let dir = args
        .get(3)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join(format!("relbook-bench-{commits}-{tags}")));
    if !dir.join("HEAD").exists() {
        let t = Instant::now();
        generate(&dir, commits, tags);
        eprintln!(
            "generated {} in {:.1}s",
            dir.display(),
            t.elapsed().as_secs_f64()
        );
    }
    let repo = relbook::git::open(&dir).expect("open repository");
    let patterns = ["v{version}"];
    let opts = relbook::git::Options {
        patterns: &patterns,
        include_prereleases: false,
        skip: &[],
        cache: false,
    };
    let mut best = f64::MAX;
    let mut walked = 0;
    let mut releases = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let h = relbook::git::read(&repo, &opts).expect("read history");
        best = best.min(t.elapsed().as_secs_f64());
        walked = h.releases.iter().map(|r| r.commits.len()).sum::<usize>() + h.unreleased.len();
        releases = h.releases.len();
    }
    let peak_kb = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<u64>()
                    .unwrap_or(0)
            })
        })
        .unwrap_or(0);
    println!("history: {commits} commits, {tags} tags -> {releases} releases, {walked} commits read; best of 3: {best:.3} s; peak RSS {:.1} MB", peak_kb as f64 / 1024.0);
}

/// A fast-import stream: a main line with a merge every 40 commits, a tag every
/// COMMITS/TAGS commits.
fn generate(dir: &PathBuf, commits: usize, tags: usize) {
    std::fs::create_dir_all(dir).expect("create dir");
    let ok = Command::new("git")
        .args(["init", "-q", "--bare"])
        .arg(dir)
        .status()
        .expect("git init")
        .success();
    assert!(ok, "git init failed");
    let mut child = Command::new("git")
        .arg("--git-dir")
        .arg(dir)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    let mut out = std::io::BufWriter::new(child.stdin.take().expect("stdin"));
    let every = (commits / tags.max(1)).max(1);
    let t0: u64 = 1_600_000_000;
    let subjects = [
        "feat(api): add endpoint",
        "fix(billing): rounding",
        "perf: cache totals",
        "docs: guide",
        "refactor: split module",
        "chore(deps): bump",
        "Update translations",
    ];
    let mut version = (1u64, 0u64, 0u64);
    let mut tagged = 0;
    for n in 1..=commits {
        let t = t0 + n as u64 * 600;
        let msg = format!("{} #{n}\n", subjects[n % subjects.len()]);
        // Side branch commit, merged into main by the next commit.
        if n % 40 == 0 {
            write!(out, "commit refs/heads/side\nmark :{}\nauthor Side Team <side@example.org> {t} +0000\ncommitter Side Team <side@example.org> {t} +0000\ndata {}\n{msg}from :{}\nM 644 inline side.txt\ndata {}\n{n}\n\n", commits + n, msg.len(), n - 1, n.to_string().len() + 1).unwrap();
            let m = format!("Merge pull request #{n} from org/side\n");
            write!(out, "commit refs/heads/main\nmark :{n}\nauthor Dev Team <dev@example.org> {t} +0000\ncommitter Dev Team <dev@example.org> {t} +0000\ndata {}\n{m}from :{}\nmerge :{}\nM 644 inline f{}.txt\ndata {}\n{n}\n\n", m.len(), n - 1, commits + n, n % 50, n.to_string().len() + 1).unwrap();
        } else {
            let from = if n > 1 {
                format!("from :{}\n", n - 1)
            } else {
                String::new()
            };
            write!(out, "commit refs/heads/main\nmark :{n}\nauthor Team {} <t{}@example.org> {t} +0000\ncommitter Dev Team <dev@example.org> {t} +0000\ndata {}\n{msg}{from}M 644 inline f{}.txt\ndata {}\n{n}\n\n", n % 13, n % 13, msg.len(), n % 50, n.to_string().len() + 1).unwrap();
        }
        if n % every == 0 && tagged < tags {
            tagged += 1;
            version = if tagged % 20 == 0 {
                (version.0 + 1, 0, 0)
            } else if tagged % 4 == 0 {
                (version.0, version.1 + 1, 0)
            } else {
                (version.0, version.1, version.2 + 1)
            };
            let name = format!("v{}.{}.{}", version.0, version.1, version.2);
            if tagged % 4 == 0 {
                let m = format!("Release {name}\n");
                write!(out, "tag {name}\nfrom :{n}\ntagger Release Bot <bot@example.org> {} +0000\ndata {}\n{m}\n", t + 60, m.len()).unwrap();
            } else {
                write!(out, "reset refs/tags/{name}\nfrom :{n}\n\n").unwrap();
            }
        }
    }
    out.flush().unwrap();
    drop(out);
    assert!(
        child.wait().expect("fast-import").success(),
        "fast-import failed"
    );
    let ok = Command::new("git")
        .arg("--git-dir")
        .arg(dir)
        .args(["symbolic-ref", "HEAD", "refs/heads/main"])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}
