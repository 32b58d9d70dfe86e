"""Words from the search index: the "did you mean" vocabulary and the A–Z index.

Both are read from Pagefind's own fragments (the text exactly as indexed), so they never
disagree with what a search can find. Pure functions from fragments to data; sorted output.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

MAX_TERMS = 20_000  # words in search/terms.js, most frequent first
MIN_TERM_LENGTH = 3
MAX_KEY_TERMS = 400  # key terms on the A–Z page
MIN_KEY_TERM_LENGTH = 4
MIN_KEY_TERM_PASSAGES = 2
COMMON_ZIPF = 5.0  # words at least this common in the language are never key terms
LINKS_PER_TERM = 6

# Where a page sits tells its kind when the template gives no data-pagefind-meta="kind:...".
KIND_BY_SECTION = {"documents": "Document", "themes": "Theme", "entities": "Entity",
                   "essays": "Essay", "timeline": "Timeline", "report": "Report"}
HEADING = re.compile(r"h[1-6]", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    label: str
    href: str  # relative to the site root, e.g. "documents/x/index.html#p-abc123"


@dataclass(frozen=True)
class Entry:
    term: str
    kind: str  # "Document", "Theme", "Entity", ... or "Term" for a key term
    href: str  # the page (for a key term: its first passage)
    links: tuple[Link, ...] = ()  # a key term's passages
    more: int = 0  # passages not listed


@dataclass(frozen=True)
class Letter:
    key: str  # "A".."Z", "0–9", or a character of another script
    id: str  # the heading's id on the A–Z page
    entries: tuple[Entry, ...]


def words(text: str) -> Iterator[str]:
    """Lower-cased runs of letters (with their combining marks), in any script."""
    run: list[str] = []
    for ch in text:
        if ch.isalpha() or (run and unicodedata.category(ch).startswith("M")):
            run.append(ch)
        elif run:
            yield "".join(run).lower()
            run = []
    if run:
        yield "".join(run).lower()


def vocabulary(fragments: Iterable[dict[str, Any]]) -> list[str]:
    """The indexed words, most frequent first (ties alphabetical), at most MAX_TERMS."""
    counts: Counter[str] = Counter()
    for fragment in fragments:
        text = fragment.get("content", "") + " " + fragment.get("meta", {}).get("title", "")
        counts.update(w for w in words(text) if len(w) >= MIN_TERM_LENGTH)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:MAX_TERMS]]


def terms_script(terms: Sequence[str]) -> str:
    """``search/terms.js``: a classic script, loadable from file://, setting the words (one
    string) and whether they are all the indexed words (fewer than MAX_TERMS). With all of
    them, a query word missing from the list is never on the site: the UI may correct it."""
    joined = json.dumps(" ".join(terms), ensure_ascii=False)
    complete = "true" if len(terms) < MAX_TERMS else "false"
    return (f"window.__dossierSearchTerms = {joined};\n"
            f"window.__dossierSearchTermsComplete = {complete};\n")


def page_href(url: str) -> str:
    """Pagefind's root-absolute URL ("/documents/x/index.html") relative to the site root."""
    return url.lstrip("/")


def page_kind(fragment: dict[str, Any]) -> str:
    kind = fragment.get("meta", {}).get("kind", "").strip()
    if kind:
        return kind
    section = page_href(fragment["url"]).split("/", 1)[0]
    return KIND_BY_SECTION.get(section, "Page")


def page_title(fragment: dict[str, Any]) -> str:
    title = fragment.get("meta", {}).get("title", "").strip()
    return title or page_href(fragment["url"])


def passages(fragment: dict[str, Any]) -> list[dict[str, Any]]:
    """The fragment's non-heading anchors with text: the passages, in document order."""
    return [a for a in fragment.get("anchors", [])
            if not HEADING.fullmatch(a.get("element", "")) and a.get("text", "").strip()]


def key_terms(fragments: Sequence[dict[str, Any]], language: str) -> list[Entry]:
    """Words far more frequent here than in the language at large, with their passages."""
    where: dict[str, list[Link]] = {}
    counts: Counter[str] = Counter()
    for fragment in fragments:
        title, href = page_title(fragment), page_href(fragment["url"])
        for n, anchor in enumerate(passages(fragment), start=1):
            found = [w for w in words(anchor["text"]) if len(w) >= MIN_KEY_TERM_LENGTH]
            counts.update(found)
            link = Link(f"{title}, ¶{n}", f"{href}#{anchor['id']}")
            for word in sorted(set(found)):
                where.setdefault(word, []).append(link)
    total = sum(counts.values()) or 1
    # imported here: loading its word lists takes a quarter of a second, which builds that
    # make no search index (an essays-only build) should not pay
    from wordfreq import word_frequency, zipf_frequency

    def keyness(word: str) -> float:
        general = word_frequency(word, language, minimum=1e-8)
        return math.log(counts[word] / total / general) + math.log(len(where[word]))

    candidates = [w for w, links in where.items()
                  if len(links) >= MIN_KEY_TERM_PASSAGES
                  and zipf_frequency(w, language) < COMMON_ZIPF]
    chosen = sorted(candidates, key=lambda w: (-keyness(w), w))[:MAX_KEY_TERMS]
    return [Entry(w, "Term", where[w][0].href, tuple(where[w][:LINKS_PER_TERM]),
                  max(0, len(where[w]) - LINKS_PER_TERM)) for w in chosen]


def letter_of(term: str) -> str:
    first = unicodedata.normalize("NFKD", term.strip()[:1] or "#")[:1]
    if first.isascii() and first.isalpha():
        return first.upper()
    if first.isdigit():
        return "0–9"
    return first


def _letter_order(key: str) -> tuple[int, str]:
    if len(key) == 1 and key.isascii():
        return (0, key)
    return (1, "") if key == "0–9" else (2, key)


def az_index(fragments: Sequence[dict[str, Any]], language: str = "en") -> list[Letter]:
    """Every indexed page by title, and the key terms, grouped by initial letter."""
    entries = [Entry(page_title(f), page_kind(f), page_href(f["url"])) for f in fragments]
    entries += key_terms(fragments, language)
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(letter_of(entry.term), []).append(entry)
    letters = []
    for n, key in enumerate(sorted(groups, key=_letter_order)):
        anchor = f"letter-{key.lower()}" if key.isascii() and key.isalpha() else f"letter-{n}"
        ordered = sorted(groups[key], key=lambda e: (e.term.casefold(), e.kind, e.href))
        letters.append(Letter(key, anchor, tuple(ordered)))
    return letters
