//! The sites the parity tests generate: a [`Spec`] in JSON, the proptest strategies that
//! make one, and [`write_site`], which writes it with its git repository.
use std::path::Path;

use git2::{Oid, Repository, Signature, Time};
use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use serde_json::{json, Value};

use crate::content::*;

/// A site for [`write_site`], in JSON: `config` (`relbook.toml`), `stakeholders` (the
/// registry), `handbook`, `releases` (front matter and `body`, `retro` and `checklists`
/// as front matter and `body`, and `git`: its tag, see [`repository`]), `orphans` (tags
/// without a note), `forget` (rename the first stakeholder once loaded, so links to it
/// have no page: the `who` macro's other way, which no site that loads takes) and
/// `broken` (an unknown manager: the site must not load). Nulls are left out.
#[derive(Clone, Debug)]
pub(super) struct Spec(pub(super) Value);

const VERSIONS: &[&str] = &["0.1.0", "1.0.0", "2.0.0-rc.1", "2.0.0", "2024.10", "3"];
const ORPHANS: &[&str] = &["0.0.1", "0.9.0", "4.0.0"];
pub(super) const IDS: &[&str] = &["ops", "qa-team", "sec_1", "dev.lead"];
const COMPONENTS: &[&str] = &["api", "a&b", "<ui>", "Ünï 👩‍👩‍👧"];
/// A release's `tag`; `@` is its version.
const TAGS: &[&str] = &["v@", "release-@", "", "custom <tag> & 'x'"];
/// Ends of risk and action item ids.
const SUFFIXES: &[&str] = &["", "&<x>", " \"q\" 'a'"];
#[rustfmt::skip]
pub(super) const MESSAGES: &[&str] = &[
    "feat(api): add <thing> & \"more\" (#12)", "fix: crash when 'empty' #34",
    "fix(ui)!: drop old browsers", "perf: faster #1234567890123", "refactor!: rename all",
    "docs: Ünïcödé 👩‍👩‍👧 guide", "chore(deps): bump", "feat( ): blank scope",
    "Merge pull request #7 from org/branch", "WIP tidy",
    "fix: totals\n\nBREAKING CHANGE: new format\nFixes #99",
];
#[rustfmt::skip]
pub(super) const AUTHORS: &[&str] = &[
    "Ada", "Bob O'Brien", "Zoë & Co", "Ünï 👩‍👩‍👧", "\"Q\" Dev", "Eve", "Fay", "Gus", "Hal", "Ivy",
];
/// Texts of every field: empty, HTML-special, with references, grapheme clusters, and
/// long ones, some around where `truncate` cuts (200 and 300 graphemes).
#[rustfmt::skip]
const TEXTS: &[&str] = &[
    "Plain text.", "", "<b>bold</b> & \"double\" 'single' > x", "Fixes #123, see (#45), #6x",
    "Ünïcödé 👩‍👩‍👧 e\u{301} 🇫🇷", "{{ tera }} {% raw %} &#39;", "  padded  ", "line\nbreak",
];
/// 2026-01-01T00:00:00Z
const T0: i64 = 1_767_225_600;

fn text() -> impl Strategy<Value = String> {
    let mut t: Vec<String> = TEXTS.iter().map(|t| t.to_string()).collect();
    t.push("Ünïcödé 👩‍👩‍👧 \"quotes\" & <tags> ".repeat(20));
    t.extend([200, 201].map(|n| "e\u{301}".repeat(n)));
    t.extend([300, 301].map(|n| "👩‍👩‍👧".repeat(n)));
    select(t)
}

fn day(n: u64) -> String {
    (chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(n)).to_string()
}

fn date() -> impl Strategy<Value = String> {
    (0..90u64).prop_map(day)
}

