"""dossier.publish.linkcheck on small fixture sites: each kind of broken link is found and
named."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.publish.linkcheck import check_site
from dossier.publish.linkindex import check_site_indexed


def page(body: str, head: str = "") -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{head}</head>'
            f"<body>{body}</body></html>")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A correct two-page site with a stylesheet: no diagnostics."""
    out = tmp_path / "output"
    (out / "documents" / "a").mkdir(parents=True)
    (out / "theme" / "css").mkdir(parents=True)
    (out / "theme" / "css" / "site.css").write_text("body { color: black; }\n")
    (out / "index.html").write_text(page(
        '<a href="documents/a/index.html">A</a> <a href="documents/a/index.html#p-1">p1</a>'
        ' <a href="#top">top</a> <a href="https://example.org/">out</a>'
        ' <a href="mailto:x@example.org">mail</a> <img src="data:image/gif;base64,R0lGOD">',
        head='<link rel="stylesheet" href="theme/css/site.css"><link rel="icon" href="data:,">'
             '<link rel="canonical" href="https://example.org/index.html">',
    ).replace("<body>", '<body id="top">'))
    (out / "documents" / "a" / "index.html").write_text(page(
        '<p id="p-1">One <a href="#p-1">¶</a></p><span id="old"></span>'
        '<a href="../../index.html">home</a>',
        head='<link rel="stylesheet" href="../../theme/css/site.css">',
    ))
    return out


def write(site: Path, rel: str, html: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html)


def messages(site: Path) -> list[str]:
    return [str(d) for d in check_site(site)]


def test_clean_site_has_no_diagnostics(site: Path) -> None:
    assert check_site(site) == []


def test_broken_link(site: Path) -> None:
    write(site, "index.html", page('<a href="documents/missing/index.html">x</a>'))
    [d] = check_site(site)
    assert d.severity == "error"
    assert d.path == "output/index.html"
    assert "broken link 'documents/missing/index.html'" in d.message
    assert d.fix
    assert str(d).startswith("output/index.html:1: error: broken link")


def test_missing_fragment_in_other_page(site: Path) -> None:
    write(site, "index.html", page('<a href="documents/a/index.html#p-9">x</a>'))
    [d] = check_site(site)
    assert "no id 'p-9' in documents/a/index.html" in d.message


def test_missing_fragment_in_same_page(site: Path) -> None:
    write(site, "documents/a/index.html", page('<p id="p-1"><a href="#p-2">¶</a></p>'))
    [d] = check_site(site)
    assert d.path == "output/documents/a/index.html"
    assert "no id 'p-2' in this page" in d.message


def test_link_to_a_directory(site: Path) -> None:
    write(site, "index.html", page('<a href="documents/a/">A</a> <a href="documents/a">A</a>'))
    found = check_site(site)
    assert len(found) == 2
    assert all("link to a directory" in d.message for d in found)
    assert "documents/a/index.html" in found[0].fix


def test_dot_links_are_directory_links(site: Path) -> None:
    write(site, "documents/a/index.html", page(
        '<p id="p-1">x</p><a href="../../">home</a> <a href="./">x</a>'))
    assert len(check_site(site)) == 2


def test_root_absolute_link(site: Path) -> None:
    write(site, "index.html", page('<a href="/documents/a/index.html">A</a>'))
    [d] = check_site(site)
    assert "root-absolute link '/documents/a/index.html'" in d.message
    assert "relative" in d.fix


def test_external_stylesheet_is_an_error(site: Path) -> None:
    write(site, "index.html", page(
        "x", head='<link rel="stylesheet" href="https://cdn.example.com/x.css">'))
    [d] = check_site(site)
    assert "resource loaded from another host 'https://cdn.example.com/x.css'" in d.message


@pytest.mark.parametrize("html", [
    '<script src="https://cdn.example.com/x.js"></script>',
    '<img src="//images.example.com/a.png" alt="">',
    '<img srcset="a.png 1x, https://img.example.com/b.png 2x" alt="">',
])
def test_external_resources_are_errors(site: Path, html: str) -> None:
    (site / "a.png").write_bytes(b"")
    write(site, "index.html", page(html))
    found = check_site(site)
    assert len(found) == 1 and "another host" in found[0].message


