"""Browser fixtures: Debian's chromium driven by Playwright, and a static server under /repo/.

The browser is always Debian's ``chromium`` from PATH (``playwright install`` is never used).
Without it the browser tests skip on a developer's machine, but fail under CI=true.
"""

from __future__ import annotations

import mimetypes
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PREFIX = "/repo/"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        message = "Debian's chromium is not on PATH (make test installs it with apt-get)"
        if in_ci():
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - the test extra installs it
        if in_ci():
            pytest.fail(f"CI=true: playwright is not installed: {exc}", pytrace=False)
        pytest.skip(f"playwright is not installed: {exc}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


class _PrefixedStaticHandler(BaseHTTPRequestHandler):
    """Serve ``root`` at ``/repo/`` like a strict static host.

    Only existing *files* are served. A directory URL (``/repo/documents/x/``) is a 404, never
    its ``index.html``: a link that would break from ``file://`` must break here too.
    """

    root: Path  # set on the subclass made per server

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        self._serve(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802 - http.server API
        self._serve(send_body=False)

    def _serve(self, *, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        target = None
        if path.startswith(PREFIX):
            candidate = (self.root / path[len(PREFIX) :]).resolve()
            if candidate.is_relative_to(self.root) and candidate.is_file():
                target = candidate
        if target is None:
            self.send_error(404, "Not Found")
            return
        body = target.read_bytes()
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in {"application/javascript", "image/svg+xml"}:
            ctype += "; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # keep test output quiet


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[str]:
    """Serve the built site under ``http://127.0.0.1:PORT/repo/``; yields that base URL."""
    handler = type("Handler", (_PrefixedStaticHandler,), {"root": built_site.resolve()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
