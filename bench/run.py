"""``make bench``: Dossier against stock Pelican and Hugo on the same synthetic corpora.

For each N (default 500, 1000, 5000) it generates a deterministic corpus
(bench/corpus.py), then times cold builds, each the median of ``--runs`` runs:

- **dossier**: ``build.py build --no-search`` in a throw-away project copy (the figure
  comparable to the peers, which build no search index), and the search index alone (the
  site built with search, indexed again by itself: Pagefind, the file:// copy, the search
  pages);
- **pelican**: the same N documents as plain Markdown articles, default theme;
- **hugo**: the same N documents as Markdown pages, a minimal layout (Debian's hugo).

It reports wall time, peak memory (max RSS of the build process tree), ms per
document, output size and search index size, the ratios pair by pair, and writes
``bench/results.md`` and ``bench/results.json``. Timing lives here, never in tests.

Right after the build with search, the **search budget** is measured on that real site
(``bench/search.py``'s ``measure_site``: Debian's chromium driven by Playwright, from file://
and hosted under /repo/): the bytes and time of the first query, the time of each later query
and of the first one asked again, the longest main-thread task, each against the issue's
budget. Without chromium or Playwright it says so, and the build tables are still written.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import search as search_bench  # noqa: E402
from bench.corpus import generate  # noqa: E402
from bench.rebuild import time_rebuilds, time_warm_rebuilds  # noqa: E402

# Queries that suit the synthetic corpus (recombined sentences of the seeds, which hold no
# Urdu): a common word first, then common words, a phrase, the start of the most common word
# (found on nearly every page), and two typos that should get a "did you mean".
FIRST_QUERY = "sanctions"
LATER_QUERIES = ["taliban", "economic corridor", '"foreign policy"', "pakis", "sanctoins",
                 "talibn"]


# The search index of a built site (``sys.argv[1]``) alone, as ``build.py build`` makes it
# (``dossier.publish.search.build_search``: Pagefind, the file:// copy, the search pages).
INDEX_ONLY = ("import sys; from pathlib import Path; from dossier.build import pelican; "
              "from dossier.publish import search; s = pelican.site_settings(Path('.'), ''); "
              "search.build_search(Path(sys.argv[1]), pelican.site_templates(s), "
              "pelican.template_context(s))")


def measure(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Run ``cmd`` in a fresh child; return (seconds, peak RSS in bytes of its tree)."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "rc = subprocess.run(sys.argv[1:]).returncode\n"
        "dt = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(f'BENCH {dt} {rss}', file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed:\n{proc.stdout[-2000:]}"
                         f"\n{proc.stderr[-2000:]}")
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("BENCH ")][-1]
    _, secs, rss = line.split()
    return float(secs), int(rss) * 1024


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def dossier_project(work: Path, n: int) -> Path:
    proj = work / f"dossier-{n}"
    proj.mkdir()
    generate(proj, n)
    # The project's own seeds come along, so the curated content (events, curation,
    # essays) that cites them still resolves: the synthetic documents are added to them.
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(seed, proj / "seeds" / seed.name)
    shutil.copy(ROOT / "seeds" / "boilerplate.list", proj / "seeds" / "boilerplate.list")
    catalogue = proj / "seeds" / "catalogue.toml"
    catalogue.write_text(catalogue.read_text("utf-8") + "\n"
                         + (ROOT / "seeds" / "catalogue.toml").read_text("utf-8"), "utf-8")
    for name in ("build.py", "pelicanconf.py"):
        shutil.copy(ROOT / name, proj / name)
    for name in ("dossier", "theme"):
        # Copies, not symlinks: the CLI finds its project from its own resolved location.
        shutil.copytree(ROOT / name, proj / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "content", proj / "content", dirs_exist_ok=True)
    # Pagefind as `make` installed it (dossier.publish.search finds it beside dossier/).
    (proj / "vendor").symlink_to(ROOT / "vendor", target_is_directory=True)
    return proj


def pelican_project(work: Path, dossier: Path, n: int) -> Path:
    proj = work / f"pelican-{n}"
    content = proj / "content"
    content.mkdir(parents=True)
    for i, seed in enumerate(sorted((dossier / "seeds").glob("*.txt"))):
        text = seed.read_text(encoding="utf-8")
        title, _, body = text.partition("\n")
        content.joinpath(f"{seed.stem}.md").write_text(
            f"Title: {title.strip() or seed.stem}\nDate: 2020-01-{1 + i % 28:02d}\n"
            f"Slug: {seed.stem}\n\n{body}", encoding="utf-8")
    (proj / "pelicanconf.py").write_text(
        "AUTHOR = 'bench'\nSITENAME = 'bench'\nSITEURL = ''\nPATH = 'content'\n"
        "TIMEZONE = 'UTC'\nDEFAULT_LANG = 'en'\nFEED_ALL_ATOM = None\n"
        "CATEGORY_FEED_ATOM = None\nDEFAULT_PAGINATION = 10\nRELATIVE_URLS = True\n",
        encoding="utf-8")
    return proj


def hugo_project(work: Path, dossier: Path, n: int) -> Path:
    proj = work / f"hugo-{n}"
    posts = proj / "content" / "posts"
    posts.mkdir(parents=True)
    for i, seed in enumerate(sorted((dossier / "seeds").glob("*.txt"))):
        text = seed.read_text(encoding="utf-8")
        title, _, body = text.partition("\n")
        safe = (title.strip() or seed.stem).replace('"', "'")
        posts.joinpath(f"{seed.stem}.md").write_text(
            f'---\ntitle: "{safe}"\ndate: 2020-01-{1 + i % 28:02d}\n---\n{body}',
            encoding="utf-8")
    layouts = proj / "layouts" / "_default"
    layouts.mkdir(parents=True)
    base = ("<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}"
            "</title></head><body>{{ block \"main\" . }}{{ end }}</body></html>")
    (layouts / "baseof.html").write_text(base, encoding="utf-8")
    (layouts / "single.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}', encoding="utf-8")
    (layouts / "list.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="'
        '{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}', encoding="utf-8")
    (proj / "config.toml").write_text(
        'baseURL = "/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term", "RSS", '
        '"sitemap", "robotsTXT"]\n', encoding="utf-8")
    return proj


def median_run(runs: int, cmd: list[str], cwd: Path, out: Path, env=None,
               clean: tuple[Path, ...] = ()) -> dict:
    """Median of ``runs`` builds, each from cold: ``out`` and the ``clean`` directories
    (a build's cache) are removed first."""
    times, mems = [], []
    for _ in range(runs):
        for path in (out, *clean):
            shutil.rmtree(path, ignore_errors=True)
        secs, rss = measure(cmd, cwd, env)
        times.append(secs)
        mems.append(rss)
    return {"seconds": statistics.median(times), "peak_rss": max(mems), "runs": times,
            "output_bytes": du(out) if out.exists() else 0}


def search_budget(site: Path, rounds: int) -> dict:
    """The search budget on a built site; a failure is reported, never fatal to the bench."""
    from dossier.publish.search import SEARCH_PAGE

    if not (site / SEARCH_PAGE).is_file():
        return {"skipped": f"the build wrote no {SEARCH_PAGE}"}
    try:
        return search_bench.measure_site(site, SEARCH_PAGE, first_query=FIRST_QUERY,
                                         repeat_queries=LATER_QUERIES, rounds=rounds)
    except Exception as exc:  # noqa: BLE001 - a timing failure must not lose the build tables
        return {"error": f"{type(exc).__name__}: {exc}"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,1000,5000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--large-runs", type=int, default=1,
                    help="runs of the Dossier build at N >= 5000 (each takes minutes)")
    ap.add_argument("--out", default=str(ROOT / "bench"))
    ap.add_argument("--edit-runs", type=int, default=3,
                    help="times each rebuild after an edit is timed (the median is reported)")
    ap.add_argument("--search-rounds", type=int, default=3,
                    help="fresh browser contexts per search measurement (0: none)")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    hugo = shutil.which("hugo")
    if hugo is None:
        print("bench: no hugo on PATH: the Hugo rows and ratios are left out (make bench "
              "installs Debian's hugo)", file=sys.stderr, flush=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "CI": "true"}
    env.pop("SITEURL", None)
    # Timed as a user's machine runs it: Python keeps its compiled bytecode between runs. A
    # shell that sets PYTHONDONTWRITEBYTECODE (this sandbox's does) would have every timed
    # build compile the project's modules from source again (about 0.3 s at each build).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    help_text = subprocess.run([sys.executable, "build.py", "build", "--help"], cwd=ROOT,
                               capture_output=True, text=True, check=False).stdout
    no_search = ["--no-search"] if "--no-search" in help_text else []
    # The offline zip is not part of a build the peers make: never timed.
    no_bundle = ["--no-bundle"] if "--no-bundle" in help_text else []
    results = []
    with tempfile.TemporaryDirectory(prefix="dossier-bench-") as tmp:
        work = Path(tmp)
        for n in sizes:
            print(f"bench: N={n}: generating corpora", file=sys.stderr, flush=True)
            dproj = dossier_project(work, n)
            pproj = pelican_project(work, dproj, n)
            hproj = hugo_project(work, dproj, n) if hugo else None
            row: dict = {"n": n}
            print(f"bench: N={n}: dossier", file=sys.stderr, flush=True)
            build = [sys.executable, "build.py", "build", "--output", "out", *no_search,
                     *no_bundle]
            cache = (dproj / "cache",)
            row["dossier"] = median_run(args.large_runs if n >= 5000 else args.runs, build,
                                        dproj, dproj / "out", env, clean=cache)
            if no_search:
                row["dossier_with_search"] = median_run(
                    1, [sys.executable, "build.py", "build", "--output", "out", *no_bundle], dproj,
                    dproj / "out", env, clean=cache)
                pf = dproj / "out" / "pagefind"
                row["search_index_bytes"] = du(pf) if pf.exists() else 0
                if args.search_rounds > 0:
                    print(f"bench: N={n}: search budget", file=sys.stderr, flush=True)
                    row["search_budget"] = search_budget(dproj / "out", args.search_rounds)
                # The index alone, timed on its own (not the difference of two cold builds,
                # which carries the noise of both): the built site indexed again.
                print(f"bench: N={n}: search index", file=sys.stderr, flush=True)
                secs, rss = measure([sys.executable, "-c", INDEX_ONLY, "out"], dproj, env)
                row["search_seconds"], row["search_peak_rss"] = secs, rss
            print(f"bench: N={n}: pelican", file=sys.stderr, flush=True)
            row["pelican"] = median_run(
                args.runs, [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py",
                            "-o", "out", "-q"], pproj, pproj / "out", env)
            if hproj is not None:
                print(f"bench: N={n}: hugo", file=sys.stderr, flush=True)
                row["hugo"] = median_run(args.runs, [hugo, "--quiet", "-d", "out"], hproj,
                                         hproj / "out", env)
            if n >= 1000 or n == max(sizes):  # the rebuild targets are at 1,000 and 5,000
                print(f"bench: N={n}: rebuilds", file=sys.stderr, flush=True)
                measure(build, dproj, env)  # the site as the timed rebuilds start from it
                row["rebuild"] = time_rebuilds(dproj, build, env, measure, args.edit_runs)
                print(f"bench: N={n}: preview rebuilds", file=sys.stderr, flush=True)
                row["preview"] = time_warm_rebuilds(
                    dproj, ["--output", "out-preview", *no_search], env, args.edit_runs)
            row["ms_per_doc"] = 1000 * row["dossier"]["seconds"] / n
            results.append(row)
    report = render(results, args.runs, bool(hugo), args.large_runs)
    out = Path(args.out)
    (out / "results.md").write_text(report, encoding="utf-8")
    (out / "results.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n",
                                      encoding="utf-8")
    print(report)
    return 0


