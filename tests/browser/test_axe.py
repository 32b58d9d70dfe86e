"""axe-core (npm) in headless Chromium: zero WCAG 2.1 A/AA violations on every page type.

Every page of each kind (its first path segment) up to PER_TYPE pages is checked, in
light and dark colour schemes (contrast differs)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PER_TYPE = 4

pytestmark = pytest.mark.browser


def pages_by_type(site: Path) -> list[str]:
    groups: dict[str, list[str]] = defaultdict(list)
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        kind = rel.split("/")[0] if "/" in rel else rel
        groups[kind].append(rel)
    return [rel for kind in sorted(groups) for rel in groups[kind][:PER_TYPE]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations(browser, site_server: str, built_site: Path, scheme: str) -> None:
    if not AXE.is_file():
        from tests.browser.conftest import in_ci

        if in_ci():
            pytest.fail("tools/node_modules/axe-core missing: run make tools-deps")
        pytest.skip("axe-core not installed (make tools-deps)")
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    problems: list[str] = []
    try:
        for rel in pages_by_type(built_site):
            page.goto(site_server + rel)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                TAGS,
            )
            for v in result["violations"]:
                targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
                problems.append(f"{rel} [{scheme}]: {v['id']} ({v['impact']}): {v['help']} "
                                f"— e.g. {targets}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
