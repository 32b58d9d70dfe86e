"""Source document pages (``documents/<slug>/index.html``) and the home page's list of them.

:func:`document_view` is everything a document page shows, :func:`document_card` what a
list of documents shows of one, :func:`home_pages` the home page's document list in pages.

What the documentary layer says about each passage:

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
from dataclasses import replace
from typing import Any, TypedDict
from urllib.parse import urlsplit

from markupsafe import Markup

from dossier.model import Block, DocMeta, Document
from dossier.pages.blocks import (
    RenderOptions,
    is_safe_url,
    options_for,
    render_blocks,
    render_inline,
)
from dossier.pages.crossref import Facts
from dossier.pages.head import PageSeo, document_citations, document_cite, document_seo
from dossier.pages.pagination import page_path, pager
from dossier.urls import doc_title, doc_url, entity_url, event_url, root_prefix, theme_url


class DocumentCard(TypedDict):
    """One document in a list of documents (the home page, the pager between documents)."""

    slug: str
    source: str  # the seed file
    meta: DocMeta
    title: str
    date: str  # as shown
    path: str  # the document's page, from the site root
    summary: list[str]  # authors, publisher, date, genre, "excerpts only"


class DocumentPage(DocumentCard):
    """The page showing one source document."""

    precision: str  # "month only", … ("" for a day)
    excerpt: bool  # excerpts only, for rights
    sections: dict[str, Markup]  # standfirst, abstract, body, footnotes, references, …
    titles: dict[str, Markup]  # of the footnotes and references
    url_is_safe: bool
    rights: str
    cite: dict[str, str]  # the Chicago text and the citation files
    numbers: str  # "p-abc=1 p-def=2 …": passage numbers, for search results (Pagefind meta)
    seo: PageSeo
    themes: list[dict[str, Any]]  # its themes, with passage counts
    related: list[dict[str, Any]]  # related documents


class HomePage(TypedDict):
    """One page of the home page's list of documents."""

    path: str
    documents: list[DocumentCard]  # this page's share
    first: int  # counted from 1 over the whole list
    last: int
    pager: dict[str, Any] | None  # None: the list fits on one page


def first_mentions(facts: Facts, doc: Document, root: str
                   ) -> dict[str, tuple[tuple[int, int, str], ...]]:
    """Passage id -> (start, end, href) of the first mention of each entity there. Entries
    of the reference list get none: a bibliography entry names authors, publishers and
    places as a source's details, not as the subject (its entity page lists them apart)."""
    out: dict[str, tuple[tuple[int, int, str], ...]] = {}
    for block in doc.passages:
        if block.kind == "reference":
            continue
        seen: set[str] = set()
        links = []
        for m in facts.mentions_at(f"{doc.slug}#{block.id}"):
            if m.entity in seen or m.entity not in facts.entities or m.part != "text":
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


INDEX_SAVE_AS = "index.html"
DOCUMENTS_PER_PAGE = 100  # on the home page's document list

_PRECISION = {
    "day": "",
    "month": "month only",
    "year": "year only",
    "range": "date range",
}


