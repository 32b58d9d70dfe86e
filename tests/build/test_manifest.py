"""Builds that redo only what changed (dossier.build.manifest, the page keys of
dossier.build.pelican, dossier.publish.linkrecords) give the site a cold build gives.

Each test works on a copy of the project (seeds, content, theme, settings and the code
itself) and runs ``build.py build`` in a fresh process, as an editor does: a warm build
(the copy's own build records and caches) after edits is compared byte for byte with a
cold build of the same files (no cache, no records).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import folders, tree

ROOT = Path(__file__).resolve().parents[2]
BUILD = ["build", "--no-search", "--no-bundle"]


def project(where: Path) -> Path:
    """A copy of the project that builds on its own (its own code, its own cache)."""
    proj = where / "proj"
    proj.mkdir(parents=True)
    for name in ("seeds", "content", "theme", "dossier"):
        shutil.copytree(ROOT / name, proj / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("build.py", "pelicanconf.py"):
        shutil.copy(ROOT / name, proj / name)
    return proj


def run(proj: Path, output: str, cache: str, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "DOSSIER_CACHE": cache}
    env.pop("SITEURL", None)
    return subprocess.run([sys.executable, "build.py", *BUILD, "--output", output, *extra],
                          cwd=proj, env=env, capture_output=True, text=True, check=False)


def warm(proj: Path) -> subprocess.CompletedProcess:
    return run(proj, "out", str(proj.parent / "cache"))


def cold(proj: Path) -> dict[str, bytes]:
    out = proj.parent / "cold"
    shutil.rmtree(out, ignore_errors=True)
    done = run(proj, str(out), "off")
    assert done.returncode == 0, done.stdout + done.stderr
    return tree(out)


def rendered(done: subprocess.CompletedProcess) -> int:
    found = re.search(r"^(\d+) pages rendered", done.stdout, re.M)
    assert found, done.stdout
    return int(found.group(1))


def assert_warm_is_cold(proj: Path) -> tuple[dict[str, bytes], subprocess.CompletedProcess]:
    done = warm(proj)
    assert done.returncode == 0, done.stdout + done.stderr
    built = tree(proj / "out")
    expected = cold(proj)
    assert sorted(built) == sorted(expected), "files differ from a cold build"
    differ = [rel for rel in sorted(built) if built[rel] != expected[rel]]
    assert not differ, f"warm build differs from a cold build in {differ[:5]}"
    # and no folder is left over (a warm build moves files into the output it had)
    assert folders(proj / "out") == folders(proj.parent / "cold")
    return built, done


# --------------------------------------------------------------------------- edits

def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def _sub(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _seed(proj: Path) -> Path:
    return sorted((proj / "seeds").glob("*.txt"))[0]


def _essay(proj: Path) -> Path:
    return sorted((proj / "content" / "essays").glob("*.md"))[0]


EDITS: dict[str, Callable[[Path], None]] = {
    "seed: a paragraph added": lambda p: _append(
        _seed(p), "\nA new paragraph on the sanctions and the Taliban talks in Doha, added "
        "by the test.\n"),
    "seed: a word changed": lambda p: _sub(_seed(p), " the ", " a "),
    "seed: a new document": lambda p: (p / "seeds" / "zz_added.txt").write_text(
        "A short added report\n\nWASHINGTON — The State Department said the visa curbs on "
        "Pakistani officials would stay in place.\n\nIslamabad called the decision "
        "regrettable.\n", "utf-8"),
    "essay: a sentence added": lambda p: _append(
        _essay(p), "\nOne more sentence, added by the test.\n"),
    "essay: a new essay": lambda p: (p / "content" / "essays" / "zz-added.md").write_text(
        "Title: An added essay\nDate: 2024-01-02\n\nA short essay added by the test.\n",
        "utf-8"),
    "theme: a cue added": lambda p: _sub(  # a counter-cue: most passages leave the theme
        p / "content" / "themes" / "sanctions.md", "[cues]\n", "[cues]\n\"pakistan\" = -20.0\n"),
    "entity: an alias added": lambda p: _sub(
        p / "content" / "entities.toml", '"Imran Ahmed Khan Niazi"]',
        '"Imran Ahmed Khan Niazi", "the PTI founder"]'),
    "template: a word changed": lambda p: _sub(
        p / "theme" / "templates" / "base.html", "Build report</a>", "Build report (all)</a>"),
    "settings: the subtitle": lambda p: _sub(
        p / "pelicanconf.py", 'SITESUBTITLE = "', 'SITESUBTITLE = "Edited: '),
    "catalogue: a document retitled": lambda p: _sub(  # shown by related documents too
        p / "seeds" / "catalogue.toml",
        'slug = "pakistan-us-taking-steps-to-restore-bilateral-relations"\n',
        'slug = "pakistan-us-taking-steps-to-restore-bilateral-relations"\n'
        'title = "Retitled by the test"\n'),
    "event: a title changed": lambda p: _sub(
        p / "content" / "events.toml", 'title = "Pakistan joins the Western Cold War pacts"',
        'title = "Pakistan joins two Western pacts"'),
    "curation: a theme given to a passage": lambda p: _sub(  # applied after annotation
        p / "content" / "curation.toml", 'add = ["khan-ouster"]', 'add = ["khan-ouster", "india"]'),
    "code: fewer words named": lambda p: _sub(
        p / "dossier" / "pages" / "why.py", "NAMED_WORDS = 4", "NAMED_WORDS = 3"),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy with its warm build done once; tests copy it."""
    return built_once(tmp_path_factory)


