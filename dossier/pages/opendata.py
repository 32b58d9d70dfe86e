"""Open data: the site's documents, passages, themes, entities and events as JSON files.

Written to ``data/`` in the site with their JSON Schemas (draft 2020-12) in
``data/schemas/``; the schemas' source of truth is ``dossier/schemas/``. URLs are
relative to the site root. Output is deterministic: keys sorted, records in a stable
order, UTF-8 without escapes, a newline at the end of every file.

A rights-limited document (``mode = "excerpts"``) exports the same excerpt its page shows.
``data/LICENSE.txt`` says what may be done with the data (:data:`LICENSE`).

Passages carry their number (``¶ 15``, :mod:`dossier.ingest.ids`), the heading they sit
under and the raw lines of the seed file they come from; ``essays.json`` gives each listed
essay's citations with the same numbers. It depends on the essays, so it is written with
them (:func:`write_essays`), in full builds and in warm rebuilds after an essay edit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from dossier.documentary.gazetteer import display_aliases
from dossier.essays.render import EssaySet, source_numbers
from dossier.model import Block, Document, PassageRef
from dossier.pages.crossref import Facts
from dossier.pages.document import SECTION_TITLES
from dossier.urls import (
    DATA_DIR,
    doc_title,
    doc_url,
    entity_url,
    essay_url,
    event_url,
    passage_url,
    theme_url,
)
from dossier.util.text import excerpt

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"
FILES = ("documents.json", "passages.jsonl", "themes.json", "entities.json", "events.json",
         "essays.json")
ESSAYS_FILE = f"{DATA_DIR}/essays.json"
LICENSE_FILE = f"{DATA_DIR}/LICENSE.txt"
#: The terms of the data, written to ``data/LICENSE.txt``.
LICENSE = """\
Licence of the data in this folder

The source texts are not ours. Each document's text (the "text" of its passages in
passages.jsonl, and the quotations in the other files) remains the work of its authors and
publishers, under their copyright; documents.json names them, and its "rights" field says
on what terms each text is reproduced here: for research and commentary. A document whose
"mode" is "excerpts" is not redistributed in full: its passages carry only the first words
its page shows ("excerpt": true). Ask the publisher before reusing a text beyond quotation.

Everything else is the editors' work and is licensed under Creative Commons Attribution 4.0
International (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/): the structure
(passage ids, numbers, sections, headings, line spans), the metadata of the catalogue, the
themes and their assignments, the entities and their mentions, the events and their dates,
the essays and their citations. Credit the site and link to it.

The JSON Schemas in schemas/ describe every file. Passage ids are stable: a passage keeps
its id while its words do not change; its number (the "¶ 15" of the pages, the essays and
the citations) is its position among the document's passages in reading order.
"""


def schema_name(filename: str) -> str:
    """``passages.jsonl`` -> ``passages.schema.json`` (for a JSON Lines file: one line)."""
    return PurePosixPath(filename).stem + ".schema.json"


def documents(facts: Facts) -> list[dict[str, Any]]:
    out = []
    for doc in facts.documents:
        m = doc.meta
        out.append({
            "slug": doc.slug,
            "title": doc_title(doc),
            "source": PurePosixPath(doc.source).name,
            "url": doc_url(doc.slug),
            "passage_count": facts.doc_passage_count[doc.slug],
            "themes": [s for s, _ in facts.doc_themes(doc.slug)],
            "metadata": {
                "title_inferred": m.title_inferred, "deck": m.deck,
                "authors": list(m.authors), "affiliations": list(m.affiliations),
                "keywords": list(m.keywords), "publisher": m.publisher, "date": m.date,
                "date_precision": m.date_precision, "date_note": m.date_note,
                "genre": m.genre, "original_url": m.url,
                "provenance_note": m.provenance_note, "mode": m.mode, "rights": m.rights,
                "language": m.language,
            },
        })
    return out


def headings(doc: Document) -> dict[str, str]:
    """Passage id -> the heading it sits under: the last heading before it in its section,
    else the title the page gives the section ("Abstract", "References"; "" for the body
    before its first heading)."""
    out: dict[str, str] = {}
    current: dict[str, str] = {}
    for block in doc.blocks:
        if block.kind == "heading":
            current[block.section] = " ".join(block.text.split())
        elif block.id:
            out[block.id] = current.get(block.section, SECTION_TITLES.get(block.section, ""))
    return out


def _lines(block: Block) -> list[int]:
    return [block.line, max(block.line, block.end_line)]


def document_passages(facts: Facts, doc: Document) -> list[dict[str, Any]]:
    """The records of ``passages.jsonl`` for one document's passages, in reading order:
    made of the document, its passages' annotations and the registry only."""
    out = []
    heading = headings(doc)
    for block in doc.passages:
        key = f"{doc.slug}#{block.id}"
        text, cut = block.text, False
        if doc.meta.mode == "excerpts" and block.kind != "heading":
            text = excerpt(block.text)[0]
            cut = text != block.text
        assigned = [a for a in facts.dossier.themes_by_passage.get(key, ())
                    if a.theme in facts.themes]
        out.append({
            "document": doc.slug,
            "id": block.id,
            "url": passage_url(PassageRef(doc.slug, block.id)),
            "number": block.number,
            "kind": block.kind,
            "section": block.section,
            "heading": heading[block.id],
            "lines": _lines(block),
            "text": text,
            "excerpt": cut,
            "themes": [a.theme for a in assigned],
            "entities": facts.passage_entities.get(key, []),
            "events": [e.id for e in facts.dossier.events_by_passage.get(key, ())],
            "why": {a.theme: {"reasons": list(a.reasons), "curated": a.curated,
                              "score": a.score} for a in assigned},
        })
    return out


