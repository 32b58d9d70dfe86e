"""The search page in a real browser, hosted under /repo/ and opened from file://.

The site is the small fixture of tests/search_fixture.py, indexed by dossier.publish.search.
Every test also checks that no request left this machine and that nothing was logged as an
error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.sitehttp import serve_under_prefix
from tests.publish import search_fixture

pytestmark = pytest.mark.browser

RESULT_TIMEOUT_MS = 10_000
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = search_fixture.make_site(tmp_path_factory.mktemp("search-browser") / "output")
    search_fixture.build_search(output)
    return output


@pytest.fixture(scope="module")
def hosted(search_site: Path) -> Iterator[str]:
    with serve_under_prefix(search_site) as base:
        yield base


@pytest.fixture(params=["http", "file"])
def search_url(request, search_site: Path) -> str:
    if request.param == "http":
        return request.getfixturevalue("hosted") + "search/index.html"
    return (search_site / "search" / "index.html").as_uri()


class Watched:
    """A page with its console errors, page errors and requests recorded."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.workers: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("worker", lambda w: self.workers.append(w.url))
        page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}")
                if r.status >= 400 else None)

    def foreign_requests(self) -> list[str]:
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in {"file", "blob", "data"}:
                continue
            if parts.scheme in {"http", "https"} and parts.hostname in LOCAL_HOSTS:
                continue
            foreign.append(url)
        return foreign

    def check_clean(self) -> None:
        assert not self.foreign_requests(), f"requests off this machine: {self.foreign_requests()}"
        assert not self.errors, "\n".join(self.errors)


@pytest.fixture
def watched(browser, search_url: str) -> Iterator[Watched]:
    context = browser.new_context()
    page = context.new_page()
    w = Watched(page)
    page.goto(search_url)
    try:
        yield w
        w.check_clean()
    finally:
        context.close()


def run_query(page, query: str) -> None:
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    wait_for_search(page, query)


def wait_for_search(page, query: str) -> None:
    """search.js sets data-query on the status once a search has finished showing."""
    page.wait_for_function(
        "q => document.getElementById('search-status').getAttribute('data-query') === q",
        arg=query, timeout=RESULT_TIMEOUT_MS,
    )


def passage_links(page) -> dict[str, str]:
    """href -> excerpt HTML of each passage link in the results."""
    return page.eval_on_selector_all(
        "#search-results .result-passages a",
        "els => Object.fromEntries(els.map(a => [a.getAttribute('href'), a.innerHTML]))",
    )


def test_stemming_finds_other_forms_and_links_to_passages(watched):
    page = watched.page
    run_query(page, "sanction")
    links = passage_links(page)
    assert "../documents/sanctions-and-trade/index.html#p-aaa111" in links, links
    assert "../documents/a-single-sanction/index.html#p-ddd444" in links
    assert "../themes/diplomacy/index.html#p-fff666" in links
    assert "<mark>sanctions</mark>" in links["../documents/sanctions-and-trade/index.html#p-aaa111"]
    assert "3 pages match" in page.inner_text("#search-status")


def test_pagefind_runs_in_a_worker_hosted_and_from_file(watched):
    """From file:// the worker starts from a blob: URL; hosted, from pagefind-worker.js."""
    run_query(watched.page, "tariffs")
    assert watched.workers, "no Worker was started: searches would block the page"
    worker = watched.workers[0]
    if watched.page.url.startswith("file:"):
        assert worker.startswith("blob:"), worker
    else:
        assert worker.endswith("/repo/pagefind/pagefind-worker.js"), worker


def test_prefix(watched):
    run_query(watched.page, "sanc")
    assert "../documents/a-single-sanction/index.html#p-ddd444" in passage_links(watched.page)


def test_exact_phrase(watched):
    run_query(watched.page, '"marriage of convenience"')
    links = passage_links(watched.page)
    assert list(links) == ["../documents/sanctions-and-trade/index.html#p-aaa111"], links
    assert "<mark>marriage</mark> <mark>of</mark> <mark>convenience</mark>" in next(
        iter(links.values()))


def test_urdu(watched):
    run_query(watched.page, "پاکستان")
    links = passage_links(watched.page)
    assert "../documents/sanctions-and-trade/index.html#p-ccc333" in links, links
    assert "../entities/pakistan/index.html#p-ggg777" in links


def test_typo_gets_a_did_you_mean_that_searches(watched):
    page = watched.page
    run_query(page, "sanctoins")
    assert "Nothing matches" in page.inner_text("#search-status")
    link = page.locator("#search-suggestion a")
    link.wait_for(timeout=RESULT_TIMEOUT_MS)
    assert link.inner_text() == "sanctions"
    link.click()
    wait_for_search(page, "sanctions")
    assert page.input_value("#search-input") == "sanctions"
    assert "../documents/sanctions-and-trade/index.html#p-aaa111" in passage_links(page)


def suggestion_after(page, query: str) -> str:
    run_query(page, query)
    return page.inner_text("#search-suggestion")


def test_a_typo_gets_a_did_you_mean_even_when_pagefind_finds_something_else(watched):
    """Pagefind's fallback for an unknown word is the longest indexed word it starts with
    ("tariffz" finds "tariff…"): the reader is still told the word the site uses."""
    page = watched.page
    run_query(page, "tariffz")
    assert page.locator("#search-suggestion a").inner_text() == "tariffs"
    assert "match" in page.inner_text("#search-status")  # the fallback's results stay shown


