"""Cue matching: the text the classifier reads (:func:`prepare`) and the cues of a theme found
in it (:func:`find_hits`), fast enough to run every cue of every theme on every passage.

A phrase cue matches whole words in any case; its spaces and hyphens are interchangeable and
optional ("no-confidence" finds "no confidence"); a trailing ``*`` on a word matches any
ending ("sanction*"). Overlapping phrases count once, the longest winning. Regex cues are
Python expressions, counted on top of the phrases they span. A cue found ``n`` times adds
``weight × (2 − 0.5**(n−1))``: 1×, 1.5×, 1.75× ...
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from dossier.model import Cue

try:  # the regex parser of the standard library, to find what a regex cue requires
    from re import _constants as _sre_constants
    from re import _parser as _sre_parse
    _LITERAL = _sre_constants.LITERAL
except ImportError:  # pragma: no cover - another Python: no pre-check for regex cues
    _sre_parse = None
    _LITERAL = None

__all__ = ["Hit", "compile_cue", "find_hits", "prepare", "repeat_factor"]

_SEP = r"[\s\-\u2010\u2011\u2012\u2013]*"
_CITATION = re.compile(r"\(\s*[A-Z][^()]{0,80}?,?\s*(?:1[89]|20)\d\d[a-z]?\s*\)")
_URL = re.compile(r"(?:https?://|www\.)\S+|\bdoi:\S+", re.I)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u00a0": " "})


def prepare(text: str) -> str:
    """Text as the classifier sees it: NFKC, straight quotes, no author-year citations and
    no web addresses (".../us-imposes-sanctions-on-pakistan" names a page, it is not a
    claim)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _URL.sub(" ", _CITATION.sub(" ", text))


