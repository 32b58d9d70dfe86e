"""Reference lists: rebuild entries broken across lines and pages, drop exact
duplicates, and parse each entry into fields (authors, title, venue, date, url).

An entry continues on the next unit when that unit starts with a lower-case
letter, a digit, a URL or ``<``; or when the entry so far ends with a comma, a
colon, an opening quote, a function word (``the``, ``of`` …) or an unclosed
bracket. A URL cut by a page break (no space inside the bracket) is rejoined
without a space.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dossier.ingest.segment import Unit
from dossier.model import Block, Join, Removal
from dossier.urls import quote_href

_MARKER = re.compile(r"^\s*[-*+•\uf0a7\uf0b7]\s+")
_CONT_START = re.compile(r"^(?:[a-z0-9(<]|https?://|www\.|[.,;:)])")
_CONT_END = re.compile(
    r"(?:[,:;“‘(\[]|\b(?:the|a|an|of|for|to|in|on|with|by|and|or|from|at|as)\*?)$", re.I
)
_URL = re.compile(r"<?(https?://[^\s<>\]]+)>?")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_QUOTED = re.compile(r"[“\"”]\s*(.+?)\s*[”\"“]")
_ITALIC = re.compile(r"\*([^*]+)\*")
_DATE = re.compile(
    r"\b(?:(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December),?\s*(?:\d{1,2},?\s*)?(?:\d{4})?|\d{4})\b"
)


_NEW_ENTRY = re.compile(r"^[A-Z][\w'’-]+,\s*[A-Z]")


def _continues(entry: str, nxt: str) -> bool:
    if _CONT_START.match(nxt):
        return True
    if _NEW_ENTRY.match(nxt) and not entry.rstrip().endswith(","):
        return False
    plain = re.sub(r"\\.", "", entry)  # escaped brackets do not open anything
    opens = plain.count("[") - plain.count("]") + plain.count("(") - plain.count(")")
    if opens > 0:
        return True
    if entry.count("*") % 2 == 1:
        return True
    return bool(_CONT_END.search(entry.rstrip()))


def _glue(entry: str, nxt: str) -> tuple[str, bool]:
    """Join two pieces; no space when a bracketed URL was cut mid-way."""
    last_open = max(entry.rfind("("), entry.rfind("["))
    if last_open > entry.rfind(")") and re.search(r"https?://\S*$", entry) and not nxt.startswith(
        ("http", "<")
    ):
        return entry + nxt, True
    return f"{entry} {nxt}", False


def parse_fields(text: str) -> tuple[tuple[str, str], ...]:
    fields: list[tuple[str, str]] = []
    url_m = _URL.search(text)
    rest = text
    if url_m:
        fields.append(("url", quote_href(url_m.group(1).rstrip(".,;)"))))
        rest = text[: url_m.start()].strip()
    q = _QUOTED.search(rest)
    it = _ITALIC.search(rest)
    title_m = q or it
    if title_m:
        authors = rest[: title_m.start()].strip(" .,")
        if authors:
            fields.append(("authors", authors))
        fields.append(("title", title_m.group(1).strip(" ,.")))
        after = rest[title_m.end():]
        venue_m = _ITALIC.search(after) if q else None
        if venue_m:
            fields.append(("venue", venue_m.group(1).strip()))
            after = after[venue_m.end():]
        tail = after.strip(" .,")
        if tail:
            fields.append(("details", tail.replace("*", "")))
    else:
        fields.append(("text", rest.replace("*", "")))
    year = _YEAR.search(text[: url_m.start()] if url_m else text)
    if year:
        fields.append(("year", year.group(1)))
    return tuple(fields)


def reference_blocks(
    units: Sequence[Unit], source: str
) -> tuple[list[Block], list[Removal], list[Join]]:
    entries: list[list] = []  # [text, line, end_line]
    joins: list[Join] = []
    for unit in units:
        text = _MARKER.sub("", unit.text.strip(), count=1)
        if entries and _continues(entries[-1][0], text):
            before = entries[-1][0]
            entries[-1][0], glued = _glue(before, text)
            if glued:
                head = re.search(r"[^\W_]*$", before).group(0)  # type: ignore[union-attr]
                tail = re.match(r"[^\W_]*", text).group(0)  # type: ignore[union-attr]
                if head and tail:
                    joins.append(Join(source, unit.line, (head, tail), head + tail))
            entries[-1][2] = unit.end_line
            continue
        entries.append([text, unit.line, unit.end_line])
    blocks: list[Block] = []
    removals: list[Removal] = []
    seen: set[str] = set()
    for text, line, end_line in entries:
        key = " ".join(re.findall(r"\w+", text.lower()))
        if key in seen:
            removals.append(Removal(source, line, text, "duplicate reference entry"))
            continue
        seen.add(key)
        blocks.append(Block(kind="reference", text=text, source=source, line=line,
                            end_line=end_line, section="references", fields=parse_fields(text)))
    return blocks, removals, joins
