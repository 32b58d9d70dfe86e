"""Work shared out to forked worker processes, one per core.

A forked worker inherits the parent's memory, so the function it runs (a closure over the
site, the facts, a writer…) is never pickled: only each item and its result cross the pipe.
Used where the state is large and built once (page writing, the link check); where the
inputs are small and independent, :mod:`dossier.ingest.corpus` and
:mod:`dossier.documentary.assemble` use an ordinary process pool.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

# The function the forked workers run; set only in the parent, just before forking.
_JOB: Callable[[Any], Any] | None = None


def available() -> bool:
    """Whether this platform can fork (Linux, macOS; not Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def cores(limit: int = 8) -> int:
    """How many workers: one per core, at most ``limit``; 1 where ``fork`` is missing."""
    return max(1, min(os.cpu_count() or 1, limit)) if available() else 1


def _run(item: Any) -> Any:
    assert _JOB is not None, "only called in a worker forked by fork_map"
    return _JOB(item)


def fork_map(job: Callable[[Any], Any], items: Iterable[Any], count: int) -> Iterator[Any]:
    """``job(item)`` for each item in ``count`` forked workers; results in item order.
    The workers see the parent's state as it is when this is called."""
    global _JOB
    _JOB = job
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            yield from pool.map(_run, items)
    finally:
        _JOB = None
