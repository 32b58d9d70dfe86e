"""Site search: a Pagefind index of the built pages that also works from ``file://``.

Runs after Pelican has written the site, on the output folder:

1. Pagefind (``pagefind[extended]``, pinned) indexes every built page that carries
   ``data-pagefind-body`` (pages without it are skipped once any page has it) and writes its
   bundle into ``pagefind/``. Pagefind's own ready-made UIs are deleted: they do not load from
   ``file://`` and the site has its own small UI (``theme/static/js/search.js``).
2. Offline copy: every file that Pagefind's JS fetches is re-wrapped as a classic script,
   ``pagefind/offline/<path>.js``, which calls ``__pagefindOffline.put(path, base64)``. From
   ``file://`` the loader (``theme/static/js/pagefind-offline.js``) answers Pagefind's fetches
   from these scripts, imports ``pagefind.js`` from a ``blob:`` URL and runs Pagefind's worker
   from a ``blob:`` URL too (its fetches answered by the page), so a search never blocks it.
   The data stays gzip'd, exactly as written: Pagefind decompresses it in JS itself.
3. The vocabulary for "did you mean" (``search/terms.js``), the search page
   (``search/index.html``) and the no-JavaScript A–Z index (``search/a-z.html``), rendered from
   ``theme/templates/search.html`` and ``search_az.html``.

Passages: Pagefind records every element with an ``id`` inside the indexed body as an
*anchor* (element, id, text, word position). Its own sub-results only split pages at headings,
so the UI maps each matched word to the last anchor at or before it, and links there.

Everything written is a function of the built pages: same input, same bytes.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import json
import shutil
import zlib
from collections.abc import Callable, Coroutine, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from dossier.publish import search_terms

T = TypeVar("T")

PAGEFIND_DIR = "pagefind"
OFFLINE_DIR = "offline"
SEARCH_DIR = "search"
SEARCH_PAGE = "search/index.html"
AZ_PAGE = "search/a-z.html"
TERMS_FILE = "search/terms.js"

# Never indexed, whatever the templates say: permalinks ("¶"), navigation and the footer.
EXCLUDE_SELECTORS = (
    "a.permalink",
    ".citebox",  # "Cite this passage" (also data-pagefind-ignore)
    ".passage-notes",  # "Themes: … Cited by: …" after a passage
    ".why",  # "Why this passage" on theme pages
    ".strip-evidence",  # "Evidence: 1, 2" after an event on theme and entity pages
    ".editorial",  # the "editorial date" marker of an event
    ".card-meta",  # counts under a title ("3 passages in 2 documents")
    ".count",  # "(3)", "1 mention"
    ".inferred",  # the "[inferred title]" marker in a heading
    ".breadcrumb",
    ".skip-link",
    ".visually-hidden",  # screen-reader repeats: "(passage p-4lx6mc)", "— Title, by", "page"
    ".site-header",
    ".site-footer",
    "nav",
    "script",
    "noscript",
)

# What Pagefind writes that the site never loads: its ready-made UIs and the highlighter.
UNUSED_FILES = (
    "pagefind-component-ui.css",
    "pagefind-component-ui.js",
    "pagefind-highlight.js",
    "pagefind-modular-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-ui.css",
    "pagefind-ui.js",
)

# Files under pagefind/ that pagefind.js fetches (or that the loader runs), by suffix.
FETCHED_SUFFIXES = (".json", ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")
FETCHED_NAMES = ("pagefind.js", "pagefind-worker.js")


class SearchBuildError(RuntimeError):
    """Pagefind failed or wrote something the offline copy cannot use."""


@dataclass(frozen=True)
class SearchStats:
    pages: int  # pages Pagefind indexed
    index_files: int  # files in pagefind/ without offline/
    index_bytes: int
    offline_files: int  # wrapper scripts in pagefind/offline/
    offline_bytes: int
    terms: int  # words in search/terms.js
    az_entries: int  # entries (pages and key terms) on the A–Z page


def build_search(output_dir: Path, templates: jinja2.Environment, context: Mapping[str, Any],
                 *, language: str = "en") -> SearchStats:
    """Index ``output_dir`` with Pagefind, add the offline copy and write the search pages.

    ``language`` is forced for every page (one index, one stemmer: pages in other scripts,
    such as Urdu, are still found, from a search page whose ``<html lang>`` is ``language``).
    ``templates`` is the site's Jinja environment and ``context`` its settings as the
    templates see them (SITENAME, SITESUBTITLE, SITEURL, BUILD_DATE, …), both built from the
    site's settings (:mod:`dossier.build.pelican`): the search pages are the site's pages.
    """
    output_dir = Path(output_dir).resolve()
    bundle = output_dir / PAGEFIND_DIR
    for owned in (bundle, output_dir / SEARCH_DIR):
        if owned.exists():
            shutil.rmtree(owned)  # our own output only: never index our previous pages

    _run_async(lambda: _run_pagefind(output_dir, bundle, language))
    for name in UNUSED_FILES:
        (bundle / name).unlink(missing_ok=True)
    index_files = sorted(p for p in bundle.rglob("*") if p.is_file())
    offline = write_offline_wrappers(bundle)

    fragments = read_fragments(bundle)
    terms = search_terms.vocabulary(fragments)
    search_dir = output_dir / SEARCH_DIR
    search_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / TERMS_FILE).write_text(search_terms.terms_script(terms), encoding="utf-8")
    letters = search_terms.az_index(fragments, language)
    render_search_pages(output_dir, letters, templates, context)

    return SearchStats(
        pages=len(fragments),
        index_files=len(index_files),
        index_bytes=sum(p.stat().st_size for p in index_files),
        offline_files=len(offline),
        offline_bytes=sum(p.stat().st_size for p in offline),
        terms=len(terms),
        az_entries=sum(len(letter.entries) for letter in letters),
    )


def _run_async(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to the end, also when called from a thread that runs an event loop
    (Playwright's sync API, an async caller): then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


async def _run_pagefind(site: Path, bundle: Path, language: str) -> int:
    """Index every ``.html`` under ``site`` with one ``add_directory`` call; return the count.

    One call, not one ``add_html_file`` per page: the Python API reads one reply per 100 ms.
    """
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService

    config = IndexConfig(
        keep_index_url=True,  # file:// has no directory index: keep .../index.html in URLs
        force_language=language,
        exclude_selectors=list(EXCLUDE_SELECTORS),
        write_playground=False,
    )
    async with PagefindService() as service:
        index = await service.create_index(config)
        result = await index.add_directory(str(site), glob="**/*.html")
        await index.write_files(output_path=str(bundle))
        await _settle(bundle)  # before the service is stopped
    if not (bundle / "pagefind-entry.json").is_file():
        raise SearchBuildError(f"{bundle}: Pagefind wrote no pagefind-entry.json")
    return int(result["page_count"])


# At most this long for Pagefind's last writes to land after write_files() answered.
SETTLE_S = 60.0
SETTLE_POLL_S = 0.1


def unsettled(bundle: Path) -> list[str]:
    """The files pagefind.js fetches that are not whole on disk (yet), relative to
    ``bundle``. Pagefind 1.5 answers ``write_files()`` before its last writes have landed (it
    writes through tokio files it never flushes), and the Python API stops the service as
    soon as the ``async with`` ends: on a loaded machine a file could be cut short (seen:
    ``wasm.unknown.pagefind``, 65,536 of 68,024 bytes). See :func:`_whole`."""
    return [p.relative_to(bundle).as_posix() for p in fetched_files(bundle) if not _whole(p)]


def _whole(path: Path) -> bool:
    """Gzip'd files must decompress to the end, the entry must be JSON, and a script must
    end its last statement."""
    data = path.read_bytes()
    try:
        if path.suffix == ".json":
            json.loads(data)
        elif path.suffix == ".js":
            return data.rstrip().endswith((b"};", b");"))
        else:
            gzip.decompress(data)
    except (ValueError, EOFError, OSError, zlib.error):
        return False
    return True


async def _settle(bundle: Path) -> None:
    """Wait until every file Pagefind wrote is whole and no size changes between two
    looks (see :func:`unsettled`); a :class:`SearchBuildError` after :data:`SETTLE_S`.
    A file found whole is read again only if its size changes."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SETTLE_S
    sizes: dict[Path, int] | None = None
    whole: dict[Path, int] = {}  # path -> the size it was found whole at
    while True:
        now = {p: p.stat().st_size for p in fetched_files(bundle)}
        for path, size in now.items():
            if whole.get(path) != size and _whole(path):
                whole[path] = size
        bad = sorted(p.relative_to(bundle).as_posix() for p, size in now.items()
                     if whole.get(p) != size)
        if not bad and now == sizes:
            return
        if loop.time() > deadline:
            raise SearchBuildError(f"{bundle}: Pagefind did not finish writing "
                                   f"{', '.join(bad[:5]) or 'its files'}")
        sizes = now
        await asyncio.sleep(SETTLE_POLL_S)


