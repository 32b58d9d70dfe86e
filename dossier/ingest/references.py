"""Reference lists: rebuild entries broken across lines and pages, merge exact
duplicates (with a note), and parse each entry's fields (:mod:`.reference_fields`).

1. **Pieces.** The segmenter may have glued units across a page break before anyone
   knew they were reference entries; each unit is cut back at those breaks, and a
   hard-wrapped unit also before a line that starts an entry (``Surname, I.``,
   ``[12]``, ``12.``, an opening quote) after a line that ends one.
2. **Entries.** A piece continues the entry before it when it starts with a lower-case
   letter, a digit (unless the entry starts with number *n* and the piece with *n* + 1:
   ``3. Doe …`` after ``2. Roe …``), a URL or ``<``; or when the entry so far ends with
   a comma, a colon, an opening quote, a function word (``the``, ``of`` …), an unclosed
   bracket or an unclosed ``*italic*``. A piece that starts like a new entry
   (``Surname, I``) after an entry that does not end with a comma never continues it.
3. **Glue.** A URL cut by a page break is rejoined without a space (the join is logged):
   inside ``<…>``, ``(…)`` or ``[…]``, after a bare URL when the piece is the URL's
   remainder, and after a ``[url](url)`` Markdown link whose text repeats its address
   (the link becomes ``<url+remainder>`` and the repeated text is logged as removed).
   An italic title cut after a function word (``*… Under the*`` / ``Taliban (Lahore``)
   takes the capitalised words that finish it.
4. **Duplicates.** Entries with the same words (punctuation ignored) are one entry: the
   first is kept with a note saying where the copies were; each copy is logged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from dossier.ingest.reference_fields import parse_fields
from dossier.ingest.segment import Unit
from dossier.model import Block, Join, Removal

__all__ = ["parse_fields", "reference_blocks"]

_MARKER = re.compile(r"^\s*[-*+•\uf0a7\uf0b7]\s+")
_CONT_START = re.compile(r"^(?:[a-z0-9(<]|https?://|www\.|[.,;:)])")
_CONT_END = re.compile(
    r"(?:[,:;“‘(\[]|\b(?:the|a|an|of|for|to|in|on|with|by|and|or|from|at|as)\*?)$", re.I
)
_NEW_ENTRY = re.compile(r"^[A-Z][\w'’-]+,\s*[A-Z]")
# A line that starts an entry (for cutting a hard-wrapped unit): "Surname, I." or
# "Surname, Given[,.]", "[12]", "12. ", or an opening quote.
_ENTRY_START = re.compile(
    r"^(?:\[\d{1,3}\]\s|\d{1,3}\.\s+[A-Z]|[“\"]\S"
    r"|[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?,\s+(?:[A-Z]\.|[A-Z][a-z]+[.,]|[A-Z]\s))"
)
_NUMBERED_ENTRY = re.compile(r"(?:\[(\d{1,3})\]|(\d{1,3})[.)])\s")
_ENDS_ENTRY = re.compile(r"(?:[.)>]|https?://\S+|\d)$")
_URL_END = re.compile(r"(?:<|\(|\[)?https?://\S*$")
_URL_REST = re.compile(r"^[\w%)~/?#=&.,:;+!$'*@-]*(?:%[0-9A-Fa-f]{2}|[/=&])[^\s<>]*$")
_MD_LINK_END = re.compile(r"\[(?P<label>[^\]]+)\]\((?P<url>https?://[^\s]+)\)$")
_AUTOLINK_END = re.compile(r"<https?://[^\s<>]+>$")
_ITALIC_CUT = re.compile(r"\b(?:the|a|an|of|for|to|in|on|with|by|and|or|from|at)\*$", re.I)
_TITLE_REST = re.compile(r"^((?:[A-Z][\w'’-]*)(?:\s+(?:[A-Z][\w'’-]*|of|the|and|in|on|for))*)")


@dataclass
class _Entry:
    text: str
    line: int
    end_line: int
    copies: list[int] = field(default_factory=list)


def _pieces(unit: Unit) -> Iterator[tuple[str, int, int]]:
    """``unit`` cut back into (text, first line, last line) at page breaks inside it and
    before a line that starts an entry after a line that ends one."""
    lines = [ln for ln in unit.lines if ln.text.strip()]
    text = _MARKER.sub("", unit.text.strip(), count=1)
    if len(lines) < 2:
        yield text, unit.line, unit.end_line
        return
    start, first_line, cursor = 0, lines[0].number, 0
    for prev, ln in zip(lines, lines[1:], strict=False):
        piece = _MARKER.sub("", ln.text.strip(), count=1)
        gap = ln.number - prev.number > 1
        starts = _ENTRY_START.match(piece) and _ENDS_ENTRY.search(prev.text.strip())
        if not (gap or starts):
            continue
        at = text.find(piece, cursor)
        if at <= start or text[at - 1] != " ":
            continue  # not found as it was (a hyphen was closed up): leave it joined
        yield text[start:at].rstrip(), first_line, prev.number
        start, first_line, cursor = at, ln.number, at
    yield text[start:], first_line, lines[-1].number


def _entry_number(text: str) -> int | None:
    """The number an entry starts with (``[3]``, ``3.``, ``3)``), if any."""
    m = _NUMBERED_ENTRY.match(text)
    return int(m.group(1) or m.group(2)) if m else None


def _continues(entry: str, nxt: str) -> bool:
    number = _entry_number(entry)
    if number is not None and _entry_number(nxt) == number + 1:
        return False  # the next entry of a numbered list, though it starts with a digit
    if _CONT_START.match(nxt):
        return True
    if _NEW_ENTRY.match(nxt) and not entry.rstrip().endswith(","):
        return False
    plain = re.sub(r"\\.", "", entry)  # escaped brackets do not open anything
    plain = re.sub(r"<https?://[^>]*>|https?://\S+", "", plain)  # nor do brackets in URLs
    opens = plain.count("[") - plain.count("]") + plain.count("(") - plain.count(")")
    if opens > 0 or plain.count("<") > plain.count(">"):
        return True
    if entry.count("*") % 2 == 1:
        return True
    return bool(_CONT_END.search(entry.rstrip()))


def _word_at_end(text: str) -> str:
    return re.search(r"[^\W_]*$", text).group(0)  # type: ignore[union-attr]


def _word_at_start(text: str) -> str:
    return re.match(r"[^\W_]*", text).group(0)  # type: ignore[union-attr]


def _glue(entry: str, nxt: str, source: str, line: int, prev_line: int
          ) -> tuple[str, list[Join], list[Removal]]:
    """Join two pieces of an entry (``nxt`` starts at ``line``; the entry so far ends at
    ``prev_line``): see the module's docstring, step 3."""
    url_end = _URL_END.search(entry)
    link = _MD_LINK_END.search(entry)
    rest = _URL_REST.match(nxt)
    if link and rest and link.group("label").replace("\\", "") == link.group("url"):
        url = link.group("url")
        joined = f"{entry[:link.start()]}<{url}{nxt}>"
        return joined, _joins(url, nxt, source, line), [
            Removal(source, prev_line, link.group("label"),
                    "link text repeating its own address, cut by a page break; shown once "
                    "as the rejoined address")]
    if rest and _AUTOLINK_END.search(entry):  # <url> closed too early, the rest below
        return f"{entry[:-1]}{nxt}>", _joins(entry[:-1], nxt, source, line), []
    if url_end and not nxt.startswith(("http", "<")):
        opener = url_end.group(0)[:1]
        closer = {"<": ">", "(": ")", "[": "]"}.get(opener)
        unclosed = closer is not None and closer not in url_end.group(0)
        if unclosed or (opener == "h" and rest):
            return entry + nxt, _joins(entry, nxt, source, line), []
    if _ITALIC_CUT.search(entry) and (m := _TITLE_REST.match(nxt)):
        return f"{entry[:-1]} {m.group(1)}*{nxt[m.end():]}", [], []
    return f"{entry} {nxt}", [], []


