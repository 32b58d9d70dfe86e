"""Superscript footnote markers (``¹``, ``ⁱⁱ``): the glyphs, and the note label each spells.

Shared by :mod:`.segment` (a line that starts with a marker), :mod:`.structure` (a
footnote) and :mod:`.inline` (a reference to a note).
"""

from __future__ import annotations

SUPERSCRIPT_MARK = "¹²³⁴⁵⁶⁷⁸⁹⁰ⁱᵛˣ"
_SUPERS = str.maketrans(SUPERSCRIPT_MARK, "1234567890ivx")
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
