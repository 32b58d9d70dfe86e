"""The only Pelican glue: how Pelican is run, and the generator that writes every page.

:func:`site_settings` reads ``pelicanconf.py``; :func:`run_pelican` runs Pelican with them and
hands the generator what it renders, a :class:`SiteInputs` built beforehand by
:mod:`dossier.build.site`, explicitly: the generator never runs the pipeline itself, and
nothing travels through Pelican's settings. No ``PLUGINS`` entry either: for each run,
:func:`run_pelican` makes a subclass of :class:`DossierGenerator` bound to that run's inputs,
answers Pelican's ``get_generators`` signal with it, and disconnects afterwards (the signal
holds its receivers weakly: the receiver is kept alive by the run itself). It returns the
generator, which the warm builder (:mod:`dossier.build.incremental`) keeps for its rebuilds.

Beside it: :mod:`dossier.build.pelican_settings` (the settings, the templates' environment and
the site key every page's key includes), and two mixins of the generator:
:mod:`dossier.build.pagetasks` (the page tasks and the reuse of the last output) and
:mod:`dossier.build.pelican_essays` (the essays' files and the warm essay rebuilds).

The generator writes one page per source document, the home page, the documentary layer
(theme pages, entity pages, the timeline, the build report and the open data), and the
essays (their pages, index and Atom feeds: :mod:`dossier.essays.render`). Templates receive
ready-made, already-escaped :class:`~markupsafe.Markup` from :mod:`dossier.pages`; seed text
is never handed to Markdown or Jinja as source. :func:`site_templates` is the one Jinja
environment of the site, built from the settings: the generator's, and the search pages'.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pelican import Pelican, signals
from pelican.generators import Generator

from dossier.build.essaybuild import Listing
from dossier.build.pagetasks import OPEN_DATA, PageTasks, Previous, SiteInputs
from dossier.build.pelican_essays import EssayPages
from dossier.build.pelican_settings import (
    SETTINGS_FILE,
    _quiet_pelican,
    site_key,
    site_settings,
    site_templates,
    template_context,
)
from dossier.essays.render import render_all
from dossier.model import Diagnostic, Document
from dossier.pages import opendata as export
from dossier.pages.crossref import Facts
from dossier.pages.document import (
    HomePage,
    document_card,
    document_view,
    home_pages,
)
from dossier.pages.entities import EntityPage, entities_index_view
from dossier.pages.essays import (
    home_essays,
    theme_essays,
)
from dossier.pages.head import (
    BIB_FILE,
    CSL_FILE,
    PageSeo,
    collection_seo,
    entity_seo,
    home_seo,
    later_page_seo,
    settings_site,
    timeline_seo,
    write_cite_files,
)
from dossier.pages.inputs import Digests
from dossier.pages.themes import (
    ThemePage,
    theme_summary,
    themes_index_view,
)
from dossier.pages.timeline import timeline_view
from dossier.urls import (
    ENTITIES_INDEX,
    REPORT,
    THEMES_INDEX,
    TIMELINE,
    doc_url,
    root_prefix,
    theme_feed,
)
from dossier.util.cache import (
    Cache,
    Memo,
    default_cache_dir,
    make_key,
    value_bytes,
)

__all__ = [  # the settings and the page tasks are re-exported: callers name this module
    "DossierGenerator", "PelicanRun", "Previous", "SiteInputs", "run_pelican", "site_settings",
    "site_templates", "template_context",
]

# The cache entry holding each document's lines of data/passages.jsonl (see _write_open_data)
PASSAGE_LINES = make_key("passage lines")


@dataclass
class PelicanRun:
    """One Pelican run: its warnings and errors as diagnostics, and the generator (None if
    Pelican failed before making it)."""

    generator: DossierGenerator | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def run_pelican(settings: Mapping[str, Any], output: Path, inputs: SiteInputs) -> PelicanRun:
    """Run Pelican with ``settings`` into ``output``, its generator rendering ``inputs``;
    Pelican's warnings and errors become diagnostics."""
    if inputs.resume is not None:
        return PelicanRun(_essays_only(settings, output, inputs))
    made: list[DossierGenerator] = []

    class RunGenerator(DossierGenerator):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, inputs=inputs, **kwargs)
            made.append(self)

    def get_generators(pelican_object: Pelican) -> type[Generator]:
        return RunGenerator

    run_settings = copy.deepcopy(dict(settings))  # Pelican changes some as it runs
    run_settings["OUTPUT_PATH"] = str(output)
    with _quiet_pelican() as collected:
        pelican = Pelican(run_settings)
        signals.get_generators.connect(get_generators, sender=pelican)
        try:
            pelican.run()
        finally:
            signals.get_generators.disconnect(get_generators, sender=pelican)
    found = []
    for rec in collected.records:
        severity = "error" if rec.levelno >= logging.ERROR else "warning"
        found.append(Diagnostic("pelican", 0, rec.getMessage(), "", severity=severity))
    return PelicanRun(made[-1] if made else None, found)


