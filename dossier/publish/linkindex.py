"""What a link check learnt of a site, kept so that a few changed pages can be checked alone.

:class:`LinkIndex` holds every page's ids and, for every file, the pages linking to it with
the fragments they name. :func:`check_site_indexed` is :func:`~dossier.publish.linkcheck.check_site`
that also returns it; :meth:`LinkIndex.update` then checks changed pages and every link into
them, which is all that can break (the preview's warm rebuilds,
:mod:`dossier.build.incremental`; the one-shot essays-only build,
:mod:`dossier.build.essaybuild`; the records of :mod:`dossier.publish.linkrecords`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from dossier.model import Diagnostic
from dossier.publish import linkcheck
from dossier.publish.linkcheck import _check_page, _Page, _shown, _Site, check_all


def check_site_indexed(output_dir: Path, shown_as: str | None = None,
                       progress: Callable[[int, int], None] | None = None,
                       jobs: int | None = None) -> tuple[list[Diagnostic], LinkIndex]:
    """:func:`~dossier.publish.linkcheck.check_site`, and the :class:`LinkIndex` that lets
    later changes to a few pages be checked alone."""
    index = LinkIndex(_Site(Path(output_dir)), _shown(output_dir, shown_as))
    return check_all(index.site, index.prefix, progress, jobs, index.add), index


Links = dict[str, list[tuple[str, int]]]  # target file -> [(fragment or "", line)]


def _links(site: _Site, page: str, urls: list[tuple[str, bool, int]]) -> Links:
    """The links of ``page`` to other existing files of the site, by target."""
    found: Links = {}
    directory = posixpath.dirname(page)
    for url, _fetches, line in urls:
        url = url.strip()
        if not url or url[0] == "#" or url[0] == "/":
            continue
        parts = urlsplit(url)
        if parts.scheme or not parts.path:
            continue
        rel, state = site.target(directory, parts.path)
        if state == "ok" and rel != page:
            found.setdefault(rel, []).append((unquote(parts.fragment), line))
    return found


def links_into(site: _Site, shown: str, target: str, items: list[tuple[str, int]],
               gone: bool) -> list[Diagnostic]:
    """The problems of one page's links (``items``: (fragment, line), as :data:`Links`
    holds them) into ``target``, a file that changed since they were checked: it is
    ``gone``, or a fragment names no id it has now. ``shown`` names the linking page."""
    found = []
    for fragment, line in items:
        if gone:
            found.append(Diagnostic(
                shown, line, f"broken link to {target}: it is no longer written",
                "remove the link, or restore the page it pointed at", severity="error"))
        elif (fragment and target.endswith(".html")
              and fragment not in site._pages[target].ids):
            found.append(Diagnostic(
                shown, line, f"broken link to {target}#{fragment}: no id {fragment!r} in "
                f"{target}", "link to an existing passage id, or add the old id to "
                "meta.aliases", severity="error"))
    return found


class LinkIndex:
    """What a full check learnt, kept so that a few changed pages can be checked alone
    (:mod:`dossier.build.incremental`): every page's ids and, for every file, the pages linking
    to it
    (with the fragments they name). :meth:`update` checks the changed pages' own links and
    every link *into* a changed or removed page, which is all that can break; the result
    is what :func:`check_site` would report on the whole site when the rest passed.
    Stylesheets are not indexed: a change to the theme takes a full build."""

    def __init__(self, site: _Site, prefix: str) -> None:
        self.site, self.prefix = site, prefix
        self.into: dict[str, dict[str, list[tuple[str, int]]]] = {}
        self.out: dict[str, set[str]] = {}
        self._undo: list[Callable[[], None]] = []

    def _set_links(self, page: str, links: Links | None) -> None:
        for target in self.out.pop(page, ()):
            self.into.get(target, {}).pop(page, None)
        if links is not None:
            self.out[page] = set(links)
            for target, items in links.items():
                self.into.setdefault(target, {})[page] = items

    def _links_of(self, page: str) -> Links | None:
        if page not in self.out:
            return None
        return {t: self.into[t][page] for t in self.out[page]}

    @classmethod
    def of(cls, site: _Site, prefix: str, links: Mapping[str, Links]) -> LinkIndex:
        """The index of a site already checked, from each page's links (target ->
        [(fragment, line)]) and the ids of its pages (in ``site``): what a check that reused
        the records of kept pages learnt (:mod:`dossier.publish.linkrecords`), without
        parsing those pages again."""
        index = cls(site, prefix)
        for page in sorted(links):
            index._set_links(page, links[page])
        for scanned in site._pages.values():
            scanned.urls = []  # as add() does: the links are indexed, the ids stay
        return index

    @classmethod
    def into_some(cls, root: Path, prefix: str,
                  into: Mapping[str, Mapping[str, list[tuple[str, int]]]],
                  files: Iterable[str] | None = None) -> LinkIndex:
        """The index of the checked site at ``root`` (whose files are ``files``, if known)
        that knows only the links into some of its files (``into``: target -> linking page
        -> [(fragment, line)]), enough for an :meth:`update` that changes no other file (or
        whose other pages are :meth:`add`-ed): the ids of the pages the changed ones link to
        are read from ``root`` when needed."""
        index = cls(_Site(root, files), prefix)
        for target in sorted(into):
            for page, items in sorted(into[target].items()):
                index.into.setdefault(target, {})[page] = list(items)
                index.out.setdefault(page, set()).add(target)
        return index

    def add(self, page: str) -> None:
        """Index the links of a page (scanned now if it was not), then drop its URLs (the
        ids stay)."""
        scanned = self.site.page(page)
        self._set_links(page, _links(self.site, page, scanned.urls))
        scanned.urls = []

    def adopt(self, page: str, ids: Mapping[str, int], links: Links) -> None:
        """Index a page as :meth:`add` would, from what a check that saw the same bytes
        learnt of it (its ids and links: :class:`~dossier.publish.linkrecords.PageLinks`),
        without reading it."""
        self.site._pages[page] = _Page(ids=dict(ids))
        self._set_links(page, {target: list(items) for target, items in links.items()})

    def learnt(self, page: str) -> tuple[dict[str, int], Links]:
        """The ids and links of an indexed page (as :meth:`adopt` takes them)."""
        links = self._links_of(page) or {}
        return dict(self.site._pages[page].ids), {t: links[t] for t in sorted(links)}

    def move_to(self, root: Path) -> None:
        """The checked directory now lives at ``root`` (it was renamed into place)."""
        self.site.root = root.resolve()

    def update(self, staging: Path, changed: set[str], removed: set[str],
               stale: tuple[str, ...] = ()) -> list[Diagnostic]:
        """Check ``changed`` files (relative paths, read from ``staging``) and ``removed``
        ones as if they replaced those of the indexed site. The index then describes the
        new site; :meth:`rollback` brings the old one back (call it when the new files are
        not published). ``stale``: folders whose pages are rewritten next (the search pages
        after a warm build): their links into the changed pages are checked then."""
        site, undo = self.site, []
        self._undo = undo
        touched = sorted(changed | removed)
        saved = {rel: (rel in site.files, site._pages.get(rel), self._links_of(rel))
                 for rel in touched}

        def restore() -> None:
            for rel, (present, scanned, links) in saved.items():
                (site.files.add if present else site.files.discard)(rel)
                if scanned is None:
                    site._pages.pop(rel, None)
                else:
                    site._pages[rel] = scanned
                self._set_links(rel, links)
            site._targets.clear()

        undo.append(restore)
        site._targets.clear()
        for rel in removed:
            site.files.discard(rel)
            site._pages.pop(rel, None)
            self._set_links(rel, None)
        pages = sorted(rel for rel in changed if rel.endswith(".html"))
        for rel in changed:
            site.add_file(rel)
        for rel in pages:
            site._pages[rel] = linkcheck.scan_page((staging / rel).read_bytes())
        found: list[Diagnostic] = []
        for rel in pages:
            found.extend(_check_page(site, rel, self.prefix))
        for rel in pages:
            self.add(rel)
        for target in touched:
            for page, items in sorted(self.into.get(target, {}).items()):
                if page in changed or (stale and page.startswith(stale)):
                    continue
                found.extend(links_into(site, f"{self.prefix}/{page}", target, items,
                                        gone=target in removed))
        return sorted(set(found), key=lambda d: (d.path, d.line, d.message))

    def rollback(self) -> None:
        """Undo the last :meth:`update` (if not committed)."""
        for step in reversed(self._undo):
            step()
        self._undo = []

    def commit(self) -> None:
        """The files of the last :meth:`update` are published: no way back."""
        self._undo = []
