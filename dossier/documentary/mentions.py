"""Find entity mentions in every citable passage's plain text.

Rules, in order (docs/gazetteer.md):

1. Every alias (and the entity's name) is a pattern. One-word aliases keep their case
   ("US" is not "us", "Swat" is not "swat"; a lower-case one also matches capitalised at a
   sentence start); aliases of several words ignore case. Apostrophes and hyphens match
   their typographic variants; possessives need nothing ("Khan's" holds "Khan").
   ``[Pakistan's] army`` requires the bracketed words next to the mention without making
   them part of it, so "Pakistan" is still a mention of Pakistan.
2. Nothing is found inside a URL, inside an author–year citation such as "(Khan, 2021)" or
   "(Hussain & Fatima, 2015)", nor in a one-word person alias followed by a year ("Khan
   2019"), nor where an entity's ``not_aliases`` phrase covers the text.
3. Overlaps: the longest match wins (then the one with more required context, then the full
   name over a short form); mentions never overlap.
4. A short form ("Khan", "Sharif", "Fair") may belong to several entities and is resolved per
   document, reading in order: a full mention of a candidate earlier in the same passage;
   else a candidate's ``context`` cue in the passage; else the most recent full mention in
   the document; else the candidate with most full mentions in the document; else the
   candidate whose ``default_for`` lists it; else it is not a mention. Short forms are not
   resolved in reference-list entries (there a bare surname is an author).
5. A caption's photo credit ("(Akhtar Soomro/Reuters)") is read too: its full names are
   mentions (``Mention.part == "credit"``, offsets in ``Block.credit``) of the photographer
   and the agency; short forms are not resolved there and it decides no short form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from dossier.documentary.needles import NeedleIndex
from dossier.model import Block, Corpus, Document, Entity, Mention, PassageRef

_APOS = "['’ʼ]"
_HYPHEN = "[-‐‑]"
_URL = re.compile(r"(?:https?://|www\.)\S+|\bdoi:\S+", re.I)
_PAREN = re.compile(r"\(([^()]{1,200})\)")
_YEAR = r"(?:1[5-9]|20)\d\d[a-z]?"
_CITE_ONE = re.compile(
    r"^\s*(?:[A-Z][\w’'.&-]*|&|and|et|al\.?|of|the|for|on|in|de|van|von|al-\w+)"
    r"(?:[\s,]+(?:[A-Z][\w’'.&-]*|&|and|et|al\.?|of|the|for|on|in|de|van|von|al-\w+))*"
    r"\s*,?\s*" + _YEAR + r"(?:\s*[,:]\s*(?:pp?\.\s*)?\d+(?:[-–]\d+)?)?\s*$")
_YEAR_AFTER = re.compile(r"\s*,?\s*\(?" + _YEAR + r"\b")
_CONTEXT_ALIAS = re.compile(r"^(?:\[([^\]]+)\]\s*)?([^\[\]]+?)(?:\s*\[([^\]]+)\])?$")


def alias_key(alias: str) -> str:
    """The comparison key of an alias: brackets kept, case and spacing folded."""
    return " ".join(alias.replace("’", "'").split()).casefold()


def alias_core(alias: str) -> str:
    """The words of an alias that form the mention: ``[Pakistan's] army`` -> ``army``."""
    m = _CONTEXT_ALIAS.match(alias.strip())
    return m.group(2).strip() if m else alias.strip()


def _words(phrase: str, boundary: str = "") -> str:
    """Regex for a phrase (no brackets), with the case rule of the module docstring;
    ``boundary`` goes right after the first character (see :func:`compile_alias`)."""
    tokens = phrase.split()
    parts: list[str] = []
    for i, tok in enumerate(tokens):
        atoms = [_APOS if c in "'’" else _HYPHEN if c == "-" else re.escape(c) for c in tok]
        if len(tokens) == 1 and tok[:1].islower():
            atoms[0] = f"[{tok[0]}{tok[0].upper()}]"
        if i:
            parts.append(r"\s*" if tokens[i - 1].endswith(".") else r"\s+")
        elif boundary:
            atoms[0] += boundary
        parts.append("".join(atoms))
    return "".join(parts)


# "No word character before the match", said after its first character: a case-sensitive
# pattern then starts with a literal, which the regex engine looks for with a fast search
# instead of trying the look-behind at every position (30 times faster on a passage). The
# same matches: after the first character, look back over it and the one before.
_START = r"(?<!\w)"
_START_AFTER_FIRST = r"(?<!\w[\s\S])"


def compile_alias(alias: str) -> re.Pattern[str] | None:
    """``[left] core [right]`` -> a pattern whose group ``core`` is the mention."""
    m = _CONTEXT_ALIAS.match(alias.strip())
    if not m or not m.group(2).strip():
        return None
    left, core, right = (g.strip() if g else "" for g in m.groups())
    # Case is ignored when the core has several words (the context words follow suit);
    # there the engine has no literal to search for, and the plain look-behind is as fast.
    flags = re.IGNORECASE if len(core.split()) > 1 else 0
    start = _START_AFTER_FIRST if not flags else ""
    pat = "" if start else _START
    if left:
        pat += f"(?:{_words(left, start)})" + r"\s*"
    pat += f"(?P<core>{_words(core, '' if left else start)})"
    if right:
        pat += r"\s*" + f"(?:{_words(right)})"
    pat += r"(?!\w)"
    return re.compile(pat, flags)


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    entity: str  # entity id; "" for a short form
    key: str  # alias_key of a short form
    person_word: bool  # a one-word alias of a person: "Khan 2019" is a citation
    needle: str  # a lower-case word the text must contain: a cheap test before the regex


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    span_total: int  # length including required context
    short: bool
    entity: str
    key: str
    text: str


def _patterns(entities: Sequence[Entity]) -> tuple[list[_Pattern], dict[str, list[str]],
                                                    dict[str, list[re.Pattern[str]]]]:
    pats: list[_Pattern] = []
    short_owners: dict[str, list[str]] = {}
    blockers: dict[str, list[re.Pattern[str]]] = {}
    seen: set[tuple[str, str]] = set()
    for e in entities:
        # "[Pakistan] Army" takes over the plain "Pakistan Army" (the name, say), so that
        # "Pakistan" stays a mention of its own.
        skip = {alias_key(s) for s in e.short_forms}
        skip |= {alias_key(a.replace("[", "").replace("]", "")) for a in e.aliases if "[" in a}
        for alias in (e.name, *e.aliases):
            k = alias_key(alias)
            one = len(alias_core(alias).split()) == 1
            # one-word aliases keep their case: "REUTERS" is not a repeat of "Reuters"
            exact = (e.id, " ".join(alias.replace("’", "'").split()) if one else k)
            if exact in seen or k in skip:
                continue
            seen.add(exact)
            rx = compile_alias(alias)
            if rx:
                pats.append(_Pattern(rx, e.id, "", one and e.kind == "person",
                                     _needle(alias)))
        for s in e.short_forms:
            short_owners.setdefault(alias_key(s), []).append(e.id)
        blockers[e.id] = [rx for rx in map(compile_alias, e.not_aliases) if rx]
    for key, owners in sorted(short_owners.items()):
        rx = compile_alias(_original(entities, key))
        if rx:
            person = any(e.kind == "person" for e in entities if e.id in owners)
            pats.append(_Pattern(rx, "", key, person and len(alias_core(key).split()) == 1,
                                 _needle(key)))
    return pats, short_owners, blockers


def _needle(alias: str) -> str:
    return max(re.findall(r"[^\W_]+", alias_core(alias)), key=len, default="").casefold()


def _original(entities: Sequence[Entity], key: str) -> str:
    for e in entities:
        for s in e.short_forms:
            if alias_key(s) == key:
                return s
    return key


def masked_spans(text: str) -> list[tuple[int, int]]:
    """URLs and author–year citations: no mention is found inside them."""
    spans = [(m.start(), m.end()) for m in _URL.finditer(text)]
    for m in _PAREN.finditer(text):
        if all(_CITE_ONE.match(part) for part in m.group(1).split(";")):
            spans.append((m.start(), m.end()))
    return spans


def _by_needle(pats: list[_Pattern]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """Each distinct needle with the patterns (indices) that need it: a text is searched
    once per needle, not once per pattern (aliases share their longest word)."""
    groups: dict[str, list[int]] = {}
    for i, p in enumerate(pats):
        groups.setdefault(p.needle, []).append(i)
    return tuple((needle, tuple(ids)) for needle, ids in groups.items())


def _candidates(text: str, pats: list[_Pattern], needles: tuple[tuple[str, tuple[int, ...]], ...],
                blockers: dict[str, list[re.Pattern[str]]], allow_short: bool,
                index: NeedleIndex | None = None) -> list[_Cand]:
    """The mentions in ``text``, overlaps resolved. A pattern is run only where its needle
    is (all needles found in one pass by ``index`` when given, else one by one)."""
    masked = masked_spans(text)
    folded = text.casefold()
    out: list[_Cand] = []
    blocked: dict[str, list[tuple[int, int]]] = {}
    found = index.present(folded) if index is not None else None
    present = sorted(i for needle, ids in needles
                     if (needle in found or not needle if found is not None else needle in folded)
                     for i in ids)
    for p in map(pats.__getitem__, present):  # in the patterns' own order
        if p.key and not allow_short:
            continue
        for m in p.regex.finditer(text):
            s, e = m.span("core")
            if any(a < e and s < b for a, b in masked):
                continue
            if p.person_word and _YEAR_AFTER.match(text, e):
                continue
            if p.entity:
                if p.entity not in blocked:
                    blocked[p.entity] = [b.span() for rx in blockers.get(p.entity, ())
                                         for b in rx.finditer(text)]
                if any(a < e and s < b for a, b in blocked[p.entity]):
                    continue
            out.append(_Cand(s, e, m.end() - m.start(), bool(p.key), p.entity, p.key,
                             text[s:e]))
    out.sort(key=lambda c: (-(c.end - c.start), -c.span_total, c.short, c.start, c.entity))
    chosen: list[_Cand] = []
    for c in out:
        if all(c.end <= o.start or o.end <= c.start for o in chosen):
            chosen.append(c)
    chosen.sort(key=lambda c: (c.start, c.end))
    return chosen


def _cue_hits(text: str, cues: dict[str, list[re.Pattern[str]]], owners: list[str]
              ) -> list[str]:
    hits = {o: sum(len(rx.findall(text)) for rx in cues.get(o, ())) for o in owners}
    best = max(hits.values(), default=0)
    return [o for o, n in hits.items() if n and n == best]


def find_mentions(corpus: Corpus, entities: Sequence[Entity]) -> tuple[Mention, ...]:
    """Every mention of a gazetteer entity in the corpus, in reading order per document."""
    if not entities:
        return ()
    matcher = Matcher.of(entities)
    out: list[Mention] = []
    for doc in sorted(corpus.documents, key=lambda d: d.slug):
        out.extend(matcher.document(doc))
    return tuple(out)


@dataclass(frozen=True)
class Matcher:
    """The gazetteer compiled once: alias patterns, short aliases' owners, blockers,
    context cues and defaults. :meth:`document` reads one document only, so its result
    can be cached and computed in parallel (see :mod:`dossier.documentary.assemble`)."""

    pats: list[_Pattern]
    short_owners: dict[str, list[str]]
    blockers: dict[str, list[re.Pattern[str]]]
    cues: dict[str, list[re.Pattern[str]]]
    defaults: dict[str, str]
    needles: tuple[tuple[str, tuple[int, ...]], ...] = field(init=False, repr=False)
    index: NeedleIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "needles", _by_needle(self.pats))
        object.__setattr__(self, "index", NeedleIndex(n for n, _ in self.needles))

    @classmethod
    def of(cls, entities: Sequence[Entity]) -> Matcher:
        pats, short_owners, blockers = _patterns(entities)
        cues = {e.id: [rx for rx in map(compile_alias, e.context) if rx] for e in entities}
        defaults = {alias_key(s): e.id for e in entities for s in e.default_for}
        return cls(pats, short_owners, blockers, cues, defaults)

    def document(self, doc: Document) -> tuple[Mention, ...]:
        pats, short_owners, blockers = self.pats, self.short_owners, self.blockers
        mentions: list[tuple[int, int, Mention]] = []
        passages: list[tuple[Block, list[_Cand]]] = []
        for block in doc.passages:
            passages.append((block, _candidates(block.text, pats, self.needles, blockers,
                                                block.kind != "reference", self.index)))
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        order = 0
        for _, cands in passages:
            for c in cands:
                order += 1
                if not c.short:
                    counts[c.entity] = counts.get(c.entity, 0) + 1
                    first.setdefault(c.entity, order)
        last_full: dict[str, int] = {}  # entity -> order of its latest full mention
        order = 0
        for i, (block, cands) in enumerate(passages):
            ref = PassageRef(doc.slug, block.id)
            passage_start = order
            for c in cands:
                order += 1
                entity = c.entity
                if c.short:
                    entity = _resolve(c.key, short_owners[c.key], block.text, passage_start,
                                      last_full, counts, first, self.cues, self.defaults)
                    if not entity:
                        continue
                else:
                    last_full[entity] = order
                mentions.append((i, c.start, Mention(entity, ref, c.start, c.end, c.text)))
            if block.credit:  # a photo credit names its photographer (and agency)
                for c in _candidates(block.credit, pats, self.needles, blockers, False,
                                        self.index):
                    mentions.append((i, len(block.text) + 1 + c.start,
                                     Mention(c.entity, ref, c.start, c.end, c.text, "credit")))
        mentions.sort(key=lambda t: (t[0], t[1], t[2].entity))
        return tuple(m for _, _, m in mentions)


def _resolve(key: str, owners: list[str], text: str, passage_start: int,
             last_full: dict[str, int], counts: dict[str, int], first: dict[str, int],
             cues: dict[str, list[re.Pattern[str]]], defaults: dict[str, str]) -> str:
    seen = [(last_full[o], o) for o in owners if o in last_full]
    here = [t for t in seen if t[0] > passage_start]
    if here:
        return max(here)[1]
    cued = _cue_hits(text, cues, owners)
    if len(cued) == 1:
        return cued[0]
    if seen:
        return max(seen)[1]
    named = [o for o in owners if counts.get(o)]
    if named:
        return min(named, key=lambda o: (-counts[o], first[o]))
    return defaults.get(key, "") if defaults.get(key, "") in owners else ""
