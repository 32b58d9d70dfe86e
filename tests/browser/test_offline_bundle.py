"""The offline bundle as a reader gets it: dist/dossier-offline.zip unzipped into a folder
whose path has spaces and non-ASCII letters, opened from file://.

Every page is crawled (links, fragments, console errors, nothing but file: requests), a
search runs and lands on a passage, the passage's citation shows (with and without
JavaScript) and the search results and a cited passage pass axe. DOSSIER_SCREENSHOTS=DIR keeps
screenshots of the search results.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.test_crawl import INERT_SCHEMES, assert_clean, crawl_file_site, html_files

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FOLDER = "off line ünïcødé"
RESULT_TIMEOUT_MS = 15_000
QUERY = "sanctions"


@pytest.fixture(scope="module")
def unpacked(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle of the session's build, unzipped; returns its site folder."""
    bundle = built_site.parent / "dist" / "dossier-offline.zip"
    assert bundle.is_file(), f"the build wrote no {bundle}"
    target = tmp_path_factory.mktemp("bundle") / FOLDER
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(target)
    site = target / "dossier-offline"
    assert (site / "index.html").is_file() and (site / "README.txt").is_file()
    return site


class Watched:
    """Console errors, page errors and every request that is not file:, blob: or data:."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.foreign.append(r.url)
                if urlsplit(r.url).scheme not in {"file", *INERT_SCHEMES} else None)

    def check_clean(self) -> None:
        assert not self.foreign, f"requests that are not file: {self.foreign}"
        assert not self.errors, "\n".join(self.errors)


@pytest.fixture
def context(browser) -> Iterator[object]:
    ctx = browser.new_context()
    ctx.route("http*://**/*", lambda route: route.abort())  # never the network
    try:
        yield ctx
    finally:
        ctx.close()


def run_query(page, query: str) -> None:
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    page.wait_for_function(
        "q => document.getElementById('search-status').getAttribute('data-query') === q",
        arg=query, timeout=RESULT_TIMEOUT_MS)


def screenshot(page, name: str) -> None:
    folder = os.environ.get("DOSSIER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def axe_problems(page, label: str) -> list[str]:
    if not AXE.is_file():
        from tests.browser.conftest import in_ci

        if in_ci():
            pytest.fail("tools/node_modules/axe-core missing: run make tools-deps")
        pytest.skip("axe-core not installed (make tools-deps)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS)
    return [f"{label}: {v['id']}: {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]]


def test_crawl_every_page_of_the_unpacked_bundle(browser, unpacked: Path) -> None:
    root = unpacked.resolve()
    assert " " in str(root) and "ü" in str(root)
    report, foreign = crawl_file_site(browser, root, [(root / "index.html").as_uri()])
    assert_clean(report, foreign, f"bundle unpacked in {FOLDER!r}")
    everything = {p.resolve().as_uri() for p in html_files(root)}
    missed = everything - set(report.pages)
    assert not missed, f"pages no link leads to from index.html: {sorted(missed)}"


def test_search_from_the_unpacked_bundle(context, unpacked: Path) -> None:
    page = context.new_page()
    watched = Watched(page)
    page.goto((unpacked / "index.html").as_uri())
    page.click(".site-nav a:text-is('Search')")
    page.wait_for_url("**/search/index.html")
    run_query(page, QUERY)
    links = page.eval_on_selector_all("#search-results .result-passages a",
                                      "els => els.map(a => a.getAttribute('href'))")
    assert links, page.inner_text("#search-status")
    assert any("documents/" in h and "#p-" in h for h in links), links
    assert "match" in page.inner_text("#search-status")
    marks = page.locator("#search-results mark")
    assert marks.count() > 0
    screenshot(page, "bundle-search-results.png")
    first = page.locator("#search-results .result-passages a[href*='documents/']").first
    href = first.get_attribute("href")
    fragment = href.split("#", 1)[1]
    first.click()
    page.wait_for_function("id => location.hash === '#' + id", arg=fragment)
    assert page.url.split("#")[0].endswith(href.split("#")[0].lstrip("./"))
    box = page.locator(f"[id='{fragment}'] > .citebox")
    if box.count():  # passages of documents show their citation once landed on
        assert box.is_visible()
        assert page.locator(f"[id='{fragment}'] > .citebox .citebox-copy").is_visible()
    screenshot(page, "bundle-search-landed.png")
    watched.check_clean()


def test_search_finds_essays_themes_and_entities(context, unpacked: Path) -> None:
    page = context.new_page()
    watched = Watched(page)
    page.goto((unpacked / "search" / "index.html").as_uri() + "?q=Taliban")
    page.wait_for_function(
        "() => document.getElementById('search-status').getAttribute('data-query') === "
        "'Taliban'", timeout=RESULT_TIMEOUT_MS)
    while page.locator("#search-more").is_visible():
        page.click("#search-more")
        page.wait_for_timeout(300)
    hrefs = page.eval_on_selector_all("#search-results a",
                                      "els => els.map(a => a.getAttribute('href'))")
    folders = {h.split("/")[1] for h in hrefs if h.startswith("../")}
    assert {"documents", "essays", "themes", "entities"} <= folders, folders
    watched.check_clean()


def test_cite_a_passage_with_the_keyboard(context, unpacked: Path) -> None:
    page = context.new_page()
    watched = Watched(page)
    doc = sorted((unpacked / "documents").glob("*/index.html"))[0]
    page.goto(doc.as_uri())
    link = page.locator("a.permalink[data-cite]").first
    pid = link.get_attribute("href").lstrip("#")
    box = page.locator(f"[id='{pid}'] > .citebox")
    assert not box.is_visible()
    link.focus()
    assert link.is_visible()  # the permalink shows when focused
    page.keyboard.press("Enter")
    page.wait_for_function("id => location.hash === '#' + id", arg=pid)
    assert box.is_visible()
    assert box.locator(".citebox-text").inner_text() == link.get_attribute("data-cite")
    # Following a link moves the focus start to the passage: Tab walks its links, then the
    # permalink, then the Copy button.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.className") == "citebox-copy":
            break
    else:
        pytest.fail("the Copy button cannot be reached with Tab")
    page.keyboard.press("Enter")
    # the clipboard answers asynchronously: "Copied", or "Selected" where it refuses
    page.wait_for_function("() => ['Copied', 'Selected'].includes("
                           "document.activeElement.textContent)", timeout=RESULT_TIMEOUT_MS)
    assert page.locator("[role=status]").last.inner_text()
    watched.check_clean()  # before axe, whose own reading of the CSS fails from file://
    problems = axe_problems(page, "document with a cited passage")
    assert not problems, "\n".join(problems)


def test_citation_without_javascript(browser, unpacked: Path) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        doc = sorted((unpacked / "documents").glob("*/index.html"))[0]
        page.goto(doc.as_uri())
        link = page.locator("a.permalink[data-cite]").nth(1)
        pid = link.get_attribute("href").lstrip("#")
        page.goto(doc.as_uri() + "#" + pid)
        box = page.locator(f"[id='{pid}'] > .citebox")
        assert box.is_visible() and not box.locator("button").count()
        assert box.inner_text().startswith("Cite this")
        assert page.locator(".citebox-doc .citebox-text").is_visible()
    finally:
        ctx.close()


def test_search_results_pass_axe(browser, unpacked: Path) -> None:
    for scheme in ("light", "dark"):
        ctx = browser.new_context(color_scheme=scheme)
        try:
            page = ctx.new_page()
            page.goto((unpacked / "search" / "index.html").as_uri())
            run_query(page, QUERY)
            problems = axe_problems(page, f"search results [{scheme}]")
        finally:
            ctx.close()
        assert not problems, "\n".join(problems)