def test_external_font_in_css_is_an_error(site: Path) -> None:
    (site / "theme" / "css" / "site.css").write_text(
        "body {}\n@import url('https://fonts.example.com/f.css');\n")
    [d] = check_site(site)
    assert d.path == "output/theme/css/site.css" and d.line == 2


def test_missing_file_in_css_is_an_error(site: Path) -> None:
    (site / "theme" / "css" / "site.css").write_text("a { background: url(../img/x.png); }")
    [d] = check_site(site)
    assert "broken link '../img/x.png'" in d.message


def test_plain_external_anchor_is_allowed(site: Path) -> None:
    write(site, "index.html", page('<a href="https://example.org/a?b#c">ok</a>'))
    assert check_site(site) == []


def test_unsafe_scheme_is_an_error(site: Path) -> None:
    write(site, "index.html", page('<a href="javascript:alert(1)">x</a>'))
    [d] = check_site(site)
    assert "unsupported scheme" in d.message


def test_link_leaving_the_site(site: Path) -> None:
    write(site, "index.html", page('<a href="../outside.html">x</a>'))
    [d] = check_site(site)
    assert "leaves the site" in d.message


def test_duplicate_ids(site: Path) -> None:
    write(site, "index.html", page('<p id="p-1">a</p><p id="p-1">b</p>'))
    [d] = check_site(site)
    assert "id 'p-1' used 2 times" in d.message


def test_percent_encoded_targets(site: Path) -> None:
    write(site, "documents/a b/index.html", page('<p id="x y">x</p>'))
    write(site, "index.html", page('<a href="documents/a%20b/index.html#x%20y">x</a>'))
    assert check_site(site) == []


def test_shown_as_names_the_final_directory(site: Path) -> None:
    write(site, "index.html", page('<a href="nope.html">x</a>'))
    [d] = check_site(site, shown_as="output")
    assert d.path == "output/index.html"
    tmp = site.rename(site.with_name("output.tmp-123"))
    assert check_site(tmp, shown_as="output")[0].path == "output/index.html"
    assert check_site(tmp)[0].path == "output.tmp-123/index.html"


def test_diagnostics_are_sorted(site: Path) -> None:
    write(site, "index.html", page('<a href="z.html">z</a>\n<a href="a.html">a</a>'))
    write(site, "documents/a/index.html", page('<a href="/x">x</a>'))
    found = messages(site)
    assert found == sorted(found)
    assert found[0].startswith("output/documents/a/index.html")


def test_progress_counts_every_checked_file(site: Path) -> None:
    seen: list[tuple[int, int]] = []
    check_site(site, progress=lambda done, total: seen.append((done, total)))
    # two pages and a stylesheet
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)


def test_parallel_check_finds_the_same_problems(site: Path, monkeypatch) -> None:
    """A large site is checked by forked workers (scan, then check): same diagnostics."""
    import dossier.publish.linkcheck as lc

    for i in range(30):
        write(site, f"many/p{i}/index.html", page(
            f'<a href="../p{(i + 1) % 30}/index.html#top">next</a> <a href="#nowhere">x</a>'
            f' <a href="../../documents/a/index.html#p-{i % 3}">a</a>').replace(
                "<body>", '<body id="top">'))
    serial = check_site(site, jobs=1)
    monkeypatch.setattr(lc, "PARALLEL_FILES", 2)
    monkeypatch.setattr(lc, "CHUNK", 4)
    seen: list[tuple[int, int]] = []
    parallel = check_site(site, jobs=2, progress=lambda d, t: seen.append((d, t)))
    assert parallel == serial
    assert len(serial) == 30 + 20  # every "#nowhere", and p-0/p-2 missing in documents/a
    assert seen[-1][0] == seen[-1][1]


# ------------------------------------------------------------------ incremental (LinkIndex)


