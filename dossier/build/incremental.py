"""Warm rebuilds for the live preview: a builder that stays in memory between builds.

A full build (:func:`dossier.build.site.build`) leaves behind what it computed: the documentary
layer, the essays, the page generator (its templates, the facts, the document cards) and
the link index of the output. The next build looks at what changed on disk since
(:func:`snapshot`, :func:`change_kind`):

* **nothing**: nothing is done;
* **essays only** (``content/essays/``): the essays alone are read again; the generator
  writes into a staging folder the files that show them (``rewrite_essays``); only those
  pages' links, and the links into them, are checked (:meth:`LinkIndex.update`); only the
  files that differ replace those of the output. If anything fails, the output and the
  builder's state stay as they were. The search index, when the site has one, is then
  stale: :meth:`WarmBuilder.refresh_search` rebuilds it afterwards, so the pages are
  live first;
* **anything else that is content** (seeds, the catalogue, themes, entities, events,
  curation, the theme's templates and static files): a full build, which reuses the
  ingestion and annotation caches;
* **the code** (``dossier/``, ``build.py``, ``pelicanconf.py``): a running process cannot
  take it in; :meth:`WarmBuilder.build` answers ``restart`` and the preview starts a new
  builder process (:mod:`dossier.build.preview`).

The result is the site a full build gives: ``tests/build/test_incremental.py`` compares
them byte for byte. The CLI injects how Pelican is run (:mod:`dossier.build.pelican`); the
page generator kept for the warm rebuilds is the one that run returns.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dossier.build.essaybuild import apply, files_under, same_file
from dossier.build.manifest import CODE_DIRS, CODE_FILES, ESSAYS_DIR, file_stat, input_files
from dossier.build.pelican import DossierGenerator, Previous
from dossier.build.site import BuildResult, Publishing, RunPelican, build, sort_diagnostics
from dossier.essays.render import EssaySet, load_against, output_files
from dossier.essays.reuse import EssayReads
from dossier.model import Diagnostic, Documentary
from dossier.publish import linkindex, search
from dossier.publish.sitemap import sitemap
from dossier.urls import is_site_url
from dossier.util import gcpause
from dossier.util.cache import default_cache_dir

SEARCH_FOLDERS = (f"{search.SEARCH_DIR}/", f"{search.PAGEFIND_DIR}/")

Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path) -> Snapshot:
    """Every input and code file under ``root`` (:func:`~dossier.build.manifest.input_files`)
    -> (modification time in ns, size)."""
    out: Snapshot = {}
    for rel in input_files(root):
        try:
            st = os.stat(root / rel)
        except FileNotFoundError:
            continue
        out[rel] = (st.st_mtime_ns, st.st_size)
    return out


def changed_files(before: Snapshot, after: Snapshot) -> set[str]:
    """Paths added, removed or modified between two snapshots."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def change_kind(changed: set[str]) -> str:
    """What a set of changed paths takes: "none", "essays", "full" or "restart"."""
    if not changed:
        return "none"
    if any(p in CODE_FILES or p.startswith(tuple(f"{d}/" for d in CODE_DIRS))
           for p in changed):
        return "restart"
    if all(p.startswith(ESSAYS_DIR) for p in changed):
        return "essays"
    return "full"


@dataclass
class WarmState:
    """What the last good build left: see the module's docstring."""

    dossier: Documentary
    essays: EssaySet
    generator: DossierGenerator  # rewrite_essays, undo_essays, and the site's templates
    links: linkindex.LinkIndex
    base: list[Diagnostic]
    documents: int
    base_inputs: str = ""  # the digest of the inputs but the essays (essays read are kept by it)


@dataclass
class Outcome:
    """One build: its result and which way it went ("full", "essays", "none", "restart").
    ``search_stale``: the pages changed but the search index was not rebuilt yet."""

    result: BuildResult
    mode: str
    search_stale: bool = False
    files: list[str] = field(default_factory=list)  # essays: files replaced or removed
    note: str = ""  # why a warm rebuild became a full one, if it was not planned


