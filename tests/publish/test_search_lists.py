"""Search excerpts of lists keep a separator between items.

Pagefind ends a block element (``li``, ``p``, ``dd``…) with a full stop in its indexed text, but
only when the element's indexed text ends with a word character: whitespace before ``</li>``,
such as the space before a ``<span class="count">`` that the index leaves out, or a newline
and indent in the template, makes it run the items together ("Events. October 1990 Pressler
Amendment sanctions stop US aid 1998 Pakistan tests…"). The templates therefore put nothing
but left-out elements between an item's last indexed word and ``</li>``.

The built site's indexed pages are read back, with a model of Pagefind's rules checked against
what it indexed: every list item inside ``data-pagefind-body`` ends with punctuation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from dossier.publish.search import EXCLUDE_SELECTORS, read_fragments

# Pagefind 1.5.2's rules (its src/fossick/parser.rs, checked below): what it never indexes, the
# elements it ends with a full stop, and the last characters that get one.
IGNORED = ", ".join((*EXCLUDE_SELECTORS, "[data-pagefind-ignore]", "head", "style", "script",
                     "noscript", "label", "form", "svg", "footer", "nav", "iframe", "template"))
SENTENCE_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article",
                 "section"}
SENTENCE_END = re.compile(r"[\w'\")$*]")
# Pagefind reads text undecoded: a character written as an entity (``&#34;``) ends with ";".
# Each decoded entity is followed by this mark, which is no sentence end, and then dropped.
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
MARK = "\ue000"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(MARK, "")).strip()


def _body(page: str) -> Tag | None:
    """The ``data-pagefind-body`` element of ``page`` (entities decoded and marked)."""
    marked = ENTITY.sub(lambda m: m[0] + MARK, page)
    return BeautifulSoup(marked, "html.parser").select_one("[data-pagefind-body]")


def indexed(element: Tag) -> str:
    """What Pagefind 1.5.2 indexes of ``element``'s children: text outside left-out elements,
    each block element padded with spaces and ended with "." after a word character."""
    out = []
    for child in element.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            out.append(str(child))
            continue
        if not isinstance(child, Tag) or child.css.match(IGNORED):
            continue
        value = " " if child.name == "br" else ""
        value += indexed(child)
        if child.name in SENTENCE_TAGS:
            value = " " + value + ("." if value and SENTENCE_END.match(value[-1]) else "") + " "
        out.append(value)
    return "".join(out)


def _unseparated(html: str) -> list[str]:
    """The list items of the indexed part of ``html`` whose indexed text runs on into what
    follows (no punctuation at its end)."""
    body = _body(html)
    if body is None:
        return []
    bad = []
    for item in body.find_all("li"):
        if any(isinstance(p, Tag) and p.css.match(IGNORED) for p in (item, *item.parents)):
            continue
        raw = indexed(item)
        text = _squash(raw)
        # Pagefind adds the full stop only when the item's last character is a word's: here
        # the item ends with a word, then whitespace, so nothing separates it from the next.
        if text and SENTENCE_END.match(text[-1]) and not SENTENCE_END.match(raw[-1]):
            bad.append(f"…{text[-60:]}")
    return bad


def test_the_check_sees_a_run_on_list():
    run_on = ('<main data-pagefind-body><ol><li><a>October 1990 stop aid</a> '
              '<span class="count">1</span></li><li><a>1998 tests</a>\n</li></ol></main>')
    assert _unseparated(run_on) == ["…October 1990 stop aid", "…1998 tests"]
    kept = ('<main data-pagefind-body><ol><li><a>October 1990 stop aid</a>'
            '<span class="count"> 1</span></li><li><p>1998 tests</p>\n</li></ol></main>')
    assert _unseparated(kept) == []


@pytest.fixture(scope="module")
def fragments(built_site: Path) -> list[dict]:
    found = read_fragments(built_site / "pagefind")
    assert found, "no Pagefind fragments in the built site"
    return found


def test_the_model_of_pagefind_is_exact(built_site: Path, fragments):
    """:func:`indexed` gives, for every indexed page, exactly the text Pagefind indexed: the
    check below is about Pagefind's output, not a guess at it."""
    differ = []
    for fragment in fragments:
        page = built_site / fragment["url"].lstrip("/")
        body = _body(page.read_text(encoding="utf-8"))
        if _squash(indexed(body)) != _squash(fragment["content"]):
            differ.append(fragment["url"])
    assert not differ, f"Pagefind indexed these pages otherwise than modelled: {differ[:10]}"


def test_every_list_item_ends_a_sentence_in_the_index(built_site: Path, fragments):
    problems = {}
    for fragment in fragments:
        page = built_site / fragment["url"].lstrip("/")
        if bad := _unseparated(page.read_text(encoding="utf-8")):
            problems[fragment["url"]] = bad
    assert not problems, "list items run together in the search index:\n" + "\n".join(
        f"{url}: {hit}" for url, hits in sorted(problems.items()) for hit in hits[:3])


def test_events_strip_reads_as_separate_items(fragments):
    """The example of issue 14: the events strip of the sanctions theme."""
    content = _squash(next(f for f in fragments if f["url"].startswith("/themes/sanctions/"))
                      ["content"])
    start = content.index("Events.")
    strip = content[start:start + 400]
    assert "stop US aid. 1998 Pakistan tests nuclear weapons. 2018 Trump" in strip, strip


def test_description_list_pairs_read_as_separate_items(fragments):
    """A document's metadata (``<dl class="meta">``): each term and its description are one
    item of the index, kept apart from the next ("Publisher The Media Line. Date …")."""
    doc = next(f for f in fragments if f["url"].startswith("/documents/")
               and "Publisher" in f["content"])
    content = _squash(doc["content"])
    after = content[content.index("Publisher"):]
    assert ". Date" in after[:200], after[:200]
