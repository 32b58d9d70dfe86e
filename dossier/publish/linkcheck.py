"""Check a built site's links and anchors, the way a browser on ``file://`` sees them.

Pure function of the files on disk: :func:`check_site` reads every ``.html`` and
``.css`` file under the output directory and returns one
:class:`~dossier.model.Diagnostic` (severity ``error``) per problem:

* a relative link whose target file does not exist;
* a link to a directory (works behind a web server, breaks from ``file://``);
* a ``#fragment`` that names no ``id`` in the target page;
* a root-absolute link (``/x``), which breaks under a sub-path and from ``file://``;
* a resource (``src``, stylesheet, icon, CSS ``url()``) on another host: no
  request may leave the site. Plain ``<a href="https://…">`` links are fine.
* a duplicated ``id`` inside one page (a fragment could land on either).
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml import etree

from dossier.model import Diagnostic
from dossier.urls import SITE_LINK_SCHEMES
from dossier.util import workers

# Attributes that name a URL, and whether following it is a request the
# browser makes by itself (True) or only when the reader clicks (False).
_URL_ATTRS: dict[str, tuple[tuple[str, bool], ...]] = {
    "a": (("href", False),),
    "area": (("href", False),),
    "link": (("href", True),),  # refined by rel below
    "img": (("src", True),),
    "script": (("src", True),),
    "iframe": (("src", True),),
    "source": (("src", True),),
    "audio": (("src", True),),
    "video": (("src", True), ("poster", True)),
    "track": (("src", True),),
    "embed": (("src", True),),
    "object": (("data", True),),
    "form": (("action", False),),
}
# <link rel=...> values that never make the browser fetch anything.
_PASSIVE_RELS = frozenset({"canonical", "alternate", "author", "license", "help", "me"})
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


# Elements that can carry an id or a URL: filtered by libxml2, not in Python.
_INTERESTING = etree.XPath(
    "//*[@id or @href or @src or @srcset or @data or @action or @poster or @name]"
    " | //base")


@dataclass
class _Page:
    """What the check needs of one page: its ids (-> occurrences), its URLs
    ((url, fetches, line), document order), and the line of a ``<base>`` element."""

    ids: dict[str, int] = field(default_factory=dict)
    urls: list[tuple[str, bool, int]] = field(default_factory=list)
    base_line: int | None = None


def scan_page(data: bytes) -> _Page:
    """One pass over an HTML page with libxml2's parser (via lxml: a tenth of the time
    of BeautifulSoup's ``html.parser`` on large pages, which matters at thousands of
    pages). Only ids and URLs are kept, never the tree."""
    page = _Page()
    if not data.strip():
        return page
    root = etree.fromstring(data, _parser())
    if root is None:
        return page
    for el in _INTERESTING(root):
        tag = el.tag if isinstance(el.tag, str) else ""
        line = el.sourceline or 0
        if tag == "base":
            page.base_line = page.base_line or line or 1
        ident = el.get("id")
        if ident is not None:
            page.ids[ident] = page.ids.get(ident, 0) + 1
        if tag == "a" and el.get("name"):
            page.ids.setdefault(el.get("name"), 1)
        for attr, fetches in _URL_ATTRS.get(tag, ()):
            value = el.get(attr)
            if value is None:
                continue
            if tag == "link":
                rels = {r.lower() for r in (el.get("rel") or "").split()}
                fetches = not rels or not rels <= _PASSIVE_RELS
            page.urls.append((value, fetches, line))
        srcset = el.get("srcset") if tag in _URL_ATTRS else None
        if srcset:
            for candidate in srcset.split(","):
                if candidate.strip():
                    page.urls.append((candidate.split()[0], True, line))
    return page


def _parser() -> etree.HTMLParser:
    return etree.HTMLParser(encoding="utf-8", recover=True, no_network=True,
                            remove_comments=True, huge_tree=True)


def _add_folders(folders: set[str], rel: str) -> None:
    """The folders holding the file ``rel`` added to ``folders``."""
    parent = posixpath.dirname(rel)
    while parent and parent not in folders:
        folders.add(parent)
        parent = posixpath.dirname(parent)


class _Site:
    """Scanned pages, cached: a page is read once however many links point at it.
    Pages and targets are named by their path relative to the root, as text: the output
    holds no symbolic links, so resolving against one listing of the tree gives what a
    browser gets, without a ``stat`` or a :class:`~pathlib.Path` per link."""

    def __init__(self, root: Path, files: Iterable[str] | None = None) -> None:
        """``files``: every file under ``root``, relative, if known (else it is listed)."""
        self.root = root.resolve()
        self._pages: dict[str, _Page] = {}
        self._targets: dict[tuple[str, str], tuple[str, str]] = {}
        self.files: set[str] = set()
        # the folders, made from ``files`` only if a link to something not a file asks
        self._dirs: set[str] | None = None
        if files is not None:
            self.files.update(files)
            return
        self._dirs = {"."}
        for here, dirs, names in os.walk(self.root):
            rel = Path(here).relative_to(self.root).as_posix()
            prefix = "" if rel == "." else rel + "/"
            self._dirs.update(prefix + d for d in dirs)
            self.files.update(prefix + f for f in names)

    @property
    def dirs(self) -> set[str]:
        """Every folder holding a file (and, when the tree was listed, every folder)."""
        if self._dirs is None:
            self._dirs = {"."}
            for rel in self.files:
                _add_folders(self._dirs, rel)
        return self._dirs

    def add_file(self, rel: str) -> None:
        """A file the site now has (its folders too, once they are known)."""
        self.files.add(rel)
        if self._dirs is not None:
            _add_folders(self._dirs, rel)

    def add_pages(self, pages: list[tuple[str, _Page]]) -> None:
        """Pages scanned elsewhere (by a worker process)."""
        self._pages.update(pages)

    def page(self, rel: str) -> _Page:
        if rel not in self._pages:
            self._pages[rel] = scan_page((self.root / rel).read_bytes())
        return self._pages[rel]

    def target(self, directory: str, raw_path: str) -> tuple[str, str]:
        """(path relative to the root, state) of a link path seen from ``directory``
        (relative to the root, "" for the root); state is ok, outside, directory or
        missing. Cached: a site repeats the same targets thousands of times."""
        key = (directory, raw_path)
        hit = self._targets.get(key)
        if hit is None:
            rel = posixpath.normpath(posixpath.join(directory, unquote(raw_path)))
            if rel == ".." or rel.startswith("../") or rel.startswith("/"):
                hit = ("", "outside")
            else:
                state = ("directory" if raw_path.endswith("/")
                         else "ok" if rel in self.files
                         else "directory" if rel in self.dirs else "missing")
                hit = (rel, state)
            self._targets[key] = hit
        return hit


def _check_url(site: _Site, page: str, url: str, fetches: bool, shown: str,
               line: int) -> Diagnostic | None:
    """One URL found in ``page`` (relative to the root); ``shown`` names it in messages."""

    def error(message: str, fix: str) -> Diagnostic:
        return Diagnostic(shown, line, message, fix, severity="error")

    url = url.strip()
    if not url:
        return None
    if url[0] == "#":  # the commonest link by far (permalinks, notes): this very page
        fragment = unquote(url[1:])
        if fragment and page.endswith(".html") and fragment not in site.page(page).ids:
            return error(f"broken link {url!r}: no id {fragment!r} in this page",
                         "link to an existing passage id, or add the old id to meta.aliases")
        return None
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        if parts.scheme.lower() == "data" and fetches:
            return None
        if parts.scheme.lower() not in SITE_LINK_SCHEMES and not url.startswith("//"):
            return error(f"link with unsupported scheme {url!r}",
                         "use an http(s) link or a path relative to this page")
        if fetches:
            return error(f"resource loaded from another host {url!r}",
                         "copy the file into theme/static/ and link it with a relative path: "
                         "no request may leave the site")
        return None
    if url.startswith("/"):
        return error(f"root-absolute link {url!r}",
                     "use a path relative to this page (e.g. '../../index.html') so the site "
                     "works under a sub-path and from file://")
    fragment = unquote(parts.fragment)
    if not parts.path:  # "#frag" (or "?q"): this very page
        rel = page
    else:
        rel, state = site.target(posixpath.dirname(page), parts.path)
        if state == "outside":
            return error(f"link {url!r} leaves the site", "link to a file inside the output")
        if state == "directory":
            index = PurePosixPath(rel) / "index.html"
            return error(f"link to a directory {url!r}",
                         f"link to the file ({index}) instead: a directory link breaks "
                         "when the site is opened from file://")
        if state == "missing":
            return error(f"broken link {url!r}: {rel} does not exist",
                         "fix the link or the page that should have been written there")
    if fragment and rel.endswith(".html"):
        if fragment not in site.page(rel).ids:
            where = "this page" if rel == page else rel
            return error(f"broken link {url!r}: no id {fragment!r} in {where}",
                         "link to an existing passage id, or add the old id to meta.aliases")
    return None


def _check_page(site: _Site, page: str, prefix: str) -> list[Diagnostic]:
    """Every problem of one file (an HTML page or a stylesheet) of the site."""
    found: list[Diagnostic] = []
    shown = f"{prefix}/{page}"
    if page.endswith(".css"):
        text = (site.root / page).read_text(encoding="utf-8", errors="replace")
        for m in _CSS_URL.finditer(text):
            url = m.group(2) or m.group(4)
            line = text.count("\n", 0, m.start()) + 1
            d = _check_url(site, page, url, True, shown, line)
            if d:
                found.append(d)
        return found
    scanned = site.page(page)
    for ident, count in sorted(scanned.ids.items()):
        if count > 1:
            found.append(Diagnostic(shown, 0, f"id {ident!r} used {count} times",
                                    "give every element a unique id", severity="error"))
    if scanned.base_line is not None:
        found.append(Diagnostic(shown, scanned.base_line,
                                "<base> element changes how every link resolves",
                                "remove it; links are relative to their page",
                                severity="error"))
    for url, fetches, line in scanned.urls:
        d = _check_url(site, page, url, fetches, shown, line)
        if d:
            found.append(d)
    return found


# From this many files on, the check runs on all cores (forked workers).
PARALLEL_FILES = 400
CHUNK = 100  # files per task handed to a worker
def _in_parallel(site: _Site, files: list[str], prefix: str, count: int,
                 progress: Callable[[int, int], None] | None) -> list[Diagnostic]:
    """Two rounds of forked workers: every page scanned (ids and URLs back to this
    process), then every page's links checked against all the ids (diagnostics back)."""
    chunks = [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)]
    total, done = 2 * len(files), 0

    def scan(chunk: list[str]) -> list[tuple[str, _Page]]:
        return [(rel, scan_page((site.root / rel).read_bytes()))
                for rel in chunk if rel.endswith(".html")]

    def check(chunk: list[str]) -> list[Diagnostic]:
        return [d for page in chunk for d in _check_page(site, page, prefix)]

    for chunk, pages in zip(chunks, workers.fork_map(scan, chunks, count), strict=True):
        site.add_pages(pages)
        done += len(chunk)
        if progress:
            progress(done, total)
    found: list[Diagnostic] = []
    # A second round of workers, forked now: they see every page's ids.
    for chunk, diags in zip(chunks, workers.fork_map(check, chunks, count), strict=True):
        found.extend(diags)
        done += len(chunk)
        if progress:
            progress(done, total)
    return found


