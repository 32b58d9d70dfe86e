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

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from .model import Diagnostic

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
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def _ids(soup: BeautifulSoup) -> dict[str, int]:
    """Every id (and legacy ``<a name>``) in the page -> how many times it occurs."""
    counts: dict[str, int] = {}
    for tag in soup.find_all(True):
        ident = tag.get("id")
        if ident is not None:
            counts[ident] = counts.get(ident, 0) + 1
        if tag.name == "a" and tag.get("name"):
            counts.setdefault(tag["name"], 1)
    return counts


class _Site:
    """Parsed pages, cached: a page is read once however many links point at it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._soups: dict[Path, BeautifulSoup] = {}
        self._ids: dict[Path, dict[str, int]] = {}
        self._targets: dict[tuple[Path, str], tuple[Path, str, str]] = {}
        self._root_resolved = root.resolve()

    def soup(self, path: Path) -> BeautifulSoup:
        if path not in self._soups:
            text = path.read_text(encoding="utf-8", errors="replace")
            self._soups[path] = BeautifulSoup(text, "html.parser")
        return self._soups[path]

    def target(self, directory: Path, raw_path: str) -> tuple[Path, str, str]:
        """(target, path relative to the root, state) for a link path seen from
        ``directory``; state is ok, outside, directory or missing. Cached: a site
        repeats the same few targets thousands of times."""
        key = (directory, raw_path)
        if key not in self._targets:
            target = (directory / unquote(raw_path)).resolve()
            root = self._root_resolved
            if target != root and root not in target.parents:
                self._targets[key] = (target, "", "outside")
            else:
                rel = target.relative_to(root).as_posix() if target != root else "."
                state = ("directory" if raw_path.endswith("/") or target.is_dir()
                         else "ok" if target.is_file() else "missing")
                self._targets[key] = (target, rel, state)
        return self._targets[key]

    def ids(self, path: Path) -> dict[str, int]:
        if path not in self._ids:
            self._ids[path] = _ids(self.soup(path))
        return self._ids[path]


def _check_url(site: _Site, page: Path, url: str, fetches: bool, shown: str,
               line: int) -> Diagnostic | None:
    """One URL found in ``page``; ``shown`` is the page's name in messages."""

    def error(message: str, fix: str) -> Diagnostic:
        return Diagnostic(shown, line, message, fix, severity="error")

    url = url.strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        if parts.scheme.lower() == "data" and fetches:
            return None
        if parts.scheme.lower() not in _SAFE_SCHEMES and not url.startswith("//"):
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
        target = page
    else:
        target, rel, state = site.target(page.parent, parts.path)
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
    if fragment and target.suffix == ".html":
        if fragment not in site.ids(target):
            where = "this page" if target == page else rel
            return error(f"broken link {url!r}: no id {fragment!r} in {where}",
                         "link to an existing passage id, or add the old id to meta.aliases")
    return None


def _html_urls(soup: BeautifulSoup):
    """(url, fetches, line) for every URL-bearing attribute, document order."""
    for tag in soup.find_all(list(_URL_ATTRS)):
        for attr, fetches in _URL_ATTRS[tag.name]:
            value = tag.get(attr)
            if value is None:
                continue
            if tag.name == "link":
                rels = {r.lower() for r in (tag.get("rel") or [])}
                fetches = not rels or not rels <= _PASSIVE_RELS
            yield str(value), fetches, tag.sourceline or 0
        srcset = tag.get("srcset")
        if srcset:
            for candidate in str(srcset).split(","):
                if candidate.strip():
                    yield candidate.split()[0], True, tag.sourceline or 0


def check_site(output_dir: Path, shown_as: str | None = None) -> list[Diagnostic]:
    """Every link problem in the site at ``output_dir``, sorted by file and line.

    ``shown_as`` is the directory name used in messages (default: the
    directory's own name), so a build checked in a temporary directory still
    reports ``output/…`` paths.
    """
    output_dir = Path(output_dir)
    prefix = shown_as if shown_as is not None else output_dir.name
    site = _Site(output_dir)
    found: list[Diagnostic] = []
    files = sorted(p for p in output_dir.rglob("*") if p.is_file()
                   and p.suffix in (".html", ".css"))
    for path in files:
        page = path.resolve()
        shown = f"{prefix}/{path.relative_to(output_dir).as_posix()}"
        if path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            for m in _CSS_URL.finditer(text):
                url = m.group(2) or m.group(4)
                line = text.count("\n", 0, m.start()) + 1
                d = _check_url(site, page, url, True, shown, line)
                if d:
                    found.append(d)
            continue
        soup = site.soup(page)
        for ident, count in sorted(site.ids(page).items()):
            if count > 1:
                found.append(Diagnostic(shown, 0, f"id {ident!r} used {count} times",
                                        "give every element a unique id", severity="error"))
        if soup.find("base"):
            found.append(Diagnostic(shown, soup.find("base").sourceline or 0,
                                    "<base> element changes how every link resolves",
                                    "remove it; links are relative to their page",
                                    severity="error"))
        for url, fetches, line in _html_urls(soup):
            d = _check_url(site, page, url, fetches, shown, line)
            if d:
                found.append(d)
    return sorted(set(found), key=lambda d: (d.path, d.line, d.message))
