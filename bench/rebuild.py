"""Incremental rebuild timings for ``make bench``: after a cold build of a benchmark
project, edit one essay and rebuild, then edit one seed and rebuild, as an editor would
(same output directory, cache warm). Each edit is undone afterwards, so the project is
left as it was. Timing lives here, never in tests."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

Measure = Callable[[list[str], Path, dict], tuple[float, int]]


def _edit(path: Path, addition: str) -> Callable[[], None]:
    original = path.read_bytes()
    path.write_bytes(original + addition.encode("utf-8"))
    return lambda: path.write_bytes(original)


def time_rebuilds(proj: Path, build: list[str], env: dict, measure: Measure) -> dict:
    """{"warm_s", "essay_s", "seed_s"}: seconds of a rebuild with nothing changed, after
    editing one essay, and after editing one seed (the cache and output of a previous
    build of ``build`` must exist)."""
    essay = sorted((proj / "content" / "essays").glob("*.md"))[0]
    seed = sorted((proj / "seeds").glob("*_synthetic.txt"))[0]
    out: dict = {"essay": essay.name, "seed": seed.name}
    out["warm_s"], _ = measure(build, proj, env)
    undo = _edit(essay, "\nOne more sentence, added by the benchmark.\n")
    try:
        out["essay_s"], out["essay_rss"] = measure(build, proj, env)
    finally:
        undo()
    undo = _edit(seed, "\nOne more paragraph, added by the benchmark to see what a seed "
                       "edit costs.\n")
    try:
        out["seed_s"], out["seed_rss"] = measure(build, proj, env)
    finally:
        undo()
    print(f"bench: rebuilds: nothing changed {out['warm_s']:.1f} s, one essay "
          f"{out['essay_s']:.1f} s, one seed {out['seed_s']:.1f} s", file=sys.stderr)
    return out
