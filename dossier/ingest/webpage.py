"""Stage 1b: a saved web page (HTML) -> numbered lines of text, as a plain-text seed has.

A seed named ``.html``/``.htm``, or a ``.txt`` that starts with an HTML doctype or
``<html>`` (after an XML declaration, for XHTML), is read with Beautiful Soup's tolerant
``html.parser``, which keeps each tag's line in the file: the lines it gives carry those
numbers, so every later diagnostic still names the line of the file where the text is.

- **What the page shows, not its code**: scripts, styles, templates, embeds, form
  controls, ``hidden`` elements and comments are not text and go unlogged.
- **The page's chrome goes, logged** (a :class:`Removal` with its line and why): ``nav``,
  ``aside``, ``footer``, ``form`` and elements whose ARIA role says the same; and, when
  the page has an ``article`` (the largest, when several) or else a ``main``, every text
  outside it, except the page's ``h1`` when the article has none.
- **What the page says of itself**, in its ``<head>``: its address (``rel=canonical``,
  else ``og:url``), its site (``og:site_name``), its date (``article:published_time``,
  ``date``, ``datePublished``), its authors (``author``) and its language
  (``<html lang>``) become the document's
  metadata, under whatever the catalogue says (:func:`page_meta`); the document's
  provenance note then says where they came from.
- **Each block** (paragraph, heading, list item, table row, quotation...) becomes one
  line, with a blank line after it, so the text cleaner's rules find the title, byline,
  headings and lists as in any seed; ``<br>`` is a space, a list item starts with a bullet
  (an ordered one keeps its number), and a ``<sup>`` of note numbers becomes superscript
  digits, the cleaner's note marker. A page without an ``h1`` gets its ``<title>`` first
  (less the site's name at its end, "| Example News", when the page names its site).

The words of these lines are what the word accounting then checks (see
:mod:`.accounting`); what this stage dropped is in its removals.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag
from bs4.dammit import EncodingDetector
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from dossier.ingest.catalogue import language_tag
from dossier.model import Line, Removal
from dossier.urls import is_safe_url
from dossier.util.dates import parse_date

SUFFIXES = (".html", ".htm")
_SNIFF = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
                    re.I | re.S)

_NOT_TEXT = frozenset({
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "math", "head", "button", "select", "input", "textarea", "video", "audio", "map", "dialog",
})
_CHROME = {"nav": "site navigation", "aside": "a sidebar (aside)", "footer": "a page footer",
           "form": "a form"}
_CHROME_ROLES = {"navigation": "site navigation", "banner": "the site banner",
                 "contentinfo": "a page footer", "complementary": "a sidebar (aside)",
                 "search": "a search form"}
_BLOCK = frozenset({
    "address", "article", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
})
_CELL = frozenset({"td", "th"})
_SUBHEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_NOTE = r"\[?\s*[0-9ivx]+\s*\]?"  # 2, [2], ii
_NOTE_NUMBERS = re.compile(rf"^\s*{_NOTE}(?:\s*,\s*{_NOTE})*\s*$")
_SUPERSCRIPT = str.maketrans("0123456789ivx", "⁰¹²³⁴⁵⁶⁷⁸⁹ⁱᵛˣ")
_SPACE = re.compile(r"\s+")


@dataclass
class Page:
    """The text of a web page as numbered lines, and what was dropped from it."""

    lines: list[Line] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    # line index -> whether its element says it is a heading (h2-h6) or is not (a table
    # row, a list item, a paragraph of a quotation)
    headings: dict[int, bool] = field(default_factory=dict)
    meta: dict[str, object] = field(default_factory=dict)  # catalogue fields: page_meta


def is_webpage(name: str, text: str) -> bool:
    return name.lower().endswith(SUFFIXES) or bool(_SNIFF.match(text[:4096]))


def declared_encoding(data: bytes) -> str | None:
    """The charset a page declares in its ``<meta>`` (read before the text is decoded)."""
    return EncodingDetector.find_declared_encoding(data, is_html=True, search_entire_document=False)


def _chrome_reason(tag: Tag) -> str | None:
    role = str(tag.get("role") or "").strip().lower()
    return _CHROME.get(tag.name) or _CHROME_ROLES.get(role)


ROOT_SHARE = 0.2  # an article or main with less of the page's text is not its content


def _content_root(soup: BeautifulSoup) -> Tag | None:
    """The largest ``article``, else the first ``main``; None: the whole page is content,
    as it is when that element holds under :data:`ROOT_SHARE` of the page's text (an
    article that is a teaser beside a text set in plain ``div``s)."""
    articles = soup.find_all("article")
    root = max(articles, key=lambda t: len(t.get_text())) if articles else soup.find("main")
    if root is None:
        return None
    whole = len(_SPACE.sub("", (soup.body or soup).get_text()))
    return root if len(_SPACE.sub("", root.get_text())) >= ROOT_SHARE * whole else None


class _Writer:
    def __init__(self, source: str, root: Tag | None) -> None:
        self.page = Page()
        self.source, self.root = source, root
        self.parts: list[str] = []
        self.at = 1  # the file line of the text being read
        self.last = 1  # the last line given: numbers follow reading order
        self.outside = root is not None  # before the content root, text is chrome

    def flush(self, heading: bool | None = None) -> None:
        text = _SPACE.sub(" ", "".join(self.parts)).strip()
        self.parts = []
        if not text:
            return
        if self.outside:
            self.page.removals.append(Removal(self.source, self.at, text.removeprefix("• "),
                                              "outside the page's article: site chrome"))
            return
        if heading is not None:
            self.page.headings[len(self.page.lines)] = heading
        self.last = max(self.last, self.at)
        self.page.lines += [Line(self.last, text), Line(self.last, "")]

    def start(self, line: int | None, prefix: str = "") -> None:
        self.flush()
        self.at = line or self.at
        self.parts.append(prefix)

    def walk(self, top: Tag) -> None:
        """Read ``top``'s children in document order. A stack, not recursion: a page
        nested thousands of elements deep is read like any other."""
        stack: list[_Item | Callable[[], None]] = []
        _push_children(stack, top, "", False, False)
        while stack:
            item = stack.pop()
            if callable(item):
                item()
            else:
                self.visit(stack, *item)

    def visit(self, stack: list, child: PageElement, list_kind: str, notes: bool,
              quoted: bool, number: int) -> None:
        if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
            return
        if isinstance(child, NavigableString):
            if str(child).strip() and not any(p.strip() for p in self.parts):
                self.at = getattr(child.parent, "sourceline", None) or self.at
            self.parts.append(str(child))
            return
        if not isinstance(child, Tag) or child.name in _NOT_TEXT or child.has_attr("hidden"):
            return
        reason = _chrome_reason(child)
        if reason and not self.outside:
            self.flush()
            text = _SPACE.sub(" ", child.get_text(" ")).strip()
            if text:
                self.page.removals.append(Removal(self.source, child.sourceline or self.at,
                                                  text, f"{reason} of the web page"))
            return
        if child is self.root:
            self.flush()
            self.outside = False
            stack.append(self._leave_root)
            _push_children(stack, child, "", False, False)
        elif child.name == "br":
            self.parts.append(" ")
        elif child.name == "sup" and _NOTE_NUMBERS.match(child.get_text()):
            self.parts.append(re.sub(r"[\s\[\]]", "", child.get_text()).translate(_SUPERSCRIPT))
        elif child.name == "li":
            self.start(child.sourceline, f"{str(number).translate(_SUPERSCRIPT)} " if notes
                       else "• " + (f"{number}. " if list_kind == "ol" else ""))
            stack.append(lambda: self.flush(heading=False))
            _push_children(stack, child, "", False, quoted)
        elif child.name in ("ul", "ol"):
            self.flush()
            stack.append(self.flush)
            _push_children(stack, child, child.name, notes or _is_notes(child), quoted)
        elif child.name in _CELL:
            if self.parts and self.parts[-1].strip():
                self.parts.append(" | ")
            _push_children(stack, child, "", False, quoted)
        elif child.name in _BLOCK:
            self.start(child.sourceline)
            quoted = quoted or child.name == "blockquote"
            heading = _is_heading(child, quoted)
            stack.append(lambda: self.flush(heading=heading))
            _push_children(stack, child, "", notes or _is_notes(child), quoted)
        else:
            _push_children(stack, child, list_kind, notes, quoted)

    def _leave_root(self) -> None:
        self.flush()
        self.outside = True


# an element; the kind of list it is in, whether in notes, whether in a quotation; its number
_Item = tuple[PageElement, str, bool, bool, int]


def _push_children(stack: list, node: Tag, list_kind: str, notes: bool, quoted: bool) -> None:
    """Push ``node``'s children, last first (so the first is read first); a list item
    gets its number (an ``ol``'s ``start``, an item's ``value``)."""
    start = str(node.get("start", "")) if node.name == "ol" else ""
    number = int(start) - 1 if start.isdigit() else 0
    items = []
    for child in node.children:
        if isinstance(child, Tag) and child.name == "li":
            value = str(child.get("value", ""))
            number = int(value) if value.isdigit() else number + 1
        items.append((child, list_kind, notes, quoted, number))
    stack.extend(reversed(items))


def _is_heading(tag: Tag, quoted: bool) -> bool | None:
    """What a block's element says of its text being a heading: an ``h2``-``h6`` is one;
    a table row or a quotation's paragraph is not; of the rest, the text's shape decides."""
    if tag.name in _SUBHEADINGS:
        return True
    if tag.name == "tr" or quoted:
        return False
    return None


def _is_notes(tag: Tag) -> bool:
    """A list of footnotes or endnotes, by its id or class (``footnotes``, ``endnotes``,
    ``references``): its items become notes, numbered with superscripts."""
    names = [str(tag.get("id") or ""), *map(str, tag.get("class") or ())]
    return any(re.search(r"(?:foot|end)notes?|^notes$|^references$", n, re.I) for n in names)


def _title(soup: BeautifulSoup, root: Tag | None) -> Tag | None:
    """What to read first, as the title, when the content does not hold an ``h1``: the
    page's ``h1`` outside the content (not in its chrome), else its ``<title>``."""
    if root is not None and root.find("h1") is not None:
        return None
    if root is None:
        return soup.find("title") if soup.find("h1") is None else None
    for h1 in soup.find_all("h1"):
        if not any(_chrome_reason(t) for t in (h1, *h1.parents) if isinstance(t, Tag)):
            return h1
    return soup.find("title")


