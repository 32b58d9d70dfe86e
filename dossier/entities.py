"""STUB (being written): gazetteer of people, organisations and places; mentions."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .model import Corpus, Diagnostic, Entity, Mention


def load_entities(path: Path, root: Path) -> tuple[tuple[Entity, ...], tuple[Diagnostic, ...]]:
    return (), ()


def find_mentions(corpus: Corpus, entities: Sequence[Entity]) -> tuple[Mention, ...]:
    return ()
