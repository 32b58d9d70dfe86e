"""The only Pelican glue: how Pelican is run, and the generator that writes every page.

:func:`site_settings` reads ``pelicanconf.py``; :func:`run_pelican` runs Pelican with them and
hands the generator what it renders, a :class:`SiteInputs` built beforehand by
:mod:`dossier.build.site`, explicitly: the generator never runs the pipeline itself, and
nothing travels through Pelican's settings. No ``PLUGINS`` entry either: for each run,
:func:`run_pelican` makes a subclass of :class:`DossierGenerator` bound to that run's inputs,
answers Pelican's ``get_generators`` signal with it, and disconnects afterwards (the signal
holds its receivers weakly: the receiver is kept alive by the run itself). It returns the
generator, which the warm builder (:mod:`dossier.build.incremental`) keeps for its rebuilds.

The generator writes one page per source document, the home page, the documentary layer
(theme pages, entity pages, the timeline, the build report and the open data), and the
essays (their pages, index and Atom feeds: :mod:`dossier.essays.render`). Templates receive
ready-made, already-escaped :class:`~markupsafe.Markup` from :mod:`dossier.pages`; seed text
is never handed to Markdown or Jinja as source. :func:`site_templates` is the one Jinja
environment of the site, built from the settings: the generator's, and the search pages'.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import logging
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from pelican import Pelican, signals
from pelican.generators import Generator
from pelican.settings import read_settings
from pelican.writers import Writer

from dossier.build.manifest import FileStat, file_stat, stable_digest
from dossier.essays.render import EssaySet, Rendered, cited_in, copy_images, render_all
from dossier.model import Diagnostic, Document, Documentary
from dossier.pages import opendata as export
from dossier.pages.crossref import Facts
from dossier.pages.document import (
    HomePage,
    document_card,
    document_view,
    home_pages,
)
from dossier.pages.entities import EntityPage, entities_index_view, entity_pages
from dossier.pages.essays import (
    essay_view,
    essays_by_entity,
    essays_index_view,
    home_essays,
    theme_essays,
)
from dossier.pages.feeds import write_feeds
from dossier.pages.head import (
    BIB_FILE,
    CSL_FILE,
    PageSeo,
    collection_seo,
    entity_seo,
    essay_seo,
    home_seo,
    later_page_seo,
    settings_site,
    timeline_seo,
    write_cite_files,
)
from dossier.pages.inputs import Digests, digests, document_inputs, entity_inputs, theme_inputs
from dossier.pages.report import report_view
from dossier.pages.themes import (
    QuoteMemo,
    ThemePage,
    theme_pages,
    theme_summary,
    themes_index_view,
)
from dossier.pages.timeline import timeline_view
from dossier.urls import (
    ENTITIES_INDEX,
    ESSAYS_INDEX,
    REPORT,
    THEMES_INDEX,
    TIMELINE,
    doc_url,
    passage_url,
    root_prefix,
    theme_feed,
)
from dossier.util import workers
from dossier.util.cache import (
    Cache,
    code_fingerprint,
    default_cache_dir,
    make_key,
    value_bytes,
)

SETTINGS_FILE = "pelicanconf.py"  # in the project folder


@dataclass(frozen=True)
class Previous:
    """The last good output and what its pages were made from (:mod:`dossier.build.manifest`):
    a page whose key is the same is linked from there instead of rendered again."""

    output: Path
    pages: Mapping[str, str]  # page -> key
    files: Mapping[str, FileStat]  # file -> (size, mtime, inode) as published
    # task ("theme:<slug>", "entity:<id>", "document:<slug>") -> (key of its inputs, its pages)
    tasks: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteInputs:
    """What the generator renders, all of it computed before Pelican runs."""

    root: Path  # the project folder: content/ (essay images, curation) is read from it
    dossier: Documentary  # the documentary layer, and through it the corpus
    essays: EssaySet  # loaded and checked, not yet rendered
    previous: Previous | None = None  # None: every page is rendered


# Settings that name this run's folders (a temporary output folder), not what pages show.
RUN_SETTINGS = frozenset({"OUTPUT_PATH"})


# The libraries that turn a page's values into its bytes.
RENDERING_LIBRARIES = ("jinja2", "markupsafe", "pelican")


def site_key(settings: Mapping[str, Any], settings_file: Path) -> str:
    """What every page depends on besides its own values: the code that renders pages (and
    the versions of the libraries it renders with), the theme (templates and static files),
    the settings file (its filters and globals are code) and the settings as the templates
    see them."""
    folders = [*settings.get("THEME_TEMPLATES_OVERRIDES", ()), str(settings["THEME"])]
    h = hashlib.sha256(code_fingerprint("dossier").encode())
    for name in RENDERING_LIBRARIES:
        h.update(f"{name}=={metadata.version(name)}\0".encode())
    h.update(settings_file.read_bytes() if settings_file.is_file() else b"")
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    shown = {k: v for k, v in template_context(settings).items() if k not in RUN_SETTINGS}
    return make_key(h.hexdigest(), stable_digest(shown))


@dataclass
class PelicanRun:
    """One Pelican run: its warnings and errors as diagnostics, and the generator (None if
    Pelican failed before making it)."""

    generator: DossierGenerator | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


class _Collect(logging.Handler):
    """Turns Pelican's warnings and errors into diagnostics instead of console noise."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _quiet_pelican():
    """Pelican's log collected (see :class:`_Collect`) and its prints swallowed."""
    logger = logging.getLogger("pelican")
    handler = _Collect()
    saved = logger.handlers[:], logger.propagate, logger.level
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield handler
    finally:
        logger.handlers, logger.propagate, _ = saved
        logger.setLevel(saved[2])


