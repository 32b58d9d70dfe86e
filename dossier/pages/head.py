"""What each page carries for machines and for citing, on top of what readers see.

* ``seo`` (rendered by ``theme/templates/seo_head.html``): OpenGraph title, type and
  description, JSON-LD (:mod:`dossier.pages.jsonld`), and ``<meta name=…>`` pairs such as the
  Highwire ``citation_*`` tags of a source document (:mod:`dossier.pages.citation`). With a
  public site URL only: canonical link, ``og:*`` and JSON-LD (they need absolute URLs); the
  Highwire tags always, their URL only with a site URL.
* Citations: the Chicago author-date text of every passage and of the document, and the
  document's BibTeX and CSL-JSON, written to ``documents/<slug>/cite.bib`` and ``cite.json``.
  The URL they cite is absolute with a site URL; without one it is the page's path from the
  site root (``documents/<slug>/index.html#p-…``), named as a path of the site.

Pure functions of the model and the settings, no Pelican.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypedDict

from markupsafe import Markup

from dossier.documentary.gazetteer import display_aliases
from dossier.model import Document, Entity, Event
from dossier.pages import citation as cite
from dossier.pages import jsonld as seo
from dossier.urls import absolute, doc_url, entity_url, event_url, is_site_url, passage_url

BIB_FILE = "cite.bib"
CSL_FILE = "cite.json"
DESCRIPTION_WORDS = 40  # og:description of a document without a deck


def cited_url(site_url: str, sitename: str, rel: str) -> str:
    """The URL a citation gives: absolute with a site URL, else the path in the site."""
    if is_site_url(site_url):
        return absolute(site_url, rel)
    return f"{sitename}, {rel}" if sitename else rel


def data_url(site_url: str, rel: str) -> str:
    """The URL in BibTeX and CSL-JSON: absolute with a site URL, else the relative path."""
    return absolute(site_url, rel) if is_site_url(site_url) else rel


class PageSeo(TypedDict):
    """What ``seo_head.html`` writes into a page's head."""

    title: str  # og:title
    description: str  # og:description, <meta name="description">
    type: str  # og:type
    jsonld: Markup  # the JSON-LD <script> elements (empty without a site URL)
    meta: list[tuple[str, str]]  # more <meta name=… content=…> pairs (Highwire tags)


def page_seo(site_url: str, *, title: str, description: str = "", kind: str = "website",
             jsonld: Iterable[dict[str, Any]] = (),
             meta: Sequence[tuple[str, str]] = ()) -> PageSeo:
    """The ``seo`` value of a page; JSON-LD only with a public site URL."""
    scripts = Markup("")
    if is_site_url(site_url):
        scripts = Markup("\n").join(Markup(seo.script_tag(d)) for d in jsonld)
    return {"title": title, "description": " ".join(description.split()), "type": kind,
            "jsonld": scripts, "meta": list(meta)}


def _summary(doc: Document, words: int = DESCRIPTION_WORDS) -> str:
    """A description for a document without a deck: its first paragraph, cut short."""
    for name in ("standfirst", "abstract", "body"):
        for block in doc.section(name):
            if block.kind == "paragraph" and block.text.strip():
                found = block.text.split()
                return " ".join(found[:words]) + (" …" if len(found) > words else "")
    m = doc.meta
    bits = [", ".join(m.authors), m.publisher, m.date.split("/")[0] if m.date else ""]
    return " · ".join(b for b in bits if b)


# --------------------------------------------------------------------------- documents


def document_citations(doc: Document, site_url: str, sitename: str) -> dict[str, str]:
    """Passage id -> Chicago author-date citation, for every passage with a permalink."""
    out = {}
    for block in doc.blocks:
        if block.id and block.kind != "heading":
            rel = f"{doc_url(doc.slug)}#{block.id}"
            out[block.id] = cite.chicago(doc, cited_url(site_url, sitename, rel), block)
    return out


def document_cite(doc: Document, site_url: str, sitename: str) -> dict[str, str]:
    """What the page shows and links: the document's Chicago text and its citation files."""
    return {"chicago": cite.chicago(doc, cited_url(site_url, sitename, doc_url(doc.slug))),
            "bib": BIB_FILE, "csl": CSL_FILE, "key": cite.bibtex_key(doc)}


