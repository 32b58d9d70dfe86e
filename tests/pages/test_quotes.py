"""Quoting passages on theme pages and the timeline (pages/quotes.py, pages/why.py).

Unit tests of the sentence splitter and the quote cutter, then the seed site: no quote on a
theme page drops the words that put the passage there, the two orders of a theme list the
same passages, readers' reasons carry no scores, every timeline event quotes a sentence of
its evidence, and no event rests on image captions alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dossier.documentary import cues
from dossier.documentary.assemble import build_documentary
from dossier.documentary.events import NOT_EVENT_EVIDENCE
from dossier.ingest.corpus import build_corpus
from dossier.pages.crossref import Facts
from dossier.pages.quotes import quote, sentences
from dossier.pages.themes import theme_pages
from dossier.pages.timeline import timeline_view
from dossier.pages.why import cue_matches
from dossier.util.text import ELLIPSIS
from tests.support import REPO_ROOT

# --------------------------------------------------------------------------- units


@pytest.mark.parametrize(("text", "expected"), [
    ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
    ("Mr. Khan met Gen. Bajwa in the U.S. capital. Then he left.",
     ["Mr. Khan met Gen. Bajwa in the U.S. capital.", "Then he left."]),
    ("A. Q. Khan said “No.” Then he left.", ["A. Q. Khan said “No.”", "Then he left."]),
    ("See No. 5 here. It was in Sept. 2021 (Khan 2021). Done", [
        "See No. 5 here.", "It was in Sept. 2021 (Khan 2021).", "Done"]),
    ("lower case after a stop. does not split", ["lower case after a stop. does not split"]),
    ("", []),
    ("روس کا دورہ کیا۔ کیا پابندیاں لگیں گی؟ بات جاری ہے۔",
     ["روس کا دورہ کیا۔", "کیا پابندیاں لگیں گی؟", "بات جاری ہے۔"]),
    ("会议结束。下次再见！", ["会议结束。", "下次再见！"]),
])
def test_sentences(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in sentences(text)] == expected


def _words(n: int, word: str = "filler") -> str:
    return " ".join([word.capitalize()] + [word] * (n - 2)) + "."


def test_a_short_passage_is_quoted_whole() -> None:
    text = "Sanctions were imposed. " + _words(30)
    q = quote(text, [(0, 9)], words=80)
    assert not q.cut and q.text == text.strip() and "<mark>" not in q.html()


def test_evidence_after_the_allowance_is_kept_and_marked() -> None:
    text = " ".join([_words(30), _words(30), _words(30), "The US imposed sanctions.",
                     _words(30)])
    at = text.index("sanctions")
    q = quote(text, [(at, at + 9)], words=60)
    assert q.cut
    assert "<mark>The US imposed sanctions.</mark>" in str(q.html())
    assert q.parts[0] == (ELLIPSIS, False)
    assert len(q.text.split()) <= 60 + 2  # the allowance, and the "…" marks


def test_evidence_longer_than_the_allowance_is_kept_whole() -> None:
    long = "Sanctions " + " ".join(["and"] * 70) + " more."
    text = _words(20) + " " + long + " " + _words(20)
    q = quote(text, [(text.index("Sanctions"), text.index("Sanctions") + 9)], words=40)
    assert long in q.text and q.cut


def test_excerpt_cap_is_a_hard_limit() -> None:
    text = _words(30) + " " + "Sanctions " + " ".join(["x"] * 80) + "."
    at = text.index("Sanctions")
    q = quote(text, [(at, at + 9)], words=40, cap=40)
    shown = [t for t, _ in q.parts if t != ELLIPSIS]
    assert sum(len(t.split()) for t in shown) <= 40 and "Sanctions" in q.text


# --------------------------------------------------------------------------- the seed site


@pytest.fixture(scope="module")
def facts() -> Facts:
    corpus = build_corpus(REPO_ROOT)
    return Facts(build_documentary(REPO_ROOT, corpus, cache_dir=False))


def _shown_spans(text: str, parts: tuple) -> list[tuple[int, int]]:
    """Where each shown part of a quote sits in the passage (parts appear in order)."""
    spans, at = [], 0
    for part in parts:
        if part == ELLIPSIS:
            continue
        at = text.index(part, at)
        spans.append((at, at + len(part)))
        at += len(part)
    return spans


def test_no_theme_quote_drops_its_evidence(facts: Facts) -> None:
    """For every quoted passage, every match of the cues the classifier found in it lies
    inside the shown text."""
    checked = 0
    for slug, theme in facts.themes.items():
        for view in theme_pages(facts, slug):
            for group in view["groups"]:
                for p in group["passages"]:
                    text = facts.passages[p["key"]].block.text
                    parts = tuple(p["text"].split(f" {ELLIPSIS} ")) if p["cut"] else (
                        p["text"],)
                    parts = tuple(x.strip(f" {ELLIPSIS}") for x in parts if x.strip(
                        f" {ELLIPSIS}"))
                    shown = _shown_spans(text, parts)
                    fired = {h.cue for h in cues.find_hits(
                        theme.cues, cues.prepare(text)) if h.cue.weight > 0}
                    matches = cue_matches(theme, text)
                    assert {m.cue for m in matches} == fired, p["key"]
                    for m in matches:
                        assert any(a <= m.start and m.end <= b for a, b in shown), (
                            f"{slug}: {p['key']} drops {m.text!r}")
                    checked += 1
    assert checked > 400  # both orders of every theme


def test_the_two_orders_list_the_same_passages(facts: Facts) -> None:
    for slug in facts.themes:
        views = theme_pages(facts, slug)
        keys = {order: sorted(p["key"] for v in views if v["order"] == order
                              for g in v["groups"] for p in g["passages"])
                for order in ("document", "date")}
        assert keys["document"] == keys["date"] == sorted(facts.theme_passages[slug])


def test_date_order_is_by_document_date(facts: Facts) -> None:
    for slug in facts.themes:
        dated = [p["datetime"] for v in theme_pages(facts, slug) if v["order"] == "date"
                 for g in v["groups"] for p in g["passages"]]
        known = [d for d in dated if d]
        assert known == sorted(known)
        assert dated[:len(known)] == known  # undated last


SCORE = re.compile(r"(?:^|\s)[+−-]\d|×\s*\d|\bscore\b|\bcue\b|\bweight", re.I)


def test_plain_reasons_carry_no_scores(facts: Facts) -> None:
    for slug in facts.themes:
        for view in theme_pages(facts, slug):
            for g in view["groups"]:
                for p in g["passages"]:
                    assert p["why"], p["key"]
                    for line in p["why"]:
                        assert not SCORE.search(line), line


def test_timeline_quotes_a_sentence_of_each_evidence_passage(facts: Facts) -> None:
    view = timeline_view(facts)
    events = [e for y in view["years"] for e in y["events"]]
    assert events
    for e in events:
        assert e["quotes"], e["id"]
        for q in e["quotes"]:
            key = q["url"].split("/")[1] + "#" + q["passage"]
            assert q["sentence"] and q["sentence"] in facts.passages[key].block.text, e["id"]


def test_timeline_sentence_names_the_event(facts: Facts) -> None:
    by_id = {e["id"]: e for y in timeline_view(facts)["years"] for e in y["events"]}
    assert "Pressler" in by_id["pressler-sanctions"]["quotes"][0]["sentence"]
    assert "1998" in by_id["nuclear-tests-1998"]["quotes"][0]["sentence"]


def test_no_event_rests_on_captions_alone(facts: Facts) -> None:
    for e in facts.events:
        kinds = {facts.passages[r.key].block.kind for r in e.evidence}
        assert kinds - NOT_EVENT_EVIDENCE, e.id


# --------------------------------------------------------------------------- built pages


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_theme_page_markup(built_site: Path) -> None:
    page = _soup(built_site / "themes/sanctions/index.html")
    switch = page.find(class_="view-switch")
    assert switch.a["href"] == "../../themes/sanctions/by-date/index.html"
    quote_ = next(f for f in page.select("figure.quote")
                  if f.figcaption.a["href"].endswith("#p-zltzij"))
    assert "sanctions" in quote_.blockquote.mark.get_text()
    assert quote_.find(class_="quote-why").get_text().startswith("Why here: mentions")
    assert page.select("h4.quote-section")
    assert "Evidence:" not in page.find(class_="theme-events").get_text()
    assert page.select(".strip-evidence q")
    dated = _soup(built_site / "themes/sanctions/by-date/index.html")
    assert dated.find(attrs={"aria-current": "page"}).get_text() == "In date order"
    assert not dated.find(attrs={"data-pagefind-body": True})
    assert len(dated.select("figure.quote")) == len(page.select("figure.quote"))


def test_timeline_markup(built_site: Path) -> None:
    page = _soup(built_site / "timeline/index.html")
    assert not page.find(id="event-gwadar-photo")
    item = page.find(id="event-pressler-sanctions")
    q = item.select_one(".evidence q")
    assert "Pressler" in q.get_text()
    assert q.find_next("a")["href"].endswith("#p-lak5sd")
    assert "passage p-" not in item.select_one(".evidence").get_text(" ").replace(
        "(passage p-", "")


def test_the_report_keeps_the_scoring_for_editors(built_site: Path) -> None:
    page = _soup(built_site / "report/index.html")
    scores = page.find(id="report-scores").parent
    text = scores.get_text(" ")
    assert re.search(r"cue '[^']+'( ×\d)? \+\d", text)
    assert scores.select("details.report-scores table a[href*='#p-']")


def test_the_cues_the_classifier_recorded_are_the_ones_found_again(facts: Facts) -> None:
    """Theme pages mark the evidence from the cues the classifier recorded for the
    assignment (Assignment.cues) instead of matching every cue of the theme again: the same
    matches, and unicode text (curly quotes, NFKC) lines up the same way."""
    compared = 0
    for slug, assigned in facts.theme_assignments.items():
        theme = facts.themes[slug]
        for key, a in assigned.items():
            if a.cues is None:
                continue
            text = facts.passages[key].block.text
            assert cue_matches(theme, text, a.cues) == cue_matches(theme, text), key
            compared += 1
    assert compared > 200
    text = "The \u201csanctions\u201d on Pakistan\u2019s missile\u00a0programme"
    theme = facts.themes["sanctions"]
    found = cue_matches(theme, text)
    assert found and all(text[m.start:m.end] == m.text for m in found)
