"""The documentary pages from a small hand-built Documentary: theme pages, entity pages,
timeline, matrix numbers, source-page annotations, and mention links in the text.

No seeds, no content/: every Theme, Assignment, Entity, Mention and Event is made here,
so these tests pin the rendering, not the classifier or the gazetteer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from dossier import cli
from dossier.build import site as build_site
from dossier.model import (
    Assignment,
    Block,
    Corpus,
    Cue,
    Diagnostic,
    DocMeta,
    Document,
    Documentary,
    Entity,
    Event,
    Mention,
    PassageRef,
    Span,
    Theme,
)
from dossier.pages.blocks import RenderOptions, render_block, render_inline
from dossier.pages.charts import percent
from dossier.pages.crossref import Facts
from dossier.pages.document import first_mentions, passage_notes
from dossier.pages.entities import entity_pages, snippet
from dossier.pages.safe_markdown import render_prose
from dossier.pages.themes import matrix_view, theme_pages
from dossier.pages.timeline import timeline_view
from dossier.publish import linkcheck
from tests.support import given_documentary, without_essays

LONG = " ".join(f"Sentence {i} has five words." for i in range(20))  # 100 words


def para(pid: str, text: str, src: str, line: int, **kw) -> Block:
    return Block("paragraph", text, src, line, line, id=pid, **kw)


def make_corpus() -> Corpus:
    a = Document(
        slug="doc-a", source="seeds/000_a.txt",
        meta=DocMeta(title="Alpha report", authors=("Ann Author",), publisher="Daily A",
                     date="2022-04-10", date_precision="day"),
        blocks=(
            para("p-1", "Imran Khan met Putin in Moscow. Khan said little.", "seeds/000_a.txt", 1),
            para("p-2", "Sanctions followed; Washington and Moscow argued.", "seeds/000_a.txt", 2),
            para("p-3", LONG, "seeds/000_a.txt", 3),
            para("p-4", "Nothing to see.", "seeds/000_a.txt", 4),
        ),
    )
    b = Document(
        slug="doc-b", source="seeds/001_b.txt",
        meta=DocMeta(title="Beta essay", publisher="Review B", mode="excerpts"),
        blocks=(
            para("q-1", "Khan and Putin again, in Moscow.", "seeds/001_b.txt", 1),
            para("q-2", "A paragraph about sanctions alone.", "seeds/001_b.txt", 2),
        ),
    )
    return Corpus(documents=(a, b))


def theme(slug: str, title: str, **kw) -> Theme:
    return Theme(slug=slug, title=title, intro=kw.pop("intro", f"About **{title}**."),
                 includes="What fits.", excludes="What does not.", cues=kw.pop("cues", ()),
                 source=f"content/themes/{slug}.md", line=1, **kw)


def assign(doc: str, pid: str, slug: str, *reasons: str, curated: bool = False) -> Assignment:
    return Assignment(PassageRef(doc, pid), slug, 2.0, reasons or ("cue 'x' +2",), curated)


def mention(entity: str, doc: str, pid: str, text: str, corpus: Corpus, nth: int = 0) -> Mention:
    block = next(b for d in corpus.documents if d.slug == doc for b in d.blocks if b.id == pid)
    start = -1
    for _ in range(nth + 1):
        start = block.text.index(text, start + 1)
    return Mention(entity, PassageRef(doc, pid), start, start + len(text), text)


def make_documentary() -> Documentary:
    corpus = make_corpus()
    themes = (theme("russia", "Russia tilt", summary="Moscow ties.",
                    cues=(Cue("moscow", 1.0), Cue("putin", 1.0), Cue("ballet", -2.0))),
              theme("sanctions", "Sanctions"),
              theme("empty", "Empty theme"))
    assignments = (
        assign("doc-a", "p-1", "russia", "cue 'moscow' +1", "cue 'putin' +1"),
        assign("doc-a", "p-2", "sanctions"),
        assign("doc-a", "p-2", "russia"),
        assign("doc-a", "p-3", "russia", "curation: content/curation.toml:3 (long)",
               curated=True),
        assign("doc-b", "q-1", "russia"),
        assign("doc-b", "q-2", "sanctions"),
    )
    entities = (
        Entity("imran-khan", "Imran Khan", "person", ("Khan", "Imran Khan"), "PM.",
               "content/entities.toml", 1),
        Entity("putin", "Vladimir Putin", "person", ("Putin",), "", "content/entities.toml", 5),
        Entity("moscow", "Moscow", "place", (), "Capital.", "content/entities.toml", 9),
    )
    mentions = (
        mention("imran-khan", "doc-a", "p-1", "Imran Khan", corpus),
        mention("putin", "doc-a", "p-1", "Putin", corpus),
        mention("moscow", "doc-a", "p-1", "Moscow", corpus),
        mention("imran-khan", "doc-a", "p-1", "Khan", corpus, nth=1),
        mention("moscow", "doc-a", "p-2", "Moscow", corpus),
        mention("imran-khan", "doc-b", "q-1", "Khan", corpus),
        mention("putin", "doc-b", "q-1", "Putin", corpus),
        mention("moscow", "doc-b", "q-1", "Moscow", corpus),
    )
    events = (
        Event("visit", "2022-02-24", "day", "Khan in Moscow", "The *visit*.", ("russia",),
              ("imran-khan", "moscow"), (PassageRef("doc-a", "p-1"), PassageRef("doc-b", "q-1")),
              "content/events.toml", 1),
        Event("sanctions-1990", "1990", "year", "Aid cut", "", ("sanctions",), (),
              (PassageRef("doc-a", "p-2"),), "content/events.toml", 10, editorial_date=True,
              date_note="The text says 'the 1990s'."),
        Event("talks", "2022-06", "month", "Talks", "", ("russia", "sanctions"), ("putin",),
              (PassageRef("doc-a", "p-2"),), "content/events.toml", 20),
    )
    return Documentary(corpus, themes, assignments, entities, mentions, events)


@pytest.fixture(scope="module")
def facts() -> Facts:
    return Facts(make_documentary())


# --------------------------------------------------------------------------- theme pages


def test_theme_page_groups_passages_by_document(facts: Facts) -> None:
    view = theme_pages(facts, "russia")[0]
    assert [g["title"] for g in view["groups"]] == ["Alpha report", "Beta essay"]
    assert [p["id"] for p in view["groups"][0]["passages"]] == ["p-1", "p-2", "p-3"]
    assert view["groups"][0]["by"] == "Ann Author (Daily A)"
    first = view["groups"][0]["passages"][0]
    assert first["url"] == "documents/doc-a/index.html#p-1"
    assert first["why"] == ["mentions “Putin” and “Moscow”"]  # the words of the text
    assert first["text"] == "Imran Khan met Putin in Moscow. Khan said little." and not first["cut"]
    long = view["groups"][0]["passages"][2]
    assert long["cut"] and long["curated"] and len(long["text"].split()) <= 81
    assert long["why"] == ["chosen by the editors: long"]
    assert long["text"].endswith("…") and long["text"].startswith("Sentence 0 ")
    assert view["passages"] == 4 and view["documents"] == 2
    assert [e["id"] for e in view["event_items"]] == ["visit", "talks"]
    assert view["events"] == 2


def test_theme_page_entities_and_related_themes(facts: Facts) -> None:
    view = theme_pages(facts, "russia")[0]
    counts = {e["id"]: e["count"] for e in view["entities"]}
    # mentions inside russia's passages: p-1 (4), p-2 (1), q-1 (3)
    assert counts == {"imran-khan": 3, "moscow": 3, "putin": 2}
    assert [e["id"] for e in view["entities"]] == ["imran-khan", "moscow", "putin"]
    related = {r["slug"]: (r["passages"], r["entities"]) for r in view["related"]}
    assert related == {"sanctions": (1, 1)}  # shares p-2, and Moscow (mentioned in p-2)


def test_theme_page_html(tmp_path: Path, site: Path) -> None:
    page = BeautifulSoup((site / "themes/russia/index.html").read_text(), "html.parser")
    assert len(page.find_all("h1")) == 1
    assert "4 passages in 2 documents · 2 events" in page.header.find_next(
        class_="card-meta").get_text()
    groups = page.select(".source-group")
    assert [g.h3.get_text(strip=True) for g in groups] == ["Alpha report", "Beta essay"]
    quotes = groups[0].select("figure.quote")
    assert len(quotes) == 3
    assert quotes[0].blockquote.get_text(strip=True).startswith("Imran Khan met Putin")
    link = quotes[0].figcaption.find("a")
    assert link["href"] == "../../documents/doc-a/index.html#p-1"
    assert quotes[2].blockquote.get_text().rstrip().endswith("…")
    why = quotes[0].find(class_="quote-why")
    assert why.get_text().strip() == "Why here: mentions “Putin” and “Moscow”."
    assert "chosen by the editors" in quotes[2].find(class_="quote-why").get_text()
    switch = page.find(class_="view-switch")
    assert switch.a["href"] == "../../themes/russia/by-date/index.html"
    assert switch.find(attrs={"aria-current": "page"}).get_text() == "By document"
    assert page.find(class_="intro").find("strong").get_text() == "Russia tilt"
    strip = page.select(".strip a.strip-event")
    assert strip[0]["href"] == "../../timeline/index.html#event-visit"


def test_matrix_numbers(facts: Facts) -> None:
    m = matrix_view(facts)
    assert [t["title"] for t in m["themes"]] == ["Empty theme", "Russia tilt", "Sanctions"]
    a, b = m["rows"]
    assert a["total"] == 4 and b["total"] == 2
    assert [c["n"] for c in a["cells"]] == [0, 3, 1]
    assert [c["percent"] for c in a["cells"]] == ["0%", "75%", "25%"]
    assert [c["percent"] for c in b["cells"]] == ["0%", "50%", "50%"]
    svg = BeautifulSoup(str(m["svg"]), "html.parser").svg
    assert svg["role"] == "img" and svg["aria-labelledby"] == "matrix-caption"
    titles = [t.get_text() for t in svg.select("rect title")]
    assert "Alpha report — Russia tilt: 3 of 4 passages (75%)" in titles
    assert percent(1, 30) == "3.3%" and percent(0, 0) == "0%"


def test_themes_index_has_table_behind_the_svg(site: Path) -> None:
    page = BeautifulSoup((site / "themes/index.html").read_text(), "html.parser")
    svg = page.find("svg")
    caption = page.find(id=svg["aria-labelledby"])
    assert caption.name == "caption"
    rows = caption.find_parent("table").select("tbody tr")
    assert rows[0].th.a["href"] == "../documents/doc-a/index.html"
    assert [td.get_text(" ", strip=True) for td in rows[0].find_all("td")] == [
        "0 (0%)", "3 (75%)", "1 (25%)"]


# --------------------------------------------------------------------------- entity pages


def test_entity_page_highlights_every_mention(facts: Facts) -> None:
    view = entity_pages(facts, "imran-khan")[0]
    assert view["mentions"] == 3 and view["passages"] == 2 and view["documents"] == 2
    first = BeautifulSoup(str(view["groups"][0]["passages"][0]["snippet"]), "html.parser")
    assert [m.get_text() for m in first.find_all("mark")] == ["Imran Khan", "Khan"]
    assert view["groups"][0]["passages"][0]["url"] == "documents/doc-a/index.html#p-1"
    assert {t["slug"]: t["count"] for t in view["themes"]} == {"russia": 2}
    assert {o["id"]: o["shared"] for o in view["co_mentioned"]} == {"moscow": 2, "putin": 2}
    assert [e["id"] for e in view["event_items"]] == ["visit"]
    assert view["aliases"] == ["Khan"]


def test_snippet_windows_and_escaping() -> None:
    text = "<b>" + " ".join(f"w{i}" for i in range(40)) + " Khan"
    out = str(snippet(text, [(text.index("Khan"), len(text))], words=3))
    assert out == "… w37 w38 w39 <mark>Khan</mark>"
    assert "&lt;b&gt;" in str(snippet(text, [(3, 5)], words=2))
    # a rights-limited excerpt shows a mention beyond its limit alone
    assert str(snippet(text, [(len(text) - 4, len(text))], limit=10)) == "… <mark>Khan</mark>"


def test_entity_page_html(site: Path) -> None:
    page = BeautifulSoup((site / "entities/imran-khan/index.html").read_text(), "html.parser")
    assert page.h1.get_text() == "Imran Khan"
    marks = page.select(".mentions mark")
    assert [m.get_text() for m in marks] == ["Imran Khan", "Khan", "Khan"]
    links = [a["href"] for a in page.select(".mentions a.in-context")]
    assert links == ["../../documents/doc-a/index.html#p-1", "../../documents/doc-b/index.html#q-1"]
    index = BeautifulSoup((site / "entities/index.html").read_text(), "html.parser")
    assert [h.get_text() for h in index.find_all("h2")] == ["People", "Places"]


# --------------------------------------------------------------------------- timeline


def test_timeline_groups_by_year_and_marks_editorial_dates(facts: Facts) -> None:
    view = timeline_view(facts)
    assert [y["year"] for y in view["years"]] == ["1990", "2022"]
    assert [e["id"] for e in view["years"][1]["events"]] == ["visit", "talks"]
    aid = view["years"][0]["events"][0]
    assert aid["editorial"] and aid["note"] == "The text says 'the 1990s'."
    assert aid["date_label"] == "1990"
    assert view["summary"].startswith("3 events from 1990 to 2022")


def test_timeline_html(site: Path) -> None:
    page = BeautifulSoup((site / "timeline/index.html").read_text(), "html.parser")
    assert [h.get_text() for h in page.select(".tl-year > h2")] == ["1990", "2022"]
    aid = page.find(id="event-sanctions-1990")
    assert aid.find(class_="editorial").get_text() == "editorial date"
    assert "the 1990s" in aid.find(class_="date-note").get_text()
    assert aid["data-themes"] == "sanctions"
    visit = page.find(id="event-visit")
    assert visit.time["datetime"] == "2022-02-24"
    assert visit.find("em").get_text() == "visit"  # description is Markdown
    assert [a["href"] for a in visit.select(".evidence a")] == [
        "../documents/doc-a/index.html#p-1", "../documents/doc-b/index.html#q-1"]
    assert page.find(attrs={"data-timeline-filter": True}).has_attr("hidden")
    assert page.find("script")["src"] == "../theme/js/timeline-filter.js"
    bars = page.select("svg.bars rect")
    # 1990: sanctions (1); 2022: russia (2 events, one segment), sanctions (1)
    assert [b.title.get_text() for b in bars] == [
        "1990: 1 event — Sanctions", "2022: 2 events — Russia tilt", "2022: 1 event — Sanctions"]
    # every year of the range is on the axis, so quiet years show as gaps
    assert len(page.select("svg.bars text.year")) >= 2


# --------------------------------------------------------------------------- source pages


def test_first_mention_of_each_entity_per_passage_is_linked(facts: Facts) -> None:
    doc = facts.documents[0]
    links = first_mentions(facts, doc, "../../")
    assert [(s, e) for s, e, _ in links["p-1"]] == [(0, 10), (15, 20), (24, 30)]
    assert links["p-1"][0][2] == "../../entities/imran-khan/index.html"


def test_passage_notes_show_themes_and_events(facts: Facts) -> None:
    notes = passage_notes(facts, facts.documents[0], "../../")
    p2 = BeautifulSoup(str(notes["p-2"]), "html.parser")
    assert [a.get_text() for a in p2.select("a.theme-tag")] == ["Russia tilt", "Sanctions"]
    assert [a["href"] for a in p2.select("a.event-tag")] == [
        "../../timeline/index.html#event-sanctions-1990", "../../timeline/index.html#event-talks"]
    assert "p-4" not in notes


def test_document_page_links_mentions_and_lists_related(site: Path) -> None:
    page = BeautifulSoup((site / "documents/doc-a/index.html").read_text(), "html.parser")
    p1 = page.find(id="p-1")
    assert [a.get_text() for a in p1.select("a.mention")] == ["Imran Khan", "Putin", "Moscow"]
    assert p1.select_one(".passage-notes a.theme-tag")["href"] == "../../themes/russia/index.html"
    related = page.find(id="sec-related").find_parent("aside")
    assert related.a["href"] == "../../documents/doc-b/index.html"
    assert "2 shared themes, 3 shared entities" in related.get_text()


def test_mentions_never_break_nesting() -> None:
    text = "See Imran Khan here and Moscow there."
    spans = (Span(4, 14, "link", "https://example.org"), Span(24, 37, "em"),
             Span(20, 20, "fnref", "1"))
    mentions = [(4, 9, "a.html"), (24, 30, "b.html"), (29, 33, "c.html"), (15, 25, "d.html"),
                (0, 3, "e.html")]
    html = str(render_inline(text, spans, RenderOptions(footnotes={"1": "fn-1"}), mentions))
    soup = BeautifulSoup(html, "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a", class_="mention")]
    # inside a link: skipped; inside an em: kept; crossing the em or a fnref: skipped
    assert hrefs == ["e.html", "b.html"]
    assert soup.em.find("a", class_="mention").get_text() == "Moscow"
    assert soup.get_text().replace("1", "", 1) == text  # nothing lost but the fn marker


def test_excerpt_mode_drops_mentions_beyond_the_excerpt() -> None:
    text = LONG + " Khan"
    block = para("x-1", text, "s.txt", 1)
    opts = RenderOptions(excerpt=True, mentions={"x-1": ((0, 5, "a.html"),
                                                        (len(text) - 4, len(text), "b.html"))},
                         notes={"x-1": Markup('<span class="passage-notes">n</span>')})
    html = str(render_block(block, opts))
    assert 'href="a.html"' in html and 'href="b.html"' not in html
    assert html.endswith('<span class="passage-notes">n</span></p>')


def test_prose_escapes_raw_html_and_unsafe_links() -> None:
    html = str(render_prose("# T\n\n<script>x</script> [a](javascript:alert(1)) ![i](http://x/y.png)"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html and "<img" not in html
    assert html.startswith("<h2>T</h2>")


# --------------------------------------------------------------------------- whole site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture Documentary built into a site through the real CLI."""
    out = tmp_path_factory.mktemp("doc-site") / "output"
    dossier = make_documentary()
    with pytest.MonkeyPatch.context() as mp:
        given_documentary(mp, dossier)
        assert cli.main(["build", "--output", str(out)]) == 0
    return out


