"""Work shared out to forked worker processes, one per core.

A forked worker inherits the parent's memory, so the function it runs (a closure over the
site, the facts, a writer…) is never pickled: only each item and its result cross the pipe.
Used where the state is large and built once (page writing, the link check); where the
inputs are small and independent, :mod:`dossier.ingest.corpus` and
:mod:`dossier.documentary.assemble` use an ordinary process pool. :class:`Background` runs
one job beside the process that started it (the check that the output is as the last build
left it, while an essays-only build gets going: :mod:`dossier.build.site`).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
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


class Background:
    """``job()`` computed in a forked child while this process goes on; :meth:`result`
    waits for its answer. Where ``fork`` is missing, or only one core is there to share,
    ``job`` runs when the result is asked for. ``job`` must not write anything the parent
    reads (the child sees a copy of the parent's memory), and its answer must pickle."""

    def __init__(self, job: Callable[[], Any]) -> None:
        self._job: Callable[[], Any] | None = job
        self._pid = 0
        self._read = -1
        self._done = False
        self._value: Any = None
        if cores() < 2:
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: answer down the pipe, then leave without cleaning up
            code = 1
            try:
                os.close(read)
                with os.fdopen(write, "wb") as out:
                    pickle.dump(job(), out, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._read, self._job = pid, read, None

    def result(self) -> Any:
        if self._done:
            return self._value
        if self._pid:
            with os.fdopen(self._read, "rb") as answer:
                data = answer.read()
            _, status = os.waitpid(self._pid, 0)
            if os.waitstatus_to_exitcode(status) != 0 or not data:
                raise ChildProcessError("a background job failed in its worker")
            self._value = pickle.loads(data)
        else:
            assert self._job is not None
            self._value, self._job = self._job(), None
        self._done = True
        return self._value
