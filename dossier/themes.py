"""STUB (being written): load content/themes/*.md into Theme objects."""

from __future__ import annotations

from pathlib import Path

from .model import Diagnostic, Theme


def load_themes(folder: Path, root: Path) -> tuple[tuple[Theme, ...], tuple[Diagnostic, ...]]:
    return (), ()
