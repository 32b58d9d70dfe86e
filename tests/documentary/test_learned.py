"""The classifier's learned part and entity evidence (issue 13): the model is deterministic,
leave-one-document-out never trains on the document it scores, the model's push and an
entity's mention are shown in the reasons, the model alone is no evidence, and unknown entity
ids in a theme file are errors with their line."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.documentary import scoring
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
    real_train = scoring.train

    def spy(train_corpus, train_rows, train_themes):
        seen.append(({Path(d.source).name for d in train_corpus.documents},
                     {r.file for r in train_rows}))
        return real_train(train_corpus, train_rows, train_themes)

    scored: list[str] = []
    real_classify = scoring.classify

    def classify_spy(one, *args, **kwargs):
        scored.append(Path(one.documents[0].source).name)
        return real_classify(one, *args, **kwargs)

    monkeypatch.setattr(scoring, "train", spy)
    monkeypatch.setattr(scoring, "classify", classify_spy)
    scoring.leave_one_out(corpus, themes, rows)
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


# ------------------------------------------------------------------ NumPy predictions

# Words of the labelled texts and others, for texts the model has and has not seen.
WORDS = sorted({w.strip(".,").lower() for t in SANCTIONS + OTHER for w in t.split()}
               | {"Sanctions", "AID", "the", "of", "ÉTÉ", "nuclear-tests", "2021", "x"})


def sklearn_predictions(texts: list[str], corpus: Corpus, rows: list[GoldRow],
                        themes: tuple[Theme, ...]) -> list[dict[str, tuple[float, tuple]]]:
    """What scikit-learn's own objects predict, fitted as learned.fit fits them:
    (unrounded probability, the top terms)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from dossier.documentary.cues import prepare
    from dossier.documentary.learned import SEED, TOP_TERMS, C, training_set

    train_texts, labels, _ = training_set(corpus, rows)
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                          stop_words="english", lowercase=True)
    x = vec.fit_transform([prepare(t) for t in train_texts])
    y = [int("sanctions" in lab) for lab in labels]
    reg = LogisticRegression(C=C, class_weight="balanced", solver="liblinear",
                             random_state=SEED, max_iter=1000).fit(x, y)
    names = vec.get_feature_names_out()
    rows_x = vec.transform([prepare(t) for t in texts])
    probs = reg.predict_proba(rows_x)[:, 1]
    out = []
    for i in range(len(texts)):
        row = rows_x.getrow(i)
        pushes = row.data * reg.coef_[0][row.indices]
        order = sorted(range(len(pushes)), key=lambda k: (-pushes[k], names[row.indices[k]]))
        terms = tuple(str(names[row.indices[k]]) for k in order[:TOP_TERMS] if pushes[k] > 0)
        out.append({"sanctions": (float(probs[i]), terms),
                    "row": (list(row.indices), list(row.data))})
    return out


@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join), min_size=1,
                max_size=5))
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_numpy_predictions_are_scikit_learns(themes, labelled, texts) -> None:
    corpus, rows = labelled
    model = train(corpus, rows, themes)
    assert model is not None
    texts = texts + SANCTIONS + OTHER
    ours = model.predict(texts)
    theirs = sklearn_predictions(texts, corpus, list(rows), themes)
    for text, mine, expected in zip(texts, ours, theirs, strict=True):
        cols, values = model.vector(text)  # the tf-idf row, to rounding error
        order = sorted(range(len(expected["row"][0])), key=lambda k: expected["row"][0][k])
        assert list(cols) == [expected["row"][0][k] for k in order], text
        assert values == pytest.approx([expected["row"][1][k] for k in order], abs=1e-12)
        p, terms = expected["sanctions"]
        assert mine["sanctions"].terms == terms, text
        # the same probability to rounding: ours is rounded to 2 places
        assert abs(mine["sanctions"].p - p) <= 0.005 + 1e-9, text


def test_a_model_read_back_from_the_cache_predicts_without_scikit_learn(
        themes, labelled, tmp_path) -> None:
    corpus, rows = labelled
    from dossier.documentary.learned import Training
    from dossier.util.cache import Cache

    first = Training(corpus, rows, themes).model(Cache(tmp_path, "model"))
    assert first is not None
    # a fresh process reads it back, predicts the same, and never imports scikit-learn
    script = (
        "import pickle, sys\n"
        "from dossier.documentary.learned import Training\n"
        "from dossier.util.cache import Cache\n"
        f"corpus, rows, themes = pickle.loads({pickle.dumps((corpus, rows, themes))!r})\n"
        f"model = Training(corpus, rows, themes).model(Cache({str(tmp_path)!r}, 'model'))\n"
        f"texts = {SANCTIONS + OTHER!r}\n"
        "print(repr(model), [sorted((s, p.p, p.terms) for s, p in d.items())"
        " for d in model.predict(texts)])\n"
        "assert not [m for m in sys.modules if m.startswith('sklearn')], 'sklearn imported'\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=REPO_ROOT, check=False)
    assert done.returncode == 0, done.stderr
    expected = [sorted((s, p.p, p.terms) for s, p in d.items())
                for d in first.predict(SANCTIONS + OTHER)]
    assert done.stdout.strip() == f"{first!r} {expected}"
