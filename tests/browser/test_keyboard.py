"""Keyboard use: the skip link comes first and shows on focus; permalinks show on focus."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

MAX_TABS = 400

# Facts about document.activeElement that decide whether a sighted keyboard user sees it.
FOCUSED_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  const cs = getComputedStyle(e);
  let opacity = 1;
  for (let n = e; n; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
  return {
    tag: e.tagName.toLowerCase(), cls: String(e.className), href: e.getAttribute('href'),
    text: (e.textContent || '').trim(), ariaLabel: e.getAttribute('aria-label') || '',
    width: r.width, height: r.height, opacity, visibility: cs.visibility,
    clip: cs.clip, clipPath: cs.clipPath,
    inViewport: r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight,
    rendered: e.checkVisibility({visibilityProperty: true, opacityProperty: true}),
  };
}"""

# Same check, as a predicate to poll (focus styles may fade in with a transition).
FOCUSED_VISIBLE_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return false;
  const r = e.getBoundingClientRect();
  const cs = getComputedStyle(e);
  let opacity = 1;
  for (let n = e; n; n = n.parentElement) opacity *= parseFloat(getComputedStyle(n).opacity);
  return r.width > 1 && r.height > 1 && opacity > 0.5 && cs.visibility === 'visible'
    && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight
    && cs.clip !== 'rect(0px, 0px, 0px, 0px)' && !cs.clipPath.startsWith('inset(50%')
    && e.checkVisibility({visibilityProperty: true, opacityProperty: true});
}"""


def document_url(site_server: str, built_site: Path) -> str:
    docs = sorted(built_site.glob("documents/*/index.html"))
    assert docs, f"no documents/<slug>/index.html in {built_site}"
    return site_server + docs[0].relative_to(built_site).as_posix()


def assert_focused_visible(page, what: str) -> None:
    try:
        page.wait_for_function(FOCUSED_VISIBLE_JS, timeout=2000)
        return
    except Exception:  # noqa: BLE001 - reported below with what the user would (not) see
        pass
    pytest.fail(f"{what} is not visible when focused: {page.evaluate(FOCUSED_JS)}", pytrace=False)


@pytest.fixture
def doc_page(browser, site_server: str, built_site: Path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(document_url(site_server, built_site), wait_until="load")
    yield page
    context.close()


@pytest.mark.parametrize("where", ["home", "document"])
def test_skip_link_is_first_and_shows_on_focus(
    browser, site_server: str, built_site: Path, where: str
) -> None:
    url = site_server + "index.html" if where == "home" else document_url(site_server, built_site)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        assert focused is not None, f"{url}: Tab focuses nothing"
        label = f"{focused['text']} {focused['ariaLabel']}".lower()
        assert focused["tag"] == "a" and (focused["href"] or "").startswith("#"), (
            f"{url}: the first focusable element is not an in-page skip link: {focused}"
        )
        assert "skip" in label, f"{url}: the first focusable link does not say 'skip': {focused}"
        target = focused["href"][1:]
        assert page.locator(f"[id='{target}']").count() == 1, (
            f"{url}: the skip link's target #{target} does not exist"
        )
        assert_focused_visible(page, f"{url}: the skip link")
    finally:
        context.close()


def test_first_permalink_shows_on_focus(doc_page) -> None:
    assert doc_page.locator("a.permalink").count() > 0, "the document page has no a.permalink"
    for _ in range(MAX_TABS):
        doc_page.keyboard.press("Tab")
        is_permalink = doc_page.evaluate(
            "() => !!document.activeElement && document.activeElement.matches('a.permalink')"
        )
        if is_permalink:
            break
    else:
        pytest.fail(f"no a.permalink reached after {MAX_TABS} Tab presses", pytrace=False)
    assert_focused_visible(doc_page, "the first permalink")
