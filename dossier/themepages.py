"""Theme pages (``themes/<slug>/index.html``) and the themes index with its matrix.

A theme page quotes its passages grouped by document, says why each one is there, and
points to the events, people and related themes around it. Pure data for the templates.
"""

from __future__ import annotations

from typing import Any

from .charts import Cell, matrix_svg, percent
from .facts import Facts
from .links import (
    THEMES_INDEX,
    attribution,
    doc_title,
    doc_url,
    entity_url,
    shorten,
    theme_url,
)
from .model import Document
from .prose import render_prose
from .render import EXCERPT_WORDS
from .timeline import event_view

QUOTE_WORDS = 60
TOP_ENTITIES = 12
KIND_LABEL = {
    "list_item": "List item",
    "caption": "Image caption",
    "footnote": "Footnote",
    "reference": "Reference",
    "comment": "Reader comment",
    "bio": "About the author",
    "heading": "Section heading",
}


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


def theme_summary(facts: Facts, slug: str) -> dict[str, Any]:
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


def theme_view(facts: Facts, slug: str) -> dict[str, Any]:
    t = facts.themes[slug]
    groups = []
    for doc, keys in facts.theme_documents(slug):
        known = [k for k in keys if k in facts.theme_assignments[slug]]
        groups.append({
            "title": doc_title(doc),
            "url": doc_url(doc.slug),
            "by": attribution(doc),
            "date": doc.meta.date.replace("/", " – "),
            "excerpt": doc.meta.mode == "excerpts",
            "passages": [passage_quote(facts, k, slug) for k in known],
        })
    entities = [{"id": e, "name": facts.entities[e].name, "kind": facts.entities[e].kind,
                 "url": entity_url(e), "count": n}
                for e, n in facts.theme_entity_counts(slug)[:TOP_ENTITIES]]
    related = [{"slug": o.slug, "title": o.title, "url": theme_url(o.slug),
                "passages": p, "entities": e} for o, p, e in facts.related_themes(slug)]
    return {
        **theme_summary(facts, slug),
        "path": theme_url(slug),
        "intro": render_prose(t.intro),
        "includes": render_prose(t.includes, shift=2),
        "excludes": render_prose(t.excludes, shift=2),
        "event_items": [event_view(facts, e) for e in facts.theme_events(slug)],
        "groups": groups,
        "entities": entities,
        "related": related,
    }


def matrix_view(facts: Facts) -> dict[str, Any]:
    """Documents × themes: the share of each document's passages in each theme."""
    docs = facts.documents
    themes = list(facts.themes.values())
    cells = [[Cell(*facts.share(d.slug, t.slug)) for t in themes] for d in docs]
    rows = [{"title": doc_title(d), "url": doc_url(d.slug),
             "total": facts.doc_passage_count[d.slug],
             "cells": [{"n": c.n, "percent": percent(c.n, c.total)} for c in row]}
            for d, row in zip(docs, cells, strict=True)]
    svg = matrix_svg([doc_title(d) for d in docs], [t.title for t in themes], cells,
                     "matrix-caption") if docs and themes else ""
    return {"svg": svg, "rows": rows,
            "themes": [{"title": t.title, "url": theme_url(t.slug)} for t in themes]}


def themes_index_view(facts: Facts) -> dict[str, Any]:
    return {
        "path": THEMES_INDEX,
        "themes": [theme_summary(facts, s) for s in facts.themes],
        "matrix": matrix_view(facts),
        "assigned": len({k for keys in facts.theme_passages.values() for k in keys}),
        "passages": sum(facts.doc_passage_count.values()),
    }
