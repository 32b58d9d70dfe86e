"""Pelican plugin: one page per source document, the home page, the documentary
layer (theme pages, entity pages, the timeline, the build report and the open data), and
the essays (their pages, index and Atom feeds: :mod:`dossier.essays.render`).

Loaded by Pelican as ``dossier.build.pelican`` (see ``PLUGINS`` in pelicanconf.py).
The :class:`DossierGenerator` is added through the ``get_generators`` signal.
Receivers are module-level functions: Pelican's signals hold weak references.

The corpus comes from ``settings["DOSSIER_CORPUS"]`` when the caller (the CLI)
has already run the pipeline, otherwise from ``dossier.ingest.corpus.build_corpus``; the
documentary layer likewise from ``settings["DOSSIER_DOCUMENTARY"]``, otherwise from
``dossier.documentary.assemble.build_documentary``; the essays from ``settings["DOSSIER_ESSAYS"]``,
otherwise from ``dossier.essays.render.load`` (which reads ``content/essays/``).
Templates receive ready-made, already-escaped :class:`~markupsafe.Markup` from
:mod:`dossier.pages.blocks`; seed text is never handed to Markdown or Jinja as source.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator
from pelican.writers import Writer

from dossier.documentary import assemble as documentary_layer
from dossier.essays import render as essaypages
from dossier.ingest import corpus as pipeline
from dossier.model import Block, Corpus, DocMeta, Document, Documentary
from dossier.pages import opendata as export
from dossier.pages.blocks import (
    RenderOptions,
    is_safe_url,
    options_for,
    render_blocks,
    render_inline,
)
from dossier.pages.crossref import Facts
from dossier.pages.document import document_extras, first_mentions, passage_notes
from dossier.pages.entities import entities_index_view, entity_pages
from dossier.pages.head import (
    collection_seo,
    document_citations,
    document_cite,
    document_seo,
    entity_seo,
    essay_seo,
    settings_site,
    timeline_seo,
    write_cite_files,
)
from dossier.pages.pagination import page_path, pager
from dossier.pages.report import report_view
from dossier.pages.themes import theme_pages, theme_summary, themes_index_view
from dossier.pages.timeline import timeline_view
from dossier.urls import (
    ENTITIES_INDEX,
    ESSAYS_INDEX,
    REPORT,
    THEMES_INDEX,
    TIMELINE,
    passage_url,
    theme_feed,
)
from dossier.util import workers as forking

DOC_SAVE_AS = "documents/{slug}/index.html"
INDEX_SAVE_AS = "index.html"
DOCUMENTS_PER_PAGE = 100  # on the home page's document list
PARALLEL_DOCUMENTS = 200  # from this many documents on, pages are written on all cores

_PRECISION = {
    "day": "",
    "month": "month only",
    "year": "year only",
    "range": "date range",
}


def home_pages(documents: Sequence[Mapping[str, Any]], per_page: int | None = None
               ) -> list[dict[str, Any]]:
    """The home page's document list in pages of :data:`DOCUMENTS_PER_PAGE`: page 1 is
    ``index.html`` (with the essays, themes and open data), later ones ``page/<n>/index.html``
    (the document list alone). One page, and no pager, up to that many documents."""
    per_page = per_page or DOCUMENTS_PER_PAGE
    count = max(1, -(-len(documents) // per_page))
    out = []
    for n in range(1, count + 1):
        chunk = list(documents[(n - 1) * per_page:n * per_page])
        first = (n - 1) * per_page + 1
        out.append({"path": page_path(INDEX_SAVE_AS, n), "documents": chunk, "first": first,
                    "last": first + len(chunk) - 1, "pager": pager(INDEX_SAVE_AS, n, count)})
    return out


def doc_path(slug: str) -> str:
    """Where a document's page is written, relative to the site root."""
    return DOC_SAVE_AS.format(slug=slug)


def root_prefix(save_as: str) -> str:
    """Relative path from the page ``save_as`` back to the site root ("" or "../../")."""
    return "../" * save_as.count("/")


