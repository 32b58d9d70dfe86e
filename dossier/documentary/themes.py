"""Load the themes: one Markdown file per theme in ``content/themes/<slug>.md``.

A theme file is a TOML front-matter block between two ``+++`` lines, then the
Markdown introduction written by the editors::

    +++
    title = "Khan's ouster"
    summary = "One line for lists."
    includes = "What belongs: ..."
    excludes = "What does not: ..."
    threshold = 3.0                 # a passage needs at least this score
    anchors = ["imran khan", "pti"] # optional: at least one of these cues must fire
    position = 1                    # optional: list order (else by slug)
    order = ["doc-slug#p-abc123"]   # optional: reading order of key passages

    [cues]                          # phrase = weight; negative = counter-cue
    "no-confidence" = 3.0
    "cricket" = -2.5
    "pti" = { weight = 1.5, anchor = true }   # the other way to name an anchor

    [regex_cues]                    # Python regular expressions, case-insensitive
    'sanction\\w* (on|against) iran' = { weight = -3.0, label = "sanctions on Iran" }

    [entities]                      # gazetteer ids whose mention is evidence: id = weight
    "national-defence-complex" = 1.5
    "pakistan-stream" = { weight = 2.0, anchor = true }
    +++
    The introduction, in Markdown.

The slug is the file name. Files whose name starts with ``_`` or ``.`` are
ignored (drafts, notes). A mistake in a file never raises: it is reported as a
:class:`Diagnostic` with the file and line, and the theme (or the one cue) is
skipped when it cannot be used.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dossier.model import Corpus, Cue, Diagnostic, Entity, EntityCue, Theme

FENCE = "+++"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KNOWN_KEYS = ("title", "summary", "includes", "excludes", "threshold", "anchors", "position",
              "order", "cues", "regex_cues", "entities")
DEFAULT_THRESHOLD = 1.0
CUE_FIELDS = ("weight", "anchor", "label")


@dataclass(frozen=True)
class _FrontMatter:
    text: str  # the TOML between the fences
    first_line: int  # file line of the TOML's first line
    body: str  # Markdown after the closing fence


def _did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _split(text: str, rel: str) -> tuple[_FrontMatter | None, Diagnostic | None]:
    lines = text.lstrip("\ufeff").splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or lines[start].strip() != FENCE:
        return None, Diagnostic(rel, (start or 0) + 1, "no front matter: a theme file starts "
                                "with a '+++' line", "add a '+++' block with at least "
                                "title = \"...\" and [cues]", "error")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == FENCE), None)
    if end is None:
        return None, Diagnostic(rel, start + 1, "front matter is not closed",
                                "add a line with '+++' after the front matter", "error")
    fm = "\n".join(lines[start + 1:end])
    body = "\n".join(lines[end + 1:]).strip()
    return _FrontMatter(fm, start + 2, body), None


def _line_of(fm: _FrontMatter, key: str, table: str = "") -> int:
    """Best-effort file line of ``key`` (optionally inside ``[table]``) in the front matter."""
    lines = _key_lines(fm.text)
    if (table, key) in lines:
        return fm.first_line + lines[(table, key)]
    return fm.first_line + lines.get((f"[{table}]", None), 0)


_KEY_RE = re.compile(r"""^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")
_TABLE_RE = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]\s*$")


@functools.lru_cache(maxsize=64)
def _key_lines(text: str) -> dict[tuple[str, str | None], int]:
    """(table, key) -> the line (from 0) of the key's first definition in the front matter
    ``text``, and (header, None) -> the line of each ``[table]`` header line, as written: one
    pass, each key read by TOML itself (quoted keys unescaped)."""
    found: dict[tuple[str, str | None], int] = {}
    current = ""
    for i, line in enumerate(text.splitlines()):
        head = _TABLE_RE.match(line)
        if head:
            current = head.group(1)
            found.setdefault((line, None), i)  # the header line as written
            continue
        m = _KEY_RE.match(line)
        if not m:
            continue
        try:
            key = next(iter(tomllib.loads(m.group(0) + " 0")))
        except tomllib.TOMLDecodeError:
            continue
        found.setdefault((current, key), i)
    return found


