"""The editors' curation file, ``content/curation.toml``: it always wins.

Each ``[[passage]]`` entry names a passage by ``"doc-slug#passage-id"`` (as
shown next to each passage) and adds or removes themes::

    [[passage]]
    id = "pakistans-new-pm-wants-to-rebuild-ties-with-the-west#p-wa3hes"
    add = ["india"]
    remove = ["economy"]
    note = "why: one line, shown as the reason"

An added theme becomes an Assignment with ``curated=True`` and the reason
``curation: content/curation.toml:LINE (note)``, before any cue the classifier
found; a removed theme is dropped whatever its score. Mistakes (unknown ids or
themes, bad TOML, a theme both added and removed) are diagnostics with the
file and line, never exceptions; the entry or the one theme is then skipped.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from dossier.documentary.themes import check_theme_order
from dossier.model import Assignment, Corpus, Diagnostic, PassageRef, Theme

ENTRY_KEYS = ("id", "add", "remove", "note")


@dataclass(frozen=True)
class CurationEntry:
    id: str  # "doc-slug#passage-id"
    add: tuple[str, ...]
    remove: tuple[str, ...]
    note: str
    source: str
    line: int

    @property
    def reason(self) -> str:
        note = f" ({self.note})" if self.note else ""
        return f"curation: {self.source}:{self.line}{note}"


Curation = tuple[CurationEntry, ...]


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _entry_lines(text: str) -> list[int]:
    """1-based line of each ``[[passage]]`` header, in order."""
    return [i for i, line in enumerate(text.splitlines(), start=1)
            if re.match(r"^\s*\[\[\s*passage\s*\]\]", line)]


def load_curation(path: Path, root: Path) -> tuple[Curation, tuple[Diagnostic, ...]]:
    """Read the curation file; a missing file is an empty curation."""
    path, root = Path(path), Path(root)
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    if not path.is_file():
        return (), ()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return (), (Diagnostic(rel, 0, f"cannot read the curation file ({exc})",
                               "save it as UTF-8 text", "error"),)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        line = int(m.group(1)) if m else len(text.splitlines())  # "at end of document"
        message = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", str(exc))
        return (), (Diagnostic(rel, line, f"bad TOML: {message}",
                               "check quotes, '=' and [[passage]] headers", "error"),)
    diags: list[Diagnostic] = []
    for key in data:
        if key != "passage":
            hint = _did_you_mean(key, ["passage"])
            diags.append(Diagnostic(rel, 0, f"unknown top-level key '{key}' (ignored)",
                                    hint or "entries are [[passage]] tables"))
    raw = data.get("passage", [])
    if not isinstance(raw, list):
        return (), (*diags, Diagnostic(rel, 0, "'passage' must be an array of tables",
                                       "write each entry under its own [[passage]] header",
                                       "error"))
    lines = _entry_lines(text)
    out: list[CurationEntry] = []
    for n, item in enumerate(raw):
        line = lines[n] if n < len(lines) else 0
        for key in item:
            if key not in ENTRY_KEYS:
                hint = _did_you_mean(key, ENTRY_KEYS)
                diags.append(Diagnostic(rel, line, f"unknown key '{key}' in [[passage]] "
                                        "(ignored)", hint or "keys: " + ", ".join(ENTRY_KEYS)))
        pid = item.get("id")
        if not isinstance(pid, str) or "#" not in pid:
            diags.append(Diagnostic(rel, line, "[[passage]] without a valid id",
                                    'write id = "doc-slug#passage-id"', "error"))
            continue
        lists: dict[str, tuple[str, ...]] = {}
        for key in ("add", "remove"):
            value = item.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                diags.append(Diagnostic(rel, line, f"'{key}' must be a list of theme slugs",
                                        f'write {key} = ["india"]', "error"))
                value = []
            lists[key] = tuple(value)
        both = sorted(set(lists["add"]) & set(lists["remove"]))
        if both:
            diags.append(Diagnostic(rel, line, f"theme '{both[0]}' is both added and removed",
                                    "keep it in one list only", "error"))
        if not lists["add"] and not lists["remove"]:
            diags.append(Diagnostic(rel, line, f"entry for {pid} neither adds nor removes "
                                    "a theme", "add add = [...] or remove = [...]"))
        note = item.get("note", "")
        if not isinstance(note, str):
            note = str(note)
        out.append(CurationEntry(pid.strip(), tuple(t for t in lists["add"] if t not in both),
                                 tuple(t for t in lists["remove"] if t not in both),
                                 note.strip(), rel, line))
    return tuple(out), tuple(diags)


def apply_curation(assignments: tuple[Assignment, ...], curation: Curation, corpus: Corpus,
                   themes: Sequence[Theme]
                   ) -> tuple[tuple[Assignment, ...], tuple[Diagnostic, ...]]:
    """The classifier's assignments with the editors' additions and removals applied.

    Also checks each theme's ``order`` against the corpus (the one place that
    sees both themes and passages).
    """
    diags: list[Diagnostic] = list(check_theme_order(tuple(themes), corpus))
    keys = sorted(f"{d.slug}#{p.id}" for d in corpus.documents for p in d.passages)
    known = set(keys)
    aliases = {f"{d.slug}#{old}": f"{d.slug}#{new}"
               for d in corpus.documents for old, new in d.meta.aliases}
    slugs = sorted(t.slug for t in themes)
    current: dict[tuple[str, str], Assignment] = {(a.ref.key, a.theme): a for a in assignments}
    seen: dict[str, int] = {}
    for entry in curation:
        key = entry.id
        if key not in known and key in aliases:
            diags.append(Diagnostic(entry.source, entry.line, f"passage id {key} was renamed "
                                    f"to {aliases[key]}", f'update the id to "{aliases[key]}"'))
            key = aliases[key]
        if key not in known:
            hint = _did_you_mean(key, keys)
            doc = key.split("#", 1)[0]
            if not hint and doc not in {d.slug for d in corpus.documents}:
                hint = _did_you_mean(doc, [d.slug for d in corpus.documents])
                hint = f"unknown document; {hint}" if hint else "unknown document"
            diags.append(Diagnostic(entry.source, entry.line, f"no passage {key}",
                                    hint or "copy the id shown next to the passage"))
            continue
        if key in seen:
            diags.append(Diagnostic(entry.source, entry.line, f"{key} is also curated at line "
                                    f"{seen[key]}", "merge the two entries"))
        seen.setdefault(key, entry.line)
        doc, pid = key.split("#", 1)
        for slug in entry.add + entry.remove:
            if slug not in slugs:
                hint = _did_you_mean(slug, slugs)
                diags.append(Diagnostic(entry.source, entry.line, f"unknown theme '{slug}'",
                                        hint or "themes: " + ", ".join(slugs)))
        for slug in entry.remove:
            if slug in slugs and current.pop((key, slug), None) is None:
                diags.append(Diagnostic(entry.source, entry.line, f"removes '{slug}' from "
                                        f"{key}, which the classifier did not assign",
                                        "remove the stale line"))
        for slug in entry.add:
            if slug not in slugs:
                continue
            old = current.get((key, slug))
            reasons = (entry.reason,) + (old.reasons if old else ())
            current[(key, slug)] = (replace(old, reasons=reasons, curated=True) if old else
                                    Assignment(PassageRef(doc, pid), slug, 0.0, reasons, True))
    out = sorted(current.values(), key=lambda a: (a.ref.document, a.ref.passage, a.theme))
    diags.sort(key=lambda x: (x.path, x.line, x.message))
    return tuple(out), tuple(diags)
