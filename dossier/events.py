"""STUB (being written): curated events with evidence passages."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .model import Corpus, Diagnostic, Entity, Event, Mention, Theme


def load_events(path: Path, root: Path, corpus: Corpus, entities: Sequence[Entity],
                themes: Sequence[Theme], mentions: Sequence[Mention]
                ) -> tuple[tuple[Event, ...], tuple[Diagnostic, ...]]:
    return (), ()
