"""dossier.ingest.references: reference entries rebuilt, de-duplicated and parsed."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from dossier.ingest.accounting import check, words
from dossier.ingest.corpus import Cleaned, clean_text
from dossier.ingest.decode import decode
from dossier.ingest.line_rules import load_boilerplate
from dossier.ingest.references import parse_fields, reference_blocks
from dossier.ingest.segment import Unit
from dossier.model import Block, DocMeta, Line
from dossier.pages.blocks import options_for, render_blocks


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


def test_numbered_entries_stay_apart_and_a_page_number_still_continues() -> None:
    # "2." after an entry numbered 1 starts the next entry, blank line or not
    assert entries("1. Doe, J. A book. 2001.", "2. Roe, K. Another. 2002.") == [
        "1. Doe, J. A book. 2001.", "2. Roe, K. Another. 2002."]
    assert entries("1) Doe, J. A book. 2001.", "2) Roe, K. Another. 2002.") == [
        "1) Doe, J. A book. 2001.", "2) Roe, K. Another. 2002."]
    # a number that does not follow the entry's own continues it (a page, a volume)
    assert entries("Doe, J. A book. (Lahore: 2014).", "156. Retrieved from the shelf.") == [
        "Doe, J. A book. (Lahore: 2014). 156. Retrieved from the shelf."]
    assert entries("3. Doe, J. A book, vol.", "7. Lahore, 2014.") == [
        "3. Doe, J. A book, vol. 7. Lahore, 2014."]


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


# --------------------------------------------------------------------------- other styles

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "references"
ROOT = Path(__file__).resolve().parents[2]


def clean(name: str) -> Cleaned:
    return clean_text((FIXTURES / name).read_text(encoding="utf-8"), name)


def refs(cleaned: Cleaned) -> list[Block]:
    return [b for b in cleaned.blocks if b.kind == "reference"]


def cites(cleaned: Cleaned) -> list[tuple[str, str]]:
    """(cited text, the text of the entry it links to) for every citation span."""
    by_id = {b.id: b.text for b in cleaned.blocks}
    return [(b.text[s.start:s.end], by_id[s.target].split(".")[0])
            for b in cleaned.blocks for s in b.spans if s.kind == "cite"]


def balanced(cleaned: Cleaned, name: str) -> bool:
    return not check(cleaned.lines, cleaned.blocks, cleaned.removals, cleaned.joins, name)


def test_apa_entries_split_over_a_page_header_and_their_citations() -> None:
    c = clean("apa.txt")
    assert [b.text.split(" (")[0] for b in refs(c)] == [
        "Lopez, M., Diaz, R., & Chen, T.", "Ostrom, E.", "Ostrom, E.",
        "Qureshi, A., & Ahmed, S.", "World Bank."]
    assert refs(c)[3].text.endswith("the politics of pumping. Journal of Hydrology, 560, 45–58.")
    assert (refs(c)[3].line, refs(c)[3].end_line) == (17, 19)
    assert cites(c) == [("Qureshi & Ahmed, 2018", "Qureshi, A"), ("Lopez et al., 2020", "Lopez, M"),
                        ("Ostrom (1990)", "Ostrom, E"), ("Ostrom, 2009, p. 420", "Ostrom, E"),
                        ("World Bank, 2019", "World Bank")]
    assert [dict(b.fields)["year"] for b in refs(c)] == ["2020", "1990", "2009", "2018", "2019"]
    assert balanced(c, "apa.txt")


def test_chicago_italics_across_lines_duplicates_and_an_escaped_markdown_link() -> None:
    c = clean("chicago.txt")
    hartley, port = refs(c)[1], refs(c)[3]
    assert hartley.text == ("Hartley, John. 1998. Merchants of the Indus: Trade and Empire in "
                            "Sind. Oxford: Clarendon Press.")
    assert [hartley.text[s.start:s.end] for s in hartley.spans] == [
        "Merchants of the Indus: Trade and Empire in Sind"]
    assert dict(hartley.fields)["note"] == (
        "listed 2 times in the source (lines 9 and 12); shown once")
    assert [r.line for r in c.removals if r.reason.startswith("duplicate")] == [12]
    url = "https://example.org/reports/annual_2002(final)"
    assert port.text.endswith(f'"Annual Report." {url}')
    assert [(port.text[s.start:s.end], s.target) for s in port.spans] == [(url, url)]
    assert cites(c) == [
        ("Hartley 1998", "Hartley, John"), ("Ahmed and Roy (2011)", "Ahmed, Sana, and Kavita Roy"),
        ("Nguyen et al. (2015)", "Nguyen, Lan, Peter Brandt, and Omar Said")]
    assert balanced(c, "chicago.txt")


def test_harvard_nested_quotes_and_several_citations_in_one_bracket() -> None:
    c = clean("harvard.txt")
    assert len(refs(c)) == 3
    assert refs(c)[2].text.startswith("Iyer, K. and Das, M. (2019) 'Radio, rumour and the cyclone")
    assert refs(c)[2].text.endswith("(Accessed: 3 May 2020).")
    assert cites(c) == [("Banerjee 2016", "Banerjee, P"), ("Iyer and Das 2019", "Iyer, K"),
                        ("Banerjee 2021", "Banerjee, P")]
    assert [c.blocks[1].text[s.start:s.end] for s in c.blocks[1].spans] == [
        "Banerjee 2016", "Iyer and Das 2019", "Banerjee 2021"]
    assert balanced(c, "harvard.txt")


def test_numbered_entries_on_consecutive_lines_stay_apart() -> None:
    c = clean("numbered.txt")
    assert [b.text[:3] for b in refs(c)] == ["[1]", "[2]", "[3]"]
    assert refs(c)[2].text.endswith("Available: https://example.org/minigrids")
    assert balanced(c, "numbered.txt")


def test_a_hard_wrapped_unit_is_cut_before_a_line_that_starts_an_entry() -> None:
    wrapped = Unit("Doe, J. (2001). A long title. Publisher. Roe, K. (2002). Another. Place.",
                   1, 2, lines=[Line(1, "Doe, J. (2001). A long title. Publisher."),
                                Line(2, "Roe, K. (2002). Another. Place.")])
    blocks = reference_blocks([wrapped], "x")[0]
    assert [(b.text, b.line, b.end_line) for b in blocks] == [
        ("Doe, J. (2001). A long title. Publisher.", 1, 1),
        ("Roe, K. (2002). Another. Place.", 2, 2)]


def test_units_glued_across_a_page_break_are_cut_back() -> None:
    glued = Unit("Ryan, M. “Exit”, *Post*, 2016. https://x.org/a_story.html Sheikh, R, S. "
                 "“Gamble”, *The Diplomat*, 2022. <https://y.org/b>", 1, 3,
                 lines=[Line(1, "Ryan, M. “Exit”, *Post*, 2016. https://x.org/a_story.html"),
                        Line(3, "Sheikh, R, S. “Gamble”, *The Diplomat*, 2022. <https://y.org/b>")])
    assert [b.line for b in reference_blocks([glued], "x")[0]] == [1, 3]


def test_a_markdown_link_cut_by_a_page_break_is_rejoined() -> None:
    cut = r"[https://r.com/a#:~:text=WASHINGTON%20\(Reut](https://r.com/a#:~:text=WASHINGTON%20(Reut)"
    blocks, removals, joins = reference_blocks(units(
        f"Holland, S. “Deal”, *REUTERS*, 2020. {cut}", "ers)%20%2D%20U.S.%20President."), "x")
    assert blocks[0].text == ("Holland, S. “Deal”, *REUTERS*, 2020. "
                              "<https://r.com/a#:~:text=WASHINGTON%20(Reuters)%20%2D%20U.S.%20President.>")
    assert [(r.line, r.text) for r in removals] == [(1, cut[1:cut.index("]")])]
    assert [(j.line, j.parts, j.joined) for j in joins] == [(2, ("Reut", "ers"), "Reuters")]
    assert dict(blocks[0].fields)["url"] == (
        "https://r.com/a#:~:text=WASHINGTON%20(Reuters)%20%2D%20U.S.%20President")


def test_an_autolink_closed_before_a_page_break_takes_the_rest_of_its_address() -> None:
    blocks, _, joins = reference_blocks(units("Khan, K. *Show*, 2022. <https://g.com/s?q=Duny>",
                                              "a%2BTV&oq=x"), "x")
    assert blocks[0].text == "Khan, K. *Show*, 2022. <https://g.com/s?q=Dunya%2BTV&oq=x>"
    assert [j.joined for j in joins] == ["Dunya"]


def test_parse_fields_nested_quotes_and_missing_closing_quote() -> None:
    nested = dict(parse_fields('"Pakistan will "absolutely, not provide bases: PM", *Dawn*. '
                               'June 19, 2021. <https://dawn.com/n>.'))
    assert (nested["title"], nested["venue"], nested["year"]) == (
        'Pakistan will "absolutely, not provide bases: PM', "Dawn", "2021")
    unclosed = dict(parse_fields("“Biden Criticized for Ignoring Pakistan, *The Tribune*, 2021."))
    assert (unclosed["title"], unclosed["venue"]) == ("Biden Criticized for Ignoring Pakistan",
                                                      "The Tribune")
    assert "authors" not in unclosed
    assert dict(parse_fields("Aljazeera. “Summons”, October 12, "
                             "https://aljazeera.com/news/2022/10/15/x"))["year"] == "2022"


# --------------------------------------------------------------------------- seed 004

SEED_004 = ROOT / "seeds" / "004_288a791be964b63c.txt"


def seed004_expected() -> list[tuple[int, list[str], list[str], str]]:
    rows = (FIXTURES / "seed004-entries.tsv").read_text(encoding="utf-8").splitlines()
    return [(int(n), first.split(), last.split(), fate)
            for n, first, last, fate in (r.split("\t") for r in rows if not r.startswith("#"))]


def test_seed004_every_reference_entry_is_shown_whole() -> None:
    """Each entry of the raw reference list (split by hand into the fixture) is on the page,
    from its first word to its last, in order; the duplicate is merged with a note and the
    copy of the footnote is in the footnote."""
    cleaned = clean_text(decode(SEED_004.read_bytes(), SEED_004.name).text or "", SEED_004.name,
                         load_boilerplate((ROOT / "seeds" / "boilerplate.list").read_text()))
    blocks = cleaned.blocks
    html = BeautifulSoup(render_blocks(
        [b for b in blocks if b.section in ("references", "footnotes")],
        options_for(blocks, DocMeta())), "html.parser")
    items = html.select("ul.references > li")
    notes = {li["id"]: li.select_one(".ref-note") for li in items}
    for el in html.select(".ref-note, .permalink"):
        el.extract()
    shown = [words(li.get_text()) for li in items]
    expected = seed004_expected()
    assert len(expected) == 66 and len(shown) == sum(f == "shown" for *_, f in expected) == 64
    listed = iter(zip(shown, items, strict=True))
    for line, first, last, fate in expected:
        if fate == "shown":
            got, li = next(listed)
            assert (got[:4], got[-4:]) == (first, last), f"the entry of line {line}: {got}"
        elif fate.startswith("merged"):
            kept = next(b for b in blocks if b.kind == "reference" and b.line == int(fate[7:]))
            assert f"lines {fate[7:]} and {line}" in notes[kept.id].get_text()
        else:
            note = html.select_one("ol.footnotes > li")
            assert words(note.get_text())[-4:] == last


def test_seed004_the_four_mangled_entries_of_issue_16() -> None:
    cleaned = clean_text(decode(SEED_004.read_bytes(), SEED_004.name).text or "", SEED_004.name,
                         load_boilerplate((ROOT / "seeds" / "boilerplate.list").read_text()))
    by_line = {b.line: b for b in cleaned.blocks if b.kind == "reference"}
    links = {n: [(b.text[s.start:s.end], s.target) for s in b.spans if s.kind == "link"]
             for n, b in by_line.items()}
    assert by_line[251].text.startswith("Sheikh, R, S. “Pakistan’s Peace Gamble with the Tehreek")
    assert links[251] == [("https://thediplomat.com/2022/08/pakistans-peace-gamble-with-the-"
                           "tehreek-e-taliban-pakistan/",) * 2]
    assert by_line[235].text.startswith('"Pakistan will "absolutely, not provide bases to U.S for '
                                        'action in Afghanistan: PM Imran", Dawn. June 19, 2021.')
    (url, href), = links[207]
    assert url == href and url.endswith("&text=WASHINGTON%20(Reuters)%20%2D%20U.S.%20President,"
                                        "with%20the%20insurgents%20in%20Afghanistan.")
    assert "[" not in by_line[207].text and "\\" not in by_line[207].text
    gul = by_line[193]
    assert [gul.text[s.start:s.end] for s in gul.spans if s.kind == "em"] == [
        "The Unholy Nexus: Pak-Afghan Relations Under the Taliban"]


def test_an_entrys_own_number_is_no_author() -> None:
    for text in ('[3] Shah, A. "Blowback?" *International Security*, 2018.',
                 '3. Shah, A. "Blowback?" *International Security*, 2018.'):
        assert dict(parse_fields(text))["authors"] == "Shah, A"