def themes(facts: Facts) -> list[dict[str, Any]]:
    out = []
    for slug, t in facts.themes.items():
        assigned = facts.theme_assignments[slug]
        out.append({
            "slug": slug,
            "title": t.title,
            "url": theme_url(slug),
            "summary": t.summary,
            "intro": t.intro,
            "includes": t.includes,
            "excludes": t.excludes,
            "passage_count": len(facts.theme_passages[slug]),
            "curated_count": sum(1 for a in assigned.values() if a.curated),
            "document_count": len(facts.theme_documents(slug)),
            "passages": [facts.passages[k].url for k in facts.theme_passages[slug]
                         if k in facts.passages],
            "events": [e.id for e in facts.theme_events(slug)],
            "entities": [{"id": e, "mentions": n} for e, n in facts.theme_entity_counts(slug)],
        })
    return out


def entities(facts: Facts) -> list[dict[str, Any]]:
    return [{
        "id": e.id,
        "name": e.name,
        "kind": e.kind,
        "url": entity_url(e.id),
        "aliases": list(display_aliases(e)),
        "description": e.description,
        "mention_count": len(facts.entity_mentions[e.id]),
        "passage_count": len(facts.entity_passages[e.id]),
        "document_count": facts.entity_documents(e.id),
        "themes": [{"slug": s, "passages": n} for s, n in facts.entity_themes(e.id)],
        "events": [ev.id for ev in facts.entity_events(e.id)],
    } for e in facts.entities.values()]


def events(facts: Facts) -> list[dict[str, Any]]:
    return [{
        "id": e.id,
        "date": e.date,
        "precision": e.precision,
        "editorial_date": e.editorial_date,
        "date_note": e.date_note,
        "title": e.title,
        "description": e.description,
        "themes": list(e.themes),
        "entities": list(e.entities),
        "evidence": [passage_url(r) for r in e.evidence],
        "url": event_url(e.id),
    } for e in facts.events]


def essays(es: EssaySet) -> list[dict[str, Any]]:
    """The listed essays, newest first, each with its citations in the order of the text:
    the passage cited (document, id, number: ``[source, ¶ number]`` in the essay)."""
    out = []
    for e in es.listed:
        sources = source_numbers(e)
        cites = []
        for c in e.citations:
            doc = es.targets.documents.get(c.document)
            if doc is None or c.passage not in doc.passages:
                continue
            cites.append({"document": c.document, "passage": c.passage,
                          "number": doc.number(c.passage), "source": sources[c.document],
                          "quote": c.quote, "url": passage_url(c.ref)})
        out.append({"slug": e.slug, "title": e.title, "url": essay_url(e.slug),
                    "authors": list(e.authors), "date": e.date[:10],
                    "modified": e.modified[:10] if e.modified else "", "summary": e.summary,
                    "themes": list(e.themes), "citations": cites})
    return out


def dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def dumps_lines(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in records)


def passage_lines(facts: Facts, doc: Document) -> str:
    """The lines of ``passages.jsonl`` for one document's passages."""
    return dumps_lines(document_passages(facts, doc))


Lines = Callable[[Facts, Document], str]


def render_files(facts: Facts, lines: Lines = passage_lines) -> dict[str, str]:
    """Path under the site root -> file text, data files and their schemas. ``lines``
    gives each document's lines of ``passages.jsonl`` (:func:`passage_lines`, or the same
    kept from the last build: the file is most of the data)."""
    files = {
        f"{DATA_DIR}/documents.json": dumps(documents(facts)),
        f"{DATA_DIR}/passages.jsonl": "".join(lines(facts, doc) for doc in facts.documents),
        f"{DATA_DIR}/themes.json": dumps(themes(facts)),
        f"{DATA_DIR}/entities.json": dumps(entities(facts)),
        f"{DATA_DIR}/events.json": dumps(events(facts)),
    }
    for name in FILES:
        schema = SCHEMA_DIR / schema_name(name)
        files[f"{DATA_DIR}/schemas/{schema.name}"] = schema.read_text(encoding="utf-8")
    files[LICENSE_FILE] = LICENSE
    return files


def schema_bytes() -> bytes:
    """The schemas' names and bytes (they are copied into the site as they are)."""
    return b"".join(p.name.encode() + b"\0" + p.read_bytes() + b"\0"
                    for p in sorted(SCHEMA_DIR.glob("*.json")))


def write(facts: Facts, output: Path, lines: Lines = passage_lines) -> list[str]:
    """Write every data file under ``output``; return their site paths, sorted."""
    written = []
    for rel, text in sorted(render_files(facts, lines).items()):
        path = output / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(rel)
    return written


def write_essays(es: EssaySet, output: Path) -> str:
    """Write ``data/essays.json`` under ``output``; return its site path."""
    path = output / ESSAYS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(essays(es)), encoding="utf-8", newline="\n")
    return ESSAYS_FILE


def catalogue() -> list[dict[str, str]]:
    """The data files with their schemas and a one-line description, for the site's pages."""
    what = {
        "documents.json": "every source document: title, source file, page, metadata",
        "passages.jsonl": "one line per passage: its number, heading and source lines, text, "
                          "themes, entities, events, and why",
        "themes.json": "every theme: summary, introduction, counts, passages",
        "entities.json": ("people, organisations, places, projects and agreements: aliases, "
                          "mention counts"),
        "events.json": "dated events with their evidence passages",
        "essays.json": "the essays: authors, date, themes, and each passage they cite",
    }
    return [{"name": n, "url": f"{DATA_DIR}/{n}", "schema": f"{DATA_DIR}/schemas/{schema_name(n)}",
             "what": what[n]} for n in FILES]
