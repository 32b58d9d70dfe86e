"""Essays in the built site: the real essays on the home, theme, entity and source pages,
the essays index and the Atom feeds; then a copy of the project with a draft, a hidden
essay and pictures; and a broken essay that must fail ``build.py build`` and ``check``
without touching the previous output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from dossier.build import pelican
from dossier.documentary import assemble as documentary
from dossier.essays import validate as V
from dossier.essays.render import EssaySet, source_numbers
from dossier.essays.render import load as load_essays
from dossier.essays.render import render as render_essay
from dossier.ingest import corpus as pipeline
from dossier.pages.essays import sources
from dossier.publish import linkcheck

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_IMAGE = ROOT / "tests" / "fixtures" / "essays" / "content" / "images" / "map.png"
ATOM = "{http://www.w3.org/2005/Atom}"
MOSCOW = "moscow-on-the-day-of-the-invasion"
KABUL = "after-kabul"
RESET = "from-freeze-to-thaw-the-2022-23-reset"
DOC = "pakistans-new-pm-wants-to-rebuild-ties-with-the-west"


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def resolve(site: Path, at: str, href: str) -> tuple[str, str]:
    """A relative link on the page ``at`` (site path) -> (site path, fragment)."""
    joined = urljoin("https://x.invalid/" + at, href)
    parts = urlsplit(joined)
    return parts.path.lstrip("/"), parts.fragment


@pytest.fixture(scope="module")
def real() -> EssaySet:
    corpus = pipeline.build_corpus(ROOT)
    return load_essays(ROOT, documentary.build_documentary(ROOT, corpus))


# --------------------------------------------------------------------------- the essays


def test_the_real_essays_pass_every_check(real: EssaySet) -> None:
    assert [str(d) for d in real.diagnostics] == []
    assert [e.slug for e in real.listed] == [RESET, KABUL, MOSCOW]  # newest first
    for essay in real.essays:
        kinds = {link.kind for link in essay.links}
        assert {"theme", "entity", "event"} <= kinds, essay.source
        assert any(c.quote for c in essay.citations), essay.source
        assert len({c.ref.key for c in essay.citations}) >= 10, essay.source
        words = len(V._REF.sub("", essay.body).split())
        assert 250 <= words <= 600, (essay.source, words)
    assert {e.slug for e in real.essays if "russia-tilt" in e.themes} == {MOSCOW}
    assert {e.slug for e in real.essays if "afghanistan-withdrawal" in e.themes} == {KABUL}


def test_render_numbers_citations_and_gives_them_ids(real: EssaySet) -> None:
    essay = next(e for e in real.essays if e.slug == MOSCOW)
    done = render_essay(essay, real.targets)
    html = page_from(done.body)
    cites = html.select("a.cite-n")
    assert cites and cites[0].get_text() == "[source 1, ¶ 25]"
    assert cites[0]["id"] == "cite-1"
    assert cites[0].find("span", class_="visually-hidden").get_text() == "source "
    quote = html.find("blockquote", class_="source-quote")
    assert quote["id"] in done.anchors.values()
    assert done.anchors[f"{DOC}#p-rb64b3"] == quote["id"]
    assert quote.footer.a.get("id") is None  # one citation, one id
    assert not html.find("h1") and html.find("h2")
    numbers = source_numbers(essay)
    assert [s["number"] for s in sources(real, essay)] == sorted(numbers.values())


def page_from(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


# --------------------------------------------------------------------------- built site


def test_home_and_essays_index(built_site: Path) -> None:
    home = page(built_site / "index.html")
    section = home.find("section", class_="home-essays")
    assert [a["href"] for a in section.select(".essay-card h3 a")] == [
        f"essays/{s}/index.html" for s in (RESET, KABUL, MOSCOW)]
    nav = [a.get_text() for a in home.select(".site-nav a")]
    assert "Essays" in nav
    index = page(built_site / "essays" / "index.html")
    assert [resolve(built_site, "essays/index.html", a["href"])[0]
            for a in index.select(".essay-card h2 a")] == [
        f"essays/{s}/index.html" for s in (RESET, KABUL, MOSCOW)]
    assert [t.get("datetime") for t in index.select(".essay-card time")] == [
        "2026-11-20", "2026-11-18", "2026-11-16"]
    assert index.find("a", href="../feeds/essays.atom.xml")
    assert index.find("a", href="../feeds/themes/russia-tilt.atom.xml")
    for soup in (home, index):
        alt = soup.find("link", rel="alternate", type="application/atom+xml")
        assert alt is not None and alt["href"].endswith("feeds/essays.atom.xml")
        assert soup.select_one(".site-footer a[type='application/atom+xml']")


def test_essay_page(built_site: Path) -> None:
    doc = page(built_site / "essays" / KABUL / "index.html")
    assert len(doc.find_all("h1")) == 1
    assert doc.h1.get_text() == "After Kabul: how the Afghan endgame chilled US–Pakistan ties"
    assert doc.find("time", datetime="2026-11-18")
    themes = [a["href"] for a in doc.select(".meta a")]
    assert themes == ["../../themes/afghanistan-withdrawal/index.html",
                      "../../themes/terrorism/index.html"]
    img = doc.select_one(".essay-image img")
    assert img["src"] == "../../images/doha-to-kabul.svg" and "Doha" in img["alt"]
    assert (built_site / "images" / "doha-to-kabul.svg").read_bytes() == (
        ROOT / "content" / "images" / "doha-to-kabul.svg").read_bytes()
    assert doc.find("blockquote", class_="source-quote")
    assert doc.select("a.cite-n") and not doc.select(".broken-ref")
    sources = doc.select(".essay-sources ol > li")
    assert len(sources) == 3
    assert "<script" not in str(doc.find("main")) and "application/ld+json" not in str(
        doc.find("main"))


def test_theme_pages_list_their_essays_and_feeds(built_site: Path) -> None:
    tilt = page(built_site / "themes" / "russia-tilt" / "index.html")
    section = tilt.find("section", class_="theme-essays")
    assert [a["href"] for a in section.select(".essay-card h3 a")] == [
        f"../../essays/{MOSCOW}/index.html"]
    feed = tilt.find("link", rel="alternate", href="../../feeds/themes/russia-tilt.atom.xml")
    assert feed is not None and feed["type"] == "application/atom+xml"
    assert section.find("a", href="../../feeds/themes/russia-tilt.atom.xml")
    empty = page(built_site / "themes" / "china-cpec" / "index.html")
    assert "No essay on this theme yet." in empty.find("section", class_="theme-essays").text


def test_entity_pages_list_the_essays_about_them(built_site: Path) -> None:
    khan = page(built_site / "entities" / "imran-khan" / "index.html")
    items = khan.find("h2", id="entity-essays").find_parent("section").select("li")
    text = {li.a["href"]: li.get_text(" ", strip=True) for li in items}
    assert f"../../essays/{MOSCOW}/index.html" in text
    assert "links to Imran Khan" in text[f"../../essays/{MOSCOW}/index.html"]
    # the reset essay never writes [[entity:imran-khan]], but cites passages naming him
    assert "cites" in text[f"../../essays/{RESET}/index.html"]
    chollet = page(built_site / "entities" / "derek-chollet" / "index.html")
    assert [li.a["href"] for li in chollet.select("#entity-essays ~ ul li")] == [
        f"../../essays/{RESET}/index.html"]


def test_cited_passages_link_back_to_the_citing_spot(built_site: Path,
                                                     real: EssaySet) -> None:
    source = f"documents/{DOC}/index.html"
    para = page(built_site / source).find(id="p-rb64b3")
    link = para.select_one(".pn-essays a.essay-tag")
    assert link.get_text() == "In Moscow on the day of the invasion"
    target, fragment = resolve(built_site, source, link["href"])
    assert target == f"essays/{MOSCOW}/index.html"
    spot = page(built_site / target).find(id=fragment)
    assert spot.name == "blockquote" and spot["cite"].endswith(f"{DOC}/index.html#p-rb64b3")
    # every citation of every essay is answered by a backlink on its passage
    for essay in real.published:
        for c in essay.citations:
            doc = page(built_site / "documents" / c.document / "index.html")
            hrefs = [resolve(built_site, f"documents/{c.document}/index.html", a["href"])[0]
                     for a in doc.find(id=c.passage).select(".pn-essays a")]
            assert essay.save_as in hrefs, (essay.slug, c)
    uncited = page(built_site / source).find(id="p-fuxtnz")
    assert uncited.select(".pn-essays") == []


def entries(feed: ET.Element) -> list[dict[str, str]]:
    return [{"title": e.findtext(f"{ATOM}title"), "id": e.findtext(f"{ATOM}id"),
             "link": e.find(f"{ATOM}link").get("href"),
             "updated": e.findtext(f"{ATOM}updated"),
             "categories": [c.get("term") for c in e.findall(f"{ATOM}category")]}
            for e in feed.findall(f"{ATOM}entry")]


def test_atom_feeds(built_site: Path, real: EssaySet) -> None:
    path = "feeds/essays.atom.xml"
    feed = ET.parse(built_site / path).getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}updated") == "2026-11-20T00:00:00+00:00"  # newest essay
    assert feed.findtext(f"{ATOM}id").startswith("urn:uuid:")
    got = entries(feed)
    assert [e["title"] for e in got] == [e.title for e in real.listed]
    assert all(e["id"].startswith("urn:uuid:") for e in got)
    assert len({e["id"] for e in got}) == 3
    for e in got:  # relative to the feed file, as the site's own links
        target, _ = resolve(built_site, path, e["link"])
        assert (built_site / target).is_file(), e
    assert got[-1]["categories"] == ["Pakistan's tilt towards Russia", "Imran Khan's ouster"]
    ids = {e["link"].split("/")[-2]: e["id"] for e in got}
    for slug in sorted(real.targets.themes):
        theme_path = f"feeds/themes/{slug}.atom.xml"
        theme = ET.parse(built_site / theme_path).getroot()
        expected = [e.slug for e in real.listed if slug in e.themes]
        found = entries(theme)
        assert [PurePosixPath(e["link"]).parent.name for e in found] == expected, slug
        assert all(ids[PurePosixPath(e["link"]).parent.name] == e["id"] for e in found)
        assert theme.findtext(f"{ATOM}updated")  # deterministic even when empty
        home = theme.find(f"{ATOM}link").get("href")
        assert resolve(built_site, theme_path, home)[0] == f"themes/{slug}/index.html"
    assert entries(ET.parse(built_site / "feeds/themes/china-cpec.atom.xml").getroot()) == []


def test_feeds_with_a_site_url(built_site_with_url: tuple[Path, str]) -> None:
    out, url = built_site_with_url
    base = url.rstrip("/")
    feed = ET.parse(out / "feeds" / "essays.atom.xml").getroot()
    got = entries(feed)
    assert [e["id"] for e in got] == [f"{base}/essays/{s}/index.html"
                                      for s in (RESET, KABUL, MOSCOW)]
    assert [e["link"] for e in got] == [e["id"] for e in got]
    self_link = [x.get("href") for x in feed.findall(f"{ATOM}link") if x.get("rel") == "self"]
    assert self_link == [f"{base}/feeds/essays.atom.xml"]
    doc = page(out / "essays" / MOSCOW / "index.html")  # pages stay relative
    assert not [a["href"] for a in doc.select("main a[href]") if "://" in a["href"]]
    assert not linkcheck.check_site(out)


# --------------------------------------------------------------------------- a project copy


def copy_project(dest: Path) -> Path:
    for name in ("seeds", "content", "theme", "dossier"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("build.py", "pelicanconf.py"):
        shutil.copy2(ROOT / name, dest / name)
    # Pagefind as `make` installed it (dossier.publish.search finds it beside dossier/).
    (dest / "vendor").symlink_to(ROOT / "vendor", target_is_directory=True)
    return dest


DRAFT = """Title: A draft essay
Date: 2026-11-25
Status: draft
Themes: reset-2022-23