def fetched_files(bundle: Path) -> list[Path]:
    """The files of the bundle that pagefind.js fetches or imports, sorted by path."""
    return sorted(
        p for p in bundle.rglob("*")
        if p.is_file() and OFFLINE_DIR not in p.relative_to(bundle).parts[:1]
        and (p.name in FETCHED_NAMES or p.name.endswith(FETCHED_SUFFIXES))
    )


def wrapper_script(key: str, data: bytes) -> str:
    """A classic script that hands ``data`` (base64) to the offline loader under ``key``."""
    encoded = base64.b64encode(data).decode("ascii")
    return f"window.__pagefindOffline.put({json.dumps(key)},\"{encoded}\");\n"


def write_offline_wrappers(bundle: Path) -> list[Path]:
    """Write ``offline/<path>.js`` for every fetched file; return the wrappers, sorted."""
    out = bundle / OFFLINE_DIR
    written = []
    for path in fetched_files(bundle):
        key = path.relative_to(bundle).as_posix()
        target = out / f"{key}.js"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(wrapper_script(key, path.read_bytes()), encoding="ascii")
        written.append(target)
    return written


def _decompress(data: bytes) -> bytes:
    """As pagefind.js does: optional gzip, then a ``pagefind_dcd`` signature."""
    if not data.startswith(b"pagefind_dcd"):
        data = gzip.decompress(data)
    if not data.startswith(b"pagefind_dcd"):
        raise SearchBuildError("a Pagefind file has no pagefind_dcd signature")
    return data[len(b"pagefind_dcd"):]


def read_fragments(bundle: Path) -> list[dict[str, Any]]:
    """Every page as Pagefind indexed it (url, content, meta, anchors), sorted by URL."""
    fragments = [json.loads(_decompress(p.read_bytes()))
                 for p in sorted((bundle / "fragment").glob("*.pf_fragment"))]
    return sorted(fragments, key=lambda f: f["url"])


def render_search_pages(output_dir: Path, letters: list[search_terms.Letter],
                        templates: jinja2.Environment, context: Mapping[str, Any]) -> None:
    """Render the search page and the A–Z page with the site's own base template."""
    base = {"root": "../", **context}
    about = f"Search the passages, documents, themes and entities of {base['SITENAME']}."
    pages = ((SEARCH_PAGE, "search.html", {"seo": {"title": "Search", "description": about}}),
             (AZ_PAGE, "search_az.html", {"letters": letters, "seo": {
                 "title": "A–Z index", "description": "Every document, theme, entity and key "
                                                     f"term of {base['SITENAME']}."}}))
    for save_as, template, values in pages:
        html = templates.get_template(template).render(**base, page_path=save_as, **values)
        (output_dir / save_as).write_text(html, encoding="utf-8")
