"""Stage 4: text units -> typed blocks (title, deck, headings, paragraphs, lists...).

Recognition rules (none names a seed; each holds for the next document) are small named
classes, registered by name and priority in :func:`front_matter_steps` and
:func:`body_rules` below; each class's docstring says what it recognises:

- front matter (:mod:`.front_matter`): **title**, **authors**, **deck** and standfirst;
- body (:mod:`.body_rules`), the first rule that consumes a unit wins: reference
  entries, comments, keywords, affiliations, the abstract (labelled or under a heading),
  **footnotes** (a superscript marker ``¹``, ``ⁱ``), **bio** (``* Name Surname is …``),
  **list items**, **captions** (a photo credit in parentheses, kept apart; doubled
  captions and copies of a caption go), **headings** (``References``, ``About the
  author`` and ``N Comments`` open their sections) and, failing all, paragraphs.

Then the reference list is parsed (:mod:`.references`) and reference entries that copy a
footnote are folded into it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from dossier.ingest.body_rules import (
    AbstractHeading,
    AbstractLabel,
    Affiliation,
    Bio,
    Caption,
    CaptionCopy,
    CaptionEnd,
    Comment,
    CommentsHeading,
    DoubledCaption,
    Footnote,
    Heading,
    Keywords,
    ListEnd,
    ListItem,
    Paragraph,
    ReferenceEntry,
)
from dossier.ingest.front_matter import Authors, Deck, Title
from dossier.ingest.references import reference_blocks
from dossier.ingest.registry import Registry
from dossier.ingest.segment import Unit
from dossier.ingest.structure_base import Rule, State, norm
from dossier.model import Block, Join, Removal


def front_matter_steps() -> Registry[Rule]:
    """Run once each, in this order, at the top of a document."""
    steps: Registry[Rule] = Registry()
    steps.register(Title(), "title", 30)
    steps.register(Authors(), "authors", 20)
    steps.register(Deck(), "deck", 10)
    return steps


def body_rules() -> Registry[Rule]:
    """Tried in this order on every unit after the front matter."""
    rules: Registry[Rule] = Registry()
    rules.register(ReferenceEntry(), "reference_entry", 170)
    rules.register(Comment(), "comment", 160)
    rules.register(Keywords(), "keywords", 150)
    rules.register(Affiliation(), "affiliation", 140)
    rules.register(AbstractLabel(), "abstract_label", 130)
    rules.register(AbstractHeading(), "abstract_heading", 120)
    rules.register(Footnote(), "footnote", 110)
    rules.register(Bio(), "bio", 100)
    rules.register(ListItem(), "list_item", 90)
    rules.register(ListEnd(), "list_end", 80)
    rules.register(DoubledCaption(), "doubled_caption", 70)
    rules.register(CaptionCopy(), "caption_copy", 60)
    rules.register(Caption(), "caption", 50)
    rules.register(CaptionEnd(), "caption_end", 40)
    rules.register(Heading(), "heading", 30)
    rules.register(CommentsHeading(), "comments_heading", 20)
    rules.register(Paragraph(), "paragraph", 10)
    return rules


FRONT_MATTER = front_matter_steps()
BODY = body_rules()


def structure(
    units: Sequence[Unit], source: str,
    front: Registry[Rule] = FRONT_MATTER, body: Registry[Rule] = BODY,
    headings: Mapping[tuple[int, str], bool] | None = None,
) -> tuple[tuple[Block, ...], tuple[Removal, ...], tuple[Join, ...]]:
    """``headings``: (line, text) of a unit -> whether it is known to be a heading, as a web
    page's markup says (:mod:`.webpage`); the rules take the others by their shape."""
    st = State(list(units), source, headings=dict(headings or {}))
    for step in front:
        if step.test(st):
            step.run(st)
    while st.i < len(st.units):
        st.read()
        for rule in body:
            if rule.test(st) and rule.run(st):
                break
    if st.ref_units:
        refs, ref_removals, ref_joins = reference_blocks(st.ref_units, source)
        st.blocks.extend(refs)
        st.removals.extend(ref_removals)
        st.joins.extend(ref_joins)
    blocks, dup_removals = fold_footnote_copies(st.blocks, source)
    return tuple(blocks), tuple(st.removals) + tuple(dup_removals), tuple(st.joins)


def fold_footnote_copies(
    blocks: list[Block], source: str
) -> tuple[list[Block], list[Removal]]:
    """A reference entry that repeats a footnote's text is a copy of that note: the
    note keeps the entry's extra words (typically a URL) and the entry goes."""
    notes = {b.label: b for b in blocks if b.kind == "footnote"}
    if not notes:
        return blocks, []
    out: list[Block] = []
    removals: list[Removal] = []
    replaced: dict[str, Block] = {}
    for b in blocks:
        if b.kind == "reference":
            hit = next((n for n in notes.values()
                        if len(n.text) > 30 and norm(b.text).startswith(norm(n.text))), None)
            if hit is not None:
                extra = b.text[len(hit.text):].strip() if b.text.startswith(hit.text) else ""
                if extra:
                    replaced[hit.label] = replace(replaced.get(hit.label, hit),
                                                  text=f"{hit.text} {extra}")
                    removals.append(Removal(source, b.line, hit.text,
                                            f"copy of footnote {hit.label} in the reference "
                                            "list; its extra text was added to the note"))
                else:
                    removals.append(Removal(source, b.line, b.text,
                                            f"copy of footnote {hit.label} in the reference list"))
                continue
        out.append(b)
    return [replaced.get(b.label, b) if b.kind == "footnote" else b for b in out], removals
