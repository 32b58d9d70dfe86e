"""The theme classifier: quality on the seeds (against the hand labels), and precision and
recall on unseen text written for these tests (not copied from the seeds)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.documentary.classify import classified_passages, classify, prepare, score
from dossier.documentary.cues import compile_cue
from dossier.documentary.evaluate import gold_path
from dossier.documentary.labels import read_gold
from dossier.documentary.scoring import evaluate
from dossier.documentary.themes import load_themes
from dossier.ingest.corpus import build_corpus, clean_text
from dossier.model import Block, Corpus, Cue, DocMeta, Document, Theme

REPO_ROOT = Path(__file__).resolve().parents[2]
REQUIRED = ("afghanistan-withdrawal", "khan-ouster", "russia-tilt", "sanctions")


@pytest.fixture(scope="module")
def themes() -> tuple[Theme, ...]:
    loaded, diags = load_themes(REPO_ROOT / "content" / "themes", REPO_ROOT)
    assert not [d for d in diags if d.severity == "error"], [str(d) for d in diags]
    return loaded


@pytest.fixture(scope="module")
def seeds() -> Corpus:
    return build_corpus(REPO_ROOT)


def in_ci() -> bool:
    """CI sets CI=true; there the gold file must be present (../shared is checked out)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def corpus_of(*paragraphs: str, kind: str = "paragraph", section: str = "body") -> Corpus:
    blocks = tuple(Block(kind=kind, text=text, source="unseen/test.txt", line=i + 1,
                         end_line=i + 1, section=section, id=f"p-t{i:04d}")
                   for i, text in enumerate(paragraphs))
    doc = Document(slug="unseen", source="unseen/test.txt", meta=DocMeta(title="t"),
                   blocks=blocks)
    return Corpus(documents=(doc,))


def themes_of(text: str, themes: tuple[Theme, ...]) -> set[str]:
    """Each text is its own document, so no context leaks between test cases."""
    return {a.theme for a in classify(corpus_of(text), themes)}


# --- the seeds, against the hand labels ------------------------------------------------------

def test_required_themes_reach_f1_on_the_seeds(themes, seeds) -> None:
    gold = gold_path(None, REPO_ROOT)
    if not gold.is_file():
        if in_ci():
            pytest.fail(f"{gold} is missing; under CI=true ../shared must be present")
        pytest.skip(f"gold labels not found at {gold} (set DOSSIER_EVAL_GOLD to run this)")
    ev = evaluate(seeds, themes, read_gold(gold))
    assert not ev.unmatched, f"gold rows not matched to a passage: {ev.unmatched}"
    low = {slug: round(ev.per_theme[slug].f1, 3) for slug in REQUIRED
           if ev.per_theme[slug].f1 < 0.8}
    assert not low, f"F1 below 0.8: {low}"


def test_gold_path_honours_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("DOSSIER_EVAL_GOLD", str(tmp_path / "g.tsv"))
    assert gold_path(None, REPO_ROOT) == tmp_path / "g.tsv"
    assert gold_path("x.tsv", REPO_ROOT) == Path("x.tsv")
    monkeypatch.delenv("DOSSIER_EVAL_GOLD")
    assert gold_path(None, REPO_ROOT) == REPO_ROOT / "content" / "labels" / "seeds.tsv"
    assert gold_path(None, tmp_path) == tmp_path / ".." / "shared" / "eval" / "seed-themes.tsv"


def test_classify_is_deterministic_sorted_and_explained(themes, seeds) -> None:
    first, second = classify(seeds, themes), classify(seeds, themes)
    assert first == second
    keys = [(a.ref.document, a.ref.passage, a.theme) for a in first]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert all(a.reasons and not a.curated for a in first)


def test_only_body_passages_are_classified(themes, seeds) -> None:
    kinds = {(b.kind, b.section) for d in seeds.documents for u in classified_passages(d)
             for b in [u.block]}
    assert not {k for k, _ in kinds} & {"reference", "comment", "bio"}
    read = {(d.slug, u.block.id) for d in seeds.documents for u in classified_passages(d)}
    assert all((a.ref.document, a.ref.passage) in read for a in classify(seeds, themes))


# --- the mechanics ----------------------------------------------------------------------------

