"""Shared fixtures: the repository root and one build of the site per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
BUILD_TIMEOUT_S = 600
# A public address for builds that test --site-url; .invalid never resolves.
TEST_SITE_URL = "https://dossier.invalid/repo/"


def in_ci() -> bool:
    """CI sets CI=true; there, missing tools must fail tests instead of skipping them."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


def build_site(output: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``python build.py build --output OUTPUT [extra...]`` from the repo root.

    ``SITEURL`` is removed from the environment so that only ``extra`` decides the site URL.
    """
    env = {k: v for k, v in os.environ.items() if k != "SITEURL"}
    return subprocess.run(
        [sys.executable, "build.py", "build", "--output", str(output), *extra],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
        env=env,
    )


def _build_or_fail(output: Path, *extra: str) -> Path:
    proc = build_site(output, *extra)
    if proc.returncode != 0:
        pytest.fail(
            f"build.py build --output {output} {' '.join(extra)} exited {proc.returncode}\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}",
            pytrace=False,
        )
    assert (output / "index.html").is_file(), f"no index.html in {output}"
    return output


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site once per session (default settings) into a temporary folder; return it."""
    return _build_or_fail(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def built_site_with_url(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The site built as for deployment, with ``--site-url TEST_SITE_URL``: (folder, URL)."""
    output = tmp_path_factory.mktemp("site-url") / "output"
    return _build_or_fail(output, "--site-url", TEST_SITE_URL), TEST_SITE_URL
