"""The offline bundle in Firefox too: Debian's firefox-esr, driven by puppeteer-core over
WebDriver BiDi (tools/firefox-check.mjs; nothing is downloaded). Pages of every kind load
from file:// in a folder with spaces and non-ASCII letters, with no console error, no
request off the machine and no broken link, and a search returns results."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.support import in_ci

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "firefox-check.mjs"


def test_offline_bundle_in_firefox(built_site: Path, tmp_path: Path) -> None:
    firefox = shutil.which("firefox-esr") or shutil.which("firefox")
    ready = (firefox and shutil.which("node")
             and (ROOT / "tools" / "node_modules" / "puppeteer-core").is_dir())
    if not ready:
        message = "firefox-esr, node or tools/node_modules/puppeteer-core missing (make test)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    target = tmp_path / "off line ünïcødé"
    with zipfile.ZipFile(built_site.parent / "dist" / "dossier-offline.zip") as zf:
        zf.extractall(target)
    site = target / "dossier-offline"
    proc = subprocess.run(["node", str(SCRIPT), str(site), "sanctions"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=False,
                          env={**os.environ, "FIREFOX": firefox})
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    report = json.loads(proc.stdout)
    assert report["pages"] >= 10 and report["results"] > 0 and report["problems"] == []
