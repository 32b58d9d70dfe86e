from __future__ import annotations

import json

from dossier.model import DocMeta, Document, Entity
from dossier.pages.jsonld import document_jsonld, entity_jsonld, robots, script_tag, sitemap

SITE = "https://user.github.io/repo/"


def test_sitemap_is_sorted_absolute_and_escaped() -> None:
    xml = sitemap(SITE, ["b/index.html", "a/index.html", "a&b.html"], "2024-01-01")
    locs = [line for line in xml.splitlines() if "<loc>" in line]
    assert "https://user.github.io/repo/a&amp;b.html" in locs[0]
    assert locs[1].count("a/index.html") == 1 and "<lastmod>2024-01-01</lastmod>" in locs[1]


def test_robots_points_at_sitemap() -> None:
    assert robots(SITE).endswith("Sitemap: https://user.github.io/repo/sitemap.xml\n")


def test_document_jsonld() -> None:
    d = Document("x", "seeds/x.txt", DocMeta(title="T", authors=("A B",), genre="news report",
                                             date="2023-02-18/2023-02-22", publisher="P"), ())
    data = document_jsonld(d, SITE + "documents/x/index.html")
    assert data["@type"] == "NewsArticle" and data["datePublished"] == "2023-02-18"
    assert data["author"] == [{"@type": "Person", "name": "A B"}]


def test_script_tag_cannot_be_closed_by_data() -> None:
    e = Entity("x", "</script><b>", "person", (), "d", "content/entities.toml", 1)
    tag = script_tag(entity_jsonld(e, SITE))
    assert tag.count("</script>") == 1
    inner = tag.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(inner)["name"] == "</script><b>"