/// `minutes` after `T0`, in UTC, at +02:00 or as a local time.
fn moment(minutes: i64, zone: u8) -> String {
    let t = chrono::DateTime::from_timestamp(T0 + minutes * 60, 0).unwrap();
    let east = chrono::FixedOffset::east_opt(7200).unwrap();
    match zone {
        0 => t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        1 => t.with_timezone(&east).to_rfc3339(),
        _ => t.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A stakeholder, if the site has a registry.
fn who(reg: bool) -> impl Strategy<Value = Option<&'static str>> {
    let who = vec(select(IDS), 0..=usize::from(reg));
    who.prop_map(|w| w.first().copied())
}

fn whos(reg: bool) -> impl Strategy<Value = Vec<&'static str>> {
    vec(select(IDS), 0..if reg { 3 } else { 1 })
}

fn body() -> impl Strategy<Value = String> {
    let heading = (1..=4usize, text()).prop_map(|(l, t)| format!("{} {t}", "#".repeat(l)));
    let other = "## Id {#a&b'c\"d}|<div class=\"x\">raw & html</div>|`<x>` [a](/?a&b)|- [x] a";
    let other = select(other.split('|').map(String::from).collect::<Vec<_>>());
    let block = prop_oneof![3 => text(), 2 => heading, 1 => other];
    vec(block, 0..5).prop_map(|b| b.join("\n\n"))
}

fn deployment() -> impl Strategy<Value = Value> {
    let step = || of((select(&[0i64, 45, 150, 1500][..]), 0..3u8));
    let head = (select(DeployResult::ALL), of(text()), 0..40i64);
    (head, [step(), step(), step()]).prop_map(|((result, env, day), steps)| {
        let mut t = day * 1440 + 600;
        let mut at = |(after, zone)| {
            t += after;
            moment(t, zone)
        };
        let [s, f, r] = steps.map(|s| s.map(&mut at));
        json!({"result": result, "environment": env, "started": s, "finished": f, "restored": r})
    })
}

fn risk(reg: bool) -> impl Strategy<Value = Value> {
    let level = || select(Level3::ALL);
    let more = (of(text()), who(reg), of(select(RiskStatus::ALL)));
    (select(SUFFIXES), text(), level(), level(), more).prop_map(|(id, title, p, i, m)| {
        json!({"id": id, "title": title, "probability": p, "impact": i, "mitigation": m.0,
            "owner": m.1, "status": m.2})
    })
}

/// A release note's front matter.
fn front(reg: bool) -> impl Strategy<Value = Value> {
    let head = (of(text()), of(date()), of(select(Status::ALL)));
    let window = of((0..60u64, 0..3u64));
    let head = (head, of(select(Kind::ALL)), of(select(TAGS)), window);
    let n = || of(select(&[0u32, 1, 3, 17][..]));
    let defects = (n(), n(), n())
        .prop_map(|(f, e, c)| json!({"found_before_release": f, "escaped": e, "critical": c}));
    let go = (select(Decision::ALL), of(date()), whos(reg), of(text()))
        .prop_map(|g| json!({"decision": g.0, "date": g.1, "approvers": g.2, "conditions": g.3}));
    let people = (who(reg), whos(reg), vec(select(COMPONENTS), 0..3));
    let facts = (of(deployment()), of(defects), of(go), vec(risk(reg), 0..4));
    let all = (head, people, vec(text(), 0..3), facts);
    all.prop_map(|(head, p, issues, f)| {
        let ((title, date, status), kind, tag, window) = head;
        let window = window.map(|(s, n)| json!({"start": day(s), "end": day(s + n)}));
        json!({"title": title, "date": date, "status": status, "kind": kind, "tag": tag,
            "window": window, "manager": p.0, "stakeholders": p.1, "components": p.2,
            "issues": issues, "deployment": f.0, "defects": f.1, "go_no_go": f.2, "risks": f.3})
    })
}

pub(super) fn tasks(done: usize, open: usize) -> String {
    let mark = |i| if i < done { 'x' } else { ' ' };
    let tasks = (0..done + open).map(|i| format!("- [{}] task {i}\n", mark(i)));
    tasks.collect()
}

