"""The one URL scheme: where pages live and how one page links to another."""

from __future__ import annotations

from dossier.model import PassageRef
from dossier.urls import (
    absolute,
    doc_url,
    essay_url,
    is_site_url,
    passage_url,
    relative,
    root_prefix,
    theme_feed,
)


def test_pages_and_links_between_them() -> None:
    assert doc_url("a") == "documents/a/index.html"
    assert passage_url(PassageRef("a", "p-1")) == "documents/a/index.html#p-1"
    assert essay_url("e") == "essays/e/index.html"
    assert theme_feed("t") == "feeds/themes/t.atom.xml"
    assert root_prefix("index.html") == ""
    assert root_prefix(doc_url("a")) == "../../"
    assert relative("feeds/themes/t.atom.xml", "index.html") == "../../index.html"


def test_absolute_urls_only_with_a_public_address() -> None:
    assert is_site_url("https://user.github.io/repo/") and not is_site_url("/repo/")
    assert absolute("https://x.org/repo/", "/a/index.html") == "https://x.org/repo/a/index.html"
