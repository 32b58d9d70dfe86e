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
import csv
import os
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dossier.documentary.classify import classify
from dossier.documentary.curation import apply_curation, load_curation
from dossier.documentary.theme_report import theme_report
from dossier.documentary.themes import load_themes
from dossier.ingest.corpus import build_corpus
from dossier.model import Assignment, Corpus, Theme

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_GOLD = Path("..") / "shared" / "eval" / "seed-themes.tsv"


@dataclass(frozen=True)
class GoldRow:
    file: str
    index: int
    first_words: str
    themes: frozenset[str]
    line: int


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


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", folded)


def read_gold(path: Path) -> list[GoldRow]:
    rows: list[GoldRow] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        for number, row in enumerate(reader, start=2):
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) < 4:
                raise ValueError(f"{path}:{number}: expected 4 tab-separated columns")
            labels = {t for t in re.split(r"[|,\s]+", row[3].strip().lower()) if t}
            labels.discard("none")
            rows.append(GoldRow(row[0].strip(), int(row[1]) if row[1].strip().isdigit() else -1,
                                row[2], frozenset(labels), number))
    del header
    return rows


def match_gold(rows: Sequence[GoldRow], corpus: Corpus
               ) -> tuple[dict[GoldRow, str], tuple[GoldRow, ...]]:
    """Gold row -> "doc-slug#passage-id"; and the rows that match no passage."""
    by_file = {Path(d.source).name: d for d in corpus.documents}
    used: set[str] = set()
    found: dict[GoldRow, str] = {}
    unmatched: list[GoldRow] = []
    for row in rows:
        doc = by_file.get(row.file)
        want = words(row.first_words)
        key = None
        if doc is not None and want:
            for p in doc.passages:
                k = f"{doc.slug}#{p.id}"
                if k not in used and words(p.text)[:len(want)] == want:
                    key = k
                    break
        if key is None:
            unmatched.append(row)
        else:
            used.add(key)
            found[row] = key
    return found, tuple(unmatched)


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


def format_evaluation(ev: Evaluation, gold: str) -> str:
    out = [f"Theme classifier (curation off) against {gold}",
           f"gold rows matched to passages: {ev.matched}; unmatched: {len(ev.unmatched)}", "",
           f"{'theme':<24} {'prec':>6} {'recall':>6} {'F1':>6} {'TP':>4} {'FP':>4} {'FN':>4} "
           f"{'support':>7}"]
    for slug, c in ev.per_theme.items():
        out.append(f"{slug:<24} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f} {c.tp:>4} "
                   f"{c.fp:>4} {c.fn:>4} {c.tp + c.fn:>7}")
    m = ev.micro
    mp, mr, mf = ev.macro
    out.append(f"{'micro average':<24} {m.precision:>6.3f} {m.recall:>6.3f} {m.f1:>6.3f} "
               f"{m.tp:>4} {m.fp:>4} {m.fn:>4} {m.tp + m.fn:>7}")
    out.append(f"{'macro average':<24} {mp:>6.3f} {mr:>6.3f} {mf:>6.3f}")
    for slug, n in ev.unscored.items():
        out.append(f"{slug}: not labelled in the gold file ({n} matched passages assigned; "
                   "not scored)")
    for slug in ev.missing:
        out.append(f"{slug}: used in the gold file but no such theme is defined")
    for row in ev.unmatched:
        out.append(f"unmatched gold row (line {row.line}): {row.file} #{row.index} "
                   f"{row.first_words!r}")
    return "\n".join(out)


def gold_path(arg: str | None, root: Path) -> Path:
    chosen = arg or os.environ.get("DOSSIER_EVAL_GOLD") or str(root / DEFAULT_GOLD)
    return Path(chosen)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dossier.documentary.evaluate",
                                     description="Score the theme classifier against hand "
                                     "labels (curation off).")
    parser.add_argument("--gold", help="gold TSV (default: $DOSSIER_EVAL_GOLD, else "
                        "../shared/eval/seed-themes.tsv from the project root)")
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
    corpus = build_corpus(root)
    themes, diags = load_themes(root / "content" / "themes", root)
    for d in diags:
        print(d, file=sys.stderr)
    assignments = classify(corpus, themes)
    shown = Path(os.path.relpath(gold.resolve(), root.resolve())).as_posix()
    print(format_evaluation(evaluate(corpus, themes, rows, assignments), shown))
    if args.report:
        curation, d = load_curation(root / "content" / "curation.toml", root)
        curated, d2 = apply_curation(assignments, curation, corpus, themes)
        for x in (*d, *d2):
            print(x, file=sys.stderr)
        print()
        print(theme_report(curated, themes, curation))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