/// A release note with its retrospective, checklists and tag.
fn release(reg: bool) -> impl Strategy<Value = Value> {
    let action = (select(SUFFIXES), text(), who(reg), of(date()), of(date()));
    let action = (action, of(select(ActionStatus::ALL))).prop_map(|(a, status)| {
        let closed = a.4.filter(|_| status == Some(ActionStatus::Done));
        json!({"id": a.0, "title": a.1, "owner": a.2, "due": a.3, "status": status,
            "closed": closed})
    });
    let retro = (of(date()), who(reg), whos(reg), vec(action, 0..4), body()).prop_map(|r| {
        json!({"date": r.0, "facilitator": r.1, "participants": r.2, "action_items": r.3,
            "body": r.4})
    });
    let signed = (who(reg), who(reg), of(date()));
    let checklist = (of(text()), signed, 0..4usize, 0..3usize, text()).prop_map(|c| {
        json!({"title": c.0, "owner": c.1.0, "signed_off_by": c.1.1, "signed_off_at": c.1.2,
            "body": format!("{}\n{}", tasks(c.2, c.3), c.4)})
    });
    let phases = subsequence(Phase::ALL, 0..=5);
    let checklists = (vec(checklist, 5), phases).prop_map(|(c, p)| keyed(c, "phase", p));
    let parts = (front(reg), body(), of(retro), checklists, of(tag()));
    parts.prop_map(|(front, body, retro, checklists, git)| {
        let more = json!({"body": body, "retro": retro, "checklists": checklists, "git": git});
        merge(front, more)
    })
}

/// A tag (see [`repository`]) of up to 3 commits, or of 9 to 11 by as many authors.
fn tag() -> impl Strategy<Value = Value> {
    let merges = prop::bool::weighted(0.15);
    let commit = (select(MESSAGES), select(AUTHORS), merges);
    let many = vec(commit.clone(), 9..12).prop_map(|mut c| {
        let authors = AUTHORS.iter().cycle();
        c.iter_mut().zip(authors).for_each(|(c, a)| c.1 = a);
        c
    });
    let commits = prop_oneof![4 => vec(commit, 0..4), 1 => many];
    (commits, -1..=1i8, any::<bool>(), 0..3u8).prop_map(|(commits, tagger, alias, rcs)| {
        json!({"commits": commits, "tagger": tagger, "alias": alias, "candidates": rcs})
    })
}

/// `[git]` of `relbook.toml`: the site root is a repository, or git is not read.
pub(super) fn git(on: bool, include_prereleases: bool) -> Value {
    json!({"enabled": on, "repo": ".", "cache": false, "include_prereleases": include_prereleases,
        "tag_pattern": ["v{version}", "release-{version}"]})
}

