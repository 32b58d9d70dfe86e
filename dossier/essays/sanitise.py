"""An essay's HTML, cleaned to an allow-list before it reaches a page.

Essays may contain raw HTML (and ``md_in_html`` blocks): editors use it for a ``<figure>``,
an ``<abbr>``, a ``<details>``. Whatever Markdown made of the essay, the final HTML goes
through :func:`clean_html`, so no essay can run a script or fetch from elsewhere than it
says:

* elements outside :data:`TAGS` are unwrapped (their text stays); :data:`DROPPED` ones
  (``<script>``, ``<style>``, ``<iframe>``, forms …) go with everything inside them;
* attributes outside :data:`ATTRIBUTES` go (``onclick=``, ``style=`` …), except the
  tables extension's ``style="text-align: …"``;
* ``href``, ``src`` and ``cite`` stay only when :func:`dossier.urls.is_safe_url` accepts
  them (http(s), mailto, ``#fragment`` or a relative path): a ``javascript:`` link becomes
  plain text, an image with a ``data:`` source goes;
* comments, processing instructions and declarations go.

Each removal is recorded as a :class:`Removed` (what, and a piece of source text to find
its line by), so that the validator reports it: the editor learns that the page will not
show what the file says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from dossier.urls import is_safe_url

TAGS = frozenset("""
    a abbr article aside b bdi bdo blockquote br caption cite code col colgroup dd del
    details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img
    ins kbd li mark ol p pre q rp rt ruby s samp section small span strong sub summary
    sup table tbody td tfoot th thead time tr u ul var wbr
""".split())
DROPPED = frozenset("""
    script style template iframe frame frameset object embed applet noscript noembed
    noframes form input button select option textarea link meta base title head svg math
    audio video source track canvas dialog portal
""".split())
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
GLOBAL = frozenset("id class title lang dir role".split())
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "rel", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "blockquote": frozenset({"cite"}), "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}), "ins": frozenset({"cite", "datetime"}),
    "time": frozenset({"datetime"}), "details": frozenset({"open"}),
    "ol": frozenset({"start", "reversed", "type"}), "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope", "abbr"}),
    "col": frozenset({"span"}), "colgroup": frozenset({"span"}),
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
_ALIGN = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$")


@dataclass(frozen=True)
class Removed:
    what: str  # "element <script>", "attribute 'onclick' of <b>", "link 'javascript:…'"
    needle: str  # text to look for in the source to find the line


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.removed: list[Removed] = []
        self.dropping: list[str] = []  # open DROPPED elements, innermost last

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> str | None:
        """The kept attributes as text; None when the element itself must go."""
        kept = []
        allowed = GLOBAL | ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            if name == "style" and tag in ("td", "th") and _ALIGN.match(value or ""):
                kept.append(f' style="{escape(value or "", quote=True)}"')
                continue
            if name not in allowed:
                self.removed.append(Removed(f"attribute '{name}' of <{tag}>", name))
                continue
            if name in URL_ATTRIBUTES and not is_safe_url(value or "", relative=True):
                self.removed.append(Removed(f"{name} '{value}' of <{tag}>", value or name))
                if tag == "img" and name == "src":
                    return None
                continue
            kept.append(f" {name}" if value is None
                        else f' {name}="{escape(value, quote=True)}"')
        return "".join(kept)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self.dropping:
            if tag in DROPPED and tag not in VOID and not closed:
                self.dropping.append(tag)
            return
        if tag in DROPPED:
            self.removed.append(Removed(f"element <{tag}>", f"<{tag}"))
            if tag not in VOID and not closed:
                self.dropping.append(tag)
            return
        if tag not in TAGS:
            self.removed.append(Removed(f"element <{tag}> (its text is kept)", f"<{tag}"))
            return
        text = self._attrs(tag, attrs)
        if text is not None:
            self.out.append(f"<{tag}{text}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, True)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag in TAGS and tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        if not self.dropping:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.dropping:
            self.out.append(f"&#{name};")


def clean_html(html: str) -> tuple[str, list[Removed]]:
    """``html`` reduced to the allow-list, and what was taken out of it."""
    cleaner = _Cleaner()
    cleaner.feed(html)
    cleaner.close()
    return "".join(cleaner.out), cleaner.removed
