"""On a phone-sized screen (390 px) no page is wider than the screen: nothing is cut off
or needs sideways scrolling (the header nav wraps, long counts wrap)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_axe import pages_by_type

pytestmark = pytest.mark.browser


def test_no_page_overflows_a_phone_screen(browser, site_server: str, built_site: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    wide: list[str] = []
    try:
        for rel in pages_by_type(built_site):
            page.goto(site_server + rel)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 392:
                wide.append(f"{rel}: {width}px wide")
    finally:
        context.close()
    assert not wide, "\n".join(wide)
