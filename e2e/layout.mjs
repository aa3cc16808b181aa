// Layout test of every demo page in headless Chromium (run by .ci/run).
//
// Builds the demo with the release binary (`RELBOOK_BIN`, default ../target/release/relbook)
// into a temporary folder, serves it with a tiny static server, and visits every HTML
// page at 390 px (a phone) and 1366 px (a laptop). A page fails when:
//   - it scrolls sideways (`scrollWidth > innerWidth`): the widest culprits are named;
//   - a date (2025-12-11) or an id is split across two lines;
//   - at 1366 px, the header's search box sits on a row of its own;
//   - a handbook module's list of modules is unfolded at 390 px or hidden at 1366 px;
//   - a quiz question's legend breaks its fieldset's border (the legend must sit inside);
//   - it asks for a file the site does not have (a 404 in the console, e.g. a favicon).
// Prints every failure and exits 1 if there is any. Screenshots of a few key pages go to
// e2e/out/ unless NO_SHOTS=1. `ONLY=releases/2.0.0` visits only pages whose path holds it.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, extname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const binary = resolve(process.env.RELBOOK_BIN || join(repo, "target", "release", "relbook"));
const out = join(repo, "e2e", "out");
const shots = process.env.NO_SHOTS !== "1";
const only = process.env.ONLY || "";
const widths = [390, 1366];
const site = mkdtempSync(join(tmpdir(), "relbook-layout-"));
const shotPages = ["", "releases/2.0.0/", "kpis/", "handbook/deployment-planning/", "stakeholders/"];

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml",
  ".json": "application/json", ".xml": "application/xml", ".png": "image/png", ".ics": "text/calendar", ".csv": "text/csv" };
const server = createServer((req, res) => {
  let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (path.endsWith("/")) path += "index.html";
  const file = join(site, path);
  try {
    if (!file.startsWith(site + sep)) throw new Error("outside");
    const body = readFileSync(file);
    res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}/`;

const built = spawnSync(binary, ["build", "--root", repo, "--output", site, "--base-url", base], { encoding: "utf8" });
if (built.status !== 0) {
  console.error(`layout: ${binary} build failed (${built.status ?? built.error}):\n${built.stderr}`);
  server.close();
  process.exit(1);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".html") ? [p] : [];
  });
}
const pages = walk(site)
  .map((p) => relative(site, p).split(sep).join("/").replace(/(^|\/)index\.html$/, "$1"))
  .filter((p) => p.includes(only))
  .sort();

// Runs in the page: what is wrong with its layout.
function inspect(width) {
  const problems = [];
  const vw = window.innerWidth;
  const doc = document.documentElement;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + (el.classList.length ? `.${[...el.classList].join(".")}` : "");
  if (doc.scrollWidth > vw) {
    // The outermost elements that stick out: their parent still fits.
    const culprits = [...document.body.querySelectorAll("*")].filter((el) => {
      const r = el.getBoundingClientRect();
      const p = el.parentElement && el.parentElement.getBoundingClientRect();
      return r.width > 0 && r.right > vw + 1 && p && p.right <= vw + 1;
    });
    const list = culprits.slice(0, 4).map((el) => `${name(el)} (${Math.round(el.getBoundingClientRect().right)} px)`);
    problems.push(`overflow: ${doc.scrollWidth} px wide in ${vw}; ${list.join(", ") || "no single culprit"}`);
  }
  // Dates and ids must stay on one line.
  const split = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const pattern = /\b(\d{4}-\d{2}-\d{2}|[A-Z]+-\d+)\b/g;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(pattern)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top);
      if (tops.length > 1 && Math.max(...tops) - Math.min(...tops) > 2) split.add(m[0]);
    }
  }
  if (split.size) problems.push(`split across lines: ${[...split].slice(0, 8).join(", ")}${split.size > 8 ? ", …" : ""}`);
  // At laptop width the header is one row: brand, sections and search.
  const search = document.querySelector("form.search");
  const brand = document.querySelector(".brand");
  if (width >= 1366 && search && brand && !search.hidden) {
    const s = search.getBoundingClientRect(), b = brand.getBoundingClientRect();
    if (s.top >= b.bottom) problems.push("header: the search box wraps onto its own row");
  }
  // The handbook's module list folds on phones and shows beside the module on wide screens.
  const modules = document.querySelector(".book .sidebar ol");
  if (modules && modules.checkVisibility() !== width > 960) {
    problems.push(`sidebar: the module list is ${width > 960 ? "hidden" : "unfolded above the module"}`);
  }
  // A legend drawn on the border breaks it once it takes two lines: it must sit inside.
  for (const legend of document.querySelectorAll("fieldset > legend")) {
    const f = legend.parentElement.getBoundingClientRect(), l = legend.getBoundingClientRect();
    if (l.height > 0 && l.top <= f.top + 0.5) {
      problems.push(`fieldset: the legend "${legend.textContent.trim().slice(0, 40)}" sits on the border`);
      break;
    }
  }
  return problems;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
});
if (shots) mkdirSync(out, { recursive: true });
const failures = [];
const icons = new Map();
const started = Date.now();
try {
  for (const width of widths) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    // Two tabs share the work; each visits every other page.
    const lanes = [0, 1].map(async (lane) => {
      const page = await context.newPage();
      let missing = [];
      page.on("response", (r) => { if (r.status() >= 400) missing.push(`${r.status()} ${r.url().replace(base, "/")}`); });
      page.on("pageerror", (e) => missing.push(`script error: ${e.message}`));
      for (let i = lane; i < pages.length; i += 2) {
        const path = pages[i];
        missing = [];
        await page.goto(base + path, { waitUntil: "load" });
        const problems = await page.evaluate(inspect, width);
        for (const m of missing) problems.push(`console: ${m}`);
        // Headless Chromium does not ask for /favicon.ico by itself: ask for the linked icon.
        const icon = await page.evaluate(() => document.querySelector('link[rel~="icon"]')?.href);
        if (!icon) problems.push("console: no favicon linked (a browser asks /favicon.ico: 404)");
        else if (!icons.has(icon)) icons.set(icon, await page.request.get(icon).then((r) => r.status(), (e) => e.message.split("\n")[0]));
        if (icon && icons.get(icon) !== 200) problems.push(`console: ${icons.get(icon)} ${icon.replace(base, "/")}`);
        for (const p of problems) failures.push(`${width}px /${path}: ${p}`);
        if (shots && shotPages.includes(path)) {
          const file = `layout-${width}-${path.replace(/\/$/, "").replace(/\//g, "_") || "index"}.png`;
          await page.screenshot({ path: join(out, file), fullPage: true });
        }
      }
      await page.close();
    });
    await Promise.all(lanes);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
  rmSync(site, { recursive: true, force: true });
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
const count = (re) => new Set(failures.filter((f) => re.test(f)).map((f) => f.split(":")[0])).size;
console.log(`layout: ${pages.length} pages at ${widths.join(" and ")} px in ${seconds} s`);
console.log(`layout: overflowing ${count(/: overflow:/)}, split dates/ids ${count(/: split across/)}, ` +
  `header ${count(/: header:/)}, sidebar ${count(/: sidebar:/)}, fieldset ${count(/: fieldset:/)}, console ${count(/: console:/)} (page × width)`);
for (const f of failures) console.log(`  ${f}`);
console.log(failures.length ? "layout: FAILED" : "layout: passed");
process.exit(failures.length ? 1 : 0);
