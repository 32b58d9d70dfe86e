"""A transparent theme classifier: weighted cue lexicons, no trained model.

For each citable body passage and each theme:

1. **Text.** The passage's plain text, with author-year citations such as
   "(Khan, 2021)" removed: they name sources, not subjects (otherwise every
   "(Khan, 2021)" would count as a mention of Imran Khan).
2. **Own cues.** Every cue of the theme's lexicon is matched case-insensitively
   on word boundaries. A phrase's spaces and hyphens are interchangeable and
   optional ("no-confidence" finds "no confidence"), and a trailing ``*`` on a
   word matches any ending ("sanction*"). Overlapping phrases count once, the
   longest winning. Regex cues are Python expressions.
   A cue found ``n`` times adds ``weight × (2 − 0.5**(n−1))``: 1×, 1.5×, 1.75×
   ... — repetition is evidence that the passage is *about* it, with
   diminishing returns. Negative weights are counter-cues.
3. **Heading context.** Cues found in the passage's section heading add half
   their weight: a passage under "Impact of Pak-Russia Ties" is more likely
   about Russia.
4. **Continuation context.** A short paragraph (at most ``CONTINUATION_WORDS``
   words) with no positive cue of its own for *any* theme, e.g. the bare quote
   "After that, there isn't any interest.", continues the passage before it:
   it takes that passage's themes, with the reason "context: ...". Nothing
   else is inherited from neighbours.
5. **Decision.** A passage gets the theme when its score reaches the theme's
   threshold and, if the theme has anchors, at least one anchor cue fired in
   the passage itself or — when the passage opens with a pronoun ("He urged
   his supporters ...") — in the passage just before it in the same section:
   the pronoun points back to a subject named there. The anchor's origin is
   given as a reason. A heading adds weight but
   never anchors: a whole section would otherwise inherit its theme.

6. **Document and section context.** A theme is *established* in a document (a section)
   when at least two of its passages are accepted by step 5 and at least half of its
   passages of running text (60% of a section's) carry evidence of the theme — or, for a
   whole document of at least six such passages, when one passage is accepted and two
   thirds carry evidence (breadth instead of a second peak). Then each of
   its passages with *weak* evidence of its own (a net score of at least
   ``CONTEXT_MIN_SCORE`` from cues of its own text) gets the theme, with the reason
   "context: 9 of 14 passages of this document are about ... (2 on their own)". A passage
   with no cue of the theme never does — unless it names, with a definite article or a
   demonstrative, an act of the passage just before it that has the theme ("called the
   decision short-sighted", "the measures", "the bill", "the listing": ``_BACK_REFERENCE``):
   that link is its evidence, and the reason names it ("context: 'the decision' refers back
   to p-..."). Web addresses are not read (:func:`prepare`).

Which passages: paragraphs, list items, captions and footnotes of the
standfirst, abstract, body and footnotes — the document's own text. Not
references (bibliographic entries), the author's bio, nor reader comments:
they are not the document's claims, and a reader's opinion tagged as
"sanctions" would misrepresent the source.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from dossier.documentary.cues import Hit, find_hits, prepare
from dossier.documentary.learned import Prediction, ThemeModel, model_push
from dossier.documentary.theme_report import theme_report
from dossier.model import Assignment, Block, Corpus, Cue, Document, Mention, PassageRef, Theme

__all__ = ["classify", "score", "prepare", "theme_report"]

CLASSIFIED_KINDS = frozenset({"paragraph", "list_item", "caption", "footnote"})
CLASSIFIED_SECTIONS = frozenset({"standfirst", "abstract", "body", "footnotes"})
HEADING_FACTOR = 0.5
CONTINUATION_WORDS = 12
# Document and section context (step 5): a theme is established in a document (a section)
# when at least CONTEXT_MIN_STRONG of its passages reach the threshold on their own and at
# least CONTEXT_DOC_SHARE of its passages (CONTEXT_SECTION_SHARE of a section's) carry
# evidence of it: strong, or weak (a net score of at least CONTEXT_MIN_SCORE from cues of
# their own text). Then its passages with weak evidence get the theme too. A whole document
# (not a section) of at least CONTEXT_BROAD_MIN passages is also established by breadth: one
# strong passage and at least CONTEXT_BROAD_SHARE of its passages with evidence.
CONTEXT_MIN_STRONG = 2
CONTEXT_DOC_SHARE = 0.5
CONTEXT_SECTION_SHARE = 0.6
CONTEXT_MIN_SCORE = 1.0
CONTEXT_BROAD_SHARE = 2 / 3
CONTEXT_BROAD_MIN = 6
CONTEXT_MIN_WORDS = 4  # shorter passages ("Sources consulted:") do not count in the shares

_BACK_REFERENCE = re.compile(r"\b(the|this|that|these|those)\s+(decision|measures?|steps?|moves?|"
                             r"bill|notice|listings?|penalt(y|ies)|cuts?|designations?)\b", re.I)
_PRONOUN_OPENING = re.compile(r"^\W*(he|she|they|his|her|their|this|these|such)\b", re.I)


@dataclass(frozen=True)
class Score:
    total: float
    hits: tuple[Hit, ...]
    anchored: bool
    anchor_note: str = ""  # set when the anchor came from the previous passage

    def reasons(self) -> tuple[str, ...]:
        ordered = sorted(self.hits, key=lambda h: (-h.contribution, h.where, h.cue.pattern))
        out = tuple(h.reason() for h in ordered)
        return out + ((f"context: {self.anchor_note}",) if self.anchor_note else ())


def score(theme: Theme, text: str, heading: str = "", before: str = "",
          before_id: str = "", mentioned: Mapping[str, int] | None = None,
          prediction: Prediction | None = None) -> Score:
    """Score one passage's (prepared) text against one theme.

    ``before`` is the previous passage of the same section: it can only supply
    an anchor, never weight. ``mentioned``: the passage's entity mentions (id -> count), for
    the theme's ``entities``; ``prediction``: the learned model's, for this theme.
    """
    hits = find_hits(theme.cues, text)
    if heading:
        hits += find_hits(theme.cues, heading, HEADING_FACTOR, "heading")
    entity_anchor = False
    for ec in theme.entities:
        n = (mentioned or {}).get(ec.entity, 0)
        if n:
            cue = Cue(pattern=ec.entity, weight=ec.weight, label=ec.name)
            hits.append(Hit(cue, n, 1.0, "", "entity"))
            entity_anchor = entity_anchor or ec.anchor
    push = model_push(prediction.p) if prediction is not None else 0.0
    if push and prediction is not None:
        hits.append(Hit(Cue(pattern="model", weight=push, label=prediction.describe()), 1,
                        1.0, "", "model"))
    total = round(sum(h.contribution for h in hits), 3)
    required = set(theme.required)
    anchors = [c for c in theme.cues if c.pattern in required]
    anchored = (not anchors and not any(ec.anchor for ec in theme.entities)) or entity_anchor \
        or any(h.cue.pattern in required and not h.where and h.kind == "cue" for h in hits)
    note = ""
    if not anchored and before:
        near = find_hits(anchors, before)
        if near:
            anchored = True
            note = (f"anchor '{near[0].cue.pattern}' in the previous passage "
                    f"{before_id}".rstrip())
    return Score(total, tuple(hits), anchored, note)


def accepts(theme: Theme, s: Score) -> bool:
    return s.anchored and s.total >= theme.threshold


@dataclass(frozen=True)
class Unit:
    """A passage as the classifier reads it, with its context."""

    block: Block
    heading: str  # the section heading above it ("" if none)
    before: Block | None  # the previous classified passage of the same section


def classified_passages(doc: Document) -> list[Unit]:
    """The passages the classifier reads, in reading order, with their context."""
    out: list[Unit] = []
    heading = ""
    before: Block | None = None
    for block in doc.blocks:
        if block.kind == "heading":
            heading, before = block.text, None
        elif block.id and block.kind in CLASSIFIED_KINDS and block.section in CLASSIFIED_SECTIONS:
            if before is not None and before.section != block.section:
                before = None
            out.append(Unit(block, heading, before))
            before = block
    return out


def classify(corpus: Corpus, themes: Sequence[Theme], mentions: Sequence[Mention] = (),
             model: ThemeModel | None = None) -> tuple[Assignment, ...]:
    """Every (passage, theme) whose score reaches the theme's threshold, with its reasons."""
    out: list[Assignment] = []
    for doc in corpus.documents:
        out.extend(classify_document(doc, themes, mentions, model))
    return tuple(sorted(out, key=lambda a: (a.ref.document, a.ref.passage, a.theme)))