@lru_cache(maxsize=4096)
def compile_cue(pattern: str, regex: bool) -> re.Pattern[str]:
    if regex:
        return re.compile(pattern, re.IGNORECASE)
    words = [w for w in re.split(r"[\s\-\u2010\u2011\u2012\u2013]+", pattern.strip()) if w]
    parts = []
    for word in words:
        star = word.endswith("*")
        word = word.rstrip("*").translate(_QUOTES)
        parts.append(re.escape(word) + (r"\w*" if star else ""))
    return re.compile(r"(?<!\w)" + _SEP.join(parts) + r"(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _literal(pattern: str) -> str:
    """A lower-case piece every match of a phrase cue contains (a fast pre-check)."""
    first = re.split(r"[\s\-\u2010\u2011\u2012\u2013]+", pattern.strip())[0]
    return first.rstrip("*").translate(_QUOTES).lower()


# Applied after ``str.lower``, so that every ASCII letter a case-insensitive match sees in
# a text is there as itself (the text the pre-checks look for their pieces in): "ı" and "İ"
# (lower "i" + U+0307) match "i", "ſ" matches "s" (the Kelvin sign lowers to "k").
_FOLD = str.maketrans({"\u0131": "i", "\u017f": "s", "\u0307": None})


@lru_cache(maxsize=4096)
def _needles(pattern: str, regex: bool) -> tuple[str, ...]:
    """Lower-case pieces of text that every match of the cue contains. A cue whose pieces
    are not all in a passage cannot match it, so its expression is not run there: most
    cues are absent from most passages. For a regex cue, the runs of plain letters and
    digits its expression requires at its top level ("kabul" in
    ``\\b(collapse|fall)\\b[^.;]{0,40}\\bkabul\\b``); none where it has no such run."""
    if not regex:
        return (_literal(pattern),)
    if _sre_parse is None:
        return ()
    try:
        items = _sre_parse.parse(pattern, re.IGNORECASE).data
    except (re.error, TypeError, ValueError, RecursionError):
        return ()
    runs, run = [], []
    for op, arg in items:
        ch = chr(arg) if op is _LITERAL else ""
        if ch.isascii() and ch.isalnum():
            run.append(ch.lower())
        elif run:
            runs.append("".join(run))
            run = []
    if run:
        runs.append("".join(run))
    return tuple(r for r in runs if len(r) >= 3)


def repeat_factor(n: int) -> float:
    """1, 1.5, 1.75, ... for 1, 2, 3, ... occurrences."""
    return 2.0 - 0.5 ** (n - 1)


@dataclass(frozen=True)
class Hit:
    """Evidence found for a theme: a cue (``kind`` "cue"), a mention of one of the theme's
    entities ("entity": the cue's label is the entity's name) or the learned model's
    probability ("model": its label says which words). A model hit is never evidence on its
    own: it only adds to (or takes from) the score."""

    cue: Cue
    count: int
    factor: float  # 1.0 own text, HEADING_FACTOR heading
    where: str  # "" own text, "heading"
    kind: str = "cue"  # "cue", "entity" or "model"

    @property
    def contribution(self) -> float:
        return round(self.cue.weight * repeat_factor(self.count) * self.factor, 3)

    @property
    def evidence(self) -> bool:
        """Positive evidence of the passage's own: a cue or an entity, not the model."""
        return self.cue.weight > 0 and not self.where and self.kind != "model"

    def reason(self) -> str:
        times = f" ×{self.count}" if self.count > 1 else ""
        if self.kind == "model":
            return f"{self.cue.label} {self.contribution:+g}"
        if self.kind == "entity":
            return f"mentions '{self.cue.label or self.cue.pattern}'{times} {self.contribution:+g}"
        kind = "regex cue" if self.cue.regex else "cue"
        where = f"{self.where} " if self.where else ""
        return f"{where}{kind} '{self.cue.label or self.cue.pattern}'{times} {self.contribution:+g}"


def find_hits(cues: Sequence[Cue], text: str, factor: float = 1.0, where: str = ""
              ) -> list[Hit]:
    """The cues found in ``text``, with their counts.

    Phrase cues never count the same words twice: where two phrases overlap,
    the longer match wins ("war on terror" is not also "terror", "Imran Khan"
    not also "Khan"; on a tie, the cue listed first). Regex cues describe
    context ("cut ... aid") and are counted on top of the phrases they span.
    """
    cues = tuple(cues)
    return [Hit(cues[i], n, factor, where) for i, n in _counts(cues, text)]


class _Lexicon:
    """A tuple of cues made ready for matching: each cue with its pre-check pieces and its
    expression, and the counts already found, by text (a heading, or a passage read again
    as the one before its neighbour, is met many times)."""

    MEMO = 8192  # texts remembered per lexicon

    def __init__(self, cues: tuple[Cue, ...]) -> None:
        self.cues = cues
        self.checks = [(i, cue.regex, _needles(cue.pattern, cue.regex),
                        compile_cue(cue.pattern, cue.regex)) for i, cue in enumerate(cues)]
        self.memo: dict[str, tuple[tuple[int, int], ...]] = {}


# id(cues) -> its _Lexicon, which holds the tuple itself (so that id is never reused while
# the entry lives). Looked up by identity: hashing a tuple of a hundred cues per passage
# cost more than the lookups it served.
_LEXICONS: dict[int, _Lexicon] = {}
_LEXICONS_MAX = 256


def _lexicon(cues: tuple[Cue, ...]) -> _Lexicon:
    lexicon = _LEXICONS.get(id(cues))
    if lexicon is None or lexicon.cues is not cues:
        if len(_LEXICONS) >= _LEXICONS_MAX:
            _LEXICONS.clear()
        lexicon = _LEXICONS[id(cues)] = _Lexicon(cues)
    return lexicon


def _counts(cues: tuple[Cue, ...], text: str) -> tuple[tuple[int, int], ...]:
    """(cue index, matches) for the cues found in ``text``; remembered per lexicon."""
    lexicon = _lexicon(cues)
    found = lexicon.memo.get(text)
    if found is None:
        if len(lexicon.memo) >= _Lexicon.MEMO:
            lexicon.memo.clear()
        found = lexicon.memo[text] = _count(lexicon, text)
    return found


def _count(lexicon: _Lexicon, text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int, int]] = []  # (start, end, cue index)
    counts: dict[int, int] = {}
    lower = text.lower()
    low = lower.translate(_FOLD)
    # Same length, nothing folded: every character of ``low`` stands at its place in
    # ``text``, so a phrase cue, whose every match starts with its first word, is tried
    # only where that word is, as ``finditer`` would find it.
    aligned = len(lower) == len(text) and low == lower
    for i, regex, needles, rx in lexicon.checks:
        if not all(piece in low for piece in needles):
            continue
        if regex:
            n = sum(1 for m in rx.finditer(text) if m.end() > m.start())
            if n:
                counts[i] = n
        elif aligned and needles[0]:
            first, end = needles[0], 0
            at = low.find(first)
            while at != -1:
                if at >= end:
                    m = rx.match(text, at)
                    if m and m.end() > m.start():
                        spans.append((m.start(), m.end(), i))
                        end = m.end()
                at = low.find(first, at + 1)
        else:
            spans.extend((m.start(), m.end(), i) for m in rx.finditer(text)
                         if m.end() > m.start())
    return _tally(spans, counts)


def _tally(spans: list[tuple[int, int, int]], counts: dict[int, int]
           ) -> tuple[tuple[int, int], ...]:
    """``counts`` (regex cues) plus the phrase matches ``spans`` (start, end, cue index)
    that no longer one overlaps, longest first (on a tie, the cue listed first), as sorted
    (cue index, matches)."""
    taken: list[tuple[int, int]] = []
    for a, b, i in sorted(spans, key=lambda t: (t[0] - t[1], t[2], t[0])):
        if all(b <= x or a >= y for x, y in taken):
            taken.append((a, b))
            counts[i] = counts.get(i, 0) + 1
    return tuple(sorted(counts.items()))
