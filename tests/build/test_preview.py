"""Live preview: the server's URL rules and error page (with a fake build), then the real
``build.py serve`` on a copy of the project, edited while it runs."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from dossier.build.preview import (
    VERSION_PATH,
    BuildOutcome,
    Preview,
    WorkerBuild,
    error_page,
    inject,
)

ROOT = Path(__file__).resolve().parents[2]
# One build takes ~8 s on an idle machine; generous, for a loaded CI runner.
BUILD_S = 120


def fetch(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode("utf-8"), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8"), dict(e.headers)


def wait_for(what: str, check: Callable[[], bool], timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if check():
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")


# ------------------------------------------------------------------ fake build


class FakeBuild:
    def __init__(self, output: Path) -> None:
        self.output, self.ok, self.calls = output, True, 0

    def __call__(self) -> BuildOutcome:
        self.calls += 1
        if not self.ok:
            return BuildOutcome(False, "content/essays/x.md:3: error: unknown metadata key "
                                "'Thems' — did you mean 'Themes'?\nbuild FAILED: <1 error>\n")
        (self.output / "documents" / "d").mkdir(parents=True, exist_ok=True)
        (self.output / "theme").mkdir(exist_ok=True)
        (self.output / "theme" / "site.css").write_text("body{}", encoding="utf-8")
        (self.output / "documents" / "d" / "index.html").write_text(
            "<html><body><p>doc</p></body></html>", encoding="utf-8")
        (self.output / "index.html").write_text(
            f"<html><body><p>build {self.calls}</p></body></html>", encoding="utf-8")
        return BuildOutcome(True, "build ok", 0.01)


@pytest.fixture
def preview(tmp_path: Path):
    (tmp_path / "content").mkdir()
    build = FakeBuild(tmp_path / "output")
    p = Preview(tmp_path, tmp_path / "output", build, port=0, log=lambda text: None,
                debounce_ms=50)
    p.start()
    yield p, build
    p.stop()


def test_serves_pages_with_the_reload_script_only_over_http(preview) -> None:
    p, _ = preview
    base = f"http://127.0.0.1:{p.port}"
    status, body, headers = fetch(base + "/index.html")
    assert status == 200 and "build 1" in body
    assert body.index(VERSION_PATH) < body.index("</body>")
    assert headers["Cache-Control"] == "no-store"
    assert VERSION_PATH not in (p.output / "index.html").read_text(encoding="utf-8")
    assert fetch(base + VERSION_PATH)[:2] == (200, "1")
    assert fetch(base + "/theme/site.css")[:2] == (200, "body{}")


def test_directory_urls_behave_as_from_file(preview) -> None:
    p, _ = preview
    base = f"http://127.0.0.1:{p.port}"
    status, body, _ = fetch(base + "/documents/d/")
    assert status == 404 and "…/index.html" in body
    assert fetch(base + "/documents/d")[0] == 404
    assert fetch(base + "/")[1] == fetch(base + "/index.html")[1]  # / redirects to index.html


def test_a_change_rebuilds_and_a_failure_shows_the_errors(preview) -> None:
    p, build = preview
    base = f"http://127.0.0.1:{p.port}"
    build.ok = False
    (p.root / "content" / "x.md").write_text("Thems: x\n", encoding="utf-8")
    wait_for("the failed rebuild", lambda: fetch(base + VERSION_PATH)[1] == "2", 20)
    assert fetch(base + VERSION_PATH)[2]["X-Dossier-Build"] == "failed"
    for page in ("/index.html", "/documents/d/index.html", "/no/such/page.html"):
        status, body, _ = fetch(base + page)
        assert status == 200 and "Build failed" in body, page
        assert ("content/essays/x.md:3: error: unknown metadata key &#x27;Thems&#x27; — did "
                "you mean &#x27;Themes&#x27;?") in body
        assert "&lt;1 error&gt;" in body and VERSION_PATH in body
    assert fetch(base + "/theme/site.css")[:2] == (200, "body{}")  # assets still served
    assert "build 1" in (p.output / "index.html").read_text(encoding="utf-8")  # kept
    build.ok = True
    (p.root / "content" / "x.md").write_text("Themes: x\n", encoding="utf-8")
    wait_for("the good rebuild", lambda: "build 3" in fetch(base + "/index.html")[1], 20)


FAKE_WORKER = """
import json, sys
from pathlib import Path
count = Path(sys.argv[1])
n = int(count.read_text()) + 1 if count.exists() else 1
count.write_text(str(n))  # how many worker processes were started
for line in sys.stdin:
    cmd = line.strip()
    if cmd == "build" and n == 1:
        print(json.dumps({"ok": False, "restart": True, "report": "", "seconds": 0}), flush=True)
        break
    if cmd == "build" and n == 2:
        sys.exit(3)  # dies without answering
    print(json.dumps({"ok": True, "report": f"{cmd} in process {n}", "seconds": 0,
                      "search_stale": cmd == "build"}), flush=True)
