"""Warm rebuilds (dossier/build/incremental.py): after an edit to the essays only, the builder
that stayed in memory rewrites the pages that show them, and the site it leaves is byte for byte the
one a cold full build gives. Anything else takes a full build; a change to the code asks for
a fresh process. A failed warm build leaves the output, and the builder, as they were."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import pytest

from dossier.build import incremental as warm
from dossier.build import pelican, site
from tests.support import differences, folders, tree

ROOT = Path(__file__).resolve().parents[2]
ESSAY = "content/essays/after-kabul.md"
CITED = "pakistans-new-pm-wants-to-rebuild-ties-with-the-west#p-4vwsqp"



@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.delenv("SITEURL", raising=False)
    proj = tmp_path / "proj"
    for name in ("seeds", "content", "theme", "dossier"):
        shutil.copytree(ROOT / name, proj / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("build.py", "pelicanconf.py"):
        shutil.copy2(ROOT / name, proj / name)
    # Pagefind as `make` installed it (dossier.publish.search finds it beside dossier/).
    (proj / "vendor").symlink_to(ROOT / "vendor", target_is_directory=True)
    return proj


def _settings(proj: Path, search: bool, url: str) -> tuple[site.RunPelican, site.Publishing]:
    """How the CLI runs Pelican and what it publishes, for the project ``proj``."""
    settings = pelican.site_settings(proj, url, DOSSIER_SEARCH=search)
    publishing = site.Publishing(search=search, context=pelican.template_context(settings))
    return functools.partial(pelican.run_pelican, settings), publishing


def builder(proj: Path, search: bool = False, url: str = "") -> warm.WarmBuilder:
    run_pelican, publishing = _settings(proj, search, url)
    return warm.WarmBuilder(proj, proj / "output", url, run_pelican, publishing=publishing)


def cold(proj: Path, out: Path, search: bool = False, url: str = "") -> dict[str, bytes]:
    """A full build of the project as it is now, with no state kept."""
    run_pelican, publishing = _settings(proj, search, url)
    result = site.build(proj, out, url, run_pelican, publishing=publishing)
    assert result.written, [str(d) for d in result.diagnostics]
    return tree(out)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def touch_later(path: Path) -> None:
    """A modification the snapshot sees even on a coarse clock."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


# ------------------------------------------------------------------ change_kind


def test_classify_changes() -> None:
    assert warm.change_kind(set()) == "none"
    assert warm.change_kind({"content/essays/a.md", "content/essays/b.md"}) == "essays"
    assert warm.change_kind({"content/essays/a.md", "seeds/x.txt"}) == "full"
    assert warm.change_kind({"content/themes/sanctions.toml"}) == "full"
    assert warm.change_kind({"theme/templates/base.html"}) == "full"
    assert warm.change_kind({"content/essays/a.md", "dossier/build/pelican.py"}) == "restart"
    assert warm.change_kind({"pelicanconf.py"}) == "restart"


def test_snapshot_sees_edits_additions_and_removals(tmp_path: Path) -> None:
    (tmp_path / "content" / "essays").mkdir(parents=True)
    (tmp_path / "dossier" / "__pycache__").mkdir(parents=True)
    essay = tmp_path / "content" / "essays" / "a.md"
    essay.write_text("x", encoding="utf-8")
    (tmp_path / "dossier" / "__pycache__" / "m.pyc").write_bytes(b"")
    before = warm.snapshot(tmp_path)
    assert set(before) == {"content/essays/a.md"}  # bytecode is not an input
    essay.write_text("xy", encoding="utf-8")
    (tmp_path / "content" / "essays" / "b.md").write_text("new", encoding="utf-8")
    after = warm.snapshot(tmp_path)
    assert warm.changed_files(before, after) == {"content/essays/a.md", "content/essays/b.md"}
    essay.unlink()
    assert warm.changed_files(after, warm.snapshot(tmp_path)) == {"content/essays/a.md"}


# ------------------------------------------------------------------ warm essays


def test_essay_edit_rewrites_only_what_shows_it_and_equals_a_cold_build(
        project: Path, tmp_path: Path) -> None:
    b = builder(project)
    assert b.build().mode == "full"
    out = project / "output"
    before = tree(out)
    inode = (out / "timeline" / "index.html").stat().st_ino
    essay = project / ESSAY
    edit(essay, "Title: After Kabul", "Title: Before and after Kabul")
    edit(essay, f"[[{CITED}]]", "")  # one citation fewer: that document's notes change
    outcome = b.build()
    assert outcome.mode == "essays" and outcome.result.written, outcome.result.diagnostics
    after = tree(out)
    changed = set(differences(before, after))
    assert "essays/after-kabul/index.html" in changed  # the essay itself
    assert "essays/index.html" in changed and "index.html" in changed  # its cards
    assert "documents/pakistans-new-pm-wants-to-rebuild-ties-with-the-west/index.html" \
        in changed  # "cited in" of the passage it no longer cites
    assert set(outcome.files) == changed
    assert (out / "timeline" / "index.html").stat().st_ino == inode  # untouched
    assert differences(after, cold(project, tmp_path / "cold")) == []
    assert b.build().mode == "none"


