"""W3C Nu checker (vnu-jar from npm, run with Java): zero errors on every page and stylesheet."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import in_ci

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _vnu_or_skip() -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        message = "java or vnu.jar missing (make test installs default-jre-headless and tools/)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return [java, "-Xss4m", "-jar", str(VNU)]


def run_vnu(files: list[Path], *options: str) -> list[dict]:
    proc = subprocess.run([*_vnu_or_skip(), "--errors-only", "--format", "json", *options,
                           *map(str, files)], capture_output=True, text=True, timeout=600,
                          check=False)
    return json.loads(proc.stderr or proc.stdout or '{"messages": []}')["messages"]


def test_every_page_is_valid_html(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    errors = [m for m in run_vnu(pages) if m.get("type") == "error"]
    shown = [f"{m['url']}"
             f":{m.get('lastLine')}: {m['message']}" for m in errors]
    assert not errors, "\n".join(shown[:40])


def test_the_checker_catches_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html lang=en><title>x</title><p><div>x</p>", "utf-8")
    assert any(m.get("type") == "error" for m in run_vnu([bad]))


def test_every_stylesheet_is_valid_css(built_site: Path) -> None:
    """Every stylesheet the site serves, and every one in the theme (``--css``)."""
    sheets = sorted(built_site.rglob("*.css")) + sorted((ROOT / "theme").rglob("*.css"))
    assert {p.name for p in (ROOT / "theme").rglob("*.css")} <= {
        p.name for p in built_site.rglob("*.css")}, "a theme stylesheet is not in the site"
    errors = [m for m in run_vnu(sheets, "--css") if m.get("type") == "error"]
    shown = [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors]
    assert not errors, "\n".join(shown[:40])


def test_the_checker_catches_a_css_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.css"
    bad.write_text(".x { border-bottom: 2px wavy red; }\n", "utf-8")
    assert any(m.get("type") == "error" for m in run_vnu([bad], "--css"))
