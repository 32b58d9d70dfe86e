"""Long listings split into pages (dossier.pages.pagination): a theme's passages, an entity's
mentions, and the bounded matrix of the themes index.

A hand-built Documentary (no seeds, no content/) with a page size patched small, so a few
documents paginate: the views, then a real build of it, link-checked and validated.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from dossier import cli
from dossier.model import (
    Assignment,
    Block,
    Corpus,
    DocMeta,
    Document,
    Documentary,
    Entity,
    Mention,
    PassageRef,
    Theme,
)
from dossier.pages import document as documentpages
from dossier.pages import entities as entitypages
from dossier.pages import themes as themepages
from dossier.pages.crossref import Facts
from dossier.pages.entities import _excerpt_limit, entity_pages, mention_listing, snippet
from dossier.pages.pagination import (
    Slice,
    item_pages,
    marked,
    page_numbers,
    page_path,
    pager,
    split,
)
from dossier.pages.themes import matrix_view, theme_listing, theme_pages
from dossier.publish import linkcheck
from dossier.util.text import ELLIPSIS, EXCERPT_WORDS
from tests.support import given_documentary

THEME_PAGE = 7  # passages per theme page in these tests
ENTITY_PAGE = 6  # passages per entity page
HOME_PAGE = 4  # documents per page of the home page list
# Passages per document: document 3 alone is larger than a theme page, so it is cut.
SIZES = [3, 4, 2, 16, 1, 5, 3, 2, 4, 1, 2]


# --------------------------------------------------------------------------- split


def _listing(sizes: list[int], prefix: str = "k") -> list[list[str]]:
    return [[f"{prefix}{g}-{i}" for i in range(n)] for g, n in enumerate(sizes)]


def _pages_of(groups: list[list[str]], limit: int) -> list[list[str]]:
    """The keys on each page of ``split``."""
    return [[k for s in page for k in groups[s.group][s.start:s.end]]
            for page in split(groups, limit)]


def _check_split(groups: list[list[str]], limit: int) -> None:
    pages = split(groups, limit)
    flat = [(s.group, i) for page in pages for s in page for i in range(s.start, s.end)]
    # every item once, in listing order
    assert flat == [(g, i) for g, keys in enumerate(groups) for i in range(len(keys))]
    low = (limit + 1) // 2
    for n, page in enumerate(pages):
        assert sum(s.size for s in page) <= limit
        for s in page:
            whole = s.start == 0 and s.end == len(groups[s.group])
            # a group is cut only when it does not fit on a page of its own
            assert whole or len(groups[s.group]) > limit
            if s.start > 0:  # a cut inside a group: at a marked item, or a full page
                before = sum(x.size for x in pages[n - 1])
                assert before == limit or (before >= low and marked(
                    groups[s.group][s.start], limit))


def test_split_keeps_groups_whole_and_cuts_only_one_larger_than_a_page() -> None:
    for sizes, limit in (([3, 4, 2, 16, 1], 7), ([1] * 50, 10), ([30, 1, 30], 8),
                         ([5, 5], 5), ([10], 5), ([200, 3, 150, 7], 40)):
        _check_split(_listing(sizes), limit)
    pages = split(_listing([3, 4, 2, 16, 1]), 7)
    assert pages[:2] == [[Slice(0, 0, 3), Slice(1, 0, 4)], [Slice(2, 0, 2)]]


@given(st.lists(st.integers(0, 60), max_size=40), st.integers(1, 50), st.text(max_size=3))
def test_split_property(sizes: list[int], limit: int, prefix: str) -> None:
    _check_split(_listing(sizes, prefix), limit)


def test_split_edge_cases() -> None:
    assert split([], 5) == [[]]  # an empty listing still has its page 1
    assert split([[], ["a", "b"], []], 5) == [[Slice(1, 0, 2)]]
    assert split(_listing([5, 5]), 5) == [[Slice(0, 0, 5)], [Slice(1, 0, 5)]]
    assert [p[0].size for p in split(_listing([10]), 1)] == [1] * 10
    with pytest.raises(ValueError):
        split([["a"]], 0)


def _changed(before: list[list[str]], after: list[list[str]]) -> int:
    """Pages of ``after`` whose place or content is not that of ``before``."""
    return sum(1 for n, page in enumerate(after) if n >= len(before) or before[n] != page)


def test_an_item_added_or_removed_changes_a_page_or_two_not_every_later_one() -> None:
    """What makes a seed edit cheap: a passage added to a theme of thousands changes the
    page it lands on (and rarely the next), and the page count rarely. Counting from the
    start (what split did before) changes every page after it."""
    rng = random.Random(20261206)
    limit = 200
    groups = _listing([rng.choice([1, 1, 2, 3, 5, 8, 20, 60, 400]) for _ in range(700)])
    before = _pages_of(groups, limit)
    assert len(before) > 30
    changed, recounted, counted_from_start = [], 0, []
    for trial in range(200):
        g = rng.randrange(len(groups))
        edited = [list(keys) for keys in groups]
        if trial % 3 == 2 and edited[g]:
            del edited[g][rng.randrange(len(edited[g]))]
        else:
            edited[g].insert(rng.randrange(len(edited[g]) + 1), f"new-{trial}")
        after = _pages_of(edited, limit)
        if len(after) != len(before):  # a page more or less: every pager says so
            recounted += 1
        else:
            changed.append(_changed(before, after))
        # the same edit, pages of exactly ``limit`` counted from the start
        flat = [k for keys in groups for k in keys]
        flat2 = [k for keys in edited for k in keys]
        old = [flat[i:i + limit] for i in range(0, len(flat), limit)]
        new = [flat2[i:i + limit] for i in range(0, len(flat2), limit)]
        counted_from_start.append(_changed(old, new))
    assert max(changed) <= 4 and sum(changed) / len(changed) < 1.5, changed
    assert recounted <= 10  # one edit in twenty
    assert sum(counted_from_start) / len(counted_from_start) > 10


def test_page_paths_keep_page_one_where_it_was() -> None:
    assert page_path("themes/x/index.html", 1) == "themes/x/index.html"
    assert page_path("themes/x/index.html", 2) == "themes/x/page/2/index.html"
    assert page_path("entities/pakistan/index.html", 12) == "entities/pakistan/page/12/index.html"
    with pytest.raises(ValueError):
        page_path("themes/x/index.html", 0)


def test_pager_numbers_first_last_and_a_window() -> None:
    assert page_numbers(1, 3) == [1, 2, 3]
    assert page_numbers(1, 10) == [1, 2, 3, None, 10]
    assert page_numbers(6, 10) == [1, None, 4, 5, 6, 7, 8, 9, 10]
    assert page_numbers(4, 10) == [1, 2, 3, 4, 5, 6, None, 10]  # one missing page: shown
    assert pager("themes/x/index.html", 1, 1) is None  # one page: no pager at all
    p = pager("themes/x/index.html", 2, 3)
    assert p["prev"] == "themes/x/index.html" and p["next"] == "themes/x/page/3/index.html"
    assert [(i["number"], i["current"]) for i in p["pages"]] == [(1, False), (2, True),
                                                                 (3, False)]
    assert pager("themes/x/index.html", 3, 3)["next"] is None


# --------------------------------------------------------------------------- views


def _documentary(sizes: list[int] = SIZES) -> Documentary:
    docs, assignments, mentions = [], [], []
    for i, n in enumerate(sizes):
        slug = f"doc-{i:02d}"
        src = f"seeds/{i:03d}_{slug}.txt"
        blocks = tuple(Block("paragraph", f"Pakistan said something in part {j} of {slug}. "
                             + " ".join(f"w{k}" for k in range(30)), src, j + 1, j + 1,
                             id=f"p-{j}") for j in range(n))
        mode = "excerpts" if i == 1 else "full"
        docs.append(Document(slug=slug, source=src, blocks=blocks,
                             meta=DocMeta(title=f"Document {i}", publisher="P", mode=mode)))
        for j in range(n):
            ref = PassageRef(slug, f"p-{j}")
            assignments.append(Assignment(ref, "big", 1.0, ("cue 'x' +1",)))
            if j == 0 and i < 4:  # "small": four passages, one page
                assignments.append(Assignment(ref, "small", 1.0, ("cue 'y' +1",)))
            mentions.append(Mention("pakistan", ref, 0, 8, "Pakistan"))
    themes = tuple(Theme(slug=s, title=t, intro="Intro.", includes="", excludes="", cues=(),
                         source=f"content/themes/{s}.md", line=1)
                   for s, t in (("big", "Big theme"), ("small", "Small theme")))
    entities = (Entity("pakistan", "Pakistan", "place", (), "A country.",
                       "content/entities.toml", 1),)
    return Documentary(Corpus(documents=tuple(docs)), themes, tuple(assignments), entities,
                       tuple(mentions))


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(themepages, "PASSAGES_PER_PAGE", THEME_PAGE)
    monkeypatch.setattr(entitypages, "PASSAGES_PER_PAGE", ENTITY_PAGE)
    monkeypatch.setattr(entitypages, "SNIPPETS_PER_DOCUMENT", max(SIZES))  # every snippet


@pytest.fixture(scope="module")
def facts() -> Facts:
    return Facts(_documentary())


def _keys(page: dict) -> list[str]:
    return [p["key"] for g in page["groups"] for p in g["passages"]]


def _check_listing(pages: list[dict], first: str, total: int, limit: int,
                   lookup: dict[str, str]) -> None:
    paths = [p["path"] for p in pages]
    assert paths[0] == first  # page 1 keeps the public URL
    assert paths[1:] == [page_path(first, n) for n in range(2, len(pages) + 1)]
    keys = [k for page in pages for k in _keys(page)]
    assert len(keys) == total and not [k for k, c in Counter(keys).items() if c > 1]
    for page in pages:
        assert 0 < len(_keys(page)) <= limit
        pg = page["pager"]
        assert pg["count"] == len(pages) and paths[pg["number"] - 1] == page["path"]
        linked = {pg["prev"], pg["next"]} | {i["url"] for i in pg["pages"] if i}
        assert linked - {None} <= set(paths)
        for k in _keys(page):
            assert lookup[k] == page["path"]
    assert set(lookup) == set(keys)
    assert pages[0]["shown"] == (1, pages[0]["on_page"])
    assert [p["on_page"] for p in pages] == [len(_keys(p)) for p in pages]
    # a later page shows only what is its own: no count of the whole listing
    assert all("shown" not in p and "passages" not in p for p in pages[1:])


def _by(pages: list, order: str) -> list:
    return [p for p in pages if p["order"] == order]


def test_theme_pages(facts: Facts, small_pages: None) -> None:
    both = theme_pages(facts, "big")
    pages = _by(both, "document")
    listing = [keys for _, keys in theme_listing(facts, "big")]
    assert len(pages) == len(split(listing, THEME_PAGE)) == 10
    # the same passages in date order, paged the same way under by-date/
    dated = _by(both, "date")
    assert [p["path"] for p in dated][:2] == ["themes/big/by-date/index.html",
                                              "themes/big/by-date/page/2/index.html"]
    assert sorted(k for page in dated for k in _keys(page)) == sorted(
        k for page in pages for k in _keys(page))
    assert all(0 < len(_keys(page)) <= THEME_PAGE for page in dated)
    assert all("passages" not in p and "entities" not in p for p in dated)
    assert [p["front"] for p in both].count(True) == 1 and both[0]["front"]
    _check_listing(pages, "themes/big/index.html", sum(SIZES), THEME_PAGE,
                   item_pages("themes/big/index.html", listing, THEME_PAGE))
    # only document 3 (16 passages, more than a page) is cut, into consecutive parts
    parts = [(g["title"], g["part"]) for page in pages for g in page["groups"] if g["part"]]
    assert {t for t, _ in parts} == {"Document 3"}
    assert parts[0][1][0] == 1 and parts[-1][1][1] == 16
    assert all(a[1] + 1 == b[0] for (_, a), (_, b) in zip(parts, parts[1:], strict=False))
    whole = Counter(g["title"] for page in pages for g in page["groups"])
    assert all(n == 1 for t, n in whole.items() if t != "Document 3")
    # a group's id is its document's, whatever comes before it
    assert [g["id"] for g in pages[0]["groups"]] == ["src-doc-00", "src-doc-01"]
    assert pages[0]["passages"] == sum(SIZES)


def test_a_passage_added_to_a_theme_changes_few_of_its_pages(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The views (what each page shows, and so its key in the build records) after one
    passage is added to a document in the middle of the theme: page 1 (its counts), the page
    it lands on in each order, and no other. Counting from the start, and the year's count
    and range on every date-order page, changed every page after it."""
    monkeypatch.setattr(themepages, "PASSAGES_PER_PAGE", 40)
    sizes = [1 + (i * 7) % 8 for i in range(60)]  # 60 documents of 1 to 8 passages
    grown = list(sizes)
    grown[30] += 1
    before, after = (theme_pages(Facts(_documentary(n)), "big") for n in (sizes, grown))
    assert len(before) == len(after) > 12
    changed = [b["path"] for a, b in zip(before, after, strict=True) if a != b]
    assert changed[0] == "themes/big/index.html"
    assert len([p for p in changed if "/by-date/" not in p]) <= 3
    assert len([p for p in changed if "/by-date/" in p]) <= 2, changed


