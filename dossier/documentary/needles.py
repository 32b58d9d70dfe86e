"""Many pieces of text found in one pass: an Aho–Corasick automaton (``pyahocorasick``) over
the lower-case pieces ("needles") that the cue and alias pre-checks look for.

A pre-check asks "is this piece in the text?" for every cue of every theme and every alias
of the gazetteer; asked one piece at a time that is thousands of scans of each passage. The
automaton reads the passage once and reports every occurrence of every piece, overlapping
ones included, exactly as repeated ``str.find`` would.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick

__all__ = ["NeedleIndex"]


class NeedleIndex:
    """The pieces ``needles`` (the empty piece is never looked for: it is in every text)."""

    def __init__(self, needles: Iterable[str]) -> None:
        self.needles = frozenset(n for n in needles if n)
        self._automaton: ahocorasick.Automaton | None = None
        if self.needles:
            automaton = ahocorasick.Automaton()
            for needle in sorted(self.needles):
                automaton.add_word(needle, (len(needle) - 1, needle))
            automaton.make_automaton()
            self._automaton = automaton

    def positions(self, text: str) -> dict[str, list[int]]:
        """Each piece found in ``text`` -> the start of each of its occurrences, ascending
        (overlapping occurrences too: "aa" is at 0 and 1 of "aaa")."""
        found: dict[str, list[int]] = {}
        if self._automaton is None:
            return found
        for end, (extra, needle) in self._automaton.iter(text):
            at = found.get(needle)
            if at is None:
                found[needle] = [end - extra]
            else:
                at.append(end - extra)
        return found

    def present(self, text: str) -> set[str]:
        """The pieces found in ``text``."""
        if self._automaton is None:
            return set()
        return {needle for _, (_, needle) in self._automaton.iter(text)}
