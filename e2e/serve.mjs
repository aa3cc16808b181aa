// End-to-end test of `relbook serve` in headless Chromium (run by .ci/run).
//
// Copies the demo site to a temporary folder, serves it, then: loads a release page,
// edits its note and waits for the reload with the new text; breaks the front matter
// and waits for the error overlay (file and line); fixes it and waits for recovery;
// searches and follows a result. Screenshots go to e2e/out/.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const binary = join(repo, "target", "release", "relbook");
const out = join(repo, "e2e", "out");
mkdirSync(out, { recursive: true });

const site = mkdtempSync(join(tmpdir(), "relbook-e2e-"));
for (const part of ["content", "demo", "relbook.toml"]) cpSync(join(repo, part), join(site, part), { recursive: true });
const note = join(site, "content", "releases", "2.6.1.md");
const original = readFileSync(note, "utf8");

function step(name) { console.log(`e2e: ${name}`); }

const server = spawn(binary, ["serve", "--root", site, "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
let log = "";
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`serve did not start:\n${log}`)), 60000);
  server.stderr.on("data", (d) => {
    log += d;
    const m = log.match(/ on (http:\/\/127\.0\.0\.1:\d+\/)/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  server.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${log}`)));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  step(`load ${url}releases/2.6.1/`);
  await page.goto(`${url}releases/2.6.1/`);
  await page.waitForSelector("h1");
  if (!(await page.textContent("h1")).includes("2.6.1")) throw new Error("release page did not load");

  step("edit the note; the page reloads with the new text");
  const edited = original.replace(/^title: .*$/m, 'title: "Edited while serving"');
  writeFileSync(note, edited);
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("Edited while serving"), null, { timeout: 20000 });
  await page.screenshot({ path: join(out, "1-reloaded.png") });

  step("break the front matter; the overlay names the file and line");
  writeFileSync(note, edited.replace(/^date: .*$/m, "date: 2026-02-31"));
  await page.waitForSelector("#relbook-error", { timeout: 20000 });
  const overlay = await page.textContent("#relbook-error");
  if (!/content\/releases\/2\.6\.1\.md:\d+:\d+: error: invalid date/.test(overlay)) throw new Error(`overlay: ${overlay}`);
  await page.screenshot({ path: join(out, "2-overlay.png") });

  step("fix it; the overlay goes and the page recovers");
  writeFileSync(note, original);
  await page.waitForFunction(() => !document.querySelector("#relbook-error") && document.querySelector("h1")?.textContent.includes("Dunning"), null, { timeout: 20000 });
  await page.screenshot({ path: join(out, "3-recovered.png") });

  step("search and follow a result");
  await page.click("#search-box");
  await page.keyboard.type("rollback");
  await page.waitForSelector("#search-results li a", { timeout: 10000 });
  const first = await page.textContent("#search-results li a");
  await page.screenshot({ path: join(out, "4-search.png") });
  if (!/Release|Retrospective|Risk|Handbook|Action item|Issue/.test(first)) throw new Error(`result without a type: ${first}`);
  await page.keyboard.press("ArrowDown");
  const target = await page.evaluate(() => document.activeElement.getAttribute("href"));
  await Promise.all([page.waitForURL((u) => u.href.includes(target.replace(/^(\.\.\/)+/, "")), { timeout: 10000 }), page.keyboard.press("Enter")]);
  step(`followed to ${page.url()}`);
  await page.screenshot({ path: join(out, "5-result.png") });
  console.log("e2e: passed");
} catch (e) {
  failed = true;
  console.error(`e2e: FAILED: ${e.message}\n--- relbook serve output ---\n${log}`);
} finally {
  await browser.close();
  server.kill();
  rmSync(site, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
