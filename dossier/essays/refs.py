"""Python-Markdown extension for the essays' reference syntax (see docs/editing.md).

=============================================  ==============================================
``[[doc-slug#p-abc123]]``                      citation of a passage: ``<a class="cite">``
``[[doc-slug#p-abc123|as the report says]]``   the same, with the editor's link text
``[[doc-slug]]``                               link to a whole document
``[[> doc-slug#p-abc123]]`` (own paragraph)    the passage quoted as a ``<blockquote>``
``[[theme:russia-tilt]]``                      link to a theme (also ``entity:``, ``event:``,
                                               ``essay:`` and ``page:``), optional ``|label``
=============================================  ==============================================

The extension knows nothing about the site: a *resolver* passed in the config maps a
:class:`Ref` to a :class:`Resolved` (URL relative to the page, default link text, passage
text) or to ``None``. An unresolved or malformed reference never raises: it is rendered as
a visible ``<span class="broken-ref">`` (the essay validator in :mod:`dossier.essays.source`
reports it with its file and line before anything is rendered). Text from the resolver —
seed passages, titles — is inserted as :class:`~markdown.util.AtomicString`: it is escaped
and never read as Markdown.

Processors, by name and priority (Python-Markdown runs higher numbers first):

- ``dossier-ref``, inline, 175: after ``backtick`` (190) and ``escape`` (180), so code
  spans and ``\\[[`` stay literal; before ``reference`` (170) and ``link`` (160).
- ``dossier-quote``, block, 25: before ``quote`` (20) and ``paragraph`` (10).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Any

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

#: Prefixes of the ``[[kind:target]]`` form; no prefix means a document (or a passage).
KINDS = ("theme", "entity", "event", "essay", "page", "doc")
#: ``[[ ... ]]`` on one line, without brackets inside.
REF_PATTERN = r"\[\[([^\[\]\n]+?)\]\]"
QUOTE_BLOCK = re.compile(r"^\s*\[\[\s*>([^\[\]\n]+?)\]\]\s*$")
_PREFIX = re.compile(r"^([A-Za-z][A-Za-z-]*):(.*)$")


@dataclass(frozen=True)
class Ref:
    """One parsed ``[[...]]`` reference.

    ``kind`` is ``passage`` (``doc#id``), ``document`` (``doc``) or one of
    theme/entity/event/essay/page. ``problem`` is non-empty when the text is malformed.
    """

    kind: str
    target: str
    fragment: str = ""  # the passage id of a passage citation
    label: str = ""  # the editor's link text after ``|``
    quote: bool = False  # written ``[[> ...]]``
    raw: str = ""  # the whole ``[[...]]`` as written
    problem: str = ""


@dataclass(frozen=True)
class Resolved:
    """What a resolver returns: where the target is and how to name it."""

    url: str  # relative to the page being rendered
    title: str  # default link text
    text: str = ""  # the passage text, for quotes
    note: str = ""  # hover text (``title`` attribute)
    language: str = ""  # the passage text's language (a BCP 47 tag), if known


def parse_ref(inner: str) -> Ref:
    """Parse the text between ``[[`` and ``]]``. Never raises; see ``Ref.problem``."""
    raw = f"[[{inner}]]"
    body = inner.strip()
    quote = body.startswith(">")
    if quote:
        body = body[1:].strip()
    target, bar, label = body.partition("|")
    target, label = target.strip(), label.strip()
    if bar and not label:
        return Ref("document", target, raw=raw, quote=quote,
                   problem="empty link text after '|'")
    kind = "document"
    m = _PREFIX.match(target)
    if m:
        kind, target = m.group(1).lower(), m.group(2).strip()
        if kind == "doc":
            kind = "document"
        elif kind not in KINDS:
            return Ref(kind, target, label=label, quote=quote, raw=raw,
                       problem=f"unknown kind '{m.group(1)}:'")
    fragment = ""
    if kind == "document" and "#" in target:
        target, _, fragment = (p.strip() for p in target.partition("#"))
        kind = "passage"
        if not fragment:
            return Ref(kind, target, label=label, quote=quote, raw=raw,
                       problem="no passage id after '#'")
    if not target:
        return Ref(kind, target, fragment, label, quote, raw, "nothing to link to")
    if quote and kind != "passage":
        return Ref(kind, target, fragment, label, quote, raw,
                   "only a passage can be quoted: [[> doc-slug#passage-id]]")
    return Ref(kind, target, fragment, label, quote, raw)


def no_resolver(ref: Ref) -> Resolved | None:
    """The default resolver: every reference is broken."""
    return None


def ignore_ref(ref: Ref, element: etree.Element) -> None:
    """The default ``on_ref``: nothing to record."""


def _resolve(config: dict[str, Any], ref: Ref) -> Resolved | None:
    if ref.problem:
        return None
    try:
        return config["resolver"](ref)
    except Exception:  # a resolver bug must not make Pelican drop the whole essay
        return None


def _broken(config: dict[str, Any], ref: Ref) -> etree.Element:
    span = etree.Element("span")
    span.set("class", config["broken_class"])
    span.set("title", ref.problem or "unknown target")
    span.text = AtomicString(ref.raw)
    return span


def _link(ref: Ref, found: Resolved, text: str = "") -> etree.Element:
    a = etree.Element("a")
    a.set("class", "cite" if ref.kind in ("passage", "document") else f"ref-{ref.kind}")
    a.set("href", found.url)
    if found.note:
        a.set("title", found.note)
    a.text = AtomicString(text or ref.label or found.title)
    return a


class RefInlineProcessor(InlineProcessor):
    """``[[...]]`` inside running text -> a link (or a broken-ref span)."""

    def __init__(self, pattern: str, config: dict[str, Any]) -> None:
        super().__init__(pattern)
        self.config = config

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:
        ref = parse_ref(m.group(1))
        if ref.quote and not ref.problem:
            ref = Ref(ref.kind, ref.target, ref.fragment, ref.label, True, ref.raw,
                      "a quote must be a paragraph of its own")
        found = _resolve(self.config, ref)
        el = _broken(self.config, ref) if found is None else _link(ref, found)
        self.config["on_ref"](ref, el)
        return el, m.start(0), m.end(0)


class QuoteBlockProcessor(BlockProcessor):
    """A paragraph that is only ``[[> doc#id]]`` -> the passage as a block quote."""

    def __init__(self, parser: Any, config: dict[str, Any]) -> None:
        super().__init__(parser)
        self.config = config

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(QUOTE_BLOCK.match(block))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        inner = QUOTE_BLOCK.match(blocks.pop(0)).group(1)  # type: ignore[union-attr]
        ref = parse_ref(">" + inner)
        found = _resolve(self.config, ref)
        if found is None:
            p = etree.SubElement(parent, "p")
            p.append(_broken(self.config, ref))
            self.config["on_ref"](ref, p[0])
            return
        quote = etree.SubElement(parent, "blockquote")
        self.config["on_ref"](ref, quote)
        quote.set("class", "source-quote")
        quote.set("cite", found.url)
        text = etree.SubElement(quote, "p")
        text.text = AtomicString(found.text)
        if found.language:  # the source's words in their language, the essay's in its own
            text.set("lang", found.language)
        footer = etree.SubElement(quote, "footer")
        footer.text = AtomicString("— ")
        footer.append(_link(ref, found))


class DossierRefExtension(Extension):
    """Citations and cross-links for essays."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "resolver": [no_resolver, "callable(Ref) -> Resolved | None; None = broken"],
            "broken_class": ["broken-ref", "CSS class of a reference that cannot be resolved"],
            "on_ref": [ignore_ref, "callable(Ref, element): told of every reference, its "
                       "problem included, and the element made for it"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        config = self.getConfigs()
        md.inlinePatterns.register(RefInlineProcessor(REF_PATTERN, config), "dossier-ref", 175)
        md.parser.blockprocessors.register(QuoteBlockProcessor(md.parser, config),
                                           "dossier-quote", 25)


def makeExtension(**kwargs: Any) -> DossierRefExtension:  # noqa: N802 (Markdown's API)
    return DossierRefExtension(**kwargs)