def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy, built: the folder that holds it, its output and its cache."""
    where = tmp_path_factory.mktemp("reuse-base")
    proj = project(where)
    done = warm(proj)
    assert done.returncode == 0, done.stdout + done.stderr
    return where


def fresh(base: Path, where: Path) -> Path:
    """A copy of the base project with its build records, caches and output."""
    shutil.copytree(base, where, symlinks=True, dirs_exist_ok=True)
    proj = where / "proj"
    # The records name the output by its absolute path: this copy's output is another one.
    for folder in (proj / "cache" / "builds", where / "cache" / "builds"):
        shutil.rmtree(folder, ignore_errors=True)
    done = warm(proj)
    assert done.returncode == 0, done.stdout + done.stderr
    return proj


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=3, unique=True))
def test_any_sequence_of_edits_builds_what_a_cold_build_builds(
        base: Path, tmp_path_factory: pytest.TempPathFactory, edits: list[str]) -> None:
    proj = fresh(base, tmp_path_factory.mktemp("edits"))
    for name in edits:
        EDITS[name](proj)
        assert_warm_is_cold(proj)


@pytest.mark.parametrize("edit", ["seed: a paragraph added", "catalogue: a document retitled",
                                  "event: a title changed", "entity: an alias added",
                                  "curation: a theme given to a passage"])
def test_pages_kept_by_their_inputs_are_those_a_cold_build_makes(
        base: Path, tmp_path: Path, edit: str) -> None:
    """A page task whose inputs did not change is not built at all (dossier.pages.inputs):
    each edit that reaches some tasks and not others gives the cold build's site."""
    proj = fresh(base, tmp_path)
    EDITS[edit](proj)
    assert_warm_is_cold(proj)


def test_a_warm_build_moves_in_what_it_wrote_and_removes_what_is_gone(
        base: Path, tmp_path: Path) -> None:
    """Without a search index, a warm build leaves the pages it keeps where they are and
    moves in only what it wrote (dossier.build.inplace): the output folder stays the same
    folder; a document added, then removed, leaves nothing behind."""
    proj = fresh(base, tmp_path)
    out = proj / "out"
    folder = os.stat(out).st_ino

    def documents() -> set[str]:
        return {p.name for p in (out / "documents").iterdir() if p.is_dir()}

    before = documents()
    EDITS["seed: a new document"](proj)
    assert_warm_is_cold(proj)
    assert os.stat(out).st_ino == folder  # not a new folder swapped in
    assert len(documents() - before) == 1
    (proj / "seeds" / "zz_added.txt").unlink()
    assert_warm_is_cold(proj)
    assert documents() == before and os.stat(out).st_ino == folder


def test_nothing_changed_renders_and_writes_nothing(base: Path, tmp_path: Path) -> None:
    proj = fresh(base, tmp_path)
    before = {p: os.stat(p) for p in (proj / "out").rglob("*") if p.is_file()}
    done = warm(proj)
    assert done.returncode == 0
    assert rendered(done) == 0
    assert re.search(r"^\d+ documents, 0 pages written", done.stdout, re.M), done.stdout
    after = {p: os.stat(p) for p in (proj / "out").rglob("*") if p.is_file()}
    assert sorted(after) == sorted(before)
    assert all((after[p].st_ino, after[p].st_mtime_ns) == (before[p].st_ino, before[p].st_mtime_ns)
               for p in before)