def _toml_error_line(exc: tomllib.TOMLDecodeError, fm: _FrontMatter) -> int:
    m = re.search(r"at line (\d+)", str(exc))
    if m:
        return fm.first_line + int(m.group(1)) - 1
    return fm.first_line + max(len(fm.text.splitlines()) - 1, 0)  # "at end of document"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _cues(data: dict, table: str, regex: bool, fm: _FrontMatter, rel: str,
          diags: list[Diagnostic], anchors: list[str]) -> list[Cue]:
    """A table of ``"pattern" = weight`` or ``"pattern" = { weight = w, anchor = true,
    label = "..." }``; anchor patterns are appended to ``anchors``."""
    raw = data.get(table, {})
    if not isinstance(raw, dict):
        diags.append(Diagnostic(rel, _line_of(fm, table), f"'{table}' must be a table",
                                f"write it as [{table}] followed by \"phrase\" = weight lines",
                                "error"))
        return []
    out: list[Cue] = []
    for pattern, value in raw.items():
        line = _line_of(fm, pattern, table)
        label = ""
        if isinstance(value, dict):  # { weight = 2.0, anchor = true, label = "..." }
            extra = sorted(set(value) - set(CUE_FIELDS))
            if extra:
                hint = _did_you_mean(extra[0], CUE_FIELDS)
                diags.append(Diagnostic(rel, line, f"cue '{pattern}': unknown field "
                                        f"'{extra[0]}' (ignored)", hint or
                                        'a cue is { weight = 2.0, anchor = true, label = "..." }'))
            label = value.get("label", "")
            if not isinstance(label, str):
                diags.append(Diagnostic(rel, line, f"cue '{pattern}': label must be a string",
                                        'write label = "what it finds"'))
                label = ""
            if not isinstance(value.get("anchor", False), bool):
                diags.append(Diagnostic(rel, line, f"cue '{pattern}': anchor must be true "
                                        "or false", "write anchor = true", "error"))
            elif value.get("anchor", False):
                anchors.append(pattern)
            value = value.get("weight")
        weight = _number(value)
        if weight is None:
            diags.append(Diagnostic(rel, line, f"weight of cue '{pattern}' is not a number "
                                    f"({value!r})", f"write e.g. \"{pattern}\" = 1.5", "error"))
            continue
        if not pattern.strip():
            diags.append(Diagnostic(rel, line, "empty cue", "remove the line", "error"))
            continue
        if regex:
            try:
                re.compile(pattern)
            except re.error as exc:
                diags.append(Diagnostic(rel, line, f"invalid regular expression '{pattern}': "
                                        f"{exc}", "fix the expression, or move the cue to "
                                        "[cues] as a plain phrase", "error"))
                continue
        out.append(Cue(pattern=pattern, weight=weight, regex=regex, label=label.strip()))
    return out


def _entity_cues(data: dict, fm: _FrontMatter, rel: str, diags: list[Diagnostic]
                 ) -> tuple[EntityCue, ...]:
    """The ``entities`` table: ``"entity-id" = weight`` or ``{ weight = w, anchor = true }``.
    Ids are checked against the gazetteer later (:func:`resolve_theme_entities`)."""
    raw = data.get("entities", {})
    if not isinstance(raw, dict):
        diags.append(Diagnostic(rel, _line_of(fm, "entities"), "'entities' must be a table",
                                'write entities = { "entity-id" = 1.5 }', "error"))
        return ()
    table = "entities" if "[entities]" in fm.text.replace(" ", "") else ""
    out: list[EntityCue] = []
    for eid, value in raw.items():
        line = _line_of(fm, eid if table else "entities", table)
        anchor = False
        if isinstance(value, dict):
            extra = sorted(set(value) - {"weight", "anchor"})
            if extra:
                diags.append(Diagnostic(rel, line, f"entity '{eid}': unknown field "
                                        f"'{extra[0]}' (ignored)",
                                        "an entity is { weight = 1.5, anchor = true }"))
            anchor = value.get("anchor", False) is True
            value = value.get("weight")
        weight = _number(value)
        if weight is None:
            diags.append(Diagnostic(rel, line, f"weight of entity '{eid}' is not a number "
                                    f"({value!r})", f'write e.g. "{eid}" = 1.5', "error"))
            continue
        out.append(EntityCue(eid, weight, line, anchor))
    return tuple(out)


