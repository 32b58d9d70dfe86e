"""Theme pages (``themes/<slug>/index.html``) and the themes index with its matrix.

A theme page quotes its passages grouped by document (with the document's date and, over
each run of passages, the section heading they sit under), says in plain words why each
one is there (:mod:`dossier.pages.why`), and points to the events, people and related
themes around it. The same passages in date order, each with its date, document and
section, are at ``themes/<slug>/by-date/index.html``: the reader chooses, by a link, with
no script. A passage is quoted whole, or shortened around the sentences that put it in
the theme (:mod:`dossier.pages.quotes`). Pure data for the templates.

Both stay bounded however large the corpus:

* a theme's passages are listed :data:`PASSAGES_PER_PAGE` at a time (:func:`theme_pages`,
  split by :mod:`dossier.pages.pagination`): page 1 is ``themes/<slug>/index.html`` with the
  intro, essays, events, people and related themes; later pages,
  ``themes/<slug>/page/<n>/index.html``, carry the passages and a link back to page 1;
  the date-order view is split the same way (``themes/<slug>/by-date/page/<n>/…``);
* the documents × themes matrix of the themes index shows at most
  :data:`MATRIX_DOCUMENTS` documents, those with the most passages in themes, in site
  order, with a note saying how many are left out (every document's own page lists its
  themes and their counts, so nothing is lost, and the chart and its table stay readable).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict, cast

from markupsafe import Markup

from dossier.model import Document
from dossier.pages.charts import Cell, matrix_svg, percent
from dossier.pages.crossref import Facts
from dossier.pages.pagination import PagedListing, Slice, paged_views, split
from dossier.pages.quotes import quote
from dossier.pages.safe_markdown import render_prose
from dossier.pages.timeline import event_view
from dossier.pages.why import cue_matches, plain_reasons, section_heading
from dossier.urls import (
    THEMES_INDEX,
    attribution,
    doc_title,
    doc_url,
    entity_url,
    theme_url,
)
from dossier.util.dates import format_date, parse_date
from dossier.util.text import EXCERPT_WORDS

# A passage of at most this many words is quoted whole; a longer one keeps its evidence
# sentences and as many of their neighbours as fit (see dossier.pages.quotes.quote).
QUOTE_WORDS = 80
UNDATED = "Undated"
TOP_ENTITIES = 12
# A theme page lists at most this many passages (a larger document group is cut).
PASSAGES_PER_PAGE = 200
# The themes index draws its matrix for at most this many documents.
MATRIX_DOCUMENTS = 50
KIND_LABEL = {
    "list_item": "List item",
    "caption": "Image caption",
    "footnote": "Footnote",
    "reference": "Reference",
    "comment": "Reader comment",
    "bio": "About the author",
    "heading": "Section heading",
}


class ThemeSummary(TypedDict):
    """One theme as the themes index and the home page list it."""

    slug: str
    title: str
    summary: str
    url: str
    passages: int
    documents: int
    events: int


class ThemePage(PagedListing):
    """The page showing one theme (one page of its passages), grouped by document
    (``order`` "document") or in date order ("date"). Only the front page has the fields
    that count or describe the whole theme (:data:`FRONT_ONLY`): another page shows its
    own passages, so an edit elsewhere in the theme leaves it as it was."""

    slug: str
    title: str
    summary: str
    url: str
    order: str  # "document" or "date"
    front: bool  # page 1 grouped by document: the one with the intro, essays, events
    by_document: str  # the first page of each view
    by_date: str
    passages: NotRequired[int]
    documents: NotRequired[int]
    events: NotRequired[int]
    intro: NotRequired[Markup]
    includes: NotRequired[Markup]
    excludes: NotRequired[Markup]
    event_items: NotRequired[list[dict[str, Any]]]
    # the people, organisations and places most mentioned
    entities: NotRequired[list[dict[str, Any]]]
    related: NotRequired[list[dict[str, Any]]]  # related themes


# What only the front page of a theme shows: the whole theme's counts and sections.
FRONT_ONLY = frozenset({"passages", "documents", "events", "intro", "includes", "excludes",
                        "event_items", "entities", "related"})


class ThemesIndexPage(TypedDict):
    """The page listing every theme, with the documents × themes matrix."""

    path: str
    themes: list[ThemeSummary]
    matrix: dict[str, Any]
    assigned: int  # passages in at least one theme
    passages: int


def quote_limits(doc: Document) -> tuple[int, int | None]:
    """(words quoted whole, hard limit): a quote never shows more than the document's own
    page does, so an excerpt-only document's quote stays within its excerpt length."""
    if doc.meta.mode == "excerpts":
        return min(QUOTE_WORDS, EXCERPT_WORDS), EXCERPT_WORDS
    return QUOTE_WORDS, None


def doc_date(doc: Document) -> tuple[str, str]:
    """(sortable date, date in words) of a document: the start of a range; ("", "") when
    the catalogue gives none."""
    start = doc.meta.date.split("/", 1)[0]
    precision, problem = parse_date(start) if start else ("", "no date")
    if problem:
        return "", ""
    return start, format_date(start, precision)


