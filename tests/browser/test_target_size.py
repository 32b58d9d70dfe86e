"""Touch targets on the timeline (its theme filter, the links of each event) are at least
24 x 24 CSS px or spaced as WCAG 2.2 asks: axe-core's ``target-size`` rule, at a phone's
390 px and at a desktop width, after the filter's script has shown it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import in_ci

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_timeline_targets_are_big_enough(browser, site_server: str, width: int) -> None:
    if not AXE.is_file():
        if in_ci():
            pytest.fail("CI=true: tools/node_modules/axe-core missing", pytrace=False)
        pytest.skip("axe-core not installed (make tools-deps)")
    context = browser.new_context(viewport={"width": width, "height": 844}, has_touch=True)
    try:
        page = context.new_page()
        page.goto(site_server + "timeline/index.html", wait_until="load")
        page.wait_for_selector(".tl-filter button", state="visible")
        buttons = page.eval_on_selector_all(
            ".tl-filter button", "bs => bs.map(b => b.getBoundingClientRect().height)")
        assert buttons and min(buttons) >= 24, f"filter buttons {buttons}"
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'rule', values: "
            "['target-size']}})")
    finally:
        context.close()
    problems = [f"{v['id']}: {[', '.join(n['target']) for n in v['nodes'][:5]]}"
                for v in result["violations"]]
    assert not problems, f"timeline at {width} px: " + "\n".join(problems)
    assert result["passes"], "axe checked no target at all"
