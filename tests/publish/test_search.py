"""dossier.publish.search: the Pagefind index, its offline copy, the vocabulary and the A–Z page."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dossier.publish import search, search_terms
from tests.publish import search_fixture


def _build(output: Path) -> search.SearchStats:
    search_fixture.make_site(output)
    return search_fixture.build_search(output)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, search.SearchStats]:
    output = tmp_path_factory.mktemp("search-site") / "output"
    return output, _build(output)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_writes_the_bundle_the_offline_copy_and_the_pages(site):
    output, stats = site
    bundle = output / "pagefind"
    for name in ("pagefind.js", "pagefind-entry.json", "search/index.html", "search/a-z.html",
                 "search/terms.js"):
        path = bundle / name if not name.startswith("search/") else output / name
        assert path.is_file(), name
    for name in search.UNUSED_FILES:
        assert not (bundle / name).exists(), f"{name} should have been removed"
    assert stats.pages == len(search_fixture.PAGES)
    assert stats.index_bytes > 0 and stats.offline_bytes > 0
    assert stats.offline_files == len(search.fetched_files(bundle))


def test_every_fetched_file_has_a_wrapper_holding_its_exact_bytes(site):
    output, _ = site
    bundle = output / "pagefind"
    fetched = search.fetched_files(bundle)
    kinds = {p.suffix for p in fetched}
    assert {".json", ".pf_meta", ".pf_index", ".pf_fragment", ".pagefind", ".js"} <= kinds
    call = re.compile(r'^window\.__pagefindOffline\.put\(("[^"]+"),"([A-Za-z0-9+/=]*)"\);\n$')
    for path in fetched:
        key = path.relative_to(bundle).as_posix()
        wrapper = bundle / "offline" / f"{key}.js"
        match = call.match(wrapper.read_text(encoding="ascii"))
        assert match, f"{wrapper} is not a single put() call"
        assert json.loads(match.group(1)) == key
        assert base64.b64decode(match.group(2)) == path.read_bytes(), key


def test_entry_names_files_that_exist(site):
    output, _ = site
    bundle = output / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"], "one forced language, one index"
    for index in entry["languages"].values():
        assert (bundle / f"pagefind.{index['hash']}.pf_meta").is_file()
        assert (bundle / "offline" / f"wasm.{index['wasm']}.pagefind.js").is_file()


def test_only_marked_pages_are_indexed_with_passage_anchors(site):
    output, _ = site
    fragments = search.read_fragments(output / "pagefind")
    urls = [f["url"] for f in fragments]
    assert urls == sorted("/" + p[0] for p in search_fixture.PAGES)
    doc = next(f for f in fragments if "sanctions-and-trade" in f["url"])
    assert doc["meta"]["kind"] == "Document"
    assert [a["id"] for a in search_terms.passages(doc)] == ["p-aaa111", "p-bbb222", "p-ccc333"]
    assert "¶" not in doc["content"], "permalinks are excluded from the index"
    assert "third-party" not in doc["content"], "the footer is excluded"


def test_screen_reader_only_text_is_not_indexed(tmp_path):
    """Theme pages say "Read in context (passage p-4lx6mc)" to screen readers: passage ids
    as words swamped the vocabulary (47,000 words at 5,000 documents, 3,000 without)."""
    output = search_fixture.make_site(tmp_path / "output")
    extra = "themes/hidden/index.html"
    html = search_fixture.page_html(extra, "Theme", "Hidden", [("p-hhh888", "Visible words.", "")])
    html = html.replace("Visible words.", 'Visible words. <a href="#p-hhh888">Read in context'
                        '<span class="visually-hidden"> (passage p-zqxjkv)</span></a>')
    (output / extra).parent.mkdir(parents=True)
    (output / extra).write_text(html, encoding="utf-8")
    search_fixture.build_search(output)
    page = next(f for f in search.read_fragments(output / "pagefind") if "hidden" in f["url"])
    assert "Read in context" in page["content"] and "zqxjkv" not in page["content"]
    assert "zqxjkv" not in (output / "search" / "terms.js").read_text(encoding="utf-8")


def test_two_builds_give_identical_bytes(site, tmp_path):
    output, _ = site
    again = tmp_path / "output"
    _build(again)
    for sub in ("pagefind", "search"):
        assert _tree(output / sub) == _tree(again / sub), f"{sub}/ differs between builds"


def test_rebuilding_in_place_leaves_nothing_stale(tmp_path):
    output = tmp_path / "output"
    _build(output)
    first = _tree(output)
    (output / "pagefind" / "stale.pf_index").write_bytes(b"old")
    search_fixture.build_search(output)
    assert _tree(output) == first


def test_vocabulary_has_both_scripts_most_frequent_first(site):
    output, stats = site
    script = (output / "search" / "terms.js").read_text(encoding="utf-8")
    words_line, complete_line = script.splitlines()
    prefix = "window.__dossierSearchTerms = "
    assert words_line.startswith(prefix)
    terms = json.loads(words_line[len(prefix):].rstrip(";")).split(" ")
    assert complete_line == "window.__dossierSearchTermsComplete = true;"
    assert len(terms) == stats.terms
    assert {"sanctions", "sanction", "convenience", "پاکستان"} <= set(terms)
    assert terms.index("sanctions") < terms.index("convenience")


def test_a_truncated_vocabulary_says_so():
    full = search_terms.terms_script(["w"] * search_terms.MAX_TERMS)
    assert full.endswith("window.__dossierSearchTermsComplete = false;\n")
    assert search_terms.terms_script(["a", "b"]).endswith(
        "window.__dossierSearchTermsComplete = true;\n")


def test_words_keep_combining_marks_and_split_on_punctuation():
    assert list(search_terms.words("Pakistan's sanctions, (پاکستان)")) == [
        "pakistan", "s", "sanctions", "پاکستان"]
    assert list(search_terms.words("كِتَاب")) == ["كِتَاب"], "harakat stay in the word"


def test_a_to_z_lists_every_page_and_links_key_terms_to_real_anchors(site):
    output, stats = site
    html = (output / "search" / "a-z.html").read_text(encoding="utf-8")
    for save_as, _, title, _ in search_fixture.PAGES:
        assert f'<a href="../{save_as}">{title}</a>' in html
    hrefs = re.findall(r'href="\.\./([^"#]+)#(p-[a-z0-9]+)"', html)
    assert hrefs, "key terms link to passages"
    for page, anchor in hrefs:
        assert f'id="{anchor}"' in (output / page).read_text(encoding="utf-8")
    letters = re.findall(r'<h2 id="(letter-[^"]+)">([^<]+)</h2>', html)
    keys = [key for _, key in letters]
    latin = [k for k in keys if k.isascii()]
    assert latin == sorted(latin) and keys[: len(latin)] == latin, "A–Z first, other scripts after"
    assert "پ" in keys, "Urdu initials get their own section"
    assert stats.az_entries >= len(search_fixture.PAGES)


def test_letter_of():
    assert search_terms.letter_of("Écosse") == "E"
    assert search_terms.letter_of("1971 war") == "0–9"
    assert search_terms.letter_of("پاکستان") == "پ"


def test_search_page_is_accessible_without_javascript(site):
    output, _ = site
    html = (output / "search" / "index.html").read_text(encoding="utf-8")
    assert '<label for="search-input">' in html
    assert re.search(r'<input type="search" id="search-input" name="q"', html)
    assert 'aria-live="polite"' in html
    assert re.search(r'<noscript>.*href="a-z\.html".*</noscript>', html, re.S)
    assert 'action="a-z.html"' in html, "without JavaScript the form leads to the A–Z index"
    assert 'src="../theme/js/pagefind-offline.js"' in html and 'src="../theme/js/search.js"' in html


def test_files_cut_short_are_unsettled(site, tmp_path):
    """What Pagefind's unflushed writes could leave (see search.unsettled): each kind of
    fetched file, cut short, is named; the whole bundle is not."""
    output, _ = site
    bundle = tmp_path / "pagefind"
    shutil.copytree(output / search.PAGEFIND_DIR, bundle)
    assert search.unsettled(bundle) == []
    wasm = sorted(bundle.glob("wasm.*.pagefind"))[0]
    index = sorted((bundle / "index").glob("*.pf_index"))[0]
    for path, keep in ((wasm, 4096), (index, 10), (bundle / "pagefind-entry.json", 20),
                       (bundle / "pagefind.js", 1000)):
        path.write_bytes(path.read_bytes()[:keep])
    assert search.unsettled(bundle) == sorted(
        p.relative_to(bundle).as_posix()
        for p in (wasm, index, bundle / "pagefind-entry.json", bundle / "pagefind.js"))


def test_pagefind_is_given_only_the_marked_pages(site):
    output, _ = site
    assert (output / "index.html").is_file() and (output / "search" / "index.html").is_file()
    assert search.marked_pages(output) == sorted(p[0] for p in search_fixture.PAGES)


def test_no_pagefind_setting_of_the_caller_is_read(tmp_path, monkeypatch):
    """Pagefind reads ``PAGEFIND_*`` variables and a ``pagefind.yml`` in its working folder:
    the build gives it its own settings only."""
    output = search_fixture.make_site(tmp_path / "output")
    (tmp_path / "pagefind.yml").write_text("force_language: ur\nexclude_selectors: [p]\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "ur")
    monkeypatch.setenv("PAGEFIND_ROOT_SELECTOR", "footer")
    search_fixture.build_search(output)
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["en"]
    doc = next(f for f in search.read_fragments(output / "pagefind")
               if "sanctions-and-trade" in f["url"])
    assert "marriage of convenience" in doc["content"]


def test_the_pinned_pagefind_is_the_one_that_runs(site):
    """vendor/pagefind/package-lock.json pins one version (package.json asks for exactly it);
    the executable the build runs, and the bundle it wrote, are that version."""
    output, _ = site
    vendor = search_fixture.REPO_ROOT / "vendor" / "pagefind"
    lock = json.loads((vendor / "package-lock.json").read_text("utf-8"))
    pinned = lock["packages"]["node_modules/pagefind"]["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned)
    wanted = json.loads((vendor / "package.json").read_text("utf-8"))["dependencies"]
    assert wanted == {"pagefind": pinned}
    for name, package in lock["packages"].items():
        if name.startswith("node_modules/@pagefind/"):
            assert package["version"] == pinned, name
    ran = subprocess.run([str(search.pagefind_binary()), "--version"], capture_output=True,
                         text=True, check=True).stdout.split()
    assert ran[-1] == pinned
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["version"] == pinned


def test_a_missing_or_failing_pagefind_is_a_clear_error(tmp_path, monkeypatch):
    output = search_fixture.make_site(tmp_path / "output")
    monkeypatch.setenv("DOSSIER_PAGEFIND", str(tmp_path / "nowhere" / "pagefind"))
    with pytest.raises(search.SearchBuildError, match="make site"):
        search_fixture.build_search(output)
    monkeypatch.setenv("DOSSIER_PAGEFIND", shutil.which("false") or "/bin/false")
    with pytest.raises(search.SearchBuildError, match="Pagefind failed"):
        search_fixture.build_search(output)
    assert not list(tmp_path.glob(".pagefind-*")), "the staging folder is removed"