def test_entity_pages(facts: Facts, small_pages: None) -> None:
    pages = entity_pages(facts, "pakistan")
    listing = [[k for k, _ in ps] for _, ps in mention_listing(facts, "pakistan")]
    assert len(pages) == len(split(listing, ENTITY_PAGE)) == 12
    _check_listing(pages, "entities/pakistan/index.html", sum(SIZES), ENTITY_PAGE,
                   item_pages("entities/pakistan/index.html", listing, ENTITY_PAGE))
    # the counts are totals, on page 1 only
    assert (pages[0]["mentions"], pages[0]["passages"], pages[0]["documents"]) == (
        sum(SIZES), sum(SIZES), len(SIZES))
    for page in pages[1:]:
        assert not {"mentions", "documents", "passages", "documents_list"} & set(page)
        assert page["has_text"] and not page["has_references"]
    cut = [g for page in pages for g in page["groups"] if g["part"]]
    assert {g["title"] for g in cut} == {"Document 3"}
    assert all(g["mentions"] == 16 for g in cut)  # the document's total, on each part


def test_one_page_has_no_pager(facts: Facts, small_pages: None) -> None:
    (only,) = _by(theme_pages(facts, "small"), "document")
    assert only["pager"] is None and only["path"] == "themes/small/index.html"
    assert only["shown"] == (1, 4)


