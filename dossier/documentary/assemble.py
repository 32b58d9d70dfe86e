"""The documentary layer over the corpus: themes, passage assignment, entities,
mentions and events. One plain function per stage, glued here in order:

    content/themes/*.md      --themes.load_themes-->        themes
    content/entities.toml    --entities.load_entities-->    entities
    content/labels/*.tsv     --learned.train-->             the model (none without labels),
    content/labels/training.toml                            also trained on the labelled
                                                            documents it names (not published)
    corpus + entities        --mentions.Matcher.document--> mentions
    corpus + themes + mentions + model
                             --classify.classify_document-> assignments (evidence found)
                             (both per document: cached by content hash, on all cores)
    content/curation.toml    --curation.apply_curation-->   assignments (editors win)
    content/events.toml      --events.load_events-->        events (evidence checked)
    entities + mentions      --listed-->                    entities with a page, and the
                             gazetteer entries no passage mentions (kept for matching, no page)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from dossier.documentary.classify import classify_document
from dossier.documentary.curation import apply_curation, load_curation
from dossier.documentary.events import load_events
from dossier.documentary.gazetteer import load_entities
from dossier.documentary.labels import load_labels
from dossier.documentary.learned import ThemeModel, Training
from dossier.documentary.mentions import Matcher
from dossier.documentary.themes import load_themes, resolve_theme_entities
from dossier.documentary.training import load_training, training_documents
from dossier.model import (
    Assignment,
    Corpus,
    Diagnostic,
    Document,
    Documentary,
    Entity,
    Event,
    Mention,
    Theme,
)
from dossier.util.cache import Cache, code_fingerprint, default_cache_dir, make_key

# What a document's annotations (theme assignments, entity mentions) are computed by: any
# change to these modules' source changes every cache key below.
ANNOTATE_MODULES = ("dossier.model", "dossier.documentary")
PARALLEL_THRESHOLD = 16  # below this many uncached documents, worker start-up costs more


def build_documentary(root: Path, corpus: Corpus, *, cache_dir: Path | None | bool = True,
                      jobs: int | None = None,
                      progress: Callable[[int, int], None] | None = None) -> Documentary:
    """Themes, assignments (classifier, then curation), entities, mentions and events.
    The per-document part (classifier and mentions) is cached and parallel: see
    :func:`annotate`."""
    root = Path(root)
    content = root / "content"
    diags: list[Diagnostic] = []
    themes, d = load_themes(content / "themes", root)
    diags.extend(d)
    entities, d = load_entities(content / "entities.toml", root)
    diags.extend(d)
    themes, d = resolve_theme_entities(themes, entities)
    diags.extend(d)
    labels, d = load_labels(content / "labels", root)
    diags.extend(d)
    sources, d = load_training(content / "labels", root)
    diags.extend(d)
    extra, extra_rows = training_documents(sources, root)
    labels = (*labels, *extra_rows)
    model = Training(Corpus(documents=corpus.documents + extra.documents), labels, themes) \
        if labels else None  # trained only if some document's annotations are not cached
    folder = default_cache_dir(root) if cache_dir is True else (cache_dir or None)
    assignments, mentions, keys = annotate(corpus, themes, entities, cache_dir=folder,
                                           jobs=jobs, progress=progress, model=model)
    curation, d = load_curation(content / "curation.toml", root)
    diags.extend(d)
    assignments, d = apply_curation(assignments, curation, corpus, themes)
    diags.extend(d)
    events, d = load_events(content / "events.toml", root, corpus, entities, themes, mentions)
    diags.extend(d)
    shown, unlisted = listed(entities, mentions)
    events, d = drop_unlisted(events, unlisted)
    diags.extend(d)
    diags.sort(key=lambda x: (x.path, x.line, x.message))
    # What else decides a document's final annotations: the curation and the events.
    rest = make_key(repr(curation), repr(events), repr(unlisted))
    return Documentary(corpus, themes, assignments, shown, mentions, events, tuple(diags),
                       unlisted=unlisted,
                       document_keys={slug: make_key(key, rest) for slug, key in keys.items()})


def listed(entities: Sequence[Entity], mentions: Sequence[Mention]
           ) -> tuple[tuple[Entity, ...], tuple[Entity, ...]]:
    """(entities some passage mentions, those none does). Only the first get a page: a
    gazetteer is written ahead of the documents and may name people a corpus never does
    (and short forms need them to be told apart: "Sharif" is Nawaz or Shehbaz). The others
    are not a mistake, so no diagnostic: the build report lists them."""
    named = {m.entity for m in mentions}
    return (tuple(e for e in entities if e.id in named),
            tuple(e for e in entities if e.id not in named))


def drop_unlisted(events: Sequence[Event], unlisted: Sequence[Entity]
                  ) -> tuple[tuple[Event, ...], tuple[Diagnostic, ...]]:
    """Events without the entities that have no page, with a warning for each: an event
    naming someone the texts never mention would link to nothing."""
    gone = {e.id: e for e in unlisted}
    out: list[Event] = []
    diags: list[Diagnostic] = []
    for ev in events:
        dropped = [i for i in ev.entities if i in gone]
        for i in dropped:
            diags.append(Diagnostic(
                ev.source, ev.line, f"event {ev.id!r} names entity {i!r}, which no passage "
                "mentions, so it has no page", f"remove {i!r} from the event's entities, or "
                f"add the name the texts use to its aliases ({gone[i].source}:{gone[i].line})"))
        out.append(replace(ev, entities=tuple(i for i in ev.entities if i not in gone))
                   if dropped else ev)
    return tuple(out), tuple(diags)


Annotations = tuple[tuple[Assignment, ...], tuple[Mention, ...]]


def annotate_document(doc: Document, themes: Sequence[Theme], matcher: Matcher | None,
                      model: ThemeModel | None = None) -> Annotations:
    """One document's theme assignments (classifier only) and entity mentions: the mentions
    first, since a theme may count them as evidence."""
    mentions = matcher.document(doc) if matcher else ()
    return classify_document(doc, themes, mentions, model), mentions


def _annotate_job(args: tuple[list[Document], tuple[Theme, ...], tuple[Entity, ...],
                              ThemeModel | None]) -> list[Annotations]:
    docs, themes, entities, model = args
    matcher = Matcher.of(entities) if entities else None
    return [annotate_document(doc, themes, matcher, model) for doc in docs]


def annotation_key(doc: Document, config: str) -> str:
    """Everything a document's annotations depend on: the document itself (its repr
    covers every field), the themes, the gazetteer and the model (``config``), and the
    code."""
    return make_key(code_fingerprint(*ANNOTATE_MODULES), config, repr(doc))


def annotate(corpus: Corpus, themes: Sequence[Theme], entities: Sequence[Entity], *,
             cache_dir: Path | None = None, jobs: int | None = None,
             progress: Callable[[int, int], None] | None = None,
             model: ThemeModel | Training | None = None
             ) -> tuple[tuple[Assignment, ...], tuple[Mention, ...], dict[str, str]]:
    """The classifier's assignments and the entity mentions of every document, and each
    document's :func:`annotation_key` by slug.

    Each document's pair is cached by content hash (:func:`annotation_key`): editing one
    seed, or one essay, re-reads only what changed; editing a theme's lexicon, the
    gazetteer or a label (which retrains the model) changes every key. Uncached documents
    are computed on all cores when there are enough of them (same results as serial: each
    reads only itself)."""
    themes, entities = tuple(themes), tuple(entities)
    config = make_key(repr(themes), repr(entities), repr(model))
    cache = Cache(cache_dir, "annotate")
    docs = sorted(corpus.documents, key=lambda d: d.slug)
    results: dict[str, Annotations] = {}
    keys: dict[str, str] = {}
    todo: list[tuple[Document, str]] = []
    for doc in docs:
        key = keys[doc.slug] = annotation_key(doc, config)
        hit = cache.get(key)
        if hit is not None:
            results[doc.slug] = hit
        else:
            todo.append((doc, key))
    done = len(results)
    if progress:
        progress(done, len(docs))
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    parallel = len(todo) >= PARALLEL_THRESHOLD and workers > 1
    size = max(1, min(64, len(todo) // (workers * 4))) if parallel else max(1, len(todo))
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    if isinstance(model, Training):  # keyed by what it is trained from: trained only now
        model = model.model(Cache(cache_dir, "model")) if todo else None
    args = [([doc for doc, _ in chunk], themes, entities, model) for chunk in chunks]
    pool = ProcessPoolExecutor(max_workers=workers) if parallel else None
    with pool or contextlib.nullcontext():
        outputs = pool.map(_annotate_job, args) if pool else map(_annotate_job, args)
        for chunk, out in zip(chunks, outputs, strict=True):
            for (doc, key), pair in zip(chunk, out, strict=True):
                results[doc.slug] = pair
                cache.put(key, pair)
            done += len(chunk)
            if progress:
                progress(done, len(docs))
    assignments = [a for doc in docs for a in results[doc.slug][0]]
    mentions = [m for doc in docs for m in results[doc.slug][1]]
    return (tuple(sorted(assignments, key=lambda a: (a.ref.document, a.ref.passage, a.theme))),
            tuple(mentions), keys)
