"""Stage 2b: Markdown block marks left at the start of a seed's lines -> lines without them.

Text copied out of a Markdown source keeps its block marks, which the reader must not see:

- ``## Background``: a heading mark (``#`` to ``######``, then a space; closing ``#``s
  too). Only in a document with two such lines or more, so that a lone ``# of votes``
  stays text. The line is then known to be a heading, whatever its shape.
- ``> quoted words``: a quotation mark (``>``, ``> >``). The line is then known not to be
  a heading.

Each mark removed is logged with its line. What the marks say is handed to
:func:`~dossier.ingest.structure.structure` as hints, as a web page's tags are
(:mod:`.webpage`). Inline residue (emphasis, links) is :mod:`.inline`'s, and section breaks
(``* * *``) are :mod:`.segment`'s.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dossier.model import Line, Removal

_HEADING = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+(?P<text>\S.*?)(?:[ \t]+#+)?[ \t]*$")
_QUOTE = re.compile(r"^[ ]{0,3}(?P<mark>>(?:[ \t]*>)*)[ \t]*(?=\S)")


def strip_marks(lines: Sequence[Line], source: str
                ) -> tuple[list[Line], list[Removal], dict[int, bool]]:
    """(the lines without their marks, the marks removed, line index -> heading or not)."""
    headings = sum(1 for ln in lines if _HEADING.match(ln.text)) >= 2
    out: list[Line] = []
    removals: list[Removal] = []
    hints: dict[int, bool] = {}
    for i, ln in enumerate(lines):
        m = _HEADING.match(ln.text) if headings else None
        if m:
            removals.append(Removal(source, ln.number, m.group(1), "Markdown heading mark"))
            out.append(Line(ln.number, m.group("text")))
            hints[i] = True
            continue
        q = _QUOTE.match(ln.text)
        if q:
            removals.append(Removal(source, ln.number, q.group("mark"),
                                    "Markdown quotation mark"))
            out.append(Line(ln.number, ln.text[q.end():]))
            hints[i] = False
            continue
        out.append(ln)
    return out, removals, hints
