// Browser test of a built site (`cargo run -- build` first; run by .ci/run): the marks
// relbook.js adds from today's date (overdue action items, late releases), with the
// browser's clock fixed, and the print layout of a release page (facts first, navigation
// hidden, every <details> open while printing). Screenshots and the PDF go to e2e/out/.
import { createServer } from "node:http";
import { readFileSync, existsSync, statSync, mkdirSync, writeFileSync } from "node:fs";
import { join, dirname, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const site = process.env.PUBLIC || join(repo, "public");
const out = join(repo, "e2e", "out");
mkdirSync(out, { recursive: true });
if (!existsSync(join(site, "index.html"))) throw new Error(`no built site in ${site}: run \`cargo run -- build\` first`);

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml" };
const server = createServer((req, res) => {
  let path = join(site, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
  if (!path.startsWith(site) || !existsSync(path)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream", "cache-control": "no-store" });
  res.end(readFileSync(path));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

function step(name) { console.log(`e2e-static: ${name}`); }
function assert(ok, message) { if (!ok) throw new Error(message); }

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

// The page at `path` with the browser's clock at `day` (local noon): each [data-due] and
// [data-window-end] element, its date, and the mark relbook.js put after it (or null).
async function marks(path, day) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.clock.setFixedTime(new Date(`${day}T12:00:00`));
  await page.goto(base + path);
  await page.waitForLoadState("load");
  const found = await page.evaluate(() => [...document.querySelectorAll("[data-due], [data-window-end]")].map((el) => {
    const next = el.nextElementSibling;
    return {
      date: el.getAttribute("data-due") || el.getAttribute("data-window-end"),
      kind: el.hasAttribute("data-due") ? "overdue" : "late",
      mark: next && next.classList.contains("badge") && (next.classList.contains("overdue") || next.classList.contains("late")) ? next.textContent : null,
    };
  }));
  return { page, found };
}

// Overdue and late marks, with the browser's clock fixed.
async function testMarks() {
  for (const path of ["", "plan/", "retrospectives/", "releases/2.7.0/"]) {
    step(`${path || "dashboard"}: nothing is overdue in 2000, everything in 2099`);
    const early = await marks(path, "2000-01-01");
    assert(early.found.length > 0, `${path}: no element carries data-due or data-window-end`);
    assert(early.found.every((f) => f.mark === null), `${path}: marked in 2000: ${JSON.stringify(early.found)}`);
    await early.page.close();
    const late = await marks(path, "2099-01-01");
    assert(late.found.every((f) => f.mark === f.kind), `${path}: unmarked in 2099: ${JSON.stringify(late.found)}`);
    await late.page.close();
  }

  step("retrospectives on 2026-03-12: exactly the open items due before that day are overdue");
  const mid = await marks("retrospectives/", "2026-03-12");
  const wrong = mid.found.filter((f) => (f.date < "2026-03-12") !== (f.mark === "overdue"));
  assert(wrong.length === 0, `wrong marks: ${JSON.stringify(wrong)}`);
  assert(mid.found.some((f) => f.mark) && mid.found.some((f) => !f.mark), `want both: ${JSON.stringify(mid.found)}`);
  assert(mid.found.filter((f) => f.date === "2026-03-12").every((f) => !f.mark), "due today is not overdue");
  await mid.page.screenshot({ path: join(out, "static-1-overdue.png"), fullPage: true });
  await mid.page.close();

  step("dashboard: the late badge is visible next to the next release's window");
  const dash = await marks("", "2099-01-01");
  assert(await dash.page.isVisible("#next-h ~ p .badge.late"), "no visible late badge on the next release");
  await dash.page.screenshot({ path: join(out, "static-2-late.png") });
  await dash.page.close();
}

// The print layout of release 2.0.0.
async function testPrint() {
  step("print: release 2.0.0 — facts first, navigation, search and table of contents hidden");
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + "releases/2.0.0/");
  await page.waitForLoadState("load");
  const closed = await page.evaluate(() => document.querySelectorAll("details:not([open])").length);
  assert(closed > 0, "release 2.0.0 has no collapsed section to test with");
  await page.emulateMedia({ media: "print" });
  const layout = await page.evaluate(() => {
    const shown = (sel) => { const el = document.querySelector(sel); return !!el && getComputedStyle(el).display !== "none"; };
    const top = (sel) => document.querySelector(sel).getBoundingClientRect().top;
    return {
      nav: shown(".site-header nav"), search: shown("form.search"), toc: shown(".toc"),
      versions: shown(".version-bar"), footer: shown(".site-footer"),
      factsFirst: top(".facts") < top(".notes"),
      headings: [...document.querySelectorAll(".notes h2, .notes h3")].every((h) => getComputedStyle(h).breakAfter === "avoid"),
    };
  });
  assert(!layout.nav && !layout.search && !layout.toc && !layout.versions && !layout.footer, `shown in print: ${JSON.stringify(layout)}`);
  assert(layout.factsFirst, "the facts do not come first in print");
  assert(layout.headings, "a heading may end a printed page");
  await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  assert(await page.evaluate(() => document.querySelectorAll("details:not([open])").length) === 0, "collapsed sections stay closed while printing");
  const pdf = await page.pdf({ format: "A4" });
  writeFileSync(join(out, "static-3-release-2.0.0.pdf"), pdf);
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  step(`release 2.0.0 prints as ${pages} A4 pages`);
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  assert(await page.evaluate(() => document.querySelectorAll("details:not([open])").length) === closed, "afterprint does not close them again");
}

const only = process.env.ONLY; // "marks" or "print": run one part
let failed = false;
try {
  if (only !== "print") await testMarks();
  if (only !== "marks") await testPrint();
  console.log("e2e-static: passed");
} catch (e) {
  failed = true;
  console.error(`e2e-static: FAILED: ${e.stack || e}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