def weak_evidence(s: Score) -> float:
    """The net weight of the evidence found in the passage's own text (not its heading: cues,
    entities, and the model's push either way): what a context may build on. 0 when no
    positive cue or entity of its own fired: the model alone is no evidence."""
    own = [h for h in s.hits if not h.where]
    if not any(h.evidence for h in own):
        return 0.0
    return round(sum(h.contribution for h in own), 3)


@dataclass(frozen=True)
class Context:
    """Where a theme is established: ``strong`` passages reach it on their own and
    ``evidenced`` of the ``total`` passages carry evidence of it (strong or weak)."""

    strong: int
    evidenced: int
    total: int
    where: str  # "document" or "section"

    def reason(self, title: str) -> str:
        return (f"context: {self.evidenced} of {self.total} passages of this {self.where} "
                f"are about {title} ({self.strong} on their own)")


def _established(strong: int, evidenced: int, total: int, share: float,
                 broad: float | None = None) -> bool:
    """Two strong passages and ``share`` evidenced; or (``broad`` given: a whole document)
    one strong passage and ``broad`` of at least ``CONTEXT_BROAD_MIN`` passages evidenced."""
    if total <= 0 or strong < 1:
        return False
    if strong >= CONTEXT_MIN_STRONG and evidenced >= share * total:
        return True
    return broad is not None and total >= CONTEXT_BROAD_MIN and evidenced >= broad * total