def origin(meta: DocMeta) -> str:
    """Who the text comes from, for the rights line."""
    if meta.publisher:
        return meta.publisher
    host = urlsplit(meta.url).hostname if is_safe_url(meta.url) else None
    return host or "an unidentified source"


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
                  site: tuple[str, str] = ("", "")) -> dict[str, Any]:
    """Everything a document template needs; HTML parts are already Markup.

    With ``facts`` (the documentary layer), passages show their themes, citing events and
    citing essays (``cited_in``), entity mentions link to entity pages, and the page lists
    related documents."""
    meta = doc.meta
    opts = options_for(doc.blocks, meta)
    opts = replace(opts, citations=document_citations(doc, *site))  # "Cite this passage"
    root = root_prefix(doc_path(doc.slug))
    extras: dict[str, Any] = {"themes": [], "related": []}
    if facts is not None:
        opts = replace(opts, mentions=first_mentions(facts, doc, root),
                       notes=passage_notes(facts, doc, root, cited_in))
        extras = document_extras(facts, doc)
    sections: dict[str, Markup] = {}
    titles: dict[str, Markup] = {}
    for name in ("standfirst", "abstract", "body"):
        sections[name] = render_blocks(doc.section(name), opts)
    for name, default in (("footnotes", "Notes"), ("references", "References")):
        title, anchor, blocks = _titled(doc.section(name), default, opts)
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
        "seo": document_seo(doc, site[0]),
        **extras,
    }


def document_card(doc: Document) -> dict[str, Any]:
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
        "path": doc_path(doc.slug),
        "summary": [s for s in summary if s],
    }


