"""What each page task reads, as plain data a build can digest before building the page.

A page's key (:mod:`dossier.build.pelican`) is the digest of its view, so no page can be
stale; but building the view is most of a page's cost (quotes, snippets, a document's
rendered text). A *task* (a theme's pages, an entity's pages, a document's page) is
therefore first keyed by its inputs: when they are the same as in the last build, every
page of the task is as it was, and nothing of it is built.

A task's inputs are exact, not a guess:

* the **registry** (:class:`Digests`): every theme, entity and event as defined;
* the **passages** a theme or entity page quotes, each by the digest of what its quote or
  snippet is made of, with its documents' metadata: for an entity, the block and its
  mentions; for a theme, the block and what a reader is told of its assignment (the cues,
  whether the editors chose it, the parts of its reasons that
  :func:`~dossier.pages.why.plain_reasons` tells; not its score, nor the counts in its
  reasons, which a page does not show, so adding a passage to a document does not make
  every theme and entity it touches build again). For a document's page: the whole
  document, every block and all its annotations;
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
from dossier.pages.entities import entity_common, mention_listing
from dossier.pages.themes import theme_common, theme_listing
from dossier.pages.why import reason_parts, section_heading
from dossier.urls import doc_title
from dossier.util.cache import value_bytes


def _digest(value: Any) -> str:
    return hashlib.blake2b(value_bytes(value),
                           digest_size=20).hexdigest()


@dataclass(frozen=True)
class Digests:
    """Digests of the model, computed once per build before any page is built."""

    registry: str  # every theme, entity and event as defined
    documents: dict[str, str]  # slug -> the whole document with its annotations
    meta: dict[str, str]  # slug -> the document's slug, source and metadata
    blocks: dict[str, str]  # "slug#id" -> the passage's block alone
    mentioned: dict[str, str]  # "slug#id" -> the block with its entity mentions


# One document's part of the digests: (meta, the whole document, its blocks' by passage
# key, its blocks' with their mentions by passage key)
DocumentDigests = tuple[str, str, dict[str, str], dict[str, str]]


def document_digests(facts: Facts, doc: Document) -> DocumentDigests:
    """One pass over the document: each block is pickled once; its passage's mentions,
    theme assignments and events are digested with the block's digest. The document's
    digest is made of its blocks' with all their annotations."""
    d = facts.dossier
    texts, mentioned = {}, {}
    meta = _digest((doc.slug, doc.source, doc.meta))
    blocks = []
    for block in doc.blocks:
        key = f"{doc.slug}#{block.id}"
        text = _digest(block)
        named = _digest((text, d.mentions_by_passage.get(key, ())))
        blocks.append(_digest((named, d.themes_by_passage.get(key, ()),
                               [e.id for e in d.events_by_passage.get(key, ())])))
        if block.id:
            texts[key], mentioned[key] = text, named
    whole = _digest((meta, blocks, doc.removals, doc.joins, doc.diagnostics))
    return meta, whole, texts, mentioned


def digests(facts: Facts,
            each: Callable[[Facts, Document], DocumentDigests] = document_digests) -> Digests:
    """The digests of every document (``each``: :func:`document_digests`, or a memo of it)
    and of the registry."""
    documents, meta, texts, mentioned = {}, {}, {}, {}
    for doc in facts.documents:
        meta[doc.slug], documents[doc.slug], doc_texts, doc_mentioned = each(facts, doc)
        texts.update(doc_texts)
        mentioned.update(doc_mentioned)
    registry = _digest((list(facts.themes.values()), list(facts.entities.values()),
                        facts.events))
    return Digests(registry, documents, meta, texts, mentioned)


def _order(facts: Facts, slugs: list[str]) -> list[str]:
    """Documents in reading order (listings sort by it)."""
    return sorted(slugs, key=lambda s: facts.doc_order.get(s, len(facts.doc_order)))


def theme_inputs(facts: Facts, dg: Digests, slug: str
                 ) -> tuple[dict[str, Any], Any, dict[str, str]]:
    """(:func:`~dossier.pages.themes.theme_common`, the inputs of the theme's pages, the
    key of each passage's quote): its common part, and its passages by document: each
    document's metadata, each passage with what is shown of its assignment, its place and
    the heading it sits under. A quote is made of the passage, its assignment, its
    document's metadata and its heading (and the theme, which is in the registry)."""
    common = theme_common(facts, slug)
    assigned = facts.theme_assignments[slug]
    listing = []
    quotes: dict[str, str] = {}
    for doc, keys in theme_listing(facts, slug):
        shown = []
        meta = dg.meta[doc.slug]
        for key in keys:
            loc, a = facts.passages[key], assigned[key]
            part = (key, dg.blocks[key], (a.cues, a.curated, reason_parts(a.reasons)),
                    loc.position, section_heading(loc.doc, loc.position))
            shown.append(part)
            quotes[key] = _digest((slug, meta, part))
        listing.append((doc.slug, meta, shown))
    return common, ("theme", slug, common, listing,
                    _order(facts, [s for s, _, _ in listing])), quotes


def entity_inputs(facts: Facts, dg: Digests, entity_id: str) -> tuple[dict[str, Any], Any]:
    """(:func:`~dossier.pages.entities.entity_common`, the inputs of the entity's pages): its
    common part, and the passages naming it by document, each by the digest of its block
    and mentions (its snippet is made of them), with their documents' metadata."""
    common = entity_common(facts, entity_id)
    listing = [(doc.slug, dg.meta[doc.slug], [(key, dg.mentioned[key]) for key, _ in ps])
               for doc, ps in mention_listing(facts, entity_id)]
    return common, ("entity", entity_id, common, listing,
                    _order(facts, [s for s, _, _ in listing]))


def document_inputs(facts: Facts, dg: Digests, doc: Document) -> Any:
    """The inputs of a document's page: the document and, of the rest of the corpus, its
    themes' counts and its related documents as shown."""
    related = [(d.slug, doc_title(d), t, e) for d, t, e in facts.related_documents(doc.slug)]
    return ("document", doc.slug, dg.documents[doc.slug], facts.doc_themes(doc.slug), related)
