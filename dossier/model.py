"""The typed model shared by every pipeline stage.

Every object remembers where it came from (``source`` path relative to the
project root, and the 1-based raw-file ``line``) so any output can point back
to its input. Objects are frozen: stages return new objects, never mutate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from dossier.util.diagnostics import Diagnostic  # defined in util, imported from here too

# Kinds of block the structurer recognises. Citable kinds get a passage id.
BlockKind = Literal[
    "title",  # front matter as found in the text (section "front"; shown via DocMeta)
    "deck",
    "authors",
    "affiliation",
    "keywords",
    "heading",
    "paragraph",
    "list_item",
    "caption",
    "footnote",
    "reference",
    "comment",
    "bio",
]
CITABLE_KINDS: frozenset[str] = frozenset(
    {"paragraph", "list_item", "caption", "footnote", "reference", "comment", "bio"}
)

# Sections a block can belong to; templates render them apart.
Section = Literal[
    "front",
    "standfirst", "abstract", "body", "footnotes", "references", "bio", "comments"
]
#: The order a document's page shows its sections in (its reading order).
READING_ORDER: tuple[str, ...] = (
    "front", "standfirst", "abstract", "body", "footnotes", "references", "bio", "comments")


@dataclass(frozen=True)
class Line:
    """One raw line after character normalisation, with its 1-based number."""

    number: int
    text: str


@dataclass(frozen=True)
class Span:
    """Inline markup inside a block's plain text: ``text[start:end]``. A ``cite`` span is
    an in-text citation; its target is the id of the reference entry it names."""

    start: int
    end: int
    kind: Literal["em", "strong", "link", "fnref", "cite"]
    target: str = ""


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    source: str
    line: int
    end_line: int
    section: Section = "body"
    spans: tuple[Span, ...] = ()
    credit: str = ""  # captions: the photo credit, shown apart
    group: int = 0  # list items: consecutive items share a group number
    label: str = ""  # footnotes: their number
    fields: tuple[tuple[str, str], ...] = ()  # references: parsed fields
    id: str = ""  # stable passage id (citable kinds only), see dossier.ingest.ids
    number: int = 0  # "¶ 15": position among the document's citable passages in reading order


@dataclass(frozen=True)
class Removal:
    """Text the cleaner dropped, and why. Nothing is dropped silently."""

    source: str
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Join:
    """Words the cleaner glued together (line-break hyphenation, split URLs)."""

    source: str
    line: int
    parts: tuple[str, ...]
    joined: str


@dataclass(frozen=True)
class DocMeta:
    """Catalogue metadata; empty strings mean "the text does not say"."""

    title: str = ""
    title_inferred: bool = False
    deck: str = ""
    authors: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    publisher: str = ""
    date: str = ""
    date_precision: str = ""  # day | month | year | range | ""
    date_note: str = ""
    genre: str = ""
    url: str = ""
    provenance_note: str = ""  # what the text says of its publisher and address (or not)
    mode: Literal["full", "excerpts"] = "full"
    rights: str = ""
    aliases: tuple[tuple[str, str], ...] = ()  # (old passage id, current id)
    language: str = ""  # the text's language, a BCP 47 tag ("ur"); "" when not given

    @property
    def lang(self) -> str:
        """The ``lang`` the text's words get on the site's pages (which are in English):
        the text's language, unless that is English or not known."""
        primary = self.language.split("-")[0].lower()
        return self.language if primary and primary != "en" else ""


@dataclass(frozen=True)
class Document:
    slug: str
    source: str  # e.g. "seeds/000_8babe19812b59db0.txt"
    meta: DocMeta
    blocks: tuple[Block, ...]
    removals: tuple[Removal, ...] = ()
    joins: tuple[Join, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def section(self, name: Section) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.section == name)

    @property
    def passages(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.id)

    def passage(self, pid: str) -> Block | None:
        """The passage with id ``pid`` (or an old id the catalogue maps to it), or None."""
        pid = dict(self.meta.aliases).get(pid, pid)
        return next((b for b in self.blocks if b.id == pid), None)


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")


# --- The documentary layer: themes, entities, events (built on the Corpus) ---------


@dataclass(frozen=True)
class Cue:
    """A weighted cue of a theme's lexicon: a phrase (or regex) and its weight.
    A negative weight is a counter-cue (``cricket`` against ``khan-ouster``)."""

    pattern: str
    weight: float
    regex: bool = False
    label: str = ""  # a readable name for reasons and reports (regex cues); "" = the pattern


