"""Body rules of :mod:`.structure`: one class per kind of unit, tried in the order
:func:`.structure.body_rules` registers them; the first that consumes a unit wins.

A few rules pass a unit on after changing the state (``run`` returns False): the
reference list seeing a footnote, the end of a list, a doubled caption, the end of a
caption's copies.
"""

from __future__ import annotations

import re

from dossier.ingest.line_rules import BULLET
from dossier.ingest.markers import marker_label
from dossier.ingest.segment import looks_like_heading, starts_lower
from dossier.ingest.structure_base import (
    ABSTRACT_LABEL,
    ABSTRACT_REMOVAL,
    COMMENTS,
    FOOTNOTE,
    KEYWORDS,
    NAME,
    Rule,
    State,
    norm,
    split_credit,
)

REFERENCES = re.compile(
    r"^(references?|bibliography|works\s+cited|literature\s+cited|reference\s+list|sources)$",
    re.I,
)
BIO_HEADING = re.compile(r"^about\s+the\s+authors?$", re.I)
BIO = re.compile(
    rf"^\*\s*{NAME}\s+(?:is|was|has|writes|teaches|works|serves|chairs)\b", re.UNICODE
)
_TITLES = re.compile(r"^(?:Dr|Prof|Professor|Mr|Ms|Mrs)\.?\s+")


class ReferenceEntry(Rule):
    """Under a references heading, every unit is (part of) an entry, kept for
    :mod:`.references`, until a unit that begins with a footnote marker opens the notes."""

    def test(self, st: State) -> bool:
        return st.section == "references"

    def run(self, st: State) -> bool:
        fm = FOOTNOTE.match(st.text)
        if fm and fm.group(2):
            st.section = "footnotes"
            return False
        assert st.unit is not None
        st.ref_units.append(st.unit)
        return True


class Comment(Rule):
    """Under a comments heading, every unit is a reader's comment."""

    def test(self, st: State) -> bool:
        return st.section == "comments"

    def run(self, st: State) -> bool:
        st.add("comment", section="comments")
        return True


class Keywords(Rule):
    """``Keywords: …`` or ``Index terms: …`` before the body starts."""

    def test(self, st: State) -> bool:
        return not st.body_started and bool(KEYWORDS.match(st.text))

    def run(self, st: State) -> bool:
        st.add("keywords", section="front")
        return True


def is_affiliation(text: str, authors: list[str]) -> bool:
    """Starts with one of ``authors`` (optionally after ``Dr.``/``Prof.`` …) and a comma
    or space, and has a comma."""
    stripped = _TITLES.sub("", text)
    return any(stripped.startswith(name) and stripped[len(name):len(name) + 1] in (",", " ")
               for name in authors) and "," in stripped


class Affiliation(Rule):
    """Before the body, a unit that starts with an author's name and a comma."""

    def test(self, st: State) -> bool:
        return (not st.body_started and bool(st.author_names)
                and is_affiliation(st.text, st.author_names))

    def run(self, st: State) -> bool:
        st.add("affiliation", section="front")
        return True


class AbstractLabel(Rule):
    """Before the body, a paragraph (over 80 characters) labelled ``Abstract:`` or
    ``Summary:``; the label goes, shown as the heading."""

    def test(self, st: State) -> bool:
        return not st.body_started and bool(ABSTRACT_LABEL.match(st.text)) and len(st.text) > 80

    def run(self, st: State) -> bool:
        am = ABSTRACT_LABEL.match(st.text)
        assert am is not None
        st.remove(am.group(1), ABSTRACT_REMOVAL)
        st.add("paragraph", st.text[am.end():], section="abstract")
        return True


class AbstractHeading(Rule):
    """Before the body, a unit that is only ``Abstract`` or ``Summary``: the paragraphs
    under it, up to the next heading or keywords, are the abstract."""

    def test(self, st: State) -> bool:
        return not st.body_started and st.text.lower() in ("abstract", "summary")

    def run(self, st: State) -> bool:
        st.remove(st.text, ABSTRACT_REMOVAL)
        while st.i < len(st.units) and not looks_like_heading(st.units[st.i].text) \
                and not KEYWORDS.match(st.units[st.i].text.strip()):
            st.add("paragraph", unit=st.units[st.i], section="abstract")
            st.i += 1
        return True


class Footnote(Rule):
    """A unit that begins with a superscript marker (``¹``, ``ⁱ``) and has text after it,
    in the body, the notes or the bio; the marker becomes the note's label."""

    def test(self, st: State) -> bool:
        fm = FOOTNOTE.match(st.text)
        return bool(fm and fm.group(2)) and st.section in ("body", "footnotes", "bio")

    def run(self, st: State) -> bool:
        fm = FOOTNOTE.match(st.text)
        assert fm is not None
        st.remove(fm.group(1), f"footnote marker, shown as note {marker_label(fm.group(1))}")
        st.add("footnote", fm.group(2), section="footnotes", label=marker_label(fm.group(1)))
        st.section = "footnotes"
        return True