def test_an_essay_body_edit_renders_that_page_only_edit_after_edit(
        project: Path, tmp_path: Path) -> None:
    """The other essays' pages, unchanged, are linked from the output as it is now (after
    the full build, then after each warm one), not rendered again; the site is a cold
    build's, and going back to a page's earlier bytes is written, not trusted."""
    b = builder(project)
    b.build()
    essay = project / ESSAY
    original = essay.read_text("utf-8")
    for text in ("First added sentence.", "Second added sentence.", ""):
        essay.write_text(original + (f"\n{text}\n" if text else ""), "utf-8")
        touch_later(essay)
        outcome = b.build()
        assert outcome.mode == "essays" and outcome.result.written
        gen = b.state.generator
        rendered = sorted(page for page, _key, kept in gen.written
                          if not kept and page.endswith(".html"))
        assert rendered == ["essays/after-kabul/index.html"], rendered
        assert outcome.files == ["essays/after-kabul/index.html"]
    assert differences(tree(project / "output"), cold(project, tmp_path / "cold")) == []


def test_new_and_deleted_essays(project: Path, tmp_path: Path) -> None:
    b = builder(project)
    b.build()
    new = project / "content" / "essays" / "warm-test.md"
    new.write_text("Title: Warm test\nDate: 2024-01-02\nThemes: sanctions\n\n"
                   f"Quuxwarm essay text, [[theme:russia-tilt]], [[{CITED}]].\n",
                   encoding="utf-8")
    outcome = b.build()
    assert outcome.mode == "essays" and outcome.result.written, outcome.result.diagnostics
    assert "Quuxwarm" in (project / "output/essays/warm-test/index.html").read_text("utf-8")
    assert "Warm test" in (project / "output/themes/sanctions/index.html").read_text("utf-8")
    assert differences(tree(project / "output"), cold(project, tmp_path / "c1")) == []
    new.unlink()
    outcome = b.build()
    assert outcome.mode == "essays" and outcome.result.written, outcome.result.diagnostics
    assert not (project / "output/essays/warm-test/index.html").exists()
    assert differences(tree(project / "output"), cold(project, tmp_path / "c2")) == []


def test_with_a_site_url_the_sitemap_follows_new_and_deleted_essays(project: Path,
                                                                    tmp_path: Path) -> None:
    url = "https://example.org/repo/"
    b = builder(project, url=url)
    b.build()
    new = project / "content" / "essays" / "warm-test.md"
    new.write_text("Title: Warm test\nDate: 2024-01-02\n\nText, [[theme:sanctions]].\n",
                   encoding="utf-8")
    assert b.build().mode == "essays"
    sitemap = (project / "output" / "sitemap.xml").read_text("utf-8")
    assert f"{url}essays/warm-test/index.html" in sitemap
    assert differences(tree(project / "output"), cold(project, tmp_path / "c1", url=url)) == []
    new.unlink()
    assert b.build().mode == "essays"
    assert "warm-test" not in (project / "output" / "sitemap.xml").read_text("utf-8")
    assert differences(tree(project / "output"), cold(project, tmp_path / "c2", url=url)) == []


def test_a_broken_essay_keeps_the_output_and_the_next_fix_builds(project: Path,
                                                                 tmp_path: Path) -> None:
    b = builder(project)
    b.build()
    before = tree(project / "output")
    essay = project / ESSAY
    good = essay.read_text(encoding="utf-8")
    edit(essay, f"[[{CITED}]]", f"[[{CITED}-gone]]")
    outcome = b.build()
    assert outcome.mode == "essays" and not outcome.result.written
    errors = outcome.result.errors
    assert errors and all(d.path.endswith("after-kabul.md") and d.line > 0 for d in errors)
    assert tree(project / "output") == before  # the last good site is kept
    essay.write_text(good.replace("Title: After Kabul", "Title: Fixed Kabul"), "utf-8")
    outcome = b.build()
    assert outcome.mode == "essays" and outcome.result.written
    assert differences(tree(project / "output"), cold(project, tmp_path / "c")) == []


