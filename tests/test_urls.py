"""dossier.urls: the one link-safety rule (the page addresses are tested with the pages)."""

from __future__ import annotations

import pytest

from dossier.urls import LINK_SCHEMES, SITE_LINK_SCHEMES, is_safe_url, quote_href


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
