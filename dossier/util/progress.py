"""Progress on a terminal: one bar per build stage, quiet under CI or when piped.

``Progress.stage(name, total)`` returns a callable ``update(done, total)`` that
redraws ``name [#####.....] done/total`` on stderr at most every 0.1 s; ``done`` ends
the stage's line. When stderr is not a terminal, or ``CI`` is set, nothing is drawn.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO


def interactive(stream: TextIO | None = None) -> bool:
    stream = stream if stream is not None else sys.stderr
    ci = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")
    return not ci and hasattr(stream, "isatty") and stream.isatty()


class Progress:
    WIDTH = 30

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = interactive(self.stream) if enabled is None else enabled
        self._last = 0.0
        self._open = False

    def stage(self, name: str) -> Callable[[int, int], None]:
        started = time.monotonic()

        def update(done: int, total: int) -> None:
            if not self.enabled:
                return
            now = time.monotonic()
            final = total > 0 and done >= total
            if not final and now - self._last < 0.1:
                return
            self._last = now
            filled = int(self.WIDTH * done / total) if total else self.WIDTH
            bar = "#" * filled + "." * (self.WIDTH - filled)
            line = f"\r{name:<12} [{bar}] {done}/{total}"
            if final:
                line += f"  {now - started:.1f}s\n"
            self.stream.write(line)
            self.stream.flush()
            self._open = not final

        return update

    def close(self) -> None:
        if self.enabled and self._open:
            self.stream.write("\n")
            self._open = False


def summary(documents: int, written: int, unchanged: int, seconds: float) -> str:
    return (f"{documents} documents, {written} pages written, {unchanged} unchanged, "
            f"{seconds:.1f} s")
