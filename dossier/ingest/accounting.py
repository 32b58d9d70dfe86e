"""Word accounting: proves the cleaner lost no word.

The words of the normalised raw text must equal, as a multiset, the words of the
structured document plus the words of every logged removal, after undoing logged
joins (line-break hyphenation and URLs rejoined across a page break). Words are
runs of letters or runs of digits after NFKC (so ``¹`` counts as ``1``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from dossier.model import Block, Join, Line, Removal

_WORD = re.compile(r"[^\W\d_]+|\d+")


_SUPERSCRIPT = re.compile("([¹²³⁴⁵⁶⁷⁸⁹⁰ⁱᵛˣ])")


def words(text: str) -> list[str]:
    """Each superscript character is a word of its own (``0¹²`` is ``0``, ``1``, ``2``)."""
    text = _SUPERSCRIPT.sub(r" \1 ", text)
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


@dataclass(frozen=True)
class Account:
    raw: int
    kept: int
    removed: int
    joined: int
    missing: tuple[tuple[str, int], ...]  # in the raw text, not accounted for
    extra: tuple[tuple[str, int], ...]  # in the output, not in the raw text

    @property
    def balanced(self) -> bool:
        return not self.missing and not self.extra


def account(lines: tuple[Line, ...] | list[Line], blocks: tuple[Block, ...],
            removals: tuple[Removal, ...], joins: tuple[Join, ...]) -> Account:
    raw = Counter(w for ln in lines for w in words(ln.text))
    kept = Counter(w for b in blocks for w in words(b.text) + words(b.credit))
    removed = Counter(w for r in removals for w in words(r.text))
    out = kept + removed
    for j in joins:
        for w in words(j.joined):
            out[w] -= 1
        for part in j.parts:
            for w in words(part):
                out[w] += 1
    out = +out
    missing = raw - out
    extra = out - raw
    return Account(sum(raw.values()), sum(kept.values()), sum(removed.values()), len(joins),
                   tuple(sorted(missing.items())), tuple(sorted(extra.items())))
