"""Entity pages (``entities/<id>/index.html``) and the entities index, grouped by kind.

Each mention is shown in a short snippet of its passage with the mention in ``<mark>``;
snippets of one passage are merged, so every mention is highlighted exactly once.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from .entities import display_aliases
from .facts import Facts
from .links import ELLIPSIS, ENTITIES_INDEX, doc_title, doc_url, entity_url, theme_url
from .model import Mention
from .render import EXCERPT_WORDS
from .timeline import event_view

CONTEXT_WORDS = 14
KINDS = (("person", "People"), ("organisation", "Organisations"), ("place", "Places"))
KIND_NOUN = {"person": "Person", "organisation": "Organisation", "place": "Place"}


def _word_bounds(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def snippet(text: str, spans: list[tuple[int, int]], words: int = CONTEXT_WORDS,
            limit: int | None = None) -> Markup:
    """``text`` around each ``(start, end)``, marked: ``words`` words each side, windows
    merged when they overlap, gaps shown as "…". ``limit``: nothing at or after it is shown
    (a rights-limited excerpt), except a mention itself, shown alone."""
    bounds = _word_bounds(text)
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
    parts: list[Markup] = []
    for lo, hi, marks in windows:
        piece = Markup("")
        pos = lo
        for start, end in marks:
            if start < pos:
                continue
            piece += escape(text[pos:start]) + Markup("<mark>%s</mark>") % text[start:end]
            pos = end
        parts.append(piece + escape(text[pos:hi]))
    if not parts:
        return Markup("")
    out = Markup(f" {ELLIPSIS} ").join(p.strip() for p in parts)
    if windows[0][0] > 0:
        out = Markup(ELLIPSIS + " ") + out
    if windows[-1][1] < len(text):
        out += Markup(" " + ELLIPSIS)
    return out


def _excerpt_limit(text: str) -> int:
    bounds = _word_bounds(text)
    return bounds[EXCERPT_WORDS - 1][1] if len(bounds) > EXCERPT_WORDS else len(text)


def mention_groups(facts: Facts, entity_id: str) -> list[dict[str, Any]]:
    """The entity's mentions, by document then passage, each passage one snippet."""
    by_passage: dict[str, list[Mention]] = {}
    for m in facts.entity_mentions.get(entity_id, []):
        by_passage.setdefault(m.ref.key, []).append(m)
    groups: dict[str, dict[str, Any]] = {}
    for key, ms in by_passage.items():
        loc = facts.passages.get(key)
        if loc is None:
            continue
        text = loc.block.text
        limit = _excerpt_limit(text) if loc.doc.meta.mode == "excerpts" else None
        group = groups.setdefault(loc.doc.slug, {
            "title": doc_title(loc.doc), "url": doc_url(loc.doc.slug), "passages": [],
            "mentions": 0})
        group["passages"].append({
            "id": loc.block.id, "url": loc.url, "count": len(ms),
            "snippet": snippet(text, [(m.start, m.end) for m in ms], limit=limit),
        })
        group["mentions"] += len(ms)
    return list(groups.values())


def entity_summary(facts: Facts, entity_id: str) -> dict[str, Any]:
    e = facts.entities[entity_id]
    return {"id": e.id, "name": e.name, "kind": e.kind, "url": entity_url(e.id),
            "mentions": len(facts.entity_mentions.get(e.id, [])),
            "documents": facts.entity_documents(e.id)}


def entity_view(facts: Facts, entity_id: str) -> dict[str, Any]:
    e = facts.entities[entity_id]
    return {
        **entity_summary(facts, entity_id),
        "path": entity_url(e.id),
        "kind_label": KIND_NOUN.get(e.kind, e.kind.capitalize()),
        "description": e.description,
        "aliases": list(display_aliases(e)),
        "passages": len(facts.entity_passages.get(e.id, [])),
        "groups": mention_groups(facts, entity_id),
        "themes": [{"slug": s, "title": facts.themes[s].title, "url": theme_url(s), "count": n}
                   for s, n in facts.entity_themes(entity_id)],
        "with": [{**entity_summary(facts, o), "shared": n}
                 for o, n in facts.co_occurring(entity_id)],
        "event_items": [event_view(facts, ev) for ev in facts.entity_events(entity_id)],
    }


def entities_index_view(facts: Facts) -> dict[str, Any]:
    known = dict(KINDS)
    kinds = [k for k, _ in KINDS] + sorted({e.kind for e in facts.entities.values()} - set(known))
    groups = []
    for kind in kinds:
        members = sorted((entity_summary(facts, i) for i, e in facts.entities.items()
                          if e.kind == kind), key=lambda s: (s["name"].casefold(), s["id"]))
        if members:
            groups.append({"kind": kind, "label": known.get(kind, kind.capitalize()),
                           "id": f"kind-{kind}", "entities": members})
    return {"path": ENTITIES_INDEX, "groups": groups, "count": len(facts.entities),
            "mentions": len(facts.dossier.mentions)}
