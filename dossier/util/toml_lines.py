"""Read an editor-written TOML file made of ``[[table]]`` entries, keeping line numbers.

``tomllib`` gives values but no positions, so the raw text is scanned for the ``[[name]]``
headers and for each ``key =`` line inside a table: every diagnostic can then say
``path:line``. A user mistake (bad TOML, wrong type, unknown key) becomes a
:class:`~dossier.util.diagnostics.Diagnostic`; nothing here raises.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.util.diagnostics import Reporter

_AT_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class Table:
    """One ``[[name]]`` entry: its values, its header line, and the line of each key."""

    data: dict[str, Any]
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    """A hint for a misspelt or abbreviated word ("org" -> "organisation"), or ""."""
    ordered = sorted(choices)
    close = difflib.get_close_matches(word, ordered, n=1, cutoff=0.6)
    if not close and len(word) >= 3:
        close = [c for c in ordered if c.lower().startswith(word.lower())][:1]
    return f"did you mean {close[0]!r}?" if close else ""


def rel(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def read_tables(path: Path, root: Path, name: str, keys: set[str]
                ) -> tuple[list[Table], Reporter]:
    """Parse ``path`` as a list of ``[[name]]`` tables. A missing file is no entries."""
    rep = Reporter(rel(path, root))
    path = Path(path)
    if not path.is_file():
        return [], rep
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        rep.error(0, f"cannot read the file: {exc}", "save it as UTF-8 text")
        return [], rep
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _AT_LINE.search(msg)
        line = int(m.group(1)) if m else 0
        rep.error(line, f"not valid TOML: {_AT_LINE.sub('', msg).strip()}",
                "check quotes, brackets and `key = value` on this line")
        return [], rep
    for key in sorted(doc):
        if key != name:
            hint = did_you_mean(key, {name})
            rep.error(_line_of_top_key(text, key), f"unknown top-level key {key!r}",
                    hint or f"write each entry as a [[{name}]] table")
    entries = doc.get(name, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        rep.error(_line_of_top_key(text, name), f"{name!r} must be a list of [[{name}]] tables",
                f"start each entry with a line [[{name}]]")
        return [], rep
    headers = _header_lines(text, name)
    if len(headers) != len(entries):  # inline-table form: no per-entry lines to point at
        headers = [_line_of_top_key(text, name)] * len(entries)
    lines = text.splitlines()
    tables: list[Table] = []
    for i, data in enumerate(entries):
        start = headers[i]
        end = headers[i + 1] if i + 1 < len(headers) and headers[i + 1] > start else len(lines)
        key_lines: dict[str, int] = {}
        for n in range(start, end):  # 0-based index n is line n+1; start is the header
            km = re.match(r"\s*([A-Za-z0-9_-]+)\s*=", lines[n])
            if km and km.group(1) not in key_lines:
                key_lines[km.group(1)] = n + 1
        table = Table(data, start, key_lines)
        for key in sorted(data):
            if key not in keys:
                hint = did_you_mean(key, keys)
                rep.warn(table.line_of(key), f"unknown key {key!r} (ignored)",
                         hint or f"known keys: {', '.join(sorted(keys))}")
        tables.append(table)
    return tables, rep


def _header_lines(text: str, name: str) -> list[int]:
    pat = re.compile(r"^\s*\[\[\s*" + re.escape(name) + r"\s*\]\]")
    return [i + 1 for i, line in enumerate(text.splitlines()) if pat.match(line)]


def _line_of_top_key(text: str, key: str) -> int:
    pat = re.compile(r"^\s*(\[\[?\s*)?" + re.escape(key) + r"\b")
    for i, line in enumerate(text.splitlines()):
        if pat.match(line):
            return i + 1
    return 0


def get_str(table: Table, key: str, rep: Reporter, required: bool = False) -> str:
    value = table.data.get(key)
    if value is None:
        if required:
            rep.error(table.line, f"missing {key!r}", f'add {key} = "…" to this entry')
        return ""
    if not isinstance(value, str):
        rep.error(table.line_of(key), f"{key!r} must be a string, not {type(value).__name__}",
                f'write {key} = "…"')
        return ""
    value = value.strip()
    if required and not value:
        rep.error(table.line_of(key), f"{key!r} is empty", f"give {key} a value")
    return value


def get_list(table: Table, key: str, rep: Reporter) -> tuple[str, ...]:
    value = table.data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        rep.error(table.line_of(key), f"{key!r} must be a list of strings",
                f'write {key} = ["{value}"]')
        return (value.strip(),) if value.strip() else ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        rep.error(table.line_of(key), f"{key!r} must be a list of strings",
                f'write {key} = ["…", "…"]')
        return ()
    out: list[str] = []
    for v in value:
        v = v.strip()
        if not v:
            rep.warn(table.line_of(key), f"empty string in {key!r} (ignored)", "remove it")
        elif v not in out:
            out.append(v)
    return tuple(out)


def get_bool(table: Table, key: str, rep: Reporter) -> bool:
    value = table.data.get(key, False)
    if not isinstance(value, bool):
        rep.error(table.line_of(key), f"{key!r} must be true or false", f"write {key} = true")
        return False
    return value