def test_an_entity_shows_a_bounded_number_of_snippets_per_document(
        facts: Facts, monkeypatch: pytest.MonkeyPatch) -> None:
    """At most SNIPPETS_PER_DOCUMENT snippets of a document, then one item linking to the
    first passage not shown: the listing grows with documents, not mentions; the counts
    stay totals."""
    monkeypatch.setattr(entitypages, "SNIPPETS_PER_DOCUMENT", 3)
    (page,) = entity_pages(facts, "pakistan")
    listing = mention_listing(facts, "pakistan")
    for group, (_, passages) in zip(page["groups"], listing, strict=True):
        shown = [p for p in group["passages"] if not p["rest"]]
        assert [p["key"] for p in shown] == [k for k, _ in passages[:3]]
        assert group["mentions"] == sum(len(ms) for _, ms in passages)
        rest = [p for p in group["passages"] if p["rest"]]
        if len(passages) <= 3:
            assert not rest
            continue
        (more,) = rest
        assert group["passages"][-1] is more and more["key"] == passages[3][0]
        assert more["rest"] == len(passages) - 3 and more["url"].endswith("#" + more["id"])
        assert f"and {len(passages) - 3} more passage" in str(more["snippet"])
    assert sum(len(g["passages"]) for g in page["groups"]) == sum(min(n, 4) for n in SIZES)
    assert [d["passages"] for d in page["documents_list"]] == sorted(SIZES, reverse=True)
    assert page["passages"] == sum(SIZES)


