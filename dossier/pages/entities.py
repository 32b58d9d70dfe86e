"""Entity pages (``entities/<id>/index.html``) and the entities index, grouped by kind.

Page 1 starts with the summary (the documents with their counts, events, themes, the
entities named alongside, essays), then the mentions. Each mention is shown in a short
snippet of its passage with the mention in ``<mark>``; snippets of one passage are merged,
so every mention is highlighted exactly once. A photo credit's mention is shown in the
caption followed by its credit.

Mentions in the running text come first, by document; mentions in reference-list entries
(an author, a publisher, a title in a bibliography) come after them, apart and collapsed.
Both are listed :data:`PASSAGES_PER_PAGE` passages at a time (:func:`entity_pages`, split
by :mod:`dossier.pages.pagination`): page 1 is ``entities/<id>/index.html`` with the
summary and counts (always totals); later pages, ``entities/<id>/page/<n>/index.html``,
carry the mentions and a link back to page 1.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NotRequired, TypedDict, cast

from markupsafe import Markup, escape

from dossier.documentary.gazetteer import display_aliases
from dossier.model import Block, Document, Mention
from dossier.pages.crossref import Facts
from dossier.pages.pagination import PagedListing, Slice, paged_views, split
from dossier.pages.timeline import event_view
from dossier.urls import ENTITIES_INDEX, doc_title, doc_url, entity_url, theme_url
from dossier.util.text import ELLIPSIS, EXCERPT_WORDS

CONTEXT_WORDS = 14
# An entity page lists the mentions of at most this many passages (a snippet is about
# 0.8 kB: page 1 of the largest entity, Pakistan, stays under 100 kB).
PASSAGES_PER_PAGE = 100
# ... and at most this many snippets of one document, then one more item linking to the
# rest (the first passage not shown, in its document, where every mention is a link): an
# entity's pages grow with the documents naming it, not with its mentions.
SNIPPETS_PER_DOCUMENT = 5
# Every kind of dossier.documentary.gazetteer.KINDS, in the index's order, with its heading.
KINDS = (("person", "People"), ("organisation", "Organisations"), ("place", "Places"),
         ("project", "Projects and programmes"), ("agreement", "Agreements and laws"))
KIND_NOUN = {"person": "Person", "organisation": "Organisation", "place": "Place",
             "project": "Project or programme", "agreement": "Agreement or law"}


class EntitySummary(TypedDict):
    """One person, organisation or place as lists show it."""

    id: str
    name: str
    kind: str
    url: str
    mentions: int
    documents: int


class DocumentCount(TypedDict):
    """One document of an entity's summary: how often it names the entity."""

    title: str
    url: str
    mentions: int  # in all, reference entries included
    passages: int  # passages of the running text (not reference entries)
    references: int  # reference-list entries


class EntityPage(PagedListing):
    """The page showing one entity (one page of its mentions). Its ``groups`` are by
    document, running text first; a group with ``references`` true lists reference-list
    entries, shown apart. Only page 1 has the fields that count or describe all its
    mentions (:data:`FRONT_ONLY`): a later page shows its own, so an edit elsewhere leaves
    it as it was."""

    id: str
    name: str
    kind: str
    url: str
    kind_label: str
    description: str
    aliases: list[str]
    has_text: bool  # some passage of running text mentions it (not only reference entries)
    has_references: bool  # some reference-list entry does
    mentions: NotRequired[int]
    documents: NotRequired[int]
    passages: NotRequired[int]  # passages mentioning it, in all
    reference_passages: NotRequired[int]  # of which reference-list entries
    documents_list: NotRequired[list[DocumentCount]]
    themes: NotRequired[list[dict[str, Any]]]
    # entities mentioned in the same passages
    co_mentioned: NotRequired[list[dict[str, Any]]]
    event_items: NotRequired[list[dict[str, Any]]]


# What only page 1 of an entity shows: its counts and its summary.
FRONT_ONLY = frozenset({"mentions", "documents", "passages", "reference_passages",
                        "documents_list", "themes", "co_mentioned", "event_items"})


class EntitiesIndexPage(TypedDict):
    """The page listing every person, organisation and place, by kind."""

    path: str
    groups: list[dict[str, Any]]
    count: int
    mentions: int


_RUN = re.compile(r"\S*")  # the rest of a word (possibly nothing)
_NONSPACE = re.compile(r"\S")


@lru_cache(maxsize=8)
def _words(n: int) -> re.Pattern[str]:
    """``n`` whole words from where the match starts (a word is a run of non-spaces)."""
    return re.compile(rf"\s*\S+(?:\s+\S+){{{n - 1}}}")


def _inside_word(text: str, i: int) -> bool:
    """Whether position ``i`` cuts a word in two."""
    return 0 < i < len(text) and not text[i - 1].isspace() and not text[i].isspace()


def _words_before(text: str, start: int, words: int) -> int:
    """Where the ``words``-th whole word before ``start`` begins (0 if there are fewer):
    the prefix is matched reversed, so the cost is that of the window, not the passage."""
    rev = text[:start][::-1]
    pos = _RUN.match(rev).end() if _inside_word(text, start) else 0  # a word cut at start
    m = _words(words).match(rev, pos)
    return start - m.end() if m else 0


