"""Build orchestration, top to bottom:

1. run the ingestion pipeline (``dossier.ingest.corpus.build_corpus``);
2. build the documentary layer over it (``dossier.documentary.assemble.build_documentary``:
   themes, assignments, entities, mentions, events); its diagnostics join the build's;
3. check both for what would make a broken site (:mod:`dossier.build.validate`);
4. run Pelican into a sibling temporary directory ``<output>.tmp-<pid>``;
5. publishing extras on that directory (:func:`publish`): ``.nojekyll``, the search index
   and pages (:mod:`dossier.publish.search`, unless ``--no-search``) and, only with a site URL,
   ``sitemap.xml`` and ``robots.txt`` (:mod:`dossier.publish.sitemap`);
6. check every link and anchor of that directory (:mod:`dossier.publish.linkcheck`);
7. only if nothing failed, swap it into place: the old output is renamed aside,
   the new one renamed in, the old one deleted; or, when the directory holds only what was
   written (a build without search that keeps pages: :mod:`dossier.build.inplace`), move
   in what differs and delete what is gone. A failed build never touches the previous
   output;
8. then, from the final output, the offline bundle ``<dist>/<name>-offline.zip``
   (:mod:`dossier.publish.bundle`, unless ``--no-bundle``).

Pelican is run through :mod:`dossier.build.pelican`, the only module that imports it: the
caller passes how (:data:`RunPelican`, usually :func:`~dossier.build.pelican.run_pelican`
with the settings read once by :mod:`dossier.cli`).
"""

from __future__ import annotations

import functools
import gc
import os
import pickle
import shutil
import sys
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

import jinja2

from dossier.build import essaybuild, manifest
from dossier.build.inplace import move_in
from dossier.build.outputdir import check_output_dir, keep_unchanged, swap_into_place
from dossier.build.pagetasks import link_or_copy
from dossier.build.pelican import PelicanRun, Previous, SiteInputs
from dossier.build.result import BuildResult, Publishing, sort_diagnostics
from dossier.build.validate import corpus_diagnostics, validate_corpus, validate_documentary
from dossier.essays.render import load as load_essays
from dossier.essays.reuse import EssayReads
from dossier.model import Corpus, Diagnostic, Documentary
from dossier.publish import search
from dossier.publish.bundle import make_bundle
from dossier.publish.linkrecords import check_changed, check_changed_indexed
from dossier.publish.sitemap import robots, sitemap
from dossier.urls import is_site_url
from dossier.util import gcpause, progress, workers
from dossier.util.cache import default_cache_dir

# Runs Pelican into a folder, rendering the inputs (dossier.build.pelican.run_pelican with
# the site's settings bound).
RunPelican = Callable[[Path, SiteInputs], PelicanRun]


def publish(site: Path, site_url: str, publishing: Publishing,
            templates: jinja2.Environment, kept: Collection[str] = ()
            ) -> search.SearchStats | None:
    """What the site gains after Pelican, before the link check: ``.nojekyll`` (always: GitHub
    Pages must not run Jekyll), the search index and pages, and with a site URL only,
    ``sitemap.xml`` and ``robots.txt`` (every page of the finished site, search included).
    ``templates``: the site's Jinja environment, for the search pages; ``kept``: the pages
    kept from the last output (left there by an in-place build, :mod:`dossier.build.inplace`,
    rather than linked into ``site``)."""
    (site / ".nojekyll").write_bytes(b"")
    stats = None
    if publishing.search:
        context = {**publishing.context, "SITEURL": site_url.rstrip("/")}
        stats = search.build_search(site, templates, context)
    if is_site_url(site_url):
        pages = sorted({p.relative_to(site).as_posix() for p in site.rglob("*.html")}
                       | {p for p in kept if p.endswith(".html")})
        lastmod = str(publishing.context.get("BUILD_DATE", "") or "")
        (site / "sitemap.xml").write_text(sitemap(site_url, pages, lastmod), "utf-8")
        (site / "robots.txt").write_text(robots(site_url), "utf-8")
    return stats


def build_corpus(root: Path, **options: Any) -> Corpus:
    """The corpus (:func:`dossier.ingest.corpus.build_corpus`).

    The ingestion and annotation stages are imported when a build needs them, not with this
    module: a build that finds nothing or only the essays changed never loads them, nor
    numpy and ftfy (about a fifth of such a build's time at N = 5,000)."""
    from dossier.ingest.corpus import build_corpus as ingest

    return ingest(root, **options)


def build_documentary(root: Path, corpus: Corpus, **options: Any) -> Documentary:
    """The documentary layer (:func:`dossier.documentary.assemble.build_documentary`),
    imported when needed (see :func:`build_corpus`)."""
    from dossier.documentary.assemble import build_documentary as annotate

    return annotate(root, corpus, **options)


def model(root: Path, bars: progress.Progress | None = None) -> tuple[Corpus, Documentary]:
    """The corpus and the documentary layer over it, each stage's progress on ``bars``."""
    corpus = build_corpus(root, progress=bars.stage("ingest") if bars else None)
    dossier = build_documentary(root, corpus, progress=bars.stage("annotate") if bars else None)
    return corpus, dossier