def _essays_only(settings: Mapping[str, Any], output: Path,
                 inputs: SiteInputs) -> DossierGenerator:
    """The generator of the build that kept ``inputs.resume``, made without running Pelican
    (whose other generators read nothing of this site's content), writing into ``output``
    the essays' files if only they changed (its ``edit`` says: see
    :mod:`dossier.build.essaybuild`). Its context is the one Pelican's run starts with."""
    run_settings = copy.deepcopy(dict(settings))
    run_settings["OUTPUT_PATH"] = str(output)
    context = {**run_settings, "generated_content": {}, "static_links": set(),
               "static_content": {}, "localsiteurl": run_settings["SITEURL"]}
    with _quiet_pelican():
        gen = DossierGenerator(context=context, settings=run_settings,
                               path=run_settings["PATH"], theme=run_settings["THEME"],
                               output_path=str(output), inputs=inputs)
    gen.resume(inputs.resume)
    gen.edit = gen.take_essays(inputs.essays)
    if gen.edit.essays_only:
        gen.write_essay_edit(gen.edit, output)
    return gen


class DossierGenerator(EssayPages, PageTasks, Generator):
    """Renders the corpus and the documentary layer, in this order: ``index.html``,
    ``documents/<slug>/index.html``, ``themes/``, ``entities/``, ``timeline/``,
    ``report/``, the open data in ``data/``, then ``essays/`` and ``feeds/``.

    A theme's passages and an entity's mentions are paginated (:mod:`dossier.pages.pagination`):
    page 1 keeps the page's address, later pages are ``<page folder>/page/<n>/index.html``."""

    inputs: SiteInputs  # given by run_pelican, as a keyword argument Generator sets

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env = site_templates(self.settings)  # the site's one environment
        self._templates = {}
        self.site_key = site_key(self.settings, self.inputs.root / SETTINGS_FILE)
        # (page, key, kept) of each page written by _write, in order: kept if it was
        # linked from the previous output instead of rendered
        self.written: list[tuple[str, str, bool]] = []
        # task -> (key of its inputs, the pages it wrote), of each task of _write_pages
        self.tasks: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._digests: Digests | None = None
        # each theme's quotes of its last build, kept across builds (see _quote_memo)
        self._quote_cache = Cache(default_cache_dir(self.inputs.root), "quotes")

    def generate_context(self) -> None:
        self.facts = facts = Facts(self.inputs.dossier)
        self.listing = Listing(tuple(facts.themes), tuple(facts.entities),
                               tuple(d.slug for d in facts.documents), facts.passage_entities)
        self.site = settings_site(self.settings)  # (site URL, site name)
        self._set_essays(self.inputs.essays, render_all(self.inputs.essays))
        # Full document views are built as each page is written (_write_documents), on
        # all cores for a large corpus; lists need only the cards.
        self.cards = [document_card(d) for d in self.facts.documents]
        self.theme_summaries = [theme_summary(self.facts, s) for s in self.facts.themes]

    def _write(self, writer, save_as: str, template: str, seo: PageSeo, **values: Any) -> None:
        """Write the page ``save_as`` from ``template`` with its head's ``seo`` (each kind of
        page makes its own: :mod:`dossier.pages.head`) and the page's own ``values``.

        The page's key is the digest of all that and :attr:`site_key`: what the page shows.
        If the previous output has this page with the same key, untouched since, it is
        linked (or copied) from there instead of rendered."""
        key = make_key(self.site_key, save_as, template,
                       value_bytes((seo, values)))
        target = Path(writer.output_path) / save_as
        if self._keep(save_as, key, target):
            self.written.append((save_as, key, True))
            return
        self.written.append((save_as, key, False))
        writer.write_file(
            save_as, self.get_template(template), self.context,
            relative_urls=False, root=root_prefix(save_as), page_path=save_as,
            BUILD_DATE=self.settings.get("BUILD_DATE", ""), seo=seo, **values,
        )


    def _index_seo(self, title: str, path: str) -> PageSeo:
        """An index page (themes, entities, essays, the report): a collection."""
        return collection_seo(self.site[0], title=title, path=path,
                              description=str(self.settings.get("SITESUBTITLE", "")))

    def generate_output(self, writer) -> None:
        facts = self.facts
        for listing in home_pages(self.cards):  # index.html, then page/<n>/index.html
            self._write_home(writer, listing)
        self._write(writer, THEMES_INDEX, "themes", self._index_seo("Themes", THEMES_INDEX),
                    view=themes_index_view(facts))
        self._write(writer, ENTITIES_INDEX, "entities",
                    self._index_seo("People, organisations, places, projects and agreements",
                                    ENTITIES_INDEX),
                    view=entities_index_view(facts))
        # The theme pages, entity pages and document pages: on all cores for a large corpus.
        self._write_pages(writer, [("theme", slug) for slug in facts.themes]
                          + [("entity", e) for e in facts.entities]
                          + [("document", i) for i in range(len(self.cards))])
        url, name = self.site
        # (imported here: the report needs the classifier, and numpy, which an essays-only
        # build, writing no report, never loads)
        from dossier.pages.report import report_view

        self._write(writer, TIMELINE, "timeline",
                    timeline_seo(facts.events, url, "Timeline",
                                 f"Dated events of {name}, with the passages that attest them."),
                    view=timeline_view(facts))
        self._write(writer, REPORT, "report", self._index_seo("Build report", REPORT),
                    view=report_view(facts, self.inputs.root),
                    data_files=export.catalogue())
        self._write_open_data(Path(self.output_path))
        for d in facts.documents:  # documents/<slug>/cite.bib and cite.json
            self._write_cite_files(d, Path(self.output_path))
        self._write_essays(writer, Path(self.output_path))

    def _write_open_data(self, output: Path) -> None:
        """The open data (``data/``), a task keyed by every document's digest, the registry
        and the schemas: kept from the last output when none changed (an essay edit)."""
        dg = self._inputs()
        key = make_key(self.site_key, "open data", dg.registry, export.schema_bytes(),
                       value_bytes([(d.slug, dg.documents[d.slug].whole)
                                    for d in self.facts.documents]))
        if self._keep_task(OPEN_DATA, key, output):
            return
        # Each document's lines of passages.jsonl (most of the data) are kept across builds
        # by the document's digest, the registry and the code (site_key): a seed edit
        # makes one document's lines again, not the whole corpus's.
        memo = Memo(Cache(default_cache_dir(self.inputs.root), "open-data"), PASSAGE_LINES)

        def lines(facts: Facts, doc: Document) -> str:
            return memo.get(make_key(self.site_key, dg.registry, dg.documents[doc.slug].whole),
                            lambda: export.passage_lines(facts, doc))

        files = tuple(export.write(self.facts, output, lines))
        memo.save()
        self.written.extend((rel, key, False) for rel in files)
        self.tasks[OPEN_DATA] = (key, files)

    def _write_cite_files(self, doc: Document, output: Path) -> None:
        """A document's citation files, keyed like a page by the document's digest: kept
        from the last output when it has not changed (both files, or neither)."""
        key = make_key(self.site_key, "cite files", self._inputs().documents[doc.slug].whole)
        folder = PurePosixPath(doc_url(doc.slug)).parent
        files = [str(folder / BIB_FILE), str(folder / CSL_FILE)]
        kept = all(self._keepable(rel, key) for rel in files)
        if kept:
            for rel in files:
                self._keep(rel, key, output / rel)
        else:
            write_cite_files(doc, output, self.site[0])
        self.written.extend((rel, key, kept) for rel in files)

    # Essays are shown on the first page of a listing only (the home page, a theme's, an
    # entity's): later pages are given none, so that they do not depend on the essays and a
    # warm rebuild after an essay edit (rewrite_essays) can leave them alone.
    def _write_home(self, writer, listing: HomePage) -> None:
        first = listing["pager"] is None or listing["pager"]["number"] == 1
        es = self.essays
        page, pages = (1, 1) if listing["pager"] is None else (
            listing["pager"]["number"], listing["pager"]["count"])
        seo = home_seo(self.site[0], sitename=self.site[1], path=listing["path"], page=page,
                       pages=pages, subtitle=str(self.settings.get("SITESUBTITLE", "")))
        # A later page shows the document list alone: what page 1 alone shows is left out
        # of it, and so of its key (a theme's count changing renders page 1 only).
        self._write(writer, listing["path"], "index", seo, document_count=len(self.cards),
                    listing=listing, themes=self.theme_summaries if first else [],
                    data_files=export.catalogue() if first else [],
                    essays=home_essays(es) if first else [],
                    essay_count=len(es.listed) if first else 0)

    def _write_theme(self, writer, slug: str, view: ThemePage) -> None:
        essays = theme_essays(self.essays, slug) if view["front"] else []
        if view["page"] > 1:
            seo = later_page_seo(self.site[0], title=view["title"], path=view["path"],
                                 description=view["summary"] or "", page=view["page"],
                                 pages=view["pages"])
        else:
            seo = collection_seo(self.site[0], title=view["title"], path=view["path"],
                                 description=view["summary"] or "")
        self._write(writer, view["path"], "theme", seo,
                    theme={**view, "essays": essays, "feed": theme_feed(slug)})

    def _write_entity(self, writer, entity_id: str, view: EntityPage) -> None:
        essays = self.entity_essays.get(entity_id, []) if view["page"] == 1 else []
        if view["page"] > 1:
            seo = later_page_seo(self.site[0], title=view["name"], path=view["path"],
                                 description=view["description"] or "", page=view["page"],
                                 pages=view["pages"])
        else:
            seo = entity_seo(self.facts.entities[entity_id], self.site[0])
        self._write(writer, view["path"], "entity", seo, entity={**view, "essays": essays})

    def _write_document(self, writer, i: int) -> None:
        cards = self.cards
        doc = document_view(self.facts.documents[i], self.facts, self.cited_in, site=self.site)
        self._write(writer, doc["path"], "document", doc["seo"], doc=doc,
                    previous=cards[i - 1] if i > 0 else None,
                    next=cards[i + 1] if i + 1 < len(cards) else None)