def staged(tmp_path: Path, files: dict[str, str]) -> Path:
    stage = tmp_path / "stage"
    for rel, html in files.items():
        (stage / rel).parent.mkdir(parents=True, exist_ok=True)
        (stage / rel).write_text(html)
    return stage


def test_index_update_checks_changed_pages_and_links_into_them(site: Path,
                                                                tmp_path: Path) -> None:
    found, index = check_site_indexed(site)
    assert found == []
    # documents/a loses the id that index.html links to: the unchanged index.html is named
    stage = staged(tmp_path, {"documents/a/index.html": page(
        '<p id="p-2">Two</p><a href="../../index.html#top">home</a>')})
    diags = index.update(stage, {"documents/a/index.html"}, set())
    assert [(d.path, d.line > 0) for d in diags] == [("output/index.html", True)]
    assert "p-1" in diags[0].message
    index.rollback()
    # the same change passes once index.html no longer needs the id (both changed)
    stage = staged(tmp_path, {"index.html": page('<a href="documents/a/index.html#p-2">A</a>'),
                              "documents/a/index.html": page('<p id="p-2">Two</p>')})
    assert index.update(stage, {"index.html", "documents/a/index.html"}, set()) == []


def test_index_update_finds_links_into_removed_pages_and_new_broken_links(
        site: Path, tmp_path: Path) -> None:
    _, index = check_site_indexed(site)
    diags = index.update(tmp_path, set(), {"documents/a/index.html"})
    assert [d.path for d in diags] == ["output/index.html"]  # two links, one line
    assert all("no longer written" in d.message for d in diags)
    index.rollback()
    assert index.update(tmp_path, set(), set()) == []  # rolled back: all is well again
    stage = staged(tmp_path, {"new/index.html": page(
        '<a href="../missing.html">x</a><a href="../documents/a/index.html#p-1">ok</a>'
        '<a href="../documents/a/index.html#nope">bad</a>')})
    diags = index.update(stage, {"new/index.html"}, set())
    assert sorted(d.message.split(":")[0] for d in diags) == [
        "broken link '../documents/a/index.html#nope'", "broken link '../missing.html'"]


def test_a_page_adopted_from_what_a_check_learnt_is_indexed_as_one_read(
        site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The essays-only build indexes the essay pages it writes as they were from what the
    last check learnt of them (LinkIndex.learnt, kept between builds), without reading
    them: the index, and what a later update finds, are those of pages read again."""
    from dossier.publish import linkcheck
    from dossier.publish.linkindex import LinkIndex

    _, full = check_site_indexed(site)
    pages = ["documents/a/index.html", "index.html"]
    learnt = {rel: full.learnt(rel) for rel in pages}
    read, adopted = (LinkIndex.into_some(site, "output", {}) for _ in range(2))
    for rel in pages:
        read.add(rel)
    monkeypatch.setattr(linkcheck, "scan_page", lambda data: pytest.fail("a page was read"))
    for rel in pages:
        adopted.adopt(rel, *learnt[rel])
    monkeypatch.undo()
    assert (adopted.into, adopted.out) == (read.into, read.out)
    assert {rel: adopted.learnt(rel) for rel in pages} == learnt
    stage = staged(tmp_path, {"documents/a/index.html": page('<p id="p-2">Two</p>')})
    found = [index.update(stage, {"documents/a/index.html"}, set()) for index in (read, adopted)]
    assert found[0] == found[1] and [d.path for d in found[0]] == ["output/index.html"]


def test_a_site_given_its_files_resolves_targets_as_a_listed_one(site: Path) -> None:
    """Given the files (as the builds do), the folders are made from them only when a link
    is to something not a file: every answer is the one of the site listed from disk."""
    from dossier.publish.linkcheck import _Site

    listed = _Site(site)
    given = _Site(site, sorted(listed.files))
    for raw in ("documents/a/index.html", "documents/a", "documents/a/", "documents",
                "theme/css/site.css", "theme", "nowhere.html", "../outside.html", "."):
        assert given.target("", raw) == listed.target("", raw), raw
    assert given.target("", "documents/a")[1] == "directory"
    given.add_file("new/deep/page.html")
    assert given.target("", "new/deep")[1] == "directory"
