"""Small helpers shared by test modules (import as ``from support import …``)."""

from __future__ import annotations

import os
from pathlib import Path


def in_ci() -> bool:
    """CI sets CI=true; there, missing tools must fail tests instead of skipping them."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


REPO_ROOT = Path(__file__).resolve().parent.parent
