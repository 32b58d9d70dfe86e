"""A build that kept pages moves in only what it wrote (dossier.build.inplace)."""

from __future__ import annotations

import os
from pathlib import Path

from dossier.build.essaybuild import files_under
from dossier.build.inplace import move_in
from dossier.build.pagetasks import link_or_copy
from tests.support import folders, tree


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")


def test_move_in_moves_what_differs_keeps_the_rest_and_deletes_what_is_gone(
        tmp_path: Path) -> None:
    out, stage = tmp_path / "out", tmp_path / "stage"
    _write(out, {"index.html": "old", "same.html": "same", "kept/page/index.html": "kept",
                 "gone/deep/index.html": "gone", ".nojekyll": "", "data/x.json": "1"})
    _write(stage, {"index.html": "new", "same.html": "same", "added/new/index.html": "added",
                   ".nojekyll": "", "data/x.json": "2"})
    before = {rel: os.stat(out / rel) for rel in ("same.html", "kept/page/index.html")}
    written, unchanged = move_in(stage, out, {"kept/page/index.html"})
    assert tree(out) == {"index.html": b"new", "same.html": b"same", ".nojekyll": b"",
                         "kept/page/index.html": b"kept", "added/new/index.html": b"added",
                         "data/x.json": b"2"}
    assert (written, unchanged) == (3, 3)  # index, added, data; same, .nojekyll, kept
    # no folder is left empty: the output is what a new folder would have been
    assert set(folders(out)) == {"kept", "kept/page", "added", "added/new", "data"}
    for rel, st in before.items():  # left alone: same inode, same time
        now = os.stat(out / rel)
        assert (now.st_ino, now.st_mtime_ns) == (st.st_ino, st.st_mtime_ns)


def test_move_in_puts_a_file_where_a_folder_was_and_a_folder_where_a_file_was(
        tmp_path: Path) -> None:
    out, stage = tmp_path / "out", tmp_path / "stage"
    _write(out, {"a/index.html": "folder", "b": "a file", "index.html": "x"})
    _write(stage, {"a": "now a file", "b/index.html": "now a folder", "index.html": "x"})
    move_in(stage, out, ())
    assert tree(out) == {"a": b"now a file", "b/index.html": b"now a folder",
                         "index.html": b"x"}


def test_a_kept_page_staged_for_its_check_is_left_as_it_is(tmp_path: Path) -> None:
    out, stage = tmp_path / "out", tmp_path / "stage"
    _write(out, {"index.html": "x", "p/index.html": "kept"})
    _write(stage, {"index.html": "x"})
    (stage / "p").mkdir()
    link_or_copy(out / "p/index.html", stage / "p/index.html")
    assert files_under(stage) == ["index.html", "p/index.html"]
    inode = os.stat(out / "p/index.html").st_ino
    assert move_in(stage, out, {"p/index.html"}) == (0, 2)
    assert os.stat(out / "p/index.html").st_ino == inode
    assert tree(out) == {"index.html": b"x", "p/index.html": b"kept"}
