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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from dossier.documentary.needles import NeedleIndex
from dossier.model import Cue

try:  # the regex parser of the standard library, to find what a regex cue requires
    from re import _constants as _sre_constants
    from re import _parser as _sre_parse
    _LITERAL = _sre_constants.LITERAL
    _SUBPATTERN = _sre_constants.SUBPATTERN
    _BRANCH = _sre_constants.BRANCH
    _REPEATS = (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT,
                _sre_constants.POSSESSIVE_REPEAT)
except ImportError:  # pragma: no cover - another Python: no pre-check for regex cues
    _sre_parse = None
    _LITERAL = _SUBPATTERN = _BRANCH = None
    _REPEATS = ()

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


Requirement = tuple[str, ...]  # pieces of text of which a match contains at least one


@lru_cache(maxsize=4096)
def _needles(pattern: str, regex: bool) -> tuple[Requirement, ...]:
    """What every match of the cue contains: lower-case pieces of text, in groups of which
    each match holds at least one piece of every group. A cue one of whose groups has no
    piece in a passage cannot match it, so its expression is not run there: most cues are
    absent from most passages. A phrase cue needs its first word. A regex cue needs the
    runs of plain letters and digits (three or more) its expression requires, at its top
    level or in a required group ("kabul" in ``\\b(collapse|fall)\\b[^.;]{0,40}\\bkabul\\b``),
    and one piece of each branch of a required alternation (("collapse", "fall")); none
    where it requires no such run."""
    if not regex:
        first = _literal(pattern)
        return ((first,),) if first else ()
    if _sre_parse is None:
        return ()
    try:
        items = _sre_parse.parse(pattern, re.IGNORECASE).data
    except (re.error, TypeError, ValueError, RecursionError):
        return ()
    return tuple(dict.fromkeys(_required(items)))


def _required(items: list) -> list[Requirement]:
    """The requirements of a parsed sequence (see :func:`_needles`)."""
    groups: list[Requirement] = []
    run: list[str] = []

    def close() -> None:
        if len(run) >= 3:
            groups.append(("".join(run),))
        run.clear()

    for op, arg in items:
        ch = chr(arg) if op is _LITERAL else ""
        if ch.isascii() and ch.isalnum():
            run.append(ch.lower())
            continue
        close()
        if op is _SUBPATTERN:  # (group, add flags, del flags, pattern): all of it required
            groups += _required(arg[-1].data)
        elif op is _BRANCH:  # (None, [alternatives]): one of them
            group = _any_of(arg[1])
            if group:
                groups.append(group)
        elif op in _REPEATS and arg[0] >= 1:  # (min, max, pattern) with min >= 1
            groups += _required(arg[2].data)
    close()
    return groups


def _any_of(alternatives: list) -> Requirement:
    """A piece of each alternative, or () when one alternative requires none."""
    pieces: list[str] = []
    for alternative in alternatives:
        groups = _required(alternative.data)
        if not groups:
            return ()
        pieces += max(groups, key=lambda g: min(map(len, g)))
    return tuple(sorted(set(pieces)))


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
    """A tuple of cues made ready for matching: each cue with its requirements and its
    expression, the cues to try for each piece of text found, and the counts already
    found, by text (a heading, or a passage read again as the one before its neighbour, is
    met many times)."""

    MEMO = 8192  # texts remembered per lexicon

    def __init__(self, cues: tuple[Cue, ...]) -> None:
        self.cues = cues
        self.checks = [(i, cue.regex, _needles(cue.pattern, cue.regex),
                        "" if cue.regex else _literal(cue.pattern),
                        compile_cue(cue.pattern, cue.regex)) for i, cue in enumerate(cues)]
        # A cue is tried where a piece of its first requirement is found; always where it
        # has none.
        self.always = [i for i, _, needs, _, _ in self.checks if not needs]
        self.by_needle: dict[str, list[int]] = {}
        for i, _, needs, _, _ in self.checks:
            for piece in needs[:1] and needs[0]:
                self.by_needle.setdefault(piece, []).append(i)
        _share(piece for _, _, needs, _, _ in self.checks for group in needs for piece in group)
        self.memo: dict[str, tuple[tuple[int, int], ...]] = {}

    def candidates(self, found: dict[str, list[int]]) -> list[int]:
        """The cues worth trying where the pieces ``found`` are, in the lexicon's order."""
        tried = set(self.always)
        for piece, ids in self.by_needle.items():
            if piece in found:
                tried.update(ids)
        return sorted(tried)


# One automaton over the pieces of every lexicon made so far, so that a passage scored
# against every theme is read once (:func:`_scan`, remembered per text).
_INDEX = NeedleIndex(())
_SCANS: dict[str, dict[str, list[int]]] = {}
_SCANS_MAX = 256  # a passage, its heading and the one before it are read by every theme


def _share(pieces: Iterable[str]) -> None:
    global _INDEX
    pieces = set(pieces)
    if not _INDEX.needles.issuperset(pieces):
        _INDEX = NeedleIndex(_INDEX.needles.union(pieces))
        _SCANS.clear()


def _scan(low: str) -> dict[str, list[int]]:
    found = _SCANS.get(low)
    if found is None:
        if len(_SCANS) >= _SCANS_MAX:
            _SCANS.clear()
        found = _SCANS[low] = _INDEX.positions(low)
    return found


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
    found = _scan(low)
    # Same length, nothing folded: every character of ``low`` stands at its place in
    # ``text``, so a phrase cue, whose every match starts with its first word, is tried
    # only where that word is, as ``finditer`` would find it.
    aligned = len(lower) == len(text) and low == lower
    checks = lexicon.checks
    for c in lexicon.candidates(found):
        i, regex, needs, first, rx = checks[c]
        if not all(any(piece in found for piece in group) for group in needs):
            continue
        if regex:
            n = sum(1 for m in rx.finditer(text) if m.end() > m.start())
            if n:
                counts[i] = n
        elif aligned and first:
            end = 0
            for at in found[first]:
                if at >= end:
                    m = rx.match(text, at)
                    if m and m.end() > m.start():
                        spans.append((m.start(), m.end(), i))
                        end = m.end()
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
