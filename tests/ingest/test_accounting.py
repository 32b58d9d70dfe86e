"""No word lost: for every seed, raw words == kept words + logged removals (± joins)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.ingest.accounting import account, words
from dossier.ingest.corpus import clean_text, seed_paths
from dossier.ingest.decode import decode
from dossier.ingest.segment import load_boilerplate
from dossier.model import Block, Join, Line, Removal

ROOT = Path(__file__).resolve().parents[2]
SEEDS = seed_paths(ROOT / "seeds")
BOILERPLATE = load_boilerplate((ROOT / "seeds" / "boilerplate.list").read_text(encoding="utf-8"))


def test_there_are_seeds() -> None:
    assert len(SEEDS) >= 5


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_loses_no_word(path: Path) -> None:
    text = decode(path.read_bytes(), path.name).text
    assert text is not None
    cleaned = clean_text(text, path.name, BOILERPLATE)
    result = account(cleaned.lines, cleaned.blocks, cleaned.removals, cleaned.joins)
    assert result.raw > 500
    assert result.balanced, f"missing={result.missing[:20]} extra={result.extra[:20]}"
    assert result.kept + result.removed - result.joined <= result.raw + result.joined


def test_account_detects_a_lost_word() -> None:
    lines = (Line(1, "alpha beta gamma"),)
    blocks = (Block("paragraph", "alpha gamma", "x", 1, 1),)
    assert account(lines, blocks, (), ()).missing == (("beta", 1),)
    logged = (Removal("x", 1, "beta", "test"),)
    assert account(lines, blocks, logged, ()).balanced


def test_account_undoes_joins() -> None:
    lines = (Line(1, "deep com-"), Line(2, "prehension"))
    blocks = (Block("paragraph", "deep comprehension", "x", 1, 2),)
    assert not account(lines, blocks, (), ()).balanced
    joins = (Join("x", 1, ("com", "prehension"), "comprehension"),)
    assert account(lines, blocks, (), joins).balanced


def test_words_treat_superscripts_as_digits() -> None:
    assert words("administration¹ ok") == ["administration", "1", "ok"]