def render(results: list[dict], runs: int, hugo: bool, large_runs: int | None = None) -> str:
    mb = 1024 * 1024
    large = "" if large_runs is None else (
        f"; Dossier at N ≥ 5,000: {'median of ' if large_runs > 1 else ''}{large_runs} "
        f"run{'s' * (large_runs != 1)}")
    lines = [f"# Benchmark (median of {runs} cold runs{large}; "
             f"{os.cpu_count()}-core machine)", "",
             "Dossier builds with `--no-search --no-bundle` (the peers build no search index); "
             "its cache is removed before each cold run. Peak MB: the largest process.", "",
             "| N | tool | wall s | peak MB | ms/doc | output MB |", "|---|---|---|---|---|---|"]
    for r in results:
        for tool in ("dossier", "pelican", "hugo"):
            if tool not in r:
                continue
            t = r[tool]
            lines.append(f"| {r['n']} | {tool} | {t['seconds']:.2f} | {t['peak_rss'] / mb:.0f} | "
                         f"{1000 * t['seconds'] / r['n']:.2f} | {t['output_bytes'] / mb:.1f} |")
        if "search_seconds" in r:
            peak = f"{r['search_peak_rss'] / mb:.0f}" if "search_peak_rss" in r else ""
            lines.append(f"| {r['n']} | dossier search index | {r['search_seconds']:.2f} | "
                         f"{peak} | | {r['search_index_bytes'] / mb:.1f} |")
    lines += ["", "| N | dossier / pelican | dossier / hugo |", "|---|---|---|"]
    for r in results:
        d = r["dossier"]["seconds"]
        h = f"{d / r['hugo']['seconds']:.2f}" if "hugo" in r else "n/a"
        lines.append(f"| {r['n']} | {d / r['pelican']['seconds']:.2f} | {h} |")
    if len(results) > 1:
        first, last = results[0], results[-1]
        lines += ["", f"Cost per document at N={last['n']} vs N={first['n']}: "
                  f"{last['ms_per_doc'] / first['ms_per_doc']:.2f}x"]
    if not hugo:
        lines += ["", "Hugo was not found (apt-get install hugo); its column is missing."]
    lines += render_targets(results)
    for r in results:
        if "rebuild" in r:
            rb = r["rebuild"]
            lines += ["", f"Rebuilds at N={r['n']} (one-shot `build.py build`, cache warm, same "
                      "output; targets: nothing changed ≤ 1.5 × Hugo, one essay ≤ 2 s, one seed "
                      f"≤ 5 s; {_of_runs(rb)}):", "",
                      "| change | seconds | runs |", "|---|---|---|",
                      f"| nothing | {rb['warm_s']:.1f} | {_runs(rb, 'warm_s')} |",
                      f"| one essay ({rb['essay']}) | {rb['essay_s']:.1f} | "
                      f"{_runs(rb, 'essay_s')} |",
                      f"| one seed ({rb['seed']}) | {rb['seed_s']:.1f} | "
                      f"{_runs(rb, 'seed_s')} |"]
        if "preview" in r:
            pv = r["preview"]
            lines += ["", f"Preview rebuilds at N={r['n']} (`build.py serve`'s builder process, "
                      "which stays up between builds; from asking it to build to its answer, "
                      "pages written and checked; the search index, refreshed after, is not "
                      f"counted; {_of_runs(pv)}):", "",
                      "| change | seconds | how | runs |", "|---|---|---|---|",
                      f"| first build | {pv['first_s']:.1f} | full | |",
                      f"| one essay ({pv['essay']}) | {pv['essay_s']:.2f} | "
                      f"{pv['essay_mode']} | {_runs(pv, 'essay_s')} |",
                      f"| one seed ({pv['seed']}) | {pv['seed_s']:.1f} | {pv['seed_mode']} | "
                      f"{_runs(pv, 'seed_s')} |"]
    lines += render_search_budget(results)
    return "\n".join(lines) + "\n"


