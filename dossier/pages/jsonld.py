"""What a public deployment adds when the site URL is known (``SITEURL``): a sitemap,
robots.txt, canonical and OpenGraph data, and JSON-LD (schema.org) descriptions.
Internal links stay relative; only these machine-readable parts carry absolute URLs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from xml.sax.saxutils import escape

from dossier.model import Document, Entity, Event


def is_site_url(site_url: str) -> bool:
    """A public address the absolute-URL artefacts (sitemap, canonical, og:url) can use."""
    return site_url.startswith(("http://", "https://"))


def absolute(site_url: str, rel: str) -> str:
    return site_url.rstrip("/") + "/" + rel.lstrip("/")


def sitemap(site_url: str, pages: Iterable[str], lastmod: str = "") -> str:
    """``pages``: paths relative to the site root (``documents/x/index.html``)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for rel in sorted(set(pages)):
        mod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"  <url><loc>{escape(absolute(site_url, rel))}</loc>{mod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {absolute(site_url, 'sitemap.xml')}\n"


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


def entity_jsonld(entity: Entity, url: str) -> dict:
    kind = {"person": "Person", "organisation": "Organization", "place": "Place"}[entity.kind]
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
