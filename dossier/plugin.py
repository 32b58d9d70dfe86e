"""Pelican plugin: one page per source document, plus the home page.

Loaded by Pelican as ``dossier.plugin`` (see ``PLUGINS`` in pelicanconf.py).
The :class:`DossierGenerator` is added through the ``get_generators`` signal.
Receivers are module-level functions: Pelican's signals hold weak references.

The corpus comes from ``settings["DOSSIER_CORPUS"]`` when the caller (the CLI)
has already run the pipeline, otherwise from ``dossier.pipeline.build_corpus``.
Templates receive ready-made, already-escaped :class:`~markupsafe.Markup` from
:mod:`dossier.render`; seed text is never handed to Markdown or Jinja as source.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from . import pipeline
from .model import Block, Corpus, DocMeta, Document
from .render import RenderOptions, is_safe_url, options_for, render_blocks, render_inline

DOC_SAVE_AS = "documents/{slug}/index.html"
INDEX_SAVE_AS = "index.html"

_PRECISION = {
    "day": "",
    "month": "month only",
    "year": "year only",
    "range": "date range",
}


def doc_path(slug: str) -> str:
    """Where a document's page is written, relative to the site root."""
    return DOC_SAVE_AS.format(slug=slug)


def root_prefix(save_as: str) -> str:
    """Relative path from the page ``save_as`` back to the site root ("" or "../../")."""
    return "../" * save_as.count("/")


def origin(meta: DocMeta) -> str:
    """Who the text comes from, for the rights line."""
    if meta.publisher:
        return meta.publisher
    host = urlsplit(meta.url).hostname if is_safe_url(meta.url) else None
    return host or "an unidentified source"


def _titled(blocks: tuple[Block, ...], default: str, opts: RenderOptions
            ) -> tuple[Markup, Markup, tuple[Block, ...]]:
    """A section's own leading heading ("References") becomes the section title."""
    if blocks and blocks[0].kind == "heading":
        head = blocks[0]
        anchor = Markup('<span class="alias" id="%s"></span>') % head.id if head.id else Markup()
        return render_inline(head.text, head.spans, opts), anchor, blocks[1:]
    return Markup(default), Markup(), blocks


def display_date(meta: DocMeta) -> str:
    """ISO dates as given; a range ``A/B`` shown as ``A – B``."""
    return " – ".join(p.strip() for p in meta.date.split("/")) if meta.date else ""


def document_view(doc: Document) -> dict[str, Any]:
    """Everything a document template needs; HTML parts are already Markup."""
    meta = doc.meta
    opts = options_for(doc.blocks, meta)
    summary = [", ".join(meta.authors), meta.publisher, display_date(meta), meta.genre,
               "excerpts only" if meta.mode == "excerpts" else ""]
    sections: dict[str, Markup] = {}
    titles: dict[str, Markup] = {}
    for name in ("standfirst", "abstract", "body"):
        sections[name] = render_blocks(doc.section(name), opts)
    for name, default in (("footnotes", "Notes"), ("references", "References")):
        title, anchor, blocks = _titled(doc.section(name), default, opts)
        titles[name] = title
        body = render_blocks(blocks, opts, heading_level=3)
        sections[name] = anchor + body if blocks else Markup()
    for name in ("bio", "comments"):  # asides: their own headings go one level down
        sections[name] = render_blocks(doc.section(name), opts, heading_level=3)
    rights = meta.rights.strip()
    if not rights.lower().startswith("third-party"):
        rights = f"Third-party text, reproduced from {origin(meta)}. {rights}".strip()
    return {
        "slug": doc.slug,
        "source": doc.source,
        "meta": meta,
        "title": meta.title or doc.slug,
        "date": display_date(meta),
        "precision": _PRECISION.get(meta.date_precision, meta.date_precision),
        "excerpt": meta.mode == "excerpts",
        "sections": sections,
        "titles": titles,
        "path": doc_path(doc.slug),
        "url_is_safe": is_safe_url(meta.url),
        "rights": rights,
        "summary": [s for s in summary if s],
    }


class DossierGenerator(Generator):
    """Renders the corpus: ``index.html`` and ``documents/<slug>/index.html``."""

    def generate_context(self) -> None:
        corpus = self.settings.get("DOSSIER_CORPUS")
        if corpus is None:
            corpus = pipeline.build_corpus(Path(self.settings["DOSSIER_ROOT"]))
        if not isinstance(corpus, Corpus):
            raise TypeError("DOSSIER_CORPUS must be a dossier.model.Corpus")
        docs = sorted(corpus.documents, key=lambda d: (d.source, d.slug))
        self.documents = [document_view(d) for d in docs]
        self.context["dossier_documents"] = self.documents

    def generate_output(self, writer) -> None:
        common = {"documents": self.documents, "BUILD_DATE": self.settings.get("BUILD_DATE", "")}
        writer.write_file(
            INDEX_SAVE_AS, self.get_template("index"), self.context,
            relative_urls=False, root=root_prefix(INDEX_SAVE_AS),
            page_path=INDEX_SAVE_AS, **common,
        )
        for i, doc in enumerate(self.documents):
            writer.write_file(
                doc["path"], self.get_template("document"), self.context,
                relative_urls=False, root=root_prefix(doc["path"]), page_path=doc["path"],
                doc=doc,
                previous=self.documents[i - 1] if i > 0 else None,
                next=self.documents[i + 1] if i + 1 < len(self.documents) else None,
                **common,
            )


def get_generators(pelican_object) -> type[Generator]:
    return DossierGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
