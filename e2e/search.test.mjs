// The site search's scorer (assets/relbook.js) on the demo's real index, in Node:
// loads the built site's search files from ../public (run `relbook build` first) the way
// the browser does, and checks what comes first. Run by .ci/run: `node search.test.mjs`.
import { readFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import assert from "node:assert/strict";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const site = process.argv[2] || join(repo, "public");
if (!existsSync(join(site, "search-index.js"))) {
  console.error(`search test: no ${site}/search-index.js; build the site first`);
  process.exit(1);
}

// relbook.js in a context without a page: it only defines the engine.
const noop = () => {};
const window = { addEventListener: noop, matchMedia: () => ({ matches: false, addEventListener: noop }) };
const document = { querySelector: () => null, querySelectorAll: () => [], getElementById: () => null, addEventListener: noop, documentElement: {} };
const context = vm.createContext({ window, document });
vm.runInContext(readFileSync(join(repo, "assets", "relbook.js"), "utf8"), context);
const loaded = [];
const engine = window.RELBOOK_SEARCH_ENGINE((name, done) => {
  const file = join(site, name + ".js");
  const text = readFileSync(file, "utf8");
  loaded.push([name, text.length]);
  vm.runInContext(text, context);
  done(window.RELBOOK_SEARCH_DATA[name]);
});
const search = (q) => new Promise((resolve) => engine.search(q, resolve));
const titles = (hits) => hits.map((h) => `${h[1]}: ${h[2]}`);

let failed = 0;
async function check(name, q, test) {
  const hits = await search(q);
  try {
    test(hits);
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: "${q}" gave\n  ${titles(hits).join("\n  ")}\n  ${e.message}`);
  }
}

await check("a version finds its release first", "2.3", (h) => {
  assert.equal(h[0][0], "releases/2.3.0/");
  assert.ok(titles(h).slice(0, 3).includes("Retrospective: Retrospective 2.3.0"), "its retrospective next");
});
await check("a full version too", "2.3.0", (h) => assert.equal(h[0][0], "releases/2.3.0/"));
await check("a patch version", "2.4.1", (h) => assert.equal(h[0][0], "releases/2.4.1/"));
await check("a version's prefix stops at a dot", "2.0", (h) => assert.equal(h[0][0], "releases/2.0.0/"));
await check("an action item's id", "A-026", (h) => {
  assert.equal(h[0][0], "retrospectives/2.0.0/#action-A-026");
  assert.equal(h[0][1], "Action item");
});
await check("ids are not case sensitive", "a-026", (h) => assert.equal(h[0][0], "retrospectives/2.0.0/#action-A-026"));
await check("a risk's id", "R-009", (h) => assert.equal(h[0][0], "releases/2.0.0/#risk-R-009"));
await check("an issue log entry's id", "I-007", (h) => {
  assert.equal(h[0][0], "releases/2.0.0/#issue-I-007");
  assert.equal(h[0][1], "Issue");
});
await check("a tracker issue finds its release", "LL-52", (h) => assert.equal(h[0][0], "releases/2.0.0/"));
await check("a tracker issue with its #", "#281", (h) => assert.equal(h[0][0], "releases/2.0.0/"));
await check("words still work, as prefixes", "reconcil", (h) => assert.ok(h.length > 0 && h.length <= 10));
await check("all words must match, titles first", "rollback billing", (h) => assert.ok(/rollback/i.test(h[0][2]) && /billing/i.test(h[0][2]), h[0][2]));
await check("an id among words", "2.4.1 approval", (h) => assert.equal(h[0][0], "releases/2.4.1/"));
await check("nothing for nonsense", "zzqxv", (h) => assert.equal(h.length, 0));
await check("every hit is a document", "deploy", (h) => h.forEach((d) => assert.equal(d.length, 4)));

if (failed) {
  console.error(`search test: ${failed} failed`);
  process.exit(1);
}
console.log(`search test: passed (loaded ${loaded.length} files, ${loaded.reduce((a, l) => a + l[1], 0)} bytes)`);
