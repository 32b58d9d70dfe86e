"""Where every documentary page lives, and how to find a passage from its key.

All URLs here are relative to the site root and name a file (``…/index.html``),
never a directory: a page adds its own ``root`` prefix ("" or "../../").
Pure functions; no Pelican, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dossier.model import Block, Corpus, Document, PassageRef

THEMES_INDEX = "themes/index.html"
ENTITIES_INDEX = "entities/index.html"
TIMELINE = "timeline/index.html"
REPORT = "report/index.html"
DATA_DIR = "data"


def doc_url(slug: str) -> str:
    return f"documents/{slug}/index.html"


def passage_url(ref: PassageRef) -> str:
    return f"{doc_url(ref.document)}#{ref.passage}"


def theme_url(slug: str) -> str:
    return f"themes/{slug}/index.html"


def entity_url(entity_id: str) -> str:
    return f"entities/{entity_id}/index.html"


def event_anchor(event_id: str) -> str:
    return f"event-{event_id}"


def event_url(event_id: str) -> str:
    return f"{TIMELINE}#{event_anchor(event_id)}"


@dataclass(frozen=True)
class Located:
    """A passage with the document it belongs to and its position there."""

    doc: Document
    block: Block
    position: int  # index of the passage among the document's blocks

    @property
    def ref(self) -> PassageRef:
        return PassageRef(self.doc.slug, self.block.id)

    @property
    def url(self) -> str:
        return passage_url(self.ref)


def passage_index(corpus: Corpus) -> dict[str, Located]:
    """``"doc-slug#passage-id"`` -> the passage, for every block that has an id."""
    out: dict[str, Located] = {}
    for doc in corpus.documents:
        for i, block in enumerate(doc.blocks):
            if block.id:
                out[f"{doc.slug}#{block.id}"] = Located(doc, block, i)
    return out


def document_order(corpus: Corpus) -> dict[str, int]:
    """Document slug -> its place in the site's document list (by source file, then slug)."""
    docs = sorted(corpus.documents, key=lambda d: (d.source, d.slug))
    return {d.slug: i for i, d in enumerate(docs)}


def sort_refs(keys: Iterable[str], index: dict[str, Located],
              order: dict[str, int]) -> list[str]:
    """Passage keys in reading order: documents in site order, passages in text order."""
    def key(k: str) -> tuple[int, int, str]:
        loc = index.get(k)
        if loc is None:
            return (len(order), 0, k)
        return (order.get(loc.doc.slug, len(order)), loc.position, k)
    return sorted(set(keys), key=key)


def attribution(doc: Document) -> str:
    """"Author, Author (Publisher)" or whichever part the catalogue gives."""
    meta = doc.meta
    who = ", ".join(meta.authors)
    if meta.publisher and who:
        return f"{who} ({meta.publisher})"
    return who or meta.publisher


def doc_title(doc: Document) -> str:
    return doc.meta.title or doc.slug
