"""The one-shot build after an edit to the essays only: the essays' files rewritten, nothing else
looked at.

A full build (:func:`dossier.build.site.build`) keeps, beside its record of the output
(:mod:`dossier.build.manifest`), an :class:`EssayBase`: what the essays' files are made from
besides the essays (what an essay may link to and quote, the document cards and theme
summaries of the home page, which passage mentions which entity), the essays of that build,
and the links of the other pages *into* the essays' files. When the next build finds that
only ``content/essays/`` changed and the output is as that build left it, :func:`rebuild`
reads the essays again (those whose file did not change are kept from the last build:
:mod:`dossier.essays.reuse`) and has the generator write, into a staging folder, the essays'
own files (pages, index, feeds, images, ``data/essays.json``) and the first home page, as
the preview's warm rebuild does (:mod:`dossier.build.incremental`); a page whose key is the
one it has in the output is linked from there, not rendered. Only those pages' links, and
the links into them, are checked (:meth:`~dossier.publish.linkindex.LinkIndex.update`); only
the files that differ replace those of the output, each by an atomic rename, and only if
nothing failed.

When the edit changes what another page shows (a theme's, an entity's or a document's list
of the essays that cite it), or the build makes a search index (which covers every page), it
is not for this path: :func:`rebuild` answers None and the full build runs, reusing what it
can. The output is byte for byte the full build's (``tests/build/test_essaybuild.py``).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dossier.build import manifest
from dossier.build.pagetasks import Previous, SiteInputs
from dossier.build.result import BuildResult, Publishing, sort_diagnostics
from dossier.essays.render import EssaySet, Rendered, load_against, output_files
from dossier.essays.reuse import EssayReads
from dossier.essays.source import Essay
from dossier.essays.targets import Targets
from dossier.model import Diagnostic
from dossier.pages.opendata import ESSAYS_FILE
from dossier.publish.bundle import make_bundle
from dossier.publish.linkindex import LinkIndex
from dossier.publish.linkrecords import PageLinks
from dossier.publish.sitemap import sitemap
from dossier.urls import is_site_url
from dossier.util.packed import Packed

Into = dict[str, dict[str, list[tuple[str, int]]]]  # target -> linking page -> [(fragment, line)]


@dataclass(frozen=True)
class Listing:
    """What the generator knows of the site beyond the essays when the essays change: the
    themes, entities and documents (slugs, in page order) whose pages may list essays, and
    which passage mentions which entity (an essay citing it is listed on the entity's
    page)."""

    themes: tuple[str, ...]
    entities: tuple[str, ...]
    documents: tuple[str, ...]
    passage_entities: Mapping[str, Any]


@dataclass(frozen=True)
class EssayEdit:
    """The pages beyond the essays' own files whose list of essays an edit changed: themes
    and entities by slug, documents by position."""

    themes: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    documents: tuple[int, ...] = ()

    @property
    def essays_only(self) -> bool:
        return not (self.themes or self.entities or self.documents)


@dataclass(frozen=True)
class EssayBase:
    """What the last full build of an output kept for :func:`rebuild` (see the module), and
    the essays of the last build (kept apart: :func:`save`)."""

    key: str  # the build's inputs, the essays left out (Manifest.base_inputs)
    targets: Targets  # what an essay may link to and quote (no essays)
    listing: Listing
    cards: list[Any]  # the document cards (the home page)
    theme_summaries: list[Any]  # (the home page)
    diagnostics: tuple[Diagnostic, ...]  # every diagnostic of the build but the essays'
    documents: int
    into: Into  # the other pages' links into the essays' files that can break
    essays: tuple[Essay, ...] = ()  # the essays of the last build, and their bodies
    rendered: Mapping[str, Rendered] = field(default_factory=dict)
    links: Mapping[str, PageLinks] = field(default_factory=dict)  # of the essays' pages

    def essay_set(self) -> EssaySet:
        return EssaySet.of(self.essays, self.targets)


@dataclass(frozen=True)
class EssaysNow:
    """The essays of the last build (full or essays-only), their bodies and what that
    build's link check learnt of the pages of :func:`essay_files` (read again only when
    they change); ``inputs``: that build's digest of everything (Manifest.inputs)."""

    inputs: str
    essays: tuple[Essay, ...]
    rendered: Mapping[str, Rendered]
    links: Mapping[str, PageLinks] = field(default_factory=dict)