class WarmBuilder:
    """Builds the site again and again in one process, as cheaply as the change allows.

    ``run_pelican``: how Pelican is run for a full build (see
    :data:`~dossier.build.site.RunPelican`); the generator it returns is kept for the warm
    rebuilds."""

    def __init__(self, root: Path, output: Path, site_url: str, run_pelican: RunPelican,
                 strict: bool = False, publishing: Publishing | None = None) -> None:
        self.root, self.output = Path(root).resolve(), Path(output).resolve()
        self.site_url, self.run_pelican, self.strict = site_url, run_pelican, strict
        self.publishing = publishing or Publishing(search=False)
        self.state: WarmState | None = None
        self.seen: Snapshot | None = None  # the inputs of the output as it is

    @gcpause.paused()  # as site.build: its essay rebuilds too hold the whole model
    def build(self) -> Outcome:
        now = snapshot(self.root)
        if self.state is None or self.seen is None:
            return self._full(now)
        mode = change_kind(changed_files(self.seen, now))
        if mode == "restart":
            return Outcome(BuildResult(), "restart")
        if mode == "none":
            return Outcome(BuildResult(diagnostics=self._diagnostics(self.state.essays),
                                       written=True, documents=self.state.documents), "none")
        note = ""
        if mode == "essays":
            try:
                return self._essays(now)
            except Exception as exc:  # a bug: said, and a full build gives the right site
                self.state = None
                note = (f"warm rebuild failed ({type(exc).__name__}: {exc}), so the whole "
                        "site was built; this is a bug in Dossier")
        outcome = self._full(now)
        outcome.note = note
        return outcome

    # ------------------------------------------------------------------ full
    def _full(self, now: Snapshot) -> Outcome:
        keep: dict[str, Any] = {}
        self.state, self.seen = None, None
        result = build(self.root, self.output, self.site_url, self.run_pelican,
                       strict=self.strict, publishing=self.publishing, keep=keep)
        if result.written and keep:
            self.state = WarmState(keep["dossier"], keep["essays"], keep["generator"],
                                   keep["links"], keep["base"], result.documents,
                                   keep["base_inputs"])
            self._previous(keep.get("previous"))
            self.seen = now
        return Outcome(result, "full")

    # ------------------------------------------------------------------ essays
    def _diagnostics(self, essays: EssaySet) -> list[Diagnostic]:
        assert self.state is not None
        return sort_diagnostics(self.state.base + list(essays.diagnostics))

    def _essays(self, now: Snapshot) -> Outcome:
        st = self.state
        assert st is not None
        started = time.monotonic()
        # Against the targets of the full build (the documentary layer has not changed),
        # each essay whose file did not change kept as it was read (dossier.essays.reuse).
        essays = load_against(self.root, replace(st.essays.targets, essays={}),
                              EssayReads.open(default_cache_dir(self.root), st.base_inputs))
        result = BuildResult(diagnostics=self._diagnostics(essays), documents=st.documents)
        if result.failed(self.strict):
            result.seconds = time.monotonic() - started
            return Outcome(result, "essays")  # nothing written; the state is the output's
        staging = self.output.with_name(f"{self.output.name}.warm-{os.getpid()}")
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        del st.generator.written[:]  # what this rebuild writes (the rest is in ``previous``)
        try:
            st.generator.rewrite_essays(essays, staging)
            removed = output_files(st.essays) - output_files(essays)
            if is_site_url(self.site_url):  # the sitemap lists every page
                pages = sorted({f for f in st.links.site.files if f.endswith(".html")
                                and f not in removed}
                               | {f for f in files_under(staging) if f.endswith(".html")})
                lastmod = str(self.publishing.context.get("BUILD_DATE", "") or "")
                (staging / "sitemap.xml").write_text(
                    sitemap(self.site_url, pages, lastmod), "utf-8")
            staged = files_under(staging)
            # The search pages still show the old essays until refresh_search. A page
            # written as it is in the output (linked from it: its key did not change) is
            # in the index as it is: only the others, and the links into them, are checked.
            stale = SEARCH_FOLDERS if self.publishing.search else ()
            changed = {rel for rel in staged
                       if not same_file(staging / rel, self.output / rel)}
            links = st.links.update(staging, changed, removed, stale)
            result.diagnostics = sort_diagnostics(result.diagnostics + links)
            if result.failed(self.strict):
                st.links.rollback()
                st.generator.undo_essays()
                result.seconds = time.monotonic() - started
                return Outcome(result, "essays")
            done = apply(staging, self.output, sorted(changed), removed)
        except BaseException:
            st.links.rollback()
            st.generator.undo_essays()
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        st.links.commit()
        st.generator.commit_essays()
        st.essays, self.seen = essays, now
        self._previous(self._now_written(st.generator.written, done))
        result.written = True
        result.pages_written = len(done)
        result.pages_unchanged = len(st.links.site.files) - len(done)
        result.seconds = time.monotonic() - started
        return Outcome(result, "essays", search_stale=self.publishing.search, files=done)

    def _previous(self, previous: Previous | None) -> None:
        """The output as it is now, for the generator's next essay rebuild: a page whose
        key is the one it has there is linked from it, not rendered."""
        if self.state is not None and previous is not None:
            gen = self.state.generator
            gen.inputs = replace(gen.inputs, previous=previous)

    def _now_written(self, written: list[tuple[str, str, bool]], done: list[str]
                     ) -> Previous | None:
        """The generator's previous output after an essay rebuild that wrote ``written``
        (page, key, kept) and replaced or deleted the files ``done``."""
        assert self.state is not None
        prev = self.state.generator.inputs.previous
        if prev is None:
            return None
        pages, files = dict(prev.pages), dict(prev.files)
        pages.update((page, key) for page, key, _kept in written)
        for rel in done:
            stat = file_stat(self.output / rel)
            if stat is None:
                files.pop(rel, None)
                pages.pop(rel, None)
            else:
                files[rel] = stat
        return replace(prev, pages=pages, files=files)

    # ------------------------------------------------------------------ search
    def refresh_search(self) -> BuildResult:
        """Rebuild the search index and pages of the output (after warm essay builds) and
        check the search pages' links."""
        st = self.state
        result = BuildResult()
        if st is None or not self.publishing.search:
            return result
        started = time.monotonic()
        before = {f for f in st.links.site.files if f.startswith(SEARCH_FOLDERS)}
        context = {**self.publishing.context, "SITEURL": self.site_url.rstrip("/")}
        try:
            result.search_stats = search.build_search(self.output, st.generator.env, context)
        except search.SearchBuildError as exc:
            result.diagnostics = [Diagnostic("pagefind", 0, f"the search index failed: {exc}",
                                             "fix the cause, or build without search "
                                             "(--no-search)", severity="error")]
            self.state = None  # the output's search folder is in an unknown state
            return result
        after = {f"{folder}{f}" for folder in SEARCH_FOLDERS
                 for f in files_under(self.output / folder)}
        result.diagnostics = st.links.update(self.output, after, before - after)
        st.links.commit()  # the files are in place already: a broken link is reported
        result.written = True
        result.documents = st.documents
        result.seconds = time.monotonic() - started
        return result