def test_an_essay_edit_renders_only_the_pages_that_show_it(base: Path, tmp_path: Path
                                                            ) -> None:
    proj = fresh(base, tmp_path)
    total = sum(1 for _ in (proj / "out").rglob("*.html"))
    EDITS["essay: a sentence added"](proj)
    _built, done = assert_warm_is_cold(proj)
    assert 0 < rendered(done) < total // 4


@pytest.mark.parametrize("edit, shows_it", [
    ("template: a word changed", lambda rel: rel.endswith(".html")
     and not rel.startswith(("search/", "pagefind/"))),
    ("theme: a cue added", lambda rel: rel in ("themes/sanctions/index.html",
                                               "report/index.html")),
    ("entity: an alias added", lambda rel: rel == "entities/imran-khan/index.html"),
])
def test_no_page_that_shows_a_change_is_left_stale(base: Path, tmp_path: Path, edit: str,
                                                  shows_it: Callable[[str], bool]) -> None:
    proj = fresh(base, tmp_path)
    before = tree(proj / "out")
    EDITS[edit](proj)
    after, _done = assert_warm_is_cold(proj)
    showing = [rel for rel in before if shows_it(rel) and rel in after]
    assert showing
    stale = [rel for rel in showing if after[rel] == before[rel]]
    assert not stale, f"{edit}: pages that show it did not change: {stale[:5]}"


def test_a_hand_edited_output_file_is_never_kept(base: Path, tmp_path: Path) -> None:
    proj = fresh(base, tmp_path)
    page = proj / "out" / "timeline" / "index.html"
    page.write_text("edited by hand", "utf-8")
    assert_warm_is_cold(proj)


def test_a_broken_link_planted_in_a_template_fails_the_build(base: Path, tmp_path: Path
                                                              ) -> None:
    proj = fresh(base, tmp_path)
    before = tree(proj / "out")
    _sub(proj / "theme" / "templates" / "base.html", "Build report</a>",
         'Build report</a> <a href="{{ root }}nowhere/index.html">gone</a>')
    done = warm(proj)
    assert done.returncode == 1
    assert "broken link '" in done.stdout and "nowhere/index.html" in done.stdout
    assert tree(proj / "out") == before  # the last good output is untouched


def test_a_broken_link_in_an_essay_fails_the_build(base: Path, tmp_path: Path) -> None:
    proj = fresh(base, tmp_path)
    before = tree(proj / "out")
    _append(_essay(proj), "\nSee [the missing page](../../nowhere/index.html).\n")
    done = warm(proj)
    assert done.returncode == 1
    assert "nowhere" in done.stdout
    assert tree(proj / "out") == before


def test_file_digests_reads_again_only_what_changed(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A settled file whose status is the recorded one is not read again; any write (even one
    that puts the modification time back) is, and a file changed in the instant it was
    recorded is never trusted."""
    import hashlib

    from dossier.build import manifest

    root, cache = tmp_path / "root", tmp_path / "cache"
    root.mkdir()
    for name, text in (("a.txt", "alpha"), ("b.txt", "beta")):
        (root / name).write_text(text, "utf-8")
    read: list[str] = []
    real = Path.read_bytes

    def counting(self: Path) -> bytes:
        if self.parent == root:  # an input, not the record
            read.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)

    def digests() -> dict[str, bytes]:
        read.clear()
        return dict(manifest.file_digests(root, ["a.txt", "b.txt", "gone.txt"], cache))

    def sha(name: str) -> bytes:
        return hashlib.sha256(real(root / name)).digest()

    assert digests() == {"a.txt": sha("a.txt"), "b.txt": sha("b.txt")}
    assert digests() and sorted(read) == ["a.txt", "b.txt"]  # just written: not trusted yet
    monkeypatch.setattr(manifest, "SETTLED_NS", -10**12)  # as if written long ago
    digests()
    assert digests() == {"a.txt": sha("a.txt"), "b.txt": sha("b.txt")} and read == []
    before = os.stat(root / "a.txt")
    (root / "a.txt").write_text("alpha", "utf-8")  # same bytes, same size
    (root / "a.txt").write_text("ALPHA", "utf-8")
    os.utime(root / "a.txt", ns=(before.st_atime_ns, before.st_mtime_ns))
    assert digests()["a.txt"] == sha("a.txt") and read == ["a.txt"]
    assert manifest.file_digests(root, ["a.txt"], None) == [("a.txt", sha("a.txt"))]
