// The site search in headless Chromium, on the built demo (run by .ci/run after
// `relbook build`): serves ../public (or the folder given), types queries into the search
// box and checks the results, and what the page loaded for them (only the index's
// manifest and the shards the query needs). Screenshots go to e2e/out/.
import { createServer } from "node:http";
import { readFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { join, dirname, extname, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const site = process.argv[2] || join(repo, "public");
const out = join(repo, "e2e", "out");
mkdirSync(out, { recursive: true });
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml" };
const server = createServer((req, res) => {
  let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
  let file = join(site, path);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!existsSync(file)) { res.writeHead(404); return res.end("not found"); }
  res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const loaded = [];
  page.on("request", (r) => { if (/search/.test(r.url())) loaded.push(r.url().slice(url.length)); });
  await page.goto(`${url}releases/2.6.1/`);
  if (loaded.length) throw new Error(`the index loaded before the search box was used: ${loaded}`);

  async function query(q) {
    await page.fill("#search-box", "");
    await page.click("#search-box");
    await page.keyboard.type(q);
    await page.waitForFunction((q) => {
      const first = document.querySelector("#search-results li");
      return first && !document.querySelector("#search-results").hidden && document.querySelector("#search-box").value === q;
    }, q, { timeout: 10000 });
    await page.waitForTimeout(300); // the last keystroke's results
    return page.$$eval("#search-results li a", (as) => as.map((a) => [a.getAttribute("href"), a.querySelector(".hit-type").textContent, a.querySelector(".hit-title").textContent]));
  }
  const expect = (what, ok, hits) => {
    if (!ok) throw new Error(`${what}:\n  ${hits.map((h) => h.join(" | ")).join("\n  ")}`);
    console.log(`search e2e: ${what}`);
  };

  let hits = await query("2.3");
  expect("\"2.3\" lists release 2.3.0 first", hits[0]?.[0] === "../../releases/2.3.0/", hits);
  await page.screenshot({ path: join(out, "search-1-version.png") });
  expect("only the manifest and the shards it needs loaded", loaded.includes("search-index.js") && loaded.every((f) => f === "search-index.js" || /^search\/[td]\d+\.js$/.test(f)), [loaded]);

  hits = await query("A-026");
  expect("\"A-026\" finds the action item", hits[0]?.[0] === "../../retrospectives/2.0.0/#action-A-026" && hits[0][1] === "Action item", hits);
  await page.screenshot({ path: join(out, "search-2-action.png") });

  hits = await query("I-007");
  expect("\"I-007\" finds the logged issue", hits[0]?.[0] === "../../releases/2.0.0/#issue-I-007", hits);

  hits = await query("zzqxv");
  const none = await page.textContent("#search-results li");
  expect("no results says so", hits.length === 0 && /No results/.test(none), hits);

  hits = await query("rollback");
  expect("words find documents", hits.length > 0, hits);
  await page.keyboard.press("ArrowDown");
  const target = await page.evaluate(() => document.activeElement.getAttribute("href"));
  await Promise.all([page.waitForURL((u) => u.href.includes(target.replace(/^(\.\.\/)+/, "")), { timeout: 10000 }), page.keyboard.press("Enter")]);
  console.log(`search e2e: followed to ${page.url()}`);
  console.log("search e2e: passed");
} catch (e) {
  failed = true;
  console.error(`search e2e: FAILED: ${e.message}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