@gcpause.paused()
def build(root: Path, output: Path, site_url: str, run_pelican: RunPelican,
          strict: bool = False, publishing: Publishing | None = None,
          keep: dict[str, Any] | None = None) -> BuildResult:
    """Pipeline -> checks -> Pelican into a temporary sibling -> search, sitemap -> link check
    -> swap -> offline bundle from the final output.

    Only what changed is done again (:mod:`dossier.build.manifest`): with the same inputs,
    code, settings and options as the last good build of ``output``, and the output as that
    build left it, nothing is done; otherwise a page whose key did not change is linked
    from the last output instead of rendered, and its links are not parsed again
    (:func:`~dossier.publish.linkrecords.check_changed`).

    ``keep``: filled, after a build that wrote the site, with what a warm rebuild
    (:mod:`dossier.build.incremental`) starts from: ``dossier`` (the documentary layer), ``essays``,
    ``generator`` (Pelican's page generator, with its templates and views), ``links`` (the
    :class:`~dossier.publish.linkindex.LinkIndex` of the output), ``base`` (every diagnostic
    but the essays' and the link check's), ``base_inputs`` (the digest of the inputs but the
    essays) and ``previous`` (the output's pages and files as written: a
    :class:`~dossier.build.pagetasks.Previous`)."""
    root, output = root.resolve(), output.resolve()
    publishing = publishing or Publishing()
    check_output_dir(root, output)
    started = time.monotonic()
    cache_dir = default_cache_dir(root)
    digests = manifest.input_digests(root, manifest.stable_digest(publishing.context), {
        "site_url": site_url, "strict": strict, "search": publishing.search,
        "bundle": str(publishing.dist) if publishing.dist else ""}, cache_dir)
    inputs = digests[0]
    last = manifest.load(cache_dir, output) if output.is_dir() else None
    # Nothing changed, or only the essays and a build without search (which covers every
    # page) would do for it: if the output is as the last build left it. Every file's status
    # is read for that (a fifth of an essays-only build at N = 5,000); for the essays-only
    # build, on the other core while it gets going.
    if keep is None and last is not None and last.base_inputs == digests[1]:
        if last.inputs == inputs:
            if manifest.output_intact(output, last):
                return _unchanged(last, output, publishing, started)
        elif not publishing.search:
            intact = workers.Background(functools.partial(manifest.output_intact, output, last))
            done = _essays_only(root, output, last, digests, site_url, run_pelican, strict,
                                publishing, cache_dir, functools.partial(_answer, intact))
            if done is not None:
                return done
    result = BuildResult()
    bars = progress.Progress()
    corpus, dossier = model(root, bars)
    result.documents = len(corpus.documents)
    # checked here (each essay kept from the last build if it and what it is checked
    # against are the same); rendered by dossier.build.pelican
    essays = load_essays(root, dossier, EssayReads.open(cache_dir, digests[1]))
    base = (corpus_diagnostics(corpus) + validate_corpus(corpus) + list(dossier.diagnostics)
            + validate_documentary(dossier))
    result.diagnostics = sort_diagnostics(base + list(essays.diagnostics))
    if result.failed(strict):
        return result  # nothing written, nothing touched

    # Without a search index (made of every page, so of a complete folder), a page kept is
    # left in the output and only what is written is moved in: dossier.build.inplace.
    previous = (Previous(output, last.pages, last.files, last.tasks,
                         in_place=not publishing.search)
                if last is not None and output.is_dir() else None)
    in_place = previous is not None and previous.in_place
    tmp = output.with_name(f"{output.name}.tmp-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    index = essay_base = None
    records: dict[str, Any] | None = None
    try:
        run = run_pelican(tmp, SiteInputs(root, dossier, essays, previous))
        diags = list(run.diagnostics)
        base = sort_diagnostics(base + diags)
        kept_pages = ({page for page, _key, kept in run.generator.written if kept}
                      if run.generator is not None else set())
        if run.generator is None or not ((tmp / "index.html").is_file()
                                         or "index.html" in kept_pages):
            diags.append(Diagnostic("pelicanconf.py", 0, "Pelican wrote no index.html",
                                    "see Pelican's own errors above", severity="error"))
        else:
            try:
                # The search index is made with the collector on, the cycles left so far
                # freed first: the build's peak memory stays that of Pagefind.
                with gcpause.resumed():
                    if publishing.search:
                        gc.collect()
                    result.search_stats = publish(tmp, site_url, publishing, run.generator.env,
                                                  kept_pages)
            except search.SearchBuildError as exc:
                diags.append(Diagnostic("pagefind", 0, f"the search index failed: {exc}",
                                        "fix the cause, or build without search "
                                        "(--no-search)", severity="error"))
            known = manifest.load_links(cache_dir, output) if kept_pages else {}
            stale = last.unrecorded if last is not None else frozenset()
            kept_links = {p: known[p] for p in sorted(kept_pages)
                          if p in known and p not in stale}
            files = None
            if in_place:  # the site is the staged files and the kept pages
                for rel in sorted(kept_pages - kept_links.keys()):
                    if rel.endswith((".html", ".css")):  # no record: checked as written
                        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
                        link_or_copy(output / rel, tmp / rel)
                files = set(essaybuild.files_under(tmp)) | kept_pages
            stage = bars.stage("link check")
            if keep is None:
                found, records = check_changed(tmp, kept_links, shown_as=output.name,
                                               progress=stage, files=files)
            else:  # the preview's builder keeps an index of the links for its essay rebuilds
                found, records, index = check_changed_indexed(
                    tmp, kept_links, shown_as=output.name, progress=stage, files=files)
            diags.extend(found)
            if cache_dir is not None and not result.failed(strict):
                into = essaybuild.links_into(records, essays)
                essay_base = run.generator.essay_base(
                    digests[1], tuple(base), result.documents, into,
                    essaybuild.own_links(records, essays))
        result.diagnostics = sort_diagnostics(result.diagnostics + diags)
        if run.generator is not None:
            result.pages_rendered = sum(1 for page, _k, kept in run.generator.written
                                        if not kept and page.endswith(".html"))
        if not result.failed(strict):
            manifest.forget(cache_dir, output)  # the record must never outlive its output
            if in_place:
                result.pages_written, result.pages_unchanged = move_in(tmp, output, kept_pages)
            else:
                result.pages_written, result.pages_unchanged = keep_unchanged(tmp, output)
                swap_into_place(tmp, output)
            result.written = True
            if keep is not None and index is not None:
                index.move_to(output)
                keep.update(dossier=dossier, essays=essays, generator=run.generator,
                            links=index, base=base, base_inputs=digests[1])
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    if result.written and publishing.dist is not None:
        result.bundle = make_bundle(output, publishing.dist, publishing.bundle_name)
    if result.written and run.generator is not None:
        pages = {page: key for page, key, _ in run.generator.written}
        files = manifest.output_files(output)
        if keep:  # the preview's essay rebuilds link the pages they do not change from it
            keep["previous"] = Previous(output, pages, files, dict(run.generator.tasks))
        manifest.save(cache_dir, output, manifest.Manifest(
            inputs=inputs, pages=pages, files=files, documents=result.documents,
            tasks=dict(run.generator.tasks),
            diagnostics=result.warnings,
            bundle=(result.bundle, manifest.file_stat(result.bundle.path))
            if result.bundle else None, base_inputs=digests[1]), records)
        if essay_base is not None:
            essaybuild.save(cache_dir, output, essay_base, inputs)
    bars.close()
    result.seconds = time.monotonic() - started
    return result


def _answer(intact: workers.Background) -> bool:
    """Whether the output is as the last build left it (False if the check failed)."""
    try:
        return bool(intact.result())
    except (ChildProcessError, OSError, EOFError, pickle.UnpicklingError):
        return False


def _essays_only(root: Path, output: Path, last: manifest.Manifest, digests: tuple[str, str],
                 site_url: str, run_pelican: RunPelican, strict: bool, publishing: Publishing,
                 cache_dir: Path | None, intact: Callable[[], bool]) -> BuildResult | None:
    """The build when only essays changed since the last build, which kept what this one
    starts from (:mod:`dossier.build.essaybuild`), if ``intact()``: the output is as it
    left it; None: a full build is needed."""
    try:
        base = essaybuild.load(cache_dir, output, digests[1], last.inputs)
        if base is None:  # nothing kept for it: a full build
            return None
        return essaybuild.rebuild(
            root, output, last, digests, base, site_url, strict, publishing, run_pelican,
            cache_dir, intact)
    except Exception as exc:  # a bug: said, and the full build gives the right site
        print(f"dossier: the essays-only build failed ({type(exc).__name__}: {exc}), so the "
              "whole site is built; this is a bug in Dossier", file=sys.stderr)
        return None
    finally:
        intact()  # asked once, whatever happened: its worker process is ended


def _unchanged(last: manifest.Manifest, output: Path, publishing: Publishing,
               started: float) -> BuildResult:
    """The build when nothing it reads changed and the output is as the last build left
    it: the same site, so nothing is written (the offline bundle only if it is missing or
    was touched since)."""
    result = BuildResult(diagnostics=list(last.diagnostics), written=True,
                         documents=last.documents, pages_unchanged=len(last.files),
                         scope="none")
    if publishing.dist is not None:
        made = last.bundle
        if made is not None and manifest.file_stat(made[0].path) == made[1]:
            result.bundle = made[0]
        else:
            result.bundle = make_bundle(output, publishing.dist, publishing.bundle_name)
    result.seconds = time.monotonic() - started
    return result


def check(root: Path) -> BuildResult:
    """The pipeline, documentary layer, essays and their checks, writing nothing."""
    corpus, dossier = model(root.resolve())
    essays = load_essays(root.resolve(), dossier)
    return BuildResult(
        diagnostics=sort_diagnostics(corpus_diagnostics(corpus) + validate_corpus(corpus)
                                     + list(dossier.diagnostics)
                                     + validate_documentary(dossier)
                                     + list(essays.diagnostics)),
        documents=len(corpus.documents),
    )
