"""STUB (being written): editors' curation file, which always wins."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .model import Assignment, Corpus, Diagnostic, Theme

Curation = tuple


def load_curation(path: Path, root: Path) -> tuple[Curation, tuple[Diagnostic, ...]]:
    return (), ()


def apply_curation(assignments: tuple[Assignment, ...], curation: Curation, corpus: Corpus,
                   themes: Sequence[Theme]) -> tuple[tuple[Assignment, ...], tuple[Diagnostic, ...]]:
    return assignments, ()
