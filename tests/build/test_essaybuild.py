"""The one-shot build after an edit to the essays only (dossier.build.essaybuild): it rewrites
the essays' files and nothing else, gives the site a cold build gives, checks the links it
can break, and leaves the next full build nothing stale to trust.

Each test works on a copy of the project built once (tests.build.test_manifest's ``base``),
running ``build.py build`` in a fresh process as an editor does."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest
from lxml import html

from dossier.build.essaybuild import EssayEdit, links_into
from dossier.essays.render import EssaySet
from dossier.essays.source import Essay
from dossier.essays.targets import Targets
from dossier.publish.linkrecords import PageLinks
from tests.build.test_manifest import (
    EDITS,
    _append,
    _essay,
    _sub,
    assert_warm_is_cold,
    built_once,
    fresh,
    run,
    warm,
)
from tests.support import tree

ONLY_ESSAYS = "only essays changed"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_once(tmp_path_factory)


def _stats(out: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(out).as_posix(): (os.stat(p).st_ino, os.stat(p).st_mtime_ns)
            for p in out.rglob("*") if p.is_file()}


def test_an_essay_edit_rewrites_only_the_essays_files(base: Path, tmp_path: Path) -> None:
    proj = fresh(base, tmp_path)
    before = _stats(proj / "out")
    EDITS["essay: a sentence added"](proj)
    _built, done = assert_warm_is_cold(proj)
    assert ONLY_ESSAYS in done.stdout
    after = _stats(proj / "out")
    touched = sorted(rel for rel in after if after[rel] != before.get(rel))
    assert touched, "the edited essay's page was not written"
    assert all(rel.startswith("essays/") for rel in touched), touched
    assert sorted(after) == sorted(before)
    # The other essays' pages show what they showed: linked from the output, not rendered.
    rendered = re.search(r"^(\d+) pages rendered", done.stdout, re.M)
    assert rendered is not None, done.stdout
    assert int(rendered.group(1)) == len([r for r in touched if r.endswith(".html")]) == 1


def test_a_new_essay_and_then_its_removal(base: Path, tmp_path: Path) -> None:
    proj = fresh(base, tmp_path)
    before = set(tree(proj / "out"))
    EDITS["essay: a new essay"](proj)  # no themes, no citations: its own files only
    built, done = assert_warm_is_cold(proj)
    assert ONLY_ESSAYS in done.stdout
    assert [rel for rel in sorted(set(built) - before) if rel.endswith(".html")] == [
        "essays/an-added-essay/index.html"]
    (proj / "content" / "essays" / "zz-added.md").unlink()
    built, done = assert_warm_is_cold(proj)
    assert ONLY_ESSAYS in done.stdout
    assert set(built) == before


def test_an_edit_another_page_shows_builds_the_site(base: Path, tmp_path: Path) -> None:
    """A new title is shown by the theme, entity and source pages that list the essay: the
    essays-only build does not write those, so the full build runs (and reuses the rest)."""
    proj = fresh(base, tmp_path)
    text = _essay(proj).read_text("utf-8")
    title = re.search(r"^Title: (.+)$", text, re.M)
    assert title
    _sub(_essay(proj), f"Title: {title.group(1)}", "Title: Retitled by the test")
    built, done = assert_warm_is_cold(proj)
    assert ONLY_ESSAYS not in done.stdout
    assert any(b"Retitled by the test" in built[rel] for rel in built
               if rel.startswith("documents/"))


def test_an_essay_edit_to_a_hand_edited_output_builds_the_site(base: Path,
                                                               tmp_path: Path) -> None:
    """The check that the output is as the last build left it runs beside the essays-only
    build (dossier.util.workers.Background): its answer still stops that build."""
    proj = fresh(base, tmp_path)
    (proj / "out" / "timeline" / "index.html").write_text("edited by hand", "utf-8")
    EDITS["essay: a sentence added"](proj)
    _built, done = assert_warm_is_cold(proj)
    assert ONLY_ESSAYS not in done.stdout


def test_a_broken_essay_leaves_the_output_alone(base: Path, tmp_path: Path) -> None:
    proj = fresh(base, tmp_path)
    before = tree(proj / "out")
    _append(_essay(proj), "\nSee [[theme:no-such-theme]].\n")
    done = warm(proj)
    assert done.returncode == 1
    assert "no-such-theme" in done.stdout
    assert tree(proj / "out") == before


@pytest.mark.parametrize("first", ["essays only", "full"])
def test_a_page_written_as_it_was_still_has_its_links_into_a_changed_one_checked(
        base: Path, tmp_path: Path, first: str) -> None:
    """One essay links to a heading of another; the other loses the heading. The first
    essay's page is written as it was (not read again: its links are what the last build,
    essays-only or ``full``, learnt of it), but its link into the changed page is checked:
    the build fails, naming it, and the output stays as it was."""
    proj = fresh(base, tmp_path)
    essays = proj / "content" / "essays"
    _append(essays / "moscow-on-the-day-of-the-invasion.md", "\n## Terms {#the-terms}\n\nWords.\n")
    _append(essays / "after-kabul.md", "\nSee [the terms](../moscow-on-the-day-of-the-invasion/"
            "index.html#the-terms).\n")
    if first == "full":
        EDITS["seed: a word changed"](proj)
    done = warm(proj)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (ONLY_ESSAYS in done.stdout) == (first == "essays only")
    before = tree(proj / "out")
    _sub(essays / "moscow-on-the-day-of-the-invasion.md", "## Terms {#the-terms}", "## Terms")
    done = warm(proj)
    assert done.returncode == 1, done.stdout
    assert ONLY_ESSAYS in done.stdout
    assert "out/essays/after-kabul/index.html" in done.stdout
    assert "no id 'the-terms'" in done.stdout
    assert tree(proj / "out") == before


def test_the_pages_it_wrote_are_checked_again_by_the_next_full_build(base: Path,
                                                                     tmp_path: Path) -> None:
    """An essay gains a plain link to a section of an entity's page (only the essay's page
    shows it); an edit to the events then leaves that entity with none, and its page without
    the section. The essay's page is kept by the full build (it shows nothing of the events),
    so only its links tell, and nothing in the essay's source can: the link check must read
    the page as the essays-only build wrote it, not as the build before had recorded it."""
    proj = fresh(base, tmp_path)
    events = proj / "content" / "events.toml"
    listed = [e for ev in tomllib.loads(events.read_text("utf-8"))["event"]
              for e in ev.get("entities", [])]
    entity = next(e for e in sorted(set(listed)) if listed.count(e) == 1)
    page = (proj / "out" / "entities" / entity / "index.html").read_bytes()
    assert html.fromstring(page).get_element_by_id("entity-events") is not None
    _append(_essay(proj),
            f"\nSee [its events](../../entities/{entity}/index.html#entity-events).\n")
    done = warm(proj)
    assert done.returncode == 0, done.stdout + done.stderr
    assert ONLY_ESSAYS in done.stdout
    text = events.read_text("utf-8")
    for quoted in (f'"{entity}", ', f', "{entity}"', f'"{entity}"'):
        text = text.replace(quoted, "", 1) if quoted in text else text
    events.write_text(text, "utf-8")
    done = warm(proj)
    assert done.returncode == 1, done.stdout
    assert "no id 'entity-events'" in done.stdout and "out/essays/" in done.stdout


def test_a_plain_link_to_a_passage_is_checked_on_the_essays_line(base: Path,
                                                                 tmp_path: Path) -> None:
    """An essay gains a plain link to a passage (no citation: only the essay's page shows
    it); a seed edit then changes that passage's id. The build fails naming the essay's
    file and line, as for [[slug#id]], not only the page written from it."""
    proj = fresh(base, tmp_path)
    catalogue = tomllib.loads((proj / "seeds" / "catalogue.toml").read_text("utf-8"))
    name, entry = sorted(catalogue["documents"].items())[0]
    page = proj / "out" / "documents" / entry["slug"] / "index.html"
    paragraphs = html.fromstring(page.read_bytes()).xpath("//p[starts-with(@id, 'p-')]")
    text = (proj / "seeds" / name).read_text("utf-8")
    cited = "".join(e.read_text("utf-8") for e in (proj / "content" / "essays").glob("*.md"))
    pid, word = next((p.get("id"), w) for p in paragraphs[2:] for w in p.text_content().split()
                     if p.get("id") not in cited and len(w) > 6 and w.isalpha()
                     and text.count(w) == 1)
    _append(_essay(proj),
            f"\nSee [this passage](../../documents/{entry['slug']}/index.html#{pid}).\n")
    line = len(_essay(proj).read_text("utf-8").splitlines())
    done = warm(proj)
    assert done.returncode == 0, done.stdout + done.stderr
    assert ONLY_ESSAYS in done.stdout
    (proj / "seeds" / name).write_text(text.replace(word, word + "s", 1), "utf-8")
    done = warm(proj)
    assert done.returncode == 1, done.stdout
    shown = _essay(proj).relative_to(proj).as_posix()
    assert f"{shown}:{line}: error: link '" in done.stdout
    assert f"has no passage '{pid}' — " in done.stdout


# --------------------------------------------------------------------------- units


def essay(slug: str) -> Essay:
    return Essay(f"content/essays/{slug}.md", slug, slug.title(), "2024-01-01", "", (), "", (),
                 "published", "", "", "Text.", 3, {})


def test_links_into_keeps_only_the_other_pages_links_into_the_files() -> None:
    records = {
        "index.html": PageLinks({}, {"essays/a/index.html": [("", 3)]}),
        "themes/t/index.html": PageLinks({}, {"essays/a/index.html": [("", 9)],
                                              "documents/d/index.html": [("p-1", 10)]}),
        "documents/d/index.html": PageLinks({}, {"essays/a/index.html": [("cite-1", 4)]}),
    }
    essays = EssaySet.of((essay("a"),), Targets(themes={"t": "T"}))
    into = links_into(records, essays)
    assert into == {"essays/a/index.html": {"documents/d/index.html": [("cite-1", 4)],
                                            "themes/t/index.html": [("", 9)]}}
    # into a file every build writes, only a link naming a fragment can break
    records["themes/t/index.html"].links["essays/index.html"] = [("", 2), ("top", 3)]
    assert links_into(records, essays)["essays/index.html"] == {
        "themes/t/index.html": [("top", 3)]}


def test_an_edit_is_essays_only_when_no_other_list_changed() -> None:
    assert EssayEdit().essays_only
    assert not EssayEdit(themes=("sanctions",)).essays_only
    assert not EssayEdit(documents=(0,)).essays_only


def test_with_a_site_url_the_sitemap_lists_a_new_essay(base: Path, tmp_path: Path) -> None:
    proj = fresh(base, tmp_path)
    url = ("--site-url", "https://example.org/repo/")
    assert run(proj, "out", str(proj.parent / "cache"), *url).returncode == 0  # a full build
    EDITS["essay: a new essay"](proj)
    done = run(proj, "out", str(proj.parent / "cache"), *url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert ONLY_ESSAYS in done.stdout
    assert run(proj, str(proj.parent / "cold"), "off", *url).returncode == 0
    assert tree(proj / "out") == tree(proj.parent / "cold")
    assert b"essays/an-added-essay/index.html" in (proj / "out" / "sitemap.xml").read_bytes()
