"""A source's words in a right-to-left script run and align right to left, the site's own
words left to right: a built document page, with one passage's words swapped for Urdu."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_appearance import first_document

pytestmark = pytest.mark.browser

URDU = "عمران خان نے روس کا دورہ کیا۔"

# Put ``text`` in place of the words of the document's passage ``n`` (its permalink stays),
# and measure where the words sit in their paragraph: (left gap, right gap) in pixels.
GAPS_JS = """([n, text]) => {
  const p = document.querySelectorAll('.document .body p[id]')[n];
  if (text) {
    const link = p.querySelector('a.permalink');
    p.replaceChildren(...(link ? [link] : []), document.createTextNode(' ' + text));
  }
  const words = Array.from(p.childNodes).filter(c => c.nodeType === Node.TEXT_NODE).pop();
  const range = document.createRange();
  range.selectNodeContents(words);
  const box = p.getBoundingClientRect(), ink = range.getBoundingClientRect();
  return [ink.left - box.left, box.right - ink.right];
}"""


def test_a_right_to_left_passage_aligns_right(browser, site_server: str,
                                               built_site: Path) -> None:
    url = site_server + first_document(built_site).relative_to(built_site).as_posix()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(url, wait_until="load")
        left, right = page.evaluate(GAPS_JS, [0, URDU])
        assert right < 2 and left > 100, (left, right)  # a short line, at the right edge
        left, right = page.evaluate(GAPS_JS, [1, "A short line of English."])
        assert left < 40 and right > 100, (left, right)  # after the number, at the left
        assert page.evaluate("getComputedStyle(document.querySelector('nav')).direction") \
            == "ltr"
    finally:
        page.close()
