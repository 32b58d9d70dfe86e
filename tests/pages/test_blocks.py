"""dossier.pages.blocks: blocks -> safe HTML. Seed text is data: always escaped, never
interpreted."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from dossier.model import Block, DocMeta, Span
from dossier.pages.blocks import (
    RenderOptions,
    format_reference,
    is_safe_url,
    options_for,
    render_block,
    render_blocks,
    render_inline,
)
from dossier.util.text import excerpt


def block(text: str = "Some text.", kind: str = "paragraph", **kw) -> Block:
    kw.setdefault("id", "")
    return Block(kind=kind, text=text, source="seeds/x.txt", line=1, end_line=1, **kw)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


# --------------------------------------------------------------------------- escaping

HOSTILE = [
    "<script>alert(1)</script>",
    "*x* and _y_ and **z**",
    "{{ x }} {% if 1 %}y{% endif %} {# c #}",
    "[link](javascript:alert(1)) & &amp; \"quoted\" 'single'",
    "<img src=x onerror=alert(1)>",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("kind", ["paragraph", "heading", "list_item", "caption", "footnote",
                                  "reference", "comment", "bio"])
def test_text_is_escaped_and_kept_literally(text: str, kind: str) -> None:
    html = render_blocks([block(text, kind=kind, id="p-1")])
    assert isinstance(html, Markup)
    assert "<script" not in html and "<img" not in html
    # The text survives literally: what the reader sees is exactly the seed text.
    element = soup(html).find(id="p-1")
    assert element is not None
    shown = element.get_text().replace("¶", "").strip()
    assert text in shown


def test_script_tag_is_entity_escaped() -> None:
    html = render_inline("a <script>b</script> c")
    assert html == "a &lt;script&gt;b&lt;/script&gt; c"


def test_markdown_and_jinja_syntax_stay_literal() -> None:
    html = render_inline("*x* {{ x }}")
    assert "<em>" not in html
    assert html == "*x* {{ x }}"


def test_span_targets_are_escaped() -> None:
    text = "see here"
    html = render_inline(text, [Span(4, 8, "link", 'https://e.org/?a=1&b="2"><script>')])
    a = soup(html).a
    assert a["href"] == 'https://e.org/?a=1&b="2"><script>'
    assert "<script>" not in html


# --------------------------------------------------------------------------- spans


def test_em_and_link_spans() -> None:
    text = "An important link here."
    html = render_inline(text, [Span(3, 12, "em"), Span(13, 17, "link", "https://example.org/")])
    assert html == ('An <em>important</em> <a class="external" href="https://example.org/">link'
                    "</a> here.")


def test_the_words_of_a_text_in_another_language_carry_its_lang() -> None:
    block = Block("paragraph", "روس کا دورہ", "s.txt", 1, 1, id="p-1", number=1)
    opts = options_for((block,), DocMeta(language="ur"))
    html = render_block(block, opts)
    assert '<span lang="ur">روس کا دورہ</span>' in html
    assert html.index("Paragraph") < html.index('lang="ur"')  # the site's words stay English
    english = render_block(block, options_for((block,), DocMeta(language="en-GB")))
    assert "lang=" not in english and DocMeta(language="en-GB").lang == ""


def test_strong_span() -> None:
    assert render_inline("a firm no", [Span(2, 6, "strong")]) == "a <strong>firm</strong> no"


def test_nested_spans() -> None:
    text = "read the paper now"
    html = render_inline(text, [Span(5, 14, "link", "https://e.org"), Span(9, 14, "em")])
    assert html == 'read <a class="external" href="https://e.org">the <em>paper</em></a> now'


def test_crossing_and_out_of_range_spans_are_dropped() -> None:
    text = "abcdef"
    html = render_inline(text, [Span(0, 3, "em"), Span(2, 5, "em"), Span(4, 99, "em")])
    assert html == "<em>abc</em>def"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "/etc/passwd",
                                 "relative/page.html", "https://a b"])
def test_unsafe_link_targets_become_plain_text(url: str) -> None:
    assert not is_safe_url(url)
    assert render_inline("click", [Span(0, 5, "link", url)]) == "click"


def test_footnote_reference_links_to_the_footnote() -> None:
    blocks = [
        block("A claim.", id="p-1", spans=(Span(8, 8, "fnref", "1"),)),
        block("The note.", kind="footnote", section="footnotes", label="1", id="fn-1"),
    ]
    opts = options_for(blocks, DocMeta())
    html = render_blocks(blocks, opts)
    sup = soup(html).find("sup", class_="fnref")
    assert sup.a["href"] == "#fn-1"
    assert sup.get_text() == "1"
    assert soup(html).find(id="fn-1") is not None


def test_without_footnotes_a_superscript_number_cites_the_numbered_reference() -> None:
    """A paper numbering its references (``3. Doe, J. …``) marks its citations with
    superscript numbers: with no footnote to point at, each links to the entry so
    numbered; a number two entries share, or none has, links nowhere."""
    refs = [block(f"{n}. Doe, J. {n}. A title.", kind="reference", section="references",
                  id=f"ref-{n}aaaaa") for n in (2, 3, 3, 4)]
    claim = block("A claim. Another. More.", id="p-1",
                  spans=(Span(8, 8, "fnref", "2"), Span(17, 17, "fnref", "3"),
                         Span(23, 23, "fnref", "7")))
    html = render_blocks([claim, *refs], options_for([claim, *refs], DocMeta()))
    sups = soup(html).find(id="p-1").find_all("sup", class_="fnref")
    assert [s.get_text() for s in sups] == ["2", "3", "7"]
    assert sups[0].a["href"] == "#ref-2aaaaa" and sups[0].a["aria-label"] == "Reference 2"
    assert sups[1].a is None and sups[2].a is None
    several = render_inline("Claim.", [Span(6, 6, "fnref", "2,4,7")],
                            options_for(refs, DocMeta()))
    assert several == ('Claim.<sup class="fnref"><a href="#ref-2aaaaa" aria-label="Reference '
                       '2">2</a>,<a href="#ref-4aaaaa" aria-label="Reference 4">4</a>,7</sup>')
    # with footnotes, a superscript is a note marker: one without its note links nowhere
    note = block("The note.", kind="footnote", section="footnotes", label="1", id="fn-1")
    html = render_blocks([claim, note, *refs], options_for([claim, note, *refs], DocMeta()))
    assert all(s.a is None for s in soup(html).find(id="p-1").find_all("sup", class_="fnref"))


def test_unresolved_footnote_reference_is_not_a_link() -> None:
    html = render_inline("Claim.", [Span(6, 6, "fnref", "9")])
    assert html == 'Claim.<sup class="fnref">9</sup>'


# --------------------------------------------------------------------------- blocks


def test_paragraph_has_id_and_focusable_permalink() -> None:
    html = render_block(block("Hello.", id="p-abc"))
    p = soup(html).p
    assert p["id"] == "p-abc"
    link = p.find("a", class_="permalink")
    assert link["href"] == "#p-abc"
    assert link.get_text() == "¶Permalink to this paragraph"  # no number: a bare ¶


def test_passage_number_opens_the_passage_and_names_it() -> None:
    """``¶ 15`` first in the passage (CSS sets it in the margin); a screen reader hears
    "Paragraph 15", never "pilcrow"."""
    p = soup(render_block(block("Hello.", id="p-abc", number=15))).p
    link = p.contents[0]
    assert link.name == "a" and "permalink" in link["class"] and link["href"] == "#p-abc"
    assert link.get_text() == "¶Paragraph 15"
    assert link.find(attrs={"aria-hidden": "true"}).get_text() == "¶"
    assert link.find(class_="visually-hidden").get_text() == "Paragraph"
    assert p.get_text() == "¶Paragraph 15 Hello."
    li = soup(render_block(block("An entry.", kind="reference", id="ref-x", number=3))).li
    assert li.contents[0].get_text() == "¶Reference 3"


def test_block_without_id_has_no_permalink() -> None:
    html = render_block(block("Hello."))
    assert "permalink" not in html and "id=" not in html


def test_heading_is_h2_by_default_and_level_can_change() -> None:
    assert soup(render_block(block("Intro", kind="heading"))).h2.get_text() == "Intro"
    assert soup(render_blocks([block("Intro", kind="heading")], heading_level=3)).h3


def test_consecutive_list_items_of_one_group_make_one_list() -> None:
    items = [
        block("a", kind="list_item", group=1, id="l-a"),
        block("b", kind="list_item", group=1, id="l-b"),
        block("c", kind="list_item", group=2, id="l-c"),
        block("para", id="p-1"),
        block("d", kind="list_item", group=2, id="l-d"),
    ]
    lists = soup(render_blocks(items)).find_all("ul")
    assert [[li["id"] for li in ul.find_all("li")] for ul in lists] == [
        ["l-a", "l-b"], ["l-c"], ["l-d"]]


def test_caption_with_separate_credit() -> None:
    html = render_block(block("Two men shake hands.", kind="caption", credit="(Reuters)",
                              id="fig-1"))
    p = soup(html).find(id="fig-1")
    assert "caption" in p["class"]
    assert p.find("small", class_="credit").get_text() == "(Reuters)"
    assert "Two men shake hands." in p.get_text()


def test_footnotes_are_an_ordered_list_with_labels() -> None:
    notes = [block("First.", kind="footnote", label="1", id="fn-1"),
             block("Second.", kind="footnote", label="2", id="fn-2")]
    ol = soup(render_blocks(notes)).find("ol", class_="footnotes")
    assert [li["id"] for li in ol.find_all("li")] == ["fn-1", "fn-2"]
    assert ol.find("span", class_="fn-label").get_text() == "1."


def test_a_reference_shows_its_own_text_not_its_fields() -> None:
    text = "Afzal, Madiha. “The U.S. Needs a Reset.” The New York Times. https://nyt.com/x"
    ref = block(text, kind="reference", id="ref-1", spans=(
        Span(41, 59, "em"), Span(61, 78, "link", "https://nyt.com/x")), fields=(
        ("authors", "wrongly parsed"), ("title", "cut"), ("url", "https://nyt.com/x")))
    html = format_reference(ref)
    assert soup(html).get_text() == text
    assert "<em>The New York Times</em>" in html
    assert soup(html).a["href"] == "https://nyt.com/x" and "ref-url" in soup(html).a["class"]
    assert "wrongly" not in html


def test_reference_text_is_escaped() -> None:
    assert format_reference(block("Afridi, M. talks <2022> {{ v }}", kind="reference",
                                  id="ref-2")) == "Afridi, M. talks &lt;2022&gt; {{ v }}"


def test_a_reference_listed_twice_carries_its_note() -> None:
    ref = block("Doe, J. A Book.", kind="reference", id="ref-3",
                fields=(("note", "listed 2 times in the source (lines 4 and 6); shown once"),))
    note = soup(format_reference(ref)).find("span", class_="ref-note")
    assert note.get_text() == "[listed 2 times in the source (lines 4 and 6); shown once]"


def test_aliases_add_empty_anchor_before_the_block() -> None:
    blocks = [block("Moved.", id="p-new")]
    opts = options_for(blocks, DocMeta(aliases=(("p-old", "p-new"),)))
    html = render_blocks(blocks, opts)
    tags = [t for t in soup(html).find_all(True) if t.get("id")]
    assert [t["id"] for t in tags] == ["p-old", "p-new"]
    assert tags[0].get_text() == ""


def test_alias_of_a_list_item_stays_inside_the_list() -> None:
    blocks = [block("item", kind="list_item", group=1, id="l-new")]
    opts = options_for(blocks, DocMeta(aliases=(("l-old", "l-new"),)))
    ul = soup(render_blocks(blocks, opts)).ul
    assert [c.name for c in ul.children if c.name] == ["li"]
    assert ul.li.find(id="l-old") is not None


# --------------------------------------------------------------------------- excerpts


def test_excerpt_mode_cuts_citable_blocks_but_not_headings() -> None:
    long = " ".join(["word"] * 60)
    opts = RenderOptions(excerpt=True)
    para = soup(render_block(block(long, id="p-1"), opts)).p.get_text()
    assert para.count("word") == 40 and "…" in para
    head = soup(render_block(block(long, kind="heading"), opts)).h2.get_text()
    assert head.count("word") == 60


def test_excerpt_clips_spans() -> None:
    text = " ".join(["a"] * 45)
    cut, spans = excerpt(text, (Span(0, 1, "em"), Span(78, 89, "em")))
    assert spans == (Span(0, 1, "em"), Span(78, 79, "em"))
    assert render_inline(cut, spans).count("<em>") == 2


def test_an_in_text_citation_links_to_its_entry_and_holds_no_mention() -> None:
    text = "As argued (Pramuk 2017) here."
    para = block(text, id="p-1", spans=(Span(11, 22, "cite", "ref-abc"),))
    opts = RenderOptions(mentions={"p-1": ((11, 17, "../../entities/pramuk/index.html"),)})
    a = soup(render_block(para, opts)).find_all("a")
    assert [(x["class"], x["href"], x.get_text()) for x in a if "permalink" not in x["class"]] == [
        (["cite"], "#ref-abc", "Pramuk 2017")]


def test_a_reference_ending_in_a_quote_ends_with_the_quote_itself() -> None:
    """Pagefind reads the HTML as written: ``&#34;`` would end the entry with ";" and run it
    into the next one in the search index."""
    assert format_reference(block('Doe, J. "A <b>", others"', kind="reference")) == (
        'Doe, J. &#34;A &lt;b&gt;&#34;, others"')