def test_phrases_match_whole_words_any_case_spaces_or_hyphens() -> None:
    cue = compile_cue("no-confidence", False)
    assert cue.search("lost a No Confidence vote") and cue.search("the no-confidence motion")
    assert not compile_cue("india", False).search("Indiana")
    assert compile_cue("sanction*", False).search("Washington sanctioned them")
    assert compile_cue("khan", False).search("Khan's party")


def test_citations_are_not_mentions() -> None:
    assert "Khan" not in prepare("Relations improved (Khan, 2021).")
    assert "Khan" in prepare("Khan spoke in 2021.")


def test_reasons_name_each_cue_and_weight() -> None:
    theme = Theme("t", "T", "", "", "", (Cue("no-confidence", 3.0), Cue("cricket", -2.0),
                                          Cue("khan", 0.5)), "x.md", 1, threshold=3.0)
    s = score(theme, prepare("Khan lost the no-confidence vote; Khan left."))
    assert s.total == 3.75
    assert s.reasons() == ("cue 'no-confidence' +3", "cue 'khan' ×2 +0.75")


def test_overlapping_phrases_count_once() -> None:
    theme = Theme("t", "T", "", "", "", (Cue("terror*", 1.5), Cue("war on terror", 2.0)),
                  "x.md", 1)
    assert score(theme, "the war on terror").total == 2.0


def test_anchor_required(themes) -> None:
    # strong ouster words, but no Khan, PTI or Sharif: someone else's ouster
    text = ("The ousted Egyptian president's supporters staged a rally demanding early "
            "elections and denounced a foreign conspiracy.")
    assert "khan-ouster" not in themes_of(text, themes)


def test_a_pronoun_passage_borrows_the_anchor_of_the_previous_one(themes) -> None:
    corpus = corpus_of("Imran Khan addressed a crowd in Lahore on Sunday.",
                       "He told his supporters that he had been ousted by a foreign conspiracy "
                       "and demanded early elections.")
    got = [a for a in classify(corpus, themes) if a.theme == "khan-ouster"]
    assert [a.ref.passage for a in got] == ["p-t0001"]
    assert any("previous passage p-t0000" in r for r in got[0].reasons)


def test_clean_text_route(themes) -> None:
    cleaned = clean_text("Pakistan's parliament removed Imran Khan from office in a "
                         "no-confidence vote in April 2022.\n", "unseen/x.txt")
    doc = Document(slug="x", source="unseen/x.txt", meta=DocMeta(), blocks=cleaned.blocks)
    assert {a.theme for a in classify(Corpus((doc,)), themes)} == {"khan-ouster"}


# --- unseen text: precision -------------------------------------------------------------------

NEGATIVES = [
    ("khan-ouster", "Imran Khan captained Pakistan to victory in the 1992 Cricket World Cup, and "
                    "his fast bowling made him a national hero."),
    ("khan-ouster", "Khan took over as captain in 1982 and led the side on a tour of England, "
                    "where the team won its first Test series in decades."),
    ("khan-ouster", "After retiring from cricket, Khan raised money for a cancer hospital in "
                    "Lahore named after his mother, Shaukat Khanum."),
    ("afghanistan-withdrawal", "The bowler's withdrawal from the Test series left the selectors "
                               "scrambling for a replacement before the match in Lahore."),
    ("afghanistan-withdrawal", "Afghanistan's cricket team withdrew from the tournament after "
                               "two players were injured."),
    ("afghanistan-withdrawal", "Pakistan has hosted millions of Afghan refugees since the Soviet "
                               "invasion, and Kabul remains a major trading partner."),
    ("sanctions", "The Treasury imposed fresh sanctions on Iran's oil exports this week, "
                  "targeting tankers that ship crude through the Gulf."),
    ("sanctions", "Western sanctions against Russia have squeezed its banks and cut Moscow off "
                  "from the SWIFT payments system."),
    ("sanctions", "North Korea remains under UN sanctions for its nuclear and missile "
                  "programmes."),
    ("russia-tilt", "The Bolshoi Ballet's tour of Russia's provincial cities drew record "
                    "audiences this winter."),
    ("russia-tilt", "Regional players such as China, Russia, Iran and Turkey all sent delegations "
                    "to the conference on Afghanistan."),
    ("russia-tilt", "Washington regards Russia as its principal rival in Europe and China as its "
                    "main competitor in Asia."),
    ("russia-tilt", "The European Union extended its sanctions on Russia over the war in "
                    "Ukraine."),
    ("india", "The Center for South Asian and Indian Ocean Studies hosted the lecture."),
    ("china-cpec", "Delegations from China, Russia, Iran and Turkey attended the summit."),
]