def passage_quote(facts: Facts, key: str, theme: str) -> dict[str, Any]:
    """One quoted passage: its text (whole, or cut around its evidence, as HTML with the
    evidence sentences marked), the heading it sits under, and why it is in the theme."""
    loc = facts.passages[key]
    t = facts.themes[theme]
    a = facts.theme_assignments[theme][key]
    matches = cue_matches(t, loc.block.text, a.cues)
    words, cap = quote_limits(loc.doc)
    q = quote(loc.block.text, [(m.start, m.end) for m in matches], words, cap)
    heading = section_heading(loc.doc, loc.position)
    return {
        "key": key,
        "id": loc.block.id,
        "url": loc.url,
        "html": q.html(),
        "text": q.text,
        "cut": q.cut,
        "kind": KIND_LABEL.get(loc.block.kind, ""),
        "section": heading,
        "why": plain_reasons(a, t, matches, loc.doc, heading),
        "curated": a.curated,
        "lang": loc.doc.meta.lang,
    }


def theme_summary(facts: Facts, slug: str) -> ThemeSummary:
    """What the themes index (and the home page) says about one theme."""
    t = facts.themes[slug]
    groups = facts.theme_documents(slug)
    return {
        "slug": slug,
        "title": t.title,
        "summary": t.summary,
        "url": theme_url(slug),
        "passages": len(facts.theme_passages[slug]),
        "documents": len(groups),
        "events": len(facts.theme_events(slug)),
    }


def theme_listing(facts: Facts, slug: str) -> list[tuple[Document, list[str]]]:
    """The theme's passages by document (documents in first-passage order)."""
    known = facts.theme_assignments[slug]
    return [(doc, [k for k in keys if k in known]) for doc, keys in facts.theme_documents(slug)]


