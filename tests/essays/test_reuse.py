"""Essays read before (dossier.essays.reuse): an essay kept from the last build is the essay
read again, and anything it depends on, changed, has it read again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.essays import source as E
from dossier.essays.render import first_words
from dossier.essays.reuse import EssayReads
from tests.essays.test_source import FIXTURES, TARGETS

KEY = "the inputs but the essays"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES, root)
    return root


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The essay files read (parsed and checked), in order."""
    seen: list[str] = []
    real = E.read_essay

    def counting(path: Path, root: Path, targets):  # noqa: ANN001, ANN202
        seen.append(path.name)
        return real(path, root, targets)

    monkeypatch.setattr(E, "read_essay", counting)
    return seen


def load(root: Path, cache: Path | None, key: str = KEY, targets=TARGETS):  # noqa: ANN001, ANN201
    folder = root / "content" / "essays"
    return E.load_essays(folder, root, targets, EssayReads.open(cache, key))


def _with_errors(diagnostics) -> set[str]:  # noqa: ANN001
    return {Path(d.path).name for d in diagnostics if d.severity == "error"}


def test_kept_essays_are_the_essays_read_again(project: Path, tmp_path: Path,
                                               reads: list[str]) -> None:
    cache = tmp_path / "cache"
    fresh = E.load_essays(project / "content" / "essays", project, TARGETS)
    first = load(project, cache)
    assert first == fresh
    every = list(reads)
    reads.clear()
    again = load(project, cache)
    assert again == fresh  # the same essays, the same diagnostics, in the same order
    # Only the essays with an error of their own are read again: the others are kept (a
    # slug used twice is found by the load, not by reading the file: it is found again).
    errors = _with_errors(fresh[1]) - {"dup-slug-b.md"}
    assert errors and set(reads) == errors
    assert len(every) > len(reads) + 3


def test_an_edit_reads_that_essay_again(project: Path, tmp_path: Path,
                                        reads: list[str]) -> None:
    cache = tmp_path / "cache"
    load(project, cache)
    essay = project / "content" / "essays" / "ok.md"
    essay.write_text(essay.read_text("utf-8") + "\nA new sentence.\n", "utf-8")
    reads.clear()
    found, _ = load(project, cache)
    assert "ok.md" in reads and "second-look.md" not in reads
    ok = next(e for e in found if e.source.endswith("/ok.md"))
    assert ok.body.endswith("A new sentence.")


def test_other_targets_or_other_essay_titles_read_every_essay_again(
        project: Path, tmp_path: Path, reads: list[str]) -> None:
    cache = tmp_path / "cache"
    load(project, cache)
    reads.clear()
    load(project, cache, key="the inputs changed")
    assert "ok.md" in reads and "second-look.md" in reads
    load(project, cache)
    other = project / "content" / "essays" / "second-look.md"
    other.write_text(other.read_text("utf-8").replace("Title: ", "Title: Now ", 1), "utf-8")
    reads.clear()
    load(project, cache)
    assert "ok.md" in reads  # it may link to the essay whose title changed


def test_an_image_gone_or_found_elsewhere_reads_the_essay_again(
        project: Path, tmp_path: Path, reads: list[str]) -> None:
    cache = tmp_path / "cache"
    fresh = load(project, cache)
    users = sorted({Path(e.source).name for e in fresh[0]
                    if any(link.kind == "image" for link in e.links)}
                   - _with_errors(fresh[1]))
    assert users, "the fixtures have a good essay with an image"
    image = project / "content" / "images" / "map.png"
    # Found elsewhere: a file of the same name beside the essays comes first.
    (project / "content" / "essays" / "images").mkdir(exist_ok=True)
    shutil.copy(image, project / "content" / "essays" / "images" / "map.png")
    reads.clear()
    assert load(project, cache) == E.load_essays(project / "content" / "essays", project,
                                                 TARGETS)
    assert set(users) <= set(reads)
    # Gone: the essays that show it now fail, as a fresh read says.
    shutil.rmtree(project / "content" / "essays" / "images")
    image.unlink()
    reads.clear()
    now = load(project, cache)
    assert set(users) <= set(reads) and set(users) <= _with_errors(now[1])


def test_without_a_cache_every_essay_is_read(project: Path, reads: list[str]) -> None:
    load(project, None)
    load(project, None)
    assert len(reads) == 2 * len(E.essay_paths(project / "content" / "essays"))


def test_first_words_of_the_first_paragraph() -> None:
    assert first_words("<h2>Head</h2><p>One <em>two</em>\nthree.</p><p>Four</p>") == \
        "One two three."
    many = "<p>" + " ".join(f"w{i}" for i in range(50)) + "</p>"
    assert first_words(many, words=3) == "w0 w1 w2 …"
    assert first_words("<ul><li>no paragraph</li></ul>") == ""