class DossierGenerator(Generator):
    """Renders the corpus and the documentary layer, in this order: ``index.html``,
    ``documents/<slug>/index.html``, ``themes/``, ``entities/``, ``timeline/``,
    ``report/``, the open data in ``data/``, then ``essays/`` and ``feeds/``.

    A theme's passages and an entity's mentions are paginated (:mod:`dossier.pages.pagination`):
    page 1 keeps the page's address, later pages are ``<page folder>/page/<n>/index.html``."""

    def generate_context(self) -> None:
        root = Path(self.settings["DOSSIER_ROOT"])
        corpus = self.settings.get("DOSSIER_CORPUS")
        if corpus is None:
            corpus = pipeline.build_corpus(root)
        if not isinstance(corpus, Corpus):
            raise TypeError("DOSSIER_CORPUS must be a dossier.model.Corpus")
        dossier = self.settings.get("DOSSIER_DOCUMENTARY")
        if dossier is None:
            dossier = documentary_layer.build_documentary(root, corpus)
        if not isinstance(dossier, Documentary):
            raise TypeError("DOSSIER_DOCUMENTARY must be a dossier.model.Documentary")
        self.facts = Facts(dossier)
        self.site = settings_site(self.settings)  # (site URL, site name)
        essays = self.settings.get("DOSSIER_ESSAYS")
        if essays is None:
            essays = essaypages.load(root, dossier)
        if not isinstance(essays, essaypages.EssaySet):
            raise TypeError("DOSSIER_ESSAYS must be a dossier.essays.render.EssaySet")
        self._set_essays(essays, essaypages.render_all(essays))
        # Full document views are built as each page is written (_write_documents), on
        # all cores for a large corpus; lists need only the cards.
        self.cards = [document_card(d) for d in self.facts.documents]
        self.context["dossier_documents"] = self.cards
        self.theme_summaries = [theme_summary(self.facts, s) for s in self.facts.themes]
        keep = self.settings.get("DOSSIER_KEEP")
        if isinstance(keep, list):  # a warm builder keeps this generator (build.incremental)
            keep.append(self)

    def _write(self, writer, save_as: str, template: str, **values: Any) -> None:
        values.setdefault("seo", self.page_seo(save_as, template, values))
        writer.write_file(
            save_as, self.get_template(template), self.context,
            relative_urls=False, root=root_prefix(save_as), page_path=save_as,
            BUILD_DATE=self.settings.get("BUILD_DATE", ""), **values,
        )

    def page_seo(self, save_as: str, template: str, values: dict[str, Any]) -> dict[str, Any]:
        """OpenGraph, JSON-LD and meta tags of a page (see :mod:`dossier.pages.head`)."""
        url, name = self.site
        subtitle = str(self.settings.get("SITESUBTITLE", ""))
        if template == "document":
            return values["doc"]["seo"]
        listing = values.get("theme") or values.get("entity")
        if template in ("theme", "entity") and listing["page"] > 1:  # a later page: a list
            return collection_seo(url, title=f"{listing.get('title') or listing['name']} "
                                  f"(page {listing['page']} of {listing['pages']})",
                                  path=save_as,
                                  description=listing.get("summary")
                                  or listing.get("description") or "")
        if template == "entity":
            return entity_seo(self.facts.entities[values["entity"]["id"]], url)
        if template == "timeline":
            return timeline_seo(self.facts.events, url, "Timeline",
                                f"Dated events of {name}, with the passages that attest them.")
        if template == "essay":
            view = values["essay"]
            essay = next(e for e in self.essays.published if e.slug == view["slug"])
            cited = [passage_url(c.ref)
                     for c in essay.citations]
            return essay_seo(url, title=view["title"], path=save_as, date=view["date"],
                             authors=view["authors"], cited=cited,
                             description=view.get("summary") or "")
        if template == "theme":
            view = values["theme"]
            return collection_seo(url, title=view["title"], path=save_as,
                                  description=view.get("summary") or "")
        if template == "index":
            pg = values["listing"]["pager"]
            if pg and pg["number"] > 1:
                return collection_seo(url, path=save_as, description=subtitle,
                                      title=f"{name}: documents (page {pg['number']} of "
                                            f"{pg['count']})")
            return collection_seo(url, title=name, path=save_as, description=subtitle,
                                  kind="WebSite")
        titles = {"themes": "Themes", "entities": "People, organisations and places",
                  "essays": "Essays", "report": "Build report"}
        return collection_seo(url, title=titles.get(template, name), path=save_as,
                              description=subtitle)

    def generate_output(self, writer) -> None:
        facts = self.facts
        for listing in home_pages(self.cards):  # index.html, then page/<n>/index.html
            self._write_home(writer, listing)
        self._write(writer, THEMES_INDEX, "themes", view=themes_index_view(facts))
        self._write(writer, ENTITIES_INDEX, "entities", view=entities_index_view(facts))
        # The theme pages, entity pages and document pages: on all cores for a large corpus.
        self._write_pages(writer, [("theme", slug) for slug in facts.themes]
                          + [("entity", e) for e in facts.entities]
                          + [("document", i) for i in range(len(self.cards))])
        self._write(writer, TIMELINE, "timeline", view=timeline_view(facts))
        root = Path(self.settings["DOSSIER_ROOT"])
        self._write(writer, REPORT, "report", view=report_view(facts, root),
                    data_files=export.catalogue())
        export.write(facts, Path(self.output_path))
        for d in facts.documents:  # documents/<slug>/cite.bib and cite.json
            write_cite_files(d, Path(self.output_path), self.site[0])
        self._write_essays(writer, Path(self.output_path))

    # Essays are shown on the first page of a listing only (the home page, a theme's, an
    # entity's): later pages are given none, so that they do not depend on the essays and a
    # warm rebuild after an essay edit (rewrite_essays) can leave them alone.
    def _write_home(self, writer, listing: dict[str, Any]) -> None:
        first = listing["pager"] is None or listing["pager"]["number"] == 1
        es = self.essays
        self._write(writer, listing["path"], "index", documents=self.cards,
                    listing=listing, themes=self.theme_summaries,
                    data_files=export.catalogue(),
                    essays=essaypages.home_essays(es) if first else [],
                    essay_count=len(es.listed) if first else 0)

    def _write_theme(self, writer, slug: str, view: dict[str, Any]) -> None:
        essays = essaypages.theme_essays(self.essays, slug) if view["page"] == 1 else []
        self._write(writer, view["path"], "theme",
                    theme={**view, "essays": essays, "feed": theme_feed(slug)})

    def _write_entity(self, writer, entity_id: str, view: dict[str, Any]) -> None:
        essays = self.entity_essays.get(entity_id, []) if view["page"] == 1 else []
        self._write(writer, view["path"], "entity", entity={**view, "essays": essays})

    def _write_document(self, writer, i: int) -> None:
        cards = self.cards
        doc = document_view(self.facts.documents[i], self.facts, self.cited_in, site=self.site)
        self._write(writer, doc["path"], "document", documents=cards, doc=doc,
                    previous=cards[i - 1] if i > 0 else None,
                    next=cards[i + 1] if i + 1 < len(cards) else None)

    def _write_page(self, writer, task: tuple[str, Any]) -> None:
        """One task of :meth:`_write_pages`: a theme's pages, an entity's pages or a
        document's page."""
        kind, key = task
        if kind == "theme":  # themes/<slug>/index.html, then page/<n>/index.html
            for view in theme_pages(self.facts, key):
                self._write_theme(writer, key, view)
        elif kind == "entity":  # likewise entities/<id>/…
            for view in entity_pages(self.facts, key):
                self._write_entity(writer, key, view)
        else:
            self._write_document(writer, key)

    def _write_pages(self, writer, tasks: list[tuple[str, Any]]) -> None:
        """Write the pages of ``tasks``. From :data:`PARALLEL_DOCUMENTS` documents on, they
        are shared out to forked workers, one per core (:mod:`dossier.util.workers`): each builds
        and writes its own pages (nothing comes back but a count), so the output is the
        same as written in order here, which is what happens elsewhere (few documents, one
        core, no fork)."""
        count = forking.workers()
        if len(self.cards) < PARALLEL_DOCUMENTS or count < 2:
            for task in tasks:
                self._write_page(writer, task)
            return

        def write(batch: tuple[int, int]) -> int:
            for task in tasks[batch[0]:batch[1]]:
                self._write_page(writer, task)
            return batch[1] - batch[0]

        # The big tasks (themes, entities) first and one at a time, then documents sixteen
        # at a time: the cores stay evenly busy.
        big = sum(1 for kind, _ in tasks if kind != "document")
        batches = [(i, i + 1) for i in range(big)] + [
            (i, min(i + 16, len(tasks))) for i in range(big, len(tasks), 16)]
        done = sum(forking.fork_map(write, batches, count))
        if done != len(tasks):
            raise RuntimeError(f"pages: {done} tasks done, {len(tasks)} expected")

    def _write_essays(self, writer, output: Path) -> None:
        """Essay pages, the essays index, the Atom feeds, and the essays' images (the
        writer writes into ``output``)."""
        es = self.essays
        for essay in es.published:
            view = essaypages.essay_view(es, essay, self.rendered[essay.slug])
            self._write(writer, essay.save_as, "essay", essay=view)
        self._write(writer, ESSAYS_INDEX, "essays",
                    view=essaypages.essays_index_view(es))
        essaypages.write_feeds(es, self.rendered, output, self.settings.get("SITEURL", ""),
                               self.settings.get("SITENAME", ""))
        essaypages.copy_images(es, Path(self.settings["DOSSIER_ROOT"]) / "content", output)

    # ------------------------------------------------------------------ warm rebuilds
    def rewrite_essays(self, essays: essaypages.EssaySet, staging: Path) -> None:
        """A warm rebuild after an edit to the essays only (:mod:`dossier.build.incremental`): make
        ``essays`` this site's essays and write into ``staging`` every file whose inputs
        include them and changed: all the essays' own files (pages, index, feeds, images),
        the first home page, and the first page of each theme and entity whose list of
        essays changed, and the page of each source document whose "cited in" notes
        changed. Everything else is as the last full build wrote it. :meth:`undo_essays`
        goes back to the essays before."""
        facts, old = self.facts, self.essays
        old_entities, old_cited = self.entity_essays, self.cited_in
        self._undo = (self.essays, self.rendered)
        self._set_essays(essays, essaypages.render_all(essays, (old, self.rendered)))
        themes = [s for s in facts.themes
                  if essaypages.theme_essays(old, s) != essaypages.theme_essays(essays, s)]
        entities = [e for e in facts.entities
                    if old_entities.get(e) != self.entity_essays.get(e)]
        before, after = _cited_by_document(old_cited), _cited_by_document(self.cited_in)
        documents = [i for i, d in enumerate(facts.documents)
                     if before.get(d.slug) != after.get(d.slug)]
        writer = Writer(str(staging), settings=self.settings)
        self._write_home(writer, home_pages(self.cards)[0])
        for slug in themes:
            self._write_theme(writer, slug, theme_pages(facts, slug, count=1)[0])
        for entity_id in entities:
            self._write_entity(writer, entity_id, entity_pages(facts, entity_id, count=1)[0])
        for i in documents:
            self._write_document(writer, i)
        self._write_essays(writer, staging)

    def undo_essays(self) -> None:
        """Back to the essays before the last :meth:`rewrite_essays` (if not committed)."""
        undo, self._undo = getattr(self, "_undo", None), None
        if undo is not None:
            self._set_essays(*undo)

    def commit_essays(self) -> None:
        """The essays of the last :meth:`rewrite_essays` are published: no way back."""
        self._undo = None

    def _set_essays(self, essays: essaypages.EssaySet,
                    rendered: dict[str, essaypages.Rendered]) -> None:
        """The essays, rendered, and what the other pages show of them."""
        self.essays, self.rendered = essays, rendered
        self.cited_in = essaypages.cited_in(essays, rendered)
        self.entity_essays = essaypages.essays_by_entity(essays, self.facts.passage_entities)


def _cited_by_document(cited: Mapping[str, Any]) -> dict[str, list[tuple[str, Any]]]:
    """``"doc#passage" -> notes`` grouped by document slug."""
    out: dict[str, list[tuple[str, Any]]] = {}
    for key in sorted(cited):
        out.setdefault(key.partition("#")[0], []).append((key, cited[key]))
    return out


def get_generators(pelican_object) -> type[Generator]:
    return DossierGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
