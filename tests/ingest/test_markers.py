"""dossier.ingest.markers: superscript footnote markers and their labels."""

from __future__ import annotations

import pytest

from dossier.ingest.markers import SUPERSCRIPT_MARK, marker_label


@pytest.mark.parametrize(("marker", "label"), [
    ("¹", "1"), ("²", "2"), ("⁹", "9"), ("¹⁰", "10"), ("¹²", "12"), ("⁰¹", "1"),
])
def test_arabic_markers_give_their_number(marker: str, label: str) -> None:
    assert marker_label(marker) == label


@pytest.mark.parametrize(("marker", "label"), [
    ("ⁱ", "1"), ("ⁱⁱ", "2"), ("ⁱⁱⁱ", "3"), ("ⁱᵛ", "4"), ("ᵛ", "5"), ("ᵛⁱ", "6"),
    ("ⁱˣ", "9"), ("ˣ", "10"), ("ˣⁱⁱ", "12"),
])
def test_roman_markers_give_their_value(marker: str, label: str) -> None:
    assert marker_label(marker) == label


def test_every_mark_has_a_label() -> None:
    assert all(marker_label(ch) not in ("", "0") or ch == "⁰" for ch in SUPERSCRIPT_MARK)
    assert len(SUPERSCRIPT_MARK) == 13
