"""Where every page lives, how one page links to another, and how to find a passage.

All URLs here are relative to the site root and name a file (``…/index.html``),
never a directory: a page adds its own ``root`` prefix (:func:`root_prefix`, "" or
"../../"). Only the machine-readable parts of a public site carry absolute URLs
(:func:`absolute`). Pure functions; no Pelican, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from dossier.model import Block, Corpus, Document, PassageRef

THEMES_INDEX = "themes/index.html"
ENTITIES_INDEX = "entities/index.html"
TIMELINE = "timeline/index.html"
REPORT = "report/index.html"
DATA_DIR = "data"
ESSAYS_INDEX = "essays/index.html"
FEED_ALL = "feeds/essays.atom.xml"
THEME_FEED = "feeds/themes/{slug}.atom.xml"


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


def essay_url(slug: str) -> str:
    return f"essays/{slug}/index.html"


def theme_feed(slug: str) -> str:
    return THEME_FEED.format(slug=slug)


def root_prefix(page: str) -> str:
    """From the page at ``page`` (relative to the site root) back to the root: "" or "../../"."""
    return "../" * page.count("/")


def relative(page: str, target: str) -> str:
    """``target`` (relative to the site root) as a link written on the page at ``page``."""
    return root_prefix(page) + target


def is_site_url(site_url: str) -> bool:
    """A public address the absolute-URL artefacts (sitemap, canonical, og:url) can use."""
    return site_url.startswith(("http://", "https://"))


def absolute(site_url: str, rel: str) -> str:
    """``rel`` (relative to the site root) under the public address ``site_url``."""
    return site_url.rstrip("/") + "/" + rel.lstrip("/")


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


# --------------------------------------------------------------------------- link safety
# The one rule for what may become a link (STYLE.md 13). Ingest encodes every link target
# it finds in a document with quote_href; pages turn a URL into an ``href`` only when
# is_safe_url says so (absolute links from documents; editors' Markdown may also link
# within the site); publish's link check accepts SITE_LINK_SCHEMES in the built pages.

_LINK_PREFIXES = ("http://", "https://", "mailto:")
LINK_SCHEMES = frozenset(prefix.split(":")[0] for prefix in _LINK_PREFIXES)
"""Schemes a link may use (``http``, ``https``, ``mailto``); anything else stays text."""
SITE_LINK_SCHEMES = LINK_SCHEMES | {"tel"}
"""Schemes the link check accepts in the built site (the templates may also write ``tel:``)."""
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def quote_href(url: str) -> str:
    """Percent-encode what is not allowed in a URL (``\\``, spaces, quotes)."""
    return quote(url, safe=_URL_SAFE)


def is_safe_url(url: str, *, relative: bool = False) -> bool:
    """True for a URL we are willing to turn into an ``href``: http(s) or mailto, with
    no whitespace in it. ``relative``: also ``#fragment`` and paths relative to the page
    (never root-absolute ``/…`` or ``\\…``, never another scheme); surrounding whitespace
    is then ignored, as Markdown's parser leaves it."""
    if relative:
        url = url.strip()
    if not url or any(c.isspace() for c in url):
        return False
    if url.lower().startswith(_LINK_PREFIXES):
        return True
    return relative and url[0] not in "/\\" and not _SCHEME.match(url)
