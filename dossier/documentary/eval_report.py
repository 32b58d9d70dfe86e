"""The evaluation's printout (:mod:`.evaluate`): a table of scores per theme, the misses and
false positives of the required themes, and whether a distractor document got any of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dossier.documentary.labels import GoldRow, match_gold
from dossier.documentary.scoring import (
    DISTRACTOR_PREFIXES,
    REQUIRED,
    Counts,
    Evaluation,
    held_out,
)
from dossier.model import Assignment, Corpus


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
