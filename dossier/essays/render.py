"""Essays in the site: validation in every build, their pages, the essays index, the
essays on the home, theme, entity and source pages, and the Atom feeds.

    content/essays/*.md --load(root, dossier)--> EssaySet (essays, targets, diagnostics)
    EssaySet --render_all--> {slug: (HTML body, {passage key: citation anchor})}
    EssaySet --views-->      data for essay.html, essays.html, home, theme, entity pages
    EssaySet --feeds-->      feeds/essays.atom.xml, feeds/themes/<slug>.atom.xml

Statuses: ``published`` essays have a page and are listed everywhere; ``hidden`` ones have
a page, and "Cited in" notes on the passages they cite, but are listed nowhere (index,
home, theme and entity pages, feeds); ``draft`` ones are checked like the others and not
published at all. Everything is sorted explicitly and dated from the essays themselves:
no clock, no set order reaches the output.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from markupsafe import Markup

from dossier.essays import source as E
from dossier.essays.reuse import EssayReads
from dossier.essays.targets import Targets
from dossier.model import Diagnostic, Documentary
from dossier.urls import (
    ENTITIES_INDEX,
    ESSAYS_INDEX,
    FEED_ALL,
    REPORT,
    THEMES_INDEX,
    TIMELINE,
    essay_url,
    theme_feed,
)
from dossier.util.headings import shift_headings
from dossier.util.text import excerpt

#: Pages an essay may link to with ``[[page:…]]`` (besides documents, themes, entities…).
PAGES: Mapping[str, str] = {
    "index.html": "Home",
    ESSAYS_INDEX: "Essays",
    THEMES_INDEX: "Themes",
    ENTITIES_INDEX: "People, organisations and places",
    TIMELINE: "Timeline",
    REPORT: "Build report",
}


# --------------------------------------------------------------------------- loading


def site_targets(dossier: Documentary) -> Targets:
    """Everything an essay may link to. A rights-limited document (``mode = "excerpts"``)
    lends its quotes no more text than its own page shows."""
    targets = Targets.build(dossier.corpus, dossier.themes, dossier.entities,
                              dossier.events, pages=dict(PAGES))
    docs = dict(targets.documents)
    for doc in dossier.corpus.documents:
        if doc.meta.mode == "excerpts" and doc.slug in docs:
            d = docs[doc.slug]
            docs[doc.slug] = replace(d, passages={k: excerpt(v)[0]
                                                  for k, v in d.passages.items()})
    return replace(targets, documents=docs)


@dataclass(frozen=True)
class EssaySet:
    essays: tuple[E.Essay, ...] = ()  # every readable essay, drafts included, by file name
    targets: Targets = field(default_factory=Targets)
    diagnostics: tuple[Diagnostic, ...] = ()

    @classmethod
    def of(cls, essays: tuple[E.Essay, ...], targets: Targets,
           diagnostics: tuple[Diagnostic, ...] = ()) -> EssaySet:
        """The set of ``essays``, checked against ``targets`` (which it completes with the
        essays that get a page)."""
        published = {e.slug: e.title for e in essays if not e.draft}
        return cls(essays, replace(targets, essays=published), diagnostics)

    @property
    def published(self) -> list[E.Essay]:
        """Essays that get a page (published and hidden), newest first."""
        return newest_first(e for e in self.essays if not e.draft)

    @property
    def listed(self) -> list[E.Essay]:
        """Essays shown in lists and feeds, newest first."""
        return newest_first(e for e in self.essays if e.status == "published")


def newest_first(essays: Iterable[E.Essay]) -> list[E.Essay]:
    """By date, newest first; the same date by title, then slug."""
    ordered = sorted(essays, key=lambda e: (e.title.casefold(), e.slug))
    return sorted(ordered, key=lambda e: e.date, reverse=True)


def _draft_links(essays: Iterable[E.Essay]) -> list[Diagnostic]:
    """A published essay must not link to a draft: the draft has no page."""
    drafts = {e.slug for e in essays if e.draft}
    found = []
    for essay in essays:
        if essay.draft:
            continue
        for link in essay.links:
            if link.kind == "essay" and link.target in drafts:
                found.append(Diagnostic(
                    essay.source, link.line, f"link to essay '{link.target}', which is a "
                    "draft and is not published", "publish it (remove 'Status: draft') or "
                    "remove the link", "error"))
    return found


def load(root: Path, dossier: Documentary, reads: EssayReads | None = None) -> EssaySet:
    """Read and check ``content/essays/*.md`` against the documentary layer."""
    return load_against(root, site_targets(dossier), reads)


def load_against(root: Path, targets: Targets, reads: EssayReads | None = None) -> EssaySet:
    """Read and check ``content/essays/*.md`` against ``targets`` (:func:`site_targets` of
    the documentary layer, as a previous build kept them); ``reads``: the essays read by the
    last build, kept (:mod:`dossier.essays.reuse`)."""
    root = Path(root)
    found, diags = E.load_essays(root / "content" / "essays", root, targets, reads)
    return EssaySet.of(found, targets, tuple(diags) + tuple(_draft_links(found)))


# --------------------------------------------------------------------------- rendering


SUMMARY_WORDS = 45  # the first words of an essay without a Summary, in its feed entry


@dataclass(frozen=True)
class Rendered:
    body: Markup
    anchors: Mapping[str, str]  # "doc#passage" -> id of its first citation in the essay
    first_words: str = ""  # of its first paragraph (a feed entry's summary without Summary)


def render(essay: E.Essay, targets: Targets) -> Rendered:
    """The essay's body; each citation gets an id (``cite-1``, …) so that the cited
    passage can link back to the spot, and a quote's id is on its ``<blockquote>``.

    A citation written without link text reads ``[2, ¶ 7]``: source 2 of the essay's
    "Sources cited" list (documents numbered in order of first citation), passage 7,
    instead of the whole document title in the middle of a sentence; the passage text is
    still its hover title. Headings inside the body start at ``<h2>``: the page has one
    ``<h1>``, the title."""
    import xml.etree.ElementTree as etree

    from markdown.treeprocessors import Treeprocessor

    anchors: dict[str, str] = {}
    numbers = source_numbers(essay)

    def short(el: Any, key: str) -> None:
        doc_slug, _, passage = key.partition("#")
        doc = targets.documents.get(doc_slug)
        if doc is None or passage not in doc.passages or doc_slug not in numbers:
            return
        if el.text != f"{doc.title}, ¶ {doc.number(passage)}" or len(el):
            return  # the editor's own words stay as written
        el.set("class", "cite cite-n")
        el.text = "["
        hidden = etree.SubElement(el, "span")
        hidden.set("class", "visually-hidden")
        hidden.text = "source "
        hidden.tail = f"{numbers[doc_slug]}, ¶ {doc.number(passage)}]"

    class CiteIds(Treeprocessor):
        def run(self, root: Any) -> None:
            n = 0
            done: set[int] = set()
            for el in list(root.iter()):
                if id(el) in done:
                    continue
                classes = (el.get("class") or "").split()
                quote = el.tag == "blockquote" and "source-quote" in classes
                if not quote and not (el.tag == "a" and "cite" in classes):
                    continue
                url = el.get("cite") if quote else el.get("href")
                key = _passage_key(url or "")
                if quote:  # the link in the quote's footer is the same citation
                    done.update(id(a) for a in el.iter("a"))
                if key is None:
                    continue
                n += 1
                el.set("id", f"cite-{n}")
                anchors.setdefault(key, f"cite-{n}")
                if not quote:
                    short(el, key)

    class Headings(Treeprocessor):
        def run(self, root: Any) -> None:
            shift_headings(root, top=2)

    class NotesHeading(Treeprocessor):
        """The footnotes get a heading, "Notes", that only screen readers show (the rule
        above them marks them for the eye): a reader moving by headings finds them. After
        the shift: it is always an ``<h2>``, as the body's top headings."""

        def run(self, root: Any) -> None:
            for box in root.iter("div"):
                if "footnote" in (box.get("class") or "").split():
                    heading = etree.Element("h2", {"class": "visually-hidden"})
                    heading.text = "Notes"
                    box.insert(0, heading)
                    break

    md = E.essay_markdown(essay, targets)
    md.treeprocessors.register(CiteIds(md), "dossier-cite-ids", 1)
    md.treeprocessors.register(Headings(md), "dossier-headings", 2)
    md.treeprocessors.register(NotesHeading(md), "dossier-notes-heading", 1.5)
    body = md.convert(essay.body)
    return Rendered(Markup(body), anchors, first_words(body))


def first_words(body: str, words: int = SUMMARY_WORDS) -> str:
    """The first ``words`` words of the HTML ``body``'s first paragraph, and "…" if it has
    more."""
    from bs4 import BeautifulSoup

    end = body.find("</p>")  # paragraphs do not nest: the first one ends there
    para = BeautifulSoup(body[:end + 4] if end >= 0 else body, "html.parser").find("p")
    text = " ".join(para.get_text(" ").split()) if para else ""
    cut = text.split()
    return " ".join(cut[:words]) + (" …" if len(cut) > words else "")


def source_numbers(essay: E.Essay) -> dict[str, int]:
    """Document slug -> its number among the essay's sources, in order of first citation."""
    return {d: i for i, d in enumerate(dict.fromkeys(c.document for c in essay.citations), 1)}


def _passage_key(url: str) -> str | None:
    """``../../documents/<slug>/index.html#<id>`` -> ``"<slug>#<id>"``."""
    path, _, fragment = url.partition("#")
    parts = path.split("/")
    if not fragment or len(parts) < 3 or parts[-1] != "index.html" or parts[-3] != "documents":
        return None
    return f"{parts[-2]}#{fragment}"


def render_all(es: EssaySet, before: tuple[EssaySet, Mapping[str, Rendered]] | None = None
               ) -> dict[str, Rendered]:
    """Every published essay rendered. ``before``: an earlier set and its renderings (a warm
    rebuild): an essay equal to its earlier self, against the same targets, keeps its
    rendering, since :func:`render` depends on nothing else."""
    kept: dict[str, Rendered] = {}
    if before is not None and before[0].targets == es.targets:
        old = {e.slug: e for e in before[0].published}
        kept = {e.slug: before[1][e.slug] for e in es.published
                if old.get(e.slug) == e and e.slug in before[1]}
    return {e.slug: kept.get(e.slug) or render(e, es.targets) for e in es.published}


def cited_in(es: EssaySet, rendered: Mapping[str, Rendered]
             ) -> dict[str, list[tuple[str, str]]]:
    """``"doc#passage"`` -> [(essay title, URL of the citing spot)], for the source pages
    (URLs relative to the site root). Drafts excluded."""
    titles = {e.slug: e.title for e in es.published}
    out: dict[str, list[tuple[str, str]]] = {}
    for (doc, passage), slugs in E.backlinks(es.published).items():
        key = f"{doc}#{passage}"
        items = []
        for slug in sorted(slugs, key=lambda s: (titles[s].casefold(), s)):
            anchor = rendered[slug].anchors.get(key) if slug in rendered else None
            items.append((titles[slug], essay_url(slug) + (f"#{anchor}" if anchor else "")))
        out[key] = items
    return out


# --------------------------------------------------------------------------- views


def image_files(es: EssaySet) -> list[str]:
    """The local images of the published essays, and the files they link to in Pelican's
    syntax (``{static}/…``), as paths under ``content/`` and the site."""
    return sorted({link.target for e in es.published for link in e.links
                   if link.kind in E.COPIED})


def output_files(es: EssaySet) -> set[str]:
    """Every file the essays make, relative to the site root: their pages, the essays index,
    the feeds (all essays, and one per theme) and their images."""
    return ({e.save_as for e in es.published} | {ESSAYS_INDEX, FEED_ALL}
            | {theme_feed(slug) for slug in es.targets.themes} | set(image_files(es)))


def copy_images(es: EssaySet, content: Path, output: Path) -> list[str]:
    """Copy every local image of a published essay (and file it links to with
    ``{static}/…``) to the same path under the output."""
    copied = []
    for target in image_files(es):
        dest = output / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(content / target, dest)
        copied.append(target)
    return copied
