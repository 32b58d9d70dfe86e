"""Curated events from ``content/events.toml``, each backed by evidence passages.

An ``[[event]]`` gives ``id``, ``date`` (YYYY, YYYY-MM or YYYY-MM-DD), ``precision`` (day |
month | year; inferred from the date when left out), ``title``, ``description``, ``themes``
(theme slugs), ``entities`` (entity ids), ``evidence`` (``"doc-slug#passage-id"``) and
optionally ``evidence_terms``, ``editorial_date`` and ``date_note``. See docs/gazetteer.md.

Checks (each a diagnostic with ``path:line``, never an exception):

* errors: bad or impossible dates, precision that does not fit the date, missing id / title
  / evidence, duplicate ids, unknown entity ids, unknown theme slugs (only when themes are
  loaded), evidence that names no existing document or passage;
* warnings: an evidence passage that contains none of the event's words — its year and
  month name (unless the date is editorial) or one of its ``evidence_terms``; an event none
  of whose entities is mentioned in any of its evidence passages; an editorial date without
  a ``date_note``; evidence cited by an old (renamed) passage id; an event whose only
  evidence is image captions (below).

An event with an error in its id, date, title or evidence is left out; unknown entity or
theme references are dropped from an event that is otherwise kept.

**A photograph's date is not an event.** An image caption (and the photo credit it carries)
dates a picture, not what the documents report: an event whose every evidence passage is a
caption is left out, with a warning. A caption may still be cited beside a passage of
running text; the timeline quotes the running text first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from dossier.model import Corpus, Diagnostic, Entity, Event, Mention, PassageRef, Theme
from dossier.util.dates import MONTHS, PARTIAL_DATE, parse_date
from dossier.util.diagnostics import Reporter
from dossier.util.toml_lines import (
    Table,
    did_you_mean,
    get_bool,
    get_list,
    get_str,
    read_tables,
)

KEYS = {"id", "date", "precision", "title", "description", "themes", "entities", "evidence",
        "evidence_terms", "editorial_date", "date_note"}
PRECISIONS = ("day", "month", "year")
# Evidence of these kinds of passage cannot make an event on its own (a photograph's date).
NOT_EVENT_EVIDENCE = frozenset({"caption"})
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_events(path: Path, root: Path, corpus: Corpus, entities: Sequence[Entity],
                themes: Sequence[Theme], mentions: Sequence[Mention]
                ) -> tuple[tuple[Event, ...], tuple[Diagnostic, ...]]:
    tables, rep = read_tables(path, root, "event", KEYS)
    ctx = _Context(corpus, entities, themes, mentions)
    events: dict[str, Event] = {}
    for table in tables:
        event = _event(table, rep, ctx)
        if event is None:
            continue
        if event.id in events:
            rep.error(table.line_of("id"), f"duplicate event id {event.id!r}",
                    f"already used at line {events[event.id].line}; rename or merge them")
            continue
        events[event.id] = event
    diags = sorted(rep.diagnostics, key=lambda d: (d.line, d.message))
    return tuple(sorted(events.values(), key=lambda e: (e.date, e.id))), tuple(diags)


class _Context:
    def __init__(self, corpus: Corpus, entities: Sequence[Entity], themes: Sequence[Theme],
                 mentions: Sequence[Mention]) -> None:
        self.entity_ids = {e.id for e in entities}
        self.theme_slugs = {t.slug for t in themes}
        self.docs = {d.slug: d for d in corpus.documents}
        self.text = {(d.slug, p.id): p.text for d in corpus.documents for p in d.passages}
        self.kind = {(d.slug, p.id): p.kind for d in corpus.documents for p in d.passages}
        self.renamed = {(d.slug, old): new for d in corpus.documents for old, new in d.meta.aliases}
        self.mentioned: dict[tuple[str, str], set[str]] = {}
        for m in mentions:
            self.mentioned.setdefault((m.ref.document, m.ref.passage), set()).add(m.entity)


def date_terms(date: str, precision: str) -> tuple[str, ...]:
    """Words a passage about this date would use: the year, and the month's names."""
    m = PARTIAL_DATE.match(date)
    if not m:
        return ()
    terms = [m.group(1)]
    if precision in ("month", "day") and m.group(2):
        name = MONTHS[int(m.group(2)) - 1]
        terms += [name, name[:3] + ".", "Sept." if name == "September" else name[:3] + " "]
    return tuple(dict.fromkeys(t.strip() for t in terms))


def term_spans(text: str, term: str, ignore_case: bool) -> list[tuple[int, int]]:
    """Where ``term`` occurs in ``text`` as whole words: (start, end) offsets."""
    if not term:
        return []
    pat = r"(?<!\w)" + re.escape(term) + (r"(?!\w)" if term[-1:].isalnum() else "")
    return [m.span() for m in re.finditer(pat, text, re.IGNORECASE if ignore_case else 0)]


def event_spans(event: Event, text: str) -> list[tuple[int, int]]:
    """Where ``text`` (an evidence passage) names the event: its ``evidence_terms`` (any
    case) and, unless the date is editorial, its year and month names (their case)."""
    dated = () if event.editorial_date else date_terms(event.date, event.precision)
    spans = [s for w in event.evidence_terms for s in term_spans(text, w, True)]
    spans += [s for w in dated for s in term_spans(text, w, False)]
    return sorted(set(spans))


def _contains(text: str, term: str, ignore_case: bool) -> bool:
    return bool(term_spans(text, term, ignore_case))


