"""What a build reports, and what it publishes beside the pages: shared by the full build
(:mod:`dossier.build.site`) and the rebuilds that start from it (:mod:`dossier.build.essaybuild`,
:mod:`dossier.build.incremental`); and the error of a build asked for wrongly."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.model import Diagnostic
from dossier.publish import search
from dossier.publish.bundle import Bundle


@dataclass(frozen=True)
class Publishing:
    """What the build adds after Pelican: the search index, the offline bundle.

    ``context``: the site's settings as the templates see them (SITENAME, SITESUBTITLE,
    BUILD_DATE, …), for the search pages rendered after Pelican and the bundle's name.
    ``dist``: where to write ``<name>-offline.zip``; None writes no bundle.
    """

    search: bool = True
    dist: Path | None = None
    context: Mapping[str, Any] = field(default_factory=dict)

    @property
    def bundle_name(self) -> str:
        """The site name as a file name: "Dossier" -> "dossier"."""
        name = re.sub(r"[^a-z0-9]+", "-", str(self.context.get("SITENAME", "")).lower())
        return name.strip("-") or "site"


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: bool = False
    documents: int = 0
    pages_written: int = 0  # files new or changed since the previous output
    pages_unchanged: int = 0  # byte-identical files, kept as they were (same inode, mtime)
    pages_rendered: int = 0  # pages rendered from their template (the others: key unchanged)
    seconds: float = 0.0
    search_stats: search.SearchStats | None = None  # None: no search index was built
    bundle: Bundle | None = None  # None: no offline bundle was written
    # what the build found changed since the last one: "all" (or no last build), "essays"
    # (only essays: dossier.build.essaybuild), "none" (nothing: nothing was done)
    scope: str = "all"

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity != "error"]

    def failed(self, strict: bool) -> bool:
        return bool(self.errors or (strict and self.warnings))


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Unique diagnostics in a stable order: file, line, errors first, message."""
    return sorted(set(diags), key=lambda d: (d.path, d.line, d.severity != "error", d.message,
                                             d.fix))


class UsageError(Exception):
    """A mistake in how the build was asked for (exit code 2), not in the content."""
