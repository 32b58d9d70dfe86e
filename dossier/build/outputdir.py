"""The output folder: which folder may be one (:func:`check_output_dir`), and how a new site
replaces the last one when it was built in a folder of its own: :func:`keep_unchanged` links
the files that did not change back to the last output's copies (same inode and time), then
:func:`swap_into_place` renames the new folder in. (A build that wrote into the output
itself moves in only what it wrote: :mod:`dossier.build.inplace`.)
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from dossier.build.result import UsageError


def check_output_dir(root: Path, output: Path) -> None:
    """Refuse an output directory whose replacement would destroy something else."""
    out = output.resolve()
    root = root.resolve()
    if out == root or out in root.parents:
        raise UsageError(f"--output {output} contains the project itself")
    for keep in ("seeds", "content", "theme", "dossier", "tests", ".git"):
        protected = root / keep
        if out == protected or protected in out.parents:
            raise UsageError(f"--output {output} is inside the project's {keep}/ directory")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--output {output} exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise UsageError(f"--output {output} is not empty and does not look like a built site; "
                         "remove it yourself or choose another directory")


def swap_into_place(new: Path, output: Path) -> None:
    """Replace ``output`` by ``new``: rename aside, rename in, delete the old one."""
    aside = output.with_name(f"{output.name}.old-{os.getpid()}")
    if aside.exists():
        shutil.rmtree(aside)
    had_old = output.exists()
    if had_old:
        output.rename(aside)
    try:
        new.rename(output)
    except OSError:
        if had_old:
            aside.rename(output)
        raise
    if had_old:
        shutil.rmtree(aside)


def keep_unchanged(new: Path, old: Path) -> tuple[int, int]:
    """Only what changed is rewritten: a file of ``new`` byte-identical to its copy in the
    previous output ``old`` is replaced by a hard link to that copy, so after the swap it
    keeps its inode and modification time. Returns (written, unchanged)."""
    written = unchanged = 0
    for folder, _dirs, names in os.walk(new):
        rel = os.path.relpath(folder, new)
        for name in names:
            path = os.path.join(folder, name)
            before = os.path.normpath(os.path.join(old, rel, name))
            try:
                now, then = os.stat(path), os.stat(before)
            except OSError:
                written += 1  # new here (or unreadable: counted written, as it is)
                continue
            if not stat.S_ISREG(now.st_mode) or not stat.S_ISREG(then.st_mode):
                written += 1
                continue
            if (now.st_ino, now.st_dev) == (then.st_ino, then.st_dev):
                unchanged += 1  # linked from there already (a page whose key is the same)
                continue
            try:
                same = (now.st_size == then.st_size
                        and Path(before).read_bytes() == Path(path).read_bytes())
                if same:
                    link = os.path.join(folder, f".{name}.keep")
                    os.link(before, link)
                    os.replace(link, path)
            except OSError:
                same = False  # no hard links here (another filesystem): just count it written
            if same:
                unchanged += 1
            else:
                written += 1
    return written, unchanged
