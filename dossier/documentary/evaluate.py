"""Evaluate the theme classifier against hand labels: ``python -m dossier.documentary.evaluate``.

The gold file is a TSV with the columns ``file, paragraph_index, first_8_words,
themes``; ``themes`` is ``none`` or slugs separated by ``|`` (commas or spaces
are accepted too). Quotes in the text are literal, not CSV quoting. A gold row
is matched to the passage of that seed whose text *starts with* the row's
first words, compared as lower-case ASCII-folded words (punctuation, quote
style and "…" ignored); when two passages start alike, the first not yet used
in reading order wins. Rows that match nothing are counted, never guessed.

Only the classifier is measured: curation is off, since editors' corrections
would make the score meaningless. Themes the gold file never uses (such as
``reset-2022-23``) are listed without scores: their false positives cannot be
told from unlabelled truths.

The gold file: ``--gold PATH``, else ``$DOSSIER_EVAL_GOLD``, else
``../shared/eval/seed-themes.tsv`` next to the project root.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from dossier.documentary.curation import apply_curation, load_curation
from dossier.documentary.eval_report import distractor_check, format_evaluation, misses
from dossier.documentary.gazetteer import load_entities
from dossier.documentary.labels import GoldRow, read_gold
from dossier.documentary.scoring import (
    HELD_OUT_1,
    HELD_OUT_2,
    HELD_OUT_3,
    LEARNED_PARTS,
    classify_trained,
    evaluate,
    held_out,
    leave_one_out,
)
from dossier.documentary.theme_report import theme_report
from dossier.documentary.themes import load_themes, resolve_theme_entities
from dossier.documentary.training import corpus_from, load_training, training_documents
from dossier.ingest.corpus import build_corpus
from dossier.model import Corpus

ROOT = Path(__file__).resolve().parents[2]
LABELS_GOLD = Path("content") / "labels" / "seeds.tsv"  # the project's copy
DEFAULT_GOLD = Path("..") / "shared" / "eval" / "seed-themes.tsv"
DEFAULT_DEVSET = Path("content") / "labels" / "devset"


def gold_path(arg: str | None, root: Path) -> Path:
    own = root / LABELS_GOLD
    fallback = own if own.is_file() else root / DEFAULT_GOLD
    chosen = arg or os.environ.get("DOSSIER_EVAL_GOLD") or str(fallback)
    return Path(chosen)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dossier.documentary.evaluate",
        description="Score the theme classifier against hand labels (curation off): (a) the "
        "seed labels, (b) leave-one-document-out on them, (c) the development set.")
    parser.add_argument("--gold", help="gold TSV of the seeds (default: $DOSSIER_EVAL_GOLD, "
                        "else ../shared/eval/seed-themes.tsv from the project root); with "
                        "--corpus, the labels of that folder")
    parser.add_argument("--corpus", metavar="DIR", help="score this folder of documents (with "
                        "its own catalogue.toml) against --gold instead of the three blocks")
    parser.add_argument("--devset", metavar="DIR", default=None,
                        help=f"development set folder (default: {DEFAULT_DEVSET.as_posix()})")
    parser.add_argument("--hide-held-out", action="store_true",
                        help="do not print the held-out part of the development set (while "
                        "tuning)")
    parser.add_argument("--seeds-only", action="store_true",
                        help="train the model on the seed labels alone, not also on the "
                        "labelled documents content/labels/training.toml names")
    parser.add_argument("--misses", action="store_true",
                        help="list every miss and false positive of the four required themes")
    parser.add_argument("--root", default=str(ROOT), help="project root (default: %(default)s)")
    parser.add_argument("--report", action="store_true",
                        help="also print the theme report of the full pipeline (curation on)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    gold = gold_path(args.gold, root)
    if not gold.is_file():
        print(f"{gold}: no gold file — pass --gold PATH or set DOSSIER_EVAL_GOLD",
              file=sys.stderr)
        return 2
    try:
        rows = read_gold(gold)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        print(f"cannot read the gold file: {exc}", file=sys.stderr)
        return 2
    themes, diags = load_themes(root / "content" / "themes", root)
    entities, d = load_entities(root / "content" / "entities.toml", root)
    themes, d2 = resolve_theme_entities(themes, entities)
    diags = (*diags, *d, *d2)
    for d in diags:
        print(d, file=sys.stderr)
    shown = Path(os.path.relpath(gold.resolve(), root.resolve())).as_posix()
    seeds = build_corpus(root)
    sources, d = ((), ()) if args.seeds_only else load_training(root / "content" / "labels",
                                                                    root)
    for x in d:
        print(x, file=sys.stderr)
    extra, extra_rows = training_documents(sources, root)
    trained = {doc.source for doc in extra.documents}
    if args.corpus:
        seed_gold = gold_path(None, root)
        seed_rows = read_gold(seed_gold) if seed_gold.is_file() else []
        corpus = corpus_from(Path(args.corpus), root)
        scored = {doc.source for doc in corpus.documents}
        keep = tuple(doc for doc in extra.documents if doc.source not in scored)
        names = {Path(doc.source).name for doc in keep}
        training = (Corpus(documents=seeds.documents + keep),
                    seed_rows + [r for r in extra_rows if r.file in names])
        assignments = classify_trained(corpus, themes, training, entities)
        print(format_evaluation(evaluate(corpus, themes, rows, assignments), shown))
        if args.misses:
            print("\n".join(misses(corpus, rows, assignments)))
        return 0

    devdir = Path(args.devset) if args.devset else root / DEFAULT_DEVSET
    labels = devdir / "labels.tsv"
    dev_rows: list[GoldRow] = []
    devset = Corpus(documents=())
    if devdir.is_dir() and labels.is_file():
        dev_rows = read_gold(labels)
        devset = corpus_from(devdir, root)
    if any(held_out(Path(doc.source).name) for doc in devset.documents if doc.source in trained):
        print("content/labels/training.toml trains on the held-out part of the development "
              "set: its figures would measure fit — exclude it there", file=sys.stderr)
        return 2
    training = (Corpus(documents=seeds.documents + extra.documents), rows + extra_rows)
    n_extra = len(extra.documents)
    learned = ", ".join(LEARNED_PARTS) if LEARNED_PARTS else "none"
    dev_note = f" and {n_extra} labelled documents of content/labels/training.toml" \
        if n_extra else ""
    assignments = classify_trained(seeds, themes, training, entities)
    print(format_evaluation(evaluate(seeds, themes, rows, assignments), shown,
                            f"(a) SEED LABELS: classifier (curation off, learned parts trained on "
                            f"all five seeds{dev_note}) against {shown}"))
    if args.misses:
        print("\n".join(misses(seeds, rows, assignments)))
    print()
    loo = leave_one_out(seeds, themes, rows, entities, (extra, extra_rows) if n_extra else None)
    note = ("no part of the classifier is learned from labels yet, so LOO equals (a)"
            if not LEARNED_PARTS else f"learned from labels: {learned}; each seed scored by a "
            f"classifier trained on the other four{dev_note}")
    print(format_evaluation(evaluate(seeds, themes, rows, loo), shown,
                            f"(b) LEAVE-ONE-DOCUMENT-OUT on the seed labels ({note})"))
    if args.misses:
        print("\n".join(misses(seeds, rows, loo)))

    if devset.documents:
        # a document the model is trained on is scored by a model trained without it
        seen = tuple(doc for doc in devset.documents if doc.source in trained)
        unseen = Corpus(documents=tuple(doc for doc in devset.documents
                                        if doc.source not in trained))
        seen_names = {Path(doc.source).name for doc in seen}
        others = tuple(doc for doc in extra.documents if doc.source not in
                       {x.source for x in seen})
        other_names = {Path(doc.source).name for doc in others}
        dev_assign = classify_trained(unseen, themes, training, entities)
        dev_assign += leave_one_out(
            Corpus(documents=seen), themes, [r for r in extra_rows if r.file in seen_names],
            entities, (Corpus(documents=seeds.documents + others),
                       rows + [r for r in extra_rows if r.file in other_names]))
        rel = Path(os.path.relpath(devdir.resolve(), root.resolve())).as_posix()
        early = HELD_OUT_1 + HELD_OUT_2
        parts = [("dev (01-08, 13, 14: tuned on)",
                  [r for r in dev_rows if not r.file.startswith(early + HELD_OUT_3)]),
                 ("held-out 1 (09-12, 15: looked at, now development data)",
                  [r for r in dev_rows if r.file.startswith(HELD_OUT_1)]),
                 ("held-out 2 (16-21: looked at, now development data)",
                  [r for r in dev_rows if r.file.startswith(HELD_OUT_2)]),
                 ("development data (01-21)", [r for r in dev_rows if not held_out(r.file)])]
        if not args.hide_held_out:
            parts += [("held-out 3 (22-27: written and labelled blind, never tuned on)",
                       [r for r in dev_rows if held_out(r.file)]),
                      ("all of the development set (01-27)", dev_rows)]
        if seen:
            print(f"\n(c) the model is trained on {len(seen)} documents of the development set "
                  "(content/labels/training.toml): each is scored by a model trained without it")
        for name, part in parts:
            print()
            print(format_evaluation(evaluate(devset, themes, part, dev_assign), rel,
                                    f"(c) DEVELOPMENT SET {rel}, {name}"))
            if args.misses and not name.startswith("all"):
                print("\n".join(misses(devset, part, dev_assign)))
        if args.hide_held_out:
            print("\n(c) held-out part hidden (--hide-held-out)")
        print()
        print("\n".join(distractor_check(devset, dev_assign, not args.hide_held_out)))
    else:
        print(f"\n(c) no development set at {devdir} (labels.tsv): skipped")

    if args.report:
        corpus = seeds
        curation, d = load_curation(root / "content" / "curation.toml", root)
        curated, d2 = apply_curation(assignments, curation, corpus, themes)
        for x in (*d, *d2):
            print(x, file=sys.stderr)
        print()
        print(theme_report(curated, themes, curation))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
