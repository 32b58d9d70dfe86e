"""The open data in the real build: valid against its JSON Schemas, every URL resolving to a
file (and an element with the fragment's id), deterministic formatting, schemas shipped."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator

from dossier.pages.opendata import FILES, SCHEMA_DIR, schema_name

REPO = Path(__file__).resolve().parents[2]


def load(site: Path, name: str) -> list[dict]:
    text = (site / "data" / name).read_text(encoding="utf-8")
    if name.endswith(".jsonl"):
        return [json.loads(line) for line in text.splitlines()]
    return json.loads(text)


@cache
def ids_of(page: Path) -> frozenset[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return frozenset(t["id"] for t in soup.find_all(id=True))


def resolves(site: Path, url: str) -> str | None:
    """None if ``url`` (relative to the site root) names a file and, if any, an existing id."""
    path, _, fragment = url.partition("#")
    target = site / path
    if url.startswith(("/", "http:", "https:")) or not path:
        return f"{url}: not relative to the site root"
    if not target.is_file():
        return f"{url}: no file {path}"
    if fragment and fragment not in ids_of(target):
        return f"{url}: no id {fragment!r} in {path}"
    return None


def urls_in(record: object) -> list[str]:
    """Every string under a key named url, or listed under passages / evidence."""
    found: list[str] = []
    if isinstance(record, dict):
        for key, value in record.items():
            if key == "url" and isinstance(value, str):
                found.append(value)
            elif key in ("passages", "evidence") and isinstance(value, list):
                found += [v for v in value if isinstance(v, str)]
            else:
                found += urls_in(value)
    elif isinstance(record, list):
        for item in record:
            found += urls_in(item)
    return found


@pytest.mark.parametrize("name", FILES)
def test_data_file_is_valid_against_its_schema(built_site: Path, name: str) -> None:
    schema = json.loads((SCHEMA_DIR / schema_name(name)).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    records = load(built_site, name)
    docs = records if name.endswith(".jsonl") else [records]
    errors = [f"{name} line {i + 1}: {e.json_path}: {e.message}" for i, doc in enumerate(docs)
              for e in validator.iter_errors(doc)]
    assert not errors, "\n".join(errors[:20])


@pytest.mark.parametrize("name", FILES)
def test_every_url_resolves(built_site: Path, name: str) -> None:
    urls = urls_in(load(built_site, name))
    assert urls, f"{name}: no URL at all"
    problems = [p for p in (resolves(built_site, u) for u in sorted(set(urls))) if p]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("name", FILES)
def test_deterministic_formatting(built_site: Path, name: str) -> None:
    raw = (built_site / "data" / name).read_text(encoding="utf-8")
    assert raw.endswith("\n") and not raw.endswith("\n\n")
    assert "\\u" not in raw, "non-ASCII must be written as is (ensure_ascii=False)"
    lines = raw.splitlines() if name.endswith(".jsonl") else [raw]
    for line in lines:
        data = json.loads(line)
        indent = None if name.endswith(".jsonl") else 2
        assert json.dumps(data, sort_keys=True, ensure_ascii=False, indent=indent) == \
            line.rstrip("\n"), f"{name}: keys not sorted or not in the canonical layout"


def test_schemas_ship_with_the_site(built_site: Path) -> None:
    shipped = sorted(p.name for p in (built_site / "data" / "schemas").iterdir())
    assert shipped == sorted(schema_name(n) for n in FILES)
    for name in shipped:
        assert (built_site / "data" / "schemas" / name).read_bytes() == \
            (SCHEMA_DIR / name).read_bytes()


def test_documents_name_their_seed_files(built_site: Path) -> None:
    docs = load(built_site, "documents.json")
    seeds = sorted(p.name for p in (REPO / "seeds").glob("*.txt"))
    assert sorted(d["source"] for d in docs) == seeds
    assert [d["url"] for d in docs] == [f"documents/{d['slug']}/index.html" for d in docs]


def test_passages_match_the_pages(built_site: Path) -> None:
    passages = load(built_site, "passages.jsonl")
    keys = [f"{p['document']}#{p['id']}" for p in passages]
    assert len(keys) == len(set(keys)), "a passage is exported twice"
    themes = {t["slug"] for t in load(built_site, "themes.json")}
    entities = {e["id"] for e in load(built_site, "entities.json")}
    events = {e["id"] for e in load(built_site, "events.json")}
    for p in passages:
        assert set(p["themes"]) <= themes and set(p["why"]) == set(p["themes"]), p["url"]
        assert set(p["entities"]) <= entities and set(p["events"]) <= events, p["url"]
    by_theme = {t["slug"]: t["passage_count"] for t in load(built_site, "themes.json")}
    for slug, count in by_theme.items():
        assert count == sum(slug in p["themes"] for p in passages), slug


def test_events_cite_exported_passages(built_site: Path) -> None:
    urls = {p["url"] for p in load(built_site, "passages.jsonl")}
    for e in load(built_site, "events.json"):
        assert set(e["evidence"]) <= urls, e["id"]


def test_a_page_links_to_the_data(built_site: Path) -> None:
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a["href"] for a in home.find_all("a", href=True)}
    for name in FILES:
        assert f"data/{name}" in hrefs
        assert f"data/schemas/{schema_name(name)}" in hrefs


def test_passages_give_number_heading_and_source_lines(built_site: Path) -> None:
    """``lines`` point into the raw seed file: its first line holds the passage's first
    word, and the span never runs backwards or past the file's end."""
    docs = {d["slug"]: d for d in load(built_site, "documents.json")}
    raw = {slug: (REPO / "seeds" / d["source"]).read_text(encoding="utf-8",
                                                           errors="replace").splitlines()
           for slug, d in docs.items()}
    headings = set()
    for p in load(built_site, "passages.jsonl"):
        first, last = p["lines"]
        lines = raw[p["document"]]
        assert 1 <= first <= last <= len(lines), p["url"]
        word = next(iter(re.findall(r"[A-Za-z]{4,}", p["text"])), "")
        span = " ".join(lines[first - 1:last])
        assert not word or word in span, f"{p['url']}: {word!r} not in lines {first}-{last}"
        headings.add(p["heading"])
    assert {"Abstract", "References", "Introduction"} <= headings


def test_data_licence_is_shipped_and_linked(built_site: Path) -> None:
    text = (built_site / "data" / "LICENSE.txt").read_text(encoding="utf-8")
    assert "CC BY 4.0" in text and "excerpts" in text and "not redistributed in full" in text
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find("a", href="data/LICENSE.txt")


def test_provenance_is_given_or_its_absence_explained(built_site: Path) -> None:
    for d in load(built_site, "documents.json"):
        m = d["metadata"]
        if not (m["publisher"] and m["original_url"]):
            assert m["provenance_note"], f"{d['slug']}: no publisher/url and no provenance_note"
