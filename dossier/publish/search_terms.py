"""Words from the search index: the "did you mean" vocabulary and the A–Z index.

Both are read from Pagefind's own fragments (the text exactly as indexed), so they never
disagree with what a search can find: a :class:`Tally` takes the fragments one at a time,
then gives the vocabulary and the A–Z index; sorted output.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
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


def _link(page: Entry, number: int, anchor: str) -> Link:
    """The link to a key term's passage: "<page title>, ¶<n>"."""
    return Link(f"{page.term}, ¶{number}", f"{page.href}#{anchor}")


@dataclass
class Tally:
    """What the vocabulary and the A–Z index need of the fragments, taken one at a
    time and in any order (:meth:`add`), so that they need not all be held at once: at
    N = 5,000 documents they are every page's text twice over (content and anchors).
    The answers are those of the fragments sorted by URL."""

    term_counts: Counter[str] = field(default_factory=Counter)  # (vocabulary) in content, titles
    pages: list[tuple[str, Entry]] = field(default_factory=list)  # (url, its entry)
    key_counts: Counter[str] = field(default_factory=Counter)  # (key terms) in passages
    key_passages: Counter[str] = field(default_factory=Counter)  # passages with the word
    # the word's first LINKS_PER_TERM passages in URL order: (url, number, anchor id)
    first: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, fragments: Iterable[dict[str, Any]]) -> Tally:
        tally = cls()
        for fragment in fragments:
            tally.add(fragment)
        return tally

    def add(self, fragment: dict[str, Any]) -> None:
        url = fragment["url"]
        text = fragment.get("content", "") + " " + fragment.get("meta", {}).get("title", "")
        self.term_counts.update(w for w in words(text) if len(w) >= MIN_TERM_LENGTH)
        self.pages.append((url, Entry(page_title(fragment), page_kind(fragment),
                                      page_href(url))))
        for n, anchor in enumerate(passages(fragment), start=1):
            found = [w for w in words(anchor["text"]) if len(w) >= MIN_KEY_TERM_LENGTH]
            self.key_counts.update(found)
            here, unique = (url, n, anchor["id"]), set(found)
            self.key_passages.update(unique)
            for word in unique:
                kept = self.first.get(word)
                if kept is None:
                    self.first[word] = [here]
                elif len(kept) < LINKS_PER_TERM:
                    kept.append(here)
                elif here < (last := max(kept)):
                    kept[kept.index(last)] = here

    def vocabulary(self) -> list[str]:
        ranked = sorted(self.term_counts.items(), key=lambda item: (-item[1], item[0]))
        return [word for word, _ in ranked[:MAX_TERMS]]

    def key_terms(self, language: str) -> list[Entry]:
        total = sum(self.key_counts.values()) or 1
        # imported here: loading its word lists takes a quarter of a second, which builds
        # that make no search index (an essays-only build) should not pay
        from wordfreq import word_frequency, zipf_frequency

        def keyness(word: str) -> float:
            general = word_frequency(word, language, minimum=1e-8)
            return (math.log(self.key_counts[word] / total / general)
                    + math.log(self.key_passages[word]))

        candidates = [w for w, n in self.key_passages.items()
                      if n >= MIN_KEY_TERM_PASSAGES and zipf_frequency(w, language) < COMMON_ZIPF]
        chosen = sorted(candidates, key=lambda w: (-keyness(w), w))[:MAX_KEY_TERMS]
        pages = dict(self.pages)  # url -> its entry (title, href)
        entries = []
        for word in chosen:
            links = tuple(_link(pages[url], number, anchor)
                          for url, number, anchor in sorted(self.first[word]))
            entries.append(Entry(word, "Term", links[0].href, links,
                                 max(0, self.key_passages[word] - LINKS_PER_TERM)))
        return entries

    def az_index(self, language: str = "en") -> list[Letter]:
        entries = [entry for _url, entry in sorted(self.pages, key=lambda p: p[0])]
        entries += self.key_terms(language)
        groups: dict[str, list[Entry]] = {}
        for entry in entries:
            groups.setdefault(letter_of(entry.term), []).append(entry)
        letters = []
        for n, key in enumerate(sorted(groups, key=_letter_order)):
            anchor = (f"letter-{key.lower()}" if key.isascii() and key.isalpha()
                      else f"letter-{n}")
            ordered = sorted(groups[key], key=lambda e: (e.term.casefold(), e.kind, e.href))
            letters.append(Letter(key, anchor, tuple(ordered)))
        return letters
