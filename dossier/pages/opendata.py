"""Open data: the site's documents, passages, themes, entities and events as JSON files.

Written to ``data/`` in the site with their JSON Schemas (draft 2020-12) in
``data/schemas/``; the schemas' source of truth is ``dossier/schemas/``. URLs are
relative to the site root. Output is deterministic: keys sorted, records in a stable
order, UTF-8 without escapes, a newline at the end of every file.

A rights-limited document (``mode = "excerpts"``) exports the same excerpt its page shows.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from dossier.documentary.gazetteer import display_aliases
from dossier.model import PassageRef
from dossier.pages.crossref import Facts
from dossier.urls import DATA_DIR, doc_title, doc_url, entity_url, event_url, passage_url, theme_url
from dossier.util.text import excerpt

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"
FILES = ("documents.json", "passages.jsonl", "themes.json", "entities.json", "events.json")


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
                "genre": m.genre, "original_url": m.url, "mode": m.mode, "rights": m.rights,
            },
        })
    return out


def passages(facts: Facts) -> list[dict[str, Any]]:
    out = []
    for doc in facts.documents:
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
                "kind": block.kind,
                "section": block.section,
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


def dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def dumps_lines(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in records)


def render_files(facts: Facts) -> dict[str, str]:
    """Path under the site root -> file text, data files and their schemas."""
    files = {
        f"{DATA_DIR}/documents.json": dumps(documents(facts)),
        f"{DATA_DIR}/passages.jsonl": dumps_lines(passages(facts)),
        f"{DATA_DIR}/themes.json": dumps(themes(facts)),
        f"{DATA_DIR}/entities.json": dumps(entities(facts)),
        f"{DATA_DIR}/events.json": dumps(events(facts)),
    }
    for name in FILES:
        schema = SCHEMA_DIR / schema_name(name)
        files[f"{DATA_DIR}/schemas/{schema.name}"] = schema.read_text(encoding="utf-8")
    return files


def write(facts: Facts, output: Path) -> list[str]:
    """Write every data file under ``output``; return their site paths, sorted."""
    written = []
    for rel, text in sorted(render_files(facts).items()):
        path = output / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(rel)
    return written


def catalogue() -> list[dict[str, str]]:
    """The data files with their schemas and a one-line description, for the site's pages."""
    what = {
        "documents.json": "every source document: title, source file, page, metadata",
        "passages.jsonl": "one line per passage: text, themes, entities, events, and why",
        "themes.json": "every theme: summary, introduction, counts, passages",
        "entities.json": ("people, organisations, places, projects and agreements: aliases, "
                          "mention counts"),
        "events.json": "dated events with their evidence passages",
    }
    return [{"name": n, "url": f"{DATA_DIR}/{n}", "schema": f"{DATA_DIR}/schemas/{schema_name(n)}",
             "what": what[n]} for n in FILES]
