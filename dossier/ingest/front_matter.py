"""Front-matter steps of :mod:`.structure`: title, authors, standfirst and deck.

They run once each, in order, before the body rules; authors and deck need a title.
"""

from __future__ import annotations

import re

from dossier.ingest.segment import ends_sentence
from dossier.ingest.structure_base import (
    ABSTRACT_LABEL,
    KEYWORDS,
    NAME,
    Rule,
    State,
    split_credit,
)

AUTHORS = re.compile(rf"^(?:By\s+)?{NAME}(?:\s*(?:,|&|\band\b)\s*{NAME})*$")
SPECIAL_HEADING = re.compile(
    r"^(?:abstract|summary|introduction|conclusions?|references?|bibliography|works cited"
    r"|notes|about the authors?|keywords?\b.*|(?:\w+\s+)?comments?)$",
    re.I,
)


class Title(Rule):
    """The first unit, when short (at most 30 words, 250 characters), not ending in
    ``.:;,``, and not a list item, a caption or an abstract."""

    def test(self, st: State) -> bool:
        if st.i != 0 or not st.units:
            return False
        first = st.units[0]
        t = first.text.strip()
        return (len(t.split()) <= 30 and len(t) <= 250 and not re.search(r"[.:;,،؛۔]$", t)
                and not first.bullet
                and not split_credit(t) and not ABSTRACT_LABEL.match(t)
                and not t.lower().startswith("abstract"))

    def run(self, st: State) -> bool:
        st.add("title", unit=st.units[0], section="front")
        st.i = 1
        return True


class Authors(Rule):
    """The unit right after the title when it is only personal names joined by commas,
    ``and`` or ``&`` (optionally after ``By``); the names are kept for affiliations."""

    def test(self, st: State) -> bool:
        return (st.has_title and st.i < len(st.units)
                and bool(AUTHORS.match(st.units[st.i].text.strip())))

    def run(self, st: State) -> bool:
        unit = st.units[st.i]
        names = re.sub(r"^By\s+", "", unit.text.strip())
        st.author_names = [n.strip() for n in re.split(r"\s*(?:,|&|\band\b)\s*", names)
                           if n.strip()]
        st.add("authors", unit=unit, section="front")
        st.i += 1
        return True


def _deck_at(st: State) -> int | None:
    """Index of the deck among the three units after the title (and authors), if any."""
    i, units = st.i, st.units
    for k in range(i, min(i + 3, len(units))):
        cand = units[k].text.strip()
        if split_credit(cand) or SPECIAL_HEADING.match(cand) or st.known_heading(units[k]):
            return None
        if (not ends_sentence(cand) and not cand.endswith(",") and len(cand) <= 250
                and not units[k].bullet
                and not KEYWORDS.match(cand)
                and all(len(units[j].text) <= 700 and ends_sentence(units[j].text)
                        for j in range(i, k))):
            return k
    return None


class Deck(Rule):
    """Within the three units after the title, a short unit not ending in a full stop
    (nor a comma) is the deck; the full paragraphs before it are the standfirst. A
    caption or a section heading (``Abstract``, ``Introduction`` …) ends the search."""

    def test(self, st: State) -> bool:
        return st.has_title and _deck_at(st) is not None

    def run(self, st: State) -> bool:
        k = _deck_at(st)
        assert k is not None
        for j in range(st.i, k):
            st.add("paragraph", unit=st.units[j], section="standfirst")
        st.add("deck", unit=st.units[k], section="front")
        st.i = k + 1
        return True
