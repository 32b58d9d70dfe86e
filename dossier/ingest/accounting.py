"""Word accounting: proves the cleaner lost no word.

The words of the normalised raw text must equal, as a multiset, the words of the
structured document plus the words of every logged removal, after undoing logged
joins (line-break hyphenation and URLs rejoined across a page break). Words are
runs of letters or runs of digits after NFKC (so ``¹`` counts as ``1``).

:func:`check` runs on every document the build ingests: a word that disappears without a
logged removal (or appears from nowhere) is a build error naming the raw line it was on.
What the pages show of a block is its text and spans (references included: the page
never rebuilds an entry from its parsed fields), so what is accounted for here is what
the reader sees.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from dossier.model import Block, Diagnostic, Join, Line, Removal

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


def _output(blocks: tuple[Block, ...], removals: tuple[Removal, ...],
            joins: tuple[Join, ...]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """(kept, removed, kept + removed with the joins undone)."""
    kept = Counter(w for b in blocks for w in words(b.text) + words(b.credit))
    removed = Counter(w for r in removals for w in words(r.text))
    out = kept + removed
    for j in joins:
        for w in words(j.joined):
            out[w] -= 1
        for part in j.parts:
            for w in words(part):
                out[w] += 1
    return kept, removed, +out


def account(lines: tuple[Line, ...] | list[Line], blocks: tuple[Block, ...],
            removals: tuple[Removal, ...], joins: tuple[Join, ...]) -> Account:
    raw = Counter(w for ln in lines for w in words(ln.text))
    kept, removed, out = _output(blocks, removals, joins)
    missing = raw - out
    extra = out - raw
    return Account(sum(raw.values()), sum(kept.values()), sum(removed.values()), len(joins),
                   tuple(sorted(missing.items())), tuple(sorted(extra.items())))


SHOWN_WORDS = 8  # missing or extra words quoted in one diagnostic


def check(lines: tuple[Line, ...] | list[Line], blocks: tuple[Block, ...],
          removals: tuple[Removal, ...], joins: tuple[Join, ...], source: str
          ) -> tuple[Diagnostic, ...]:
    """The accounting as build errors: one per raw line with words the document lost,
    one per block with words the source does not have.

    A lost word is blamed on the raw lines that have it, first those no block spans and
    no removal names (where a whole passage went missing), in reading order."""
    result = account(lines, blocks, removals, joins)
    if result.balanced:
        return ()
    covered = {r.line for r in removals}
    for b in blocks:
        covered.update(range(b.line, b.end_line + 1))
    per_line = [(ln, Counter(words(ln.text))) for ln in lines]
    order = sorted(per_line, key=lambda lc: (lc[0].number in covered, lc[0].number))
    lost: dict[int, list[str]] = {}
    for w, count in result.missing:
        for ln, have in order:
            if count <= 0:
                break
            take = min(count, have[w])
            lost.setdefault(ln.number, []).extend([w] * take)
            count -= take
    diags: list[Diagnostic] = []
    for ln, _ in per_line:
        gone = sorted(lost.get(ln.number, ()), key=words(ln.text).index)
        if gone:
            diags.append(Diagnostic(
                source, ln.number,
                f"{len(gone)} word(s) of this line are not in the document and no removal "
                f"explains them: {_quote(gone)}",
                "a cleaning rule dropped them: fix the rule, or log the removal with its "
                "reason (dossier/ingest/accounting.py)", "error"))
    extra = Counter(dict(result.extra))
    for b in blocks:
        found = [w for w in words(b.text) + words(b.credit) if extra[w] > 0]
        for w in found:
            extra[w] -= 1
        if found:
            diags.append(Diagnostic(
                source, b.line,
                f"{len(found)} word(s) of this {b.kind.replace('_', ' ')} are not in the "
                f"source: {_quote(found)}",
                "a cleaning rule added or re-spelt them: log the join that made them, or "
                "keep the source's words", "error"))
    return tuple(diags)


def _quote(found: list[str]) -> str:
    shown = ", ".join(found[:SHOWN_WORDS])
    return shown + (f" … (+{len(found) - SHOWN_WORDS})" if len(found) > SHOWN_WORDS else "")
