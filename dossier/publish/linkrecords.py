"""The link check of a build that kept pages of the last output as they were.

A page kept byte for byte from the last good output (its inputs did not change:
:mod:`dossier.build.manifest`) passed the check then. What the check learnt of it is kept as a
:class:`PageLinks` record: its ids and its links to other files of the site, by target. So
:func:`check_changed` parses and checks only the files written anew, exactly as
:func:`~dossier.publish.linkcheck.check_site` would, and of the kept pages only the links
that can have broken: those into a file written anew or no longer there. The result is what
a full check of the whole folder reports (``tests/publish/test_linkrecords.py`` compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from dossier.model import Diagnostic
from dossier.publish.linkcheck import PARALLEL_FILES, _check_page, _in_parallel, _Page, _Site
from dossier.publish.linkindex import LinkIndex, Links, _links, links_into
from dossier.util import workers


@dataclass(frozen=True)
class PageLinks:
    """What the check keeps of a checked page: its ids (-> occurrences) and its links to
    other files of the site (target -> [(fragment or "", line)])."""

    ids: dict[str, int]
    links: Links


def check_changed(output_dir: Path, kept: Mapping[str, PageLinks], shown_as: str,
                  progress: Callable[[int, int], None] | None = None,
                  jobs: int | None = None, files: Collection[str] | None = None
                  ) -> tuple[list[Diagnostic], dict[str, PageLinks]]:
    """Every link problem of the site at ``output_dir``, as :func:`check_site` finds them,
    where the pages of ``kept`` (relative path -> record) are unchanged since a check they
    passed. Returns the problems and the records of every page of the site now.
    ``files``: every file of the site, relative, when some are not under ``output_dir``
    (kept pages left in the output: :mod:`dossier.build.inplace`); the pages among them
    that are not under it must be in ``kept``."""
    found, records, _site = _check(output_dir, kept, shown_as, progress, jobs, light=True,
                                   files=files)
    return found, records


def check_changed_indexed(output_dir: Path, kept: Mapping[str, PageLinks], shown_as: str,
                          progress: Callable[[int, int], None] | None = None,
                          jobs: int | None = None, files: Collection[str] | None = None
                          ) -> tuple[list[Diagnostic], dict[str, PageLinks], LinkIndex]:
    """:func:`check_changed`, and the :class:`~dossier.publish.linkindex.LinkIndex` of the
    site that the preview's essay rebuilds update (made from the records: no kept page is
    parsed again). The index is of ``output_dir``: move it with the site
    (:meth:`~dossier.publish.linkindex.LinkIndex.move_to`)."""
    found, records, site = _check(output_dir, kept, shown_as, progress, jobs, light=False,
                                  files=files)
    index = LinkIndex.of(site, shown_as, {rel: rec.links for rel, rec in records.items()})
    return found, records, index


def _check(output_dir: Path, kept: Mapping[str, PageLinks], shown_as: str,
           progress: Callable[[int, int], None] | None, jobs: int | None, light: bool,
           files: Collection[str] | None = None
           ) -> tuple[list[Diagnostic], dict[str, PageLinks], _Site]:
    """The check of :func:`check_changed`; ``light``: each fresh page's URLs are dropped
    once its record is made (the site is not used after), which keeps the peak memory of a
    large build down."""
    site = _Site(Path(output_dir), files)
    reused = {rel: rec for rel, rec in kept.items() if rel in site.files}
    for rel, rec in reused.items():
        site._pages[rel] = _Page(ids=dict(rec.ids))
    fresh = sorted(f for f in site.files if f.endswith((".html", ".css")) and f not in reused)
    count = jobs if jobs is not None else workers.cores()
    if len(fresh) >= PARALLEL_FILES and count > 1 and workers.available():
        found = _in_parallel(site, fresh, shown_as, count, progress)
    else:
        found = []
        for done, page in enumerate(fresh):
            if progress:
                progress(done, len(fresh))
            found.extend(_check_page(site, page, shown_as))
    records = dict(reused)
    for rel in fresh:
        page = site._pages.get(rel)
        if page is not None and rel.endswith(".html"):
            records[rel] = PageLinks(dict(page.ids), _links(site, rel, page.urls))
            if light:
                page.urls = []
    fresh_set = set(fresh)
    for rel, rec in sorted(reused.items()):
        for target, items in sorted(rec.links.items()):
            if target not in fresh_set and target in site.files:
                continue  # kept as it was, or not a page: what the last check saw
            found.extend(links_into(site, f"{shown_as}/{rel}", target, items,
                                    gone=target not in site.files))
    if progress:
        progress(1, 1)
    return sorted(set(found), key=lambda d: (d.path, d.line, d.message)), records, site
