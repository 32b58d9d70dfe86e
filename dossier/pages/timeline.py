"""The timeline page: events by year, an events-per-year chart, and what each event cites.

The page reads completely without JavaScript (an ordered list, one ``<h2>`` per year, each
event anchored ``event-<id>``); ``theme/static/js/timeline-filter.js`` only adds filter
buttons that hide events of other themes.

Each event quotes its evidence: from each evidence passage, the sentence that names the
event (:func:`supporting_sentence`), linked to the passage, with the document's title.
Passages of running text come before image captions.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, TypedDict

from markupsafe import Markup

from dossier.documentary.events import NOT_EVENT_EVIDENCE, event_spans
from dossier.model import Event, PassageRef
from dossier.pages.charts import Segment, colour_class, stacked_bars_svg
from dossier.pages.crossref import Facts
from dossier.pages.quotes import sentences
from dossier.pages.safe_markdown import render_prose
from dossier.urls import (
    TIMELINE,
    doc_title,
    entity_url,
    event_anchor,
    event_url,
    passage_url,
    theme_url,
)
from dossier.util.dates import format_date
from dossier.util.text import ELLIPSIS, shorten

NO_THEME = "No theme"
# A theme or entity page's strip of events quotes at most this many words of a sentence.
STRIP_WORDS = 25
# The timeline shows this many evidence quotes of an event; the rest behind "more sources".
SHOWN_QUOTES = 3
QUOTE_MARKS = "\"'“‘"


class TimelinePage(TypedDict):
    """The page showing every dated event, by year, with a chart of events per year."""

    path: str
    years: list[dict[str, Any]]  # year, id, events
    count: int
    editorial: int  # events whose date the editors gave
    chart: Markup | str  # the SVG chart, or "" without events
    legend: list[dict[str, Any]]
    summary: str
    shown_quotes: int  # evidence quotes shown before "more sources"



def theme_colours(facts: Facts) -> dict[str, int]:
    """Theme slug -> palette index, in slug order (the same on every page)."""
    return {slug: i for i, slug in enumerate(facts.themes)}


def _title_words(title: str) -> set[str]:
    return {w for w in re.findall(r"\w+", title.lower()) if len(w) > 3}


def supporting_sentence(facts: Facts, e: Event, ref: PassageRef) -> tuple[int, int]:
    """The sentence of the evidence passage ``ref`` that supports event ``e``: the one that
    names it (its ``evidence_terms``, its year or month: ``event_spans``), then the one
    naming most of its entities, then sharing most words of its title; the earliest on a
    tie. (start, end) offsets in the passage's text."""
    loc = facts.passages[ref.key]
    text = loc.block.text
    bounds = sentences(text) or [(0, len(text))]
    named = event_spans(e, text)
    wanted = set(e.entities)
    mentions = [(m.start, m.entity) for m in facts.passage_mentions.get(ref.key, ())
                if m.entity in wanted]
    title = _title_words(e.title)

    def score(b: tuple[int, int]) -> tuple[int, int, int]:
        a, z = b
        hits = sum(1 for s, t in named if s < z and t > a)
        ents = len({ent for at, ent in mentions if a <= at < z})
        return (min(hits, 1), ents, len(title & _title_words(text[a:z])))

    return max(bounds, key=lambda b: (score(b), -b[0]))


def evidence_view(facts: Facts, e: Event, ref: PassageRef) -> dict[str, str]:
    """One evidence passage of ``e``: its supporting sentence (and that sentence cut to
    :data:`STRIP_WORDS` for the strips), its link, its document."""
    loc = facts.passages.get(ref.key)
    if loc is None:
        return {"url": passage_url(ref), "doc": ref.document, "passage": ref.passage,
                "sentence": "", "short": "", "quoted": False, "caption": ""}
    a, z = supporting_sentence(facts, e, ref)
    short, cut = shorten(loc.block.text[a:z], STRIP_WORDS)
    return {"url": passage_url(ref), "doc": doc_title(loc.doc), "passage": ref.passage,
            "sentence": loc.block.text[a:z],
            "short": short + (" " + ELLIPSIS if cut else ""),
            # a sentence that opens with its own quotation mark is not quoted again
            "quoted": loc.block.text[a:a + 1] in QUOTE_MARKS,
            "caption": "image caption" if loc.block.kind == "caption" else ""}