def test_default_page_size_fits_the_fixture(facts: Facts) -> None:
    (only,) = entity_pages(facts, "pakistan")  # 43 passages: one page at the default size
    assert only["pager"] is None and only["path"] == "entities/pakistan/index.html"


def test_matrix_is_bounded(facts: Facts, monkeypatch: pytest.MonkeyPatch) -> None:
    assert matrix_view(facts)["shown"] == len(SIZES)
    monkeypatch.setattr(themepages, "MATRIX_DOCUMENTS", 4)
    m = matrix_view(facts)
    assert (m["shown"], m["total"]) == (4, len(SIZES))
    # the documents with the most themed passages (16, 5, 4, 4), in site order
    assert [r["title"] for r in m["rows"]] == ["Document 1", "Document 3", "Document 5",
                                               "Document 8"]
    assert str(m["svg"]).count('class="row-label"') == 4


# --------------------------------------------------------------------------- snippets


def _reference_snippet(text: str, spans: list[tuple[int, int]], words: int,
                       limit: int | None) -> str:
    """The first implementation: every word's bounds, filtered per mention. Slow, plain."""
    bounds = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    visible = len(text) if limit is None else min(limit, len(text))
    windows: list[tuple[int, int, list[tuple[int, int]]]] = []
    for start, end in sorted(set(spans)):
        if not 0 <= start < end <= len(text):
            continue
        if start >= visible:
            lo, hi = start, end
        else:
            before = [b for b in bounds if b[1] <= start]
            after = [b for b in bounds if b[0] >= end and b[1] <= visible]
            lo = before[-words][0] if len(before) >= words else 0
            hi = max(end, after[words - 1][1] if len(after) >= words else visible)
        if windows and lo <= windows[-1][1]:
            w_lo, w_hi, marks = windows[-1]
            windows[-1] = (w_lo, max(w_hi, hi), marks + [(start, end)])
        else:
            windows.append((lo, hi, [(start, end)]))
    parts = []
    for lo, hi, marks in windows:
        piece, pos = Markup(""), lo
        for start, end in marks:
            if start >= pos:
                piece += escape(text[pos:start]) + Markup("<mark>%s</mark>") % text[start:end]
                pos = end
        parts.append(piece + escape(text[pos:hi]))
    if not parts:
        return ""
    out = Markup(f" {ELLIPSIS} ").join(p.strip() for p in parts)
    if windows[0][0] > 0:
        out = Markup(ELLIPSIS + " ") + out
    if windows[-1][1] < len(text):
        out += Markup(" " + ELLIPSIS)
    return str(out)


