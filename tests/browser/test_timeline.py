"""The timeline's theme filter in Chromium: progressive enhancement, served and from file://.

Without JavaScript every event shows and the filter panel stays hidden; with it, pressing a
theme button hides every event of other themes (and empty years), and "All themes" brings
them back. No console error either way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

STATE_JS = """() => ({
  events: Array.from(document.querySelectorAll('.tl-event'), e => ({
    id: e.id, themes: (e.dataset.themes || '').split(' ').filter(Boolean), shown: !e.hidden})),
  years: Array.from(document.querySelectorAll('.tl-year'), y => ({
    shown: !y.hidden, events: y.querySelectorAll('.tl-event:not([hidden])').length})),
  panel: !document.querySelector('[data-timeline-filter]').hidden,
  status: document.querySelector('[data-status]').textContent,
})"""


def check_filter(page, errors: list[str]) -> None:
    state = page.evaluate(STATE_JS)
    assert state["panel"], "the script did not reveal the filter panel"
    assert state["events"] and all(e["shown"] for e in state["events"])
    buttons = page.locator("button[data-theme]")
    assert buttons.count() >= 2
    # the theme with the fewest events, so that something is hidden
    counts = {}
    for i in range(buttons.count()):
        slug = buttons.nth(i).get_attribute("data-theme")
        counts[slug] = sum(slug in e["themes"] for e in state["events"])
    slug = min(counts, key=lambda s: (counts[s], s))
    button = page.locator(f'button[data-theme="{slug}"]')
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.locator("button[data-reset]").get_attribute("aria-pressed") == "false"
    after = page.evaluate(STATE_JS)
    shown = [e for e in after["events"] if e["shown"]]
    hidden = [e for e in after["events"] if not e["shown"]]
    assert shown and hidden, f"filtering by {slug} hid nothing or everything"
    assert all(slug in e["themes"] for e in shown)
    assert all(slug not in e["themes"] for e in hidden)
    assert all(y["shown"] == (y["events"] > 0) for y in after["years"])
    assert f"Showing {len(shown)} of {len(after['events'])} events." == after["status"]
    first_hidden = page.locator(f"#{hidden[0]['id']}")
    assert not first_hidden.is_visible()
    page.locator("button[data-reset]").click()
    again = page.evaluate(STATE_JS)
    assert all(e["shown"] for e in again["events"])
    assert button.get_attribute("aria-pressed") == "false"
    assert not errors, errors


def open_page(browser, url: str, **context_args):
    context = browser.new_context(**context_args)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="load")
    return context, page, errors


def test_filter_hides_other_themes_served(browser, site_server: str) -> None:
    context, page, errors = open_page(browser, site_server + "timeline/index.html")
    try:
        check_filter(page, errors)
    finally:
        context.close()


def test_filter_works_from_file_urls(browser, built_site: Path) -> None:
    url = (built_site / "timeline" / "index.html").resolve().as_uri()
    context, page, errors = open_page(browser, url)
    try:
        check_filter(page, errors)
    finally:
        context.close()


def test_timeline_reads_without_javascript(browser, site_server: str) -> None:
    context, page, errors = open_page(browser, site_server + "timeline/index.html",
                                      java_script_enabled=False)
    try:
        assert not page.locator("[data-timeline-filter]").is_visible()
        events = page.locator(".tl-event")
        assert events.count() > 0
        assert all(events.nth(i).is_visible() for i in range(events.count()))
        assert not errors, errors
    finally:
        context.close()


def test_print_shows_every_event(browser, site_server: str) -> None:
    context, page, errors = open_page(browser, site_server + "timeline/index.html")
    try:
        page.locator("button[data-theme]").first.click()
        page.emulate_media(media="print")
        events = page.locator(".tl-event")
        assert all(events.nth(i).is_visible() for i in range(events.count()))
        assert not page.locator("[data-timeline-filter]").is_visible()
    finally:
        context.close()