def essay_files(es: EssaySet) -> set[str]:
    """The files an essays-only rebuild writes: the essays' own and the first home page."""
    return output_files(es) | {"index.html", ESSAYS_FILE}


def links_into(records: Mapping[str, Any], es: EssaySet) -> Into:
    """From the link check's records (page -> :class:`~dossier.publish.linkrecords.PageLinks`),
    the links of the other pages into the essays' files (:func:`essay_files`) that an essay
    edit can break: those naming a fragment, and all those into a file that an edit can
    remove (an essay's page, an image; not the home page or the essays index)."""
    files, fixed = essay_files(es), essay_files(EssaySet.of((), es.targets))
    into: Into = {}
    for page in sorted(records):
        if page in files:
            continue
        for target, items in records[page].links.items():
            if target in files:
                kept = [item for item in items if item[0] or target not in fixed]
                if kept:
                    into.setdefault(target, {})[page] = kept
    return into


def own_links(records: Mapping[str, PageLinks], es: EssaySet) -> dict[str, PageLinks]:
    """Of the link check's records (page -> :class:`~dossier.publish.linkrecords.PageLinks`),
    those of the pages of the essays' files (:func:`essay_files`)."""
    return {page: records[page] for page in sorted(essay_files(es)) if page in records}


def save(cache_dir: Path | None, output: Path, base: EssayBase, inputs: str,
         essays_only: bool = False) -> None:
    """Keep ``base`` for the next build of ``output``, whose inputs were ``inputs``: its
    essays apart, so that an essays-only build rewrites only them (``essays_only``)."""
    if not essays_only:  # packed: the next build reads what its essays cite, of thousands
        targets = replace(base.targets, documents=Packed.of(base.targets.documents))
        listing = replace(base.listing,
                          passage_entities=Packed.of(base.listing.passage_entities))
        manifest.save_extra(cache_dir, output, "essays", replace(
            base, targets=targets, listing=listing, essays=(), rendered={}, links={}))
    manifest.save_extra(cache_dir, output, "essays-now",
                        EssaysNow(inputs, base.essays, dict(base.rendered), dict(base.links)))


def load(cache_dir: Path | None, output: Path, key: str, inputs: str) -> EssayBase | None:
    """The :class:`EssayBase` kept for ``output`` if it was made from the inputs ``key``
    (the essays left out), with the essays of the last build if its inputs were ``inputs``."""
    now = manifest.load_extra(cache_dir, output, "essays-now")
    if not isinstance(now, EssaysNow) or now.inputs != inputs:
        return None
    base = manifest.load_extra(cache_dir, output, "essays")
    if not isinstance(base, EssayBase) or base.key != key:
        return None
    return replace(base, essays=now.essays, rendered=now.rendered, links=now.links)


# Writes the essays' files of ``inputs`` into a folder (dossier.build.pelican.run_pelican
# with the settings bound, given SiteInputs whose ``resume`` is an EssayBase); returns the
# run, whose generator has ``edit`` (EssayEdit), ``written`` and ``rendered``.
RunPelican = Callable[[Path, SiteInputs], Any]