def _words_after(text: str, end: int, stop: int, words: int) -> int | None:
    """Where the ``words``-th whole word from ``end`` ends, if it ends by ``stop``."""
    pos = _RUN.match(text, end).end() if _inside_word(text, end) else end
    m = _words(words).match(text, pos, stop)
    return m.end() if m else None


def snippet(text: str, spans: list[tuple[int, int]], words: int = CONTEXT_WORDS,
            limit: int | None = None) -> Markup:
    """``text`` around each ``(start, end)``, marked: ``words`` words each side, windows
    merged when they overlap, gaps shown as "…". ``limit``: nothing at or after it is shown
    (a rights-limited excerpt), except a mention itself, shown alone.

    Each window is found from its mention outwards (a regular expression over ``words``
    words each way), so a long passage costs no more than a short one."""
    if words < 1:
        raise ValueError(f"a snippet shows at least one word each side, not {words}")
    visible = len(text) if limit is None else min(limit, len(text))
    stop = visible  # words must end by the limit: a word it cuts does not count
    if _inside_word(text, visible):
        stop -= _RUN.match(text[:visible][::-1]).end()
    windows: list[tuple[int, int, list[tuple[int, int]]]] = []
    for start, end in sorted(set(spans)):
        if not 0 <= start < end <= len(text):
            continue
        if start >= visible:
            lo, hi = start, end
        else:
            lo = _words_before(text, start, words)
            after = _words_after(text, end, stop, words)
            hi = max(end, visible if after is None else after)
        if windows and lo <= windows[-1][1]:
            w_lo, w_hi, marks = windows[-1]
            windows[-1] = (w_lo, max(w_hi, hi), marks + [(start, end)])
        else:
            windows.append((lo, hi, [(start, end)]))
    parts: list[str] = []  # escaped HTML, wrapped in Markup once at the end
    for lo, hi, marks in windows:
        bits: list[str] = []
        pos = lo
        for start, end in marks:
            if start < pos:
                continue
            bits += (escape(text[pos:start]), "<mark>", escape(text[start:end]), "</mark>")
            pos = end
        bits.append(escape(text[pos:hi]))
        parts.append("".join(bits).strip())
    if not parts:
        return Markup("")
    out = f" {ELLIPSIS} ".join(parts)
    if windows[0][0] > 0:
        out = f"{ELLIPSIS} {out}"
    if windows[-1][1] < len(text):
        out += f" {ELLIPSIS}"
    return Markup(out)


def _excerpt_limit(text: str) -> int:
    """Where a rights-limited excerpt stops: after :data:`EXCERPT_WORDS` words, if more."""
    m = _words(EXCERPT_WORDS).match(text)
    return m.end() if m and _NONSPACE.search(text, m.end()) else len(text)


def mention_listing(facts: Facts, entity_id: str, references: bool | None = None
                    ) -> list[tuple[Document, list[tuple[str, list[Mention]]]]]:
    """The entity's mentions by document, then by passage (key, mentions), in reading order.
    ``references``: only reference-list entries (True), only the others (False), or all."""
    by_passage: dict[str, list[Mention]] = {}
    for m in facts.entity_mentions.get(entity_id, []):
        by_passage.setdefault(m.ref.key, []).append(m)
    docs: dict[str, tuple[Document, list[tuple[str, list[Mention]]]]] = {}
    for key, ms in by_passage.items():
        loc = facts.passages.get(key)
        if loc is None or (references is not None
                           and (loc.block.kind == "reference") != references):
            continue
        docs.setdefault(loc.doc.slug, (loc.doc, []))[1].append((key, ms))
    return list(docs.values())


def _passage_snippet(block: Block, ms: list[Mention], excerpt: bool) -> Markup:
    """The passage around its mentions; a caption's credit follows its text when the
    credit holds one (its offsets move past the text and a space)."""
    text = block.text
    spans = [(m.start, m.end) for m in ms if m.part == "text"]
    if block.credit and any(m.part == "credit" for m in ms):
        shift = len(text) + 1
        text = f"{text} {block.credit}"
        spans += [(m.start + shift, m.end + shift) for m in ms if m.part == "credit"]
    limit = _excerpt_limit(block.text) if excerpt else None
    return snippet(text, spans, limit=limit)


