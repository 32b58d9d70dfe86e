"""Superscript footnote markers (``¹``, ``ⁱⁱ``): the glyphs, and the note label each spells.

Shared by :mod:`.segment` (a line that starts with a marker; one that ends a sentence
before its markers), :mod:`.structure` (a footnote) and :mod:`.inline` (a reference to a
note, or to several: ``²,³``).
"""

from __future__ import annotations

import re

SUPERSCRIPT_MARK = "¹²³⁴⁵⁶⁷⁸⁹⁰ⁱᵛˣ"
# Markers for several notes at one place: ``²,³``, ``² ³`` (a regex, no groups).
_MARKS = rf"[{SUPERSCRIPT_MARK}]+"
MARKER_RUN = rf"{_MARKS}(?:[ \t]*,[ \t]*{_MARKS}|[ \t]+{_MARKS})*"
_SUPERS = str.maketrans(SUPERSCRIPT_MARK, "1234567890ivx")
_ROMAN = {"i": 1, "v": 5, "x": 10}
_ONE = re.compile(_MARKS)


def marker_labels(run: str) -> list[str]:
    """``²,³`` (a :data:`MARKER_RUN`) -> ``["2", "3"]``: each marker's note label."""
    return [marker_label(m) for m in _ONE.findall(run)]


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
