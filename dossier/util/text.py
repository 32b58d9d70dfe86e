"""Cutting text to a number of words: the rights-limited excerpt and the shortened quote.

Works on plain text; spans (``Span`` or any dataclass with ``start`` and ``end``) are
clipped with the text. One :data:`ELLIPSIS` for the whole site.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TypeVar

EXCERPT_WORDS = 40  # what a rights-limited document (mode = "excerpts") shows of a passage
QUOTE_WORDS = 60
ELLIPSIS = "…"

SpanT = TypeVar("SpanT", bound=Any)


def excerpt(text: str, spans: Sequence[SpanT] = (), words: int = EXCERPT_WORDS
            ) -> tuple[str, tuple[SpanT, ...]]:
    """The first ``words`` words of ``text`` followed by an ellipsis, spans clipped."""
    matches = list(re.finditer(r"\S+", text))
    if len(matches) <= words:
        return text, tuple(spans)
    cut = matches[words - 1].end()
    clipped = tuple(
        replace(s, end=min(s.end, cut)) for s in spans if s.start < cut
    )
    return text[:cut] + " " + ELLIPSIS, clipped


def shorten(text: str, words: int = QUOTE_WORDS) -> tuple[str, bool]:
    """The first ``words`` words of ``text``, cut at a word boundary, and whether it was cut.

    The cut prefers the end of a sentence in the last third of the allowance."""
    matches = list(re.finditer(r"\S+", text))
    if len(matches) <= words:
        return text, False
    cut = matches[words - 1].end()
    floor = matches[(2 * words) // 3].start()
    sentence = max(text.rfind(". ", floor, cut), text.rfind("? ", floor, cut),
                   text.rfind("! ", floor, cut))
    if sentence > 0:
        cut = sentence + 1
    return text[:cut].rstrip(" ,;:—–-"), True
