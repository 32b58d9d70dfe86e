"""The generator's essay pages, and its warm rebuilds after an edit to the essays only.

:class:`EssayPages` is a mixin of :class:`dossier.build.pelican.DossierGenerator`: it writes the
essays' pages, index, feeds, images and ``data/essays.json``, and, for the preview's builder
(:mod:`dossier.build.incremental`), rewrites only the files whose inputs include the essays
(:meth:`EssayPages.rewrite_essays`), with a way back (:meth:`EssayPages.undo_essays`); for the
one-shot essays-only build (:mod:`dossier.build.essaybuild`), it keeps what that build starts
from (:meth:`EssayPages.essay_base`) and starts from it (:meth:`EssayPages.resume`). It uses
the generator's attributes (``facts``, ``listing``, ``cards``, ``site``, ``settings``,
``inputs``) and page writers (``_write``, ``_write_home``, ``_write_theme``, ``_write_entity``,
``_write_document``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from pelican.writers import Writer

from dossier.build.essaybuild import EssayBase, EssayEdit, Into
from dossier.essays.render import EssaySet, Rendered, cited_in, copy_images, render_all
from dossier.model import Diagnostic
from dossier.pages import opendata as export
from dossier.pages.document import home_pages
from dossier.pages.entities import entity_pages
from dossier.pages.essays import essay_view, essays_by_entity, essays_index_view, theme_essays
from dossier.pages.feeds import write_feeds
from dossier.pages.head import essay_seo, settings_site
from dossier.pages.themes import theme_pages
from dossier.urls import ESSAYS_INDEX, passage_url


class EssayPages:
    """The essays' files and the warm essay rebuilds (see the module)."""

    def _write_essays(self, writer, output: Path) -> None:
        """Essay pages, the essays index, the Atom feeds, the essays' images and
        ``data/essays.json`` (the writer writes into ``output``)."""
        es = self.essays
        for essay in es.published:
            view = essay_view(es, essay, self.rendered[essay.slug])
            cited = [passage_url(c.ref) for c in essay.citations]
            seo = essay_seo(self.site[0], title=view["title"], path=essay.save_as,
                            date=view["date"], authors=view["authors"], cited=cited,
                            description=view.get("summary") or "")
            self._write(writer, essay.save_as, "essay", seo, essay=view)
        self._write(writer, ESSAYS_INDEX, "essays",
                    self._index_seo("Essays", ESSAYS_INDEX),
                    view=essays_index_view(es))
        write_feeds(es, self.rendered, output, self.settings.get("SITEURL", ""),
                               self.settings.get("SITENAME", ""))
        copy_images(es, self.inputs.root / "content", output)
        export.write_essays(es, output)  # data/essays.json

    # ------------------------------------------------------------------ warm rebuilds
    def rewrite_essays(self, essays: EssaySet, staging: Path) -> EssayEdit:
        """A warm rebuild after an edit to the essays only (:mod:`dossier.build.incremental`):
        :meth:`take_essays`, then :meth:`write_essay_edit` into ``staging``. Everything else
        is as the last full build wrote it. :meth:`undo_essays` goes back to the essays
        before."""
        edit = self.take_essays(essays)
        self.write_essay_edit(edit, staging)
        return edit

    def take_essays(self, essays: EssaySet) -> EssayEdit:
        """Make ``essays`` this site's essays (rendered, reusing the unchanged ones); returns
        the themes, entities and documents whose list of essays changed."""
        listing, old = self.listing, self.essays
        old_entities, old_cited = self.entity_essays, self._cited_docs
        self._undo = (self.essays, self.rendered)
        self._set_essays(essays, render_all(essays, (old, self.rendered)))
        return EssayEdit(
            themes=tuple(s for s in listing.themes
                         if theme_essays(old, s) != theme_essays(essays, s)),
            entities=tuple(e for e in listing.entities
                           if old_entities.get(e) != self.entity_essays.get(e)),
            documents=tuple(i for i, slug in enumerate(listing.documents)
                            if old_cited.get(slug) != self._cited_docs.get(slug)))

    def write_essay_edit(self, edit: EssayEdit, staging: Path) -> None:
        """Write into ``staging`` every file whose inputs include the essays: all the essays'
        own files (pages, index, feeds, images), the first home page, and the first page of
        each theme and entity of ``edit`` and the page of each of its documents (those need
        the whole model: :attr:`facts`)."""
        facts = self.facts
        writer = Writer(str(staging), settings=self.settings)
        self._write_home(writer, home_pages(self.cards)[0])
        for slug in edit.themes:
            self._write_theme(writer, slug, theme_pages(facts, slug, count=1)[0])
        for entity_id in edit.entities:
            self._write_entity(writer, entity_id, entity_pages(facts, entity_id, count=1)[0])
        for i in edit.documents:
            self._write_document(writer, i)
        self._write_essays(writer, staging)

    def essay_base(self, key: str, diagnostics: tuple[Diagnostic, ...], documents: int,
                   into: Into, links: Mapping[str, Any]) -> EssayBase:
        """What a later essays-only build starts from (:mod:`dossier.build.essaybuild`);
        ``links``: the link check's records of the essays' pages."""
        es = self.essays
        return EssayBase(key, replace(es.targets, essays={}), self.listing, self.cards,
                         self.theme_summaries, diagnostics, documents, into, es.essays,
                         dict(self.rendered), dict(links))

    def resume(self, base: EssayBase) -> None:
        """Become the generator of the build that kept ``base``, as far as the essays'
        files need (no :attr:`facts`: :meth:`write_essay_edit` of an essays-only edit)."""
        self.facts = None
        self.site = settings_site(self.settings)
        self.listing, self.cards = base.listing, base.cards
        self.theme_summaries = base.theme_summaries
        self._set_essays(base.essay_set(), dict(base.rendered))

    def undo_essays(self) -> None:
        """Back to the essays before the last :meth:`rewrite_essays` (if not committed)."""
        undo, self._undo = getattr(self, "_undo", None), None
        if undo is not None:
            self._set_essays(*undo)

    def commit_essays(self) -> None:
        """The essays of the last :meth:`rewrite_essays` are published: no way back."""
        self._undo = None

    def _set_essays(self, essays: EssaySet,
                    rendered: dict[str, Rendered]) -> None:
        """The essays, rendered, and what the other pages show of them."""
        self.essays, self.rendered = essays, rendered
        self.cited_in = cited_in(essays, rendered)
        self._cited_docs = _cited_by_document(self.cited_in)
        self.entity_essays = essays_by_entity(essays, self.listing.passage_entities)


def _cited_by_document(cited: Mapping[str, Any]) -> dict[str, list[tuple[str, Any]]]:
    """``"doc#passage" -> notes`` grouped by document slug."""
    out: dict[str, list[tuple[str, Any]]] = {}
    for key in sorted(cited):
        out.setdefault(key.partition("#")[0], []).append((key, cited[key]))
    return out
