"""Document and section context (issue 13): weak evidence enters through the context of a
document whose strong passages establish the theme, and says so; no evidence never does.
And the development set's distractors get none of the four required themes."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.documentary.classify import CONTEXT_MIN_SCORE, classify, prepare, score, weak_evidence
from dossier.documentary.scoring import DISTRACTOR_PREFIXES, REQUIRED
from dossier.documentary.themes import load_themes
from dossier.documentary.training import corpus_from
from dossier.model import Block, Corpus, DocMeta, Document, Theme

REPO_ROOT = Path(__file__).resolve().parents[2]
DEVSET = REPO_ROOT / "content" / "labels" / "devset"

# Written for this test, not taken from the seeds or the development set.
STRONG = [
    "Washington imposed sanctions on Pakistan after the nuclear tests, and the Pressler "
    "sanctions already cut off military aid.",
    "Congress debated further sanctions on Pakistan, and officials described the aid cut as "
    "punishment for the programme.",
    "The sanctions regime stayed in place for years: punitive measures, an embargo on arms and "
    "the suspension of military aid.",
]
WEAK = "Any assets the agency holds in American banks are now frozen."
NONE = "The agency's director gave a long interview to a local newspaper about his career."


@pytest.fixture(scope="module")
def themes() -> tuple[Theme, ...]:
    loaded, _ = load_themes(REPO_ROOT / "content" / "themes", REPO_ROOT)
    return loaded


def document(*paragraphs: str) -> Corpus:
    blocks = tuple(Block(kind="paragraph", text=t, source="unseen/doc.txt", line=i + 1,
                         end_line=i + 1, section="body", id=f"p-{i}")
                   for i, t in enumerate(paragraphs))
    doc = Document(slug="doc", source="unseen/doc.txt", meta=DocMeta(title="Doc"), blocks=blocks)
    return Corpus(documents=(doc,))


def themes_of(corpus: Corpus, themes, passage: str, slug: str):
    return [a for a in classify(corpus, themes) if a.ref.passage == passage and a.theme == slug]


def test_weak_evidence_alone_is_not_enough(themes) -> None:
    sanctions = next(t for t in themes if t.slug == "sanctions")
    s = score(sanctions, prepare(WEAK))
    assert CONTEXT_MIN_SCORE <= weak_evidence(s) < sanctions.threshold
    assert not themes_of(document(WEAK), themes, "p-0", "sanctions")


def test_weak_evidence_enters_through_the_documents_context(themes) -> None:
    corpus = document(*STRONG, WEAK, NONE)
    got = themes_of(corpus, themes, "p-3", "sanctions")
    assert got, "the weak passage should take the theme its document establishes"
    reasons = got[0].reasons
    assert any(r.startswith("context: ") and "of this document" in r
               and "US sanctions and pressure on Pakistan" in r for r in reasons), reasons
    assert any(r.startswith("cue 'frozen'") for r in reasons), reasons  # its own evidence too


def test_a_passage_with_no_evidence_never_enters_through_context(themes) -> None:
    corpus = document(*STRONG, WEAK, NONE)
    assert not themes_of(corpus, themes, "p-4", "sanctions")
    assert not any(a.ref.passage == "p-4" for a in classify(corpus, themes))


def test_weak_evidence_needs_strong_passages(themes) -> None:
    corpus = document(STRONG[0], WEAK, WEAK.replace("agency", "firm"), NONE)
    # one strong passage does not establish a theme (in a short document: see breadth below)
    assert not themes_of(corpus, themes, "p-1", "sanctions")


@pytest.mark.skipif(not DEVSET.is_dir(), reason="no development set")
def test_the_devset_distractors_get_no_required_theme(themes) -> None:
    devset = corpus_from(DEVSET, REPO_ROOT)
    distractors = [d for d in devset.documents
                   if Path(d.source).name.startswith(DISTRACTOR_PREFIXES)]
    assert len(distractors) == len(DISTRACTOR_PREFIXES) == 5
    got = [(a.ref.key, a.theme) for a in classify(Corpus(tuple(distractors)), themes)
           if a.theme in REQUIRED]
    assert got == []


def test_a_long_document_establishes_a_theme_by_breadth(themes) -> None:
    # one strong passage, and weak evidence in five of the other six: two thirds of seven
    weak = [WEAK, WEAK.replace("agency", "firm"), WEAK.replace("agency", "ministry"),
            WEAK.replace("agency", "bank"), WEAK.replace("agency", "trader")]
    corpus = document(STRONG[0], *weak, NONE)
    got = themes_of(corpus, themes, "p-2", "sanctions")
    assert got, "a long document mostly about the theme establishes it with one strong passage"
    assert any(r.startswith("context: 6 of 7 passages of this document") and "(1 on their own)"
               in r for r in got[0].reasons), got[0].reasons
    assert not themes_of(corpus, themes, "p-6", "sanctions")  # no evidence: never


def test_breadth_needs_a_long_document_and_two_thirds(themes) -> None:
    weak = [WEAK, WEAK.replace("agency", "firm"), WEAK.replace("agency", "ministry")]
    # five passages: too short for breadth, although four of five carry evidence
    assert not themes_of(document(STRONG[0], *weak, NONE), themes, "p-1", "sanctions")
    # seven passages, only four with evidence: under two thirds
    longer = document(STRONG[0], *weak, NONE, NONE.replace("director", "deputy"),
                      NONE.replace("local", "weekly"))
    assert not themes_of(longer, themes, "p-1", "sanctions")


def test_a_back_reference_to_the_previous_passage_carries_its_theme(themes) -> None:
    reply = ("A former ambassador who served two presidents called the decision short-sighted "
             "and bad for both countries in the long run.")
    corpus = document(*STRONG, reply, NONE)
    got = themes_of(corpus, themes, "p-3", "sanctions")
    assert got, "'the decision' after a sanctions passage, in a sanctions document"
    assert any(r == "context: 'the decision' refers back to p-2" for r in got[0].reasons)
    assert any("of this document are about" in r for r in got[0].reasons)
    # the same sentence after a passage without the theme, or in a document that does not
    # establish it, gets nothing
    assert not themes_of(document(*STRONG, NONE, reply), themes, "p-4", "sanctions")
    assert not themes_of(document(STRONG[0], reply, NONE), themes, "p-1", "sanctions")