def test_snippet_matches_the_plain_definition() -> None:
    """Windows found outwards from each mention == windows filtered from all word bounds,
    on random text with odd spaces, cut words, markup characters and limits."""
    rng = random.Random(20240611)
    alphabet = ["a", "bb", "<", "&", " ", " ", "  ", "\n", "\u00a0", "\t", "é"]
    for _ in range(3000):
        n = rng.randint(0, 90)
        text = "".join(rng.choice(alphabet) for _ in range(n))
        spans = [(a, a + rng.randint(-1, 6))
                 for a in (rng.randint(-2, n + 1) for _ in range(rng.randint(0, 4)))]
        words = rng.randint(1, 5)
        limit = rng.choice([None, rng.randint(0, n + 3)])
        assert str(snippet(text, spans, words, limit)) == _reference_snippet(
            text, spans, words, limit), (text, spans, words, limit)


def test_excerpt_limit_is_the_end_of_the_last_shown_word() -> None:
    text = " ".join(f"w{i}" for i in range(EXCERPT_WORDS + 5))
    assert _excerpt_limit(text) == text.index(f"w{EXCERPT_WORDS - 1} ") + len(
        f"w{EXCERPT_WORDS - 1}")
    short = " ".join(f"w{i}" for i in range(EXCERPT_WORDS)) + "  "
    assert _excerpt_limit(short) == len(short)