def test_a_broken_link_found_by_the_incremental_check_writes_nothing(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The warm check catches what the full one would: a rendered essay page with a link to
    a missing file (as a template bug would make) fails, and leaves output and state as they
    were."""
    b = builder(project)
    b.build()
    before = tree(project / "output")
    gen = b.state.generator
    original = gen.rewrite_essays

    def broken(essays, staging: Path) -> None:
        original(essays, staging)
        page = staging / "essays/after-kabul/index.html"
        page.write_text(page.read_text("utf-8").replace(
            "</main>", '<a href="../../nowhere.html">x</a></main>'), "utf-8")

    monkeypatch.setattr(gen, "rewrite_essays", broken)
    edit(project / ESSAY, "Title: After Kabul", "Title: Broken Kabul")
    outcome = b.build()
    assert not outcome.result.written
    assert any("nowhere.html" in d.message for d in outcome.result.errors)
    assert tree(project / "output") == before
    monkeypatch.setattr(gen, "rewrite_essays", original)
    assert b.build().result.written  # the builder's state was rolled back: it still works
    assert "Broken Kabul" in (project / "output/essays/index.html").read_text("utf-8")


def test_other_changes_take_a_full_build_and_code_a_restart(project: Path,
                                                           tmp_path: Path) -> None:
    b = builder(project)
    b.build()
    folder = (project / "output").stat().st_ino
    seed = sorted((project / "seeds").glob("*.txt"))[0]
    with seed.open("a", encoding="utf-8") as f:
        f.write("\n\nA sentence the warm test adds to a seed.\n")
    assert b.build().mode == "full"
    # in place (no search): what was written moved into the output, not a new folder
    assert (project / "output").stat().st_ino == folder
    assert tree(project / "output") == cold(project, tmp_path / "cold1")
    assert folders(project / "output") == folders(tmp_path / "cold1")
    edit(project / ESSAY, "Title: After Kabul", "Title: Then Kabul")
    assert b.build().mode == "essays"  # warm again after the full build
    assert tree(project / "output") == cold(project, tmp_path / "cold2")
    touch_later(project / "dossier" / "build" / "incremental.py")
    assert b.build().mode == "restart"


def test_search_is_refreshed_after_a_warm_build(project: Path, tmp_path: Path) -> None:
    b = builder(project, search=True)
    b.build()
    edit(project / ESSAY, "Title: After Kabul", "Title: Zanzibarwarm after Kabul")
    outcome = b.build()
    assert outcome.mode == "essays" and outcome.search_stale
    refreshed = b.refresh_search()
    assert refreshed.written and not refreshed.errors, refreshed.diagnostics
    assert b"zanzibarwarm" in (project / "output/search/terms.js").read_bytes().lower()
    assert differences(tree(project / "output"), cold(project, tmp_path / "c", search=True)) \
        == []


def test_with_search_an_essay_can_be_deleted_before_the_index_follows(
        project: Path, tmp_path: Path) -> None:
    """The A–Z page still links to the deleted essay until the search index is rebuilt: that
    link is the refresh's to check, not a reason to refuse the pages."""
    essay = project / "content" / "essays" / "warm-test.md"
    essay.write_text("Title: Warm test\nDate: 2024-01-02\nThemes: sanctions\n\n"
                     f"Quuxwarm essay text, [[{CITED}]].\n", encoding="utf-8")
    b = builder(project, search=True)
    b.build()
    az = (project / "output/search/a-z.html").read_text("utf-8")
    assert "essays/warm-test/index.html" in az  # the A–Z index lists the essay
    essay.unlink()
    outcome = b.build()
    assert outcome.mode == "essays" and outcome.result.written, outcome.result.diagnostics
    refreshed = b.refresh_search()
    assert refreshed.written and not refreshed.errors, refreshed.diagnostics
    assert "essays/warm-test/" not in (project / "output/search/a-z.html").read_text("utf-8")
    assert differences(tree(project / "output"), cold(project, tmp_path / "c", search=True)) \
        == []


def test_a_bug_in_the_warm_path_is_said_and_the_site_still_built(
        project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    b = builder(project)
    b.build()

    def crash(essays, staging: Path) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(b.state.generator, "rewrite_essays", crash)
    edit(project / ESSAY, "Title: After Kabul", "Title: Crashed Kabul")
    outcome = b.build()
    assert outcome.mode == "full" and outcome.result.written
    assert "RuntimeError: boom" in outcome.note and "bug in Dossier" in outcome.note
    assert differences(tree(project / "output"), cold(project, tmp_path / "c")) == []
