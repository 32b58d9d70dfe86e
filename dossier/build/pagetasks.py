"""Page tasks and what the generator keeps of the last output.

A page whose key (the digest of what it shows) is the one the last good output recorded, and
whose file is as that build left it, is linked from there instead of rendered
(:meth:`PageTasks._keep`). A *task* (a theme's pages, an entity's, a document's) is keyed by
its inputs (:mod:`dossier.pages.inputs`) before any view is built: when they are those of the
last build, its pages are linked without building anything (:meth:`PageTasks._keep_task`).
:meth:`PageTasks._write_pages` shares the tasks out to forked workers for a large corpus.

:class:`PageTasks` is a mixin of :class:`dossier.build.pelican.DossierGenerator`, whose
attributes (``inputs``, ``facts``, ``essays``, ``cards``, ``written``, ``tasks``, …) and page
writers (``_write_theme``, ``_write_entity``, ``_write_document``) it uses; it imports
nothing of Pelican.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.build.manifest import FileStat, file_stat
from dossier.essays.render import EssaySet
from dossier.model import Document, Documentary
from dossier.pages.crossref import Facts
from dossier.pages.entities import entity_pages
from dossier.pages.essays import theme_essays
from dossier.pages.inputs import (
    Digests,
    DocumentDigests,
    digests,
    document_digests,
    document_inputs,
    entity_inputs,
    theme_inputs,
)
from dossier.pages.themes import QuoteMemo, theme_pages
from dossier.util import workers
from dossier.util.cache import Cache, Memo, default_cache_dir, make_key, value_bytes


@dataclass(frozen=True)
class Previous:
    """The last good output and what its pages were made from (:mod:`dossier.build.manifest`):
    a page whose key is the same is linked from there instead of rendered again."""

    output: Path
    pages: Mapping[str, str]  # page -> key
    files: Mapping[str, FileStat]  # file -> (size, mtime, inode) as published
    # task ("theme:<slug>", "entity:<id>", "document:<slug>") -> (key of its inputs, its pages)
    tasks: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    # True: a page kept is left where it is in ``output``, and the build moves in only what it
    # writes (dossier.build.inplace); False: it is linked into the new output folder
    in_place: bool = False


@dataclass(frozen=True)
class SiteInputs:
    """What the generator renders, all of it computed before Pelican runs."""

    root: Path  # the project folder: content/ (essay images, curation) is read from it
    dossier: Documentary | None  # the documentary layer, and through it the corpus
    essays: EssaySet  # loaded and checked, not yet rendered
    previous: Previous | None = None  # None: every page is rendered
    # Not None: only the essays changed since the build that kept this (an EssayBase of
    # dossier.build.essaybuild; ``dossier`` is then None): only the essays' files are written
    resume: Any = None


OPEN_DATA = "open data"  # the task that writes data/ (its name in the build records)
DIGESTS = make_key("document digests")  # the cache entry of each document's digests
PARALLEL_DOCUMENTS = 200  # from this many documents on, pages are written on all cores


def link_or_copy(source: Path, target: Path) -> None:
    """``target`` made a hard link to ``source``, or a copy on another file system."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        raise
    except OSError:
        shutil.copy2(source, target)


class PageTasks:
    """The generator's reuse of the last output and its page tasks (see the module)."""

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
        if prev.in_place:
            return True  # left where it is: dossier.build.inplace.move_in keeps it
        source = prev.output / save_as
        try:
            link_or_copy(source, target)
        except FileNotFoundError:  # its folder is not made yet (one mkdir a folder, not a page)
            target.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(source, target)
        return True

    def _inputs(self) -> Digests:
        """The model's digests: computed once, before the pages are shared out to the
        workers."""
        if self._digests is None:
            # Each document's part is kept across builds by its key (the document and all
            # that annotates it: Documentary.document_keys) and the code (site_key): a seed
            # edit digests one document again, not the whole corpus.
            memo = Memo(Cache(default_cache_dir(self.inputs.root), "digests"), DIGESTS)
            keys = self.facts.dossier.document_keys

            def each(facts: Facts, doc: Document) -> DocumentDigests:
                if doc.slug not in keys:
                    return document_digests(facts, doc)
                return memo.get(make_key(self.site_key, keys[doc.slug]),
                                lambda: document_digests(facts, doc))

            self._digests = digests(self.facts, each)
            memo.save()
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
