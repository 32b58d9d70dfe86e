"""``sitemap.xml`` and ``robots.txt``: written only when the site URL is known."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from dossier.urls import absolute


def sitemap(site_url: str, pages: Iterable[str], lastmod: str = "") -> str:
    """``pages``: paths relative to the site root (``documents/x/index.html``)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for rel in sorted(set(pages)):
        mod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"  <url><loc>{escape(absolute(site_url, rel))}</loc>{mod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {absolute(site_url, 'sitemap.xml')}\n"
