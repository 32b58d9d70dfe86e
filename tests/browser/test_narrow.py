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


def test_passage_numbers_fit_a_phone_screen(browser, site_server: str, built_site: Path
                                            ) -> None:
    """At 390 px there is no margin: each ``¶ 15`` stands inline before its passage's text,
    on screen, on the passage's first line."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for doc in sorted(built_site.glob("documents/*/index.html")):
            page.goto(site_server + doc.relative_to(built_site).as_posix())
            bad = page.evaluate("""() => Array.from(document.querySelectorAll('a.permalink'))
              .map(a => [a, a.getBoundingClientRect(), a.parentElement.getBoundingClientRect()])
              .filter(([a, r, p]) => !(r.width > 0 && r.left >= 0 && r.right <= 390
                                       && r.left >= p.left - 1 && r.top < p.top + 40))
              .map(([a]) => a.getAttribute('href'))""")
            assert not bad, f"{doc}: numbers outside the screen or their passage: {bad[:5]}"
    finally:
        context.close()