def evidence_order(facts: Facts, refs: tuple[PassageRef, ...]) -> list[PassageRef]:
    """Running text first, image captions last (each in the editors' order)."""
    def kind(r: PassageRef) -> bool:
        loc = facts.passages.get(r.key)
        return loc is not None and loc.block.kind in NOT_EVENT_EVIDENCE
    return sorted(refs, key=kind)


def event_view(facts: Facts, e: Event) -> dict[str, Any]:
    """What the timeline, a theme page and an entity page show of the event ``e``: made once
    a build (an event is shown on the timeline and on the pages of its themes and
    entities), and not to be changed by the caller."""
    key = ("event", e.id)
    made = facts.views.get(key)
    if made is None:
        made = facts.views[key] = _event_view(facts, e)
    return made


def _event_view(facts: Facts, e: Event) -> dict[str, Any]:
    colours = theme_colours(facts)
    themes = [{"slug": s, "title": facts.themes[s].title, "url": theme_url(s),
               "colour": colour_class(colours[s])} for s in e.themes if s in facts.themes]
    ents = [{"id": i, "name": facts.entities[i].name, "url": entity_url(i)}
            for i in e.entities if i in facts.entities]
    return {
        "id": e.id,
        "anchor": event_anchor(e.id),
        "url": event_url(e.id),
        "date": e.date,
        "date_label": format_date(e.date, e.precision),
        "precision": e.precision,
        "editorial": e.editorial_date,
        "note": e.date_note,
        "title": e.title,
        "description": render_prose(e.description, shift=2),
        "themes": themes,
        "theme_slugs": " ".join(t["slug"] for t in themes),
        "colour": themes[0]["colour"] if themes else colour_class(-1),
        "entities": ents,
        "quotes": [evidence_view(facts, e, r) for r in evidence_order(facts, e.evidence)],
    }


def _year_range(years: list[int]) -> list[str]:
    """Every year from the first to the last, so quiet years show as gaps; only the years
    with events if the span is longer than two centuries."""
    if not years:
        return []
    lo, hi = min(years), max(years)
    if hi - lo > 200:
        return [str(y) for y in sorted(set(years))]
    return [str(y) for y in range(lo, hi + 1)]


def _year(e: Event) -> int:
    try:
        return int(e.date[:4])
    except ValueError:
        return 0


def timeline_view(facts: Facts) -> TimelinePage:
    events = facts.events
    colours = theme_colours(facts)
    years: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        years.setdefault(e.date[:4], []).append(event_view(facts, e))
    axis = _year_range([_year(e) for e in events])
    stacks = []
    for year in axis:
        counts: Counter[str] = Counter()
        for e in events:
            if e.date[:4] != year:
                continue
            known = [s for s in e.themes if s in facts.themes]
            for s in known or [""]:
                counts[s] += 1
        stack = [Segment(facts.themes[s].title, colours[s], counts[s])
                 for s in facts.themes if counts[s]]
        if counts[""]:
            stack.append(Segment(NO_THEME, -1, counts[""]))
        stacks.append(stack)
    per_theme = Counter(s for e in events for s in e.themes if s in facts.themes)
    unthemed = sum(1 for e in events if not any(s in facts.themes for s in e.themes))
    legend = [{"slug": s, "title": t.title, "colour": colour_class(colours[s]),
               "count": per_theme[s], "url": theme_url(s)}
              for s, t in facts.themes.items() if per_theme[s]]
    if unthemed:
        legend.append({"slug": "", "title": NO_THEME, "colour": colour_class(-1),
                       "count": unthemed, "url": ""})
    busiest = Counter(e.date[:4] for e in events).most_common()
    summary = ""
    if events:
        top = max(n for _, n in busiest)
        peak_years = sorted(y for y, n in busiest if n == top)
        summary = (f"{len(events)} event{'s' * (len(events) != 1)} from {events[0].date[:4]} "
                   f"to {events[-1].date[:4]}; the busiest "
                   f"{'year was' if len(peak_years) == 1 else 'years were'} "
                   f"{', '.join(peak_years)} ({top} event{'s' * (top != 1)}).")
    return {
        "path": TIMELINE,
        "years": [{"year": y, "id": f"year-{y}", "events": evs} for y, evs in years.items()],
        "count": len(events),
        "editorial": sum(1 for e in events if e.editorial_date),
        "chart": stacked_bars_svg(axis, stacks, "timeline-chart-title") if events else "",
        "legend": legend,
        "summary": summary,
        "shown_quotes": SHOWN_QUOTES,
    }
