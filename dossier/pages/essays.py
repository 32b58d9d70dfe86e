"""The essays as the pages show them: an essay's page, the essays index, and the essays
listed on the home page, a theme's page and an entity's page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from dossier.essays import source as E
from dossier.essays.render import EssaySet, Rendered
from dossier.urls import (
    ESSAYS_INDEX,
    FEED_ALL,
    doc_url,
    essay_url,
    passage_url,
    theme_feed,
    theme_url,
)
from dossier.util.dates import format_date

HOME_ESSAYS = 3  # on the home page


def date_label(iso: str) -> str:
    """``2023-03-01`` (or ``2023-03-01T10:30:00``) -> ``1 March 2023``."""
    return format_date(iso[:10], "day") if iso else ""


def essay_card(es: EssaySet, essay: E.Essay) -> dict[str, Any]:
    """What a list of essays shows about one."""
    return {
        "slug": essay.slug,
        "title": essay.title,
        "url": essay_url(essay.slug),
        "date": essay.date[:10],
        "date_label": date_label(essay.date),
        "modified": essay.modified[:10] if essay.modified else "",
        "modified_label": date_label(essay.modified),
        "authors": list(essay.authors),
        "summary": essay.summary,
        "themes": [{"slug": s, "title": es.targets.themes.get(s, s), "url": theme_url(s)}
                   for s in essay.themes],
    }


def sources(es: EssaySet, essay: E.Essay) -> list[dict[str, Any]]:
    """The documents the essay cites, numbered in order of first citation (as the
    ``[2, ¶ 7]`` citations in the text), with the passages cited."""
    groups: dict[str, dict[str, Any]] = {}
    for c in essay.citations:
        doc = es.targets.documents.get(c.document)
        if doc is None:
            continue
        group = groups.setdefault(c.document, {
            "title": doc.title, "url": doc_url(c.document), "passages": [],
            "number": len(groups) + 1})
        if all(p["id"] != c.passage for p in group["passages"]):
            group["passages"].append({"id": c.passage, "number": doc.number(c.passage),
                                      "url": passage_url(c.ref)})
    for group in groups.values():
        group["passages"].sort(key=lambda p: p["number"])
    return list(groups.values())


def essay_view(es: EssaySet, essay: E.Essay, rendered: Rendered) -> dict[str, Any]:
    image = ""
    if essay.image:
        image = E.image_url(essay, essay.image)
    return {
        **essay_card(es, essay),
        "path": essay.save_as,
        "status": essay.status,
        "image": image,
        "image_alt": essay.image_alt,
        "body": rendered.body,
        "sources": sources(es, essay),
    }


def essays_index_view(es: EssaySet) -> dict[str, Any]:
    return {"path": ESSAYS_INDEX, "essays": [essay_card(es, e) for e in es.listed],
            "feed": FEED_ALL,
            "themes": [{"title": title, "url": theme_url(slug), "feed": theme_feed(slug),
                        "count": sum(1 for e in es.listed if slug in e.themes)}
                       for slug, title in sorted(es.targets.themes.items())]}


def home_essays(es: EssaySet, n: int = HOME_ESSAYS) -> list[dict[str, Any]]:
    return [essay_card(es, e) for e in es.listed[:n]]


def theme_essays(es: EssaySet, slug: str) -> list[dict[str, Any]]:
    return [essay_card(es, e) for e in es.listed if slug in e.themes]


def essays_by_entity(es: EssaySet, passage_entities: Mapping[str, Iterable[str]]
                     ) -> dict[str, list[dict[str, Any]]]:
    """Entity id -> the essays that link to it (``[[entity:…]]``) or cite passages
    mentioning it, newest first, each with ``linked`` and ``cited`` (how many of the
    passages it cites mention the entity); one pass over the essays for every entity."""
    out: dict[str, list[dict[str, Any]]] = {}
    for e in es.listed:
        linked = {link.target for link in e.links if link.kind == "entity"}
        cited: dict[str, int] = {}
        for key in {c.ref.key for c in e.citations}:
            for entity_id in set(passage_entities.get(key, ())):
                cited[entity_id] = cited.get(entity_id, 0) + 1
        if not linked and not cited:
            continue
        card = essay_card(es, e)
        for entity_id in sorted(linked | cited.keys()):
            out.setdefault(entity_id, []).append(
                {**card, "linked": entity_id in linked, "cited": cited.get(entity_id, 0)})
    return out


# --------------------------------------------------------------------------- files