def _joins(before: str, after: str, source: str, line: int) -> list[Join]:
    head, tail = _word_at_end(before), _word_at_start(after)
    return [Join(source, line, (head, tail), head + tail)] if head and tail else []


def reference_blocks(
    units: Sequence[Unit], source: str
) -> tuple[list[Block], list[Removal], list[Join]]:
    entries: list[_Entry] = []
    joins: list[Join] = []
    removals: list[Removal] = []
    for unit in units:
        for text, line, end_line in _pieces(unit):
            if entries and _continues(entries[-1].text, text):
                last = entries[-1]
                last.text, glued, dropped = _glue(last.text, text, source, line,
                                                  last.end_line)
                joins.extend(glued)
                removals.extend(dropped)
                last.end_line = end_line
                continue
            entries.append(_Entry(text, line, end_line))
    kept: dict[str, _Entry] = {}
    for entry in entries:
        key = " ".join(re.findall(r"\w+", entry.text.lower()))
        first = kept.setdefault(key, entry)
        if first is not entry:
            first.copies.append(entry.line)
            removals.append(Removal(source, entry.line, entry.text,
                                    f"duplicate reference entry (same words as line "
                                    f"{first.line}); shown once, with a note"))
    blocks = []
    for entry in kept.values():
        fields = parse_fields(entry.text)
        if entry.copies:
            where = " and ".join(str(n) for n in [entry.line, *entry.copies])
            fields += (("note", f"listed {len(entry.copies) + 1} times in the source "
                                f"(lines {where}); shown once"),)
        blocks.append(Block(kind="reference", text=entry.text, source=source, line=entry.line,
                            end_line=entry.end_line, section="references", fields=fields))
    return blocks, removals, joins
