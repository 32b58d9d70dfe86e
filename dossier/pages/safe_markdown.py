"""Editor-written Markdown (theme introductions, event descriptions) -> safe HTML.

Python-Markdown 3 dropped ``safe_mode``; the same effect here, in one small extension:

* raw HTML is never passed through: the ``html_block`` preprocessor and the ``html``
  inline pattern are removed, so ``<script>`` is shown as text, escaped;
* a link keeps its ``href`` only for http(s), mailto, ``#fragment`` or a relative path
  (a ``javascript:`` link becomes plain text);
* an image becomes its alt text: no picture may be fetched from elsewhere;
* headings move one level down (``#`` becomes ``<h2>``), so a page keeps one ``<h1>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from dossier.urls import is_safe_url
from dossier.util.headings import shift_headings


class _Sanitise(Treeprocessor):
    def __init__(self, md: markdown.Markdown, shift: int) -> None:
        super().__init__(md)
        self.shift = shift

    def run(self, root: etree.Element) -> None:
        shift_headings(root, self.shift)
        parents = {child: parent for parent in root.iter() for child in parent}
        for el in list(root.iter()):
            if el.tag == "a" and not is_safe_url(el.get("href", ""), relative=True):
                el.tag = "span"
                el.attrib.clear()
            elif el.tag == "img":
                span = etree.Element("span")
                span.text = el.get("alt", "")
                span.tail = el.tail
                parent = parents[el]
                parent[list(parent).index(el)] = span


class SafeProse(Extension):
    """No raw HTML, safe links only, no images, headings shifted down."""

    def __init__(self, **kwargs) -> None:
        self.config = {"shift": [1, "how many levels headings move down"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown API
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Sanitise(md, int(self.getConfig("shift"))), "dossier-safe", 5)


def render_prose(text: str, shift: int = 1, tables: bool = False) -> Markup:
    """Markdown written by the editors, as HTML that cannot inject markup or requests.
    ``tables``: also Markdown tables (``| a | b |``)."""
    if not text.strip():
        return Markup("")
    extensions: list[Extension | str] = [SafeProse(shift=shift)]
    if tables:
        extensions.append("tables")
    md = markdown.Markdown(extensions=extensions, output_format="html")
    return Markup(md.convert(text))

