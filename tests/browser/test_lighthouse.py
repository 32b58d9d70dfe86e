"""Lighthouse (npm, pinned in tools/package.json) on one page of each kind: 100 in
accessibility, best practices and SEO.

Lighthouse drives Debian's chromium (``CHROME_PATH``) headless, with its default mobile
emulation (a phone-sized viewport, where touch targets matter most), against the built site
served over http by the tests' strict server. Without node or Lighthouse the test skips on a
developer's machine and fails under CI=true (``make test`` installs tools/ with ``npm ci``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import in_ci

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "tools" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("accessibility", "best-practices", "seo")
TIMEOUT_S = 120

# One page of each kind: the first file of the built site matching the pattern.
PAGES = {
    "home": "index.html",
    "document": "documents/*/index.html",
    "theme": "themes/*/index.html",
    "entity": "entities/*/index.html",
    "timeline": "timeline/index.html",
    "essay": "essays/*/index.html",
    "search": "search/index.html",
}


@pytest.fixture(scope="module")
def lighthouse(chromium_path: str) -> list[str]:
    node = shutil.which("node")
    if node is None or not LIGHTHOUSE.is_file():
        message = "node or Lighthouse missing (make test installs tools/ with npm ci)"
        if in_ci():
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    return [node, str(LIGHTHOUSE)]


def _failing(report: dict, category: str) -> list[str]:
    """The audits of ``category`` that cost it points, with what they found."""
    audits = report["audits"]
    out = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref.get("weight", 0) and audit.get("score") is not None and audit["score"] < 1:
            items = (audit.get("details") or {}).get("items") or []
            nodes = [str((i.get("node") or {}).get("snippet") or i.get("source") or
                         i.get("description") or "")[:120] for i in items[:3]]
            out.append(f"{ref['id']} ({audit['title']}): {audit.get('displayValue', '')} "
                       f"{nodes}")
    return out


@pytest.mark.parametrize("kind", list(PAGES))
def test_lighthouse_scores_100(lighthouse: list[str], chromium_path: str, site_server: str,
                               built_site: Path, tmp_path: Path, kind: str) -> None:
    pattern = PAGES[kind]
    found = sorted(built_site.glob(pattern))
    assert found, f"no {pattern} in the built site"
    url = site_server + found[0].relative_to(built_site).as_posix()
    out = tmp_path / "report.json"
    proc = subprocess.run(
        [*lighthouse, url, "--quiet", "--output=json", f"--output-path={out}",
         f"--only-categories={','.join(CATEGORIES)}",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"],
        capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
        env={**os.environ, "CHROME_PATH": chromium_path},
    )
    assert proc.returncode == 0 and out.is_file(), (
        f"lighthouse exited {proc.returncode} on {url}\n{proc.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        pytest.fail(f"{url}: Lighthouse runtime error {report['runtimeError']}", pytrace=False)
    scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
    failing = {c: _failing(report, c) for c in CATEGORIES if scores[c] != 1}
    assert not failing, f"{url}: scores {scores}\n" + "\n".join(
        f"{c}: {a}" for c, audits in failing.items() for a in audits)

