"""dossier.ingest.line_rules: the lines that go before segmenting, each rule on its case and
a near miss."""

from __future__ import annotations

import re

from dossier.ingest import line_rules
from dossier.ingest.line_rules import LINE_RULES, drop_lines, load_boilerplate
from dossier.model import Line


def test_rules_are_registered_in_order() -> None:
    assert LINE_RULES.names() == ["boilerplate", "section_break", "page_number",
                                  "running_header"]


def test_line_rules_fire_on_their_case_and_not_a_near_miss() -> None:
    ctx = line_rules._Lines((re.compile("share this", re.I),), frozenset({"Dawn, 3 May"}))
    assert LINE_RULES["boilerplate"].test("Share this", ctx)
    assert not LINE_RULES["boilerplate"].test("Share this story", ctx)
    for key in ("12", "Page 3", "- 4 -", "3 of 9"):
        assert LINE_RULES["page_number"].test(key, ctx)
    assert not LINE_RULES["page_number"].test("12 soldiers", ctx)
    for key in ("* * *", "---", "___", "⁂", "• • •", "===", "#  #  #"):
        assert LINE_RULES["section_break"].test(key, ctx)
    for key in ("**", "- item", "--- end ---", "...", "* A point"):
        assert not LINE_RULES["section_break"].test(key, ctx)
    assert LINE_RULES["running_header"].test("Dawn, 3 May", ctx)
    assert not LINE_RULES["running_header"].test("Dawn, 4 May", ctx)


def test_boilerplate_list_skips_comments_and_blank_lines() -> None:
    patterns = load_boilerplate("# a comment\n\nShare this\n  Subscribe now  \n")
    assert [p.pattern for p in patterns] == ["Share this", "Subscribe now"]
    assert all(p.flags & re.I for p in patterns)


def test_a_page_number_leaves_a_break_and_a_section_break_does_not() -> None:
    src = tuple(Line(n, t) for n, t in enumerate(["One", "12", "Two", "* * *", "Three"], 1))
    removals: list = []
    kept = drop_lines(src, "x.txt", (), removals)
    assert [ln.text if ln else None for ln in kept] == ["One", None, "Two", "Three"]
    assert [(r.line, r.reason) for r in removals] == [
        (2, "page number"), (4, "section break (a line of symbols)")]
