"""The classifier's learned part and entity evidence (issue 13): the model is deterministic,
leave-one-document-out never trains on the document it scores, the model's push and an
entity's mention are shown in the reasons, the model alone is no evidence, and unknown entity
ids in a theme file are errors with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.documentary import evaluate as evaluate_module
from dossier.documentary.classify import classify, classify_document
from dossier.documentary.gazetteer import load_entities
from dossier.documentary.labels import GoldRow, load_labels
from dossier.documentary.learned import train
from dossier.documentary.mentions import Matcher
from dossier.documentary.themes import load_themes, parse_theme, resolve_theme_entities
from dossier.model import Block, Corpus, DocMeta, Document, Theme

REPO_ROOT = Path(__file__).resolve().parents[2]

# Written for this test, not taken from the seeds or the development set.
SANCTIONS = [
    "Washington imposed sanctions on Pakistan after the nuclear tests and cut off military aid.",
    "Congress debated further sanctions on Pakistan as punishment for the missile programme.",
    "The Treasury froze the assets of the designated entities under the sanctions order.",
]
OTHER = [
    "The cricket team won the series at home after a long drought.",
    "Floods in the south displaced millions and relief convoys reached the villages.",
    "The provincial budget raised spending on schools and roads.",
]


def doc(name: str, texts: list[str]) -> Document:
    blocks = tuple(Block(kind="paragraph", text=t, source=f"unseen/{name}", line=i + 1,
                         end_line=i + 1, section="body", id=f"p-{i}")
                   for i, t in enumerate(texts))
    return Document(slug=name.removesuffix(".txt"), source=f"unseen/{name}",
                    meta=DocMeta(title=name), blocks=blocks)


def rows_for(name: str, texts: list[str], theme: str) -> list[GoldRow]:
    return [GoldRow(name, i, " ".join(t.split()[:8]), frozenset({theme} if theme else ()), i + 2)
            for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def themes() -> tuple[Theme, ...]:
    loaded, _ = load_themes(REPO_ROOT / "content" / "themes", REPO_ROOT)
    entities, _ = load_entities(REPO_ROOT / "content" / "entities.toml", REPO_ROOT)
    resolved, diags = resolve_theme_entities(loaded, entities)
    assert not diags, diags
    return resolved


@pytest.fixture(scope="module")
def labelled() -> tuple[Corpus, list[GoldRow]]:
    docs = (doc("a.txt", SANCTIONS[:2] + OTHER[:1]), doc("b.txt", SANCTIONS[2:] + OTHER[1:]),
            doc("c.txt", SANCTIONS[:1] + OTHER[2:]))
    rows = (rows_for("a.txt", SANCTIONS[:2], "sanctions")
            + [GoldRow("a.txt", 2, " ".join(OTHER[0].split()[:8]), frozenset(), 9)]
            + rows_for("b.txt", SANCTIONS[2:], "sanctions")
            + [GoldRow("b.txt", 1 + i, " ".join(t.split()[:8]), frozenset(), 9)
               for i, t in enumerate(OTHER[1:])]
            + rows_for("c.txt", SANCTIONS[:1], "sanctions")
            + [GoldRow("c.txt", 1, " ".join(OTHER[2].split()[:8]), frozenset(), 9)])
    return Corpus(documents=docs), rows


def test_training_is_deterministic(themes, labelled) -> None:
    corpus, rows = labelled
    one, two = train(corpus, rows, themes), train(corpus, rows, themes)
    assert one is not None and two is not None
    assert one.themes == ("sanctions",)
    assert one.fingerprint == two.fingerprint and repr(one) == repr(two)
    texts = SANCTIONS + OTHER
    assert one.predict(texts) == two.predict(texts)
    assert classify(corpus, themes, model=one) == classify(corpus, themes, model=two)


def test_no_labels_no_model(themes, labelled, tmp_path) -> None:
    corpus, _ = labelled
    assert load_labels(tmp_path / "labels", tmp_path) == ((), ())
    assert train(corpus, [], themes) is None
    # and the shipped labels load without a problem
    rows, diags = load_labels(REPO_ROOT / "content" / "labels", REPO_ROOT)
    assert rows and not diags


def test_leave_one_out_never_trains_on_the_scored_document(themes, labelled,
                                                           monkeypatch) -> None:
    corpus, rows = labelled
    seen: list[tuple[set[str], set[str]]] = []
    real_train = evaluate_module.train

    def spy(train_corpus, train_rows, train_themes):
        seen.append(({Path(d.source).name for d in train_corpus.documents},
                     {r.file for r in train_rows}))
        return real_train(train_corpus, train_rows, train_themes)

    scored: list[str] = []
    real_classify = evaluate_module.classify

    def classify_spy(one, *args, **kwargs):
        scored.append(Path(one.documents[0].source).name)
        return real_classify(one, *args, **kwargs)

    monkeypatch.setattr(evaluate_module, "train", spy)
    monkeypatch.setattr(evaluate_module, "classify", classify_spy)
    evaluate_module.leave_one_out(corpus, themes, rows)
    assert scored == ["a.txt", "b.txt", "c.txt"]
    for name, (docs, files) in zip(scored, seen, strict=True):
        assert name not in docs and name not in files
        assert docs == files == {"a.txt", "b.txt", "c.txt"} - {name}


def test_the_models_push_is_a_reason_but_never_evidence(themes, labelled) -> None:
    corpus, rows = labelled
    model = train(corpus, rows, themes)
    assert model is not None
    pred = model.predict([SANCTIONS[0]])[0]["sanctions"]
    assert pred.p > 0.5 and pred.terms
    got = [a for a in classify(corpus, themes, model=model)
           if a.ref.key == "a#p-0" and a.theme == "sanctions"]
    assert got and any(r.startswith(f"model: {pred.p:.2f} from '") for r in got[0].reasons)
    # a passage with no cue of the theme never enters, however sure the model is
    words = "Congress debated Pakistan after the nuclear tests, Washington said."
    assert model.predict([words])[0]["sanctions"].p > 0.5
    lonely = doc("d.txt", SANCTIONS + [words])
    assert not [a for a in classify_document(lonely, themes, model=model)
                if a.ref.passage == "p-3" and a.theme == "sanctions"]


def test_entity_mentions_are_evidence_with_their_reason(themes) -> None:
    entities, _ = load_entities(REPO_ROOT / "content" / "entities.toml", REPO_ROOT)
    sanctions = next(t for t in themes if t.slug == "sanctions")
    assert any(ec.entity == "national-defence-complex" for ec in sanctions.entities)
    d = doc("e.txt", ["The National Defence Complex builds the Shaheen missiles; Washington "
                      "has sanctioned it."])
    mentions = Matcher.of(entities).document(d)
    assert any(m.entity == "national-defence-complex" for m in mentions)
    with_entity = classify_document(d, themes, mentions)
    without = classify_document(d, themes)
    a = next(x for x in with_entity if x.theme == "sanctions")
    assert "mentions 'National Defence Complex' +1.5" in a.reasons
    b = next(x for x in without if x.theme == "sanctions")
    assert a.score == pytest.approx(b.score + 1.5)


def test_an_unknown_entity_id_is_an_error_at_its_line() -> None:
    text = ('+++\ntitle = "T"\nincludes = "i"\nexcludes = "e"\n[cues]\n"x" = 1.0\n'
            '[entities]\n"no-such-body" = 2.0\n+++\nIntro.\n')
    theme, diags, _ = parse_theme(text, "t", "content/themes/t.md")
    assert theme is not None and not [d for d in diags if d.severity == "error"]
    assert theme.entities[0].entity == "no-such-body"
    entities, _ = load_entities(REPO_ROOT / "content" / "entities.toml", REPO_ROOT)
    resolved, problems = resolve_theme_entities((theme,), entities)
    assert not resolved[0].entities
    assert [(p.path, p.line, p.severity) for p in problems] == [("content/themes/t.md", 8,
                                                                 "error")]
    assert "unknown entity 'no-such-body'" in problems[0].message
