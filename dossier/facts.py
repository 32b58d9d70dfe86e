"""Counts and cross-references over a :class:`~dossier.documentary.Documentary`, computed once.

Every page of the documentary layer (themes, entities, timeline, source pages, open data)
reads the same numbers from here, so a count shown on two pages cannot disagree.
Everything is sorted explicitly: no set or dict order reaches the output.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .documentary import Documentary
from .links import Located, document_order, passage_index, sort_refs
from .model import Assignment, Document, Entity, Event, Mention, Theme


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
    # entity id -> passage keys in reading order
    entity_passages: dict[str, list[str]] = field(init=False)
    # document slug -> number of passages (blocks with an id)
    doc_passage_count: dict[str, int] = field(init=False)

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
        mentions: dict[str, list[Mention]] = defaultdict(list)
        for m in d.mentions:
            ents[m.ref.key].add(m.entity)
            mentions[m.entity].append(m)
        self.passage_entities = {k: sorted(v) for k, v in sorted(ents.items())}

        def mention_key(m: Mention) -> tuple[int, int, int, str]:
            loc = self.passages.get(m.ref.key)
            doc = self.doc_order.get(m.ref.document, len(self.doc_order))
            return (doc, loc.position if loc else 0, m.start, m.ref.key)

        self.entity_mentions = {e: sorted(mentions.get(e, []), key=mention_key)
                                for e in self.entities}
        self.entity_passages = {
            e: sort_refs((m.ref.key for m in ms), self.passages, self.doc_order)
            for e, ms in self.entity_mentions.items()
        }
        self.doc_passage_count = {doc.slug: len(doc.passages) for doc in self.documents}
        doc_ents: dict[str, set[str]] = defaultdict(set)
        for key, es in self.passage_entities.items():
            doc_ents[key.split("#", 1)[0]].update(es)
        self._doc_entities = dict(doc_ents)
        self._theme_entity_counts = {slug: self._count_theme_entities(slug)
                                     for slug in self.themes}

    def _theme_order(self, theme: Theme, keys: list[str]) -> list[str]:
        """The editors' reading order first (``Theme.order``), then reading order."""
        chosen = [k for k in theme.order if k in set(keys)]
        rest = sort_refs((k for k in keys if k not in set(chosen)), self.passages,
                         self.doc_order)
        return list(dict.fromkeys(chosen)) + rest

    # ------------------------------------------------------------------ per theme

    def theme_documents(self, slug: str) -> list[tuple[Document, list[str]]]:
        """The theme's passages grouped by document; documents in first-passage order."""
        groups: dict[str, list[str]] = {}
        for key in self.theme_passages.get(slug, []):
            loc = self.passages.get(key)
            if loc is not None:
                groups.setdefault(loc.doc.slug, []).append(key)
        docs = {doc.slug: doc for doc in self.documents}
        return [(docs[s], keys) for s, keys in groups.items()]

    def theme_entity_counts(self, slug: str) -> list[tuple[str, int]]:
        """Entities by number of mentions inside the theme's passages, most first."""
        return self._theme_entity_counts.get(slug, [])

    def _count_theme_entities(self, slug: str) -> list[tuple[str, int]]:
        keys = set(self.theme_passages.get(slug, []))
        counts = Counter(m.entity for m in self.dossier.mentions
                         if m.ref.key in keys and m.entity in self.entities)
        return sorted(counts.items(), key=lambda kv: (-kv[1], self.entities[kv[0]].name, kv[0]))

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
        n = sum(1 for k in self.theme_passages.get(theme_slug, [])
                if k.split("#", 1)[0] == doc_slug)
        return n, total

    # ------------------------------------------------------------------ events

    @property
    def events(self) -> list[Event]:
        return sorted(self.dossier.events, key=lambda e: (e.date, e.id))

    # ------------------------------------------------------------------ per entity

    def entity_themes(self, entity_id: str) -> list[tuple[str, int]]:
        """Themes of the passages mentioning the entity: (theme slug, passages), most first."""
        counts: Counter[str] = Counter()
        for key in self.entity_passages.get(entity_id, []):
            for a in self.dossier.themes_by_passage.get(key, ()):
                if a.theme in self.themes:
                    counts[a.theme] += 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def co_occurring(self, entity_id: str) -> list[tuple[str, int]]:
        """Entities mentioned in the same passages: (entity id, shared passages), most first."""
        counts: Counter[str] = Counter()
        for key in self.entity_passages.get(entity_id, []):
            for other in self.passage_entities.get(key, []):
                if other != entity_id and other in self.entities:
                    counts[other] += 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], self.entities[kv[0]].name, kv[0]))

    def entity_events(self, entity_id: str) -> list[Event]:
        return [e for e in self.events if entity_id in e.entities]

    def entity_documents(self, entity_id: str) -> int:
        return len({m.ref.document for m in self.entity_mentions.get(entity_id, [])})

    # ------------------------------------------------------------------ per document

    def doc_themes(self, doc_slug: str) -> list[tuple[str, int]]:
        """The document's themes: (theme slug, passages), most first."""
        out = [(slug, self.share(doc_slug, slug)[0]) for slug in self.themes]
        return sorted(((s, n) for s, n in out if n), key=lambda kv: (-kv[1], kv[0]))

    def doc_entities(self, doc_slug: str) -> set[str]:
        return set(self._doc_entities.get(doc_slug, ()))

    def related_documents(self, doc_slug: str) -> list[tuple[Document, int, int]]:
        """Other documents sharing themes or entities: (document, shared themes, shared
        entities), most shared themes first."""
        my_themes = {s for s, _ in self.doc_themes(doc_slug)}
        my_ents = self.doc_entities(doc_slug)
        out = []
        for doc in self.documents:
            if doc.slug == doc_slug:
                continue
            t = len(my_themes & {s for s, _ in self.doc_themes(doc.slug)})
            e = len(my_ents & self.doc_entities(doc.slug))
            if t or e:
                out.append((doc, t, e))
        return sorted(out, key=lambda x: (-x[1], -x[2], self.doc_order[x[0].slug]))
