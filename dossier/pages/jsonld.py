"""JSON-LD (schema.org) descriptions, which a public deployment adds to its pages when the
site URL is known (``SITEURL``). Internal links stay relative; only these machine-readable
parts carry absolute URLs (the sitemap and robots.txt: :mod:`dossier.publish.sitemap`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from dossier.model import Document, Entity, Event


def _date(date: str) -> str:
    return date.split("/")[0]


def document_jsonld(doc: Document, url: str) -> dict:
    m = doc.meta
    kind = {"academic article": "ScholarlyArticle", "opinion": "OpinionNewsArticle"}.get(
        m.genre, "NewsArticle" if m.genre.startswith("news") else "Article")
    data: dict = {"@context": "https://schema.org", "@type": kind, "headline": m.title,
                  "url": url, "inLanguage": "en"}
    if m.authors:
        data["author"] = [{"@type": "Person", "name": a} for a in m.authors]
    if m.publisher:
        data["publisher"] = {"@type": "Organization", "name": m.publisher}
    if m.date:
        data["datePublished"] = _date(m.date)
    if m.url:
        data["isBasedOn"] = m.url
        data["sameAs"] = m.url
    return data


# schema.org type of each entity kind: a project or programme is a ``Project`` (an
# enterprise planned to achieve an aim); an agreement or law, a text that binds once signed
# or passed, is ``Legislation`` (acts, bills, treaties).
ENTITY_TYPES = {"person": "Person", "organisation": "Organization", "place": "Place",
                "project": "Project", "agreement": "Legislation"}


def entity_jsonld(entity: Entity, url: str) -> dict:
    kind = ENTITY_TYPES.get(entity.kind, "Thing")
    data: dict = {"@context": "https://schema.org", "@type": kind, "name": entity.name,
                  "url": url, "description": entity.description}
    if entity.aliases:
        data["alternateName"] = list(entity.aliases)
    return data


def event_jsonld(event: Event, url: str, evidence_urls: Iterable[str]) -> dict:
    return {"@context": "https://schema.org", "@type": "Event", "name": event.title,
            "startDate": event.date, "description": event.description, "url": url,
            "subjectOf": [{"@type": "CreativeWork", "url": u} for u in evidence_urls]}


def essay_jsonld(title: str, url: str, date: str, authors: Iterable[str],
                 based_on: Iterable[str]) -> dict:
    return {"@context": "https://schema.org", "@type": "Article", "headline": title,
            "url": url, "datePublished": date,
            "author": [{"@type": "Person", "name": a} for a in authors],
            "isBasedOn": sorted(set(based_on))}


def script_tag(data: dict) -> str:
    """A ``<script type="application/ld+json">`` element; ``</`` cannot end it early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'