def site_settings(root: Path, site_url: str, **overrides: Any) -> dict[str, Any]:
    """The settings of ``root/pelicanconf.py`` with Pelican's defaults, the site URL and
    ``overrides`` (e.g. ``DOSSIER_SEARCH=False``)."""
    with _quiet_pelican():
        return read_settings(str(Path(root) / SETTINGS_FILE),
                             override={"SITEURL": site_url.rstrip("/"), **overrides})


def template_context(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The settings as the templates see them: the upper-case names (SITENAME, SITEURL,
    BUILD_DATE, DOSSIER_SEARCH, …), without the Jinja environment's own."""
    return {k: v for k, v in settings.items() if k.isupper() and not k.startswith("JINJA")}


def site_templates(settings: Mapping[str, Any]) -> jinja2.Environment:
    """The site's Jinja environment: the theme's templates (after any
    ``THEME_TEMPLATES_OVERRIDES``) with ``JINJA_ENVIRONMENT``'s options and the settings'
    filters, globals and tests."""
    folders = [*settings.get("THEME_TEMPLATES_OVERRIDES", ()),
               str(Path(settings["THEME"]) / "templates")]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folders),
                             **settings["JINJA_ENVIRONMENT"])
    env.filters.update(settings.get("JINJA_FILTERS", {}))
    env.globals.update(settings.get("JINJA_GLOBALS", {}))
    env.tests.update(settings.get("JINJA_TESTS", {}))
    return env


def run_pelican(settings: Mapping[str, Any], output: Path, inputs: SiteInputs) -> PelicanRun:
    """Run Pelican with ``settings`` into ``output``, its generator rendering ``inputs``;
    Pelican's warnings and errors become diagnostics."""
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


OPEN_DATA = "open data"  # the task that writes data/ (its name in the build records)
PARALLEL_DOCUMENTS = 200  # from this many documents on, pages are written on all cores


