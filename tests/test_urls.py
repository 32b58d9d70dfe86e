"""dossier.urls: the one URL scheme (where pages live, how one page links to another) and
the one link-safety rule."""

from __future__ import annotations

import pytest

from dossier.model import PassageRef
from dossier.urls import (
    LINK_SCHEMES,
    SITE_LINK_SCHEMES,
    absolute,
    doc_url,
    essay_url,
    is_safe_url,
    is_site_url,
    passage_url,
    quote_href,
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


def test_the_scheme_tables() -> None:
    assert LINK_SCHEMES == {"http", "https", "mailto"}
    assert SITE_LINK_SCHEMES == LINK_SCHEMES | {"tel"}


@pytest.mark.parametrize("url", ["http://example.org/a", "https://example.org/a?b=1#c",
                                 "HTTPS://EXAMPLE.ORG", "mailto:editor@example.org"])
def test_absolute_links_of_a_link_scheme_are_safe(url: str) -> None:
    assert is_safe_url(url)
    assert is_safe_url(url, relative=True)


@pytest.mark.parametrize("url", ["", "javascript:alert(1)", "data:text/html,x", "tel:123",
                                 "ftp://example.org", "http:example.org", "//example.org/x",
                                 "/etc/passwd", "\\\\host\\share", "https://a b",
                                 "https://a\tb", " https://example.org", "https://example.org\n"])
def test_other_urls_are_not_safe_links(url: str) -> None:
    assert not is_safe_url(url)


@pytest.mark.parametrize("url", ["#note-1", "page.html", "../themes/x/index.html",
                                 "sub/dir/page.html", " https://example.org ", " #top "])
def test_relative_links_are_safe_only_when_asked_for(url: str) -> None:
    assert is_safe_url(url, relative=True)
    assert not is_safe_url(url)


@pytest.mark.parametrize("url", ["", "   ", "/root/absolute.html", "\\back\\slash",
                                 "javascript:alert(1)", "JavaScript:alert(1)", "vbscript:x",
                                 "data:image/png,x", "tel:123", "a:b",
                                 "my page.html"])
def test_relative_mode_still_refuses_schemes_roots_and_whitespace(url: str) -> None:
    assert not is_safe_url(url, relative=True)


def test_quote_href_encodes_what_a_url_cannot_hold() -> None:
    assert quote_href("https://example.org/a b") == "https://example.org/a%20b"
    assert quote_href('https://example.org/"x"\\y') == "https://example.org/%22x%22%5Cy"


def test_quote_href_keeps_reserved_characters_and_existing_escapes() -> None:
    url = "https://example.org/p;x?q=a&r=(1)+2,3*#frag~_-.!$'@[]%20"
    assert quote_href(url) == url


def test_quote_href_encodes_non_ascii_as_utf8() -> None:
    assert quote_href("https://example.org/é") == "https://example.org/%C3%A9"