@pytest.mark.parametrize(("theme", "text"), NEGATIVES, ids=[f"not-{t}-{i}" for i, (t, _) in
                                                             enumerate(NEGATIVES)])
def test_unseen_negatives(themes, theme: str, text: str) -> None:
    assert theme not in themes_of(text, themes)


def test_unrelated_text_gets_no_theme(themes) -> None:
    text = ("The recipe calls for two cups of flour, a pinch of salt and butter softened at "
            "room temperature; bake for twenty minutes.")
    assert themes_of(text, themes) == set()


# --- unseen text: recall (paraphrases written for these tests) --------------------------------

POSITIVES = [
    ("afghanistan-withdrawal", "When American forces completed their pull-out from Afghanistan "
                               "in August 2021, Islamabad lost much of the leverage it had "
                               "enjoyed in Washington."),
    ("afghanistan-withdrawal", "The Doha accord signed with the Taliban in February 2020 set a "
                               "timetable for the departure of US troops, and Pakistani "
                               "officials claimed credit for bringing the insurgents to the "
                               "table."),
    ("afghanistan-withdrawal", "After the Taliban takeover of Kabul, Washington asked Islamabad "
                               "for access to bases for over-the-horizon strikes, a request "
                               "Pakistan turned down."),
    ("afghanistan-withdrawal", "US officials blamed Pakistan for the American defeat in "
                               "Afghanistan, arguing that its help to the Taliban made the "
                               "withdrawal of US troops a rout."),
    ("khan-ouster", "Parliament voted Imran Khan out of office in April 2022 after his coalition "
                    "partners deserted him."),
    ("khan-ouster", "Khan insisted that a diplomatic cipher proved Washington wanted him removed, "
                    "a charge the State Department rejected."),
    ("khan-ouster", "PTI supporters filled the streets of Lahore, demanding snap polls after "
                    "their leader lost the no-confidence motion."),
    ("khan-ouster", "Shehbaz Sharif was sworn in as prime minister after the opposition alliance "
                    "toppled Khan's government."),
    ("russia-tilt", "Islamabad's growing defence ties with Moscow, including joint drills and the "
                    "purchase of Russian helicopters, have unsettled Washington."),
    ("russia-tilt", "Pakistan abstained on the UN General Assembly resolution condemning "
                    "Moscow's invasion of Ukraine."),
    ("russia-tilt", "Prime Minister Khan's trip to Moscow in February 2022 coincided with the "
                    "start of the war in Ukraine."),
    ("russia-tilt", "Discounted Russian crude and plans for a gas pipeline from Russia offered "
                    "Pakistan an alternative to its dependence on the West."),
    ("sanctions", "Under the Pressler Amendment, Washington halted military and economic "
                  "assistance to Pakistan in 1990."),
    ("sanctions", "In 2018 the Trump administration suspended security assistance to Islamabad "
                  "and cut Pakistan's access to IMET training."),
    ("sanctions", "In December 2024 the State Department sanctioned four Pakistani entities "
                  "linked to the long-range ballistic missile programme."),
    ("sanctions", "Pakistani officials accused Washington of using the IMF as a tool of "
                  "coercion to punish Islamabad."),
]


@pytest.mark.parametrize(("theme", "text"), POSITIVES, ids=[f"{t}-{i}" for i, (t, _) in
                                                            enumerate(POSITIVES)])
def test_unseen_positives(themes, theme: str, text: str) -> None:
    assert theme in themes_of(text, themes)



# ---------------------------------------------------------------- the matcher's short cuts

def _plain_counts(cues: tuple[Cue, ...], text: str) -> tuple[tuple[int, int], ...]:
    """The oracle: every cue's expression run over the whole text, no pre-check (the
    overlaps resolved by the classifier's own tally)."""
    from dossier.documentary.cues import _tally

    spans, counts = [], {}
    for i, cue in enumerate(cues):
        found = [(m.start(), m.end()) for m in compile_cue(cue.pattern, cue.regex).finditer(text)
                 if m.end() > m.start()]
        if cue.regex:
            if found:
                counts[i] = len(found)
        else:
            spans.extend((a, b, i) for a, b in found)
    return _tally(spans, counts)


