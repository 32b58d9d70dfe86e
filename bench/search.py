"""Search benchmark: index ~5,000 synthetic pages, then time queries in Chromium.

    .venv/bin/python bench/search.py [--pages 5000] [--rounds 3] [--keep DIR]

Pages are shaped like the fixture of tests/search_fixture.py (marked for Pagefind), with
passages recombined from the seed corpus' sentences, and a few Urdu passages. Reports the
index size, and from file:// (and hosted under /repo/, for comparison): the bytes loaded by
the first query, the time to its results, the time of each later query (new ones, then the
first one again) and the longest main-thread task, each the median of --rounds fresh browser
contexts, with a ✓/✗ against the search budget. Numbers are printed, never asserted.
Deterministic pages for a given --pages.

``measure_site()`` is shared with ``bench/run.py``, which times the same way on the real
Dossier site it builds for each corpus size.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
URDU = ["پاکستان اور امریکہ کے تعلقات میں تجارت کی اہمیت",
        "اسلام آباد میں وزیر خارجہ نے پابندیوں پر بات کی"]
KINDS = (("documents", "Document"), ("themes", "Theme"), ("entities", "Entity"))
FIRST_QUERY = "sanctions"
REPEAT_QUERIES = ["taliban", "economic corridor", '"foreign policy"', "pakis", "پاکستان",
                  "sanctoins"]

# The budget ("Publishing"): what a reader of the 5,000-document site may wait for.
BUDGET = {
    "first_query_bytes": 2 * 1024 * 1024,  # downloaded by the first query
    "first_query_ms": 1000,  # to the first query's results
    "later_query_ms": 100,  # to the results of every later query, new or asked again
    "longest_task_ms": 200,  # the page never freezes longer while searching
}

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
  const suggestion = document.querySelector('#search-suggestion a');
  return {ms: performance.now() - t0, status: status.textContent,
          suggestion: suggestion ? suggestion.textContent : '',
          results: document.querySelectorAll('#search-results .result-passages a').length};
}"""


def make_pages(output: Path, count: int) -> None:
    from bench.corpus import seed_sentences
    from tests.publish import search_fixture

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


def measure(browser, url: str, site: Path, base: str, first_query: str = FIRST_QUERY,
            repeat_queries: list[str] | None = None) -> dict[str, object]:
    """One fresh browser context: the first query, each later query, the first query again."""
    repeat_queries = REPEAT_QUERIES if repeat_queries is None else repeat_queries
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(LONG_TASKS_JS)
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        before = len(requests)
        page.focus("#search-input")  # as a person would: focusing starts loading Pagefind
        first = page.evaluate(TIMED_QUERY_JS, first_query)
        first_requests = requests[before:]
        repeats = []
        for q in repeat_queries:
            r = page.evaluate(TIMED_QUERY_JS, q)
            repeats.append({"query": q, "ms": round(r["ms"], 1), "passages": r["results"],
                            "suggestion": r["suggestion"]})
        repeat_same = page.evaluate(TIMED_QUERY_JS, first_query)
        long_tasks = page.evaluate("() => window.__longTasks")
    finally:
        context.close()
    hosts = {urlsplit(u).hostname for u in requests if urlsplit(u).scheme in ("http", "https")}
    return {
        "first_query": first_query,
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


def combine(runs: list[dict]) -> dict[str, object]:
    """Rounds of ``measure()`` as one: the median of each timing, the rest from the first
    round (bytes and results do not change between rounds), the rounds kept alongside."""
    def med(values: list[float]) -> float:
        return round(statistics.median(values), 1)

    out = dict(runs[0])
    for key in ("first_query_ms", "repeat_same_query_ms"):
        out[key] = med([r[key] for r in runs])
    out["longest_task_ms"] = max(r["longest_task_ms"] for r in runs)
    out["repeat_queries"] = [
        {**q, "ms": med([r["repeat_queries"][i]["ms"] for r in runs])}
        for i, q in enumerate(runs[0]["repeat_queries"])]
    out["errors"] = sorted({e for r in runs for e in r["errors"]})
    out["rounds"] = len(runs)
    out["round_ms"] = [{"first": r["first_query_ms"],
                        "later": [q["ms"] for q in r["repeat_queries"]],
                        "same": r["repeat_same_query_ms"]} for r in runs]
    return out


def checks(m: dict) -> dict[str, object]:
    """✓/✗ of one measurement (file:// or hosted) against BUDGET."""
    later = {q["query"]: q["ms"] <= BUDGET["later_query_ms"] for q in m["repeat_queries"]}
    return {
        "first_query_bytes": m["first_query_bytes"] <= BUDGET["first_query_bytes"],
        "first_query_ms": m["first_query_ms"] <= BUDGET["first_query_ms"],
        "later_queries": later,
        "repeat_same_query_ms": m["repeat_same_query_ms"] <= BUDGET["later_query_ms"],
        "longest_task_ms": m["longest_task_ms"] <= BUDGET["longest_task_ms"],
    }


def unavailable() -> str | None:
    """Why Chromium cannot be driven here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"playwright is not installed ({exc})"
    if shutil.which("chromium") is None:
        return "Debian's chromium is not on PATH (apt-get install chromium)"
    return None


def measure_site(site: Path, page: str = "search/index.html", *,
                 first_query: str = FIRST_QUERY, repeat_queries: list[str] | None = None,
                 rounds: int = 3) -> dict[str, object]:
    """Time the search page ``page`` of the built ``site`` from file:// and hosted under
    /repo/, ``rounds`` fresh contexts each. ``{"skipped": why}`` without a browser."""
    why = unavailable()
    if why:
        return {"skipped": why}
    from playwright.sync_api import sync_playwright

    from tests.browser.sitehttp import serve_under_prefix

    site = site.resolve()
    bundle = site / "pagefind"
    offline = bundle / "offline"
    report: dict[str, object] = {
        "page": page, "rounds": rounds, "budget": BUDGET,
        "index_bytes": sum(p.stat().st_size for p in bundle.rglob("*")
                           if p.is_file() and offline not in p.parents),
        "offline_bytes": dir_bytes(offline) if offline.is_dir() else 0,
    }
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), headless=True,
                                     args=CHROMIUM_ARGS)
        try:
            file_url = (site / page).as_uri()
            report["file"] = combine([measure(browser, file_url, site, "file://", first_query,
                                              repeat_queries) for _ in range(rounds)])
            with serve_under_prefix(site) as base:
                report["http"] = combine([measure(browser, base + page, site, base,
                                                  first_query, repeat_queries)
                                          for _ in range(rounds)])
        finally:
            browser.close()
    for mode in ("file", "http"):
        report[mode]["checks"] = checks(report[mode])
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3,
                        help="fresh browser contexts per mode; timings are their medians")
    parser.add_argument("--keep", type=Path, help="build here and keep it")
    args = parser.parse_args()
    from dossier.publish import search
    from tests.publish import search_fixture

    with tempfile.TemporaryDirectory() as tmp:
        site = (args.keep or Path(tmp) / "site").resolve()
        search_fixture.make_site(site)
        make_pages(site, args.pages)
        t0 = time.perf_counter()
        stats = search_fixture.build_search(site)
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
        report.update(measure_site(site, search.SEARCH_PAGE, rounds=args.rounds))
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
