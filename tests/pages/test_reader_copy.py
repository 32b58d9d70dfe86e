"""Reader-facing copy: the built site never calls its documents "seeds".

"Seed" is the project's word for its input files, not a reader's. The one place it may appear is
the source file's path on a document page (``seeds/000_8babe19812b59db0.txt``), which names a
real file. Every HTML, XML and JSON file of the built site is read whole (visible text,
attributes, inline scripts and data alike), and so is what search shows: the vocabulary for
"did you mean" and the indexed text of every page.
"""

from __future__ import annotations

import re
from pathlib import Path

from dossier.publish.search import read_fragments

SEED_WORD = re.compile(r"\bseeds?\b", re.IGNORECASE)
# The source file's path on a document page: seeds/NNN_<hex>.txt
SOURCE_PATH = re.compile(r"\bseeds/[\w.-]+\.txt\b")
TEXT_SUFFIXES = {".html", ".xml", ".json", ".jsonl", ".svg", ".bib", ".txt"}


def _offences(text: str) -> list[str]:
    """Each use of "seed(s)" outside a source path, with a little context."""
    cleaned = SOURCE_PATH.sub("SOURCE-PATH", text)
    return [cleaned[max(0, m.start() - 50):m.end() + 50].replace("\n", " ")
            for m in SEED_WORD.finditer(cleaned)]


def test_offences_finds_the_word_but_not_a_source_path():
    assert _offences("Source file <code>seeds/002_e978498d42cd5b6c.txt</code>") == []
    assert _offences('<meta content="The Seeds present Russia">')
    assert _offences("one seed report")
    assert not _offences("seedling, linseed")


def test_no_page_file_says_seed(built_site: Path):
    files = [p for p in sorted(built_site.rglob("*"))
             if p.is_file() and p.suffix in TEXT_SUFFIXES and "pagefind" not in p.parts]
    assert any(p.suffix == ".html" for p in files) and any(p.suffix == ".json" for p in files)
    found = {p.relative_to(built_site).as_posix(): hits for p in files
             if (hits := _offences(p.read_text(encoding="utf-8", errors="replace")))}
    assert not found, "the site says 'seed' to a reader:\n" + "\n".join(
        f"{path}: …{hit}…" for path, hits in found.items() for hit in hits[:3])


def test_search_never_shows_or_suggests_seed(built_site: Path):
    terms = (built_site / "search" / "terms.js").read_text(encoding="utf-8")
    assert not SEED_WORD.search(terms), "'seed' is in the search vocabulary (search/terms.js)"
    fragments = read_fragments(built_site / "pagefind")
    assert fragments
    found = {f["url"]: hits for f in fragments
             if (hits := _offences(f.get("content", "") + " " + str(f.get("meta", {}))))}
    assert not found, "indexed text says 'seed':\n" + "\n".join(
        f"{url}: …{hit}…" for url, hits in found.items() for hit in hits[:3])


def test_every_page_has_a_meaningful_description(built_site: Path):
    """One ``<meta name="description">`` per page (Lighthouse SEO asks for it), of a sentence."""
    from bs4 import BeautifulSoup

    problems = []
    pages = [p for p in sorted(built_site.rglob("*.html")) if "pagefind" not in p.parts]
    for page in pages:
        metas = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(
            'head meta[name="description"]')
        content = metas[0].get("content", "").strip() if len(metas) == 1 else ""
        if len(content) < 40:
            problems.append(f"{page.relative_to(built_site)}: {[m.get('content') for m in metas]}")
    assert pages and not problems, "pages without one good description:\n" + "\n".join(problems)
