"""dossier.ingest.marks: Markdown block marks at the start of a seed's lines."""

from __future__ import annotations

from dossier.ingest.marks import strip_marks
from dossier.model import Line


def lines(*texts: str) -> list[Line]:
    return [Line(n, t) for n, t in enumerate(texts, 1)]


def test_heading_marks_go_and_say_heading() -> None:
    out, removals, hints = strip_marks(lines("# Title", "", "Text.", "### Part two ###"), "s")
    assert [ln.text for ln in out] == ["Title", "", "Text.", "Part two"]
    assert [(r.line, r.text, r.reason) for r in removals] == [
        (1, "#", "Markdown heading mark"), (4, "###", "Markdown heading mark")]
    assert hints == {0: True, 3: True}
    assert [ln.number for ln in out] == [1, 2, 3, 4]


def test_a_lone_hash_line_is_text() -> None:
    src = lines("# of votes cast rose by a third.", "", "#hashtag", "####### seven")
    out, removals, hints = strip_marks(src, "s")
    assert out == src and not removals and not hints


def test_quotation_marks_go_and_say_not_a_heading() -> None:
    out, removals, hints = strip_marks(lines("> Quoted Words", ">> > Nested", ">"), "s")
    assert [ln.text for ln in out] == ["Quoted Words", "Nested", ">"]
    assert [r.text for r in removals] == [">", ">> >"]
    assert hints == {0: False, 1: False}