def _event(t: Table, rep: Reporter, ctx: _Context) -> Event | None:
    eid = get_str(t, "id", rep, required=True)
    ok = bool(eid)
    if eid and not _ID.match(eid):
        rep.error(t.line_of("id"), f"event id {eid!r} is not a slug",
                "use lower-case letters, digits and single hyphens")
        ok = False
    title = get_str(t, "title", rep, required=True)
    ok = ok and bool(title)
    description = get_str(t, "description", rep)
    date = get_str(t, "date", rep, required=True)
    precision = get_str(t, "precision", rep)
    found, problem = parse_date(date) if date else ("", "")
    if date and problem:
        rep.error(t.line_of("date"), f"date {date!r} {problem}",
                "write a real date as YYYY, YYYY-MM or YYYY-MM-DD")
        ok = False
    elif date and precision and precision not in PRECISIONS:
        hint = did_you_mean(precision, PRECISIONS) or f"use one of {', '.join(PRECISIONS)}"
        rep.error(t.line_of("precision"), f"unknown precision {precision!r}", hint)
        ok = False
    elif date and precision and precision != found:
        rep.error(t.line_of("precision"), f"precision {precision!r} does not fit date {date!r}",
                f"a {found} date has precision = \"{found}\" (or leave precision out)")
        ok = False
    ok = ok and bool(date)
    editorial = get_bool(t, "editorial_date", rep)
    note = get_str(t, "date_note", rep)
    if editorial and not note:
        rep.warn(t.line_of("editorial_date"), "editorial date without a date_note",
                 'say where the date comes from: date_note = "…"')
    themes = _known(t, "themes", ctx.theme_slugs, rep, "theme slug",
                    skip=not ctx.theme_slugs)
    entities = _known(t, "entities", ctx.entity_ids, rep, "entity id", skip=False)
    terms = get_list(t, "evidence_terms", rep)
    evidence = _evidence(t, rep, ctx)
    if not evidence:
        ok = False
    if ok and all(ctx.kind[(r.document, r.passage)] in NOT_EVENT_EVIDENCE for r in evidence):
        rep.warn(t.line_of("evidence"), f"event {eid!r} rests only on image captions: a "
                 "photograph's date is not an event, so it is left out of the timeline",
                 "cite a passage of running text that reports the event, or remove it")
        ok = False
    if not ok:
        return None
    # Month names keep their case ("May" is not "may"); evidence_terms ignore it.
    dated = () if editorial else date_terms(date, found)
    words = terms + dated
    for ref in evidence:
        text = ctx.text[(ref.document, ref.passage)]
        if not words:
            rep.warn(t.line_of("evidence"), f"cannot check that {ref.key} mentions {eid!r}",
                     "the date is editorial: add evidence_terms the passage uses")
        elif not (any(_contains(text, w, True) for w in terms)
                  or any(_contains(text, w, False) for w in dated)):
            rep.warn(t.line_of("evidence"),
                     f"evidence {ref.key} does not mention {eid!r} "
                     f"(none of: {', '.join(words)})",
                     "cite a passage that mentions the event, or add a word it uses to "
                     "evidence_terms")
    if entities and ctx.mentioned and not any(
            set(entities) & ctx.mentioned.get((r.document, r.passage), set())
            for r in evidence):
        rep.warn(t.line_of("entities"), f"none of the entities of {eid!r} is mentioned in its "
                 "evidence", "check the entity ids and the evidence passages")
    return Event(id=eid, date=date, precision=found, title=title,  # type: ignore[arg-type]
                 description=description, themes=themes, entities=entities,
                 evidence=evidence, source=rep.path, line=t.line, editorial_date=editorial,
                 date_note=note, evidence_terms=terms)


def _known(t: Table, key: str, known: set[str], rep: Reporter, what: str, skip: bool
           ) -> tuple[str, ...]:
    values = get_list(t, key, rep)
    if skip:
        return values
    out = []
    for v in values:
        if v in known:
            out.append(v)
        else:
            rep.error(t.line_of(key), f"unknown {what} {v!r}",
                    did_you_mean(v, known) or f"check the {what}s that exist")
    return tuple(out)


def _evidence(t: Table, rep: Reporter, ctx: _Context) -> tuple[PassageRef, ...]:
    values = get_list(t, "evidence", rep)
    line = t.line_of("evidence")
    if not values and "evidence" in t.data:
        rep.error(line, "empty evidence", 'cite at least one passage: ["doc-slug#passage-id"]')
    elif not values:
        rep.error(t.line, "missing evidence",
                'add evidence = ["doc-slug#passage-id"], a passage that mentions the event')
    refs: list[PassageRef] = []
    for v in values:
        slug, sep, pid = v.partition("#")
        if not sep or not slug or not pid:
            rep.error(line, f"evidence {v!r} is not 'doc-slug#passage-id'",
                    "copy the passage link from the document page")
            continue
        if slug not in ctx.docs:
            rep.error(line, f"evidence {v!r}: no document {slug!r}",
                    did_you_mean(slug, set(ctx.docs)) or "check the document slug")
            continue
        if (slug, pid) not in ctx.text:
            new = ctx.renamed.get((slug, pid))
            if new and (slug, new) in ctx.text:
                rep.warn(line, f"evidence {v!r}: the passage id has changed to {new!r}",
                         f"write {slug}#{new}")
                pid = new
            else:
                ids = {p for s, p in ctx.text if s == slug}
                rep.error(line, f"evidence {v!r}: no passage {pid!r} in {slug!r}",
                        did_you_mean(pid, ids) or "check the passage id")
                continue
        ref = PassageRef(slug, pid)
        if ref not in refs:
            refs.append(ref)
    return tuple(refs)
