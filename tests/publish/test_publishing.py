"""Publishing on the real site: search wiring, .nojekyll, the site-URL artefacts (sitemap,
robots, canonical, OpenGraph, JSON-LD) only with a site URL, citations (passages, BibTeX,
CSL-JSON, Highwire), the offline bundle, and --no-search / --no-bundle."""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dossier import cli
from dossier.build import site
from dossier.build.pelican import PelicanRun, SiteInputs
from dossier.urls import absolute
from tests.conftest import build_site

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
OG = ("og:title", "og:type", "og:url", "og:description", "og:site_name")


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def documents(root: Path) -> list[Path]:
    return sorted((root / "documents").glob("*/index.html"))


def jsonld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def parse_bibtex(text: str) -> tuple[str, str, dict[str, str]]:
    """A light BibTeX parse: one entry, its type, key and fields; braces must balance."""
    m = re.fullmatch(r"@(\w+)\{([^,\s]+),\n(.*)\n\}\n", text, re.S)
    assert m, text
    kind, key, body = m.groups()
    fields = {}
    for line in body.split(",\n"):
        name, _, value = line.strip().partition(" = ")
        assert value.startswith("{") and value.endswith("}"), line
        inner = re.sub(r"\\[{}&%$#_]", "", value[1:-1])
        depth = 0
        for ch in inner:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            assert depth >= 0, line
        assert depth == 0, line
        fields[name] = value[1:-1]
    return kind, key, fields


# --------------------------------------------------------------------------- default build


def test_nojekyll_always(built_site: Path, built_site_with_url: tuple[Path, str]) -> None:
    assert (built_site / ".nojekyll").is_file()
    assert (built_site_with_url[0] / ".nojekyll").is_file()


def test_without_a_site_url_no_absolute_url_artefacts(built_site: Path) -> None:
    assert not (built_site / "sitemap.xml").exists()
    assert not (built_site / "robots.txt").exists()
    for path in pages(built_site):
        soup = page(path)
        assert not soup.find("link", rel="canonical"), path
        assert not soup.find("meta", property=re.compile("^og:")), path
        assert not soup.find("script", type="application/ld+json"), path
        assert not soup.find("meta", attrs={"name": "citation_fulltext_html_url"}), path


def test_search_is_built_and_linked(built_site: Path) -> None:
    for rel in ("pagefind/pagefind.js", "pagefind/pagefind-entry.json", "search/index.html",
                "search/a-z.html", "search/terms.js"):
        assert (built_site / rel).is_file(), rel
    for path in pages(built_site):
        nav = page(path).find("nav", class_="site-nav")
        hrefs = [a["href"] for a in nav.find_all("a")]
        assert any(h.endswith("search/index.html") for h in hrefs), path
    css = page(built_site / "search" / "index.html").find_all("link", rel="stylesheet")
    assert [c["href"] for c in css] == ["../theme/css/site.css", "../theme/css/search.css"]


@pytest.mark.parametrize("folder,kind", [("documents", "Document"), ("themes", "Theme"),
                                         ("entities", "Entity"), ("essays", "Essay")])
def test_content_pages_are_marked_for_pagefind(built_site: Path, folder: str, kind: str) -> None:
    marked = [p for p in (built_site / folder).glob("*/index.html")]
    assert marked, folder
    for path in marked:
        body = page(path).select("[data-pagefind-body]")
        assert len(body) == 1, path
        assert body[0]["data-pagefind-meta"] == f"kind:{kind}"
    index = page(built_site / folder / "index.html") if folder != "documents" else None
    assert index is None or not index.select("[data-pagefind-body]")


def test_search_indexes_passages_of_every_kind(built_site: Path) -> None:
    from dossier.publish.search import read_fragments

    fragments = read_fragments(built_site / "pagefind")
    kinds = {f["meta"].get("kind") for f in fragments}
    assert {"Document", "Theme", "Entity", "Essay"} <= kinds
    doc = next(f for f in fragments if f["url"].startswith("/documents/"))
    assert any(a["id"].startswith("p-") for a in doc["anchors"])  # results link to passages
    assert "Cite this" not in doc["content"] and "Themes:" not in doc["content"]


# What theme, entity and essay pages repeat from other pages: quoted passages, mention
# snippets, document titles, essay summaries, names of other entities and themes.
COPIES = ("figure.quote blockquote", "ul.mentions .snippet", ".entity-summary li > a",
          ".source-group h3", ".theme-essays .essay-summary", ".theme-entities li > a",
          ".related-themes li > a", ".essay-sources cite")


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def test_each_passage_is_indexed_once_on_its_document_page(built_site: Path) -> None:
    """Theme, entity and essay pages are indexed by their own text (title, summary,
    description, introduction, events; an essay by its body): what they repeat from other
    pages is left out, so each passage is indexed once, where a result links to it."""
    from dossier.publish.search import read_fragments

    fragments = read_fragments(built_site / "pagefind")
    checked = 0
    for f in fragments:
        if f["meta"].get("kind") == "Document":
            continue
        soup = page(built_site / f["url"].lstrip("/"))
        content = _words(f["content"])
        for el in soup.select(", ".join(COPIES)):
            copy = _words(el.get_text(" "))
            if len(copy.split()) >= 6:  # not a name, which its own text may use
                checked += 1
                assert copy not in content, (f["url"], copy)
        header = soup.select_one("article > header")
        for own in header.select("h1, .deck"):
            assert _words(own.get_text(" ")) in content, (f["url"], own)
    assert checked > 100, "the site should have copies to leave out"
    kinds = {f["meta"].get("kind") for f in fragments}
    assert {"Theme", "Entity", "Essay"} <= kinds


