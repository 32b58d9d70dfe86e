"""One input/expected fixture pair per cleaning rule (tests/fixtures/cleaning/).

Each ``NAME.input.txt`` (or ``NAME.input.html``, a saved web page) is cleaned and compared
with ``NAME.expected.txt``: one line per block (``kind[section]: text | extras``), then
every logged removal and join, and what reading a web page dropped. To add a rule, add a
pair; to refresh after an intended change, run
``python tests/ingest/cleaning_fixtures.py --write`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.ingest.accounting import account
from dossier.ingest.corpus import clean_seed
from dossier.ingest.line_rules import load_boilerplate
from tests.ingest.cleaning_fixtures import render_expected

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "cleaning").glob("*.input.*"))
BOILERPLATE = load_boilerplate((ROOT / "seeds" / "boilerplate.list").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name.split(".")[0])
def test_fixture(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    cleaned, page = clean_seed(path.name, text, path.name, BOILERPLATE)
    expected = path.with_name(path.name.split(".")[0] + ".expected.txt")
    dropped = tuple(page.removals) if page else ()
    assert render_expected(cleaned, dropped) == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name.split(".")[0])
def test_fixture_loses_no_word(path: Path) -> None:
    cleaned, _ = clean_seed(path.name, path.read_bytes().decode("utf-8"), path.name, BOILERPLATE)
    result = account(cleaned.lines, cleaned.blocks, cleaned.removals, cleaned.joins)
    assert result.balanced, (result.missing, result.extra)


def test_every_rule_has_a_fixture() -> None:
    names = {p.name.split(".")[0] for p in FIXTURES}
    for rule in ("hard-wrap-join", "hyphen-compound", "soft-hyphen", "running-header",
                 "page-numbers", "page-break-repair", "stray-fragment", "bullets", "dash-list",
                 "footnotes", "duplicate-captions", "boilerplate", "comments-and-bio",
                 "references", "headings-wrapped", "abstract-label", "single-newline-paragraphs",
                 "title-deck-standfirst", "nbsp-zero-width", "web-page", "markdown-marks",
                 "urdu-script"):
        assert rule in names
