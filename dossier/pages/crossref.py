"""Counts and cross-references over a :class:`~dossier.model.Documentary`, computed once.

Every page of the documentary layer (themes, entities, timeline, source pages, open data)
reads the same numbers from here, so a count shown on two pages cannot disagree.
Everything is sorted explicitly: no set or dict order reaches the output.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from typing import Any

from dossier.model import (
    Assignment,
    Document,
    Documentary,
    Entity,
    Event,
    Mention,
    Theme,
    mention_order,
)
from dossier.urls import Located, document_order, passage_index, sort_refs

# A document page lists at most this many related documents.
RELATED_LIMIT = 10
# A feature (theme or entity) shared by more documents than this does not by itself make
# two documents candidates for "related".
COMMON_FEATURE = 100


@dataclass
class Facts:
    dossier: Documentary
    passages: dict[str, Located] = field(init=False)
    doc_order: dict[str, int] = field(init=False)
    documents: list[Document] = field(init=False)
    themes: dict[str, Theme] = field(init=False)
    entities: dict[str, Entity] = field(init=False)
    # theme slug -> passage keys in reading order
    theme_passages: dict[str, list[str]] = field(init=False)
    # theme slug -> passage key -> assignment
    theme_assignments: dict[str, dict[str, Assignment]] = field(init=False)
    # passage key -> entity ids mentioned there (sorted, unique)
    passage_entities: dict[str, list[str]] = field(init=False)
    # entity id -> its mentions in reading order
    entity_mentions: dict[str, list[Mention]] = field(init=False)
    # passage key -> its mentions (in the order of the documentary's mentions)
    passage_mentions: dict[str, list[Mention]] = field(init=False)
    # entity id -> passage keys in reading order
    entity_passages: dict[str, list[str]] = field(init=False)
    # document slug -> number of passages (blocks with an id)
    doc_passage_count: dict[str, int] = field(init=False)
    # what the pages make of one model object, made once a build and shared by every page
    # showing it (an event's view: dossier.pages.timeline.event_view); never compared
    views: dict[tuple[str, str], Any] = field(init=False, default_factory=dict,
                                              repr=False, compare=False)

    def __post_init__(self) -> None:
        d = self.dossier
        self.passages = passage_index(d.corpus)
        self.doc_order = document_order(d.corpus)
        self.documents = sorted(d.corpus.documents, key=lambda x: self.doc_order[x.slug])
        self.themes = {t.slug: t for t in sorted(d.themes, key=lambda t: t.slug)}
        self.entities = {e.id: e for e in sorted(d.entities, key=lambda e: e.id)}
        by_theme: dict[str, dict[str, Assignment]] = defaultdict(dict)
        for a in d.assignments:
            by_theme[a.theme][a.ref.key] = a
        self.theme_assignments = {slug: dict(by_theme.get(slug, {})) for slug in self.themes}
        self.theme_passages = {
            slug: self._theme_order(self.themes[slug], list(by_theme.get(slug, {})))
            for slug in self.themes
        }
        ents: dict[str, set[str]] = defaultdict(set)
        # entity id -> [(reading order of the mention, passage key, mention)]
        mentions: dict[str, list[tuple[tuple[int, int, int, str], str, Mention]]] = \
            defaultdict(list)
        missing = len(self.doc_order)
        here: dict[str, list[Mention]] = defaultdict(list)
        for m in d.mentions:
            key = m.ref.key
            ents[key].add(m.entity)
            here[key].append(m)
            loc = self.passages.get(key)
            doc = self.doc_order.get(m.ref.document, missing)
            mentions[m.entity].append(
                ((doc, loc.position if loc else 0, m.start, key), key, m))
        self.passage_entities = {k: sorted(v) for k, v in sorted(ents.items())}
        self.passage_mentions = dict(here)
        ordered = {e: sorted(mentions.get(e, []), key=itemgetter(0)) for e in self.entities}
        self.entity_mentions = {e: [m for _, _, m in ms] for e, ms in ordered.items()}
        # The mentions are in reading order already: their passages, once each, are too,
        # when every one is known (an unknown one sorts last, as sort_refs puts it).
        self.entity_passages = {
            e: (list(dict.fromkeys(key for _, key, _ in ms))
                if all(key in self.passages for _, key, _ in ms)
                else sort_refs((key for _, key, _ in ms), self.passages, self.doc_order))
            for e, ms in ordered.items()
        }
        self.doc_passage_count = {doc.slug: len(doc.passages) for doc in self.documents}
        self._entity_doc_counts: dict[str, int] = {}
        self._entity_themes: dict[str, list[tuple[str, int]]] = {}
        self._theme_docs: dict[str, list[tuple[Document, list[str]]]] = {}
        doc_ents: dict[str, set[str]] = defaultdict(set)
        for key, es in self.passage_entities.items():
            doc_ents[key.split("#", 1)[0]].update(es)
        self._doc_entities = dict(doc_ents)
        self._theme_entity_counts = self._count_theme_entities()
        # document slug -> theme slug -> passages of the document in the theme
        per_doc: dict[str, Counter[str]] = defaultdict(Counter)
        for slug, keys in self.theme_passages.items():
            for key in keys:
                per_doc[key.split("#", 1)[0]][slug] += 1
        self._doc_theme_counts = dict(per_doc)
        self._doc_themes = {
            doc.slug: sorted(((s, n) for s, n in per_doc.get(doc.slug, Counter()).items() if n),
                             key=lambda kv: (-kv[1], kv[0]))
            for doc in self.documents
        }
        self._by_slug = {doc.slug: doc for doc in self.documents}
        self._related = related_index(
            [doc.slug for doc in self.documents],
            {s: {t for t, _ in ts} for s, ts in self._doc_themes.items()},
            self._doc_entities, RELATED_LIMIT)

    def _theme_order(self, theme: Theme, keys: list[str]) -> list[str]:
        """The editors' reading order first (``Theme.order``), then reading order."""
        present = set(keys)
        chosen = [k for k in theme.order if k in present]
        taken = set(chosen)
        rest = sort_refs((k for k in keys if k not in taken), self.passages, self.doc_order)
        return list(dict.fromkeys(chosen)) + rest

    def mentions_at(self, key: str) -> tuple[Mention, ...]:
        """The passage's mentions in text order (:func:`~dossier.model.mention_order`),
        sorted for this passage alone: a seed edit digests and renders one document."""
        return tuple(sorted(self.passage_mentions.get(key, ()), key=mention_order))

    # ------------------------------------------------------------------ per theme

    def theme_documents(self, slug: str) -> list[tuple[Document, list[str]]]:
        """The theme's passages grouped by document; documents in first-passage order
        (computed once per theme)."""
        if slug not in self._theme_docs:
            groups: dict[str, list[str]] = {}
            for key in self.theme_passages.get(slug, []):
                loc = self.passages.get(key)
                if loc is not None:
                    groups.setdefault(loc.doc.slug, []).append(key)
            self._theme_docs[slug] = [(self._by_slug[s], keys) for s, keys in groups.items()]
        return [(doc, list(keys)) for doc, keys in self._theme_docs[slug]]

    def theme_entity_counts(self, slug: str) -> list[tuple[str, int]]:
        """Entities by number of mentions inside the theme's passages, most first."""
        return self._theme_entity_counts.get(slug, [])

    def _count_theme_entities(self) -> dict[str, list[tuple[str, int]]]:
        """Per theme, its entities by mentions inside its passages (one pass over mentions)."""
        themes_of: dict[str, list[str]] = defaultdict(list)
        for slug, keys in self.theme_passages.items():
            for key in keys:
                themes_of[key].append(slug)
        counts: dict[str, Counter[str]] = {slug: Counter() for slug in self.themes}
        for m in self.dossier.mentions:
            if m.entity in self.entities:
                for slug in themes_of.get(m.ref.key, ()):
                    counts[slug][m.entity] += 1
        return {slug: sorted(c.items(), key=lambda kv: (-kv[1], self.entities[kv[0]].name,
                                                        kv[0]))
                for slug, c in counts.items()}

    def theme_entities(self, slug: str) -> set[str]:
        return {e for e, _ in self.theme_entity_counts(slug)}

    def theme_events(self, slug: str) -> list[Event]:
        return [e for e in self.events if slug in e.themes]

    def related_themes(self, slug: str) -> list[tuple[Theme, int, int]]:
        """Other themes sharing passages or entities: (theme, shared passages, shared entities)."""
        mine = set(self.theme_passages.get(slug, []))
        my_ents = self.theme_entities(slug)
        out = []
        for other in self.themes.values():
            if other.slug == slug:
                continue
            shared = len(mine & set(self.theme_passages[other.slug]))
            shared_e = len(my_ents & self.theme_entities(other.slug))
            if shared or shared_e:
                out.append((other, shared, shared_e))
        return sorted(out, key=lambda t: (-t[1], -t[2], t[0].slug))

    def share(self, doc_slug: str, theme_slug: str) -> tuple[int, int]:
        """(passages of the document in the theme, passages of the document)."""
        total = self.doc_passage_count.get(doc_slug, 0)
        return self._doc_theme_counts.get(doc_slug, Counter())[theme_slug], total

    # ------------------------------------------------------------------ events

    @property
    def events(self) -> list[Event]:
        return sorted(self.dossier.events, key=lambda e: (e.date, e.id))

    # ------------------------------------------------------------------ per entity

    def entity_themes(self, entity_id: str) -> list[tuple[str, int]]:
        """Themes of the passages mentioning the entity: (theme slug, passages), most first
        (computed once per entity; counted in C, the unknown themes left out after)."""
        if entity_id not in self._entity_themes:
            found = self.dossier.themes_by_passage
            counts = Counter(a.theme for a in chain.from_iterable(
                found.get(key, ()) for key in self.entity_passages.get(entity_id, [])))
            self._entity_themes[entity_id] = sorted(
                ((s, n) for s, n in counts.items() if s in self.themes),
                key=lambda kv: (-kv[1], kv[0]))
        return list(self._entity_themes[entity_id])

    def co_occurring(self, entity_id: str) -> list[tuple[str, int]]:
        """Entities mentioned in the same passages: (entity id, shared passages), most first
        (counted in C: the passages of Pakistan at N = 5,000 are hundreds of thousands)."""
        found = self.passage_entities
        counts = Counter(chain.from_iterable(
            found.get(key, ()) for key in self.entity_passages.get(entity_id, [])))
        return sorted(((e, n) for e, n in counts.items()
                       if e != entity_id and e in self.entities),
                      key=lambda kv: (-kv[1], self.entities[kv[0]].name, kv[0]))

    def entity_events(self, entity_id: str) -> list[Event]:
        return [e for e in self.events if entity_id in e.entities]

    def entity_documents(self, entity_id: str) -> int:
        """How many documents mention the entity (computed once per entity)."""
        if entity_id not in self._entity_doc_counts:
            self._entity_doc_counts[entity_id] = len(
                {m.ref.document for m in self.entity_mentions.get(entity_id, [])})
        return self._entity_doc_counts[entity_id]

    # ------------------------------------------------------------------ per document

    def doc_themes(self, doc_slug: str) -> list[tuple[str, int]]:
        """The document's themes: (theme slug, passages), most first."""
        return list(self._doc_themes.get(doc_slug, []))

    def doc_entities(self, doc_slug: str) -> set[str]:
        return set(self._doc_entities.get(doc_slug, ()))

    def related_documents(self, doc_slug: str) -> list[tuple[Document, int, int]]:
        """At most :data:`RELATED_LIMIT` other documents sharing themes or entities:
        (document, shared themes, shared entities), most shared themes first
        (see :func:`related_index`)."""
        docs = self._by_slug
        return [(docs[s], t, e) for s, t, e in self._related.get(doc_slug, [])]