def _contexts(units: list[Unit], strong: list[set[str]], weak: list[set[str]],
              themes: Sequence[Theme], counted: list[bool]
              ) -> tuple[dict[str, Context], list[dict[str, Context]]]:
    """The themes established in the whole document, and in each passage's section. Only
    passages of running text count (``counted``): not a bare "Sources:" line nor a list
    of web addresses."""
    doc: dict[str, Context] = {}
    idx = [i for i, c in enumerate(counted) if c]
    for theme in themes:
        k = sum(theme.slug in strong[i] for i in idx)
        e = sum(theme.slug in strong[i] or theme.slug in weak[i] for i in idx)
        if _established(k, e, len(idx), CONTEXT_DOC_SHARE, CONTEXT_BROAD_SHARE):
            doc[theme.slug] = Context(k, e, len(idx), "document")
    sections: dict[str, list[int]] = {}
    for i, unit in enumerate(units):
        if unit.heading and counted[i]:
            sections.setdefault(unit.heading, []).append(i)
    per_unit: list[dict[str, Context]] = [{} for _ in units]
    for members in sections.values():
        for theme in themes:
            k = sum(theme.slug in strong[i] for i in members)
            e = sum(theme.slug in strong[i] or theme.slug in weak[i] for i in members)
            if _established(k, e, len(members), CONTEXT_SECTION_SHARE):
                for i in members:
                    per_unit[i][theme.slug] = Context(k, e, len(members), "section")
    return doc, per_unit


