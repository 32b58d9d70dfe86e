"""dossier.documentary.scoring and eval_report: the counts behind ``make eval`` and the table
they print."""

from __future__ import annotations

from dossier.documentary.eval_report import format_table
from dossier.documentary.scoring import REQUIRED, Counts, Evaluation, held_out


def test_counts_give_precision_recall_and_f1_and_zero_when_undefined() -> None:
    c = Counts(tp=3, fp=1, fn=2)
    assert (c.precision, c.recall) == (0.75, 0.6)
    assert abs(c.f1 - 2 * 0.75 * 0.6 / 1.35) < 1e-12
    assert (Counts(0, 0, 0).precision, Counts(0, 0, 0).recall, Counts(0, 0, 0).f1) == (0, 0, 0)


def test_the_table_puts_the_required_themes_first_then_the_others_and_the_averages() -> None:
    per_theme = {"india": Counts(1, 1, 0), **{s: Counts(2, 0, 2) for s in REQUIRED}}
    ev = Evaluation(per_theme, {"reset-2022-23": 4}, ("cricket",), 10, ())
    assert ev.micro == Counts(9, 1, 8)
    rows = [line.split()[0] for line in format_table(ev)]
    assert rows[1:5] == list(REQUIRED) and rows[5] == "micro"
    assert rows.index("india") > rows.index("other") > 5
    lines = format_table(ev)
    assert lines[-2].startswith("reset-2022-23: not labelled") and "cricket" in lines[-1]


def test_only_the_third_held_out_part_is_held_out() -> None:
    assert held_out("22_blind.txt") and not held_out("09_once-held-out.txt")