SHORT_CUT_CUES = (
    Cue("war on terror", 1), Cue("terror*", 1), Cue("Imran Khan", 1), Cue("Khan", 1),
    Cue("no-confidence", 1), Cue("sanction*", 1), Cue("-odd start", 1), Cue("kabul", 1),
    Cue(r"\b(collapse|fall)\b[^.;]{0,40}\bkabul\b", 1, regex=True),
    Cue(r"\bsanction\w*\s+(on|against)\s+(russia|moscow)", 1, regex=True),
    Cue(r"colou?r\b", 1, regex=True), Cue(r"a|bcd", 1, regex=True), Cue(r"(?x) ki \s+ lo", 1, True),
    Cue(r"\b(impos\w*|placed)\b[^.;]{0,20}\bsanction", 1, regex=True),
    Cue(r"(?:war\s+){2,}(on|of)\s+(terror|kabul)", 1, regex=True),
    Cue(r"\b(imran|khan)(.s)?\s+(?-i:Kabul|KABUL)", 1, regex=True),
    Cue(r"(?:start|odd)+\W+(?:bcd|colour)", 1, regex=True),
)
# Letters that lower-case unlike the ASCII letter a case-insensitive match takes them for
# (İ ı ſ K), combining marks, hyphens and the cues' own words, so that matches are frequent.
_PIECES = st.sampled_from([
    "war", "on", "terror", "terrorism", "Imran", "KHAN", "Khan's", "no", "confidence",
    "sanctions", "Sanction", "against", "Russia", "moscow", "fall", "of", "Kabul", "KABUL",
    "colour", "color", "a", "bcd", "odd", "start", "ki", "lo", "İmran", "ımran", "ſanction",
    "Kabul", "\u0307", "-", "\u2010", " ", "  ", ".", ";", "\n", "x", "impose", "IMPOSED",
    "placed", "ımposed", "plaſed", "\u212a", "khan", "kHan", "'s", "’s", "wars", "STARTodd",
])


@given(st.lists(_PIECES, max_size=40).map("".join))
@settings(max_examples=400, deadline=None)
def test_pre_checks_and_anchored_matching_find_what_plain_matching_finds(text):
    from dossier.documentary import cues as module

    cues = SHORT_CUT_CUES
    assert module._count(module._Lexicon(cues), text) == _plain_counts(cues, text)
    # Lexicons share one automaton: a cue's own pieces are found whatever else it holds.
    half = cues[::2]
    assert module._count(module._Lexicon(half), text) == _plain_counts(half, text)


def test_pre_checks_find_the_same_on_the_seeds(themes, seeds):
    from dossier.documentary import cues as module

    for doc in seeds.documents:
        for block in doc.blocks:
            text = prepare(block.text)
            for theme in themes:
                assert module._counts(theme.cues, text) == _plain_counts(theme.cues, text), \
                    (doc.slug, block.id, theme.slug)


def test_a_regex_cue_is_pre_checked_by_the_letters_it_requires():
    from dossier.documentary.cues import _needles

    assert _needles(r"\b(collapse|fall)\b[^.;]{0,40}\bkabul\b", True) == (
        ("collapse", "fall"), ("kabul",))  # one of each branch, and the run at the top
    assert _needles(r"\bend(ing)?\s+(the|a)\s+war\b", True) == (("end",), ("war",))
    assert _needles(r"colou?r", True) == (("colo",),)
    assert _needles(r"(?:abc){2,}x", True) == (("abc",),)  # a required repeat
    assert _needles(r"(?:abc)*x", True) == ()  # an optional one
    assert _needles(r"a|bcd", True) == ()  # an alternative at the top requires nothing
    assert _needles(r"(oil|a)x", True) == ()  # nor a branch one of whose arms requires none
    assert _needles(r"(unclosed", True) == ()  # not an expression: always run (and fail)
    assert _needles("sanction*", False) == (("sanction",),)  # a phrase: its first word
    assert _needles("-odd start", False) == ()  # no first word: always tried