# --------------------------------------------------------------------------- the built site


def _build(out: Path) -> None:
    dossier = _documentary()
    with pytest.MonkeyPatch.context() as mp:
        given_documentary(mp, dossier)
        mp.setattr(themepages, "PASSAGES_PER_PAGE", THEME_PAGE)
        mp.setattr(entitypages, "PASSAGES_PER_PAGE", ENTITY_PAGE)
        mp.setattr(entitypages, "SNIPPETS_PER_DOCUMENT", max(SIZES))
        mp.setattr(themepages, "MATRIX_DOCUMENTS", 4)
        mp.setattr(documentpages, "DOCUMENTS_PER_PAGE", HOME_PAGE)
        assert cli.main(["build", "--output", str(out), "--no-search", "--no-bundle"]) == 0


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("paged") / "output"
    _build(out)
    return out


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_paged_site_links_and_anchors_are_sound(site: Path) -> None:
    assert linkcheck.check_site(site) == []
    assert sorted(int(p.parent.name) for p in (site / "themes/big/page").glob("*/index.html")
                  ) == list(range(2, 11))
    last = 12
    assert (site / f"entities/pakistan/page/{last}/index.html").is_file()
    assert not (site / f"entities/pakistan/page/{last + 1}").exists()
    assert not (site / "themes/small/page").exists()


def test_pager_markup(site: Path) -> None:
    page = _soup(site / "themes/big/page/2/index.html")
    nav = page.find("nav", attrs={"aria-label": "Theme pages"})
    assert nav.find(class_="page-nav-status").get_text() == "Page 2 of 10"
    current = nav.find("a", attrs={"aria-current": "page"})
    assert current["href"] == "../../../../themes/big/page/2/index.html"
    assert current.get_text() == "Page 2"
    assert nav.find("a", rel="prev")["href"] == "../../../../themes/big/index.html"
    assert nav.find("a", rel="next")["href"] == "../../../../themes/big/page/3/index.html"
    assert page.h1.get_text(" ", strip=True) == "Big theme (page 2 of 10)"
    assert page.title.get_text().startswith("Big theme (page 2 of 10): themes:")
    # what a later page says is its own: no count of the whole theme
    assert page.select_one(".theme-passages .card-meta").get_text() == (
        "2 passages on this page, by document")
    assert "43 passages" not in page.get_text()
    crumbs = page.find("nav", class_="breadcrumb")
    assert crumbs.find("a", string="Big theme")["href"] == "../../../../themes/big/index.html"
    assert page.find(class_="page-back").a["href"] == "../../../../themes/big/index.html"
    assert not page.find(class_="intro") and not page.find(id="related-themes")
    first = _soup(site / "themes/big/index.html")
    assert first.find(class_="intro") and first.h1.get_text() == "Big theme"
    assert first.find("nav", class_="page-nav").find("a", rel="next")["href"] == (
        "../../themes/big/page/2/index.html")
    assert not first.find("a", rel="prev")
    assert not _soup(site / "themes/small/index.html").find("nav", class_="page-nav")
    # only page 1 is searched: later pages quote passages their documents' pages index
    assert first.find("article").has_attr("data-pagefind-body")
    assert not page.find("article").has_attr("data-pagefind-body")
    # the cut group says which of its passages the page shows
    assert "passages 5–8 of 16" in _soup(site / "themes/big/page/4/index.html").get_text()
    assert "1–7 of 43, by document" in first.select_one(".theme-passages").get_text()
    assert first.find(id="src-doc-00") and page.find(id="src-doc-02")


