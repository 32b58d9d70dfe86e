"""One citation scheme (issue 16): every passage's number, ``¶ 15``, is the same on its
document's page (in the margin), in the essays (``[2, ¶ 15]``), in its cite box, in
``data/passages.jsonl`` and ``data/essays.json``, and in the search meta."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup

NUMBER = re.compile(r"^¶[A-Z][a-z]+(?: [a-z]+)? (\d+)$")  # "¶Paragraph 15", "¶List item 3"


def passages(site: Path) -> list[dict]:
    text = (site / "data" / "passages.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


@cache
def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def shown_number(site: Path, url: str) -> tuple[int, str]:
    """(the number the passage's page shows, its cite box text) for a passage URL."""
    path, _, pid = url.partition("#")
    element = page(site / path).find(id=pid)
    assert element is not None, url
    link = element.find("a", class_="permalink")
    assert link is not None and link["href"] == f"#{pid}", f"{url}: no ¶ link"
    found = NUMBER.match(link.get_text())
    assert found, f"{url}: the ¶ link reads {link.get_text()!r}"
    box = element.find(class_="citebox-text")
    return int(found.group(1)), box.get_text() if box else ""


def test_every_passage_shows_its_number_and_they_run_one_to_n(built_site: Path) -> None:
    by_doc: dict[str, list[dict]] = {}
    for p in passages(built_site):
        by_doc.setdefault(p["document"], []).append(p)
    assert by_doc
    for slug, records in by_doc.items():
        soup = page(built_site / "documents" / slug / "index.html")
        shown = []
        for link in soup.select("article.document a.permalink, aside.comments a.permalink"):
            found = NUMBER.match(link.get_text())
            assert found, f"{slug}: {link.get_text()!r}"
            # the number opens its passage: nothing but anchors of old ids before it
            owner = link.parent
            assert owner.get("id") == link["href"][1:], f"{slug}: {link['href']} misplaced"
            assert not owner.get_text().split(link.get_text())[0].strip()
            shown.append(int(found.group(1)))
        assert shown == list(range(1, len(records) + 1)), f"{slug}: numbers out of order"
        assert sorted(p["number"] for p in records) == shown, slug
        for p in records:
            number, box = shown_number(built_site, p["url"])
            assert number == p["number"], p["url"]
            assert f"¶ {number}, passage id {p['id']}." in box, p["url"]
        meta = soup.find(attrs={"data-pagefind-meta": re.compile("^numbers:")})
        pairs = dict(pair.split("=") for pair in meta["data-pagefind-meta"][8:].split())
        assert pairs == {p["id"]: str(p["number"]) for p in records}, slug


def test_essays_cite_the_numbers_the_pages_show(built_site: Path) -> None:
    numbers = {p["url"]: p["number"] for p in passages(built_site)}
    exported = json.loads((built_site / "data" / "essays.json").read_text(encoding="utf-8"))
    assert exported and all(e["citations"] for e in exported)
    checked = 0
    for essay in exported:
        soup = page(built_site / essay["url"])
        for c in essay["citations"]:
            assert numbers[c["url"]] == c["number"], c["url"]
            assert shown_number(built_site, c["url"])[0] == c["number"], c["url"]
        for a in soup.select("a.cite-n"):
            href = a["href"].split("documents/", 1)[1]
            label = re.fullmatch(r"\[(?:source )?(\d+), ¶ (\d+)\]", a.get_text())
            assert label, a.get_text()
            url = "documents/" + href
            assert int(label.group(2)) == numbers[url] == shown_number(built_site, url)[0], url
            assert any(c["url"] == url and c["source"] == int(label.group(1))
                       for c in essay["citations"]), url
            checked += 1
    assert checked, "no [n, ¶ k] citation in any essay"
