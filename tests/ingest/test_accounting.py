"""No word lost: for every seed, raw words == kept words + logged removals (± joins)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.ingest.accounting import account, check, words
from dossier.ingest.corpus import build_corpus, clean_text, seed_paths
from dossier.ingest.decode import decode
from dossier.ingest.line_rules import load_boilerplate
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


def test_check_names_the_line_of_a_lost_reference_entry() -> None:
    lines = (Line(1, "References"), Line(2, ""), Line(3, "Doe, J. A Book. 2001."),
             Line(4, ""), Line(5, "Sheikh, R, S. Peace Gamble. 2022."))
    blocks = (Block("heading", "References", "x", 1, 1),
              Block("reference", "Doe, J. A Book. 2001.", "x", 3, 3))
    diags = check(lines, blocks, (), (), "seeds/x.txt")
    assert [(d.line, d.severity) for d in diags] == [(5, "error")]
    assert str(diags[0]).startswith("seeds/x.txt:5: error: 6 word(s) of this line are not in "
                                    "the document and no removal explains them: sheikh, r, s, "
                                    "peace, gamble, 2022 — ")
    logged = (Removal("x", 5, "Sheikh, R, S. Peace Gamble. 2022.", "test"),)
    assert check(lines, blocks, logged, (), "seeds/x.txt") == ()


def test_check_names_the_block_with_words_the_source_lacks() -> None:
    lines = (Line(1, "alpha beta"),)
    diags = check(lines, (Block("paragraph", "alpha beta gamma", "x", 1, 1),), (), (), "x")
    assert [(d.line, d.message) for d in diags] == [
        (1, "1 word(s) of this paragraph are not in the source: gamma")]


def test_a_cleaning_rule_that_loses_an_entry_fails_the_build(monkeypatch, tmp_path) -> None:
    """The accounting runs on every ingested document: a reference rule that drops an entry
    without logging it is a build error naming the entry's line."""
    import dossier.ingest.structure as structure

    real = structure.reference_blocks

    def lossy(units, source):
        blocks, removals, joins = real(units, source)
        return blocks[:-1], removals, joins

    fixture = ROOT / "tests" / "fixtures" / "cleaning" / "references.input.txt"
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "refs.txt").write_bytes(fixture.read_bytes())
    assert not build_corpus(tmp_path, cache_dir=False).errors
    monkeypatch.setattr(structure, "reference_blocks", lossy)
    errors = build_corpus(tmp_path, cache_dir=False).errors
    assert [(e.path, e.line) for e in errors] == [("seeds/refs.txt", 18)]
    assert errors[0].message.endswith("explains them: roe, r, duplicated, entry, dawn, may, 2022")