def _head(soup: BeautifulSoup, *names: str, rel: str = "") -> str:
    """The first ``<meta>`` (by ``property``, ``name`` or ``itemprop``) of ``names`` with
    content, or the ``<link rel=...>`` address, whitespace collapsed."""
    if rel:
        link = soup.find("link", rel=rel, href=True)
        return _SPACE.sub(" ", str(link["href"])).strip() if link is not None else ""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            tag = soup.find("meta", attrs={attr: name, "content": True})
            if tag is not None and str(tag["content"]).strip():
                return _SPACE.sub(" ", str(tag["content"])).strip()
    return ""


def page_meta(soup: BeautifulSoup) -> dict[str, object]:
    """Catalogue fields the page's own metadata gives: ``url`` (an absolute http(s)
    address), ``publisher``, ``date`` (a day, from an ISO timestamp) and ``authors``."""
    meta: dict[str, object] = {}
    url = _head(soup, rel="canonical") or _head(soup, "og:url")
    if is_safe_url(url) and url.startswith(("http://", "https://")):
        meta["url"] = url
    if site := _head(soup, "og:site_name")[:200]:
        meta["publisher"] = site
    when = _head(soup, "article:published_time", "datePublished", "date", "DC.date.issued")
    day = re.match(r"\d{4}-\d{2}-\d{2}(?![\d])", when)
    if day and parse_date(day.group(0))[0] == "day":
        meta["date"], meta["date_precision"] = day.group(0), "day"
    html = soup.find("html")
    if html is not None and (lang := language_tag(html.get("lang") or html.get("xml:lang"))):
        meta["language"] = lang
    if author := _head(soup, "author")[:300]:
        if not author.startswith(("http://", "https://")):
            meta["authors"] = [a.strip() for a in re.split(r"\s*(?:,|;|&|\band\b)\s*", author)
                               if a.strip()]
    return meta


