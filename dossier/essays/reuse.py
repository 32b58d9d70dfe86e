"""Essays read before: an essay file checked without error by an earlier build, whose bytes
and everything it was checked against are the same, is not parsed and checked again.

Reading an essay runs its whole body through Markdown to find every reference, link and
image where the page will show it (:func:`dossier.essays.validate.scan_body`): a few
milliseconds an essay, a second or so for a hundred, on every build, though an edit
changes one. :class:`EssayReads` keeps each essay read (the :class:`~dossier.essays.source.Essay`
and its warnings) under a key made of

- the file's path and bytes;
- what it was checked against: ``targets_key``, a digest the caller gives of the inputs the
  :class:`~dossier.essays.targets.Targets` are made from (the build's inputs without the
  essays), and the other essays' slugs and titles, which an essay may link to;
- the code that reads and checks essays (:func:`~dossier.util.cache.code_fingerprint`).

What no key can cover is the files an essay's images and ``{static}`` links name: on reuse
each is looked up again (:func:`~dossier.essays.validate.content_file`), and an essay one of
whose files is now missing, or found elsewhere, is read again. An essay with an error is
never kept: it is read again until it is fixed, so its diagnostics are always fresh.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.essays.validate import COPIED, content_file
from dossier.model import Diagnostic
from dossier.util.cache import Cache, Memo, code_fingerprint, make_key, value_bytes

NAME = make_key("essay reads")  # the cache entry (one for all the essays)

Read = tuple[Any, list[Diagnostic]]  # (the Essay or None, its diagnostics)


@dataclass
class EssayReads:
    """The essays kept by the last build (see the module); :meth:`save` after a load."""

    memo: Memo
    key: str  # what every essay was checked against, and the code

    @classmethod
    def open(cls, cache_dir: Path | None, targets_key: str) -> EssayReads:
        return cls(Memo(Cache(cache_dir, "essays"), NAME),
                   make_key(targets_key, code_fingerprint("dossier.essays")))

    def read(self, path: Path, root: Path, essays: Mapping[str, str],
             read: Callable[[], Read]) -> Read:
        """``read()``'s answer for the essay file ``path``, kept from the last build if its
        key is the same and its files are where they were; ``essays``: every essay's slug
        -> title, as it is checked against them."""
        rel = path.relative_to(root).as_posix()
        try:
            data = path.read_bytes()
        except OSError:
            return read()
        key = make_key(self.key, value_bytes(sorted(essays.items())), rel, data)
        kept = self.memo.before.get(key)
        if kept is not None and _files_found(kept[0], path.parent, root / "content"):
            self.memo.now[key] = kept
            return kept[0], list(kept[1])
        essay, diagnostics = read()
        if essay is not None and not any(d.severity == "error" for d in diagnostics):
            self.memo.now[key] = (essay, tuple(diagnostics))
        return essay, diagnostics

    def save(self) -> None:
        self.memo.save()


def _files_found(essay: Any, essay_dir: Path, content: Path) -> bool:
    """Whether each image and file the essay names is still found where it was."""
    top = content.resolve()
    for link in getattr(essay, "links", ()):
        if link.kind in COPIED:
            found = content_file(link.written, essay_dir, content)
            if found is None or found.relative_to(top).as_posix() != link.target:
                return False
    return True
