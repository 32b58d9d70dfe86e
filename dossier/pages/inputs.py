"""What each page task reads, as plain data a build can digest before building the page.

A page's key (:mod:`dossier.build.pelican`) is the digest of its view, so no page can be
stale; but building the view is most of a page's cost (quotes, snippets, a document's
rendered text). A *task* (a theme's pages, an entity's pages, a document's page) is
therefore first keyed by its inputs: when they are the same as in the last build, every
page of the task is as it was, and nothing of it is built.

A task's inputs are exact, not a guess:

* the **registry** (:class:`Digests`): every theme, entity and event as defined;
* the **passages** a theme or entity page quotes, by the digest of what its quotes or
  snippets are made of, with their documents' metadata: for an entity, each document's
  passages naming it, with their mentions; for a theme, each passage's block and what a
  reader is told of its assignment (the cues,
  whether the editors chose it, the parts of its reasons that
  :func:`~dossier.pages.why.plain_reasons` tells; not its score, nor the counts in its
  reasons, which a page does not show, so adding a passage to a document does not make
  every theme and entity it touches build again). For a document's page: the whole
  document, every block and all its annotations. All of these are made of one document
  each (:func:`document_digests`), so a build keeps them per document;
* the **aggregates over the whole corpus** the task shows (counts, related themes, entities
  named together, related documents, events), as the views show them: they are cheap, so
  they are computed and digested as they are, whatever documents they come from.

The essays a page shows, the neighbours of a document and the site's settings are added by
the generator (:mod:`dossier.build.pelican`), which owns them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dossier.model import Document
from dossier.pages.crossref import Facts
from dossier.pages.entities import entity_common
from dossier.pages.themes import theme_common, theme_listing
from dossier.pages.why import reason_parts, section_heading
from dossier.urls import doc_title
from dossier.util.cache import value_bytes


def _digest(value: Any) -> str:
    return hashlib.blake2b(value_bytes(value),
                           digest_size=20).hexdigest()


@dataclass(frozen=True)
class DocumentDigests:
    """One document's part of :class:`Digests`, all of it made of the document alone (its
    blocks and their annotations): kept across builds by the generator, per document."""

    meta: str  # the document's slug, source and metadata
    whole: str  # the whole document with its annotations
    quotes: dict[str, dict[str, str]]  # theme -> passage key -> what its quote is made of
    named: dict[str, str]  # entity id -> the passages naming it, with their mentions


@dataclass(frozen=True)
class Digests:
    """Digests of the model, computed once per build before any page is built."""

    registry: str  # every theme, entity and event as defined
    documents: dict[str, DocumentDigests]  # slug -> its digests


def document_digests(facts: Facts, doc: Document) -> DocumentDigests:
    """One pass over the document: each block is pickled once; its passage's mentions,
    theme assignments and events are digested with the block's digest. The document's
    digest is made of its blocks' with all their annotations.

    A passage's quote on a theme's page is made of the passage, what a reader is told of
    its assignment, its place and the heading it sits under, and its document's metadata
    (and the theme, in the registry). An entity's page shows, of each document naming it,
    the passages that do, each with its mentions (and the document's metadata)."""
    d = facts.dossier
    meta = _digest((doc.slug, doc.source, doc.meta))
    blocks = []
    quotes: dict[str, dict[str, str]] = {}
    named_in: dict[str, list[tuple[str, str]]] = {}
    for position, block in enumerate(doc.blocks):
        key = f"{doc.slug}#{block.id}"
        text = _digest(block)
        mentions = facts.mentions_at(key)
        named = _digest((text, mentions))
        assigned = d.themes_by_passage.get(key, ())
        blocks.append(_digest((named, assigned,
                               [e.id for e in d.events_by_passage.get(key, ())])))
        if not block.id:
            continue
        for a in assigned:
            part = (key, text, (a.cues, a.curated, reason_parts(a.reasons)), position,
                    section_heading(doc, position))
            quotes.setdefault(a.theme, {})[key] = _digest((a.theme, meta, part))
        for entity in dict.fromkeys(m.entity for m in mentions):
            named_in.setdefault(entity, []).append((key, named))
    whole = _digest((meta, blocks, doc.removals, doc.joins, doc.diagnostics))
    return DocumentDigests(meta, whole, quotes,
                           {e: _digest(parts) for e, parts in named_in.items()})


def digests(facts: Facts,
            each: Callable[[Facts, Document], DocumentDigests] = document_digests) -> Digests:
    """The digests of every document (``each``: :func:`document_digests`, or a memo of it)
    and of the registry."""
    registry = _digest((list(facts.themes.values()), list(facts.entities.values()),
                        facts.events))
    return Digests(registry, {doc.slug: each(facts, doc) for doc in facts.documents})


def _order(facts: Facts, slugs: list[str]) -> list[str]:
    """Documents in reading order (listings sort by it)."""
    return sorted(slugs, key=lambda s: facts.doc_order.get(s, len(facts.doc_order)))


def theme_inputs(facts: Facts, dg: Digests, slug: str
                 ) -> tuple[dict[str, Any], Any, dict[str, str]]:
    """(:func:`~dossier.pages.themes.theme_common`, the inputs of the theme's pages, the
    key of each passage's quote): its common part, and its passages by document, each by
    what its quote is made of (:func:`document_digests`)."""
    common = theme_common(facts, slug)
    listing = []
    quotes: dict[str, str] = {}
    for doc, keys in theme_listing(facts, slug):
        made = dg.documents[doc.slug].quotes[slug]
        shown = [made[key] for key in keys]
        quotes.update(zip(keys, shown, strict=True))
        listing.append((doc.slug, shown))
    return common, ("theme", slug, common, listing,
                    _order(facts, [s for s, _ in listing])), quotes


def entity_inputs(facts: Facts, dg: Digests, entity_id: str) -> tuple[dict[str, Any], Any]:
    """(:func:`~dossier.pages.entities.entity_common`, the inputs of the entity's pages): its
    common part, and the documents naming it in reading order, each by its metadata and
    the passages naming the entity with their mentions (:func:`document_digests`)."""
    common = entity_common(facts, entity_id)
    named = dict.fromkeys(key.partition("#")[0]
                          for key in facts.entity_passages.get(entity_id, []))
    listing = [(s, dg.documents[s].meta, dg.documents[s].named[entity_id]) for s in named
               if s in dg.documents and entity_id in dg.documents[s].named]
    return common, ("entity", entity_id, common, listing,
                    _order(facts, [s for s, _, _ in listing]))


def document_inputs(facts: Facts, dg: Digests, doc: Document) -> Any:
    """The inputs of a document's page: the document and, of the rest of the corpus, its
    themes' counts and its related documents as shown."""
    related = [(d.slug, doc_title(d), t, e) for d, t, e in facts.related_documents(doc.slug)]
    return ("document", doc.slug, dg.documents[doc.slug].whole, facts.doc_themes(doc.slug),
            related)
