"""Headings moved down inside rendered Markdown, so that a page keeps its one ``<h1>``."""

from __future__ import annotations

import xml.etree.ElementTree as etree

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def shift_headings(root: etree.Element, shift: int | None = None, top: int = 1) -> None:
    """Move every heading under ``root`` down ``shift`` levels, never above ``<h{top}>``
    nor below ``<h6>``. Without ``shift``, the highest heading becomes ``<h{top}>``."""
    heads = [el for el in root.iter() if el.tag in HEADINGS]
    if not heads:
        return
    if shift is None:
        shift = top - min(int(h.tag[1]) for h in heads)
    for h in heads:
        h.tag = f"h{min(6, max(top, int(h.tag[1]) + shift))}"
