"""dossier.build.outputdir: which folder may receive the site, and how a new site replaces
the last one (unchanged files keep their inode; the swap leaves no folder aside)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.build.outputdir import check_output_dir, keep_unchanged, swap_into_place
from dossier.build.result import UsageError


@pytest.mark.parametrize("where, refused", [
    (".", "contains the project itself"),
    ("..", "contains the project itself"),
    ("seeds/out", "inside the project's seeds/ directory"),
    ("content", "inside the project's content/ directory"),
    ("a-file", "exists and is not a directory"),
    ("notes", "is not empty and does not look like a built site"),
])
def test_a_folder_whose_replacement_would_destroy_something_is_refused(
        tmp_path: Path, where: str, refused: str) -> None:
    root = tmp_path / "proj"
    for folder in ("seeds", "content", "notes"):
        (root / folder).mkdir(parents=True)
    (root / "notes" / "mine.txt").write_text("keep me")
    (root / "a-file").write_text("x")
    with pytest.raises(UsageError, match=refused):
        check_output_dir(root, root / where)


def test_an_empty_new_or_built_folder_is_accepted(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / "empty").mkdir(parents=True)
    (root / "built").mkdir()
    (root / "built" / "index.html").write_text("<!doctype html>")
    for where in ("output", "empty", "built", "../elsewhere"):
        check_output_dir(root, root / where)


def test_the_swap_replaces_the_output_and_leaves_nothing_aside(tmp_path: Path) -> None:
    new, output = tmp_path / "out.tmp-1", tmp_path / "out"
    for folder, text in ((new, "new"), (output, "old")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    swap_into_place(new, output)
    assert (output / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    fresh = tmp_path / "first.tmp-1"  # no output yet
    fresh.mkdir()
    swap_into_place(fresh, tmp_path / "first")
    assert (tmp_path / "first").is_dir() and not fresh.exists()


def test_unchanged_pages_are_kept_not_rewritten(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for d in (old, new):
        (d / "a").mkdir(parents=True)
    (old / "same.html").write_text("same")
    (new / "same.html").write_text("same")
    (old / "a" / "changed.html").write_text("before")
    (new / "a" / "changed.html").write_text("after")
    (new / "added.html").write_text("new")
    assert keep_unchanged(new, old) == (2, 1)
    assert (new / "same.html").stat().st_ino == (old / "same.html").stat().st_ino
    assert (new / "a" / "changed.html").read_text() == "after"
    assert not list(new.rglob(".*.keep"))