def check_site(output_dir: Path, shown_as: str | None = None,
               progress: Callable[[int, int], None] | None = None,
               jobs: int | None = None) -> list[Diagnostic]:
    """Every link problem in the site at ``output_dir``, sorted by file and line.

    ``shown_as`` is the directory name used in messages (default: the
    directory's own name), so a build checked in a temporary directory still
    reports ``output/…`` paths. ``progress(done, total)`` is told of each file checked.
    A large site is checked on all cores (``jobs``, default: the number of cores); the
    result is the same.
    """
    return check_all(_Site(Path(output_dir)), _shown(output_dir, shown_as), progress, jobs)


def _shown(output_dir: Path, shown_as: str | None) -> str:
    return shown_as if shown_as is not None else Path(output_dir).name


def check_all(site: _Site, prefix: str, progress: Callable[[int, int], None] | None,
              jobs: int | None, checked: Callable[[str], None] | None = None
              ) -> list[Diagnostic]:
    """Every problem of every page and stylesheet of ``site`` (``prefix`` names its folder
    in messages); ``checked(page)`` is told of each page checked, its URLs still there
    (:func:`dossier.publish.linkindex.check_site_indexed` indexes them)."""
    files = sorted(f for f in site.files if f.endswith((".html", ".css")))
    count = jobs if jobs is not None else workers.cores()
    if len(files) >= PARALLEL_FILES and count > 1 and workers.available():
        found = _in_parallel(site, files, prefix, count, progress)
        if checked is not None:
            for page in files:
                if page.endswith(".html"):
                    checked(page)
    else:
        found = []
        for done, page in enumerate(files):
            if progress:
                progress(done, len(files))
            found.extend(_check_page(site, page, prefix))
            if page in site._pages:
                if checked is not None:
                    checked(page)
                site._pages[page].urls = []  # checked: only the ids are needed from here on
        if progress:
            progress(len(files), len(files))
    return sorted(set(found), key=lambda d: (d.path, d.line, d.message))
