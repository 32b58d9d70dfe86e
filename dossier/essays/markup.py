"""The one Markdown essays are written in: the renderer and the validator parse with it.

:func:`essay_markdown` makes the ``markdown.Markdown`` that turns an essay's body into
HTML: Python-Markdown's ``extra`` (abbreviations, attribute lists, definition lists, fenced
code, footnotes, ``md_in_html``, tables), ``toc`` (an id on every heading), the ``[[…]]``
references of :mod:`.refs`, and :class:`EssayExtension`:

- ``dossier-footnote-ids``, tree, 14 (after the footnotes' own processors): footnote ids
  are ``fn-<essay slug>-<label>`` and ``fnref-<essay slug>-<label>``, letters, digits,
  ``-``, ``_`` and ``.`` only: they never meet a passage id (``p-…``), a citation id
  (``cite-…``) or another essay's notes on the same page;
- ``dossier-collect``, tree, 3 (after ``inline``, the footnotes and ``toc``): walks the
  finished tree in reading order and records what the validator checks (:class:`Seen`):
  every reference, every ``<a href>`` and ``<img>``, those of raw HTML too, and every
  ``[[`` left in running text (an unclosed reference);
- ``dossier-sanitise``, post, 1 (last): :func:`.sanitise.clean_html` on the output.

Since the validator reads the links from the very tree the renderer writes, the two cannot
disagree: a footnote, an abbreviation or a table is never mistaken for a link, and a link
is checked wherever Markdown makes one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify as toc_slugify
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from dossier.essays.refs import DossierRefExtension, Ref, Resolved
from dossier.essays.sanitise import Removed, clean_html

_ID_CHARS = re.compile(r"[^\w.-]+")
_OPEN = re.compile(r"(?<!\\)\[\[")
_STASH = re.compile("\x02wzxhzdk:(\\d+)\x03")  # Python-Markdown's raw HTML placeholder
SKIP_TEXT = ("code", "pre", "script", "style")
# Ids an essay's page gives elements itself: the templates' (theme/templates/base.html,
# essay.html, essay_card.html) and the citations' (cite-<n>, dossier.essays.render). An id
# the essay sets (``{#…}``) must not take one; a heading's own id never does
# (:func:`heading_id`). Footnote ids carry the essay's slug: they are left out.
PAGE_IDS = re.compile(r"(?:content|essay-title|essay-sources|cite-\d+|card-.+)\Z")


def heading_id(value: str, separator: str) -> str:
    """The id ``toc`` gives a heading from its words, ``h-`` before it when the page uses
    that id already ("Content" gives ``h-content``, not the page's ``content``)."""
    slug = toc_slugify(value, separator)
    return f"h-{slug}" if PAGE_IDS.match(slug) else slug


@dataclass(frozen=True)
class Seen:
    """One thing the validator checks, in reading order.

    ``kind``: ``ref`` (a ``[[…]]``, in ``ref``), ``link`` (``url``), ``image`` (``url``,
    ``alt``), ``unclosed`` (a ``[[`` without ``]]``) or ``id`` (an element's id, in ``url``;
    ``alt``: "page" if the page gives an element that id itself, "twice" if the essay
    used it before, else "").
    ``needle``: text as written in the source, to find its line."""

    kind: str
    needle: str
    ref: Ref | None = None
    url: str = ""
    alt: str = ""


class _RawLinks(HTMLParser):
    """``<a href>`` and ``<img src alt>`` in a piece of raw HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Seen] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "a" and "href" in values:
            self.found.append(Seen("link", values["href"], url=values["href"]))
        elif tag == "img":
            src = values.get("src", "")
            self.found.append(Seen("image", src or "<img", url=src, alt=values.get("alt", "")))

    handle_startendtag = handle_starttag


class FootnoteIds(Treeprocessor):
    def __init__(self, md: markdown.Markdown, slug: str) -> None:
        super().__init__(md)
        self.prefixes = (f"fn-{slug}-", f"fnref-{slug}-")

    def fix(self, value: str) -> str:
        for prefix in self.prefixes:
            if value.startswith(prefix):
                return prefix + _ID_CHARS.sub("-", value[len(prefix):])
        return value

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if el.get("id"):
                el.set("id", self.fix(el.get("id", "")))
            if el.get("href", "").startswith("#"):
                el.set("href", "#" + self.fix(el.get("href", "")[1:]))


class Collect(Treeprocessor):
    def __init__(self, md: markdown.Markdown, ext: EssayExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def _text(self, text: str | None) -> Iterator[Seen]:
        if not text or isinstance(text, AtomicString):
            return
        for m in _STASH.finditer(text):
            raw = self.md.htmlStash.rawHtmlBlocks[int(m.group(1))]
            if isinstance(raw, str):
                parser = _RawLinks()
                parser.feed(raw)
                parser.close()
                yield from parser.found
        for m in _OPEN.finditer(text):
            rest = text[m.start():].split("\n", 1)[0]
            yield Seen("unclosed", _STASH.sub("", rest).strip())

    def _walk(self, el: etree.Element) -> Iterator[Seen]:
        ident = el.get("id")
        if ident:  # every id, so that the line of each is found after the one before
            problem = ("page" if PAGE_IDS.match(ident) else "twice" if ident in self.ids
                       else "")
            yield Seen("id", f"#{ident}", url=ident, alt=problem)
            self.ids.add(ident)
        ref = self.ext.refs.get(id(el))
        if ref is not None:
            yield Seen("ref", ref.raw, ref)
        elif el.tag == "a" and el.get("href") is not None:
            yield Seen("link", el.get("href", ""), url=el.get("href", ""))
        elif el.tag == "img":
            yield Seen("image", el.get("src") or "![", url=el.get("src", ""),
                       alt=el.get("alt", ""))
        if ref is None and el.tag not in SKIP_TEXT:
            yield from self._text(el.text)
            for child in el:
                yield from self._walk(child)
                yield from self._text(child.tail)

    def run(self, root: etree.Element) -> None:
        self.ids: set[str] = set()
        self.ext.seen = list(self._walk(root))


class Sanitise(Postprocessor):
    def __init__(self, md: markdown.Markdown, ext: EssayExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        clean, self.ext.removed = clean_html(text)
        return clean


class EssayExtension(Extension):
    """Footnote ids per essay, what the validator checks, and the HTML allow-list."""

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
        self.refs: dict[int, Ref] = {}  # id(element) -> the reference it was made for
        self.kept: list[etree.Element] = []  # keeps those elements (and their ids) alive
        self.seen: list[Seen] = []
        self.removed: list[Removed] = []

    def on_ref(self, ref: Ref, element: etree.Element) -> None:
        self.refs[id(element)] = ref
        self.kept.append(element)

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(FootnoteIds(md, self.slug), "dossier-footnote-ids", 14)
        md.treeprocessors.register(Collect(md, self), "dossier-collect", 3)
        md.postprocessors.register(Sanitise(md, self), "dossier-sanitise", 1)


def footnote_config(slug: str) -> dict[str, Any]:
    """The footnotes extension's settings for the essay ``slug``: ids ``fn-<slug>-<label>``."""
    return {"SEPARATOR": f"-{slug}-", "BACKLINK_TITLE": "Back to note {} in the text"}


def essay_markdown(slug: str, resolver: Callable[[Ref], Resolved | None]
                   ) -> tuple[markdown.Markdown, EssayExtension]:
    """A fresh parser for the body of the essay ``slug``, resolving ``[[…]]`` with
    ``resolver``; its :class:`EssayExtension` holds what the last ``convert`` saw."""
    essay = EssayExtension(slug)
    md = markdown.Markdown(
        extensions=["markdown.extensions.extra", "markdown.extensions.toc",
                    DossierRefExtension(resolver=resolver, on_ref=essay.on_ref), essay],
        extension_configs={"markdown.extensions.extra": {"footnotes": footnote_config(slug)},
                           "markdown.extensions.toc": {"slugify": heading_id}})
    return md, essay
