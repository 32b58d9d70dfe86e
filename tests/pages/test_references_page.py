"""The long paper's built page: every reference entry of its source, whole, and in-text
citations linking to entries on the same page (the hand-split list of the raw entries is
``tests/fixtures/references/seed004-entries.tsv``)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from dossier.ingest.accounting import words

ENTRIES = Path(__file__).resolve().parents[1] / "fixtures" / "references" / "seed004-entries.tsv"
PAGE = "documents/us-withdrawal-from-afghanistan-implications-for-us-pakistan-relations/index.html"


def test_the_built_page_shows_every_reference_entry_whole(built_site: Path) -> None:
    page = BeautifulSoup((built_site / PAGE).read_text(encoding="utf-8"), "html.parser")
    for el in page.select("ul.references .ref-note, ul.references .permalink, "
                          "ul.references .citebox, ul.references .passage-notes"):
        el.extract()
    shown = [words(li.get_text()) for li in page.select("ul.references > li")]
    rows = [r.split("\t") for r in ENTRIES.read_text(encoding="utf-8").splitlines()
            if not r.startswith("#")]
    expected = [(int(n), first.split(), last.split()) for n, first, last, fate in rows
                if fate == "shown"]
    assert len(shown) == len(expected) == 64
    for got, (line, first, last) in zip(shown, expected, strict=True):
        assert (got[:4], got[-4:]) == (first, last), f"the entry of source line {line}"


def test_in_text_citations_link_to_entries_on_the_page(built_site: Path) -> None:
    page = BeautifulSoup((built_site / PAGE).read_text(encoding="utf-8"), "html.parser")
    cites = page.select("a.cite")
    ids = {el["id"] for el in page.select("ul.references > li[id]")}
    assert len(cites) >= 45 and all(a["href"][1:] in ids for a in cites)
    assert "Pramuk 2017" in {a.get_text() for a in cites}
