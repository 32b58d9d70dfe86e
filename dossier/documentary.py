"""The documentary layer over the corpus: themes, passage assignment, entities,
mentions and events. One plain function per stage, glued here in order:

    content/themes/*.md      --themes.load_themes-->        themes
    corpus + themes          --classify.classify-->         assignments (cues that fired)
    content/curation.toml    --curation.apply_curation-->   assignments (editors win)
    content/entities.toml    --entities.load_entities-->    entities
    corpus + entities        --entities.find_mentions-->    mentions
    content/events.toml      --events.load_events-->        events (evidence checked)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .classify import classify
from .curation import apply_curation, load_curation
from .entities import find_mentions, load_entities
from .events import load_events
from .model import Assignment, Corpus, Diagnostic, Entity, Event, Mention, Theme
from .themes import load_themes


@dataclass(frozen=True)
class Documentary:
    corpus: Corpus
    themes: tuple[Theme, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @cached_property
    def themes_by_passage(self) -> dict[str, tuple[Assignment, ...]]:
        """``"doc-slug#passage-id"`` -> its theme assignments, sorted by theme slug."""
        out: dict[str, list[Assignment]] = defaultdict(list)
        for a in self.assignments:
            out[a.ref.key].append(a)
        return {k: tuple(sorted(v, key=lambda a: a.theme)) for k, v in out.items()}

    @cached_property
    def mentions_by_passage(self) -> dict[str, tuple[Mention, ...]]:
        out: dict[str, list[Mention]] = defaultdict(list)
        for m in self.mentions:
            out[m.ref.key].append(m)
        return {k: tuple(sorted(v, key=lambda m: (m.start, m.entity))) for k, v in out.items()}

    @cached_property
    def events_by_passage(self) -> dict[str, tuple[Event, ...]]:
        out: dict[str, list[Event]] = defaultdict(list)
        for e in self.events:
            for ref in e.evidence:
                out[ref.key].append(e)
        return {k: tuple(sorted(v, key=lambda e: (e.date, e.id))) for k, v in out.items()}


def build_documentary(root: Path, corpus: Corpus) -> Documentary:
    root = Path(root)
    content = root / "content"
    diags: list[Diagnostic] = []
    themes, d = load_themes(content / "themes", root)
    diags.extend(d)
    assignments = classify(corpus, themes)
    curation, d = load_curation(content / "curation.toml", root)
    diags.extend(d)
    assignments, d = apply_curation(assignments, curation, corpus, themes)
    diags.extend(d)
    entities, d = load_entities(content / "entities.toml", root)
    diags.extend(d)
    mentions = find_mentions(corpus, entities)
    events, d = load_events(content / "events.toml", root, corpus, entities, themes, mentions)
    diags.extend(d)
    diags.sort(key=lambda x: (x.path, x.line, x.message))
    return Documentary(corpus, themes, assignments, entities, mentions, events, tuple(diags))