def test_fixture_site_links_are_sound(site: Path) -> None:
    assert linkcheck.check_site(site) == []
    for page in site.rglob("*.html"):
        assert len(BeautifulSoup(page.read_text(), "html.parser").find_all("h1")) == 1, page


def test_documentary_diagnostics_join_the_build(tmp_path: Path, monkeypatch, capsys) -> None:
    dossier = make_documentary()
    warn = Diagnostic("content/events.toml", 3, "odd event", "check it")
    monkeypatch.setattr(build_site, "build_corpus", lambda root, **kw: dossier.corpus)
    monkeypatch.setattr(build_site, "build_documentary",
                        lambda root, corpus, **kw: Documentary(**{**dossier.__dict__,
                                                            "diagnostics": (warn,)}))
    without_essays(monkeypatch)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert cli.main(["build", "--strict", "--output", str(tmp_path / "a")]) == 1
    assert "content/events.toml:3: warning: odd event — check it" in capsys.readouterr().out
    assert cli.main(["build", "--output", str(tmp_path / "b")]) == 0
    err = Diagnostic("content/themes/x.md", 1, "broken theme", severity="error")
    monkeypatch.setattr(build_site, "build_documentary",
                        lambda root, corpus, **kw: Documentary(corpus, diagnostics=(err,)))
    assert cli.main(["build", "--output", str(tmp_path / "c")]) == 1
    assert not (tmp_path / "c").exists()


def test_bad_slugs_and_unknown_evidence_are_errors(tmp_path: Path, monkeypatch, capsys) -> None:
    dossier = make_documentary()
    bad = Documentary(
        dossier.corpus, (theme("../up", "Up"),), (),
        (Entity("a b", "A B", "person", (), "", "content/entities.toml", 2),), (),
        (Event("e1", "2020", "year", "E", "", (), (), (PassageRef("doc-a", "nope"),),
               "content/events.toml", 4),))
    given_documentary(monkeypatch, bad)
    assert cli.main(["build", "--output", str(tmp_path / "o")]) == 1
    out = capsys.readouterr().out
    assert "theme slug '../up' cannot be used in a link" in out
    assert "entity id 'a b' cannot be used in a link" in out
    assert "content/events.toml:4: error: event 'e1' cites unknown passage 'doc-a#nope'" in out