def mention_groups(facts: Facts, entity_id: str, references: bool = False
                   ) -> list[dict[str, Any]]:
    """The entity's mentions, by document then passage, each passage one snippet: those in
    the running text, or (``references``) those in reference-list entries. At most
    :data:`SNIPPETS_PER_DOCUMENT` snippets a document; the rest is one item (``rest``: how
    many passages) linking to the first of them, its ``count`` their mentions."""
    name = facts.entities[entity_id].name
    groups = []
    for doc, passages in mention_listing(facts, entity_id, references):
        items = []
        for key, ms in passages[:SNIPPETS_PER_DOCUMENT]:
            loc = facts.passages[key]
            items.append({
                "key": key, "id": loc.block.id, "url": loc.url, "count": len(ms), "rest": 0,
                "snippet": _passage_snippet(loc.block, ms, doc.meta.mode == "excerpts"),
            })
        rest = passages[SNIPPETS_PER_DOCUMENT:]
        if rest:
            loc = facts.passages[rest[0][0]]
            noun = ("entry" if len(rest) == 1 else "entries") if references else (
                "passage" if len(rest) == 1 else "passages")
            items.append({
                "key": rest[0][0], "id": loc.block.id, "url": loc.url,
                "count": sum(len(ms) for _, ms in rest), "rest": len(rest),
                "snippet": Markup("{} and {} more {} of this document {} {}; the first:").format(
                    ELLIPSIS, len(rest), noun, "names" if len(rest) == 1 else "name", name),
            })
        groups.append({"title": doc_title(doc), "url": doc_url(doc.slug), "passages": items,
                       "lang": doc.meta.lang,
                       "mentions": sum(p["count"] for p in items), "references": references,
                       "slug": doc.slug, "total_passages": len(passages)})
    return groups


def document_counts(text: list[dict[str, Any]], refs: list[dict[str, Any]],
                    order: dict[str, int]) -> list[DocumentCount]:
    """Per document naming the entity: mentions in all, passages of its text, reference
    entries; most mentions first, then in site order."""
    rows: dict[str, DocumentCount] = {}
    for g in text + refs:
        row = rows.setdefault(g["slug"], {"title": g["title"], "url": g["url"], "mentions": 0,
                                          "passages": 0, "references": 0})
        row["mentions"] += g["mentions"]
        row["references" if g["references"] else "passages"] += g["total_passages"]
    return [rows[s] for s in sorted(rows, key=lambda s: (-rows[s]["mentions"],
                                                         order.get(s, len(order)), s))]


def entity_summary(facts: Facts, entity_id: str) -> EntitySummary:
    e = facts.entities[entity_id]
    return {"id": e.id, "name": e.name, "kind": e.kind, "url": entity_url(e.id),
            "mentions": len(facts.entity_mentions.get(e.id, [])),
            "documents": facts.entity_documents(e.id)}


def _part(group: dict[str, Any], part: Slice) -> dict[str, Any]:
    cut = part.size < len(group["passages"])
    # its heading's id: the same whatever comes before it
    anchor = f"{'refs' if group['references'] else 'src'}-{group['slug']}"
    return {**group, "id": anchor, "total": len(group["passages"]),
            "passages": group["passages"][part.start:part.end],
            "part": (part.start + 1, part.end) if cut else None}


def entity_common(facts: Facts, entity_id: str) -> dict[str, Any]:
    """What every page of the entity shows besides its mentions and the documents naming
    it: summary, aliases, themes, entities named beside it, events (cheap: no snippet)."""
    e = facts.entities[entity_id]
    return {
        **entity_summary(facts, entity_id),
        "kind_label": KIND_NOUN.get(e.kind, e.kind.capitalize()),
        "description": e.description,
        "aliases": list(display_aliases(e)),
        "passages": len(facts.entity_passages.get(e.id, [])),
        "themes": [{"slug": s, "title": facts.themes[s].title, "url": theme_url(s), "count": n}
                   for s, n in facts.entity_themes(entity_id)],
        # only what is shown of each: another entity's own counts are on its page (here
        # they would make this page's key change with every mention of it anywhere)
        "co_mentioned": [{"id": o, "name": facts.entities[o].name, "url": entity_url(o),
                          "shared": n} for o, n in facts.co_occurring(entity_id)],
        "event_items": [event_view(facts, ev) for ev in facts.entity_events(entity_id)],
    }


def entity_pages(facts: Facts, entity_id: str, count: int | None = None,
                 common: dict[str, Any] | None = None) -> list[EntityPage]:
    """The entity's pages, page 1 first: each the whole entity's view with its own ``path``,
    ``page`` (of ``pages``), ``groups`` (its share of the passages, at most
    :data:`PASSAGES_PER_PAGE`; a group's ``mentions`` stays the document's total),
    ``shown`` (its first and last passage, counted from 1) and ``pager`` (``None`` when one
    page holds them all: no page navigation is shown). ``count``: only the first pages.
    ``common``: :func:`entity_common`, if already made."""
    text, refs = mention_groups(facts, entity_id), mention_groups(facts, entity_id, True)
    groups = text + refs  # the running text first, reference entries after it
    pages = split([[p["key"] for p in g["passages"]] for g in groups], PASSAGES_PER_PAGE)
    common = entity_common(facts, entity_id) if common is None else common
    common = {
        **common,
        "reference_passages": sum(g["total_passages"] for g in refs),
        "has_text": bool(text),
        "has_references": bool(refs),
        "documents_list": document_counts(text, refs, facts.doc_order),
    }
    return cast(list[EntityPage], paged_views(
        entity_url(entity_id), pages, common, lambda s: _part(groups[s.group], s),
        count, front_only=FRONT_ONLY))


def entities_index_view(facts: Facts) -> EntitiesIndexPage:
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
