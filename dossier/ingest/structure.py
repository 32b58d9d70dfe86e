"""Stage 4: text units -> typed blocks (title, deck, headings, paragraphs, lists...).

Recognition rules (none names a seed; each holds for the next document):

- **Title**: the first unit when it is short (at most 30 words), not a sentence
  ending in a full stop, and not a caption.
- **Authors**: the unit right after the title when it is only personal names joined
  by commas, ``and`` or ``&`` (optionally after ``By``).
- **Deck and standfirst**: within the three units after the title, a short unit not
  ending in a full stop is the deck; full paragraphs before it are the standfirst.
- **Abstract**: a unit labelled ``Abstract:``, or the paragraphs under an ``Abstract``
  heading. **Keywords**: ``Keywords:``/``Index terms:``. **Affiliations**: front
  units that start with an author's name (optionally ``Dr.``/``Prof.``) and a comma.
- **Headings**: short capitalised units without sentence punctuation at the end.
  ``References``/``Bibliography``/``Works cited`` open the reference list;
  ``About the author`` the bio; ``N Comments``/``Leave a reply`` the reader comments.
- **Captions**: a unit ending in a photo credit in parentheses (``(photo credit: X)``
  or ``(Name/Agency)``); the credit is kept apart. A caption written twice in a row
  (``X X``) and copies of a caption or its credit that follow it are duplicates.
- **Lists**: units that began with a bullet glyph or ``-``/``*``/``+`` marker.
- **Bio**: an asterisked unit ``* Name Surname is …`` (the op-ed convention).
- **Footnotes**: units that begin with a superscript marker (``¹``, ``ⁱ``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from dossier.ingest.segment import (
    _BULLET,
    SUPERSCRIPT_MARK,
    Unit,
    ends_sentence,
    looks_like_heading,
    starts_lower,
)
from dossier.model import Block, Join, Removal

_NAME_PART = r"(?:[A-Z][\w'’.-]*\.?|[A-Z]\.)"
_NAME = rf"{_NAME_PART}(?:\s+(?:{_NAME_PART}|de|van|von|al|bin|ul)){{1,4}}"
_AUTHORS = re.compile(rf"^(?:By\s+)?{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*$")
_CREDIT = re.compile(
    r"\s*\((?:(?:photo\s+)?credit|photo|image|picture|courtesy)s?\s*:?[^()]*\)\s*$"
    r"|\s*\([A-Z][^()/\d]*(?:/[A-Z][^()/\d]*)+\)\s*$",
    re.I,
)
_CREDIT_STRICT_SLASH = re.compile(r"\((?:[^()]*)\)\s*$")
_ABSTRACT_LABEL = re.compile(r"^(abstract|summary)\s*[:.—–-]\s*", re.I)
_KEYWORDS = re.compile(r"^(key\s*words|index\s+terms)\s*[:—–-]\s*(.+)$", re.I)
_REFERENCES = re.compile(
    r"^(references?|bibliography|works\s+cited|literature\s+cited|reference\s+list|sources)$",
    re.I,
)
_BIO_HEADING = re.compile(r"^about\s+the\s+authors?$", re.I)
_COMMENTS = re.compile(
    r"^(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:comments?|responses?|replies)"
    r"|comments|reader\s+comments|leave\s+a\s+(?:reply|comment))$",
    re.I,
)
_BIO = re.compile(
    rf"^\*\s*{_NAME}\s+(?:is|was|has|writes|teaches|works|serves|chairs)\b", re.UNICODE
)
_SPECIAL_HEADING = re.compile(
    r"^(?:abstract|summary|introduction|conclusions?|references?|bibliography|works cited"
    r"|notes|about the authors?|keywords?\b.*|(?:\w+\s+)?comments?)$",
    re.I,
)
_FOOTNOTE = re.compile(rf"^\s*([{SUPERSCRIPT_MARK}]+)\s*(.*)$", re.S)
_SUPERS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰ⁱᵛˣ", "1234567890ivx")
_ROMAN = {"i": 1, "v": 5, "x": 10}


def marker_label(marker: str) -> str:
    """``¹`` -> ``1``; ``ⁱⁱ`` (roman) -> ``2``."""
    plain = marker.translate(_SUPERS)
    if plain.isdigit():
        return str(int(plain))
    total, prev = 0, 0
    for ch in reversed(plain):
        value = _ROMAN.get(ch, 0)
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return str(total)


def split_credit(text: str) -> tuple[str, str] | None:
    m = _CREDIT.search(text)
    if not m or m.start() == 0:
        return None
    return text[: m.start()].rstrip(), m.group(0).strip()


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _doubled(text: str) -> str | None:
    """``X X`` or ``XX`` (the same text written twice) -> ``X``."""
    t = text.strip()
    n = len(t)
    for cut in range(n // 2 - 1, n // 2 + 2):
        left, right = t[:cut].strip(), t[cut:].strip()
        if left and left == right and len(left) > 20:
            return left
    return None


def _block(kind: str, unit: Unit, source: str, text: str | None = None, **kw) -> Block:
    return Block(kind=kind, text=(unit.text if text is None else text).strip(), source=source,
                 line=unit.line, end_line=unit.end_line, **kw)  # type: ignore[arg-type]


def structure(
    units: Sequence[Unit], source: str
) -> tuple[tuple[Block, ...], tuple[Removal, ...], tuple[Join, ...]]:
    units = list(units)
    joins: list[Join] = []
    blocks: list[Block] = []
    removals: list[Removal] = []
    i = 0

    # Front matter: title, authors, standfirst and deck.
    author_names: list[str] = []
    if units:
        first = units[0]
        t = first.text.strip()
        if (len(t.split()) <= 30 and len(t) <= 250 and not re.search(r"[.:;,]$", t)
                and not first.bullet
                and not split_credit(t) and not _ABSTRACT_LABEL.match(t)
                and not t.lower().startswith("abstract")):
            blocks.append(_block("title", first, source, section="front"))
            i = 1
            if i < len(units) and _AUTHORS.match(units[i].text.strip()):
                names = re.sub(r"^By\s+", "", units[i].text.strip())
                author_names = [n.strip() for n in re.split(r"\s*(?:,|&|\band\b)\s*", names)
                                if n.strip()]
                blocks.append(_block("authors", units[i], source, section="front"))
                i += 1
            for k in range(i, min(i + 3, len(units))):
                cand = units[k].text.strip()
                if split_credit(cand) or _SPECIAL_HEADING.match(cand):
                    break
                if (not ends_sentence(cand) and not cand.endswith(",") and len(cand) <= 250
                        and not units[k].bullet
                        and not _KEYWORDS.match(cand)
                        and all(len(units[j].text) <= 700 and ends_sentence(units[j].text)
                                for j in range(i, k))):
                    for j in range(i, k):
                        blocks.append(_block("paragraph", units[j], source, section="standfirst"))
                    blocks.append(_block("deck", units[k], source, section="front"))
                    i = k + 1
                    break

    section = "body"
    group = 0
    last_was_item = False
    last_caption: Block | None = None
    body_started = False
    ref_units: list[Unit] = []
    while i < len(units):
        unit = units[i]
        i += 1
        text = unit.text.strip()
        if section == "references":
            fm = _FOOTNOTE.match(text)
            if fm and fm.group(2):
                section = "footnotes"
            else:
                ref_units.append(unit)
                continue
        if section == "comments":
            blocks.append(_block("comment", unit, source, section="comments"))
            continue

        # Front-matter pieces that can appear before the body starts.
        km = _KEYWORDS.match(text)
        if km and not body_started:
            blocks.append(_block("keywords", unit, source, section="front"))
            continue
        if not body_started and author_names and _is_affiliation(text, author_names):
            blocks.append(_block("affiliation", unit, source, section="front"))
            continue
        am = _ABSTRACT_LABEL.match(text)
        if am and not body_started and len(text) > 80:
            removals.append(Removal(source, unit.line, am.group(1),
                                    "section label, shown as the “Abstract” heading"))
            blocks.append(_block("paragraph", unit, source, text[am.end():], section="abstract"))
            continue
        if text.lower() in ("abstract", "summary") and not body_started:
            removals.append(Removal(source, unit.line, text,
                                    "section label, shown as the “Abstract” heading"))
            while i < len(units) and not looks_like_heading(units[i].text) \
                    and not _KEYWORDS.match(units[i].text.strip()):
                blocks.append(_block("paragraph", units[i], source, section="abstract"))
                i += 1
            continue

        fm = _FOOTNOTE.match(text)
        if fm and fm.group(2) and section in ("body", "footnotes", "bio"):
            removals.append(Removal(source, unit.line, fm.group(1),
                                    f"footnote marker, shown as note {marker_label(fm.group(1))}"))
            blocks.append(_block("footnote", unit, source, fm.group(2), section="footnotes",
                                 label=marker_label(fm.group(1))))
            section = "footnotes"
            continue

        if _BIO.match(text):
            blocks.append(_block("bio", unit, source, re.sub(r"^\*\s*", "", text), section="bio"))
            continue

        if unit.bullet:
            if not last_was_item:
                group += 1
            last_was_item = True
            item = _BULLET.sub("", unit.text, count=1)
            blocks.append(_block("list_item", unit, source, item, section=section, group=group))
            body_started = True
            continue
        last_was_item = False

        # Captions, and the duplicate copies page extraction leaves around them.
        doubled = _doubled(text)
        if doubled is not None and split_credit(doubled):
            removals.append(Removal(source, unit.line, doubled, "caption written twice"))
            text = doubled
        if last_caption is not None and _norm(text) in {
            _norm(last_caption.text), _norm(last_caption.credit),
            _norm(last_caption.text + " " + last_caption.credit),
        }:
            removals.append(Removal(source, unit.line, text, "duplicate copy of the caption above"))
            continue
        credit = split_credit(text)
        if credit:
            cap = _block("caption", unit, source, credit[0], section=section, credit=credit[1])
            blocks.append(cap)
            last_caption = cap
            continue
        last_caption = None

        if looks_like_heading(text) and not starts_lower(text):
            if _REFERENCES.match(text):
                section = "references"
            elif _BIO_HEADING.match(text):
                section = "bio"
            elif _COMMENTS.match(text):
                section = "comments"
            blocks.append(_block("heading", unit, source, section=section))
            continue
        if _COMMENTS.match(text):
            section = "comments"
            blocks.append(_block("heading", unit, source, section=section))
            continue

        body_started = True
        kind = "bio" if section == "bio" else "paragraph"
        blocks.append(_block(kind, unit, source, section=section))

    if ref_units:
        from dossier.ingest.references import reference_blocks

        refs, ref_removals, ref_joins = reference_blocks(ref_units, source)
        blocks.extend(refs)
        removals.extend(ref_removals)
        joins.extend(ref_joins)
    blocks, dup_removals = _fold_footnote_copies(blocks, source)
    removals.extend(dup_removals)
    return tuple(blocks), tuple(removals), tuple(joins)


def _is_affiliation(text: str, authors: list[str]) -> bool:
    stripped = re.sub(r"^(?:Dr|Prof|Professor|Mr|Ms|Mrs)\.?\s+", "", text)
    return any(stripped.startswith(name) and stripped[len(name):len(name) + 1] in (",", " ")
               for name in authors) and "," in stripped


def _fold_footnote_copies(
    blocks: list[Block], source: str
) -> tuple[list[Block], list[Removal]]:
    """A reference entry that repeats a footnote's text is a copy of that note: the
    note keeps the entry's extra words (typically a URL) and the entry goes."""
    notes = {b.label: b for b in blocks if b.kind == "footnote"}
    if not notes:
        return blocks, []
    out: list[Block] = []
    removals: list[Removal] = []
    replaced: dict[str, Block] = {}
    for b in blocks:
        if b.kind == "reference":
            hit = next((n for n in notes.values()
                        if len(n.text) > 30 and _norm(b.text).startswith(_norm(n.text))), None)
            if hit is not None:
                extra = b.text[len(hit.text):].strip() if b.text.startswith(hit.text) else ""
                if extra:
                    replaced[hit.label] = replace(replaced.get(hit.label, hit),
                                                  text=f"{hit.text} {extra}")
                    removals.append(Removal(source, b.line, hit.text,
                                            f"copy of footnote {hit.label} in the reference "
                                            "list; its extra text was added to the note"))
                else:
                    removals.append(Removal(source, b.line, b.text,
                                            f"copy of footnote {hit.label} in the reference list"))
                continue
        out.append(b)
    return [replaced.get(b.label, b) if b.kind == "footnote" else b for b in out], removals
