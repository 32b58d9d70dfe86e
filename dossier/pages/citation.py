"""Citations of source documents and passages: Chicago author-date text, BibTeX,
CSL-JSON and Highwire ``citation_*`` meta tags (what Zotero and other reference
managers read). Pure functions of the model; only what the catalogue knows is used,
and missing parts are left out rather than invented (``n.d.`` for no date).
"""

from __future__ import annotations

import re
import unicodedata

from dossier.model import Block, Document

GENRE_CSL = {
    "academic article": "article-journal",
    "news": "article-newspaper",
    "news report": "article-newspaper",
    "news analysis": "article-newspaper",
    "opinion": "article",
    "report": "report",
}
GENRE_BIBTEX = {"academic article": "article", "report": "techreport"}


def _split_name(name: str) -> tuple[str, str]:
    """``"Nasreen Akhtar"`` -> (family, given) = ("Akhtar", "Nasreen")."""
    parts = name.split()
    if len(parts) == 1:
        return parts[0], ""
    return parts[-1], " ".join(parts[:-1])


def _date_parts(date: str) -> list[int]:
    first = date.split("/")[0]
    return [int(x) for x in first.split("-") if x.isdigit()]


def year(doc: Document) -> str:
    parts = _date_parts(doc.meta.date) if doc.meta.date else []
    return str(parts[0]) if parts else "n.d."


def chicago_authors(authors: tuple[str, ...]) -> str:
    if not authors:
        return ""
    family, given = _split_name(authors[0])
    first = f"{family}, {given}" if given else family
    if len(authors) == 1:
        return first
    if len(authors) == 2:
        return f"{first}, and {authors[1]}"
    return f"{first}, {', '.join(authors[1:-1])}, and {authors[-1]}"


def passage_label(passage: Block) -> str:
    """``¶ 15, passage id p-iaos5v``: the passage's number (what the page's margin and the
    essays show, :mod:`dossier.ingest.ids`) and its stable id (what the link keeps)."""
    if not passage.number:
        return f"Passage {passage.id}"
    return f"¶ {passage.number}, passage id {passage.id}"


def chicago(doc: Document, url: str, passage: Block | None = None) -> str:
    """Chicago author-date reference, e.g. for the passage's permalink."""
    m = doc.meta
    # A title ending in ? or ! keeps its own mark instead of taking a full stop.
    title = m.title.rstrip(".")
    title = title if title.endswith(("?", "!")) else title + "."
    title = f"[{title}]" if m.title_inferred else f"“{title}”"
    pieces = []
    authors = chicago_authors(m.authors)
    if authors:
        pieces.append(f"{authors.rstrip('.')}. {year(doc).rstrip('.')}. {title}")
    else:
        pieces.append(f"{title} {year(doc).rstrip('.')}.")
    if m.publisher:
        pieces.append(f"{m.publisher}.")
    if passage is not None:
        pieces.append(f"{passage_label(passage)}.")
    pieces.append(f"{url}.")
    return " ".join(pieces)


def _bibtex_escape(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}")
    return re.sub(r"([{}&%$#_])", r"\\\1", text)


def bibtex_key(doc: Document) -> str:
    family = _split_name(doc.meta.authors[0])[0] if doc.meta.authors else ""
    word = next((w for w in re.findall(r"[A-Za-z]+", doc.meta.title) if len(w) > 3), "doc")
    base = unicodedata.normalize("NFKD", f"{family}{year(doc)}{word}")
    return re.sub(r"[^A-Za-z0-9]", "", base.encode("ascii", "ignore").decode()).lower() or doc.slug


def bibtex(doc: Document, url: str) -> str:
    m = doc.meta
    kind = GENRE_BIBTEX.get(m.genre, "misc")
    fields: list[tuple[str, str]] = [("title", m.title)]
    if m.authors:
        names = [f"{f}, {g}" if g else f for f, g in map(_split_name, m.authors)]
        fields.append(("author", " and ".join(names)))
    parts = _date_parts(m.date) if m.date else []
    if parts:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", str(parts[1])))
    if m.publisher:
        fields.append(("journal" if kind == "article" else "publisher", m.publisher))
    fields.append(("url", url))
    notes = []
    if m.title_inferred:
        notes.append("Title supplied by the editors; the text has none.")
    if m.date_note:
        notes.append(m.date_note)
    if notes:
        fields.append(("note", " ".join(notes)))
    body = ",\n".join(f"  {k} = {{{_bibtex_escape(v) if k != 'url' else v}}}" for k, v in fields)
    return f"@{kind}{{{bibtex_key(doc)},\n{body}\n}}\n"


def csl_json(doc: Document, url: str) -> dict:
    m = doc.meta
    item: dict = {"id": bibtex_key(doc), "type": GENRE_CSL.get(m.genre, "article"),
                  "title": m.title, "URL": url}
    if m.authors:
        item["author"] = [{"family": f, "given": g} if g else {"literal": f}
                          for f, g in map(_split_name, m.authors)]
    parts = _date_parts(m.date) if m.date else []
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if m.publisher:
        item["container-title" if item["type"] != "report" else "publisher"] = m.publisher
    if m.date_note:
        item["note"] = m.date_note
    return item


def highwire(doc: Document, url: str) -> list[tuple[str, str]]:
    """``<meta name=… content=…>`` pairs Zotero's embedded-metadata translator reads."""
    m = doc.meta
    tags = [("citation_title", m.title)]
    tags += [("citation_author", a) for a in m.authors]
    parts = _date_parts(m.date) if m.date else []
    if parts:
        tags.append(("citation_publication_date", "/".join(f"{p:02d}" if i else str(p)
                                                           for i, p in enumerate(parts))))
    if m.publisher:
        key = "citation_journal_title" if m.genre == "academic article" else "citation_publisher"
        tags.append((key, m.publisher))
    tags.append(("citation_fulltext_html_url", url))
    tags.append(("citation_language", "en"))
    return tags