Ned Price called Pakistan a valued partner
[[pakistan-us-taking-steps-to-restore-bilateral-relations#p-z5y2bm]].
"""
HIDDEN = """Title: A hidden essay
Date: 2026-11-26
Status: hidden
Themes: reset-2022-23

Adrian Calamel doubted a restoration phase
[[pakistan-us-taking-steps-to-restore-bilateral-relations#p-4idvfp]].
"""
PICTURES = """Title: Pictures
Date: 2026-11-24
Image: /images/fixture-map.png
Image-Alt: A map of South Asia

![The same map, inline](../images/fixture-map.png)

The [briefing notes]({static}/files/briefing.txt#part-2), in Pelican's syntax.

Blinken spoke of a review [[pakistans-new-pm-wants-to-rebuild-ties-with-the-west#p-mtis6o]].
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("project"))
    folder = root / "content" / "essays"
    (folder / "draft.md").write_text(DRAFT, encoding="utf-8")
    (folder / "hidden.md").write_text(HIDDEN, encoding="utf-8")
    (folder / "pictures.md").write_text(PICTURES, encoding="utf-8")
    shutil.copy2(FIXTURE_IMAGE, root / "content" / "images" / "fixture-map.png")
    (root / "content" / "files").mkdir()
    (root / "content" / "files" / "briefing.txt").write_text("Notes.\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def project_site(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Pelican with the plugin on the copy (no search index: what is tested is essays)."""
    out = tmp_path_factory.mktemp("project-site") / "output"
    corpus = pipeline.build_corpus(project, cache_dir=False)
    dossier = documentary.build_documentary(project, corpus)
    assert [str(d) for d in load_essays(project, dossier).diagnostics] == []
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        essays = load_essays(project, dossier)
        run = pelican.run_pelican(pelican.site_settings(project, ""), out,
                                  pelican.SiteInputs(project, dossier, essays))
    assert [str(d) for d in run.diagnostics] == []
    # the search pages are written after Pelican, by dossier.build.site: their links are left out
    assert [d for d in linkcheck.check_site(out) if "search/" not in d.message] == []
    return out


def test_drafts_are_not_published_and_hidden_essays_not_listed(project_site: Path) -> None:
    out = project_site
    assert not (out / "essays" / "a-draft-essay").exists()
    assert (out / "essays" / "a-hidden-essay" / "index.html").is_file()
    listed = [(out / p).read_text(encoding="utf-8") for p in (
        "index.html", "essays/index.html", "themes/reset-2022-23/index.html",
        "feeds/essays.atom.xml", "feeds/themes/reset-2022-23.atom.xml",
        "entities/adrian-calamel/index.html")]
    for text in listed:
        assert "a-draft-essay" not in text and "A draft essay" not in text
        assert "a-hidden-essay" not in text and "A hidden essay" not in text
    doc = page(out / "documents" / "pakistan-us-taking-steps-to-restore-bilateral-relations"
               / "index.html")
    assert doc.find(id="p-z5y2bm").select(".pn-essays") == []  # the draft's citation
    hidden = doc.find(id="p-4idvfp").select_one(".pn-essays a")  # the hidden one's
    assert hidden["href"] == "../../essays/a-hidden-essay/index.html#cite-1"


def test_essay_images_are_copied(project: Path, project_site: Path) -> None:
    out = project_site
    copied = out / "images" / "fixture-map.png"
    assert copied.read_bytes() == FIXTURE_IMAGE.read_bytes()
    essay = page(out / "essays" / "pictures" / "index.html")
    srcs = [img["src"] for img in essay.select("main img")]
    assert srcs == ["../../images/fixture-map.png", "../../images/fixture-map.png"]
    assert [img["alt"] for img in essay.select("main img")] == [
        "A map of South Asia", "The same map, inline"]
    # a file linked in Pelican's syntax is copied, and the link points at the copy
    assert (out / "files" / "briefing.txt").read_text(encoding="utf-8") == "Notes.\n"
    link = essay.find("a", string="briefing notes")
    assert link is not None and link["href"] == "../../files/briefing.txt#part-2"


BROKEN = """Title: A broken essay
Date: 2023-02-30
Thems: russia-tilt

[[entity:imran-kahn]] was in Moscow [[""" + DOC + """#p-zaicax]].
"""
LINKS_A_DRAFT = """Title: Links a draft
Date: 2026-11-27

See [[essay:a-draft-essay]] and ![](../images/fixture-map.png).
"""
EXPECTED = [
    "content/essays/broken.md:2: error: impossible date '2023-02-30' — February 2023 has "
    "28 days",
    "content/essays/broken.md:3: error: unknown metadata key 'Thems' — did you mean "
    "'Themes'?",
    "content/essays/broken.md:5: error: document "
    "'pakistans-new-pm-wants-to-rebuild-ties-with-the-west' has no passage 'p-zaicax' — "
    "did you mean 'p-zaicaj'?",
    "content/essays/broken.md:5: error: link to unknown entity 'imran-kahn' — did you mean "
    "'imran-khan'?",
    "content/essays/links-a-draft.md:4: error: image '../images/fixture-map.png' has no alt "
    "text — describe what it shows: ![a short description](../images/fixture-map.png)",
    "content/essays/links-a-draft.md:4: error: link to essay 'a-draft-essay', which is a "
    "draft and is not published — publish it (remove 'Status: draft') or remove the link",
]


def run_build_py(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "build.py", *args], cwd=project,
                          capture_output=True, text=True, timeout=600, check=False,
                          env={**{k: v for k, v in os.environ.items() if k != "SITEURL"},
                               "DOSSIER_CACHE": "off"})


def test_a_broken_essay_fails_build_and_check_and_keeps_the_output(project: Path,
                                                                    tmp_path: Path) -> None:
    folder = project / "content" / "essays"
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("<p>the last good site</p>", encoding="utf-8")
    (output / "essays").mkdir()
    (output / "essays" / "keep.txt").write_text("kept", encoding="utf-8")
    before = {p.relative_to(output).as_posix(): p.read_bytes()
              for p in output.rglob("*") if p.is_file()}
    (folder / "broken.md").write_text(BROKEN, encoding="utf-8")
    (folder / "links-a-draft.md").write_text(LINKS_A_DRAFT, encoding="utf-8")
    try:
        built = run_build_py(project, "build", "--output", str(output))
        checked = run_build_py(project, "check", "--output", str(tmp_path / "none"))
    finally:
        (folder / "broken.md").unlink()
        (folder / "links-a-draft.md").unlink()
    assert built.returncode == 1, built.stdout + built.stderr
    lines = built.stdout.splitlines()
    assert [line for line in lines if ": error: " in line] == EXPECTED
    assert lines[-1].startswith("build FAILED: 5 documents, 6 errors, 0 warnings")
    after = {p.relative_to(output).as_posix(): p.read_bytes()
             for p in output.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert [line for line in checked.stdout.splitlines() if ": error: " in line] == EXPECTED
    assert checked.stdout.splitlines()[-1].startswith("check FAILED: 5 documents, 6 errors")
