"""dossier.ingest.segment: units, and the rules that join units back (the line rules it
runs first are tested in test_line_rules.py, and end to end here)."""

from __future__ import annotations

import re

from dossier.ingest import segment as seg
from dossier.ingest.segment import (
    JOIN_RULES,
    Unit,
    ends_sentence,
    join_hyphenated,
    looks_like_heading,
    segment,
    starts_lower,
)
from dossier.model import Line


def lines(*texts: str) -> tuple[Line, ...]:
    return tuple(Line(n + 1, t) for n, t in enumerate(texts))


def texts(result: seg.Segmented) -> list[str]:
    return [u.text for u in result.units]


def test_join_rules_are_registered_in_order() -> None:
    assert JOIN_RULES.names() == ["hyphen_end", "lower_start", "open_end", "cut_by_break"]


def test_removed_lines_are_logged_with_their_reason() -> None:
    out = segment(lines("Share this", "A paragraph.", "", "7", "", "Another one."), "x.txt",
                  (re.compile("share this", re.I),))
    assert texts(out) == ["A paragraph.", "Another one."]
    assert [(r.line, r.reason) for r in out.removals] == [
        (1, "boilerplate (seeds/boilerplate.list)"), (4, "page number")]


def test_running_headers_repeated_three_times_go() -> None:
    out = segment(lines("Header", "One.", "", "Header", "Two.", "", "Header", "Three."), "x")
    assert texts(out) == ["One.", "Two.", "Three."]
    assert {r.reason for r in out.removals} == {"running header or footer"}


def test_a_wrapped_block_counts_as_a_copy_of_a_running_header() -> None:
    # Two copies as lines and a third wrapped over two lines: cleaned, the third becomes one
    # paragraph with the same text, and cleaning that output would find three copies. So
    # this pass finds three: the two lines go, the wrapped block stays (a block never goes).
    out = segment(lines("Short repeated line", "", "Body one.", "", "Short repeated line", "",
                        "Body two.", "", "Short repeated", "line", "", "Body three."), "x")
    assert [r.line for r in out.removals] == [1, 5]
    assert "Body three." in texts(out)
    assert any("Short repeated" in t for t in texts(out))


def test_a_paragraph_ending_in_a_web_address_is_not_glued_to_the_next() -> None:
    long = "word " * 45 + "at https://mofa.gov.pk/assessment-2022"
    out = segment(lines(long, "", "The opposition answered the next day.", "",
                        long, "", "for anyone to read in full."), "x")
    # before a capital the address ends the paragraph; before lower case the sentence runs on
    assert texts(out) == [long, "The opposition answered the next day.",
                          long + " for anyone to read in full."]
    assert not JOIN_RULES["cut_by_break"](long, Unit("The next one.", 3, 3), False)
    assert JOIN_RULES["cut_by_break"]("word " * 45 + "word", Unit("The next one.", 3, 3), False)


def test_join_rules_fire_on_their_case_and_not_a_near_miss() -> None:
    nxt = Unit("Next", 2, 2)
    assert JOIN_RULES["hyphen_end"]("a long compound-", nxt, False)
    assert not JOIN_RULES["hyphen_end"]("a long compound", nxt, False)
    assert JOIN_RULES["lower_start"]("whatever", Unit("and then", 2, 2), False)
    assert not JOIN_RULES["lower_start"]("whatever", nxt, False)
    long_open = "word " * 25 + "of the"
    assert JOIN_RULES["open_end"](long_open, nxt, False)
    assert not JOIN_RULES["open_end"]("short of the", nxt, False)
    after_break = Unit("Continues the sentence that was cut.", 2, 2, after_removed_break=True)
    assert JOIN_RULES["cut_by_break"]("word " * 14 + "word", after_break, True)
    assert not JOIN_RULES["cut_by_break"]("word " * 14 + "word", Unit("A Heading", 2, 2,
                                                                    after_removed_break=True), True)
    assert not JOIN_RULES["cut_by_break"]("word " * 14 + "word", Unit("Continues.", 2, 2), True)


def test_units_join_across_a_page_break() -> None:
    out = segment(lines("It said, in short, that the sentence runs", "", "on to the next page."),
                  "x")
    assert texts(out) == ["It said, in short, that the sentence runs on to the next page."]
    kept = segment(lines("A Heading", "", "the text."), "x")
    assert texts(kept) == ["A Heading", "the text."]


def test_a_bullet_starts_a_unit() -> None:
    out = segment(lines("- one", "- two"), "x")
    assert [(u.text, u.bullet) for u in out.units] == [("- one", True), ("- two", True)]


def test_stray_fragment_of_a_wrapped_block() -> None:
    wrapped = ["the line of a wrapped text that goes on", "and on without a stop in",
               "the middle of it all which", "keeps going like this for", "a while longer and",
               "then some"]
    out = segment(lines(*wrapped, "", "more words follow here."), "x")
    assert out.wrapped
    assert [r.reason for r in out.removals] == ["stray fragment left by a column break"]
    assert seg._drop_stray_fragment([Line(1, "a b c"), Line(2, "end.")], "Next", "x", []) == [
        Line(1, "a b c"), Line(2, "end.")]


def test_predicates() -> None:
    assert ends_sentence("It ended.¹") and not ends_sentence("It goes on")
    assert all(ends_sentence(f"It ended.{m}") for m in ("²,³", "² ³", "¹²,ⁱᵛ "))
    assert not ends_sentence("It goes on,") and not ends_sentence("It goes on ²,³")
    assert starts_lower("“and then") and not starts_lower("¹ a note")
    assert looks_like_heading("The Way Forward") and not looks_like_heading("A, b, c")
    assert join_hyphenated("compound-", "Words", set()) == ("compound-Words", False)
    assert join_hyphenated("infor-", "mation", set()) == ("information", True)
    assert join_hyphenated("well-", "known", {"well-known"}) == ("well-known", False)


def test_sentence_ends_and_headings_in_other_scripts() -> None:
    for text in ("دورہ کیا۔", "کیا پابندیاں لگیں گی؟", "बैठक हुई।", "会议结束。", "«Fin.»"):
        assert ends_sentence(text), text
    assert looks_like_heading("روس کا دورہ")  # Arabic script has no case: not lower case
    assert not looks_like_heading("روس، چین، امریکہ")  # Arabic commas: a list
    assert not looks_like_heading("روس کا دورہ،")
    assert not looks_like_heading("lower case start")
