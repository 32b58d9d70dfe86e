"""Live preview: build, serve ``output/`` on 127.0.0.1, rebuild on every change.

    watch (watchfiles) --change--> rebuild (the ``python build.py warm`` builder process)
        --> version += 1 --> every open page polls /__dossier/version and reloads

* Builds run in one builder process that stays up (:class:`WorkerBuild`,
  :mod:`dossier.build.incremental`): it keeps what the last build computed, so an edit to an essay
  rewrites only the pages that show it (the search index follows once they are live),
  and any other content change is a full build that reuses the caches. A change to
  ``dossier/`` (pipeline, plugin), ``build.py`` or ``pelicanconf.py`` makes it hand over
  to a fresh process, so the new code takes effect. A build replaces the output only
  when it succeeds, so a failed build keeps the last good site.
* Watched: ``seeds/`` (with the catalogue), ``content/``, ``theme/``, ``dossier/``,
  ``pelicanconf.py`` and ``build.py``. Changes are debounced; changes made during a
  build trigger one more build when it ends.
* While the last build failed, every HTML page is replaced by an error page listing the
  diagnostics (they are printed in the terminal too); CSS and other files are still
  served. The next good build brings the pages back by itself.
* The reload script is injected by the server into each HTML response; it is never
  written to ``output/``.
* URLs behave as from ``file://``: a directory URL (``/documents/x/``) is a 404, never
  its ``index.html`` nor a listing, so a link that would break offline breaks here
  too. Only ``/`` redirects to ``/index.html``.
"""

from __future__ import annotations

import html
import http.server
import json
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from dossier.build.result import UsageError

VERSION_PATH = "/__dossier/version"
WATCHED_DIRS = ("seeds", "content", "theme", "dossier")
WATCHED_FILES = ("pelicanconf.py", "build.py")
DEBOUNCE_MS = 300
POLL_MS = 1000

RELOAD_SCRIPT = """<script>/* dossier preview: reload when the site is rebuilt */
(function () {{
  var seen = "{version}";
  function poll() {{
    fetch("{path}", {{cache: "no-store"}}).then(function (r) {{ return r.text(); }})
      .then(function (v) {{ if (v.trim() !== seen) {{ location.reload(); }}
                           else {{ setTimeout(poll, {ms}); }} }})
      .catch(function () {{ setTimeout(poll, {ms}); }});
  }}
  setTimeout(poll, {ms});
}})();
</script>
"""


@dataclass(frozen=True)
class BuildOutcome:
    ok: bool
    report: str  # what the build printed (diagnostics, summary)
    seconds: float = 0.0
    search_stale: bool = False  # pages rebuilt, search index not yet: see WorkerBuild.search


BuildFn = Callable[[], BuildOutcome]


