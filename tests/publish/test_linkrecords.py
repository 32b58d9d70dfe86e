"""check_changed: the link check of a build that kept pages reports what a full check of the
whole folder reports, parsing only the files written anew."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.publish import linkcheck, linkindex, linkrecords
from dossier.publish.linkrecords import check_changed


def page(body: str) -> str:
    return f"<!doctype html><html><head><title>t</title></head><body>\n{body}\n</body></html>"


SITE = {
    "index.html": page('<a href="a/index.html#p-1">a</a>\n<a href="b/index.html#p-2">b</a>'),
    "a/index.html": page('<p id="p-1">one</p>\n<a href="../b/index.html#p-2">b</a>'
                         '\n<a href="cite.bib">cite</a>'),
    "a/cite.bib": "@misc{a}",
    "b/index.html": page('<p id="p-2">two</p>\n<a href="../index.html">home</a>'),
    "theme/style.css": "body { background: url(bg.png) }",
    "theme/bg.png": "png",
}


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")


def messages(diags) -> list[tuple[str, int, str]]:
    return [(d.path, d.line, d.message) for d in diags]


@pytest.fixture
def first(tmp_path: Path) -> tuple[Path, dict[str, linkrecords.PageLinks]]:
    """A checked site and its records."""
    root = tmp_path / "out"
    write(root, SITE)
    found, records = check_changed(root, {}, shown_as="out", jobs=1)
    assert found == [] == linkcheck.check_site(root, shown_as="out", jobs=1)
    assert set(records) == {"index.html", "a/index.html", "b/index.html"}
    return root, records


@pytest.mark.parametrize("change, expect", [
    # a page written anew loses the id a kept page links to
    ({"b/index.html": page('<p id="p-3">two</p>')}, "no id 'p-2'"),
    # a file a kept page links to is no longer written
    ({"a/cite.bib": None}, "a/cite.bib does not exist"),
    # a page written anew has a broken link of its own
    ({"b/index.html": page('<p id="p-2">two</p>\n<a href="../c/index.html">c</a>')},
     "c/index.html does not exist"),
    # a page written anew has an id twice
    ({"b/index.html": page('<p id="p-2">two</p><p id="p-2">again</p>')}, "used 2 times"),
])
def test_reports_what_a_full_check_reports(first, change: dict[str, str | None],
                                           expect: str) -> None:
    root, records = first
    for rel, text in change.items():
        if text is None:
            (root / rel).unlink()
        else:
            (root / rel).write_text(text, "utf-8")
    kept = {rel: rec for rel, rec in records.items() if rel not in change}
    found, _ = check_changed(root, kept, shown_as="out", jobs=1)
    full = linkcheck.check_site(root, shown_as="out", jobs=1)
    assert any(expect in d.message for d in full)
    # the same problems, found from the records (message wording of kept pages aside)
    assert {(d.path, d.line) for d in found} == {(d.path, d.line) for d in full}
    assert any(expect in d.message or "no longer written" in d.message for d in found)


def test_kept_pages_are_not_parsed_again(first, monkeypatch) -> None:
    root, records = first
    (root / "b/index.html").write_text(page('<p id="p-2">two, edited</p>'), "utf-8")
    parsed: list[int] = []
    real = linkcheck.scan_page
    monkeypatch.setattr(linkcheck, "scan_page", lambda data: parsed.append(1) or real(data))
    kept = {rel: rec for rel, rec in records.items() if rel != "b/index.html"}
    found, now = check_changed(root, kept, shown_as="out", jobs=1)
    assert found == []
    assert len(parsed) == 1  # b/index.html only
    assert now["b/index.html"].ids == {"p-2": 1}


def test_a_kept_page_that_is_gone_is_not_checked(first) -> None:
    root, records = first
    (root / "b/index.html").unlink()
    (root / "index.html").write_text(page('<a href="a/index.html#p-1">a</a>'), "utf-8")
    kept = {rel: rec for rel, rec in records.items() if rel != "index.html"}
    found, now = check_changed(root, kept, shown_as="out", jobs=1)
    full = linkcheck.check_site(root, shown_as="out", jobs=1)
    assert [(d.path, d.line) for d in found] == [(d.path, d.line) for d in full] \
        == [("out/a/index.html", 3)]
    assert "b/index.html" not in now


@pytest.mark.parametrize("edit", [
    {"b/index.html": page('<p id="p-3">two</p>')},  # loses the id two pages link to
    {"a/index.html": page('<p id="p-1">one</p>\n<a href="../c/index.html">c</a>')},
    {"b/index.html": page('<p id="p-2">two</p>\n<a href="../index.html">home</a>')},  # fine
])
def test_the_index_made_from_records_checks_later_edits_as_a_full_index(
        first, tmp_path: Path, edit: dict[str, str]) -> None:
    """The preview's essay rebuilds update a LinkIndex: one made from the records of a
    check that kept pages finds what one made by a full check finds."""
    root, records = first
    (root / "b/index.html").write_text(page('<p id="p-2">two</p>'), "utf-8")
    kept = {rel: rec for rel, rec in records.items() if rel != "b/index.html"}
    found, _now, from_records = linkrecords.check_changed_indexed(root, kept, "out", jobs=1)
    full_found, full = linkindex.check_site_indexed(root, shown_as="out", jobs=1)
    assert found == full_found == []
    assert from_records.into == full.into and from_records.out == full.out
    staging = tmp_path / "staging"
    write(staging, edit)
    a = from_records.update(staging, set(edit), set())
    b = full.update(staging, set(edit), set())
    assert messages(a) == messages(b)
    assert bool(a) == (edit != {"b/index.html": page('<p id="p-2">two</p>\n'
                                                       '<a href="../index.html">home</a>')})
