"""dossier.ingest.inline: markup residue -> plain text and spans."""

from __future__ import annotations

from dossier.ingest.inline import apply_inline, parse_inline
from dossier.model import Block, Span


def test_markdown_link_becomes_a_link_span() -> None:
    text, spans, removals = parse_inline("See [the report](https://example.org/a b).")
    assert text == "See [the report](https://example.org/a b)."  # a space: not a link
    text, spans, removals = parse_inline("See [the report](https://example.org/r).", "x", 3)
    assert text == "See the report."
    assert spans == (Span(4, 14, "link", "https://example.org/r"),)
    assert [(r.line, r.reason) for r in removals] == [
        (3, "link target, kept as the link's address")]


def test_link_repeating_its_text() -> None:
    _, _, removals = parse_inline("[https://example.org](https://example.org)")
    assert removals[0].reason == "link target repeating its own text"


def test_autolinks_and_bare_urls_are_encoded() -> None:
    text, spans, _ = parse_inline('At <https://example.org/"q"> and https://example.org/é.')
    assert text == 'At https://example.org/"q" and https://example.org/é.'
    assert [s.target for s in spans] == [
        "https://example.org/%22q%22", "https://example.org/%C3%A9"]


def test_emphasis_and_escapes() -> None:
    text, spans, _ = parse_inline(r"The *Dawn* costs \$2 and 2*3*4.")
    assert text == "The Dawn costs $2 and 2*3*4."
    assert spans == (Span(4, 8, "em"),)


def test_strong_emphasis() -> None:
    text, spans, _ = parse_inline("A **firm** *no*, 2**3 and ** spaced ** stay.")
    assert text == "A firm no, 2**3 and ** spaced ** stay."
    assert spans == (Span(2, 6, "strong"), Span(7, 9, "em"))


def test_footnote_marker_becomes_a_reference() -> None:
    text, spans, removals = parse_inline("A claim.² More.")
    assert text == "A claim. More."
    assert spans == (Span(8, 8, "fnref", "2"),)
    assert removals[0].reason == "footnote marker, shown as a link to note 2"
    assert parse_inline("x²y")[1] == ()  # inside a word: not a marker


def test_markers_for_several_notes_are_one_reference() -> None:
    """``²,³`` and ``² ³`` mark two notes at one place: one span, its labels joined by a
    comma, the separators gone with the glyphs (the page shows "2,3")."""
    for marked in ("A claim.²,³ More.", "A claim.² ³ More.", "A claim.² , ³ More."):
        text, spans, removals = parse_inline(marked)
        assert (text, spans) == ("A claim. More.", (Span(8, 8, "fnref", "2,3"),)), marked
        assert removals[0].reason == "footnote marker, shown as a link to notes 2, 3"
    assert parse_inline("A claim.¹ and ² more")[1] == (Span(8, 8, "fnref", "1"),)


def test_hyphen_space_in_short_compounds_closes() -> None:
    assert parse_inline("US- Pakistan ties")[0] == "US-Pakistan ties"
    assert parse_inline("well- Known")[0] == "well- Known"


def test_apply_inline_covers_fields_and_credit() -> None:
    block = Block(kind="caption", text="*A* picture", source="x", line=1, end_line=1,
                  credit=r"(\*AP)", fields=(("title", "*T*"),))
    (out,), removals = apply_inline((block,))
    assert (out.text, out.credit, out.fields) == ("A picture", "(*AP)", (("title", "T"),))
    assert out.spans == (Span(0, 1, "em"),) and removals == ()
