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
from dataclasses import dataclass
from pathlib import Path

from dossier.documentary.classify import classify
from dossier.documentary.curation import apply_curation, load_curation
from dossier.documentary.gazetteer import load_entities
from dossier.documentary.labels import GoldRow, match_gold, read_gold
from dossier.documentary.learned import train
from dossier.documentary.mentions import Matcher
from dossier.documentary.theme_report import theme_report
from dossier.documentary.themes import load_themes, resolve_theme_entities
from dossier.documentary.training import corpus_from, load_training, training_documents
from dossier.ingest.corpus import build_corpus
from dossier.model import Assignment, Corpus, Entity, Mention, Theme

ROOT = Path(__file__).resolve().parents[2]
LABELS_GOLD = Path("content") / "labels" / "seeds.tsv"  # the project's copy
DEFAULT_GOLD = Path("..") / "shared" / "eval" / "seed-themes.tsv"


@dataclass(frozen=True)
class Counts:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Evaluation:
    per_theme: dict[str, Counts]  # themes the gold file uses, and that we have
    unscored: dict[str, int]  # our themes absent from the gold: passages assigned
    missing: tuple[str, ...]  # gold themes we do not define
    matched: int
    unmatched: tuple[GoldRow, ...]

    @property
    def micro(self) -> Counts:
        c = self.per_theme.values()
        return Counts(sum(x.tp for x in c), sum(x.fp for x in c), sum(x.fn for x in c))

    @property
    def macro(self) -> tuple[float, float, float]:
        c = list(self.per_theme.values())
        if not c:
            return 0.0, 0.0, 0.0
        n = len(c)
        return (sum(x.precision for x in c) / n, sum(x.recall for x in c) / n,
                sum(x.f1 for x in c) / n)


def evaluate(corpus: Corpus, themes: Sequence[Theme], rows: Sequence[GoldRow],
             assignments: Sequence[Assignment] | None = None) -> Evaluation:
    if assignments is None:
        assignments = classify(corpus, themes)
    predicted: dict[str, set[str]] = {}
    for a in assignments:
        predicted.setdefault(a.ref.key, set()).add(a.theme)
    found, unmatched = match_gold(rows, corpus)
    gold_themes = sorted({t for r in rows for t in r.themes})
    ours = [t.slug for t in themes]
    per_theme: dict[str, Counts] = {}
    for slug in [s for s in ours if s in gold_themes]:
        tp = fp = fn = 0
        for row, key in found.items():
            g, p = slug in row.themes, slug in predicted.get(key, set())
            tp += g and p
            fp += p and not g
            fn += g and not p
        per_theme[slug] = Counts(tp, fp, fn)
    matched_keys = set(found.values())
    unscored = {s: sum(s in predicted.get(k, set()) for k in matched_keys)
                for s in ours if s not in gold_themes}
    missing = tuple(s for s in gold_themes if s not in ours)
    return Evaluation(per_theme, unscored, missing, len(found), unmatched)


def gold_path(arg: str | None, root: Path) -> Path:
    own = root / LABELS_GOLD
    fallback = own if own.is_file() else root / DEFAULT_GOLD
    chosen = arg or os.environ.get("DOSSIER_EVAL_GOLD") or str(fallback)
    return Path(chosen)


REQUIRED = ("afghanistan-withdrawal", "khan-ouster", "russia-tilt", "sanctions")
DEFAULT_DEVSET = Path("content") / "labels" / "devset"
# The development set's parts (content/labels/devset/README.md). Held-out 1 (09-12, 15) and
# held-out 2 (16-21) have been looked at and are now development data, like dev (01-08, 13,
# 14). Held-out 3 (22-27), written and labelled blind, is the one part still held out: its
# text and scores are looked at only once a change is settled, and it never trains anything.
HELD_OUT_1 = ("09_", "10_", "11_", "12_", "15_")
HELD_OUT_2 = ("16_", "17_", "18_", "19_", "20_", "21_")
HELD_OUT_3 = ("22_", "23_", "24_", "25_", "26_", "27_")
HELD_OUT_PREFIXES = HELD_OUT_3
DISTRACTOR_PREFIXES = ("13_", "14_", "15_", "21_", "27_")


def held_out(file: str) -> bool:
    return file.startswith(HELD_OUT_PREFIXES)


# --- what the classifier learns from labels --------------------------------------------------

# the parts of the classifier trained or tuned on labels
LEARNED_PARTS: tuple[str, ...] = ("the model (a logistic regression per theme, learned.py)",)


def mentions_of(corpus: Corpus, entities: Sequence[Entity]) -> tuple[Mention, ...]:
    matcher = Matcher.of(entities) if entities else None
    return tuple(m for doc in corpus.documents for m in matcher.document(doc)) if matcher else ()


def classify_trained(corpus: Corpus, themes: Sequence[Theme],
                     training: tuple[Corpus, Sequence[GoldRow]] | None,
                     entities: Sequence[Entity] = ()) -> tuple[Assignment, ...]:
    """The classifier on ``corpus`` (with the mentions of ``entities``), its learned parts
    trained on ``training`` (a corpus and its labels) only."""
    model = train(training[0], training[1], themes) if training else None
    return classify(corpus, themes, mentions_of(corpus, entities), model)


