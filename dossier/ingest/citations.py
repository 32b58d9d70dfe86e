"""In-text author–year citations -> ``cite`` spans pointing at their reference entry.

After ids are assigned, every passage outside the reference list is scanned for
citations, and each one that names exactly one entry becomes a ``Span(kind="cite",
target=<the entry's id>)``, for the page (a link to ``#ref-…``), search and data alike.

- **Forms.** Parenthetical ``(Pramuk 2017)``, ``(Khan, 2019)``, ``(Crisis Group,2020)``,
  ``(Yousaf 2021; Afzal 2022)`` (one span per citation), ``(see Doe 2001: 12)``; and
  narrative ``Pramuk (2017)``, ``Akhtar and Holland (2022)``, ``Doe et al. (2019)``.
- **An entry's names.** Its first author's surname (``Doe, J.``, ``Doe.J.``, ``J. Doe``),
  or a corporate author whole (``Crisis Group.``); its co-authors' surnames; and, for an
  entry that starts with its title (no author), its venue (``*Dawn*``, ``*BBC News*``).
- **A match.** The citation's first name is the entry's first name (or the start of a
  corporate one: ``BBC`` → ``BBC News``) and the years agree. Several matches are narrowed
  by the citation's other names (``Ryan & Young`` → ``Ryan, M. and De Young, K.``); when no
  entry has the year, a single entry with that name and no year at all is taken. Anything
  else, none or several, gets no link: a wrong link is worse than none.
- **Numbered citations.** When the entries are numbered (``[3] Doe, J. …`` or ``3. Doe, J.
  …``), a bracket of numbers in the text (``[3]``, ``[2, 3]``, ``[3-5]``, ``[1,4–6]``)
  gets one link per number written, each to the entry of that number. Only when every
  number in the bracket is the number of exactly one entry (two entries numbered 3: no
  link to either), and never for a Markdown link (``[3](…)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from dossier.model import Block, Span

CITING_KINDS = frozenset({"paragraph", "list_item", "caption", "footnote", "bio"})
_YEAR = r"(?:1[89]|20)\d\d[a-z]?"
_NAME = r"[A-Z][\w'’-]*"
_LINK = r"(?:of|on|for|the|de|van|von|al|del|da|bin|ul)"
_NAMES = rf"{_NAME}(?:\s+(?:{_NAME}|{_LINK}|and|&)){{0,6}}(?:\s+et\s+al\.?)?"
_PAREN = re.compile(r"\(([^()]{4,300})\)")
_PART = re.compile(
    rf"\s*(?:(?:see|see also|e\.g\.,?|cf\.)\s+)?(?P<names>{_NAMES})(?:\s*,\s*|\s+)"
    rf"(?P<year>{_YEAR})(?:\s*[,:]\s*(?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?)?\s*$"
)
_NARRATIVE = re.compile(
    rf"(?P<names>{_NAME}(?:\s+(?:and|&)\s+{_NAME}|\s+et\s+al\.?)?)\s+"
    rf"\((?P<year>{_YEAR})(?:\s*[,:]\s*(?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?)?\)"
)
_ENTRY_NUMBER = re.compile(r"\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)])\s")
_NUMBERED = re.compile(r"\[(\d{1,3}(?:\s*(?:[-–,]|and)\s*\d{1,3})*)\]")
_NUMBER = re.compile(r"\d{1,3}")
_SPLIT_NAMES = re.compile(r"\s*(?:,?\s*&\s*|\s+and\s+|;\s*|\s+et\s+al\.?)\s*")
_INITIALS_FIRST = re.compile(r"^(?:[A-Z]\.\s*)+([A-Z][\w'’-]+)")


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[^\W_]+", text.lower().replace("’", "").replace("'", "")))


def _surname(person: str) -> tuple[str, ...]:
    """``Doe, J.`` / ``Doe.J.`` / ``J. Doe`` / ``Crisis Group.`` -> its name words."""
    person = person.strip(" .,*")
    m = _INITIALS_FIRST.match(person)
    if m:
        return _words(m.group(1))
    head = re.split(r",|\.(?=\s*[A-Z]\b|\s*[A-Z]\.|\s*$)|\.\s", person, maxsplit=1)[0]
    return _words(head)


def entry_names(block: Block) -> tuple[tuple[str, ...], set[tuple[str, ...]]]:
    """(first name, every author's name) of a reference entry; see the module docstring."""
    f = dict(block.fields)
    authors = f.get("authors") or (f.get("text", "") if "title" not in f else "")
    if not authors:
        venue = _words(f.get("venue", ""))
        return venue, {venue} if venue else set()
    people = [p for p in _SPLIT_NAMES.split(authors) if p.strip()]
    names = [_surname(p) for p in people]
    return (names[0] if names else ()), {n for n in names if n}


class _Index:
    def __init__(self, refs: list[Block]) -> None:
        self.entries = [(entry_names(b), dict(b.fields).get("year", ""), b.id) for b in refs]

    def find(self, names: str, year: str) -> str:
        cited = [n for n in (_words(p) for p in _SPLIT_NAMES.split(names)) if n]
        if not cited:
            return ""
        first, year = cited[0], year[:4]

        def named(lead: tuple[str, ...]) -> bool:
            return bool(lead) and (lead == first or (len(lead) > 1 and lead[:len(first)] == first))

        hits = [(others, y, rid) for (lead, others), y, rid in self.entries if named(lead)]
        dated = [h for h in hits if h[1] == year]
        if len(dated) > 1 and len(cited) > 1:
            dated = [h for h in dated if all(any(set(c) <= set(o) for o in h[0])
                                             for c in cited[1:])]
        if len(dated) == 1:
            return dated[0][2]
        undated = [h for h in hits if not h[1]]
        return undated[0][2] if not dated and len(undated) == 1 else ""


def _candidates(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, names, year) of every citation-shaped piece of ``text``."""
    for m in _PAREN.finditer(text):
        pos = m.start(1)
        for part in m.group(1).split(";"):
            p = _PART.match(part)
            if p:
                lead = len(part) - len(part.lstrip())
                start = pos + p.start("names") if p.start("names") >= lead else pos + lead
                end = pos + len(part.rstrip())
                yield start, end, p.group("names"), p.group("year")
            pos += len(part) + 1
    for m in _NARRATIVE.finditer(text):
        yield m.start(), m.end(), m.group("names"), m.group("year")


def entry_numbers(refs: list[Block]) -> dict[int, str]:
    """The number each entry is given at its start (``[3]``, ``3.``, ``3)``) -> its id; a
    number two entries share is left out."""
    ids: dict[int, str] = {}
    shared: set[int] = set()
    for b in refs:
        m = _ENTRY_NUMBER.match(b.text)
        if m:
            n = int(m.group(1) or m.group(2))
            if n in ids:
                shared.add(n)
            ids[n] = b.id
    return {n: rid for n, rid in ids.items() if n not in shared}


def numbered_spans(text: str, numbers: dict[int, str]) -> Iterator[Span]:
    """A ``cite`` span on each number of each bracket of entry numbers in ``text``."""
    for m in _NUMBERED.finditer(text):
        if text.startswith("(", m.end()):
            continue  # a Markdown link, not a citation
        parts = list(_NUMBER.finditer(m.group(1)))
        if all(int(p.group()) in numbers for p in parts):
            for p in parts:
                start = m.start(1) + p.start()
                yield Span(start, start + len(p.group()), "cite", numbers[int(p.group())])


def _fits(span: Span, spans: tuple[Span, ...]) -> bool:
    """No link inside a link: a citation may contain an ``em``, nothing may cross it."""
    for s in spans:
        if s.kind == "em":
            if s.end <= span.start or s.start >= span.end:
                continue
            if not (span.start <= s.start and s.end <= span.end) and not (
                    s.start <= span.start and span.end <= s.end):
                return False
        elif s.start < span.end and span.start < max(s.end, s.start + 1):
            return False
    return True


def cite_spans(text: str, spans: tuple[Span, ...], index: _Index,
               numbers: dict[int, str] | None = None) -> tuple[Span, ...]:
    found: list[Span] = []
    for start, end, names, year in sorted(set(_candidates(text))):
        target = index.find(names, year)
        span = Span(start, end, "cite", target)
        if target and _fits(span, spans + tuple(found)):
            found.append(span)
    for span in numbered_spans(text, numbers or {}):
        if _fits(span, spans + tuple(found)):
            found.append(span)
    return tuple(sorted(found, key=lambda s: (s.start, s.end)))


def link_citations(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """``blocks`` with a ``cite`` span on every in-text citation that names one entry."""
    refs = [b for b in blocks if b.kind == "reference" and b.id]
    if not refs:
        return blocks
    index, numbers = _Index(refs), entry_numbers(refs)
    out = []
    for b in blocks:
        if b.kind in CITING_KINDS and b.section != "references":
            cites = cite_spans(b.text, b.spans, index, numbers)
            if cites:
                b = replace(b, spans=tuple(sorted(b.spans + cites,
                                                  key=lambda s: (s.start, -s.end, s.kind))))
        out.append(b)
    return tuple(out)
