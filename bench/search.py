"""Search benchmark: index ~5,000 synthetic pages, then time queries in Chromium.

    .venv/bin/python bench/search.py [--pages 5000] [--keep DIR]

Pages are shaped like the fixture of tests/search_fixture.py (marked for Pagefind), with
passages recombined from the seed corpus' sentences, and a few Urdu passages. Reports the
index size, and from file:// (and hosted under /repo/, for comparison): the bytes loaded by
the first query, the time to its results, repeat-query times and the longest main-thread
task. Numbers are printed, never asserted. Deterministic pages for a given --pages.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import seed_sentences  # noqa: E402
from dossier import search  # noqa: E402
from tests import search_fixture  # noqa: E402
from tests.browser.sitehttp import serve_under_prefix  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
URDU = ["پاکستان اور امریکہ کے تعلقات میں تجارت کی اہمیت",
        "اسلام آباد میں وزیر خارجہ نے پابندیوں پر بات کی"]
KINDS = (("documents", "Document"), ("themes", "Theme"), ("entities", "Entity"))
FIRST_QUERY = "sanctions"
REPEAT_QUERIES = ["taliban", "economic corridor", '"foreign policy"', "pakis", "پاکستان",
                  "sanctoins"]

LONG_TASKS_JS = """
window.__longTasks = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) window.__longTasks.push(e.duration);
}).observe({type: 'longtask', buffered: true});
"""
TIMED_QUERY_JS = """async (q) => {
  const status = document.getElementById('search-status');
  const input = document.getElementById('search-input');
  const t0 = performance.now();
  input.value = q;
  document.getElementById('search-form').requestSubmit();
  await new Promise(resolve => {
    const done = () => status.getAttribute('data-query') === q;
    if (done()) return resolve();
    new MutationObserver((_, obs) => { if (done()) { obs.disconnect(); resolve(); } })
      .observe(status, {attributes: true});
  });
  await new Promise(r => requestAnimationFrame(() => r()));
  return {ms: performance.now() - t0, status: status.textContent,
          results: document.querySelectorAll('#search-results .result-passages a').length};
}"""


def make_pages(output: Path, count: int) -> None:
    rng = random.Random(20240601)
    sentences = seed_sentences()
    for i in range(count):
        section, kind = KINDS[0] if i % 10 < 8 else KINDS[1 + i % 2]
        save_as = f"{section}/page-{i:05d}/index.html"
        passages = []
        for n in range(rng.randint(3, 8)):
            text = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3)))
            if rng.random() < 0.01:
                text = rng.choice(URDU)
            passages.append((f"p-{i:05d}{n}", text, ""))
        title = " ".join(rng.choice(sentences).split()[:6])
        target = output / save_as
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(search_fixture.page_html(save_as, kind, title, passages), "utf-8")


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def local_size(url: str, site: Path, base: str) -> int:
    if url.startswith("file://"):
        path = Path(unquote(urlsplit(url).path))
    elif url.startswith(base):
        path = site / unquote(urlsplit(url).path)[len(urlsplit(base).path):]
    else:
        return 0
    return path.stat().st_size if path.is_file() else 0


def measure(browser, url: str, site: Path, base: str) -> dict[str, object]:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(LONG_TASKS_JS)
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("load")
    before = len(requests)
    page.focus("#search-input")  # as a person would: focusing starts loading Pagefind
    first = page.evaluate(TIMED_QUERY_JS, FIRST_QUERY)
    first_requests = requests[before:]
    repeats = []
    for q in REPEAT_QUERIES:
        r = page.evaluate(TIMED_QUERY_JS, q)
        repeats.append({"query": q, "ms": round(r["ms"], 1), "passages": r["results"]})
    repeat_same = page.evaluate(TIMED_QUERY_JS, FIRST_QUERY)
    long_tasks = page.evaluate("() => window.__longTasks")
    context.close()
    hosts = {urlsplit(u).hostname for u in requests if urlsplit(u).scheme in ("http", "https")}
    return {
        "first_query_ms": round(first["ms"], 1),
        "first_query_status": first["status"],
        "first_query_requests": len(first_requests),
        "first_query_bytes": sum(local_size(u, site, base) for u in first_requests),
        "page_load_bytes": sum(local_size(u, site, base) for u in requests[:before]),
        "repeat_queries": repeats,
        "repeat_same_query_ms": round(repeat_same["ms"], 1),
        "longest_task_ms": round(max(long_tasks, default=0), 1),
        "long_tasks_over_50ms": len(long_tasks),
        "hosts": sorted(h for h in hosts if h),
        "errors": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="build here and keep it")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = (args.keep or Path(tmp) / "site").resolve()
        search_fixture.make_site(site)
        make_pages(site, args.pages)
        t0 = time.perf_counter()
        stats = search.build_search(site, context={"SITENAME": "Dossier"})
        build_s = time.perf_counter() - t0
        bundle = site / "pagefind"
        report: dict[str, object] = {
            "pages": stats.pages,
            "build_search_s": round(build_s, 2),
            "pagefind_bytes": stats.index_bytes,
            "pagefind_files": stats.index_files,
            "offline_bytes": stats.offline_bytes,
            "offline_files": stats.offline_files,
            "fragment_bytes": dir_bytes(bundle / "fragment"),
            "index_chunk_bytes": dir_bytes(bundle / "index"),
            "meta_bytes": sum(p.stat().st_size for p in bundle.glob("*.pf_meta")),
            "terms_js_bytes": (site / "search" / "terms.js").stat().st_size,
            "a_z_html_bytes": (site / "search" / "a-z.html").stat().st_size,
        }
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                         args=CHROMIUM_ARGS)
            try:
                file_url = (site / "search" / "index.html").as_uri()
                report["file"] = measure(browser, file_url, site, "file://")
                with serve_under_prefix(site) as base:
                    report["http"] = measure(browser, base + "search/index.html", site, base)
            finally:
                browser.close()
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
