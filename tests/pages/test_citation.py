from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.model import Block, DocMeta, Document
from dossier.pages.citation import bibtex, chicago, chicago_authors, csl_json, highwire

URL = "https://example.org/repo/documents/x/index.html"


def doc(**meta) -> Document:
    return Document(slug="x", source="seeds/x.txt", meta=DocMeta(**meta), blocks=())


@pytest.mark.parametrize("authors,expected", [
    ((), ""),
    (("Mo Waqas",), "Waqas, Mo"),
    (("Nasreen Akhtar", "Kenneth Holland"), "Akhtar, Nasreen, and Kenneth Holland"),
    (("A B", "C D", "E F"), "B, A, C D, and E F"),
])
def test_chicago_author_lists(authors, expected) -> None:
    assert chicago_authors(authors) == expected


def test_chicago_reference_for_a_passage() -> None:
    d = doc(title="US Withdrawal from Afghanistan", authors=("Nasreen Akhtar", "Kenneth Holland"),
            date="2022-12", genre="academic article")
    p = Block("paragraph", "text", "seeds/x.txt", 1, 1, id="p-abc123")
    assert chicago(d, URL + "#p-abc123", p) == (
        "Akhtar, Nasreen, and Kenneth Holland. 2022. “US Withdrawal from Afghanistan.” "
        f"Passage p-abc123. {URL}#p-abc123.")


def test_chicago_title_ending_in_a_question_mark() -> None:
    d = doc(title="Is the U.S. willing?", date="2022-04-17/2022-04-20")
    assert chicago(d, URL) == f"“Is the U.S. willing?” 2022. {URL}."


def test_chicago_without_author_or_date_and_editorial_title() -> None:
    d = doc(title="Untitled piece", title_inferred=True, publisher="The Media Line")
    assert chicago(d, URL) == f"[Untitled piece.] n.d. The Media Line. {URL}."


def test_bibtex_and_csl() -> None:
    d = doc(title="Costs & {benefits}", authors=("Nasreen Akhtar",), date="2022-12-04",
            genre="academic article", publisher="Journal_X")
    text = bibtex(d, URL)
    assert text.startswith("@article{akhtar2022costs,\n")
    assert r"title = {Costs \& \{benefits\}}" in text and "author = {Akhtar, Nasreen}" in text
    assert r"journal = {Journal\_X}" in text and "month = {12}" in text
    item = csl_json(d, URL)
    assert item["type"] == "article-journal"
    assert item["author"] == [{"family": "Akhtar", "given": "Nasreen"}]
    assert item["issued"] == {"date-parts": [[2022, 12, 4]]}
    json.dumps(item)


def test_highwire_tags() -> None:
    d = doc(title="T", authors=("A B", "C D"), date="2023-02-18/2023-02-22",
            publisher="The Media Line", genre="news report")
    tags = highwire(d, URL)
    assert ("citation_author", "A B") in tags and ("citation_author", "C D") in tags
    assert ("citation_publication_date", "2023/02/18") in tags
    assert ("citation_publisher", "The Media Line") in tags


def test_every_seed_document_can_be_cited() -> None:
    from dossier.ingest.corpus import build_corpus

    for d in build_corpus(Path(__file__).resolve().parents[2]).documents:
        assert chicago(d, URL).endswith(URL + ".")
        assert bibtex(d, URL).startswith("@")
        assert csl_json(d, URL)["title"]