def _of_runs(timed: dict) -> str:
    runs = timed.get("runs", 1)
    return "one run each" if runs == 1 else f"each the median of {runs} runs, a new edit each"


def _runs(timed: dict, key: str) -> str:
    """Every run of a rebuild timing, for its row ("" for one run)."""
    times = timed.get(f"{key}_runs", [])
    return ", ".join(f"{t:.2f}" for t in times) if len(times) > 1 else ""


def _later_median(r: dict) -> float | None:
    """The median of the later queries' times, over both modes (None: not measured)."""
    s = r.get("search_budget", {})
    times = [q["ms"] for mode, _ in MODES if mode in s for q in s[mode]["repeat_queries"]]
    return statistics.median(times) if times else None


def render_targets(results: list[dict]) -> list[str]:
    """Issue 15's targets at each N, each reached (✓) or not (✗)."""
    first = results[0]
    rows = []
    for r in results:
        n, d, p = r["n"], r["dossier"], r["pelican"]
        ratio = d["seconds"] / p["seconds"]
        rows.append((f"N={n}: cold full build ≤ 1.0 × Pelican", f"{ratio:.2f} ×", ratio <= 1.0))
        size = d["output_bytes"] / p["output_bytes"]
        rows.append((f"N={n}: output bytes ≤ 3 × Pelican", f"{size:.1f} ×", size <= 3))
        if "rebuild" in r:
            rb = r["rebuild"]
            if "hugo" in r:
                ratio = rb["warm_s"] / r["hugo"]["seconds"]
                rows.append((f"N={n}: nothing changed ≤ 1.5 × Hugo's full build",
                             f"{ratio:.2f} × ({rb['warm_s']:.2f} s)", ratio <= 1.5))
            rows.append((f"N={n}: one essay edited ≤ 2 s (one-shot `build.py build`)",
                         f"{rb['essay_s']:.2f} s", rb["essay_s"] <= 2))
            rows.append((f"N={n}: one seed edited ≤ 5 s (one-shot `build.py build`)",
                         f"{rb['seed_s']:.2f} s", rb["seed_s"] <= 5))
        if "preview" in r:
            pv = r["preview"]
            rows.append((f"N={n}: one essay edited ≤ 1 s (preview)", f"{pv['essay_s']:.2f} s",
                         pv["essay_s"] <= 1))
            rows.append((f"N={n}: one seed edited ≤ 3 s (preview)", f"{pv['seed_s']:.2f} s",
                         pv["seed_s"] <= 3))
        with_search = max(r.get("dossier_with_search", {}).get("peak_rss", 0),
                          r.get("search_peak_rss", 0))
        if with_search:
            gb = with_search / 1024 ** 3
            rows.append((f"N={n}: peak memory < 2 GB, search index included", f"{gb:.2f} GB",
                         gb < 2))
        later = _later_median(r)
        if later is not None:
            rows.append((f"N={n}: later search queries ≤ 300 ms (median)", f"{later:.0f} ms",
                         later <= 300))
        if r is not first:
            growth = r["ms_per_doc"] / first["ms_per_doc"]
            rows.append((f"N={n}: ms per document ≤ 1.2 × N={first['n']}", f"{growth:.2f} ×",
                         growth <= 1.2))
    return (["", "Targets (issue 15):", "", "| target | measured | |", "|---|---|---|"]
            + [f"| {t} | {m} | {_mark(ok)} |" for t, m, ok in rows])


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


