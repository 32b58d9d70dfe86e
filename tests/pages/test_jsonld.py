from __future__ import annotations

import json

from dossier.model import DocMeta, Document, Entity
from dossier.pages.jsonld import document_jsonld, entity_jsonld, script_tag

SITE = "https://user.github.io/repo/"


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
