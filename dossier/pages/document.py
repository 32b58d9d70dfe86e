"""Source pages, the other direction: what the documentary layer says about each passage.

* Each passage with themes, citing events or citing essays gets a note after its text: its
  themes (links to theme pages), the events that cite it (links to the timeline) and the
  essays that cite it ("Cited in", links to the citing spot in the essay).
* Entity mentions become links to entity pages. To avoid over-linking, only the **first
  mention of each entity in each passage** is linked: a passage is the unit people cite and
  land on, so every passage stands on its own, and a name repeated in one paragraph is
  linked once. A mention overlapping a link or a footnote marker is not linked at all
  (see :func:`dossier.pages.blocks.mention_spans`).
* Each document lists related documents (shared themes and entities) and its own themes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from dossier.model import Document
from dossier.pages.crossref import Facts
from dossier.urls import doc_title, doc_url, entity_url, event_url, theme_url


def first_mentions(facts: Facts, doc: Document, root: str
                   ) -> dict[str, tuple[tuple[int, int, str], ...]]:
    """Passage id -> (start, end, href) of the first mention of each entity there."""
    out: dict[str, tuple[tuple[int, int, str], ...]] = {}
    for block in doc.passages:
        seen: set[str] = set()
        links = []
        for m in facts.dossier.mentions_by_passage.get(f"{doc.slug}#{block.id}", ()):
            if m.entity in seen or m.entity not in facts.entities:
                continue
            seen.add(m.entity)
            links.append((m.start, m.end, root + entity_url(m.entity)))
        if links:
            out[block.id] = tuple(links)
    return out


def passage_notes(facts: Facts, doc: Document, root: str,
                  cited_in: Mapping[str, Sequence[tuple[str, str]]] | None = None
                  ) -> dict[str, Markup]:
    """Passage id -> a small note: "Themes: A, B · Cited by: event · Cited in: essay".

    ``cited_in``: ``"doc#passage"`` -> (essay title, URL from the site root) of the essays
    citing the passage (see :func:`dossier.essays.render.cited_in`)."""
    out: dict[str, Markup] = {}
    for block in doc.passages:
        key = f"{doc.slug}#{block.id}"
        themes = [a.theme for a in facts.dossier.themes_by_passage.get(key, ())
                  if a.theme in facts.themes]
        events = facts.dossier.events_by_passage.get(key, ())
        essays = (cited_in or {}).get(key, ())
        parts: list[Markup] = []
        if themes:
            links = Markup(", ").join(
                Markup('<a class="theme-tag" href="%s%s">%s</a>')
                % (root, theme_url(s), facts.themes[s].title) for s in themes)
            parts.append(Markup('<span class="pn-themes"><span class="pn-label">Theme%s:'
                                '</span> %s</span>') % ("s" if len(themes) > 1 else "", links))
        if events:
            links = Markup(", ").join(
                Markup('<a class="event-tag" href="%s%s">%s</a>') % (root, event_url(e.id), e.title)
                for e in events)
            parts.append(Markup('<span class="pn-events"><span class="pn-label">Cited by:'
                                '</span> %s</span>') % links)
        if essays:
            links = Markup(", ").join(
                Markup('<a class="essay-tag" href="%s%s">%s</a>') % (root, url, title)
                for title, url in essays)
            parts.append(Markup('<span class="pn-essays"><span class="pn-label">Cited in:'
                                '</span> %s</span>') % links)
        if parts:
            out[block.id] = Markup('<span class="passage-notes">%s</span>') % Markup(
                " ").join(parts)
    return out


def document_extras(facts: Facts, doc: Document) -> dict[str, Any]:
    """The document's themes (with passage counts) and its related documents."""
    return {
        "themes": [{"title": facts.themes[s].title, "url": theme_url(s), "count": n}
                   for s, n in facts.doc_themes(doc.slug)],
        "related": [{"title": doc_title(d), "url": doc_url(d.slug), "themes": t, "entities": e}
                    for d, t, e in facts.related_documents(doc.slug)],
    }