def resolve_theme_entities(themes: tuple[Theme, ...], entities: tuple[Entity, ...] | list[Entity]
                           ) -> tuple[tuple[Theme, ...], tuple[Diagnostic, ...]]:
    """Check every theme's ``entities`` against the gazetteer: an unknown id is an error at
    its line (and dropped); a known one gets the entity's name, for reasons."""
    names = {e.id: e.name for e in entities}
    diags: list[Diagnostic] = []
    out: list[Theme] = []
    for theme in themes:
        kept: list[EntityCue] = []
        for ec in theme.entities:
            if ec.entity in names:
                kept.append(replace(ec, name=names[ec.entity]))
                continue
            hint = _did_you_mean(ec.entity, sorted(names))
            diags.append(Diagnostic(theme.source, ec.line, f"unknown entity '{ec.entity}' "
                                    "(ignored)", hint or "use an id of content/entities.toml",
                                    "error"))
        out.append(replace(theme, entities=tuple(kept)) if theme.entities else theme)
    return tuple(out), tuple(diags)


def _strings(data: dict, key: str, fm: _FrontMatter, rel: str,
             diags: list[Diagnostic]) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        diags.append(Diagnostic(rel, _line_of(fm, key), f"'{key}' must be a list of strings",
                                f'write e.g. {key} = ["first", "second"]', "error"))
        return ()
    return tuple(value)


def parse_theme(text: str, slug: str, rel: str
                ) -> tuple[Theme | None, list[Diagnostic], int | None]:
    """One theme file's text -> (theme or None, diagnostics, explicit position)."""
    diags: list[Diagnostic] = []
    fm, problem = _split(text, rel)
    if fm is None:
        return None, [problem] if problem else [], None
    try:
        data = tomllib.loads(fm.text)
    except tomllib.TOMLDecodeError as exc:
        message = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", str(exc))
        return None, [Diagnostic(rel, _toml_error_line(exc, fm), f"bad TOML in front matter: "
                                 f"{message}", "check quotes, '=' and [table] headers on "
                                 "this line", "error")], None
    for key in data:
        if key not in KNOWN_KEYS:
            hint = _did_you_mean(key, KNOWN_KEYS)
            diags.append(Diagnostic(rel, _line_of(fm, key), f"unknown front-matter key "
                                    f"'{key}' (ignored)", hint or "known keys: "
                                    + ", ".join(KNOWN_KEYS)))
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        diags.append(Diagnostic(rel, fm.first_line, "the theme has no title",
                                'add title = "..." to the front matter', "error"))
        return None, diags, None
    texts: dict[str, str] = {}
    for key in ("summary", "includes", "excludes"):
        value = data.get(key, "")
        if not isinstance(value, str):
            diags.append(Diagnostic(rel, _line_of(fm, key), f"'{key}' must be a string",
                                    f'write {key} = "..."', "error"))
            value = ""
        texts[key] = value.strip()
    for key in ("includes", "excludes"):
        if not texts[key]:
            diags.append(Diagnostic(rel, fm.first_line, f"no '{key}': editors and readers "
                                    "need to know what the theme covers",
                                    f'add {key} = "..." to the front matter'))
    threshold = DEFAULT_THRESHOLD
    if "threshold" in data:
        value = _number(data["threshold"])
        if value is None:
            diags.append(Diagnostic(rel, _line_of(fm, "threshold"), "threshold is not a number",
                                    f"write e.g. threshold = 3.0 (using {DEFAULT_THRESHOLD})",
                                    "error"))
        else:
            threshold = value
    position = None
    if "position" in data:
        if isinstance(data["position"], int) and not isinstance(data["position"], bool):
            position = data["position"]
        else:
            diags.append(Diagnostic(rel, _line_of(fm, "position"), "position must be a whole "
                                    "number", "write e.g. position = 3, or remove it", "error"))
    flagged: list[str] = []
    cues = (_cues(data, "cues", False, fm, rel, diags, flagged)
            + _cues(data, "regex_cues", True, fm, rel, diags, flagged))
    if not any(c.weight > 0 for c in cues) and not data.get("entities"):
        diags.append(Diagnostic(rel, fm.first_line, "the theme has no positive cue, so the "
                                "classifier will never assign it",
                                'add a [cues] table, e.g. "phrase" = 2.0'))
    anchors = _strings(data, "anchors", fm, rel, diags)
    patterns = [c.pattern for c in cues]
    anchors += tuple(a for a in flagged if a in patterns and a not in anchors)
    for anchor in anchors:
        if anchor not in patterns:
            hint = _did_you_mean(anchor, patterns)
            diags.append(Diagnostic(rel, _line_of(fm, "anchors"), f"anchor '{anchor}' is not "
                                    "one of the theme's cues", hint or "add it under [cues] "
                                    "(weight 0 is allowed)", "error"))
    order = _strings(data, "order", fm, rel, diags)
    for ref in order:
        if not re.fullmatch(r"[a-z0-9-]+#[a-z]+-[a-z0-9]+(?:-\d+)?", ref):
            diags.append(Diagnostic(rel, _line_of(fm, "order"), f"order entry '{ref}' is not "
                                    "a passage reference", 'write "doc-slug#passage-id", as '
                                    "shown next to each passage", "error"))
    if not fm.body:
        diags.append(Diagnostic(rel, fm.first_line, "the theme has no introduction",
                                "write a few sentences of Markdown after the closing '+++'"))
    theme = Theme(slug=slug, title=title.strip(), intro=fm.body, includes=texts["includes"],
                  excludes=texts["excludes"], cues=tuple(cues), source=rel, line=fm.first_line - 1,
                  threshold=threshold, required=tuple(a for a in anchors if a in patterns),
                  order=order, summary=texts["summary"],
                  entities=_entity_cues(data, fm, rel, diags))
    return theme, diags, position


