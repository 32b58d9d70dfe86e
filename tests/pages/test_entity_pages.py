"""Entity pages from a small hand-built Documentary: the summary before the mentions,
reference-list mentions apart, photo-credit mentions, the new kinds (index, label, JSON-LD)
and the entities the build report lists as having no page."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dossier import cli
from dossier.model import (
    Assignment,
    Block,
    Corpus,
    DocMeta,
    Document,
    Documentary,
    Entity,
    Event,
    Mention,
    PassageRef,
    Theme,
)
from dossier.pages.crossref import Facts
from dossier.pages.document import first_mentions
from dossier.pages.entities import KINDS, entity_pages
from dossier.pages.jsonld import entity_jsonld
from dossier.pages.report import report_view
from dossier.publish import linkcheck
from tests.support import given_documentary

SRC = "seeds/000_a.txt"


def block(kind: str, pid: str, text: str, line: int, **kw) -> Block:
    section = "references" if kind == "reference" else "body"
    return Block(kind, text, SRC, line, line, section=section, id=pid, **kw)  # type: ignore[arg-type]


def corpus() -> Corpus:
    doc = Document("doc-a", SRC, DocMeta(title="Alpha report", date="2022-01-01",
                                         date_precision="day"), (
        block("paragraph", "p-1", "The corridor CPEC runs through Gwadar.", 1),
        block("caption", "fig-1", "The port at dawn.", 2, credit="(Jane Roe/Wire)"),
        block("paragraph", "p-2", "Again CPEC, and CPEC once more.", 3),
        block("reference", "ref-1", "Roe, J. “CPEC at ten”, Wire, 2021.", 4),
    ))
    return Corpus((doc,))


def make_documentary() -> Documentary:
    c = corpus()

    def at(eid: str, pid: str, word: str, nth: int = 0, part: str = "text") -> Mention:
        b = next(b for b in c.documents[0].blocks if b.id == pid)
        text = b.credit if part == "credit" else b.text
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        return Mention(eid, PassageRef("doc-a", pid), start, start + len(word), word,
                       part)  # type: ignore[arg-type]

    ents = (Entity("cpec", "China-Pakistan Economic Corridor", "project", ("CPEC",),
                   "A corridor.", "content/entities.toml", 1),
            Entity("gwadar", "Gwadar", "place", (), "A port.", "content/entities.toml", 5),
            Entity("jane-roe", "Jane Roe", "person", (), "Photographer.",
                   "content/entities.toml", 9),
            Entity("pressler", "Pressler Amendment", "agreement", (), "A law.",
                   "content/entities.toml", 13))
    mentions = (at("cpec", "p-1", "CPEC"), at("gwadar", "p-1", "Gwadar"),
                at("jane-roe", "fig-1", "Jane Roe", part="credit"),
                at("cpec", "p-2", "CPEC"), at("cpec", "p-2", "CPEC", 1),
                at("cpec", "ref-1", "CPEC"), at("pressler", "p-2", "Again"))
    themes = (Theme("china", "China", "", "", "", (), "content/themes/china.md", 1),)
    assignments = (Assignment(PassageRef("doc-a", "p-1"), "china", 2.0, ("cue",)),)
    events = (Event("launch", "2015", "year", "CPEC launched", "", ("china",), ("cpec",),
                    (PassageRef("doc-a", "p-1"),), "content/events.toml", 1),)
    unlisted = (Entity("nobody", "Ned Nobody", "person", (), "d", "content/entities.toml", 17),)
    return Documentary(c, themes, assignments, ents, mentions, events, unlisted=unlisted)


@pytest.fixture(scope="module")
def facts() -> Facts:
    return Facts(make_documentary())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("entity-site") / "output"
    dossier = make_documentary()
    with pytest.MonkeyPatch.context() as mp:
        given_documentary(mp, dossier)
        assert cli.main(["build", "--output", str(out)]) == 0
    return out


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(), "html.parser")


def test_summary_comes_before_the_mentions(site: Path) -> None:
    page = soup(site, "entities/cpec/index.html")
    assert [h.get("id") for h in page.select("article h2")] == [
        "entity-documents", "entity-events", "entity-themes", "entity-with", "entity-mentions"]
    docs = page.find(id="entity-documents").find_parent("section").select("li")
    assert docs[0].get_text(" ", strip=True).endswith(
        "4 mentions in 2 passages and 1 reference entry")


def test_reference_entries_are_listed_apart_and_last(site: Path) -> None:
    page = soup(site, "entities/cpec/index.html")
    mentions = page.find(id="entity-mentions").find_parent("section")
    box = mentions.find("details", class_="reference-mentions-box")
    assert box is not None and not box.has_attr("open")
    assert [a["href"].rsplit("#", 1)[1] for a in box.select("a.in-context")] == ["ref-1"]
    text_links = [a["href"].rsplit("#", 1)[1] for a in mentions.select("a.in-context")
                  if not a.find_parent("details")]
    assert text_links == ["p-1", "p-2"]
    assert "1 of them reference entries" in page.select_one("dl.meta").get_text()


def test_reference_entries_are_paged_after_the_text(facts: Facts, monkeypatch) -> None:
    monkeypatch.setattr("dossier.pages.entities.PASSAGES_PER_PAGE", 2)
    pages = entity_pages(facts, "cpec")
    assert [[(g["references"], [p["id"] for p in g["passages"]]) for g in v["groups"]]
            for v in pages] == [[(False, ["p-1", "p-2"])], [(True, ["ref-1"])]]
    assert pages[0]["reference_passages"] == 1 and pages[0]["passages"] == 3
    # page 2 counts nothing of the whole entity, but knows there is running text before it
    assert "passages" not in pages[1] and pages[1]["has_text"] and pages[1]["has_references"]


def test_a_photo_credit_counts_and_shows_in_its_caption(site: Path, facts: Facts) -> None:
    page = soup(site, "entities/jane-roe/index.html")
    [mark] = page.select(".mentions mark")
    assert mark.get_text() == "Jane Roe"
    assert "The port at dawn. (Jane Roe/Wire)" in page.select_one(".snippet").get_text()
    # the credit is not part of the caption's text: no link is made into it
    links = first_mentions(facts, facts.documents[0], "../../")
    assert "fig-1" not in links


def test_reference_entries_get_no_mention_links(site: Path, facts: Facts) -> None:
    links = first_mentions(facts, facts.documents[0], "../../")
    assert "ref-1" not in links and "p-1" in links
    entry = soup(site, "documents/doc-a/index.html").find(id="ref-1")
    assert "CPEC" in entry.get_text() and entry.select("a.mention") == []


def test_new_kinds_in_the_index_label_and_jsonld(site: Path, facts: Facts) -> None:
    index = soup(site, "entities/index.html")
    assert [h.get_text() for h in index.find_all("h2")] == [
        "People", "Places", "Projects and programmes", "Agreements and laws"]
    assert [k for k, _ in KINDS][-2:] == ["project", "agreement"]
    assert soup(site, "entities/cpec/index.html").select_one(".kicker").get_text() == \
        "Project or programme"
    assert soup(site, "entities/pressler/index.html").select_one(".kicker").get_text() == \
        "Agreement or law"
    assert entity_jsonld(facts.entities["cpec"], "u")["@type"] == "Project"
    assert entity_jsonld(facts.entities["pressler"], "u")["@type"] == "Legislation"


def test_unlisted_entities_have_no_page_and_the_report_names_them(site: Path,
                                                                   facts: Facts) -> None:
    assert not (site / "entities/nobody").exists()
    assert report_view(facts)["unlisted"] == ["Ned Nobody (content/entities.toml:17)"]
    report = soup(site, "report/index.html").get_text(" ")
    assert "Ned Nobody (content/entities.toml:17)" in report
    assert linkcheck.check_site(site) == []
