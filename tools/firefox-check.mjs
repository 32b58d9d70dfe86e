// Open an unpacked offline bundle from file:// in Firefox (Debian's firefox-esr, driven
// by puppeteer-core over WebDriver BiDi; no browser download) and check it:
// pages of every kind load with no console error and no request other than file:/blob:/data:,
// every link on them resolves to a file that exists, and a search returns results.
// Usage: node tools/firefox-check.mjs SITE_DIR [QUERY]   Prints a JSON report; exit 1 on problems.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const puppeteer = require("puppeteer-core");
const site = process.argv[2];
const query = process.argv[3] || "sanctions";
const PER_KIND = 4;

function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...htmlFiles(p));
    else if (name.endsWith(".html")) out.push(p);
  }
  return out;
}
const byKind = new Map();
for (const file of htmlFiles(site)) {
  const rel = relative(site, file).split(sep);
  const kind = rel.length > 1 ? rel[0] : rel[0];
  if (!byKind.has(kind)) byKind.set(kind, []);
  if (byKind.get(kind).length < PER_KIND) byKind.get(kind).push(file);
}
const pages = [...byKind.values()].flat();
const problems = [];
const browser = await puppeteer.launch({
  browser: "firefox", executablePath: process.env.FIREFOX || "/usr/bin/firefox-esr", headless: true,
});
try {
  const page = await browser.newPage();
  let current = "";
  page.on("console", (m) => { if (m.type() === "error") problems.push(`${current}: console error: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`${current}: page error: ${e}`));
  page.on("request", (r) => {
    const u = r.url();
    if (!/^(file|blob|data|about):/.test(u)) problems.push(`${current}: request off the machine: ${u}`);
  });
  for (const file of pages) {
    current = relative(site, file);
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    const links = await page.$$eval("a[href]", (as) => as.map((a) => a.href));
    for (const href of links) {
      if (!href.startsWith("file:")) continue;
      const target = fileURLToPath(href.split("#")[0]);
      if (!existsSync(target) || statSync(target).isDirectory()) {
        problems.push(`${current}: broken link ${href}`);
      }
    }
  }
  current = "search/index.html";
  const url = pathToFileURL(join(site, "search", "index.html")).href + "?q=" + encodeURIComponent(query);
  await page.goto(url, { waitUntil: "load" });
  let results = 0;
  try {
    await page.waitForSelector("#search-results li a", { timeout: 30000 });
    results = await page.$$eval("#search-results li", (els) => els.length);
  } catch (e) {
    problems.push(`search for '${query}' showed no results from file:// (${e.message})`);
  }
  console.log(JSON.stringify({ pages: pages.length, results, problems }, null, 1));
  process.exitCode = problems.length ? 1 : 0;
} finally {
  await browser.close();
}