def test_every_passage_offers_its_citation(built_site: Path) -> None:
    for path in documents(built_site):
        slug = path.parent.name
        soup = page(path)
        links = soup.select("a.permalink[data-cite]")
        assert links, path
        for a in links:
            passage = a.parent
            pid = a["href"].lstrip("#")
            assert passage.get("id") == pid
            box = passage.find("span", class_="citebox", recursive=False)
            text = box.find(class_="citebox-text").get_text()
            assert text == a["data-cite"]
            assert f"Dossier, documents/{slug}/index.html#{pid}." in text, text
            assert box.has_attr("data-pagefind-ignore")
        assert soup.find("script", src="../../theme/js/cite.js")


def test_documents_offer_bibtex_csl_and_highwire(built_site: Path) -> None:
    for path in documents(built_site):
        slug = path.parent.name
        soup = page(path)
        cite = soup.find("dd", class_="citebox-doc")
        assert cite and "n.d." in cite.get_text() or re.search(r"\d{4}\.", cite.get_text())
        hrefs = {a.get_text(): a["href"] for a in cite.find_all("a")}
        assert hrefs == {"BibTeX": "cite.bib", "CSL-JSON": "cite.json"}
        kind, key, fields = parse_bibtex((path.parent / "cite.bib").read_text("utf-8"))
        assert fields["url"] == f"documents/{slug}/index.html" and fields["title"]
        items = json.loads((path.parent / "cite.json").read_text("utf-8"))
        assert isinstance(items, list) and len(items) == 1
        item = items[0]
        assert item["id"] == key and item["title"] and item["type"]
        assert item["URL"] == f"documents/{slug}/index.html"
        meta = {(m["name"], m["content"]) for m in soup.find_all("meta", attrs={"name": True})}
        assert ("citation_title", item["title"]) in meta
        assert ("citation_language", "en") in meta
        for author in item.get("author", []):
            name = " ".join(filter(None, (author.get("given"), author.get("family"))))
            assert ("citation_author", author.get("literal", name)) in meta


# --------------------------------------------------------------------------- with a site URL


def test_sitemap_and_robots(built_site_with_url: tuple[Path, str]) -> None:
    root, url = built_site_with_url
    tree = ET.parse(root / "sitemap.xml")
    locs = [e.text for e in tree.getroot().iter(f"{SITEMAP_NS}loc")]
    expected = [absolute(url, p.relative_to(root).as_posix()) for p in pages(root)]
    assert sorted(locs) == sorted(expected) and len(locs) == len(set(locs))
    assert url + "search/index.html" in locs and url + "index.html" in locs
    robots = (root / "robots.txt").read_text("utf-8")
    assert robots.splitlines() == ["User-agent: *", "Allow: /", f"Sitemap: {url}sitemap.xml"]


def test_canonical_and_opengraph_on_every_page(built_site_with_url: tuple[Path, str]) -> None:
    root, url = built_site_with_url
    for path in pages(root):
        soup = page(path)
        here = url + path.relative_to(root).as_posix()
        assert soup.find("link", rel="canonical")["href"] == here, path
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        assert set(OG) <= set(og), (path, og)
        assert og["og:url"] == here and og["og:site_name"] == "Dossier"
        assert all(og[k].strip() for k in OG), (path, og)


def test_jsonld_per_page_kind(built_site_with_url: tuple[Path, str]) -> None:
    root, url = built_site_with_url
    for path in pages(root):
        for data in jsonld(page(path)):
            assert data["@context"] == "https://schema.org"
    for path in documents(root):
        (data,) = jsonld(page(path))
        assert data["@type"] in {"ScholarlyArticle", "NewsArticle", "OpinionNewsArticle",
                                 "Article"}
        assert data["url"] == url + path.relative_to(root).as_posix() and data["headline"]
    # isBasedOn only where the catalogue knows the original (tests/test_pagemeta.py)
    based = [jsonld(page(p))[0] for p in documents(root)]
    assert all(d["isBasedOn"].startswith("http") for d in based if "isBasedOn" in d)
    kinds = {jsonld(page(p))[0]["@type"] for p in (root / "entities").glob("*/index.html")}
    assert kinds == {"Person", "Organization", "Place", "Project", "Legislation"}
    (timeline,) = jsonld(page(root / "timeline" / "index.html"))
    events = timeline["@graph"]
    assert events and all(e["@type"] == "Event" and e["startDate"] for e in events)
    assert all(e["url"].startswith(url + "timeline/index.html#event-") for e in events)
    essays = list((root / "essays").glob("*/index.html"))
    assert essays
    for path in essays:
        (data,) = jsonld(page(path))
        assert data["@type"] == "Article" and data["isBasedOn"]
        assert all(u.startswith(url + "documents/") and "#p-" in u for u in data["isBasedOn"])
    assert jsonld(page(root / "index.html"))[0]["@type"] == "WebSite"