MODES = (("file", "file://"), ("http", "hosted /repo/"))


def render_search_budget(results: list[dict]) -> list[str]:
    """The "Search budget" tables: one row per N and mode, then each later query's time."""
    rows = [r for r in results if "search_budget" in r]
    if not rows:
        return []
    b = search_bench.BUDGET
    lines = ["", "## Search budget", "",
             f"Chromium on the built site; median of the rounds. Budget: the first query "
             f"downloads ≤ {b['first_query_bytes'] // (1024 * 1024)} MB and shows results in "
             f"≤ {b['first_query_ms']} ms; every later query (new, or the first asked again) "
             f"≤ {b['later_query_ms']} ms; no main-thread task > {b['longest_task_ms']} ms.", ""]
    measured = [r for r in rows if "file" in r["search_budget"]]
    if measured:
        lines += ["| N | index MB (+ file:// copy) | from | first query KB | first query ms "
                  "| slowest later query ms | same query again ms | longest task ms |",
                  "|---|---|---|---|---|---|---|---|"]
        for r in measured:
            s = r["search_budget"]
            for mode, label in MODES:
                m, ok = s[mode], s[mode]["checks"]
                slow = max(m["repeat_queries"], key=lambda q: q["ms"])
                lines.append(
                    f"| {r['n']} | {s['index_bytes'] / 1024 / 1024:.1f} "
                    f"(+ {s['offline_bytes'] / 1024 / 1024:.1f}) | {label} | "
                    f"{m['first_query_bytes'] / 1024:.0f} {_mark(ok['first_query_bytes'])} | "
                    f"{m['first_query_ms']:.0f} {_mark(ok['first_query_ms'])} | "
                    f"{slow['ms']:.0f} ({slow['query']}) "
                    f"{_mark(all(ok['later_queries'].values()))} | "
                    f"{m['repeat_same_query_ms']:.0f} {_mark(ok['repeat_same_query_ms'])} | "
                    f"{m['longest_task_ms']:.0f} {_mark(ok['longest_task_ms'])} |")
        queries = [q["query"] for q in measured[0]["search_budget"]["file"]["repeat_queries"]]
        first = measured[0]["search_budget"]["file"]["first_query"]
        lines += ["", f"Each later query, ms, in this order after “{first}” "
                  "(→ the “did you mean” it showed):", "",
                  "| N | from | " + " | ".join(f"`{q}`" for q in queries) + " |",
                  "|---|---|" + "---|" * len(queries)]
        for r in measured:
            for mode, label in MODES:
                m = r["search_budget"][mode]
                cells = []
                for q in m["repeat_queries"]:
                    cell = f"{q['ms']:.0f} {_mark(m['checks']['later_queries'][q['query']])}"
                    if q["suggestion"]:
                        cell += f" → {q['suggestion']}"
                    cells.append(cell)
                lines.append(f"| {r['n']} | {label} | " + " | ".join(cells) + " |")
        errors = {e for r in measured for mode, _ in MODES
                  for e in r["search_budget"][mode]["errors"]}
        if errors:
            lines += ["", "Browser errors: " + "; ".join(sorted(errors))]
    for r in rows:
        s = r["search_budget"]
        if "skipped" in s:
            lines += ["", f"N={r['n']}: search budget not measured: {s['skipped']}."]
        elif "error" in s:
            lines += ["", f"N={r['n']}: search budget measurement failed: {s['error']}."]
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