def test_each_mistyped_word_is_corrected_and_the_correction_searches(watched):
    page = watched.page
    assert suggestion_after(page, "Sanctoins tarifs") == "Did you mean sanctions tariffs?"
    page.click("#search-suggestion a")
    wait_for_search(page, "sanctions tariffs")
    assert "../themes/diplomacy/index.html#p-fff666" in passage_links(page)


def test_urdu_typo_gets_a_did_you_mean(watched):
    assert suggestion_after(watched.page, "پاکستن") == "Did you mean پاکستان?"


def test_no_did_you_mean_for_words_the_site_uses_or_their_start(watched):
    page = watched.page
    for query in ("tariffs", "sanc", "convenience store", "پاکستان"):
        assert suggestion_after(page, query) == "", query


COUNT_WORKER_CALLS_JS = """
window.__workerCalls = [];
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, ...rest) {
  if (message && message.method) window.__workerCalls.push([message.method, message.args]);
  return post.call(this, message, ...rest);
};
"""


def test_enter_after_typing_asks_pagefind_once_and_pages_are_read_from_fragments(
        browser, search_url):
    """Typing starts a search; Enter for the same words reuses it, never a second one. Result
    pages come from their fragment files, not from Pagefind's result.data() (getData)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(COUNT_WORKER_CALLS_JS)
        w = Watched(page)
        page.goto(search_url)
        page.click("#search-input")
        page.keyboard.type("tariffs")
        page.wait_for_function("() => window.__workerCalls.some(c => c[0] === 'search')",
                               timeout=RESULT_TIMEOUT_MS)
        page.keyboard.press("Enter")
        wait_for_search(page, "tariffs")
        calls = page.evaluate("() => window.__workerCalls")
        searches = [args[0] for method, args in calls if method == "search"]
        # "tariffs" is searched once, by the typing, and Enter asks nothing more. A pause of
        # more than the typing delay between two keys (a busy machine) searches the word
        # typed so far first, as it should: only such prefixes may come before it.
        assert searches[-1] == "tariffs" and searches.count("tariffs") == 1, calls
        assert all("tariffs".startswith(s) for s in searches), calls
        assert not [c for c in calls if c[0] == "getData"], calls
        assert "../themes/diplomacy/index.html#p-fff666" in passage_links(page)
        w.check_clean()
    finally:
        context.close()


def test_without_decompression_streams_pagefinds_own_page_data_is_used(browser, search_url):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script("delete window.DecompressionStream")
        w = Watched(page)
        page.goto(search_url)
        run_query(page, "licences")
        assert list(passage_links(page)) == [
            "../documents/sanctions-and-trade/index.html#p-bbb222"]
        w.check_clean()
    finally:
        context.close()


def test_keyboard_moves_from_the_input_into_the_results(watched):
    page = watched.page
    run_query(page, "tariffs")
    page.focus("#search-input")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert first and first.startswith("../"), first
    page.keyboard.press("ArrowDown")
    second = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert second != first
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.id") == "search-input"


def test_result_link_lands_on_the_passage(watched):
    page = watched.page
    run_query(page, "licences")
    page.click("#search-results .result-passages a")
    page.wait_for_url("**/documents/sanctions-and-trade/index.html#p-bbb222")


def test_query_in_the_address_runs_on_load(browser, search_url):
    context = browser.new_context()
    try:
        page = context.new_page()
        w = Watched(page)
        page.goto(search_url + "?q=tariffs")
        wait_for_search(page, "tariffs")
        assert page.input_value("#search-input") == "tariffs"
        w.check_clean()
    finally:
        context.close()


def test_without_javascript_the_a_to_z_index_is_offered(browser, search_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(search_url)
        assert page.locator("noscript").count() == 1
        page.fill("#search-input", "sanction")
        page.press("#search-input", "Enter")
        page.wait_for_url("**/search/a-z.html*")
        assert page.locator("h1").inner_text() == "A–Z index"
        page.click('a[href="../documents/sanctions-and-trade/index.html"]')
        page.wait_for_url("**/documents/sanctions-and-trade/index.html")
    finally:
        context.close()


def test_from_file_without_workers_pagefind_runs_on_the_page(browser, search_site):
    """A browser that refuses the blob: worker still searches (Pagefind's own fallback)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script("delete window.Worker")
        w = Watched(page)
        page.goto((search_site / "search" / "index.html").as_uri())
        run_query(page, "sanction")
        assert "../documents/a-single-sanction/index.html#p-ddd444" in passage_links(page)
        assert not w.workers
        w.check_clean()
    finally:
        context.close()


def test_a_passage_result_shows_its_number_and_id(browser, built_site: Path):
    """Issue 16's one citation scheme: a result names the passage as its page does (¶ n)
    and by its stable id, and links to it."""
    page = browser.new_page()
    try:
        page.goto((built_site / "search" / "index.html").as_uri())
        run_query(page, "delegation")
        shown = page.eval_on_selector_all(
            "#search-results .result-passages a",
            "els => els.map(a => [a.getAttribute('href'),"
            " (a.querySelector('.result-pnum') || {}).textContent || ''])")
        numbered = [(href, text) for href, text in shown if text]
        assert numbered, shown
        for href, text in numbered:
            m = re.fullmatch(r"¶ (\d+) · (\S+)", text)
            assert m and href.endswith("#" + m.group(2)), (href, text)
    finally:
        page.close()
