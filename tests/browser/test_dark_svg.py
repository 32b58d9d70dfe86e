"""SVGs follow the reader's colour scheme: the timeline's inline chart and an essay's SVG image.

The inline charts (``dossier/pages/charts.py``) take their colours from the site stylesheet's
classes; an SVG shown with ``<img>`` cannot see that stylesheet, so it carries its own
``prefers-color-scheme`` rules. Each is screenshotted in light and dark (set
DOSSIER_SCREENSHOTS=DIR to keep the PNGs) and the pixels are read back: in dark mode the
colour that fills most of the picture (its background) is dark and some of its ink is light,
and the other way round in light mode.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "timeline": ("timeline/index.html", "svg.chart"),
    "essay": ("essays/after-kabul/index.html", "img[src$='.svg']"),
}

# The PNG decoded on a blank page: the most common colour's luminance (the background) and the
# share of pixels far from it in luminance (the ink).
PIXELS_JS = """async (b64) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + b64;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = img.width; c.height = img.height;
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  const lum = (r, g, b) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  const counts = new Map();
  for (let i = 0; i < d.length; i += 4) {
    const key = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  let top = 0, best = 0;
  for (const [k, n] of counts) if (n > best) { best = n; top = k; }
  const bg = lum(top >> 16, (top >> 8) & 255, top & 255);
  let light = 0, dark = 0;
  for (let i = 0; i < d.length; i += 4) {
    const l = lum(d[i], d[i + 1], d[i + 2]);
    if (l > 0.6) light++;
    if (l < 0.25) dark++;
  }
  const n = d.length / 4;
  return {background: bg, backgroundShare: best / n, lightShare: light / n, darkShare: dark / n};
}"""

# For the inline chart: the computed colours its text and the page behind it are painted with.
INLINE_JS = """(sel) => {
  const svg = document.querySelector(sel);
  const text = svg.querySelector('text');
  return {text: getComputedStyle(text).fill, page: getComputedStyle(document.body).backgroundColor};
}"""


def _luminance(css_rgb: str) -> float:
    r, g, b = (int(v) for v in css_rgb[css_rgb.index("(") + 1:css_rgb.index(")")]
               .replace(" ", "").split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.parametrize("which", sorted(PAGES))
def test_svg_follows_the_colour_scheme(browser, site_server: str, shots_dir: Path,
                                       which: str) -> None:
    path, selector = PAGES[which]
    seen = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 1000, "height": 900})
        try:
            page = context.new_page()
            page.goto(site_server + path, wait_until="load")
            element = page.locator(selector).first
            element.scroll_into_view_if_needed()
            if which == "essay":
                page.wait_for_function(
                    "(s) => { const i = document.querySelector(s); "
                    "return i.complete && i.naturalWidth > 0; }", arg=selector)
            shot = element.screenshot(path=shots_dir / f"svg-{which}-{scheme}.png")
            inline = page.evaluate(INLINE_JS, selector) if which == "timeline" else None
            blank = context.new_page()
            seen[scheme] = (blank.evaluate(PIXELS_JS, base64.b64encode(shot).decode()), inline)
        finally:
            context.close()

    light, _ = seen["light"]
    dark, inline = seen["dark"]
    where = f"{path} ({selector})"
    assert light["background"] > 0.8 and light["darkShare"] > 0.003, f"{where} light: {light}"
    assert dark["background"] < 0.2, f"{where}: background stays light in dark mode: {dark}"
    assert dark["lightShare"] > 0.003, f"{where}: no light ink in dark mode: {dark}"
    if inline is not None:
        assert _luminance(inline["text"]) > 0.6 and _luminance(inline["page"]) < 0.2, (
            f"{where}: inline chart in dark mode: {inline}")
