"""Site search: a Pagefind index of the built pages that also works from ``file://``.

Runs after Pelican has written the site, on the output folder:

1. Pagefind (1.6, the npm package pinned in ``vendor/pagefind/``, which ``make site``
   installs; run as a subprocess) indexes every built page that carries ``data-pagefind-body``
   and writes its bundle into ``pagefind/``. It is given only those pages (see
   :func:`_run_pagefind`). Pagefind's own ready-made UIs are deleted: they do not load from
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
so the UI maps each matched word to the last anchor at or before it, and links there. Each
passage is indexed once, on its document's page: theme, entity and essay pages leave out
what they quote or list from other pages (``data-pagefind-ignore`` in their templates).

Everything written is a function of the built pages: same input, same bytes.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from dossier.publish import search_terms

# Pagefind, installed by `make site` with npm from vendor/pagefind/package-lock.json.
PAGEFIND_BIN = Path(__file__).resolve().parents[2] / "vendor/pagefind/node_modules/.bin/pagefind"
# Pagefind's Linux builds allocate with jemalloc: one arena, no thread caches, freed pages
# returned at once. Its peak at N=5,000 documents: 2,635 -> 1,988 MB (indexing 27 -> 42 s).
PAGEFIND_ENV = {"_RJEM_MALLOC_CONF": "narenas:1,tcache:false,dirty_decay_ms:0,muzzy_decay_ms:0"}
# The attribute inside a start tag (not the words in a text, where "<" is escaped).
BODY_MARK = re.compile(rb"<[a-z][^<>]*\sdata-pagefind-body(?=[\s=/>])", re.IGNORECASE)
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

    _run_pagefind(output_dir, bundle, language)
    for name in UNUSED_FILES:
        (bundle / name).unlink(missing_ok=True)
    index_files = sorted(p for p in bundle.rglob("*") if p.is_file())
    offline = write_offline_wrappers(bundle)

    # one fragment at a time: together they are every page's text, twice
    tally = search_terms.Tally.of(each_fragment(bundle))
    terms = tally.vocabulary()
    search_dir = output_dir / SEARCH_DIR
    search_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / TERMS_FILE).write_text(search_terms.terms_script(terms), encoding="utf-8")
    letters = tally.az_index(language)
    render_search_pages(output_dir, letters, templates, context)

    return SearchStats(
        pages=len(tally.pages),
        index_files=len(index_files),
        index_bytes=sum(p.stat().st_size for p in index_files),
        offline_files=len(offline),
        offline_bytes=sum(p.stat().st_size for p in offline),
        terms=len(terms),
        az_entries=sum(len(letter.entries) for letter in letters),
    )


def marked_pages(site: Path) -> list[str]:
    """The ``.html`` files under ``site`` that carry ``data-pagefind-body`` (the only ones
    Pagefind indexes once any page has it), relative to ``site``, sorted."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if _marked(p.read_bytes()))


def _marked(html: bytes) -> bool:
    return b"data-pagefind-body" in html and BODY_MARK.search(html) is not None


def _stage(site: Path, pages: list[str], into: Path) -> None:
    """``pages`` of ``site`` at the same paths under ``into``: hard links, else copies."""
    for rel in pages:
        target = into / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / rel, target)
        except OSError:
            shutil.copyfile(site / rel, target)


def pagefind_binary() -> Path:
    """The Pagefind executable: ``$DOSSIER_PAGEFIND``, else the one ``make site`` installs
    from ``vendor/pagefind/package-lock.json`` (npm's ``pagefind`` launcher)."""
    configured = os.environ.get("DOSSIER_PAGEFIND")
    binary = Path(configured) if configured else PAGEFIND_BIN
    if not binary.is_file():
        raise SearchBuildError(f"Pagefind is not installed at {binary}: run `make site` (or "
                               f"`npm ci` in {PAGEFIND_BIN.parents[2]}), or build --no-search")
    return binary


def _run_pagefind(site: Path, bundle: Path, language: str) -> int:
    """Index the marked pages of ``site`` into ``bundle``; return how many.

    Pagefind sees only the pages that carry ``data-pagefind-body`` (hard links in a folder
    of their own, at the same paths, so the URLs are the same): it would otherwise read and
    hold every page of the site to find that most of them are not to be indexed. It runs
    from that folder with a config file of our own (no ``pagefind.yml`` of the caller's,
    no ``PAGEFIND_*`` variable, is read).
    """
    pages = marked_pages(site)
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site.parent) as tmp:
        work = Path(tmp)
        (work / "site").mkdir()
        _stage(site, pages, work / "site")
        config = {
            "site": "site",
            "output_path": str(bundle),
            "keep_index_url": True,  # file:// has no directory index: keep .../index.html
            "force_language": language,
            "exclude_selectors": list(EXCLUDE_SELECTORS),
            "write_playground": False,
            "quiet": True,
        }
        (work / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
        env.update(PAGEFIND_ENV)
        done = subprocess.run([str(pagefind_binary())], cwd=work, env=env,
                              capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchBuildError(f"Pagefind failed ({done.returncode}): "
                               f"{(done.stderr or done.stdout).strip()[-2000:]}")
    if not (bundle / "pagefind-entry.json").is_file():
        raise SearchBuildError(f"{bundle}: Pagefind wrote no pagefind-entry.json")
    cut = unsettled(bundle)
    if cut:
        raise SearchBuildError(f"{bundle}: Pagefind left {', '.join(cut[:5])} incomplete")
    return len(pages)


def unsettled(bundle: Path) -> list[str]:
    """The files pagefind.js fetches that are not whole on disk, relative to ``bundle``.
    Checked once Pagefind has exited: Pagefind 1.5's Python service answered before its
    last writes had landed, and a file cut short (seen: ``wasm.unknown.pagefind``, 65,536 of
    68,024 bytes) would break search only in the browser. See :func:`_whole`."""
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


def each_fragment(bundle: Path) -> Iterator[dict[str, Any]]:
    """Every page as Pagefind indexed it (url, content, meta, anchors), read one at a time
    (in the order of the fragments' file names)."""
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        yield json.loads(_decompress(path.read_bytes()))


def read_fragments(bundle: Path) -> list[dict[str, Any]]:
    """:func:`each_fragment`, all at once, sorted by URL."""
    return sorted(each_fragment(bundle), key=lambda f: f["url"])


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
