"""What each page task reads, as plain data a build can digest before building the page.

A page's key (:mod:`dossier.build.pelican`) is the digest of its view, so no page can be
stale; but building the view is most of a page's cost (quotes, snippets, a document's
rendered text). A *task* (a theme's pages, an entity's pages, a document's page) is
therefore first keyed by its inputs: when they are the same as in the last build, every
page of the task is as it was, and nothing of it is built.

A task's inputs are exact, not a guess:

* the **registry** (:class:`Digests`): every theme, entity and event as defined;
* the **passages** a theme or entity page quotes, each by its digest (the block with the
  theme assignments, entity mentions and events of the passage: everything a quote or a
  snippet is made of), with its documents' metadata; for a document's page, the whole
  document, every block and its annotations;
* the **aggregates over the whole corpus** the task shows (counts, related themes, entities
  named together, related documents, events), as the views show them: they are cheap, so
  they are computed and digested as they are, whatever documents they come from.

The essays a page shows, the neighbours of a document and the site's settings are added by
the generator (:mod:`dossier.build.pelican`), which owns them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from dossier.model import Document
from dossier.pages.crossref import Facts
from dossier.pages.entities import entity_common, mention_listing
from dossier.pages.themes import theme_common, theme_listing
from dossier.pages.why import section_heading
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
    passages: dict[str, str]  # "slug#id" -> the passage (block) with its annotations


def digests(facts: Facts) -> Digests:
    """One pass over the corpus: each block is pickled once, with its passage's theme
    assignments, entity mentions and events; a document's digest is made of its blocks'."""
    d = facts.dossier
    documents, meta, passages = {}, {}, {}
    for doc in facts.documents:
        meta[doc.slug] = _digest((doc.slug, doc.source, doc.meta))
        blocks = []
        for block in doc.blocks:
            key = f"{doc.slug}#{block.id}"
            one = _digest((block, d.themes_by_passage.get(key, ()),
                           d.mentions_by_passage.get(key, ()),
                           [e.id for e in d.events_by_passage.get(key, ())]))
            blocks.append(one)
            if block.id:
                passages[key] = one
        documents[doc.slug] = _digest((meta[doc.slug], blocks, doc.removals, doc.joins,
                                       doc.diagnostics))
    registry = _digest((list(facts.themes.values()), list(facts.entities.values()),
                        facts.events))
    return Digests(registry, documents, meta, passages)


def _order(facts: Facts, slugs: list[str]) -> list[str]:
    """Documents in reading order (listings sort by it)."""
    return sorted(slugs, key=lambda s: facts.doc_order.get(s, len(facts.doc_order)))


def theme_inputs(facts: Facts, dg: Digests, slug: str
                 ) -> tuple[dict[str, Any], Any, dict[str, str]]:
    """(:func:`~dossier.pages.themes.theme_common`, the inputs of the theme's pages, the
    key of each passage's quote): its common part, and its passages by document: each
    document's metadata, each passage with its place and the heading it sits under. A
    quote is made of the passage, its document's metadata and its heading (and the theme,
    which is in the registry)."""
    common = theme_common(facts, slug)
    listing = []
    quotes: dict[str, str] = {}
    for doc, keys in theme_listing(facts, slug):
        shown = []
        meta = dg.meta[doc.slug]
        for key in keys:
            loc = facts.passages[key]
            part = (key, dg.passages[key], loc.position, section_heading(loc.doc, loc.position))
            shown.append(part)
            quotes[key] = _digest((slug, meta, part))
        listing.append((doc.slug, meta, shown))
    return common, ("theme", slug, common, listing,
                    _order(facts, [s for s, _, _ in listing])), quotes


def entity_inputs(facts: Facts, dg: Digests, entity_id: str) -> tuple[dict[str, Any], Any]:
    """(:func:`~dossier.pages.entities.entity_common`, the inputs of the entity's pages): its
    common part, and the passages naming it by document, with their digests (its mentions
    are theirs) and their documents' metadata."""
    common = entity_common(facts, entity_id)
    listing = [(doc.slug, dg.meta[doc.slug], [(key, dg.passages[key]) for key, _ in ps])
               for doc, ps in mention_listing(facts, entity_id)]
    return common, ("entity", entity_id, common, listing,
                    _order(facts, [s for s, _, _ in listing]))


def document_inputs(facts: Facts, dg: Digests, doc: Document) -> Any:
    """The inputs of a document's page: the document and, of the rest of the corpus, its
    themes' counts and its related documents as shown."""
    related = [(d.slug, doc_title(d), t, e) for d, t, e in facts.related_documents(doc.slug)]
    return ("document", doc.slug, dg.documents[doc.slug], facts.doc_themes(doc.slug), related)