def related_index(order: list[str], themes: dict[str, set[str]], entities: dict[str, set[str]],
                  limit: int) -> dict[str, list[tuple[str, int, int]]]:
    """For each document (slugs in reading ``order``), the ``limit`` others sharing the most
    themes, then the most entities, then earliest in reading order: (slug, themes, entities).

    Linear in the corpus, not quadratic: candidates come from an inverted index of the
    *distinctive* features, those no more than :data:`COMMON_FEATURE` documents share. A
    feature most documents share (a theme, "Pakistan") says little about which are
    related, and its posting list would make every document a candidate of every other.
    When the distinctive features give too few candidates, the common ones add a bounded
    number of documents each (the first in reading order). Exact on a corpus where no
    feature is that common.
    """
    rank = {slug: i for i, slug in enumerate(order)}
    features: dict[str, list[tuple[str, str]]] = {
        s: sorted({("t", t) for t in themes.get(s, ())} | {("e", e) for e in entities.get(s, ())})
        for s in order}
    postings: dict[tuple[str, str], list[str]] = defaultdict(list)
    for s in order:
        for f in features[s]:
            postings[f].append(s)
    # Each document's themes and entities as bit masks: a shared count is one AND and a
    # popcount, not a set intersection (the candidates of a large corpus number thousands).
    bit = {f: 1 << i for i, f in enumerate(sorted(postings))}
    t_mask = {s: sum(bit[f] for f in features[s] if f[0] == "t") for s in order}
    e_mask = {s: sum(bit[f] for f in features[s] if f[0] == "e") for s in order}
    out: dict[str, list[tuple[str, int, int]]] = {}
    for s in order:
        cands: set[str] = set()
        common = []
        for f in features[s]:
            posting = postings[f]
            if len(posting) <= COMMON_FEATURE:
                cands.update(posting)
            else:
                common.append(posting)
        cands.discard(s)
        if len(cands) < limit * 4:
            for posting in common:  # bounded: the first documents of each common feature
                cands.update(posting[:limit * 8])
            cands.discard(s)
        my_t, my_e = t_mask[s], e_mask[s]
        scored = []
        for o in cands:
            t = (my_t & t_mask[o]).bit_count()
            e = (my_e & e_mask[o]).bit_count()
            if t or e:
                scored.append((-t, -e, rank[o], o, t, e))
        out[s] = [(o, t, e) for *_, o, t, e in heapq.nsmallest(limit, scored)]
    return out
