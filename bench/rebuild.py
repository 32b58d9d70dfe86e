"""Incremental rebuild timings for ``make bench``: after a cold build of a benchmark
project, edit one essay and rebuild, then edit one seed and rebuild, as an editor would
(same output directory, cache warm). Each edit is undone afterwards, so the project is
left as it was; with ``runs`` > 1 each is made that many times (a slightly different edit
each time, so each is a change) and the median is reported, since a single rebuild of a
second or two varies by a few tenths between runs. Timing lives here, never in tests.

Two ways, both timed:

- **one-shot** (:func:`time_rebuilds`): ``build.py build`` run again, a fresh process each
  time (it reuses the ingestion and annotation caches, the pages whose inputs or values
  did not change and the quotes of unchanged passages: docs/scale.md);
- **preview** (:func:`time_warm_rebuilds`): the builder process of ``build.py serve``
  (``build.py warm``, :mod:`dossier.build.incremental`), which stays up between builds: the
  time from
  asking it to build to its answer, the pages being written and checked.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

Measure = Callable[[list[str], Path, dict], tuple[float, int]]
ESSAY_EDIT = "\nOne more sentence, added by the benchmark.\n"
SEED_EDIT = "\nOne more paragraph, added by the benchmark to see what a seed edit costs.\n"


def _edit(path: Path, addition: str) -> Callable[[], None]:
    original = path.read_bytes()
    path.write_bytes(original + addition.encode("utf-8"))
    return lambda: path.write_bytes(original)


def _targets(proj: Path) -> tuple[Path, Path]:
    essay = sorted((proj / "content" / "essays").glob("*.md"))[0]
    seed = sorted((proj / "seeds").glob("*_synthetic.txt"))[0]
    return essay, seed


def _numbered(text: str, run: int) -> str:
    """The edit of the ``run``-th repetition: each differs from the last, so each is a change."""
    return text if run == 0 else text.replace(" by the benchmark", f" by the benchmark ({run})")


def _median(out: dict, key: str, times: list[float]) -> None:
    """``out[key]``: the median of ``times``; ``out[key + "_runs"]``: every one of them."""
    out[key], out[f"{key}_runs"] = statistics.median(times), times


def time_rebuilds(proj: Path, build: list[str], env: dict, measure: Measure,
                  runs: int = 1) -> dict:
    """{"warm_s", "essay_s", "seed_s"}: seconds of a rebuild with nothing changed, after
    editing one essay, and after editing one seed (the cache and output of a previous
    build of ``build`` must exist); each the median of ``runs`` (a new edit each time), the
    runs themselves under ``<key>_runs``."""
    essay, seed = _targets(proj)
    out: dict = {"essay": essay.name, "seed": seed.name, "runs": runs}
    _median(out, "warm_s", [measure(build, proj, env)[0] for _ in range(runs)])
    for key, path, text in (("essay", essay, ESSAY_EDIT), ("seed", seed, SEED_EDIT)):
        times, peaks = [], []
        for run in range(runs):
            undo = _edit(path, _numbered(text, run))
            try:
                seconds, rss = measure(build, proj, env)
            finally:
                undo()
            times.append(seconds)
            peaks.append(rss)
        _median(out, f"{key}_s", times)
        out[f"{key}_rss"] = max(peaks)
    print(f"bench: rebuilds: nothing changed {out['warm_s']:.1f} s, one essay "
          f"{out['essay_s']:.1f} s, one seed {out['seed_s']:.1f} s (medians of {runs})",
          file=sys.stderr)
    return out


class _Warm:
    """A ``build.py warm`` process, asked to build."""

    def __init__(self, proj: Path, args: list[str], env: dict) -> None:
        self.proc = subprocess.Popen([sys.executable, "build.py", "warm", *args], cwd=proj,
                                     env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)

    def build(self) -> tuple[float, dict]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        started = time.perf_counter()
        self.proc.stdin.write("build\n")
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline())
        seconds = time.perf_counter() - started
        if not reply["ok"]:
            raise RuntimeError(f"bench: the warm build failed:\n{reply['report']}")
        return seconds, reply

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("quit\n")
        self.proc.stdin.close()
        self.proc.wait(60)


def time_warm_rebuilds(proj: Path, args: list[str], env: dict, runs: int = 1) -> dict:
    """{"first_s", "essay_s", "essay_mode", "seed_s", "seed_mode"}: the preview builder's
    first (full) build, then its rebuild after editing one essay and after editing one
    seed, each the median of ``runs`` (as :func:`time_rebuilds`). ``args``: the builder's
    options (``--output``, ``--no-search``)."""
    essay, seed = _targets(proj)
    out: dict = {"essay": essay.name, "seed": seed.name, "runs": runs}
    warm = _Warm(proj, args, env)
    try:
        out["first_s"], _ = warm.build()
        for key, path, text in (("essay", essay, ESSAY_EDIT), ("seed", seed, SEED_EDIT)):
            times, modes = [], set()
            for run in range(runs):
                undo = _edit(path, _numbered(text, run))
                try:
                    seconds, reply = warm.build()
                finally:
                    undo()
                times.append(seconds)
                modes.add(str(reply.get("mode")))
                warm.build()  # back to the project as it was
            _median(out, f"{key}_s", times)
            out[f"{key}_mode"] = "/".join(sorted(modes))
    finally:
        warm.close()
    print(f"bench: preview rebuilds: first build {out['first_s']:.1f} s, one essay "
          f"{out['essay_s']:.2f} s ({out['essay_mode']}), one seed {out['seed_s']:.1f} s "
          f"({out['seed_mode']}) (medians of {runs})", file=sys.stderr)
    return out
