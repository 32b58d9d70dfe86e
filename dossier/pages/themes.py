"""Theme pages (``themes/<slug>/index.html``) and the themes index with its matrix.

A theme page quotes its passages grouped by document, says why each one is there, and
points to the events, people and related themes around it. Pure data for the templates.

Both stay bounded however large the corpus:

* a theme's passages are listed :data:`PASSAGES_PER_PAGE` at a time (:func:`theme_pages`,
  split by :mod:`dossier.pages.pagination`): page 1 is ``themes/<slug>/index.html`` with the
  intro, essays, events, people and related themes; later pages,
  ``themes/<slug>/page/<n>/index.html``, carry the passages and a link back to page 1;
* the documents × themes matrix of the themes index shows at most
  :data:`MATRIX_DOCUMENTS` documents, those with the most passages in themes, in site
  order, with a note saying how many are left out (every document's own page lists its
  themes and their counts, so nothing is lost, and the chart and its table stay readable).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, TypedDict, cast

from markupsafe import Markup

from dossier.model import Document
from dossier.pages.charts import Cell, matrix_svg, percent
from dossier.pages.crossref import Facts
from dossier.pages.pagination import PagedListing, Slice, paged_views, split
from dossier.pages.safe_markdown import render_prose
from dossier.pages.timeline import event_view
from dossier.urls import (
    THEMES_INDEX,
    attribution,
    doc_title,
    doc_url,
    entity_url,
    theme_url,
)
from dossier.util.text import EXCERPT_WORDS, shorten

QUOTE_WORDS = 60
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


class ThemePage(ThemeSummary, PagedListing):
    """The page showing one theme (one page of its passages)."""

    intro: Markup
    includes: Markup
    excludes: Markup
    event_items: list[dict[str, Any]]
    entities: list[dict[str, Any]]  # the people, organisations and places most mentioned
    related: list[dict[str, Any]]  # related themes


class ThemesIndexPage(TypedDict):
    """The page listing every theme, with the documents × themes matrix."""

    path: str
    themes: list[ThemeSummary]
    matrix: dict[str, Any]
    assigned: int  # passages in at least one theme
    passages: int


def quote_words(doc: Document) -> int:
    """A quote never shows more than the document's own page does."""
    return min(QUOTE_WORDS, EXCERPT_WORDS) if doc.meta.mode == "excerpts" else QUOTE_WORDS


def passage_quote(facts: Facts, key: str, theme: str) -> dict[str, Any]:
    loc = facts.passages[key]
    text, cut = shorten(loc.block.text, quote_words(loc.doc))
    a = facts.theme_assignments[theme][key]
    return {
        "key": key,
        "id": loc.block.id,
        "url": loc.url,
        "text": text,
        "cut": cut,
        "kind": KIND_LABEL.get(loc.block.kind, ""),
        "reasons": list(a.reasons),
        "curated": a.curated,
        "score": f"{a.score:g}",
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


def _group(facts: Facts, slug: str, doc: Document, keys: list[str], part: Slice
           ) -> dict[str, Any]:
    cut = part.size < len(keys)
    return {
        "index": part.group + 1,  # the document's place in the whole listing: id="src-N"
        "title": doc_title(doc),
        "url": doc_url(doc.slug),
        "by": attribution(doc),
        "date": doc.meta.date.replace("/", " – "),
        "excerpt": doc.meta.mode == "excerpts",
        "passages": [passage_quote(facts, k, slug) for k in keys[part.start:part.end]],
        "total": len(keys),
        "part": (part.start + 1, part.end) if cut else None,
    }


def theme_pages(facts: Facts, slug: str, count: int | None = None) -> list[ThemePage]:
    """The theme's pages, page 1 first: each the whole theme's view with its own ``path``,
    ``page`` (of ``pages``), ``groups`` (its share of the passages, at most
    :data:`PASSAGES_PER_PAGE`), ``shown`` (its first and last passage, counted from 1) and
    ``pager`` (``None`` when one page holds them all: no page navigation is shown)."""
    t = facts.themes[slug]
    listing = theme_listing(facts, slug)
    pages = split([len(keys) for _, keys in listing], PASSAGES_PER_PAGE)
    entities = [{"id": e, "name": facts.entities[e].name, "kind": facts.entities[e].kind,
                 "url": entity_url(e), "count": n}
                for e, n in facts.theme_entity_counts(slug)[:TOP_ENTITIES]]
    related = [{"slug": o.slug, "title": o.title, "url": theme_url(o.slug),
                "passages": p, "entities": e} for o, p, e in facts.related_themes(slug)]
    common = {
        **theme_summary(facts, slug),
        "intro": render_prose(t.intro),
        "includes": render_prose(t.includes, shift=2),
        "excludes": render_prose(t.excludes, shift=2),
        "event_items": [event_view(facts, e) for e in facts.theme_events(slug)],
        "entities": entities,
        "related": related,
    }
    return cast(list[ThemePage], paged_views(
        theme_url(slug), pages, common, lambda s: _group(facts, slug, *listing[s.group], s),
        count))


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
