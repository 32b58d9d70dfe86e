"""Quoting a passage by sentences: whole when it is short, else its evidence kept.

A theme page, and the timeline, quote passages. A quote must never lose the words that put
the passage on the page, so shortening works on sentences, not on a word count from the
start:

* :func:`sentences` splits a passage's plain text into sentences (a small splitter, below:
  no sentence-splitting library is installed, and the texts are edited prose);
* :func:`quote` keeps every *evidence* sentence (one that holds a span the caller names,
  e.g. a cue match), then adds neighbouring sentences while the quote stays within its
  word allowance, and marks every cut with :data:`~dossier.util.text.ELLIPSIS`. Evidence
  sentences are highlighted (``<mark>``) when the quote holds other sentences too.

The splitter ends a sentence at ``.``, ``!``, ``?`` or ``…`` (and any closing quotes or
brackets after it) followed by white space and then a capital letter, a digit or an
opening quote or bracket, and at the stops of scripts without case (``۔`` ``؟`` in Urdu
and Arabic, ``।`` in Devanagari, ``。`` in CJK) before any further text; not after a
known abbreviation ("Mr.", "Gen.", "Sept.", "U.S.") nor after a single capital letter
("A. Q. Khan"), nor "No." before a number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from dossier.util.text import ELLIPSIS

# Words that end with a full stop without ending a sentence (compared in lower case,
# without the stop).
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof gen lt col maj capt sgt adm rep sen gov pres amb st jr sr rev hon
jan feb mar apr jun jul aug sep sept oct nov dec ed eds
e.g i.e etc vs cf al approx inc ltd co corp dept est u.s u.k u.n u.s.a
""".split())
# ... and these only before a number ("No. 5", "pp. 12"): "he said no." ends a sentence.
NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "vol", "pp", "p", "fig", "figs", "art"})

_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])"
                  # scripts without case (Urdu, Arabic, Devanagari, CJK) have their own stops,
                  # which end a sentence before anything
                  r"|[\u06d4\u061f\u0964\u0965\u3002\uff01\uff1f]+[\"'\u201d\u2019)\]\u00bb]*(?=\s*\S)")
_WORD_BEFORE = re.compile(r"(\S+)$")


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as (start, end) offsets, in order: every character but
    the white space between sentences belongs to exactly one. An empty text has none."""
    out: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for m in _END.finditer(text):
        if m.end() <= start or not _ends_sentence(text, m):
            continue
        out.append((start, m.end()))
        rest = text[m.end():]
        start = m.end() + len(rest) - len(rest.lstrip())
    end = len(text.rstrip())
    if start < end:
        out.append((start, end))
    return out


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    if not text[m.start()] == ".":
        return True
    before = _WORD_BEFORE.search(text, 0, m.start() + 1)
    word = before.group(1) if before else ""
    word = word.lstrip("\"'\u201c\u2018([").rstrip(".").lower()
    if word in ABBREVIATIONS:
        return False
    if word in NUMBER_ABBREVIATIONS:
        return not text[m.end():].lstrip()[:1].isdigit()
    return not (len(word) == 1 and word.isalpha())  # an initial: "A. Q. Khan"


def word_count(text: str) -> int:
    return len(text.split())


@dataclass(frozen=True)
class Quote:
    """What a quote shows: ``parts`` in text order, each (text, marked) or (ELLIPSIS,
    False) where sentences are left out; ``cut`` says whether anything was left out."""

    parts: tuple[tuple[str, bool], ...]
    cut: bool

    @property
    def text(self) -> str:
        """The shown text as plain text (cuts as " … ")."""
        return " ".join(t for t, _ in self.parts)

    def html(self) -> Markup:
        """The quote as HTML: marked sentences in ``<mark>``."""
        out = []
        for text, marked in self.parts:
            out.append(Markup("<mark>{}</mark>").format(text) if marked else escape(text))
        return Markup(" ").join(out)


def evidence_sentences(bounds: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]
                       ) -> list[int]:
    """Indexes of the sentences that overlap any of ``spans`` (a span across a sentence
    boundary makes both sentences evidence)."""
    return [i for i, (a, b) in enumerate(bounds)
            if any(s < b and e > a for s, e in spans)]


def quote(text: str, spans: Sequence[tuple[int, int]] = (), words: int = 80,
          cap: int | None = None) -> Quote:
    """``text`` whole if it has at most ``words`` words; else its evidence sentences (those
    holding one of ``spans``), all of them, and as many neighbouring sentences as fit in
    ``words`` (the nearest first, earlier before later), the evidence marked.

    Without evidence the quote starts at the first sentence. ``cap`` (the rights limit of
    an excerpt-only document) is a hard limit: when even the evidence is longer, the quote
    is the ``cap`` words around the first span."""
    bounds = sentences(text)
    total = word_count(text)
    limit = min(words, cap) if cap is not None else words
    if total <= limit or not bounds:
        return Quote(((text.strip(), False),), False) if text.strip() else Quote((), False)
    keep = set(evidence_sentences(bounds, spans)) or {0}
    marked = set(evidence_sentences(bounds, spans))
    size = sum(word_count(text[a:b]) for i, (a, b) in enumerate(bounds) if i in keep)
    if cap is not None and size > cap:
        return _window(text, spans, cap)
    while True:
        near = sorted({j for i in keep for j in (i - 1, i + 1)
                       if 0 <= j < len(bounds) and j not in keep},
                      key=lambda j: (min(abs(j - i) for i in keep), j))
        added = False
        for j in near:
            n = word_count(text[bounds[j][0]:bounds[j][1]])
            if size + n <= limit:
                keep.add(j)
                size += n
                added = True
                break
        if not added:
            break
    if len(keep) == len(bounds):
        return Quote(((text.strip(), False),), False)
    show_marks = len(keep) > len(marked)
    runs: list[list[int]] = []  # [start, end, marked] of consecutive sentences alike
    previous = -1
    for i in sorted(keep):
        a, b = bounds[i]
        mark = show_marks and i in marked
        if runs and i == previous + 1 and bool(runs[-1][2]) == mark:
            runs[-1][1] = b
        else:
            if i != previous + 1:
                runs.append([-1, -1, 0])  # a cut
            runs.append([a, b, int(mark)])
        previous = i
    if previous != len(bounds) - 1:
        runs.append([-1, -1, 0])
    parts = tuple((text[a:b], bool(m)) if a >= 0 else (ELLIPSIS, False) for a, b, m in runs)
    return Quote(parts, True)


def _window(text: str, spans: Sequence[tuple[int, int]], cap: int) -> Quote:
    """The ``cap`` words around the first span, cuts marked."""
    tokens = list(re.finditer(r"\S+", text))
    first = min(spans)[0] if spans else 0
    at = next((i for i, t in enumerate(tokens) if t.end() > first), 0)
    lo = max(0, min(at - cap // 3, len(tokens) - cap))
    hi = min(len(tokens), lo + cap)
    parts: list[tuple[str, bool]] = []
    if lo > 0:
        parts.append((ELLIPSIS, False))
    parts.append((text[tokens[lo].start():tokens[hi - 1].end()], False))
    if hi < len(tokens):
        parts.append((ELLIPSIS, False))
    return Quote(tuple(parts), True)


def sentence_at(text: str, spans: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The first sentence of ``text`` holding one of ``spans``, or None."""
    bounds = sentences(text)
    found = evidence_sentences(bounds, spans)
    return bounds[found[0]] if found else None