class Bio(Rule):
    """An asterisked unit ``* Name Surname is …`` (the op-ed convention)."""

    def test(self, st: State) -> bool:
        return bool(BIO.match(st.text))

    def run(self, st: State) -> bool:
        st.add("bio", re.sub(r"^\*\s*", "", st.text), section="bio")
        return True


class ListItem(Rule):
    """A unit that began with a bullet glyph or a ``-``/``*``/``+`` marker; items in a
    row share a list (``group``)."""

    def test(self, st: State) -> bool:
        return st.unit is not None and st.unit.bullet

    def run(self, st: State) -> bool:
        assert st.unit is not None
        if not st.last_was_item:
            st.group += 1
        st.last_was_item = True
        item = BULLET.sub("", st.unit.text, count=1)
        st.add("list_item", item, section=st.section, group=st.group)
        st.body_started = True
        return True


class ListEnd(Rule):
    """Any unit that gets past the list rule closes the open list (passes the unit on)."""

    def test(self, st: State) -> bool:
        return True

    def run(self, st: State) -> bool:
        st.last_was_item = False
        return False


def undouble(text: str) -> str | None:
    """``X X`` or ``XX`` (the same text, over 20 characters, written twice) -> ``X``."""
    t = text.strip()
    n = len(t)
    for cut in range(n // 2 - 1, n // 2 + 2):
        left, right = t[:cut].strip(), t[cut:].strip()
        if left and left == right and len(left) > 20:
            return left
    return None


class DoubledCaption(Rule):
    """A caption written twice in a row (``X X``): one copy goes; the rules after this
    one see the single copy."""

    def test(self, st: State) -> bool:
        doubled = undouble(st.text)
        return doubled is not None and bool(split_credit(doubled))

    def run(self, st: State) -> bool:
        doubled = undouble(st.text)
        assert doubled is not None
        st.remove(doubled, "caption written twice")
        st.text = doubled
        return False


class CaptionCopy(Rule):
    """Right after a caption, a copy of its text, its credit, or both."""

    def test(self, st: State) -> bool:
        cap = st.last_caption
        return cap is not None and norm(st.text) in {
            norm(cap.text), norm(cap.credit), norm(cap.text + " " + cap.credit),
        }

    def run(self, st: State) -> bool:
        st.remove(st.text, "duplicate copy of the caption above")
        return True


class Caption(Rule):
    """A unit ending in a photo credit in parentheses (``(photo credit: X)`` or
    ``(Name/Agency)``); the credit is kept apart."""

    def test(self, st: State) -> bool:
        return split_credit(st.text) is not None

    def run(self, st: State) -> bool:
        credit = split_credit(st.text)
        assert credit is not None
        st.last_caption = st.add("caption", credit[0], section=st.section, credit=credit[1])
        return True


class CaptionEnd(Rule):
    """Any unit that gets past the caption rules ends the run of a caption's copies
    (passes the unit on)."""

    def test(self, st: State) -> bool:
        return True

    def run(self, st: State) -> bool:
        st.last_caption = None
        return False


class Heading(Rule):
    """A short capitalised unit without sentence punctuation at the end. ``References``
    (and the like) opens the reference list, ``About the author`` the bio, ``N Comments``
    or ``Leave a reply`` the reader comments."""

    def test(self, st: State) -> bool:
        assert st.unit is not None
        known = st.known_heading(st.unit)
        if known is not None:
            return known
        return looks_like_heading(st.text) and not starts_lower(st.text)

    def run(self, st: State) -> bool:
        if REFERENCES.match(st.text):
            st.section = "references"
        elif BIO_HEADING.match(st.text):
            st.section = "bio"
        elif COMMENTS.match(st.text):
            st.section = "comments"
        st.add("heading", section=st.section)
        return True


class CommentsHeading(Rule):
    """``Leave a reply``/``3 comments`` and the like, even when not shaped as a heading
    (lower case): the reader comments start."""

    def test(self, st: State) -> bool:
        return bool(COMMENTS.match(st.text))

    def run(self, st: State) -> bool:
        st.section = "comments"
        st.add("heading", section=st.section)
        return True


class Paragraph(Rule):
    """Anything else: a paragraph (a bio paragraph under ``About the author``); the body
    has started."""

    def test(self, st: State) -> bool:
        return True

    def run(self, st: State) -> bool:
        st.body_started = True
        st.add("bio" if st.section == "bio" else "paragraph", section=st.section)
        return True