def test_entity_pages_html(site: Path) -> None:
    first = _soup(site / "entities/pakistan/index.html")
    n, last = sum(SIZES), 12
    counts = f"{n} in {n} passages of {len(SIZES)} documents"
    assert counts in first.find("dl").get_text(" ", strip=True)
    later = _soup(site / "entities/pakistan/page/3/index.html")
    assert later.find("nav", attrs={"aria-label": "Mention pages"})
    assert later.h1.get_text(" ", strip=True) == f"Pakistan (page 3 of {last})"
    assert counts not in later.get_text(" ", strip=True)
    assert later.select_one("#entity-mentions + .card-meta").get_text().endswith(
        "passages on this page, by document")
    assert first.find("article").has_attr("data-pagefind-body")
    assert not later.find("article").has_attr("data-pagefind-body")
    for link in later.select("a.in-context"):
        assert link.has_attr("data-pagefind-ignore")


def test_home_page_document_list_is_paged(site: Path) -> None:
    count = -(-len(SIZES) // HOME_PAGE)
    home = _soup(site / "index.html")
    assert home.find(id="home-themes") and home.find(id="open-data")
    assert len(home.select(".doc-list > li")) == HOME_PAGE
    nav = home.find("nav", attrs={"aria-label": "Document pages"})
    assert nav.find("a", rel="next")["href"] == "page/2/index.html"
    last = _soup(site / f"page/{count}/index.html")
    assert last.h1.get_text(" ", strip=True) == f"Source documents (page {count} of {count})"
    shown = last.select(".doc-list > li")
    assert len(shown) == len(SIZES) - HOME_PAGE * (count - 1)
    assert last.select_one(".doc-list")["start"] == str(HOME_PAGE * (count - 1) + 1)
    assert not last.find(id="home-themes") and not last.find(id="open-data")
    assert last.find("a", rel="prev")["href"] == (
        "../../index.html" if count == 2 else f"../../page/{count - 1}/index.html")
    # every document is listed exactly once across the pages
    listed = [a["href"].split("documents/")[1] for n in range(1, count + 1)
              for a in _soup(site / ("index.html" if n == 1 else f"page/{n}/index.html")
                             ).select(".doc-list h3 a")]
    assert len(listed) == len(set(listed)) == len(SIZES)


def test_home_pages_unit() -> None:
    docs = [{"path": f"documents/d{i}/index.html"} for i in range(7)]
    one = documentpages.home_pages(docs, per_page=10)
    assert [p["path"] for p in one] == ["index.html"] and one[0]["pager"] is None
    three = documentpages.home_pages(docs, per_page=3)
    assert [p["path"] for p in three] == ["index.html", "page/2/index.html",
                                          "page/3/index.html"]
    assert [(p["first"], p["last"]) for p in three] == [(1, 3), (4, 6), (7, 7)]
    assert documentpages.home_pages([], per_page=3)[0]["documents"] == []


def test_themes_index_says_the_matrix_is_partial(site: Path) -> None:
    page = _soup(site / "themes/index.html")
    assert "shows 4 of the 11 documents" in page.find(class_="matrix-note").get_text()
    assert len(page.select(".matrix-table tbody tr")) == 4


def test_paged_site_is_deterministic(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    _build(again)
    for folder in ("themes", "entities"):
        mine = sorted(p.relative_to(site) for p in (site / folder).rglob("*.html"))
        theirs = sorted(p.relative_to(again) for p in (again / folder).rglob("*.html"))
        assert mine == theirs
        for rel in mine:
            assert (site / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_paged_pages_are_valid_html(site: Path) -> None:
    from tests.pages.test_html_validity import run_vnu

    pages = [site / "themes/big/index.html", site / "themes/big/page/2/index.html",
             site / "themes/big/page/8/index.html", site / "entities/pakistan/index.html",
             site / "entities/pakistan/page/4/index.html", site / "themes/index.html",
             site / "index.html", site / "page/2/index.html"]
    errors = [f"{m['url']}:{m.get('lastLine')}: {m['message']}"
              for m in run_vnu(pages) if m.get("type") == "error"]
    assert not errors, "\n".join(errors)