def fill_in(entry: dict | None, found: dict[str, object]) -> dict | None:
    """The catalogue ``entry``, with what the page says of itself (:func:`page_meta`) where
    the entry says nothing; a provenance note, unless the entry has one, says which."""
    if not found:
        return entry
    out = dict(entry or {})
    used = []
    for key in ("url", "publisher", "date", "authors", "language"):
        if key in found and not out.get(key):
            out[key] = found[key]
            if key == "date":
                out["date_precision"] = found["date_precision"]
            if key != "language":  # what the page says it is in, not where it comes from
                used.append(key)
    if used and not out.get("provenance_note"):
        out["provenance_note"] = f"From the saved web page's own metadata: its {_listed(used)}."
    return out


_FIELD_NAMES = {"url": "address", "publisher": "publisher", "date": "date",
                "authors": "authors"}


def _listed(names: list[str]) -> str:
    words = [_FIELD_NAMES[n] for n in names]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _drop_site_name(writer: _Writer, site: str) -> None:
    """A ``<title>`` standing in for the headline often ends with the site's name ("Deal
    signed | Example News"): when the page names its site, that ending goes (logged)."""
    text = _SPACE.sub(" ", "".join(writer.parts)).strip()
    m = re.search(rf"\s*[|\-–—:·•]\s*{re.escape(site)}$", text, re.I) if site else None
    if m and m.start() > 0:
        writer.parts = [text[:m.start()]]
        writer.page.removals.append(Removal(writer.source, writer.at, m.group(0).strip(),
                                            "the site's name after the page's title"))


def read_webpage(text: str, source: str) -> Page:
    soup = BeautifulSoup(text, "html.parser")
    root = _content_root(soup)
    writer = _Writer(source, root)
    writer.page.meta = page_meta(soup)
    title = _title(soup, root)
    if title is not None:
        writer.outside = False
        writer.start(title.sourceline)
        writer.walk(title)
        if title.name == "title":
            _drop_site_name(writer, str(writer.page.meta.get("publisher", "")))
        writer.flush()
        title.decompose()
        writer.outside = root is not None
    writer.walk(soup)
    writer.flush()
    return writer.page
