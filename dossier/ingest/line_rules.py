"""Stage 3a: the line rules of :mod:`.segment` (its rules 1 and 2): lines that go before
the text is cut into units, each logged with its reason.

1. Boilerplate lines listed in ``seeds/boilerplate.list`` (one regex per line).
2. Page numbers (a line that is only ``12``, ``Page 3``, ``- 4 -`` or ``3 of 9``), and
   section breaks (a line of symbols alone: ``* * *``, ``---``, ``⁂``).
3. Running headers and footers: a short line (at most 12 words) repeated three or more
   times in the document, every copy.

A page number or a running header leaves a break where it was: the units on either side
may be one paragraph cut by a page (:mod:`.segment`'s rule 6).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dossier.ingest.registry import Registry
from dossier.model import Line, Removal

BULLET_GLYPHS = "\uf0a7\uf0b7\u2022\u25aa\u25cf\u25a0\u2023\u25e6\u2043"
BULLET = re.compile(rf"^\s*(?:[{BULLET_GLYPHS}]\s*|[-*+]\s+(?=\S))")
_SECTION_BREAK = re.compile(r"^(?:[*\-_=~·•—–#][ \t]*){3,}$|^[⁂§]$")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–—])?\s*$", re.I
)


def load_boilerplate(text: str) -> tuple[re.Pattern[str], ...]:
    patterns = []
    for raw in text.splitlines():
        raw = raw.strip()
        if raw and not raw.startswith("#"):
            patterns.append(re.compile(raw, re.I))
    return tuple(patterns)


def _running_headers(lines: tuple[Line, ...]) -> set[str]:
    """Short lines repeated three or more times. A block of several lines (between blank
    lines) whose words, joined, are such a line counts as a copy too: it may come out of
    cleaning as one paragraph with that text, and cleaning the output again would then find
    three copies where this pass found two (cleaning must be idempotent). The block itself
    stays: only lines are removed."""
    counts: dict[str, int] = {}

    def count(key: str) -> None:
        if key and len(key.split()) <= 12 and not BULLET.match(key):
            counts[key] = counts.get(key, 0) + 1

    block: list[str] = []
    for ln in (*lines, None):
        key = " ".join(ln.text.split()) if ln is not None else ""
        if key:
            count(key)
            block.append(key)
            continue
        if len(block) > 1:
            count(" ".join(block))
        block = []
    return {k for k, n in counts.items() if n >= 3}


class LineRule:
    """A kind of line that goes before segmenting; ``reason`` is logged with each removal,
    and ``leaves_break`` marks where it was (a break between pages, for rule 6)."""

    reason = ""
    leaves_break = False

    def test(self, key: str, lines: _Lines) -> bool:
        raise NotImplementedError


@dataclass(frozen=True)
class _Lines:
    """What the line rules consult: the boilerplate patterns and the running headers."""

    boilerplate: tuple[re.Pattern[str], ...]
    headers: frozenset[str]


class Boilerplate(LineRule):
    """Rule 1: a line matching a pattern of ``seeds/boilerplate.list`` in full."""

    reason = "boilerplate (seeds/boilerplate.list)"

    def test(self, key: str, lines: _Lines) -> bool:
        return any(p.fullmatch(key) for p in lines.boilerplate)


class SectionBreak(LineRule):
    """Rule 2b: a line of symbols alone (``* * *``, ``---``, ``___``, ``⁂``): a section
    break or a rule, not text."""

    reason = "section break (a line of symbols)"

    def test(self, key: str, lines: _Lines) -> bool:
        return bool(_SECTION_BREAK.match(key))


class PageNumber(LineRule):
    """Rule 2: a line that is only ``12``, ``Page 3``, ``- 4 -`` or ``3 of 9``."""

    reason = "page number"
    leaves_break = True

    def test(self, key: str, lines: _Lines) -> bool:
        return bool(_PAGE_NUMBER.match(key))


class RunningHeader(LineRule):
    """Rule 3: a short line repeated three or more times (every copy goes)."""

    reason = "running header or footer"
    leaves_break = True

    def test(self, key: str, lines: _Lines) -> bool:
        return key in lines.headers


def line_rules() -> Registry[LineRule]:
    """Tried in this order on every non-blank line; the first that matches removes it."""
    rules: Registry[LineRule] = Registry()
    rules.register(Boilerplate(), "boilerplate", 30)
    rules.register(SectionBreak(), "section_break", 25)
    rules.register(PageNumber(), "page_number", 20)
    rules.register(RunningHeader(), "running_header", 10)
    return rules


LINE_RULES = line_rules()


def drop_lines(lines: tuple[Line, ...], source: str, boilerplate: tuple[re.Pattern[str], ...],
               removals: list[Removal]) -> list[Line | None]:
    """The line rules, on every line: the lines kept, with None where a removed line leaves
    a break; each line removed is appended to ``removals``."""
    context = _Lines(boilerplate, frozenset(_running_headers(lines)))
    kept: list[Line | None] = []
    for ln in lines:
        key = " ".join(ln.text.split())
        rule = next((r for r in LINE_RULES if r.test(key, context)), None) if key else None
        if rule is None:
            kept.append(ln)
            continue
        removals.append(Removal(source, ln.number, key, rule.reason))
        if rule.leaves_break:
            kept.append(None)
    return kept
