"""STUB (being written): transparent cue-lexicon theme classifier."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Assignment, Corpus, Theme


def classify(corpus: Corpus, themes: Sequence[Theme]) -> tuple[Assignment, ...]:
    return ()
