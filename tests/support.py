"""Small helpers shared by test modules (import as ``from support import …``)."""

from __future__ import annotations

import os
from pathlib import Path


def in_ci() -> bool:
    """CI sets CI=true; there, missing tools must fail tests instead of skipping them."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


REPO_ROOT = Path(__file__).resolve().parent.parent


def without_essays(mp) -> None:
    """For a build of a hand-made corpus: the project's content/essays/ cite the real seeds,
    so they are left out (``mp``: a ``pytest.MonkeyPatch``)."""
    from dossier.essays.render import EssaySet, site_targets

    def no_essays(root, dossier, reads=None):
        return EssaySet(targets=site_targets(dossier))

    def no_essays_against(root, targets, reads=None):
        return EssaySet(targets=targets)

    mp.setattr("dossier.build.site.load_essays", no_essays)
    mp.setattr("dossier.build.incremental.load_against", no_essays_against)


def given_documentary(mp, dossier) -> None:
    """Build from a hand-made :class:`~dossier.model.Documentary` (and its corpus) instead of
    ingesting ``seeds/``: no essays, no ``SOURCE_DATE_EPOCH`` (``mp``: a
    ``pytest.MonkeyPatch``). No build records either: they describe the files on disk,
    which are not what this build reads."""
    mp.setattr("dossier.build.site.build_corpus", lambda root, **kw: dossier.corpus)
    mp.setenv("DOSSIER_CACHE", "off")
    mp.setattr("dossier.build.site.build_documentary", lambda root, corpus, **kw: dossier)
    without_essays(mp)
    mp.delenv("SOURCE_DATE_EPOCH", raising=False)


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` (relative POSIX path -> bytes)."""
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def folders(directory: Path) -> list[str]:
    """Every folder under ``directory`` (relative POSIX paths, sorted)."""
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*")
                  if p.is_dir())


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    """The paths whose bytes differ between two :func:`tree` results (or exist in one)."""
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