class WorkerBuild:
    """``python build.py warm --output OUTPUT [extra]``: one builder process that stays up
    between builds and keeps what the last build computed (:mod:`dossier.build.incremental`),
    so an edit to an essay rewrites only the pages that show it. When the code changes it says
    ``restart``, and a fresh process (the new code) takes over; so does one that died."""

    def __init__(self, root: Path, output: Path, extra: tuple[str, ...] = ()) -> None:
        self.cmd = [sys.executable, str(root / "build.py"), "warm", "--output", str(output),
                    *extra]
        self.root = root
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def _ask(self, command: str) -> dict | None:
        proc = self._proc
        if proc is None or proc.poll() is not None:
            proc = self._proc = subprocess.Popen(self.cmd, cwd=self.root, stdin=subprocess.PIPE,
                                                 stdout=subprocess.PIPE, text=True, bufsize=1)
        try:
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(command + "\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
        except (BrokenPipeError, OSError):
            line = ""
        if not line:  # the process died (or was cancelled)
            self._stop_proc()
            return None
        return json.loads(line)

    def _run(self, command: str) -> BuildOutcome:
        start = time.monotonic()
        with self._lock:
            reply = self._ask(command)
            if reply is not None and reply.get("restart"):
                self._stop_proc()  # the code changed: a new process reads it
                reply = self._ask(command)
            if reply is None:  # died: once more in a fresh process
                reply = self._ask(command)
        if reply is None:
            return BuildOutcome(False, "build.py warm: the builder process stopped "
                                       "(see the terminal for why)", time.monotonic() - start)
        return BuildOutcome(bool(reply["ok"]), reply["report"], time.monotonic() - start,
                            bool(reply.get("search_stale")))

    def __call__(self) -> BuildOutcome:
        return self._run("build")

    def search(self) -> BuildOutcome:
        """Bring the search index up to date after a warm build that left it stale."""
        return self._run("search")

    def _stop_proc(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()

    def cancel(self) -> None:
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.terminate()


def inject(page: str, version: int) -> str:
    """The page with the reload script before its last ``</body>`` (or at its end)."""
    script = RELOAD_SCRIPT.format(version=version, path=VERSION_PATH, ms=POLL_MS)
    at = page.lower().rfind("</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


def error_page(report: str, version: int) -> str:
    """The page shown in place of every HTML page while the last build failed."""
    problems = [line for line in report.splitlines()
                if re.search(r": (error|warning): ", line) or "internal error" in line]
    items = "\n".join(
        f'<li class="{"error" if ": error: " in p or "internal" in p else "warning"}">'
        f"<code>{html.escape(p)}</code></li>" for p in problems)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed — Dossier preview</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}
li{{margin:.4rem 0}} .error code{{color:#b00020}} pre{{background:#f4f4f4;padding:1rem;
overflow:auto;white-space:pre-wrap}}</style></head>
<body><h1>Build failed</h1>
<p>The site shown before this error is kept in the output folder; this page reloads by
itself once the build succeeds. Each problem reads <code>file:line: what is wrong — how to
fix it</code>.</p>
<ul>{items}</ul>
<h2>Build output</h2><pre>{html.escape(report)}</pre>
</body></html>
"""
    return inject(page, version)


class Preview:
    """The state shared by the builder, the watcher and the HTTP handler threads."""

    def __init__(self, root: Path, output: Path, build_fn: BuildFn, port: int = 8000,
                 host: str = "127.0.0.1", log: Callable[[str], None] = print,
                 debounce_ms: int = DEBOUNCE_MS) -> None:
        self.root, self.output, self.build_fn = Path(root), Path(output), build_fn
        self.host, self.port, self.log, self.debounce_ms = host, port, log, debounce_ms
        self.version = 0
        self.ok = True
        self.report = ""
        self._lock = threading.Lock()
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._changed: set[str] = set()
        self._threads: list[threading.Thread] = []
        self.server: http.server.ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ building
    def rebuild(self) -> BuildOutcome:
        outcome = self._publish(self.build_fn())
        refresh = getattr(self.build_fn, "search", None)
        # Pages first, then the search index (unless more changes are already waiting).
        while outcome.ok and outcome.search_stale and refresh and not self._dirty.is_set():
            self.log("updating the search index…")
            outcome = self._publish(refresh())
        return outcome

    def _publish(self, outcome: BuildOutcome) -> BuildOutcome:
        with self._lock:
            self.ok, self.report = outcome.ok, outcome.report
            self.version += 1
        if outcome.ok:
            self.log(f"built in {outcome.seconds:.1f}s (version {self.version})")
        else:
            self.log(outcome.report.rstrip())
            self.log("build FAILED: pages show the errors until the next good build; "
                     "the last good site is kept")
        return outcome

    def _build_loop(self) -> None:
        while not self._stop.is_set():
            if not self._dirty.wait(0.2):
                continue
            self._dirty.clear()
            with self._lock:
                changed, self._changed = sorted(self._changed), set()
            more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
            self.log(f"changed: {changed[0] if changed else '?'}{more}; rebuilding…")
            self.rebuild()

    # ------------------------------------------------------------------ watching
    def watch_targets(self) -> tuple[list[Path], list[Path]]:
        """(directories watched recursively, single files watched in the root)."""
        dirs = [self.root / d for d in WATCHED_DIRS if (self.root / d).is_dir()]
        files = [self.root / f for f in WATCHED_FILES]
        return dirs, files

    def _watch(self, paths: list[Path], recursive: bool,
               keep: Callable[[watchfiles.Change, str], bool]) -> None:
        for changes in watchfiles.watch(*paths, watch_filter=keep, recursive=recursive,
                                        debounce=self.debounce_ms, step=50,
                                        stop_event=self._stop, rust_timeout=500,
                                        yield_on_timeout=False, raise_interrupt=False):
            with self._lock:
                for _, path in changes:
                    p = Path(path)
                    self._changed.add(p.relative_to(self.root).as_posix()
                                      if p.is_relative_to(self.root) else path)
            self._dirty.set()

    # ------------------------------------------------------------------ life cycle
    def start(self) -> None:
        """Watch first (so nothing edited during the first build is missed), build, serve."""
        dirs, files = self.watch_targets()
        names = {f.name for f in files}
        default = watchfiles.DefaultFilter()
        watchers = [(dirs, True, default),
                    ([self.root], False, lambda change, path: Path(path).name in names)]
        for paths, recursive, keep in watchers:
            if paths:
                self._spawn(self._watch, paths, recursive, keep)
        self.log("building…")
        self.rebuild()
        try:
            self.server = http.server.ThreadingHTTPServer((self.host, self.port),
                                                          _handler_for(self))
        except OSError as exc:
            self.stop()
            raise UsageError(f"cannot listen on port {self.port}: {exc.strerror}") from exc
        self.port = self.server.server_address[1]
        self._spawn(self.server.serve_forever)
        self._spawn(self._build_loop)

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        cancel = getattr(self.build_fn, "cancel", None)
        if cancel is not None:
            cancel()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/index.html"

    def snapshot(self) -> tuple[int, bool, str]:
        with self._lock:
            return self.version, self.ok, self.report


def _handler_for(preview: Preview) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(preview.output), **kwargs)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 (stdlib signature)
            pass

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def _send(self, status: int, body: str, ctype: str = "text/html; charset=utf-8",
                  extra: dict[str, str] | None = None) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def do_HEAD(self) -> None:  # noqa: N802 (stdlib name)
            self.do_GET()

        def do_GET(self) -> None:  # noqa: N802 (stdlib name)
            version, ok, report = preview.snapshot()
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path == VERSION_PATH:
                state = "ok" if ok else "failed"
                self._send(200, str(version), "text/plain; charset=utf-8",
                           {"X-Dossier-Build": state})
                return
            if path == "/":
                self.send_response(302)
                self.send_header("Location", "/index.html")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            local = Path(self.translate_path(path))
            is_page = path.endswith((".html", ".htm"))
            if not ok and (is_page or not local.exists()):
                self._send(200 if is_page else 404, error_page(report, version))
                return
            if local.is_dir():
                self._send(404, inject(
                    "<!DOCTYPE html><title>Not found</title><h1>404: directory URL</h1>"
                    f"<p><code>{html.escape(path)}</code> is a folder. From <code>file://"
                    "</code> it would show a folder listing: link to the page itself, "
                    "<code>…/index.html</code>.</p>", version))
                return
            if is_page and local.is_file():
                page = local.read_text(encoding="utf-8", errors="replace")
                self._send(200, inject(page, version))
                return
            if self.command == "HEAD":
                super().do_HEAD()
            else:
                super().do_GET()

    return Handler


def serve(root: Path, port: int, build_fn: BuildFn | None = None, *,
          output: Path | None = None, extra_args: tuple[str, ...] = (),
          host: str = "127.0.0.1") -> int:
    """Build, serve and rebuild until Ctrl+C (or SIGTERM); returns the exit code 0."""
    root = Path(root).resolve()
    output = Path(output or root / "output").resolve()
    preview = Preview(root, output, build_fn or WorkerBuild(root, output, extra_args),
                      port, host, log=lambda text: print(text, flush=True))

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    restore = None
    if threading.current_thread() is threading.main_thread():
        restore = signal.signal(signal.SIGTERM, terminate)
    try:
        preview.start()
        print(f"serving {preview.url} — rebuilding on every change (Ctrl+C to stop)",
              flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print()
    finally:
        preview.stop()
        if restore is not None:
            signal.signal(signal.SIGTERM, restore)
    return 0