def rebuild(root: Path, output: Path, last: manifest.Manifest, inputs: tuple[str, str],
            base: EssayBase, site_url: str, strict: bool, publishing: Publishing,
            run_pelican: RunPelican, cache_dir: Path | None,
            intact: Callable[[], bool]) -> BuildResult | None:
    """The build of ``output`` after an edit to the essays only (see the module); None when
    the edit is not for this path. ``inputs``: (all the inputs' digest, the same without the
    essays); ``intact()``: whether the output is as ``last`` left it, asked before what was
    read from it is trusted (None if not: a full build)."""
    if publishing.search:  # the search index covers every page: a full build
        return None
    started = time.monotonic()
    essays = load_against(root, base.targets, EssayReads.open(cache_dir, base.key))
    result = BuildResult(diagnostics=sort_diagnostics(base.diagnostics + essays.diagnostics),
                         documents=base.documents, scope="essays")
    if result.failed(strict):
        result.seconds = time.monotonic() - started
        return result  # nothing written, nothing touched
    staging = output.with_name(f"{output.name}.essays-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        # The previous output: an essay page whose key is unchanged is linked from it,
        # not rendered again (only the edited essays' pages are).
        previous = Previous(output, last.pages, last.files, last.tasks)
        run = run_pelican(staging, SiteInputs(root, None, essays, previous, resume=base))
        gen = run.generator
        if gen is None or not gen.edit.essays_only:
            return None
        removed = output_files(base.essay_set()) - output_files(essays)
        if is_site_url(site_url):  # the sitemap lists every page
            pages = sorted({f for f in last.files if f.endswith(".html") and f not in removed}
                           | {p for p, _k, _kept in gen.written})
            lastmod = str(publishing.context.get("BUILD_DATE", "") or "")
            (staging / "sitemap.xml").write_text(sitemap(site_url, pages, lastmod), "utf-8")
        staged = files_under(staging)
        # A page written as it was passed the last check: only its links into a file that
        # changed can break, so it is indexed (read once), not checked again.
        same = {rel for rel in staged if same_file(staging / rel, output / rel)}
        # What the last check learnt of it is reused (it read the same bytes).
        index = LinkIndex.into_some(output, output.name, base.into, last.files)
        for rel in sorted(same):
            if rel.endswith(".html"):
                known = base.links.get(rel)
                if known is None:
                    index.add(rel)
                else:
                    index.adopt(rel, known.ids, known.links)
        changed = [rel for rel in staged if rel not in same]
        found = index.update(staging, set(changed), removed)
        links = {rel: PageLinks(*index.learnt(rel)) for rel in staged if rel.endswith(".html")}
        if not intact():  # what was read from the output is not what the last build left
            return None
        result.diagnostics = sort_diagnostics(result.diagnostics + list(run.diagnostics)
                                              + found)
        if result.failed(strict):
            result.seconds = time.monotonic() - started
            return result
        done = apply(staging, output, changed, removed)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.written = True
    result.pages_written = len(done)
    result.pages_rendered = sum(1 for p, _k, kept in gen.written if not kept)
    if publishing.dist is not None:
        result.bundle = make_bundle(output, publishing.dist, publishing.bundle_name)
    files = dict(last.files)  # as the output was (output_intact), but for what changed
    for rel in done:
        stat = manifest.file_stat(output / rel)
        if stat is None:
            files.pop(rel, None)
        else:
            files[rel] = stat
    result.pages_unchanged = len(files) - len(set(done) - removed)
    pages = {p: k for p, k in last.pages.items() if p not in removed}
    pages.update((p, k) for p, k, _kept in gen.written)
    # The essays first: kept for the inputs of the record that follows, which names them.
    save(cache_dir, output, replace(base, essays=essays.essays, rendered=dict(gen.rendered),
                                    links=links), inputs[0], essays_only=True)
    manifest.save(cache_dir, output, replace(
        last, inputs=inputs[0], base_inputs=inputs[1], pages=pages, files=files,
        diagnostics=result.warnings, unrecorded=last.unrecorded | set(changed),
        bundle=(result.bundle, manifest.file_stat(result.bundle.path))
        if result.bundle else None), None)
    result.seconds = time.monotonic() - started
    return result


def apply(staging: Path, output: Path, staged: list[str], removed: set[str]) -> list[str]:
    """Move the staged files that differ into ``output`` (each by an atomic rename; the
    identical ones are left alone, same inode and time) and delete ``removed`` and the
    folders it leaves empty; returns the paths replaced or deleted."""
    done = []
    for rel in staged:
        new, old = staging / rel, output / rel
        if same_file(new, old):
            continue
        old.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new, old)
        done.append(rel)
    for rel in sorted(removed):
        (output / rel).unlink(missing_ok=True)
        done.append(rel)
        # and its folders, once empty (an essay removed takes essays/<slug>/ with it)
        folder = (output / rel).parent
        while folder != output and output in folder.parents and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return done


def same_file(new: Path, old: Path) -> bool:
    """Whether ``old`` exists with the bytes of ``new`` (a page linked from it does)."""
    try:
        if os.path.samefile(new, old):
            return True
    except OSError:
        return False
    return (old.is_file() and old.stat().st_size == new.stat().st_size
            and old.read_bytes() == new.read_bytes())


def files_under(root: Path) -> list[str]:
    """Every file under ``root``, relative, sorted."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