def test_citations_use_the_absolute_url(built_site_with_url: tuple[Path, str]) -> None:
    root, url = built_site_with_url
    path = documents(root)[0]
    here = url + path.relative_to(root).as_posix()
    soup = page(path)
    a = soup.select_one("a.permalink[data-cite]")
    assert a["data-cite"].endswith(f" {here}{a['href']}.")
    assert soup.find("meta", attrs={"name": "citation_fulltext_html_url"})["content"] == here
    _, _, fields = parse_bibtex((path.parent / "cite.bib").read_text("utf-8"))
    assert fields["url"] == here
    assert json.loads((path.parent / "cite.json").read_text("utf-8"))[0]["URL"] == here


def test_internal_links_stay_relative(built_site_with_url: tuple[Path, str]) -> None:
    root, url = built_site_with_url
    for path in pages(root):
        for a in page(path).find_all(["a", "link", "script", "img"]):
            ref = a.get("href") or a.get("src") or ""
            if a.name == "link" and a.get("rel") == ["canonical"]:
                continue
            assert not ref.startswith(url), (path, ref)


# --------------------------------------------------------------------------- the bundle


def test_bundle_holds_the_final_output(built_site: Path) -> None:
    zip_path = built_site.parent / "dist" / "dossier-offline.zip"
    files = sorted(p for p in built_site.rglob("*") if p.is_file())
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        assert names == sorted(names[:2]) + sorted(names[2:])
        assert names[:2] == ["dossier-offline/README.txt", "dossier-offline/SHA256SUMS"]
        expected = {"dossier-offline/" + p.relative_to(built_site).as_posix() for p in files}
        assert set(names[2:]) == expected
        for p in files:
            rel = p.relative_to(built_site).as_posix()
            assert zf.read("dossier-offline/" + rel) == p.read_bytes(), rel
        sums = zf.read("dossier-offline/SHA256SUMS").decode().splitlines()
        assert len(sums) == len(files)
        for line in sums:
            digest, rel = line.split("  ")
            assert hashlib.sha256(zf.read("dossier-offline/" + rel)).hexdigest() == digest
        assert "Open index.html" in zf.read("dossier-offline/README.txt").decode()
        for rel in ("index.html", "search/index.html", "pagefind/offline/pagefind.js.js",
                    ".nojekyll"):
            assert "dossier-offline/" + rel in names, rel


def test_no_search_and_no_bundle(tmp_path: Path) -> None:
    out = tmp_path / "output"
    proc = build_site(out, "--no-search", "--no-bundle")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not (out / "pagefind").exists() and not (out / "search").exists()
    assert not (tmp_path / "dist").exists()
    assert (out / ".nojekyll").is_file()
    nav = page(out / "index.html").find("nav", class_="site-nav")
    assert "Search" not in nav.get_text()
    assert "search:" not in proc.stdout and "offline.zip" not in proc.stdout


def test_dist_option_and_usage_errors(tmp_path: Path, capsys) -> None:
    assert cli.main(["build", "--output", str(tmp_path / "o"), "--site-url", "example.org"]) == 2
    assert "must start with http" in capsys.readouterr().err
    assert cli.main(["build", "--output", str(tmp_path / "o"),
                     "--dist", str(tmp_path / "o" / "dist")]) == 2
    assert "inside the output folder" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_failed_build_writes_no_bundle(tmp_path: Path) -> None:
    """A build that fails after Pelican (here: Pelican writes no index.html) leaves dist/
    alone."""
    dist = tmp_path / "dist"

    def broken_pelican(output: Path, inputs: SiteInputs) -> PelicanRun:
        output.mkdir(parents=True)
        return PelicanRun(generator=None)

    result = site.build(Path(__file__).resolve().parents[2], tmp_path / "output", "",
                        broken_pelican, publishing=site.Publishing(dist=dist))
    assert result.failed(strict=False) and not result.written
    assert result.bundle is None and not dist.exists()
    assert not (tmp_path / "output").exists()


def test_bundle_name_from_settings() -> None:
    assert site.Publishing(context={"SITENAME": "Dossier"}).bundle_name == "dossier"
    assert site.Publishing(context={"SITENAME": "Pakistan & the US"}).bundle_name == \
        "pakistan-the-us"
    assert site.Publishing().bundle_name == "site"