pub(super) fn site() -> impl Strategy<Value = Spec> {
    (any::<bool>(), prop::bool::weighted(0.4)).prop_flat_map(|(reg, on)| {
        let lang = select(&["en", "de-CH", "x\"<&>'"][..]);
        let base = select(&["/", "/docs/", "https://example.org/p&q/\"x\"/"][..]);
        let repo = "|https://github.com/o/p|https://gitlab.com/g/p.git|https://x.org/?a&b='2'";
        let repo = select(repo.split('|').collect::<Vec<_>>());
        let zone = select(&["UTC", "+02:00", "-09:30"][..]);
        let site = (text(), text(), lang, base, repo, zone);
        let phases = of(subsequence(Phase::ALL, 0..=5));
        let more = (phases, 1..=6u8, [any::<bool>(); 3]);
        let config = (site, more).prop_map(move |(s, (phases, toc, [html, smart, pre]))| {
            json!({"title": s.0, "description": s.1, "language": s.2, "base_url": s.3,
                "repo_url": s.4, "timezone": s.5, "kpi": {"required_phases": phases},
                "markdown": {"toc_depth": toc, "allow_html": html, "smart_punctuation": smart},
                "git": git(on, pre)})
        });
        let people = (text(), subsequence(COMPONENTS, 0..=2));
        let people = vec(people, if reg { 4 } else { 0 }).prop_map(|p| {
            let p = IDS.iter().zip(p);
            let p = p.map(|(id, (name, i))| json!({"id": id, "name": name, "interests": i}));
            p.collect::<Vec<_>>()
        });
        let versions = Just(VERSIONS.to_vec()).prop_shuffle();
        let releases = (vec(release(reg), 1..=4), versions);
        let releases = releases.prop_map(|(r, v)| keyed(r, "version", v));
        let orphans = vec(tag(), 0..if on { 4 } else { 1 });
        let orphans = orphans.prop_map(|o| keyed(o, "version", ORPHANS.to_vec()));
        let flags = (any::<bool>(), any::<bool>(), prop::bool::weighted(0.05));
        let all = (config, people, releases, orphans, flags);
        all.prop_map(|(config, people, releases, orphans, flags)| {
            let s = json!({"config": config, "stakeholders": people, "releases": releases,
                "orphans": orphans, "handbook": flags.0, "forget": flags.1, "broken": flags.2});
            Spec(s)
        })
    })
}

/// `items` with a `key` each, from `values`, as long as there are values.
fn keyed<T: serde::Serialize>(items: Vec<Value>, key: &str, values: Vec<T>) -> Vec<Value> {
    let one = |(x, v)| merge(x, json!({ key: v }));
    items.into_iter().zip(values).map(one).collect()
}

/// `a` with the fields of `b`.
fn merge(mut a: Value, b: Value) -> Value {
    let map = a.as_object_mut().unwrap();
    map.extend(b.as_object().unwrap().clone());
    a
}

/// `v` without nulls: what is not there is left out.
fn prune(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let m = m.into_iter().filter(|(_, x)| !x.is_null());
            Value::Object(m.map(|(k, x)| (k, prune(x))).collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(prune).collect()),
        v => v,
    }
}

/// Writes the site `s` describes into `root`, and its git repository.
pub(super) fn write_site(s: &Value, root: &Path) {
    let file = |rel: String, text: String| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    let page = |rel: String, front: Value| {
        let Value::Object(mut front) = prune(front) else {
            panic!("{rel}: not an object")
        };
        let body = front.remove("body").unwrap_or_default();
        let yaml = serde_yaml::to_string(&front).unwrap();
        let text = format!("---\n{yaml}---\n{}\n", body.as_str().unwrap_or(""));
        file(rel, text);
    };
    let toml = |v: &Value| toml::to_string(&prune(v.clone())).unwrap();
    file("relbook.toml".into(), toml(&s["config"]));
    if s["stakeholders"].as_array().is_some_and(|p| !p.is_empty()) {
        let people = toml(&json!({ "stakeholder": s["stakeholders"] }));
        file("content/stakeholders.toml".into(), people);
    }
    if s["handbook"] == true {
        let intro = "---\ntitle: A\n---\nRead.\n";
        file("content/handbook/01-a.md".into(), intro.into());
    }
    let mut tags: Vec<Value> = s["orphans"].as_array().cloned().unwrap_or_default();
    for (i, r) in s["releases"].as_array().into_iter().flatten().enumerate() {
        let (mut r, v) = (r.clone(), r["version"].as_str().unwrap());
        let o = r.as_object_mut().unwrap();
        let (retro, lists, git) = (o.remove("retro"), o.remove("checklists"), o.remove("git"));
        if let Some(Value::String(t)) = o.get_mut("tag") {
            *t = t.replace('@', v);
        }
        if s["broken"] == true && i == 0 {
            o.insert("manager".into(), json!("nobody"));
        }
        number(&mut r, "risks", &format!("R{i}."));
        page(format!("content/releases/{v}.md"), r);
        if let Some(mut retro) = retro.filter(Value::is_object) {
            number(&mut retro, "action_items", &format!("A{i}."));
            let retro = merge(retro, json!({ "release": v }));
            page(format!("content/retrospectives/{v}.md"), retro);
        }
        for c in lists.iter().filter_map(Value::as_array).flatten() {
            let name = format!("content/checklists/{v}-{}.md", c["phase"].as_str().unwrap());
            page(name, merge(c.clone(), json!({ "release": v })));
        }
        let git = git.filter(Value::is_object);
        tags.extend(git.map(|t| merge(t, json!({ "version": v }))));
    }
    if s["config"]["git"]["enabled"] == true {
        repository(root, tags);
    }
}

