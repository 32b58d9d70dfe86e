"""Headings shifted down, the one rule for editors' Markdown and essays."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from dossier.util.headings import shift_headings


def tags(shift: int | None, top: int, *levels: int) -> list[str]:
    root = etree.Element("div")
    for n in levels:
        etree.SubElement(root, f"h{n}")
    etree.SubElement(root, "p")
    shift_headings(root, shift, top)
    return [el.tag for el in root]


def test_a_fixed_shift_stops_at_h6() -> None:
    assert tags(1, 1, 1, 2, 6) == ["h2", "h3", "h6", "p"]
    assert tags(2, 1, 1, 5) == ["h3", "h6", "p"]


def test_without_a_shift_the_highest_heading_becomes_top() -> None:
    assert tags(None, 2, 3, 4, 6) == ["h2", "h3", "h5", "p"]
    assert tags(None, 2, 1, 2) == ["h2", "h3", "p"]
    assert tags(None, 2) == ["p"]
