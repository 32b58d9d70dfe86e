"""dossier.pages.head and the passage citation box of dossier.pages.blocks, without a build."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from dossier.model import Block, DocMeta, Document, Entity
from dossier.pages import head as pagemeta
from dossier.pages.blocks import RenderOptions, render_block

SITE = "https://user.github.io/repo/"


def doc(**meta) -> Document:
    blocks = (Block("heading", "Intro", "seeds/x.txt", 1, 1, id="h-intro"),
              Block("paragraph", "First words of the text.", "seeds/x.txt", 2, 2, id="p-1",
                    number=1),
              Block("paragraph", "Second.", "seeds/x.txt", 3, 3, id="p-2", number=2))
    defaults = {"title": "A title", "authors": ("Ann Author",), "date": "2023-02-18",
                "genre": "news report", "publisher": "The Paper"}
    return Document("x", "seeds/x.txt", DocMeta(**{**defaults, **meta}), blocks)


def test_cited_url_absolute_or_path_in_the_site() -> None:
    rel = "documents/x/index.html#p-1"
    assert pagemeta.cited_url(SITE, "Dossier", rel) == SITE + rel
    assert pagemeta.cited_url("", "Dossier", rel) == "Dossier, " + rel
    assert pagemeta.data_url("", rel) == rel


def test_passage_citations_skip_headings() -> None:
    cites = pagemeta.document_citations(doc(), "", "Dossier")
    assert set(cites) == {"p-1", "p-2"}
    assert cites["p-1"] == ("Author, Ann. 2023. “A title.” The Paper. ¶ 1, passage id p-1. "
                            "Dossier, documents/x/index.html#p-1.")


def test_citation_box_is_escaped_and_hidden_from_search() -> None:
    block = Block("paragraph", "Text.", "seeds/x.txt", 1, 1, id="p-1")
    opts = RenderOptions(citations={"p-1": 'O"Brien <b>. 2020. “T.” x.'})
    soup = BeautifulSoup(str(render_block(block, opts)), "html.parser")
    a = soup.select_one("a.permalink")
    assert a["data-cite"] == 'O"Brien <b>. 2020. “T.” x.'
    box = soup.select_one("p#p-1 > span.citebox")
    assert box.has_attr("data-pagefind-ignore") and not soup.find("b")
    assert box.select_one(".citebox-text").get_text() == a["data-cite"]
    assert box.select_one(".citebox-label").get_text() == "Cite this paragraph:"
    plain = BeautifulSoup(str(render_block(block)), "html.parser")
    assert not plain.select(".citebox") and not plain.a.has_attr("data-cite")


def test_document_seo_without_and_with_site_url() -> None:
    d = doc(url="https://example.org/original", deck="")
    bare = pagemeta.document_seo(d, "")
    assert not bare["jsonld"]
    names = [k for k, _ in bare["meta"]]
    assert "citation_title" in names and "citation_fulltext_html_url" not in names
    assert bare["description"] == "First words of the text." and bare["type"] == "article"
    full = pagemeta.document_seo(d, SITE)
    assert ("citation_fulltext_html_url", SITE + "documents/x/index.html") in full["meta"]
    soup = BeautifulSoup(str(full["jsonld"]), "html.parser")
    data = json.loads(soup.script.string)
    assert data["isBasedOn"] == "https://example.org/original"
    assert data["@type"] == "NewsArticle" and data["url"] == SITE + "documents/x/index.html"


def test_entity_seo_uses_reader_aliases() -> None:
    e = Entity("army", "Pakistan Army", "organisation", ("[Pakistan's] army", "PA"), "d",
               "content/entities.toml", 1)
    data = json.loads(BeautifulSoup(str(pagemeta.entity_seo(e, SITE)["jsonld"]),
                                    "html.parser").script.string)
    assert data["@type"] == "Organization" and data["alternateName"] == ["Pakistan's army", "PA"]
    assert pagemeta.entity_seo(e, "")["jsonld"] == ""


def test_essay_seo_is_based_on_cited_passages() -> None:
    seo = pagemeta.essay_seo(SITE, title="E", path="essays/e/index.html", date="2024-01-02",
                             authors=["Ed"], cited=["documents/x/index.html#p-2",
                                                    "documents/x/index.html#p-1",
                                                    "documents/x/index.html#p-2"])
    data = json.loads(BeautifulSoup(str(seo["jsonld"]), "html.parser").script.string)
    assert data["isBasedOn"] == [SITE + "documents/x/index.html#p-1",
                                 SITE + "documents/x/index.html#p-2"]


def test_cite_files(tmp_path: Path) -> None:
    written = pagemeta.write_cite_files(doc(), tmp_path, SITE)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "documents/x/cite.bib", "documents/x/cite.json"]
    items = json.loads(written[1].read_text("utf-8"))
    assert items[0]["URL"] == SITE + "documents/x/index.html"
    assert "url = {https://user.github.io/repo/documents/x/index.html}" in written[0].read_text()