/// Prefixes the ids of the objects under `key`, to make them unique in the site.
fn number(front: &mut Value, key: &str, prefix: &str) {
    let items = front.get_mut(key).and_then(Value::as_array_mut);
    for (k, x) in items.into_iter().flatten().enumerate() {
        x["id"] = json!(format!("{prefix}{k}{}", x["id"].as_str().unwrap_or("")));
    }
}

/// A repository at `root`: one line of commits, an hour apart from `T0`, each tag's
/// after the tag of the version before. A tag, in JSON: `v<version>` after its `commits`
/// (message, author, whether it merges a side commit), lightweight (`tagger` 0) or
/// annotated after them (1) or before them (-1); also `release-<version>` if `alias`;
/// and `candidates` pre-release tags `v<version>-beta.N` before the commits.
fn repository(root: &Path, tags: Vec<Value>) {
    let repo = Repository::init(root).unwrap();
    let version = |t: Value| Some((semver::Version::parse(t["version"].as_str()?).ok()?, t));
    let mut tags: Vec<_> = tags.into_iter().filter_map(version).collect();
    tags.sort_by(|a, b| a.0.cmp(&b.0));
    let sig = |who: &str, t| Signature::new(who, "dev@example.org", &Time::new(t, 0)).unwrap();
    let tree = repo.find_tree(repo.treebuilder(None).unwrap().write().unwrap());
    let (tree, mut n) = (tree.unwrap(), 0);
    let mut commit = |msg: &str, who: &str, parents: &[Oid]| {
        n += 1;
        let find = |&p| repo.find_commit(p).unwrap();
        let parents: Vec<_> = parents.iter().map(find).collect();
        let (parents, sig) = (parents.iter().collect::<Vec<_>>(), sig(who, T0 + n * 3600));
        repo.commit(None, &sig, &sig, msg, &tree, &parents).unwrap()
    };
    let mut tip = commit("initial", "Ada", &[]);
    for (v, t) in tags {
        let at = |tip| repo.find_object(tip, None).unwrap();
        for k in 0..t["candidates"].as_u64().unwrap_or(0) {
            let name = format!("v{v}-beta.{k}");
            repo.tag_lightweight(&name, &at(tip), false).unwrap();
        }
        for c in t["commits"].as_array().into_iter().flatten() {
            let (msg, who) = (c[0].as_str().unwrap(), c[1].as_str().unwrap());
            let side = (c[2] == true).then(|| commit("fix: side", who, &[tip]));
            tip = commit(msg, who, &[tip].into_iter().chain(side).collect::<Vec<_>>());
        }
        let after = repo.find_commit(tip).unwrap().time().seconds() + 1800;
        let (name, at) = (format!("v{v}"), at(tip));
        match t["tagger"].as_i64().unwrap_or(0) {
            0 => repo.tag_lightweight(&name, &at, false),
            1 => repo.tag(&name, &at, &sig("Bot", after), "Release", false),
            _ => repo.tag(&name, &at, &sig("Bot", T0 - 86_400), "Release", false),
        }
        .unwrap();
        if t["alias"] == true {
            repo.tag_lightweight(&format!("release-{v}"), &at, false)
                .unwrap();
        }
    }
}