def leave_one_out(corpus: Corpus, themes: Sequence[Theme], rows: Sequence[GoldRow],
                  entities: Sequence[Entity] = (),
                  extra: tuple[Corpus, Sequence[GoldRow]] | None = None
                  ) -> tuple[Assignment, ...]:
    """Each document classified by a classifier trained on the labels of the others (and on
    ``extra``, other labelled documents, if given): neither the document nor its labels are
    in what the model is trained on."""
    out: list[Assignment] = []
    for doc in corpus.documents:
        name = Path(doc.source).name
        train_rows = [r for r in rows if r.file != name]
        others = tuple(d for d in corpus.documents if d is not doc)
        if extra is not None:
            others += extra[0].documents
            train_rows += list(extra[1])
        one = Corpus(documents=(doc,))
        out.extend(classify_trained(one, themes, (Corpus(documents=others), train_rows),
                                    entities))
    return tuple(out)


# --- printing ---------------------------------------------------------------------------------

def _line(name: str, c: Counts) -> str:
    return (f"{name:<24} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f} {c.tp:>4} {c.fp:>4} "
            f"{c.fn:>4} {c.tp + c.fn:>7}")


def _sum(counts: Sequence[Counts]) -> Counts:
    return Counts(sum(x.tp for x in counts), sum(x.fp for x in counts), sum(x.fn for x in counts))


def format_table(ev: Evaluation) -> list[str]:
    out = [f"{'theme':<24} {'prec':>6} {'recall':>6} {'F1':>6} {'TP':>4} {'FP':>4} {'FN':>4} "
           f"{'support':>7}"]
    req = [s for s in REQUIRED if s in ev.per_theme]
    for slug in req:
        out.append(_line(slug, ev.per_theme[slug]))
    out.append(_line("micro (required four)", _sum([ev.per_theme[s] for s in req])))
    others = [s for s in ev.per_theme if s not in REQUIRED]
    if others:
        out.append("  other themes:")
        for slug in others:
            out.append(_line(slug, ev.per_theme[slug]))
    out.append(_line("micro (all themes)", ev.micro))
    mp, mr, mf = ev.macro
    out.append(f"{'macro (all themes)':<24} {mp:>6.3f} {mr:>6.3f} {mf:>6.3f}")
    for slug, n in ev.unscored.items():
        out.append(f"{slug}: not labelled in the gold file ({n} matched passages assigned; "
                   "not scored)")
    for slug in ev.missing:
        out.append(f"{slug}: used in the gold file but no such theme is defined")
    return out


def format_evaluation(ev: Evaluation, gold: str, title: str = "") -> str:
    out = [title or f"Theme classifier (curation off) against {gold}",
           f"gold rows matched to passages: {ev.matched}; unmatched: {len(ev.unmatched)}"]
    out += format_table(ev)
    quiet = [r for r in ev.unmatched if not r.themes]
    if quiet:
        out.append(f"unmatched gold rows labelled none: {len(quiet)} (headlines that became the "
                   "title, headings, source addresses: no passage to score)")
    for row in ev.unmatched:
        if not row.themes:
            continue
        out.append(f"unmatched gold row (line {row.line}): {row.file} #{row.index} "
                   f"{row.first_words!r}")
    return "\n".join(out)


def misses(corpus: Corpus, rows: Sequence[GoldRow], assignments: Sequence[Assignment],
           slugs: Sequence[str] = REQUIRED) -> list[str]:
    """One line per false negative / false positive of ``slugs``: which passage, and why."""
    found, _ = match_gold(rows, corpus)
    by_key: dict[str, dict[str, Assignment]] = {}
    for a in assignments:
        by_key.setdefault(a.ref.key, {})[a.theme] = a
    text = {f"{d.slug}#{p.id}": p.text for d in corpus.documents for p in d.passages}
    out = []
    for row, key in found.items():
        got = by_key.get(key, {})
        for slug in slugs:
            g, p = slug in row.themes, slug in got
            if g != p:
                why = "; ".join(got[slug].reasons[:4]) if p else ""
                out.append(f"{'FN' if g else 'FP'} {slug:<22} {row.file}#{row.index} "
                           f"{text[key][:90]!r}" + (f" [{why}]" if why else ""))
    return out


def distractor_check(corpus: Corpus, assignments: Sequence[Assignment],
                     show_held_out: bool) -> list[str]:
    docs = {d.slug: Path(d.source).name for d in corpus.documents}
    out = []
    for slug, name in sorted(docs.items(), key=lambda kv: kv[1]):
        if not name.startswith(DISTRACTOR_PREFIXES) or (held_out(name) and not show_held_out):
            continue
        bad = sorted({a.theme for a in assignments
                      if a.ref.document == slug and a.theme in REQUIRED})
        hits = [a for a in assignments if a.ref.document == slug and a.theme in REQUIRED]
        out.append(f"distractor {name}: " + ("none of the four required themes (ok)" if not bad
                                             else f"FAIL: {len(hits)} passages get "
                                             + ", ".join(bad)))
    return out


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
