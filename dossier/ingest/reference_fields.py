"""A reference entry's fields: authors, title, venue, details, year and url.

The fields are metadata for citations, search and data; the page shows the entry's own
text, so a field parsed wrongly never changes what the reader sees. The parse:

- **number**: an entry's own number (``[3]``, ``3.``) is no part of any field;
- **url**: the first ``<…>`` autolink, ``[text](url)`` link or bare ``http(s)://`` URL;
- **title**: a quoted run (``“…”``, ``"…"``, or a closing quote used as an opening one)
  whose closing quote is followed by punctuation, an italic venue, a capital or the end,
  so a quote opening inside the title (``"Pakistan will "absolutely, not …"``) does not
  end it; else the first ``*italic*`` run (a book);
  A title-first entry whose closing quote is missing ends its title at the italic venue;
- **authors**: what comes before the title; **venue**: the first italic after a quoted
  title; **details**: the rest before the URL;
- **year**: the first year before the URL, else a ``/YYYY/`` folder in the URL.
"""

from __future__ import annotations

import re

from dossier.urls import quote_href

_URL = re.compile(r"\[[^\]]*\]\((https?://[^\s)]+)\)|<?(https?://[^\s<>\]]+)>?")
_ENTRY_NUMBER = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}[.)])\s+")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_URL_YEAR = re.compile(r"/(1[89]\d\d|20\d\d)/")
_QUOTED = re.compile(
    r"(?:^|(?<=[\s.,:;(]))[“\"”]\s*(?P<t>.+?)\s*[”\"“](?=\s*(?:[,.;:)]|\*|$|[A-Z(<]))"
)
_ITALIC = re.compile(r"\*([^*]+)\*")
_OPEN_TITLE = re.compile(r"[“\"]\s*(?P<t>[^*]+?)[\s,.]*(?=\*)")


def _url(text: str) -> re.Match[str] | None:
    return _URL.search(text)


def parse_fields(text: str) -> tuple[tuple[str, str], ...]:
    """``text`` (an entry, with its Markdown residue) -> ``(name, value)`` pairs."""
    fields: list[tuple[str, str]] = []
    text = _ENTRY_NUMBER.sub("", text, count=1)  # "[3] Doe, J." or "3. Doe, J.": not a name
    url_m = _url(text)
    rest = text
    if url_m:
        url = (url_m.group(1) or url_m.group(2)).replace("\\", "")
        fields.append(("url", quote_href(url.rstrip(".,;)") if not url_m.group(1) else url)))
        rest = text[: url_m.start()].strip()
    q = _QUOTED.search(rest)
    it = _ITALIC.search(rest)
    if not q and it and rest[:1] in "“\"" and "*" not in rest[: it.start()]:
        q = _OPEN_TITLE.match(rest)  # a title-first entry whose closing quote is missing
    title_m = q if q and (not it or q.start() <= it.start()) else it
    if title_m:
        authors = rest[: title_m.start()].strip(" .,")
        if authors:
            fields.append(("authors", authors.replace("*", "")))
        title = (title_m.group("t") if title_m is q else title_m.group(1))
        fields.append(("title", title.strip(" ,.").replace("*", "")))
        after = rest[title_m.end():]
        venue_m = _ITALIC.search(after) if title_m is q else None
        if venue_m:
            fields.append(("venue", venue_m.group(1).strip()))
            after = after[venue_m.end():]
        tail = after.strip(" .,[")
        if tail:
            fields.append(("details", tail.replace("*", "")))
    else:
        fields.append(("text", rest.replace("*", "")))
    year = _YEAR.search(rest) or (_URL_YEAR.search(url_m.group(0)) if url_m else None)
    if year:
        fields.append(("year", year.group(1)))
    return tuple(fields)
