"""dossier.ingest.references: reference entries rebuilt, de-duplicated and parsed."""

from __future__ import annotations

from dossier.ingest.references import parse_fields, reference_blocks
from dossier.ingest.segment import Unit


def units(*texts: str) -> list[Unit]:
    return [Unit(t, n + 1, n + 1) for n, t in enumerate(texts)]


def entries(*texts: str) -> list[str]:
    return [b.text for b in reference_blocks(units(*texts), "x")[0]]


def test_an_entry_continues_on_a_lower_case_or_url_unit() -> None:
    assert entries("Doe, J. A book about", "the border. 2001.", "Roe, K. Another. 2002.") == [
        "Doe, J. A book about the border. 2001.", "Roe, K. Another. 2002."]
    assert entries("Doe, J. A report.", "https://example.org/r") == [
        "Doe, J. A report. https://example.org/r"]


def test_a_new_author_starts_a_new_entry() -> None:
    assert entries("Doe, J. A report of the", "Roe, K. Another.") == [
        "Doe, J. A report of the", "Roe, K. Another."]
    assert len(entries("Doe, J. Report.", "Roe, K. Another.")) == 2


def test_a_url_cut_by_a_page_break_is_rejoined_without_a_space() -> None:
    blocks, _, joins = reference_blocks(units("Doe, J. (https://example.org/long",
                                              "path/page)"), "x")
    assert blocks[0].text == "Doe, J. (https://example.org/longpath/page)"
    assert [(j.line, j.parts, j.joined) for j in joins] == [(2, ("long", "path"), "longpath")]


def test_duplicates_go_markers_drop() -> None:
    blocks, removals, _ = reference_blocks(units("- Doe, J. A Book. 2001.",
                                                 "Doe, J. A book 2001"), "x")
    assert [b.text for b in blocks] == ["Doe, J. A Book. 2001."]
    assert removals[0].reason.startswith("duplicate reference entry (same words as line 1)")
    assert blocks[0].section == "references" and blocks[0].kind == "reference"


def test_parse_fields_quoted_title_and_italic_venue() -> None:
    fields = dict(parse_fields('Doe, J. “The Border.” *Dawn*, 3 May 2019. <https://dawn.com/a b>.'))
    assert fields == {"url": "https://dawn.com/a", "authors": "Doe, J", "title": "The Border",
                      "venue": "Dawn", "details": "3 May 2019", "year": "2019"}


def test_parse_fields_plain_text_and_encoded_url() -> None:
    assert parse_fields("Ministry of Finance, Survey 2020.") == (
        ("text", "Ministry of Finance, Survey 2020."), ("year", "2020"))
    assert dict(parse_fields("*Book* https://example.org/é."))["url"] == (
        "https://example.org/%C3%A9")