class DossierGenerator(Generator):
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
        self.facts = Facts(self.inputs.dossier)
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

    def _keepable(self, save_as: str, key: str) -> bool:
        """Whether the previous output has ``save_as`` with the key ``key``, as that build
        left it."""
        prev = self.inputs.previous
        return (prev is not None and prev.pages.get(save_as) == key
                and file_stat(prev.output / save_as) == prev.files.get(save_as))

    def _keep(self, save_as: str, key: str, target: Path) -> bool:
        """Link the previous output's ``save_as`` to ``target`` if its key is ``key`` and
        the file is as that build left it."""
        if not self._keepable(save_as, key):
            return False
        prev = self.inputs.previous
        assert prev is not None
        source = prev.output / save_as
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)  # another file system: a copy
        return True

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
                       value_bytes([(d.slug, dg.documents[d.slug]) for d in self.facts.documents]))
        if self._keep_task(OPEN_DATA, key, output):
            return
        files = tuple(export.write(self.facts, output))
        self.written.extend((rel, key, False) for rel in files)
        self.tasks[OPEN_DATA] = (key, files)

    def _write_cite_files(self, doc: Document, output: Path) -> None:
        """A document's citation files, keyed like a page by the document's digest: kept
        from the last output when it has not changed (both files, or neither)."""
        key = make_key(self.site_key, "cite files", self._inputs().documents[doc.slug])
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
        self._write(writer, listing["path"], "index", seo, document_count=len(self.cards),
                    listing=listing, themes=self.theme_summaries,
                    data_files=export.catalogue(),
                    essays=home_essays(es) if first else [],
                    essay_count=len(es.listed) if first else 0)

    def _write_theme(self, writer, slug: str, view: ThemePage) -> None:
        essays = theme_essays(self.essays, slug) if view["page"] == 1 else []
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

    def _inputs(self) -> Digests:
        """The model's digests: computed once, before the pages are shared out to the
        workers."""
        if self._digests is None:
            self._digests = digests(self.facts)
        return self._digests

    def _task_inputs(self, kind: str, key: Any) -> tuple[str, Any, str]:
        """(the task's name, its common part or None, the key of its inputs): everything
        its pages show (:mod:`dossier.pages.inputs`), with the essays, neighbours and
        settings, which the generator owns."""
        dg = self._inputs()
        common: Any = None
        if kind == "theme":
            common, inputs, quotes = theme_inputs(self.facts, dg, key)
            common = (common, quotes)
            extra: Any = theme_essays(self.essays, key)
        elif kind == "entity":
            common, inputs = entity_inputs(self.facts, dg, key)
            extra = self.entity_essays.get(key, [])
        else:
            doc, cards = self.facts.documents[key], self.cards
            inputs = document_inputs(self.facts, dg, doc)
            extra = (self._cited_docs.get(doc.slug),
                     cards[key - 1] if key > 0 else None,
                     cards[key + 1] if key + 1 < len(cards) else None)
            key = doc.slug
        name = f"{kind}:{key}"
        return name, common, make_key(
            self.site_key, dg.registry,
            value_bytes((inputs, extra)))

    def _memo_name(self, slug: str) -> str:
        return make_key("theme quotes", slug)

    def _quote_memo(self, slug: str, quotes: Mapping[str, str]) -> QuoteMemo:
        """The theme's quotes kept from its last build (:class:`QuoteMemo`), each keyed by
        what it is made of, the registry and the code: a quote whose key is found is not
        made again."""
        keys = {k: make_key(self.site_key, self._inputs().registry, v) for k, v in quotes.items()}
        before = self._quote_cache.get(self._memo_name(slug))
        return QuoteMemo(keys, before if isinstance(before, dict) else {})

    def _keep_task(self, name: str, key: str, output: Path) -> bool:
        """Link every page of the task ``name`` from the previous output if the key of its
        inputs is ``key`` and each page is as that build left it."""
        prev = self.inputs.previous
        if prev is None or name not in prev.tasks or prev.tasks[name][0] != key:
            return False
        pages = prev.tasks[name][1]
        if any(page not in prev.pages or file_stat(prev.output / page) != prev.files.get(page)
               for page in pages):
            return False
        for page in pages:
            if not self._keep(page, prev.pages[page], output / page):
                return False  # pragma: no cover (checked just above)
            self.written.append((page, prev.pages[page], True))
        self.tasks[name] = (key, tuple(pages))
        return True

    def _write_page(self, writer, task: tuple[str, Any]) -> None:
        """One task of :meth:`_write_pages`: a theme's pages, an entity's pages or a
        document's page. If the task's inputs are those of the last build, its pages are
        linked from there and nothing of them is built."""
        kind, key = task
        name, common, inputs_key = self._task_inputs(kind, key)
        if self._keep_task(name, inputs_key, Path(writer.output_path)):
            return
        start = len(self.written)
        if kind == "theme":  # themes/<slug>/index.html, then page/<n>/index.html
            common, quotes = common
            memo = self._quote_memo(key, quotes)
            for view in theme_pages(self.facts, key, common=common, memo=memo):
                self._write_theme(writer, key, view)
            self._quote_cache.put(self._memo_name(key), memo.now)
        elif kind == "entity":  # likewise entities/<id>/…
            for view in entity_pages(self.facts, key, common=common):
                self._write_entity(writer, key, view)
        else:
            self._write_document(writer, key)
        self.tasks[name] = (inputs_key, tuple(p for p, _, _ in self.written[start:]))

    def _write_pages(self, writer, tasks: list[tuple[str, Any]]) -> None:
        """Write the pages of ``tasks``. From :data:`PARALLEL_DOCUMENTS` documents on, they
        are shared out to forked workers, one per core (:mod:`dossier.util.workers`): each builds
        and writes its own pages (nothing comes back but a count), so the output is the
        same as written in order here, which is what happens elsewhere (few documents, one
        core, no fork)."""
        count = workers.cores()
        self._inputs()  # once, here, not in each worker
        if len(self.cards) < PARALLEL_DOCUMENTS or count < 2:
            for task in tasks:
                self._write_page(writer, task)
            return

        def write(batch: tuple[int, int]) -> tuple[int, list[tuple[str, str, bool]], dict]:
            self.written, self.tasks = [], {}  # in the worker: what this batch wrote goes back
            for task in tasks[batch[0]:batch[1]]:
                self._write_page(writer, task)
            return batch[1] - batch[0], self.written, self.tasks

        # The big tasks (themes, entities) first and one at a time, then documents sixteen
        # at a time: the cores stay evenly busy.
        big = sum(1 for kind, _ in tasks if kind != "document")
        batches = [(i, i + 1) for i in range(big)] + [
            (i, min(i + 16, len(tasks))) for i in range(big, len(tasks), 16)]
        done, written, done_tasks = 0, self.written, self.tasks
        for n, pages, batch_tasks in workers.fork_map(write, batches, count):
            done += n
            written.extend(pages)
            done_tasks.update(batch_tasks)
        self.written, self.tasks = written, done_tasks
        if done != len(tasks):
            raise RuntimeError(f"pages: {done} tasks done, {len(tasks)} expected")

    def _write_essays(self, writer, output: Path) -> None:
        """Essay pages, the essays index, the Atom feeds, the essays' images and
        ``data/essays.json`` (the writer writes into ``output``)."""
        es = self.essays
        for essay in es.published:
            view = essay_view(es, essay, self.rendered[essay.slug])
            cited = [passage_url(c.ref) for c in essay.citations]
            seo = essay_seo(self.site[0], title=view["title"], path=essay.save_as,
                            date=view["date"], authors=view["authors"], cited=cited,
                            description=view.get("summary") or "")
            self._write(writer, essay.save_as, "essay", seo, essay=view)
        self._write(writer, ESSAYS_INDEX, "essays",
                    self._index_seo("Essays", ESSAYS_INDEX),
                    view=essays_index_view(es))
        write_feeds(es, self.rendered, output, self.settings.get("SITEURL", ""),
                               self.settings.get("SITENAME", ""))
        copy_images(es, self.inputs.root / "content", output)
        export.write_essays(es, output)  # data/essays.json

    # ------------------------------------------------------------------ warm rebuilds
    def rewrite_essays(self, essays: EssaySet, staging: Path) -> None:
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
        self._set_essays(essays, render_all(essays, (old, self.rendered)))
        themes = [s for s in facts.themes
                  if theme_essays(old, s) != theme_essays(essays, s)]
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

    def _set_essays(self, essays: EssaySet,
                    rendered: dict[str, Rendered]) -> None:
        """The essays, rendered, and what the other pages show of them."""
        self.essays, self.rendered = essays, rendered
        self.cited_in = cited_in(essays, rendered)
        self._cited_docs = _cited_by_document(self.cited_in)
        self.entity_essays = essays_by_entity(essays, self.facts.passage_entities)


def _cited_by_document(cited: Mapping[str, Any]) -> dict[str, list[tuple[str, Any]]]:
    """``"doc#passage" -> notes`` grouped by document slug."""
    out: dict[str, list[tuple[str, Any]]] = {}
    for key in sorted(cited):
        out.setdefault(key.partition("#")[0], []).append((key, cited[key]))
    return out
