"""An essay's header: Pelican's ``Key: value`` lines before the Markdown body."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dossier.essays.targets import near
from dossier.util.dates import parse_timestamp
from dossier.util.diagnostics import Reporter

#: Header keys, as written in docs/editing.md; matched case-insensitively, like Pelican.
KEYS = ("Title", "Date", "Modified", "Authors", "Summary", "Themes", "Status", "Image",
        "Image-Alt", "Slug")
REQUIRED = {"Title": "add a 'Title: …' line to the header",
            "Date": "add a 'Date: YYYY-MM-DD' line to the header"}
STATUSES = ("published", "draft", "hidden")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")


def parse_header(lines: Sequence[str], out: Reporter) -> tuple[dict[str, tuple[str, int]], int]:
    """Pelican's ``Key: value`` header -> {canonical key: (value, line)}, body's index."""
    meta: dict[str, tuple[str, int]] = {}
    canonical = {k.lower(): k for k in KEYS}
    i = 0
    if lines and lines[0].strip() == "---":
        i = 1
    elif lines and not lines[0].strip():
        out.error(1, "the file starts with a blank line, so Pelican sees no header",
                  "start the file with the 'Title: …' line")
        while i < len(lines) and not lines[i].strip():
            i += 1
    last = ""
    while i < len(lines) and lines[i].strip() and lines[i].strip() not in ("---", "..."):
        n, text = i + 1, lines[i]
        i += 1
        more, m = _MORE.match(text), _META.match(text)
        if more and last:
            value, line = meta[last]
            meta[last] = (f"{value} {more.group('value').strip()}".strip(), line)
            continue
        if not m:
            out.error(n, f"header line {text.strip()!r} is not 'Key: value'",
                      "leave a blank line between the header and the text")
            last = ""
            continue
        key, value = m.group("key"), m.group("value").strip()
        name = canonical.get(key.lower())
        last = ""
        if name is None:
            out.error(n, f"unknown metadata key '{key}'",
                      near(key, KEYS) or f"known keys: {', '.join(KEYS)}")
        elif name in meta:
            out.error(n, f"'{name}' is given twice (first on line {meta[name][1]})",
                      "keep only one")
        else:
            meta[name], last = (value, n), name
    if i < len(lines) and lines[i].strip() in ("---", "..."):
        i += 1
    return meta, i


def parse_date(value: str, key: str, line: int, out: Reporter) -> str:
    """``YYYY-MM-DD[ HH:MM[:SS]]`` -> ISO text, or "" after reporting the problem."""
    iso, problem = parse_timestamp(value, key)
    if problem:
        out.error(line, *problem)
    return iso


def split_list(value: str) -> tuple[str, ...]:
    sep = ";" if ";" in value else ","  # Pelican's rule for Authors
    return tuple(v.strip() for v in value.split(sep) if v.strip())