def load_themes(folder: Path, root: Path) -> tuple[tuple[Theme, ...], tuple[Diagnostic, ...]]:
    """Every ``*.md`` in ``folder`` -> themes sorted by (explicit position, slug)."""
    folder, root = Path(folder), Path(root)
    if not folder.is_dir():
        return (), ()
    diags: list[Diagnostic] = []
    found: list[tuple[float, str, Theme]] = []
    for path in sorted(folder.glob("*.md"), key=lambda p: p.name):
        if path.name.startswith(("_", ".")):
            continue
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = path.as_posix()
        slug = path.stem
        if not SLUG_RE.match(slug):
            fixed = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "theme"
            diags.append(Diagnostic(rel, 0, f"file name '{path.name}' is not a URL-safe slug "
                                    "(lower-case letters, digits, single hyphens)",
                                    f"rename it to {fixed}.md", "error"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            diags.append(Diagnostic(rel, 0, f"cannot read the theme file ({exc})",
                                    "save it as UTF-8 text", "error"))
            continue
        theme, d, position = parse_theme(text, slug, rel)
        diags.extend(d)
        if theme is not None:
            found.append((float("inf") if position is None else position, slug, theme))
    found.sort(key=lambda t: (t[0], t[1]))
    diags.sort(key=lambda x: (x.path, x.line, x.message))
    return tuple(t for _, _, t in found), tuple(diags)


def check_theme_order(themes: tuple[Theme, ...] | list[Theme], corpus: Corpus
                      ) -> tuple[Diagnostic, ...]:
    """Report ``order`` entries that name no passage of the corpus."""
    keys = sorted(f"{d.slug}#{p.id}" for d in corpus.documents for p in d.passages)
    known = set(keys)
    diags: list[Diagnostic] = []
    for theme in themes:
        for ref in theme.order:
            if ref not in known:
                hint = _did_you_mean(ref, keys)
                diags.append(Diagnostic(theme.source, theme.line, f"order entry '{ref}' is not "
                                        "a passage of the corpus", hint or "copy the id from "
                                        "the passage's page"))
    return tuple(diags)