def _sections(quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mark each quote that starts a run under a new section heading (``new_section``)."""
    previous = None
    for q in quotes:
        q["new_section"] = bool(q["section"]) and q["section"] != previous
        previous = q["section"]
    return quotes


Quoter = Callable[[str], dict[str, Any]]


@dataclass
class QuoteMemo:
    """A theme's quotes kept from its last build: ``keys`` gives each passage's key, the
    digest of everything its quote is made of (:func:`dossier.pages.inputs.theme_inputs`);
    ``before`` holds the quotes of the last build by key, ``now`` collects this build's."""

    keys: Mapping[str, str]
    before: Mapping[str, dict[str, Any]]
    now: dict[str, dict[str, Any]] = field(default_factory=dict)


def quoter(facts: Facts, slug: str, memo: QuoteMemo | None = None) -> Quoter:
    """:func:`passage_quote` for the theme ``slug``, each passage quoted once (a theme's
    passages are shown twice: by document and by date), or taken from ``memo`` when its
    key is there; each call returns a copy."""
    done: dict[str, dict[str, Any]] = {}

    def quoted(key: str) -> dict[str, Any]:
        if key not in done:
            if memo is None:
                done[key] = passage_quote(facts, key, slug)
            else:
                mk = memo.keys[key]
                got = memo.before.get(mk)
                done[key] = memo.now[mk] = (passage_quote(facts, key, slug) if got is None
                                            else got)
        return dict(done[key])

    return quoted


def _group(quoted: Quoter, doc: Document, keys: list[str], part: Slice) -> dict[str, Any]:
    cut = part.size < len(keys)
    return {
        "id": f"src-{doc.slug}",  # its heading's: the same whatever comes before it
        "title": doc_title(doc),
        "url": doc_url(doc.slug),
        "by": attribution(doc),
        "date": doc_date(doc)[1],
        "datetime": doc_date(doc)[0],
        "excerpt": doc.meta.mode == "excerpts",
        "passages": _sections([quoted(k) for k in keys[part.start:part.end]]),
        "total": len(keys),
        "part": (part.start + 1, part.end) if cut else None,
    }


def by_date_url(slug: str) -> str:
    """The first page of a theme's passages in date order."""
    return theme_url(slug).replace("/index.html", "/by-date/index.html")


def date_listing(facts: Facts, slug: str) -> list[tuple[str, list[str]]]:
    """The theme's passages in date order (their documents' dates, oldest first; passages
    of one document in reading order; undated documents last), grouped by year."""
    keys = [k for _, ks in theme_listing(facts, slug) for k in ks]

    def when(key: str) -> tuple[int, str, int, int]:
        loc = facts.passages[key]
        date = doc_date(loc.doc)[0]
        return (0 if date else 1, date, facts.doc_order[loc.doc.slug], loc.position)

    years: dict[str, list[str]] = {}
    for key in sorted(keys, key=when):
        date = doc_date(facts.passages[key].doc)[0]
        years.setdefault(date[:4] or UNDATED, []).append(key)
    return list(years.items())


def _year_group(facts: Facts, quoted: Quoter, year: str, keys: list[str], part: Slice
                ) -> dict[str, Any]:
    quotes = []
    for key in keys[part.start:part.end]:
        doc = facts.passages[key].doc
        date, label = doc_date(doc)
        quotes.append({**quoted(key), "doc": doc_title(doc),
                       "doc_url": doc_url(doc.slug), "by": attribution(doc),
                       "date": label, "datetime": date})
    # Only what the page shows: not the year's count, nor where in the year the page
    # starts, which every passage added earlier in a year of thousands would change.
    return {"id": f"year-{year.lower()}", "year": year, "passages": quotes}


def theme_common(facts: Facts, slug: str) -> dict[str, Any]:
    """What every page of the theme shows besides its passages: summary, introduction,
    events, entities, related themes (cheap: no passage is quoted)."""
    t = facts.themes[slug]
    entities = [{"id": e, "name": facts.entities[e].name, "kind": facts.entities[e].kind,
                 "url": entity_url(e), "count": n}
                for e, n in facts.theme_entity_counts(slug)[:TOP_ENTITIES]]
    related = [{"slug": o.slug, "title": o.title, "url": theme_url(o.slug),
                "passages": p, "entities": e} for o, p, e in facts.related_themes(slug)]
    return {
        **theme_summary(facts, slug),
        "by_document": theme_url(slug),
        "by_date": by_date_url(slug),
        "intro": render_prose(t.intro),
        "includes": render_prose(t.includes, shift=2),
        "excludes": render_prose(t.excludes, shift=2),
        "event_items": [event_view(facts, e) for e in facts.theme_events(slug)],
        "entities": entities,
        "related": related,
    }


def theme_pages(facts: Facts, slug: str, count: int | None = None,
                common: dict[str, Any] | None = None, memo: QuoteMemo | None = None
                ) -> list[ThemePage]:
    """The theme's pages: grouped by document, page 1 first, then the pages of the same
    passages in date order (``order`` says which). Each is the whole theme's view with its
    own ``path``, ``page`` (of ``pages``), ``groups`` (its share of the passages, at most
    :data:`PASSAGES_PER_PAGE`: documents, or years in date order), ``shown`` (its first
    and last passage, counted from 1) and ``pager`` (``None`` when one page holds them all:
    no page navigation is shown). ``count``: only the first ``count`` pages grouped by
    document, and none in date order. ``common``: :func:`theme_common`, if already made;
    ``memo``: quotes kept from the last build (:class:`QuoteMemo`)."""
    listing = theme_listing(facts, slug)
    pages = split([keys for _, keys in listing], PASSAGES_PER_PAGE)
    common = theme_common(facts, slug) if common is None else common
    quoted = quoter(facts, slug, memo)
    grouped = paged_views(
        theme_url(slug), pages, {**common, "order": "document"},
        lambda s: _group(quoted, *listing[s.group], s), count, front_only=FRONT_ONLY)
    for view in grouped:
        view["front"] = view["page"] == 1
    if count is not None:
        return cast(list[ThemePage], grouped)
    years = date_listing(facts, slug)
    dated = paged_views(  # only the front page counts the theme's passages
        by_date_url(slug), split([keys for _, keys in years], PASSAGES_PER_PAGE),
        {**common, "order": "date", "front": False},
        lambda s: _year_group(facts, quoted, *years[s.group], s),
        front_only=FRONT_ONLY, front=False)
    return cast(list[ThemePage], grouped + dated)


def matrix_documents(facts: Facts, limit: int) -> list[Document]:
    """At most ``limit`` documents for the matrix: those with the most passages in some
    theme (ties: site order), shown in site order."""
    docs = facts.documents
    if len(docs) <= limit:
        return list(docs)
    themed = Counter(key.split("#", 1)[0]
                     for key in {k for keys in facts.theme_passages.values() for k in keys})
    rank = sorted(range(len(docs)), key=lambda i: (-themed.get(docs[i].slug, 0), i))
    return [docs[i] for i in sorted(rank[:limit])]


def matrix_view(facts: Facts) -> dict[str, Any]:
    """Documents × themes: the share of each document's passages in each theme, for at most
    :data:`MATRIX_DOCUMENTS` documents (``shown`` of ``total``; see :func:`matrix_documents`)."""
    docs = matrix_documents(facts, MATRIX_DOCUMENTS)
    themes = list(facts.themes.values())
    cells = [[Cell(*facts.share(d.slug, t.slug)) for t in themes] for d in docs]
    rows = [{"title": doc_title(d), "url": doc_url(d.slug),
             "total": facts.doc_passage_count[d.slug],
             "cells": [{"n": c.n, "percent": percent(c.n, c.total)} for c in row]}
            for d, row in zip(docs, cells, strict=True)]
    svg = matrix_svg([doc_title(d) for d in docs], [t.title for t in themes], cells,
                     "matrix-caption") if docs and themes else ""
    return {"svg": svg, "rows": rows, "shown": len(docs), "total": len(facts.documents),
            "themes": [{"title": t.title, "url": theme_url(t.slug)} for t in themes]}


def themes_index_view(facts: Facts) -> ThemesIndexPage:
    return {
        "path": THEMES_INDEX,
        "themes": [theme_summary(facts, s) for s in facts.themes],
        "matrix": matrix_view(facts),
        "assigned": len({k for keys in facts.theme_passages.values() for k in keys}),
        "passages": sum(facts.doc_passage_count.values()),
    }
