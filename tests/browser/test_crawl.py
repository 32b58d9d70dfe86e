"""Crawl the built site in Chromium, served under /repo/ and opened from file://.

Every page reachable from index.html, plus every .html file in the output, is loaded. A page
fails the crawl on: a failed or 4xx/5xx request, a console error or uncaught exception, a request
that leaves the local site, a link to a missing file or directory URL, or a #fragment that no
element of the target page carries.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

from tests.browser.sitehttp import serve_under_prefix

pytestmark = pytest.mark.browser

MAX_PAGES = 5000
# Schemes that make no request to anything outside the page itself.
INERT_SCHEMES = {"data", "blob", "about"}
# Links the crawler notes but does not follow (not part of the site).
UNFOLLOWED_LINK_SCHEMES = {"mailto", "tel"}

PAGE_FACTS_JS = """() => ({
  ids: Array.from(document.querySelectorAll('[id]'), e => e.id)
        .concat(Array.from(document.querySelectorAll('a[name]'), e => e.getAttribute('name'))),
  links: Array.from(document.querySelectorAll('a[href], area[href]'),
        e => [e.getAttribute('href'), e.href]),
})"""


@dataclass
class LinkRef:
    source: str  # page the link is on
    raw: str  # href as written
    target: str  # absolute URL without fragment
    fragment: str


@dataclass
class CrawlReport:
    problems: list[str] = field(default_factory=list)
    pages: dict[str, set[str]] = field(default_factory=dict)  # page URL -> ids on it
    links: list[LinkRef] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.problems.append(message)


class Crawler:
    """Breadth-first crawl. ``is_page`` says whether a same-site URL is an HTML page to load;
    ``check_resource`` checks any other same-site target and returns a problem or None."""

    def __init__(
        self,
        context,
        *,
        is_site: Callable[[str], bool],
        is_page: Callable[[str], bool],
        check_resource: Callable[[str], str | None],
        site_url: str | None = None,
    ) -> None:
        self.site_url = site_url
        self.context = context
        self.is_site = is_site
        self.is_page = is_page
        self.check_resource = check_resource
        self.report = CrawlReport()
        self.current = "(no page)"
        self.page = context.new_page()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda exc: self.report.add(f"{self.current}: page error: {exc}"))
        self.page.on("requestfailed", self._on_request_failed)
        self.page.on("response", self._on_response)

    def _on_console(self, msg) -> None:
        if msg.type == "error":
            self.report.add(f"{self.current}: console error: {msg.text} ({msg.location})")

    def _on_request_failed(self, request) -> None:
        if self.is_site(request.url):  # foreign requests are aborted and reported elsewhere
            self.report.add(f"{self.current}: request failed: {request.url} ({request.failure})")

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.report.add(f"{self.current}: HTTP {response.status}: {response.url}")

    def crawl(self, start: list[str]) -> CrawlReport:
        queue = list(dict.fromkeys(start))
        seen = set(queue)
        referrer: dict[str, str] = {}
        while queue:
            url = queue.pop(0)
            if len(self.report.pages) >= MAX_PAGES:
                self.report.add(f"crawl stopped after {MAX_PAGES} pages")
                break
            self.current = url
            try:
                response = self.page.goto(url, wait_until="load")
            except Exception as exc:  # noqa: BLE001 - any navigation error is a finding
                where = f" (linked from {referrer[url]})" if url in referrer else ""
                self.report.add(f"{url}: cannot load{where}: {exc}")
                continue
            if response is not None and response.status >= 400:
                where = f" (linked from {referrer[url]})" if url in referrer else ""
                self.report.add(f"{url}: HTTP {response.status}{where}")
                continue
            facts = self.page.evaluate(PAGE_FACTS_JS)
            self.report.pages[url] = set(facts["ids"])
            for raw, absolute in facts["links"]:
                scheme = urlsplit(absolute).scheme
                if scheme in UNFOLLOWED_LINK_SCHEMES:
                    continue
                if scheme == "javascript":
                    self.report.add(f"{url}: javascript: link {raw!r}")
                    continue
                if self.site_url and absolute.startswith(self.site_url):
                    self.report.add(
                        f"{url}: link {raw!r} goes to the public site URL {self.site_url}: "
                        "internal links must be relative"
                    )
                    continue
                if not self.is_site(absolute):
                    continue  # an external link: recorded by nobody, never requested
                target, fragment = urldefrag(absolute)
                self.report.links.append(LinkRef(url, raw, target, unquote(fragment)))
                if target in seen:
                    continue
                seen.add(target)
                referrer[target] = url
                if self.is_page(target):
                    queue.append(target)
                else:
                    problem = self.check_resource(target)
                    if problem:
                        self.report.add(f"{url}: link {raw!r}: {problem}")
        self.check_fragments()
        return self.report

    def check_fragments(self) -> None:
        for link in self.report.links:
            if not link.fragment:
                continue
            ids = self.report.pages.get(link.target)
            if ids is None:
                continue  # not a page (or failed to load: already reported)
            if link.fragment not in ids:
                self.report.add(
                    f"{link.source}: link {link.raw!r}: no element with id "
                    f"{link.fragment!r} in {link.target}"
                )


def assert_clean(report: CrawlReport, foreign: list[str], label: str) -> None:
    problems = list(dict.fromkeys(report.problems))
    problems += [f"request outside the site: {url}" for url in sorted(set(foreign))]
    if not report.pages:
        pytest.fail(f"{label}: no page was crawled", pytrace=False)
    if problems:
        pytest.fail(
            f"{label}: {len(problems)} problem(s) on {len(report.pages)} pages:\n"
            + "\n".join(problems),
            pytrace=False,
        )


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


@pytest.fixture(scope="module", params=["default", "site-url"])
def variant(request, built_site: Path) -> Iterator[tuple[Path, str, str | None]]:
    """(output folder, base URL under /repo/, --site-url or None): the default build, and
    the build made for deployment with ``--site-url``."""
    if request.param == "default":
        root, site_url = built_site, None
    else:
        root, site_url = request.getfixturevalue("built_site_with_url")
    with serve_under_prefix(root) as base:
        yield root, base, site_url


def test_crawl_under_repo_prefix(browser, variant) -> None:
    """Served under /repo/ by a strict server: no 404, no console error, nothing foreign."""
    built_site, site_server, site_url = variant
    origin = site_server[: site_server.index("/repo/")]
    foreign: list[str] = []

    def route(route) -> None:
        url = route.request.url
        if url.startswith(origin + "/") or urlsplit(url).scheme in INERT_SCHEMES:
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    def is_page(url: str) -> bool:
        path = urlsplit(url).path
        name = path.rsplit("/", 1)[-1]
        return path.endswith("/") or name.endswith((".html", ".htm")) or "." not in name

    def check_resource(url: str) -> str | None:
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - local server
                return None if resp.status == 200 else f"HTTP {resp.status}"
        except urllib.error.HTTPError as exc:
            return f"HTTP {exc.code} for {url}"

    context = browser.new_context()
    try:
        context.route("**/*", route)
        crawler = Crawler(
            context,
            is_site=lambda url: url.startswith(origin + "/"),
            is_page=is_page,
            check_resource=check_resource,
            site_url=site_url,
        )
        pages = [p.relative_to(built_site).as_posix() for p in html_files(built_site)]
        start = [site_server + rel for rel in ["index.html", *pages]]
        report = crawler.crawl(start)
    finally:
        context.close()
    assert_clean(report, foreign, "served under /repo/")
    assert len(report.pages) >= len(html_files(built_site))


def crawl_file_site(browser, root: Path, start: list[str], site_url: str = ""):
    """Crawl a site opened from file:// under ``root``; returns (report, foreign requests).
    Only file: (and inert) requests may happen; every linked file must exist inside
    ``root`` and must not be a directory."""
    foreign: list[str] = []

    def on_request(request) -> None:
        if urlsplit(request.url).scheme not in {"file", *INERT_SCHEMES}:
            foreign.append(request.url)

    def route(route) -> None:  # never let a non-file request reach the network
        foreign.append(route.request.url)
        route.abort()

    def local_path(url: str) -> Path:
        return Path(unquote(urlsplit(url).path))

    def is_page(url: str) -> bool:
        path = local_path(url)
        inside = path.resolve().is_relative_to(root)
        return path.suffix in {".html", ".htm"} and path.is_file() and inside

    def check_resource(url: str) -> str | None:
        path = local_path(url)
        if path.is_dir():
            return f"{path} is a directory (file:// shows a listing, never its index.html)"
        if not path.is_file():
            return f"no such file: {path}"
        if not path.resolve().is_relative_to(root):
            return f"outside the site folder: {path}"
        return None

    context = browser.new_context()
    try:
        context.route("http*://**/*", route)
        context.on("request", on_request)
        crawler = Crawler(
            context,
            is_site=lambda url: urlsplit(url).scheme == "file",
            is_page=is_page,
            check_resource=check_resource,
            site_url=site_url,
        )
        report = crawler.crawl(start)
    finally:
        context.close()
    return report, foreign


def test_crawl_from_file_urls(browser, variant) -> None:
    """Opened from file://: only file: requests, every linked file exists, fragments resolve."""
    built_site, _, site_url = variant
    root = built_site.resolve()
    start = [(root / "index.html").as_uri()] + [p.resolve().as_uri() for p in html_files(root)]
    report, foreign = crawl_file_site(browser, root, start, site_url)
    assert_clean(report, foreign, "opened from file://")
