"""The seed catalogue (``seeds/catalogue.toml``): editable per-document metadata.

Each table ``[documents."<file name>"]`` may set the keys in :data:`KEYS`. Only
what the document's own text supports belongs here; an unknown date stays empty
with a ``date_note`` saying what the text does allow. Errors name the catalogue
line and suggest a fix.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import langcodes

from dossier.model import Diagnostic
from dossier.util.cache import Cache, Memo, code_fingerprint, make_key
from dossier.util.dates import parse_date

KEYS = {
    "slug": "URL slug of the document page (letters, digits, hyphens)",
    "title": "the title as the text gives it",
    "editorial_title": "a descriptive title written by the editors when the text has none",
    "authors": "list of author names the text gives",
    "publisher": "outlet or journal the text names",
    "date": "YYYY, YYYY-MM, YYYY-MM-DD, or a range START/END",
    "date_precision": "day | month | year | range",
    "date_note": "how the date was established, or why it is unknown",
    "genre": "news | news analysis | opinion | academic article | report | other",
    "url": "the original address, if known",
    "provenance_note": "what the text says of its publisher and address, or that it does not",
    "mode": "full (republish the whole text) | excerpts (short excerpts and a link)",
    "rights": "who holds the rights / on what basis the text is shown",
    "aliases": "table of old passage id = current passage id",
    "language": "the text's language when not English, a BCP 47 tag: ur, ar, fa, en-GB",
}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Catalogue:
    entries: dict[str, dict]
    lines: dict[str, int]  # file name -> line of its table header
    path: str
    diagnostics: tuple[Diagnostic, ...] = ()


def language_tag(value: object) -> str:
    """A language tag in its standard form (``en_gb`` -> ``en-GB``); "" for anything that
    is not a valid BCP 47 tag (the catalogue reports those)."""
    if not isinstance(value, str) or not value.strip() or not langcodes.tag_is_valid(value):
        return ""
    return langcodes.standardize_tag(value.strip())


def _key_line(text_lines: list[str], start: int, key: str) -> int:
    for n in range(start, len(text_lines)):
        line = text_lines[n].strip()
        if n > start and line.startswith("["):
            break
        if re.match(rf"^{re.escape(key)}\s*=", line):
            return n + 1
    return start + 1


def load_catalogue(path: Path, rel: str) -> Catalogue:
    if not path.exists():
        return Catalogue({}, {}, rel)
    raw = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        return Catalogue({}, {}, rel, (Diagnostic(
            rel, int(m.group(1)) if m else 0, f"the catalogue is not valid TOML ({exc})",
            "fix the syntax (strings need double quotes; lists use [ ])", "error"),))
    text_lines = raw.splitlines()
    diags: list[Diagnostic] = []
    docs = data.get("documents", {})
    found: dict[str, int] = {}
    header = re.compile(r'^\[documents\.(?:"([^"]+)"|([^\]."]+))\]')
    for i, ln in enumerate(text_lines):
        m = header.match(ln.strip())
        if m:
            found.setdefault(m.group(1) or m.group(2), i)
    header_lines = {name: found.get(name, 0) for name in docs}
    for key in data:
        if key != "documents":
            diags.append(Diagnostic(rel, 0, f"unknown top-level table '{key}'",
                                    'put each document under [documents."<file name>"]', "error"))
    slugs: dict[str, str] = {}
    for name, entry in sorted(docs.items()):
        start = header_lines[name]
        for key, value in sorted(entry.items()):
            line = _key_line(text_lines, start, key)
            if key not in KEYS:
                close = difflib.get_close_matches(key, KEYS, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(KEYS)
                diags.append(Diagnostic(rel, line, f"unknown key '{key}' for {name}", hint,
                                        "error"))
            elif key == "date" and value and parse_date(str(value), ranges=True)[1]:
                diags.append(Diagnostic(rel, line, f"impossible or malformed date '{value}'",
                                        "write YYYY, YYYY-MM, YYYY-MM-DD or START/END", "error"))
            elif key == "date_precision" and value not in ("", "day", "month", "year", "range"):
                diags.append(Diagnostic(rel, line, f"unknown date_precision '{value}'",
                                        "use day, month, year or range", "error"))
            elif key == "language" and not (isinstance(value, str)
                                             and langcodes.tag_is_valid(value)):
                diags.append(Diagnostic(rel, line, f"unknown language tag '{value}'",
                                        "use a BCP 47 tag such as en, ur, ar, fa or en-GB",
                                        "error"))
            elif key == "mode" and value not in ("full", "excerpts"):
                diags.append(Diagnostic(rel, line, f"unknown mode '{value}'",
                                        "use full or excerpts", "error"))
            elif key == "slug":
                if not _SLUG.match(str(value)):
                    diags.append(Diagnostic(rel, line, f"slug '{value}' is not URL-safe",
                                            "use lower-case letters, digits and hyphens", "error"))
                elif value in slugs:
                    diags.append(Diagnostic(rel, line, f"slug '{value}' is already used by "
                                            f"{slugs[value]}", "choose another slug", "error"))
                slugs[str(value)] = name
            elif key == "authors" and not isinstance(value, list):
                diags.append(Diagnostic(rel, line, "authors must be a list",
                                        'write authors = ["First Author", "Second Author"]',
                                        "error"))
    return Catalogue(docs, {k: v + 1 for k, v in header_lines.items()}, rel, tuple(diags))


def kept_catalogue(path: Path, rel: str, cache: Cache) -> Catalogue:
    """:func:`load_catalogue`, kept in ``cache`` by the file's bytes and this code: parsing
    and checking the catalogue of a large corpus (5,000 tables) takes a second or two, on
    every build, though it seldom changes. Only the last catalogue is kept."""
    try:
        raw = path.read_bytes()
    except OSError:
        return load_catalogue(path, rel)
    memo = Memo(cache, make_key("catalogue"))
    key = make_key(code_fingerprint("dossier.ingest.catalogue", "dossier.util.dates",
                                    "dossier.model"), rel, raw)
    found = memo.get(key, lambda: load_catalogue(path, rel))
    memo.save()
    return found if isinstance(found, Catalogue) else load_catalogue(path, rel)