@dataclass(frozen=True)
class EntityCue:
    """An entity of the gazetteer whose mention is evidence of a theme (a theme file's
    ``entities`` table): ``weight`` per mention, like a cue; ``name`` is filled in from the
    gazetteer for reasons."""

    entity: str  # entity id
    weight: float
    line: int  # line of the theme file that declares it
    anchor: bool = False
    name: str = ""


@dataclass(frozen=True)
class Theme:
    slug: str
    title: str
    intro: str  # Markdown written by the editors
    includes: str  # what belongs
    excludes: str  # what does not
    cues: tuple[Cue, ...]
    source: str  # e.g. "content/themes/russia-tilt.md"
    line: int
    threshold: float = 1.0
    required: tuple[str, ...] = ()  # cue groups: at least one must fire (anchor cues)
    order: tuple[str, ...] = ()  # optional reading order: "doc-slug#passage-id"
    summary: str = ""
    entities: tuple[EntityCue, ...] = ()  # mentions that are evidence of the theme


@dataclass(frozen=True)
class PassageRef:
    document: str  # document slug
    passage: str  # passage id

    @property
    def key(self) -> str:
        return f"{self.document}#{self.passage}"


@dataclass(frozen=True)
class Assignment:
    """Why a passage belongs to a theme: the cues that fired, or a curation line."""

    ref: PassageRef
    theme: str
    score: float
    reasons: tuple[str, ...]
    curated: bool = False
    # The theme's positive cues the classifier found in the passage's own text, as
    # (pattern, regex); None when not classified here (curation): pages look them up.
    cues: tuple[tuple[str, bool], ...] | None = None


# Kinds of entity in the gazetteer (docs/gazetteer.md): who, where, and the projects and the
# agreements or laws the texts discuss as things in their own right.
EntityKind = Literal["person", "organisation", "place", "project", "agreement"]


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: EntityKind
    aliases: tuple[str, ...]
    description: str
    source: str
    line: int
    not_aliases: tuple[str, ...] = ()  # phrases that look like a mention but are not
    # Added by the entities stage (docs/gazetteer.md). An alias may carry required context in
    # brackets, "[Pakistan's] army": the bracketed words must be there but are not the mention.
    short_forms: tuple[str, ...] = ()  # e.g. "Khan": a mention only when context resolves it
    default_for: tuple[str, ...] = ()  # short forms this entity takes when nothing else decides
    context: tuple[str, ...] = ()  # cue phrases that pick this entity for a short form


@dataclass(frozen=True)
class Mention:
    entity: str  # entity id
    ref: PassageRef
    start: int  # offsets in the passage's plain text (``part="text"``) or in its photo
    end: int  # credit (``part="credit"``: a caption's ``Block.credit``)
    text: str
    part: Literal["text", "credit"] = "text"


def mention_order(m: Mention) -> tuple[bool, int, str]:
    """A passage's mentions in text order: those in its text, then those in its photo
    credit."""
    return (m.part != "text", m.start, m.entity)


@dataclass(frozen=True)
class Event:
    id: str
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: Literal["day", "month", "year"]
    title: str
    description: str
    themes: tuple[str, ...]
    entities: tuple[str, ...]
    evidence: tuple[PassageRef, ...]
    source: str
    line: int
    editorial_date: bool = False  # the corpus does not give this date
    date_note: str = ""
    evidence_terms: tuple[str, ...] = ()  # words an evidence passage uses for the event


@dataclass(frozen=True)
class Documentary:
    """The documentary layer over a corpus: themes and their passage assignments, entities
    and their mentions, dated events (built by :mod:`dossier.documentary.assemble`)."""
    corpus: Corpus
    themes: tuple[Theme, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    # Gazetteer entries no passage mentions: kept for matching (short forms, context), but
    # given no page; the build report lists them.
    unlisted: tuple[Entity, ...] = ()
    # slug -> a key that changes whenever the document or anything that annotates it does
    # (its annotation key, the curation, the events): what per-document memos are keyed
    # by. Empty when not built by the pipeline (a memo then computes every document).
    document_keys: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def themes_by_passage(self) -> dict[str, tuple[Assignment, ...]]:
        """``"doc-slug#passage-id"`` -> its theme assignments, sorted by theme slug."""
        out: dict[str, list[Assignment]] = defaultdict(list)
        for a in self.assignments:
            out[a.ref.key].append(a)
        return {k: tuple(sorted(v, key=lambda a: a.theme)) for k, v in out.items()}

    @cached_property
    def events_by_passage(self) -> dict[str, tuple[Event, ...]]:
        out: dict[str, list[Event]] = defaultdict(list)
        for e in self.events:
            for ref in e.evidence:
                out[ref.key].append(e)
        return {k: tuple(sorted(v, key=lambda e: (e.date, e.id))) for k, v in out.items()}
