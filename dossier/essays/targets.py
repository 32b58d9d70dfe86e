"""What an essay may link to, and where each reference points.

:class:`Targets` lists the documents and their passages, themes, entities, events and other
pages; :func:`lookup` turns a parsed ``[[…]]`` reference into a site path or a
``(message, fix)``; :class:`TargetResolver` is the resolver :mod:`dossier.essays.refs`
calls, with URLs relative to the essay's page.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from dossier.essays.refs import Ref, Resolved
from dossier.model import Corpus, Entity, Event, Theme
from dossier.urls import doc_url, entity_url, essay_url, event_url, root_prefix, theme_url
from dossier.util.text import ELLIPSIS

ESSAY_SAVE_AS = essay_url("{slug}")
#: Where each kind of target lives, relative to the site root (from dossier/urls.py).
URLS: Mapping[str, str] = MappingProxyType({
    "document": doc_url("{target}"),
    "passage": doc_url("{target}") + "#{fragment}",
    "theme": theme_url("{target}"),
    "entity": entity_url("{target}"),
    "event": event_url("{target}"),
    "essay": essay_url("{target}"),
    "page": "{target}",
})
QUOTE_WORDS = 24
PATH_CUTOFF = 0.85  # paths share "/index.html": only a close typo is worth suggesting


@dataclass(frozen=True)
class DocTarget:
    title: str
    passages: Mapping[str, str]  # passage id -> plain text, in document order
    aliases: Mapping[str, str] = field(default_factory=dict)  # old id -> current id
    numbers: Mapping[str, int] = field(default_factory=dict)  # passage id -> Block.number
    language: str = ""  # the lang its words get (DocMeta.lang): "" for English or unknown

    def number(self, passage: str) -> int:
        """The passage's number (for "¶ 12"): ``Block.number``, the one every page shows
        (see :mod:`dossier.ingest.ids`); its position in ``passages`` without one."""
        return self.numbers.get(passage) or list(self.passages).index(passage) + 1


@dataclass(frozen=True)
class Targets:
    """What an essay can link to. Titles are the default link texts."""

    documents: Mapping[str, DocTarget] = field(default_factory=dict)
    themes: Mapping[str, str] = field(default_factory=dict)  # slug -> title
    entities: Mapping[str, str] = field(default_factory=dict)  # id -> name
    events: Mapping[str, str] = field(default_factory=dict)  # id -> title
    pages: Mapping[str, str] = field(default_factory=dict)  # site path -> title
    essays: Mapping[str, str] = field(default_factory=dict)  # slug -> title (load_essays)
    urls: Mapping[str, str] = field(default_factory=lambda: URLS)

    @classmethod
    def build(cls, corpus: Corpus, themes: Iterable[Theme] = (),
              entities: Iterable[Entity] = (), events: Iterable[Event] = (),
              pages: Mapping[str, str] | None = None) -> Targets:
        """From the model; ``pages`` adds other site pages (``"timeline/index.html"``)."""
        docs = {
            d.slug: DocTarget(d.meta.title or d.slug, {b.id: b.text for b in d.passages},
                              dict(d.meta.aliases), {b.id: b.number for b in d.passages},
                              d.meta.lang)
            for d in corpus.documents
        }
        return cls(docs, {t.slug: t.title for t in themes}, {e.id: e.name for e in entities},
                   {e.id: e.title for e in events}, dict(pages or {"index.html": "Home"}))

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with a plain copy of ``urls`` (a read-only mapping cannot be pickled)."""
        return {**self.__dict__, "urls": dict(self.urls)}

    def site_paths(self) -> set[str]:
        """Every page an ordinary relative Markdown link may point to."""
        paths = set(self.pages)
        for kind, names in (("document", self.documents), ("theme", self.themes),
                            ("entity", self.entities), ("essay", self.essays)):
            paths.update(self.urls[kind].format(target=n) for n in names)
        paths.update(self.urls["event"].format(target=n).split("#")[0] for n in self.events)
        return paths


_WHERE = {
    "theme": "themes are the files in content/themes/",
    "entity": "entities are listed in content/entities.toml",
    "event": "events are listed in content/events.toml",
    "essay": "essays are the files in content/essays/",
    "page": "use a page path such as index.html or timeline/index.html",
}


@dataclass(frozen=True)
class Found:
    path: str  # relative to the site root
    title: str
    text: str = ""
    language: str = ""  # of the text, when it is a passage's


def near(word: str, choices: Iterable[str], cutoff: float = 0.6,
         exclude: Iterable[str] = ()) -> str:
    """"did you mean 'x'?" for the closest of ``choices``, or "". Never ``word`` itself
    (it is what was given) nor anything in ``exclude`` (the page being checked)."""
    others = set(choices) - {word} - set(exclude)
    close = difflib.get_close_matches(word, sorted(others), n=1, cutoff=cutoff)
    return f"did you mean '{close[0]}'?" if close else ""


def lookup(ref: Ref, targets: Targets, here: str = "") -> Found | tuple[str, str]:
    """A well-formed reference -> where it points, or ``(message, fix)``. ``here``: the
    site path of the page being checked, never proposed as the fix."""
    kind, name = ref.kind, ref.target
    if kind in ("document", "passage"):
        doc = targets.documents.get(name)
        if doc is None:
            what = "citation of" if kind == "passage" else "link to"
            return (f"{what} unknown document '{name}'",
                    near(name, targets.documents) or "use a slug from the document's URL: "
                    "documents/<slug>/index.html")
        if kind == "document":
            return Found(targets.urls["document"].format(target=name), doc.title)
        pid = doc.aliases.get(ref.fragment, ref.fragment)
        if pid not in doc.passages:
            return (f"document '{name}' has no passage '{ref.fragment}'",
                    near(ref.fragment, doc.passages) or "copy the id from the ¶ link next "
                    "to the passage on the document's page")
        return Found(targets.urls["passage"].format(target=name, fragment=pid),
                     f"{doc.title}, ¶ {doc.number(pid)}", doc.passages[pid], doc.language)
    table = {"theme": targets.themes, "entity": targets.entities, "event": targets.events,
             "essay": targets.essays, "page": targets.pages}[kind]
    if name not in table:
        this = [n for n in table if targets.urls[kind].format(target=n) == here]
        hint = near(name, table, PATH_CUTOFF if kind == "page" else 0.6, this)
        return f"link to unknown {kind} '{name}'", hint or _WHERE[kind]
    return Found(targets.urls[kind].format(target=name), table[name] or name)


class TargetResolver:
    """The :mod:`dossier.essays.refs` resolver for a page at ``page_path``; records failures."""

    def __init__(self, targets: Targets, page_path: str = ESSAY_SAVE_AS) -> None:
        self.targets = targets
        self.prefix = root_prefix(page_path)
        self.unresolved: list[Ref] = []

    def __call__(self, ref: Ref) -> Resolved | None:
        found = lookup(ref, self.targets)
        if not isinstance(found, Found):
            self.unresolved.append(ref)
            return None
        words = found.text.split()
        note = " ".join(words[:QUOTE_WORDS]) + (ELLIPSIS if len(words) > QUOTE_WORDS else "")
        return Resolved(self.prefix + found.path, found.title, found.text, note, found.language)


