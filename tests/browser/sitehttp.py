"""A strict static server for the built site under a ``/repo/`` prefix, as on GitHub Pages."""

from __future__ import annotations

import contextlib
import mimetypes
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

PREFIX = "/repo/"


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


@contextlib.contextmanager
def serve_under_prefix(root: Path) -> Iterator[str]:
    """Serve ``root`` under ``http://127.0.0.1:PORT/repo/`` in a thread; yields that base URL."""
    handler = type("Handler", (_PrefixedStaticHandler,), {"root": root.resolve()})
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
