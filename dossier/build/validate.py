"""What the site needs of the model before any page is made: slugs that can be folder names,
ids that can be fragments, each unique; passages that exist for every event, theme and
mention that points at one. Problems are collected as diagnostics (``path:line: what — fix``)
and fail the build; nothing here raises.
"""

from __future__ import annotations

import re

from dossier.build.result import sort_diagnostics
from dossier.model import Corpus, Diagnostic, Documentary

# A slug becomes a directory name; an id becomes a fragment.
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9._:-]*$")
# Ids the templates use themselves; a passage must not take them.
RESERVED_IDS = frozenset({
    "content", "doc-title", "sec-abstract", "sec-notes", "sec-references", "sec-bio",
    "sec-comments", "sec-related",
})


def corpus_diagnostics(corpus: Corpus) -> list[Diagnostic]:
    """The pipeline's own diagnostics, corpus-wide and per document, de-duplicated."""
    found = list(corpus.diagnostics)
    for doc in corpus.documents:
        found.extend(doc.diagnostics)
    return sort_diagnostics(found)


def validate_corpus(corpus: Corpus) -> list[Diagnostic]:
    """What the site needs from the model: safe unique slugs, valid unique ids, aliases."""
    found: list[Diagnostic] = []

    def err(path: str, line: int, message: str, fix: str) -> None:
        found.append(Diagnostic(path, line, message, fix, severity="error"))

    slugs: dict[str, str] = {}
    for doc in corpus.documents:
        if not _SLUG.match(doc.slug):
            err(doc.source, 0, f"slug {doc.slug!r} cannot be a directory name",
                "use letters, digits, '.', '_' and '-' only")
        elif doc.slug.lower() in slugs:
            err(doc.source, 0, f"slug {doc.slug!r} is also used by {slugs[doc.slug.lower()]}",
                "give each document its own slug")
        else:
            slugs[doc.slug.lower()] = doc.source
        seen: dict[str, int] = {}
        for b in doc.blocks:
            if not b.id:
                continue
            if not _ID.match(b.id):
                err(b.source, b.line, f"passage id {b.id!r} is not a valid HTML id fragment",
                    "start with a letter; use letters, digits, '-', '_', '.', ':'")
            elif b.id in RESERVED_IDS:
                err(b.source, b.line, f"passage id {b.id!r} is reserved by the theme",
                    "choose another id")
            elif b.id in seen:
                err(b.source, b.line, f"passage id {b.id!r} already used on line {seen[b.id]}",
                    "passage ids must be unique within a document")
            else:
                seen[b.id] = b.line
        for old, current in doc.meta.aliases:
            if current not in seen:
                err(doc.source, 0, f"alias {old!r} points to unknown passage {current!r}",
                    "point the alias at an existing passage id")
            elif old in seen or old in RESERVED_IDS or not _ID.match(old):
                err(doc.source, 0, f"alias {old!r} clashes with an existing or invalid id",
                    "drop the alias or rename the passage")
    return found


def validate_documentary(dossier: Documentary) -> list[Diagnostic]:
    """What the documentary pages need: theme slugs and entity ids that can be directory
    names, event ids that can be fragments, all unique; passages that exist."""
    found: list[Diagnostic] = []

    def err(path: str, line: int, message: str, fix: str) -> None:
        found.append(Diagnostic(path, line, message, fix, severity="error"))

    def unique(items, what: str, pattern: re.Pattern[str], rule: str) -> None:
        seen: dict[str, str] = {}
        for key, path, line in items:
            if not pattern.match(key):
                err(path, line, f"{what} {key!r} cannot be used in a link", rule)
            elif key.lower() in seen:
                err(path, line, f"{what} {key!r} is also defined at {seen[key.lower()]}",
                    f"give each {what} its own name")
            else:
                seen[key.lower()] = f"{path}:{line}"

    unique(((t.slug, t.source, t.line) for t in dossier.themes), "theme slug", _SLUG,
           "use letters, digits, '.', '_' and '-' only")
    unique(((e.id, e.source, e.line) for e in dossier.entities), "entity id", _SLUG,
           "use letters, digits, '.', '_' and '-' only")
    unique(((e.id, e.source, e.line) for e in dossier.events), "event id", _SLUG,
           "use letters, digits, '.', '_' and '-' only")
    passages = {f"{d.slug}#{b.id}" for d in dossier.corpus.documents for b in d.blocks if b.id}
    for e in dossier.events:
        for ref in e.evidence:
            if ref.key not in passages:
                err(e.source, e.line, f"event {e.id!r} cites unknown passage {ref.key!r}",
                    "cite an existing 'document-slug#passage-id'")
    for key in sorted({a.ref.key for a in dossier.assignments} - passages):
        err("content", 0, f"a theme is assigned to unknown passage {key!r}",
            "assign themes to existing passages only")
    for key in sorted({m.ref.key for m in dossier.mentions} - passages):
        err("content/entities.toml", 0, f"a mention points at unknown passage {key!r}",
            "mentions must come from existing passages")
    return found