"""


def test_worker_build_hands_over_on_restart_and_after_a_crash(tmp_path: Path) -> None:
    """The builder process says "restart" (its code changed) or dies: a fresh one takes over
    and answers; the outcome says when the search index still has to follow."""
    script = tmp_path / "worker.py"
    script.write_text(FAKE_WORKER, encoding="utf-8")
    worker = WorkerBuild(tmp_path, tmp_path / "output")
    worker.cmd = [sys.executable, str(script), str(tmp_path / "count")]
    outcome = worker()
    assert outcome.ok and outcome.report == "build in process 3" and outcome.search_stale
    searched = worker.search()
    assert searched.ok and searched.report == "search in process 3"
    assert not searched.search_stale
    worker.cancel()


def test_a_stale_search_index_is_refreshed_after_the_pages(tmp_path: Path) -> None:
    class Stale(FakeBuild):
        searches = 0

        def __call__(self) -> BuildOutcome:
            done = super().__call__()
            return BuildOutcome(done.ok, done.report, done.seconds, search_stale=True)

        def search(self) -> BuildOutcome:
            self.searches += 1
            return BuildOutcome(True, "search ok", 0.01)

    build = Stale(tmp_path / "output")
    p = Preview(tmp_path, tmp_path / "output", build, port=0, log=lambda text: None)
    outcome = p.rebuild()
    assert build.searches == 1 and outcome.report == "search ok"
    assert p.snapshot()[0] == 2  # two versions: the pages, then the search index


def test_inject_and_error_page() -> None:
    assert inject("<p>x</p>", 4).startswith("<p>x</p><script>")
    page = inject("<BODY><p>x</p></BODY>", 4)
    assert page.index('var seen = "4"') < page.index("</BODY>")
    assert "<script>alert(1)</script>" not in error_page("<script>alert(1)</script>", 1)


# ------------------------------------------------------------------ the real thing


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_project(dest: Path) -> Path:
    """The project without its tests (but the labelled documents the model is trained on),
    venv or output; returns the first seed."""
    for name in ("seeds", "content", "theme", "dossier"):
        shutil.copytree(ROOT / name, dest / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("build.py", "pelicanconf.py"):
        shutil.copy2(ROOT / name, dest / name)
    # Pagefind as `make` installed it (dossier.publish.search finds it beside dossier/).
    (dest / "vendor").symlink_to(ROOT / "vendor", target_is_directory=True)
    return sorted((dest / "seeds").glob("*.txt"))[0]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_build_py_serve_rebuilds_on_seed_template_and_essay_edits(tmp_path: Path) -> None:
    seed = copy_project(tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "SITEURL"}
    proc = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--port", str(port), "--output",
         str(tmp_path / "output")],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        start_new_session=True)
    try:
        wait_for("the first build", lambda: fetch(base + VERSION_PATH)[0] == 200, BUILD_S)
        state = fetch(base + VERSION_PATH)[2]["X-Dossier-Build"]
        assert state == "ok", fetch(base + "/index.html")[1]
        _, index, _ = fetch(base + "/index.html")
        catalogue = tomllib.loads((tmp_path / "seeds" / "catalogue.toml").read_text("utf-8"))
        doc_path = f"documents/{catalogue['documents'][seed.name]['slug']}/index.html"
        doc_url = f"{base}/{doc_path}"
        assert VERSION_PATH in index
        assert VERSION_PATH not in (tmp_path / "output" / doc_path).read_text(encoding="utf-8")

        def rebuilt_after(version: int) -> bool:
            status, body, headers = fetch(base + VERSION_PATH)
            return int(body) > version and headers["X-Dossier-Build"] == "ok"

        # a seed: the document's page changes
        version = int(fetch(base + VERSION_PATH)[1])
        with seed.open("a", encoding="utf-8") as f:  # a new passage: no existing id changes
            f.write("\n\nZanzibarquux is a marker sentence the preview test adds.\n")
        wait_for("the seed edit", lambda: "Zanzibarquux" in fetch(doc_url)[1]
                 and rebuilt_after(version), BUILD_S)

        # a template: every page changes
        version = int(fetch(base + VERSION_PATH)[1])
        edit(tmp_path / "theme" / "templates" / "base.html", "</main>",
             "</main><!-- template-edit-marker -->")
        wait_for("the template edit", lambda: "template-edit-marker" in
                 fetch(base + "/index.html")[1] and rebuilt_after(version), BUILD_S)

        # an essay: a new one gets its page, and an edit shows up in the served page
        version = int(fetch(base + VERSION_PATH)[1])
        essays = tmp_path / "content" / "essays"
        essays.mkdir(exist_ok=True)
        essay = essays / "preview-test.md"
        essay_url = f"{base}/essays/preview-test/index.html"
        essay.write_text("Title: Preview test\nDate: 2024-01-02\n\nQuuxfirst essay text, "
                         "[[theme:russia-tilt]].\n", encoding="utf-8")
        wait_for("the new essay", lambda: "Quuxfirst" in fetch(essay_url)[1]
                 and rebuilt_after(version), BUILD_S)
        version = int(fetch(base + VERSION_PATH)[1])
        edit(essay, "Quuxfirst", "Quuxsecond")
        wait_for("the essay edit", lambda: rebuilt_after(version)
                 and "Quuxsecond" in fetch(essay_url)[1], BUILD_S)
        status, page, _ = fetch(essay_url)
        assert status == 200 and "Quuxfirst" not in page and VERSION_PATH in page
        assert "Preview test" in fetch(base + "/essays/index.html")[1]
    finally:
        proc.send_signal(signal.SIGTERM)  # what a process manager sends; Ctrl+C is SIGINT
        try:
            out, _ = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
        print(out)  # shown by pytest if the test failed
    assert proc.returncode == 0, out
    assert "serving http://127.0.0.1" in out and "changed: content/essays" in out