def write_cite_files(doc: Document, output: Path, site_url: str) -> list[Path]:
    """``documents/<slug>/cite.bib`` and ``cite.json`` (a CSL-JSON array of one item)."""
    folder = output / Path(doc_url(doc.slug)).parent
    folder.mkdir(parents=True, exist_ok=True)
    url = data_url(site_url, doc_url(doc.slug))
    bib, csl = folder / BIB_FILE, folder / CSL_FILE
    bib.write_text(cite.bibtex(doc, url), encoding="utf-8")
    csl.write_text(json.dumps([cite.csl_json(doc, url)], ensure_ascii=False, indent=2,
                              sort_keys=True) + "\n", encoding="utf-8")
    return [bib, csl]


def document_seo(doc: Document, site_url: str) -> PageSeo:
    url = absolute(site_url, doc_url(doc.slug)) if is_site_url(site_url) else ""
    tags = cite.highwire(doc, url)
    if not url:  # a relative URL means nothing to a reference manager
        tags = [(k, v) for k, v in tags if k != "citation_fulltext_html_url"]
    jsonld = [seo.document_jsonld(doc, url)] if url else []
    return page_seo(site_url, title=doc.meta.title or doc.slug,
                    description=doc.meta.deck or _summary(doc), kind="article",
                    jsonld=jsonld, meta=tags)


# --------------------------------------------------------------------------- other pages


def entity_seo(entity: Entity, site_url: str) -> PageSeo:
    jsonld = []
    if is_site_url(site_url):
        data = seo.entity_jsonld(entity, absolute(site_url, entity_url(entity.id)))
        aliases = display_aliases(entity)
        data.pop("alternateName", None)
        if aliases:
            data["alternateName"] = list(aliases)
        jsonld.append(data)
    return page_seo(site_url, title=entity.name, description=entity.description,
                    kind="profile" if entity.kind == "person" else "website", jsonld=jsonld)


def timeline_seo(events: Iterable[Event], site_url: str, title: str,
                 description: str) -> PageSeo:
    jsonld = []
    if is_site_url(site_url):
        graph = []
        for e in events:
            evidence = [absolute(site_url, passage_url(r)) for r in e.evidence]
            item = seo.event_jsonld(e, absolute(site_url, event_url(e.id)), evidence)
            item.pop("@context")
            graph.append(item)
        jsonld.append({"@context": "https://schema.org", "@graph": graph})
    return page_seo(site_url, title=title, description=description, jsonld=jsonld)


def essay_seo(site_url: str, *, title: str, path: str, date: str, authors: Iterable[str],
              cited: Iterable[str], description: str = "") -> PageSeo:
    """An essay: an Article whose ``isBasedOn`` are the passages it cites (``cited``:
    passage URLs from the site root, ``documents/<slug>/index.html#p-…``)."""
    jsonld = []
    if is_site_url(site_url):
        jsonld.append(seo.essay_jsonld(title, absolute(site_url, path), date, authors,
                                       (absolute(site_url, c) for c in cited)))
    return page_seo(site_url, title=title, description=description, kind="article",
                    jsonld=jsonld)


def collection_seo(site_url: str, *, title: str, path: str, description: str = "",
                   kind: str = "CollectionPage") -> PageSeo:
    """Home (``WebSite``), theme pages and the index pages (``CollectionPage``)."""
    jsonld = []
    if is_site_url(site_url):
        data: dict[str, Any] = {"@context": "https://schema.org", "@type": kind,
                                "name": title, "url": absolute(site_url, path)}
        if description:
            data["description"] = " ".join(description.split())
        jsonld.append(data)
    return page_seo(site_url, title=title, description=description, jsonld=jsonld)


def later_page_seo(site_url: str, *, title: str, path: str, description: str, page: int,
                   pages: int) -> PageSeo:
    """Page 2 on of a paginated list (the home page's documents, a theme's passages, an
    entity's mentions): a collection, "<title> (page n of m)"."""
    return collection_seo(site_url, title=f"{title} (page {page} of {pages})", path=path,
                          description=description)


def home_seo(site_url: str, *, sitename: str, subtitle: str, path: str, page: int,
             pages: int) -> PageSeo:
    """The home page (a ``WebSite``); its later pages list documents only."""
    if page > 1:
        return later_page_seo(site_url, title=f"{sitename}: documents", path=path,
                              description=subtitle, page=page, pages=pages)
    return collection_seo(site_url, title=sitename, path=path, description=subtitle,
                          kind="WebSite")


def settings_site(settings: Mapping[str, Any]) -> tuple[str, str]:
    """(site URL, site name) from Pelican's settings."""
    url = settings.get("SITEURL") or ""
    return (url if isinstance(url, str) else ""), str(settings.get("SITENAME", ""))