def classify_document(doc: Document, themes: Sequence[Theme],
                      mentions: Sequence[Mention] = (), model: ThemeModel | None = None
                      ) -> tuple[Assignment, ...]:
    """:func:`classify` for one document: it reads no other document, so its result can be
    cached and computed in parallel (see :mod:`dossier.documentary.assemble`). ``mentions``:
    the document's entity mentions (for the themes' ``entities``); ``model``: the learned
    part (none: cues, entities and context alone)."""
    units = classified_passages(doc)
    mentioned: dict[str, Counter[str]] = {}
    for m in mentions:
        if m.ref.document == doc.slug:
            mentioned.setdefault(m.ref.passage, Counter())[m.entity] += 1
    predictions = model.predict([u.block.text for u in units]) if model else [{} for _ in units]
    scores: list[list[Score]] = []
    own_cues: list[bool] = []
    texts: list[str] = []
    for unit, predicted in zip(units, predictions, strict=True):
        text, head = prepare(unit.block.text), prepare(unit.heading)
        before = ""
        if unit.before is not None and _PRONOUN_OPENING.match(text):
            before = prepare(unit.before.text)
        before_id = unit.before.id if unit.before else ""
        found = mentioned.get(unit.block.id, {})
        row = [score(theme, text, head, before, before_id, found, predicted.get(theme.slug))
               for theme in themes]
        scores.append(row)
        own_cues.append(any(h.evidence for s in row for h in s.hits))
        texts.append(text)
    strong = [{t.slug for t, s in zip(themes, row, strict=True) if accepts(t, s)}
              for row in scores]
    weak = [{t.slug for t, s in zip(themes, row, strict=True)
             if weak_evidence(s) >= CONTEXT_MIN_SCORE} for row in scores]
    counted = [len(t.split()) >= CONTEXT_MIN_WORDS for t in texts]
    doc_context, section_context = _contexts(units, strong, weak, themes, counted)

    out: list[Assignment] = []
    previous: list[Assignment] = []
    for i, unit in enumerate(units):
        ref = PassageRef(doc.slug, unit.block.id)
        mine: list[Assignment] = []
        for theme, s in zip(themes, scores[i], strict=True):
            if theme.slug in strong[i]:
                mine.append(Assignment(ref, theme.slug, s.total, s.reasons()))
                continue
            ctx = section_context[i].get(theme.slug) or doc_context.get(theme.slug)
            if ctx is not None and theme.slug in weak[i]:
                mine.append(Assignment(ref, theme.slug, s.total,
                                       s.reasons() + (ctx.reason(theme.title),)))
                continue
            back = _BACK_REFERENCE.search(texts[i])
            if (ctx is not None and back and unit.before is not None
                    and any(a.theme == theme.slug for a in previous)):
                mine.append(Assignment(ref, theme.slug, s.total, s.reasons() + (
                    f"context: '{back.group(0)}' refers back to {unit.before.id}",
                    ctx.reason(theme.title))))
        if (not own_cues[i] and unit.before is not None and previous and counted[i]
                and unit.block.kind == "paragraph"
                and len(texts[i].split()) <= CONTINUATION_WORDS):
            mine = [Assignment(ref, a.theme, 0.0,
                               (f"context: continues {a.ref.passage} (a short passage with "
                                "no cue of its own)",)) for a in previous]
        by_slug = {t.slug: s for t, s in zip(themes, scores[i], strict=True)}
        out.extend(replace(a, cues=own_cues_of(by_slug[a.theme])) for a in mine)
        previous = mine
    return tuple(sorted(out, key=lambda a: (a.ref.document, a.ref.passage, a.theme)))


def own_cues_of(s: Score) -> tuple[tuple[str, bool], ...]:
    """The positive cues of a score found in the passage's own text, as (pattern, regex):
    what a theme page marks as the passage's evidence (:mod:`dossier.pages.why`)."""
    return tuple(sorted({(h.cue.pattern, h.cue.regex) for h in s.hits
                         if h.kind == "cue" and not h.where and h.cue.weight > 0}))
