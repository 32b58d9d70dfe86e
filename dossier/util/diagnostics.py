"""Problems found in the editors' input, and the collector every reader fills.

A :class:`Diagnostic` prints as ``path:line: severity: what is wrong — how to fix it``;
a :class:`Reporter` gathers them for one file, so that all of them are reported before the
build fails. Nothing here raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in an input, reported as ``path:line: message — fix``."""

    path: str
    line: int
    message: str
    fix: str = ""
    severity: Severity = "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.severity}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text


class Reporter:
    """Collects the diagnostics of one file (``path``, relative to the project root)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def error(self, line: int, message: str, fix: str = "") -> None:
        self.diagnostics.append(Diagnostic(self.path, line, message, fix, "error"))

    def warn(self, line: int, message: str, fix: str = "") -> None:
        self.diagnostics.append(Diagnostic(self.path, line, message, fix, "warning"))
