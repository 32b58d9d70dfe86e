"""sitemap.xml and robots.txt for a site with a public address."""

from __future__ import annotations

from dossier.publish.sitemap import robots, sitemap

SITE = "https://user.github.io/repo/"


def test_sitemap_is_sorted_absolute_and_escaped() -> None:
    xml = sitemap(SITE, ["b/index.html", "a/index.html", "a&b.html"], "2024-01-01")
    locs = [line for line in xml.splitlines() if "<loc>" in line]
    assert "https://user.github.io/repo/a&amp;b.html" in locs[0]
    assert locs[1].count("a/index.html") == 1 and "<lastmod>2024-01-01</lastmod>" in locs[1]


def test_robots_points_at_sitemap() -> None:
    assert robots(SITE).endswith("Sitemap: https://user.github.io/repo/sitemap.xml\n")