def home_pages(documents: Sequence[DocumentCard], per_page: int | None = None
               ) -> list[HomePage]:
    """The home page's document list in pages of :data:`DOCUMENTS_PER_PAGE`: page 1 is
    ``index.html`` (with the essays, themes and open data), later ones ``page/<n>/index.html``
    (the document list alone). One page, and no pager, up to that many documents."""
    per_page = per_page or DOCUMENTS_PER_PAGE
    count = max(1, -(-len(documents) // per_page))
    out: list[HomePage] = []
    for n in range(1, count + 1):
        chunk = list(documents[(n - 1) * per_page:n * per_page])
        first = (n - 1) * per_page + 1
        out.append({"path": page_path(INDEX_SAVE_AS, n), "documents": chunk, "first": first,
                    "last": first + len(chunk) - 1, "pager": pager(INDEX_SAVE_AS, n, count)})
    return out


def origin(meta: DocMeta) -> str:
    """Who the text comes from, for the rights line."""
    if meta.publisher:
        return meta.publisher
    host = urlsplit(meta.url).hostname if is_safe_url(meta.url) else None
    return host or "an unidentified source"


#: The heading the page gives a section without one of its own.
SECTION_TITLES = {"abstract": "Abstract", "footnotes": "Notes", "references": "References",
                  "bio": "About the author", "comments": "Reader comments"}


def _titled(blocks: tuple[Block, ...], default: str, opts: RenderOptions
            ) -> tuple[Markup, Markup, tuple[Block, ...]]:
    """A section's own leading heading ("References") becomes the section title."""
    if blocks and blocks[0].kind == "heading":
        head = blocks[0]
        anchor = Markup('<span class="alias" id="%s"></span>') % head.id if head.id else Markup()
        return render_inline(head.text, head.spans, opts), anchor, blocks[1:]
    return Markup(default), Markup(), blocks


def display_date(meta: DocMeta) -> str:
    """ISO dates as given; a range ``A/B`` shown as ``A – B``."""
    return " – ".join(p.strip() for p in meta.date.split("/")) if meta.date else ""


def document_view(doc: Document, facts: Facts | None = None,
                  cited_in: Mapping[str, Sequence[tuple[str, str]]] | None = None, *,
                  site: tuple[str, str] = ("", "")) -> DocumentPage:
    """Everything a document template needs; HTML parts are already Markup.

    With ``facts`` (the documentary layer), passages show their themes, citing events and
    citing essays (``cited_in``), entity mentions link to entity pages, and the page lists
    related documents."""
    meta = doc.meta
    opts = options_for(doc.blocks, meta)
    opts = replace(opts, citations=document_citations(doc, *site))  # "Cite this passage"
    root = root_prefix(doc_url(doc.slug))
    extras: dict[str, Any] = {"themes": [], "related": []}
    if facts is not None:
        opts = replace(opts, mentions=first_mentions(facts, doc, root),
                       notes=passage_notes(facts, doc, root, cited_in))
        extras = document_extras(facts, doc)
    sections: dict[str, Markup] = {}
    titles: dict[str, Markup] = {}
    for name in ("standfirst", "abstract", "body"):
        sections[name] = render_blocks(doc.section(name), opts)
    for name in ("footnotes", "references"):
        title, anchor, blocks = _titled(doc.section(name), SECTION_TITLES[name], opts)
        titles[name] = title
        body = render_blocks(blocks, opts, heading_level=3)
        sections[name] = anchor + body if blocks else Markup()
    for name in ("bio", "comments"):  # asides: their own headings go one level down
        sections[name] = render_blocks(doc.section(name), opts, heading_level=3)
    rights = meta.rights.strip()
    if not rights.lower().startswith("third-party"):
        rights = f"Third-party text, reproduced from {origin(meta)}. {rights}".strip()
    return {
        **document_card(doc),
        "precision": _PRECISION.get(meta.date_precision, meta.date_precision),
        "excerpt": meta.mode == "excerpts",
        "sections": sections,
        "titles": titles,
        "url_is_safe": is_safe_url(meta.url),
        "rights": rights,
        "cite": document_cite(doc, *site),
        "numbers": " ".join(f"{b.id}={b.number}" for b in doc.passages if b.number),
        "seo": document_seo(doc, site[0]),
        **extras,
    }


def document_card(doc: Document) -> DocumentCard:
    """What lists of documents show (the home page, the pager between documents): cheap,
    nothing rendered. :func:`document_view` is this and the rendered page."""
    meta = doc.meta
    summary = [", ".join(meta.authors), meta.publisher, display_date(meta), meta.genre,
               "excerpts only" if meta.mode == "excerpts" else ""]
    return {
        "slug": doc.slug,
        "source": doc.source,
        "meta": meta,
        "title": meta.title or doc.slug,
        "date": display_date(meta),
        "path": doc_url(doc.slug),
        "summary": [s for s in summary if s],
    }
