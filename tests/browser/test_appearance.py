"""Screenshots of the home page and the first document page in light, dark and print.

The PNGs are for people to look at (set DOSSIER_SCREENSHOTS=DIR to keep them); the assertions
only check that dark mode really changes the page background, that print hides the
navigation, and that every passage's number (``¶ 15``, its permalink) shows on screen and in
print, in the margin beside its passage.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

# The colour actually painted behind the page: body's, or html's when body is transparent.
BACKGROUND_JS = """() => {
  const bg = e => getComputedStyle(e).backgroundColor;
  const transparent = c => c === 'transparent' || c === 'rgba(0, 0, 0, 0)';
  return {body: bg(document.body), html: bg(document.documentElement),
          painted: transparent(bg(document.body)) ? bg(document.documentElement)
                                                  : bg(document.body)};
}"""

# Every <nav>, with whether it is rendered (display/visibility, ancestors too).
SCREEN_ONLY_JS = """() => Array.from(document.querySelectorAll('nav'), e => ({
  what: e.tagName.toLowerCase()
        + (e.className ? '.' + String(e.className).trim().split(/\\s+/).join('.') : ''),
  shown: e.checkVisibility({visibilityProperty: true}),
}))"""


# Every passage number: shown, and left of its passage's text (in the margin or gutter).
NUMBERS_JS = """() => Array.from(document.querySelectorAll('a.permalink'), a => {
  const own = a.getBoundingClientRect(), text = a.parentElement.getBoundingClientRect();
  return {id: a.getAttribute('href'), shown: a.checkVisibility({visibilityProperty: true}),
          left: own.right <= text.left + 1, text: a.textContent};
})"""


def first_document(built_site: Path) -> Path:
    docs = sorted(built_site.glob("documents/*/index.html"))
    assert docs, f"no documents/<slug>/index.html in {built_site}"
    return docs[0]


@pytest.mark.parametrize("which", ["home", "document"])
def test_screenshots_light_dark_print(
    browser, site_server: str, built_site: Path, shots_dir: Path, which: str
) -> None:
    rel = "index.html" if which == "home" else first_document(built_site).relative_to(built_site)
    url = site_server + Path(rel).as_posix()
    backgrounds = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.goto(url, wait_until="load")
            backgrounds[scheme] = page.evaluate(BACKGROUND_JS)
            page.screenshot(path=shots_dir / f"{which}-{scheme}.png", full_page=True)
            if scheme == "light":
                screen = page.evaluate(SCREEN_ONLY_JS)
                numbers = {"screen": page.evaluate(NUMBERS_JS)}
                page.emulate_media(media="print")
                printed = page.evaluate(SCREEN_ONLY_JS)
                numbers["print"] = page.evaluate(NUMBERS_JS)
                page.screenshot(path=shots_dir / f"{which}-print.png", full_page=True)
        finally:
            context.close()

    for name in ("light", "dark", "print"):
        shot = shots_dir / f"{which}-{name}.png"
        assert shot.is_file() and shot.stat().st_size > 0, f"no screenshot {shot}"

    assert backgrounds["light"]["painted"] != backgrounds["dark"]["painted"], (
        f"{url}: prefers-color-scheme: dark does not change the page background "
        f"(light {backgrounds['light']}, dark {backgrounds['dark']})"
    )

    assert printed, f"{url}: no <nav> to hide in print"
    assert any(e["shown"] for e in screen), f"{url}: <nav> hidden even on screen"
    if which == "document":
        for media, found in numbers.items():
            assert found, f"{url}: no passage number"
            wrong = [n for n in found if not (n["shown"] and n["left"] and "¶" in n["text"])]
            assert not wrong, f"{url} ({media}): numbers hidden or not in the margin: {wrong[:3]}"
    still_shown = [e["what"] for e in printed if e["shown"]]
    assert not still_shown, f"{url}: shown in print (should be hidden): {still_shown}"
