"""The Markdown of essays (dossier/essays/markup.py): every feature of ``extra`` and ``toc``
in the corpus tests/fixtures/essays-markdown/, each asserted in the rendered page; hostile
HTML neutralised and reported (the allow-list itself: test_sanitise.py); a grammar of
valid constructs never read as a missing link; "did you mean"."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dossier.essays import source as E
from dossier.essays import targets as T
from dossier.essays import validate as V
from dossier.essays.markup import essay_markdown
from dossier.essays.refs import parse_ref
from dossier.essays.render import render
from dossier.util.diagnostics import Reporter

FIXTURES = Path(__file__).parents[1] / "fixtures" / "essays-markdown"
FOLDER = FIXTURES / "content" / "essays"
CONTENT = FIXTURES / "content"
TARGETS = T.Targets(
    documents={"pak-russia": T.DocTarget(
        "Pakistan and Russia", {"p-abc123": "First passage.", "p-def456": "Second passage."})},
    themes={"russia-tilt": "The tilt to Russia"},
    entities={"imran-khan": "Imran Khan"},
    events={"doha-agreement": "The Doha agreement"},
    pages={"index.html": "Home", "timeline/index.html": "Timeline"},
)
P = "content/essays/hostile.md"
REMOVED = "is not allowed in an essay, and is removed — see docs/editing.md for the HTML an " \
    "essay may use"
UNSAFE = ("is not one a reader can follow safely, and is removed — link with http://, "
          "https:// or mailto:, or with a relative path")
HOSTILE = [
    f"{P}:5: error: element <script> {REMOVED}",
    f"{P}:7: error: link 'javascript:alert(1)' {UNSAFE}",
    f"{P}:7: error: attribute 'onclick' of <b> {REMOVED}",
    f"{P}:10: error: link 'javascript:alert(4)' {UNSAFE}",
    f"{P}:9: error: attribute 'onmouseover' of <div> {REMOVED}",
    f"{P}:13: error: element <iframe> {REMOVED}",
    f"{P}:15: error: image 'data:image/png;base64,AAAA' cannot be shown, and is removed — "
    "put the file under content/ and give its path, or an https:// address",
]


@pytest.fixture(scope="module")
def loaded() -> tuple[dict[str, E.Essay], list[str]]:
    essays, diags = E.load_essays(FOLDER, FIXTURES, TARGETS)
    return {e.slug: e for e in essays}, [str(d) for d in diags]


def rendered(loaded, slug: str) -> BeautifulSoup:
    essays, _ = loaded
    targets = replace(TARGETS, essays={s: e.title for s, e in essays.items()})
    return BeautifulSoup(str(render(essays[slug], targets).body), "html.parser")


def test_only_the_hostile_essay_has_problems(loaded) -> None:
    _, diags = loaded
    assert sorted(diags) == sorted(HOSTILE)


def test_footnotes(loaded) -> None:
    html = rendered(loaded, "footnotes")
    refs = html.select("sup a.footnote-ref")
    assert [a.get_text() for a in refs] == ["1", "1", "2"]  # numbered per essay
    assert [a["href"] for a in refs] == ["#fn-footnotes-pressler"] * 2 + ["#fn-footnotes-tests"]
    assert [s["id"] for s in html.select("sup")] == [
        "fnref-footnotes-pressler", "fnref2-footnotes-pressler", "fnref-footnotes-tests"]
    note = html.find("li", id="fn-footnotes-pressler")
    assert "first applied in October 1990" in note.get_text()
    backs = note.select("a.footnote-backref")
    assert [a["href"] for a in backs] == ["#fnref-footnotes-pressler",
                                          "#fnref2-footnotes-pressler"]
    assert backs[0]["title"] == "Back to note 1 in the text"
    tests = html.find("li", id="fn-footnotes-tests")
    assert tests.find("a", href="../../index.html")
    assert tests.find("a", class_="cite")["href"].endswith("pak-russia/index.html#p-def456")
    other = rendered(loaded, "second-notes")
    ids = {el["id"] for el in html.select("[id]")}
    assert ids.isdisjoint({el["id"] for el in other.select("[id]")})
    assert not any(i.startswith(("p-", "cite-")) for i in ids if "footnote" in i or "fn" in i)
    # a heading for screen readers, at the level of the body's top headings
    [box] = html.select("div.footnote")
    assert box.find().name == "h2" and box.h2["class"] == ["visually-hidden"]
    assert box.h2.get_text() == "Notes" and html.find_all("h2")[-1] is box.h2
    # an essay whose top heading is "# …" (h1, moved to h2): the notes heading is an h2 too
    assert [h.get_text() for h in rendered(loaded, "extra").select("div.footnote > h2")] == [
        "Notes"]


def test_every_extra_feature(loaded) -> None:
    html = rendered(loaded, "extra")
    assert html.find("h2", id="terms").get_text() == "Terms"  # {#terms}, moved below h1
    assert html.find("p", class_="lead")  # attribute list on a paragraph
    assert html.find("abbr", title="Tehrik-i-Taliban Pakistan").get_text() == "TTP"
    assert html.find("abbr", title="Inter-Services Intelligence")
    assert html.find("a", title="Home")["href"] == "../../index.html"  # inline link, title
    ref_link = html.find("a", string="timeline")  # reference-style, with a title
    assert ref_link["href"] == "../../timeline/index.html"
    assert ref_link["title"] == "The timeline"
    table = html.find("table")
    assert [th.get_text() for th in table.select("th")] == ["Year", "Event [a]", "Source"]
    cells = [td.get_text() for td in table.select("td")]
    assert cells[1] == "aid | stops" and cells[2] == "[[not-a-ref]]"
    assert table.select_one("td a")["href"] == "../../timeline/index.html"
    assert [dt.get_text() for dt in html.select("dl dt")] == ["Pressler", "Doha"]
    assert html.select("dl dd a.ref-event")
    items = html.find("ol").find_all("li", recursive=False)
    assert [li.contents[0].strip() for li in items] == ["First", "Second", "Third"]
    assert len(items[1].select("ul > li")) == 2  # nested list
    img = html.find("img", title="The region in 2022")
    assert img["alt"] == "A map with a title" and img["src"] == "../../images/map.png"
    assert html.find("a", href="https://example.org/autolink")
    fenced = [pre.get_text() for pre in html.select("pre")]
    assert "[x]: y\n[[pak-rusia#p-nope]]\n![](nothing.png)\n" in fenced
    assert any("[[indented-code#p-nope]]" in text for text in fenced)
    aside = html.find("div", class_="aside")  # md_in_html
    assert aside.find("em").get_text() == "Inside HTML"
    assert aside.find("a", class_="ref-entity").get_text() == "Imran Khan"
    assert html.select_one("figure img")["src"] == "../../images/map.png"
    assert html.find("figcaption").get_text() == "A caption"
    assert html.select("div.footnote li#fn-extra-1")
    assert not html.select(".broken-ref")


def test_hostile_html_is_neutralised(loaded) -> None:
    html = str(rendered(loaded, "hostile"))
    for bad in ("<script", "alert(", "onclick", "onmouseover", "javascript:", "<iframe",
                "data:"):
        assert bad not in html, bad
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("b").get_text() == "bold"
    assert soup.find("a", string="click").get("href") is None


def test_the_footnote_example_in_docs_editing_md() -> None:
    guide = (Path(__file__).parents[2] / "docs" / "editing.md").read_text(encoding="utf-8")
    example = guide.split("A footnote, complete:\n\n```markdown\n", 1)[1].split("```", 1)[0]
    assert "[^pressler]: The amendment dates from 1985" in example
    assert check(example) == []
    md, _ = essay_markdown("here", lambda ref: None)
    html = BeautifulSoup(md.convert(example), "html.parser")
    assert html.find("li", id="fn-here-pressler").find("a", class_="footnote-backref")


# --------------------------------------------------------------------------- any document


def check(body: str, save_as: str = "essays/here/index.html") -> list[str]:
    out = Reporter("e.md")
    V.scan_body(body.splitlines(), 1, save_as, CONTENT / "essays", CONTENT, TARGETS, out)
    return [str(d) for d in out.diagnostics]


WORD = st.sampled_from(["Pakistan", "aid", "1990", "ISI", "the", "Moscow", "x"])
LABEL = st.sampled_from(["note", "1", "pressler", "b"])
INLINE = st.one_of(
    WORD,
    WORD.map(lambda w: f"*{w}*"),
    WORD.map(lambda w: f"**{w}**"),
    st.sampled_from(["`[x](nowhere)`", "`[[nothing]]`", "`[a]: b`", "\\[[escaped]]",
                     "[plain brackets]", "[a] [b]", "<https://example.org/a>",
                     "[home](../../index.html)", "[out](https://example.org/ \"T\")",
                     "[[theme:russia-tilt]]", "[[pak-russia#p-abc123]]",
                     "[mail](mailto:a@example.org)", "[top](#terms)", "ISI", "TTP"]),
    LABEL.map(lambda n: f"[^{n}]"),
    st.sampled_from(["defined", "tl"]).map(lambda r: f"[the {r}][{r}]"),
)
PARAGRAPH = st.lists(INLINE, min_size=1, max_size=6).map(" ".join)
BLOCK = st.one_of(
    PARAGRAPH,
    PARAGRAPH.map(lambda p: f"## {p} {{#terms}}"),
    PARAGRAPH.map(lambda p: f"{p}\n{{: .lead }}"),
    st.tuples(LABEL, PARAGRAPH).map(lambda t: f"[^{t[0]}]: {t[1]}"),
    st.just("*[ISI]: Inter-Services Intelligence\n*[TTP]: Tehrik [b]"),
    st.tuples(PARAGRAPH, PARAGRAPH).map(
        lambda t: f"| a [x] | b |\n| --- | --- |\n| {t[0]} | {t[1]} |\n| `a|b` [c] | d |"),
    st.tuples(WORD, PARAGRAPH).map(lambda t: f"{t[0]}\n:   {t[1]}"),
    st.lists(PARAGRAPH, min_size=1, max_size=3).map(
        lambda ps: "\n".join(f"{i}. {p}" for i, p in enumerate(ps, 1))),
    st.tuples(PARAGRAPH, PARAGRAPH).map(lambda t: f"- {t[0]}\n    - {t[1]}"),
    st.sampled_from(["```\n[x]: y\n[[x]]\n[a](/b)\n```", "~~~python\n[[x#p-1]] = 1\n~~~",
                     "Code:\n\n    [x]: y and [[x]]", "> quoted [a] and [^note]",
                     '<div markdown="1">\n*x* [b]\n</div>', "---",
                     "![A map](../images/map.png \"A title\")",
                     "[defined]: https://example.org/ \"Title\"",
                     "[tl]: ../../timeline/index.html"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(BLOCK, min_size=1, max_size=8))
def test_valid_markdown_never_reports_a_link(blocks: list[str]) -> None:
    assume(sum("{#terms}" in b for b in blocks) <= 1)  # an id twice is a mistake (below)
    body = "\n\n".join(blocks) + "\n\n[defined]: https://example.org/\n[tl]: ../../index.html"
    assert check(body) == []


# --------------------------------------------------------------------------- did you mean


def test_near_never_proposes_the_word_given_nor_an_excluded_one() -> None:
    assert T.near("abc", ["abc", "abd"]) == "did you mean 'abd'?"
    assert T.near("abc", ["abc"]) == ""
    assert T.near("abc", ["abd", "abe"], exclude=["abd"]) == "did you mean 'abe'?"


def test_a_link_never_proposes_the_page_being_checked() -> None:
    # the case: "The" from a footnote once became a link proposing the essay itself
    got = check("[x](../../essays/here/The)")
    assert got == ["e.md:1: error: link to missing page '../../essays/here/The' — use a "
                   "[[kind:target]] reference instead"]
    targets = replace(TARGETS, essays={"here": "Here", "her": "Her"})
    out = Reporter("e.md")
    V.scan_body(["[x](../../essays/hre/index.html)"], 1, "essays/here/index.html",
                CONTENT / "essays", CONTENT, targets, out)
    assert [d.fix for d in out.diagnostics] == [
        "did you mean '../../essays/her/index.html'?"]


def test_a_reference_never_proposes_the_essay_being_checked() -> None:
    targets = replace(TARGETS, essays={"here": "Here"})
    found = T.lookup(parse_ref("essay:hre"), targets, "essays/here/index.html")
    assert found == ("link to unknown essay 'hre'", "essays are the files in content/essays/")
    assert T.lookup(parse_ref("essay:hre"), targets)[1] == "did you mean 'here'?"


# --------------------------------------------------------------------------- ids


def test_a_heading_never_takes_an_id_the_page_uses() -> None:
    md, _ = essay_markdown("here", lambda ref: None)
    html = BeautifulSoup(md.convert("## Content\n\n## Cite 1\n\n## Card x\n\n## Context"),
                         "html.parser")
    assert [h["id"] for h in html.find_all("h2")] == [
        "h-content", "h-cite-1", "h-card-x", "context"]
    assert check("## Content\n\nText.\n\n## Cite 1") == []


def test_an_id_the_page_uses_or_used_twice_is_an_error_at_its_line() -> None:
    body = "Intro.\n\n## Terms {#content}\n\nText.\n\n## A {#x}\n\nMore.\n{: #cite-2 }\n\n" \
        "## B {#x}"
    assert check(body) == [
        "e.md:3: error: id 'content' is one the page gives an element itself — choose another "
        "id, e.g. '{#h-content}'",
        "e.md:10: error: id 'cite-2' is one the page gives an element itself — choose another "
        "id, e.g. '{#h-cite-2}'",
        "e.md:12: error: id 'x' is used twice in this essay — give each element its own id",
    ]
