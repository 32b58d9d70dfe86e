"""The cyclic garbage collector paused while a build makes its model and its pages.

A build holds millions of long-lived objects (the corpus, its annotations, the cross-
references) and creates few reference cycles while it makes them and renders the pages.
CPython's cyclic collector does not know that: every so often it walks every tracked
object, which at N = 5,000 documents takes about a second each time and happens dozens of
times in a build. Measured (`make bench` project, N = 1,000): a one-shot seed edit
13.4 → 8.9 s and a cold build 47.3 → 40.6 s with it paused, for 4–9 MB more peak memory.
Reference counting still frees everything that is not in a cycle.

:func:`dossier.build.site.build` runs paused (``@paused()``: a context manager made by
:func:`contextlib.contextmanager` is also a decorator), except while it makes the search
index: that phase runs with the collector :func:`resumed`, after one full collection of
the cycles left so far, so the peak memory of a build with search stays Pagefind's (at
N = 5,000 it had risen from 1.95 to 2.03 GiB, over its 2 GiB budget).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state is restored after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def resumed() -> Iterator[None]:
    """The collector on inside the block (within :func:`paused`, for one phase), and as it
    was after it."""
    enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not enabled:
            gc.disable()
