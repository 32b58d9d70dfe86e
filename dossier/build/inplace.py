"""A build that kept pages of the last output moves in only what it wrote.

The build writes into a staging folder the pages whose key changed and the files made
every time (theme files, feeds, open data…), not the pages it keeps: those stay where they
are in the output (:class:`~dossier.build.pagetasks.Previous` ``in_place``). Once every check
has passed, :func:`move_in` renames each staged file that differs into the output and
deletes what the site no longer has, so the output is what a new folder with the kept pages
linked into it would have been (``tests/build/test_manifest.py`` compares it with a cold
build), without making 20,000 links and folders and deleting as many at each build.

A build that fails moves nothing: the output stays the last good one. The build's record is
removed before the first file moves (:func:`dossier.build.manifest.forget`), so should the
process be killed half-way, the next build finds no record and builds the whole site anew.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Collection
from pathlib import Path

from dossier.build.essaybuild import files_under, same_file


def _make_folder(output: Path, folder: Path) -> None:
    """``folder`` made under ``output``, a file of the old site in the way removed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return
    except (FileExistsError, NotADirectoryError):
        pass
    for part in [*reversed(folder.parents), folder]:
        if output in part.parents and part.exists() and not part.is_dir():
            part.unlink()
    folder.mkdir(parents=True, exist_ok=True)


def move_in(staging: Path, output: Path, kept: Collection[str]) -> tuple[int, int]:
    """Make ``output`` the site of ``staging`` with the pages ``kept`` (relative paths) left
    as they are in ``output``: each staged file that differs from its copy in ``output`` is
    moved in by an atomic rename (an identical one is left alone: same inode and time);
    every other file of ``output`` is deleted, and the folders left empty. Returns
    (files written, files unchanged)."""
    staged = files_under(staging)
    kept = set(kept)
    written = unchanged = 0
    for rel in staged:
        new, old = staging / rel, output / rel
        if rel in kept:
            continue  # staged only to be checked: the output's copy stays
        if same_file(new, old):
            unchanged += 1
            continue
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)  # a folder of the old site where a file now is
        _make_folder(output, old.parent)
        os.replace(new, old)
        written += 1
    wanted = set(staged) | kept
    for folder, _dirs, names in os.walk(output, topdown=False):
        rel = os.path.relpath(folder, output)
        for name in names:
            if (name if rel == "." else f"{rel}/{name}") not in wanted:
                os.unlink(os.path.join(folder, name))
        if rel != "." and not os.listdir(folder):
            os.rmdir(folder)
    return written, unchanged + len(kept)
