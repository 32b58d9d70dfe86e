"""The classifier's learned part: one logistic regression per theme over tf-idf word unigrams
and bigrams, trained on the editors' labelled passages (``content/labels/*.tsv``).

It never assigns a theme by itself. For each passage and theme it gives a probability ``p``,
and :mod:`dossier.documentary.classify` adds ``MODEL_WEIGHT × (p − 0.5)`` to the passage's
cue score when ``p`` > 0.5 (up to +1.5 with the defaults, see :func:`model_push`): the model
tips passages near the threshold, the reason says so
(``model: 0.81 from 'designated', 'entities', 'export' +0.93``), and the anchors, the
threshold and "no evidence, no context" still hold.

Trained at build time, deterministically: the vocabulary is sorted, the solver (liblinear)
gets a fixed ``random_state``, the probabilities are rounded. The fitted numbers are kept in
the cache by what they are trained from (:meth:`Training.model`), and predictions are made
with NumPy (:class:`ThemeModel`): a build that reads the model back never imports
scikit-learn. A build without labels has no model and classifies with the cues alone. The
same code trains the models of the evaluation's leave-one-document-out runs (:func:`train` on
the other documents).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # imported where a model is trained: scikit-learn takes 0.7 s to import,
    # which a build that finds nothing changed, or trains nothing, need not pay
    from sklearn.linear_model import LogisticRegression

from dossier.documentary.cues import prepare
from dossier.documentary.labels import GoldRow, match_gold
from dossier.model import Corpus, Theme
from dossier.util.cache import Cache, code_fingerprint, make_key

__all__ = ["MODEL_WEIGHT", "Prediction", "ThemeModel", "Training", "model_push", "train"]

MODEL_WEIGHT = 3.0  # a probability p adds MODEL_WEIGHT × (p − 0.5) to the cue score
MIN_POSITIVES = 3  # a theme with fewer labelled passages gets no model
C = 4.0  # inverse regularisation strength of each regression
TOP_TERMS = 3  # words and phrases named in a reason
SEED = 0


def model_push(p: float) -> float:
    """What a probability adds to the cue score: ``MODEL_WEIGHT × (p − 0.5)`` when the model
    leans towards the theme, nothing when it leans away. Measured: pushes down as well (even
    at 0.3 of the weight) cost more recall on the development set than they won precision
    (docs/themes.md): a model trained on a few documents knows too little of a theme's
    vocabulary to veto what it has not seen."""
    return round(MODEL_WEIGHT * max(0.0, p - 0.5), 3)


@dataclass(frozen=True)
class Prediction:
    p: float  # probability that the passage is about the theme
    terms: tuple[str, ...]  # the words and phrases that pushed it up most

    def describe(self) -> str:
        """``model: 0.81 from 'designated', 'entities', 'export'``"""
        why = ", ".join(f"'{t}'" for t in self.terms)
        return f"model: {self.p:.2f}" + (f" from {why}" if why else "")


# How TfidfVectorizer finds words (its default token_pattern), which the model copies.
TOKEN = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class Regression:
    """One theme's fitted logistic regression: a weight per column, and the intercept."""

    coef: np.ndarray
    intercept: float


class ThemeModel:
    """The trained regressions: ``predict`` gives, per text, a :class:`Prediction` for every
    theme that has a model.

    It holds the fitted numbers only (the vectorizer's vocabulary, idf weights and stop words;
    each regression's weights), not scikit-learn's objects, and predicts with NumPy as
    ``TfidfVectorizer.transform`` and ``LogisticRegression.predict_proba`` do
    (``tests/documentary/test_learned.py`` compares the two). So a model kept in the cache
    (:meth:`Training.model`) predicts without importing scikit-learn, which alone takes
    longer than a seed edit's annotation; and every build predicts with the same code,
    whether it trained the model or read it back."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, stop_words: frozenset[str],
                 models: dict[str, Regression], trained_on: tuple[str, ...],
                 passages: int) -> None:
        self.vocabulary = vocabulary
        self.idf = idf
        self.stop_words = stop_words
        self.models = models
        self.trained_on = trained_on  # the labelled documents' file names
        self.passages = passages
        self.names = [term for term, _ in sorted(vocabulary.items(), key=lambda kv: kv[1])]
        digest = hashlib.sha256()
        digest.update(repr(sorted(vocabulary.items())).encode())
        digest.update(np.round(idf, 6).tobytes())
        for slug in sorted(models):
            m = models[slug]
            digest.update(slug.encode())
            digest.update(np.round(m.coef, 6).tobytes() + np.round([m.intercept], 6).tobytes())
        self.fingerprint = digest.hexdigest()[:16]

    def __repr__(self) -> str:  # part of the annotation cache key
        return (f"ThemeModel({self.fingerprint}, {len(self.models)} themes, "
                f"{self.passages} passages)")

    @property
    def themes(self) -> tuple[str, ...]:
        return tuple(sorted(self.models))

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's tf-idf row, as ``TfidfVectorizer.transform`` makes it with the options
        of :func:`fit`: (columns in order, values). Words are lowercased, stop words
        dropped, then unigrams and bigrams counted; sublinear tf (1 + log), times idf, scaled
        to unit length."""
        words = [w for w in TOKEN.findall(prepare(text).lower()) if w not in self.stop_words]
        counts: Counter[int] = Counter()
        for gram in chain(words, map(" ".join, zip(words, words[1:], strict=False))):
            col = self.vocabulary.get(gram)
            if col is not None:
                counts[col] += 1
        cols = np.array(sorted(counts), dtype=np.intp)
        values = np.log(np.array([counts[c] for c in cols], dtype=np.float64)) + 1.0
        values *= self.idf[cols]
        norm = float(np.sqrt(np.dot(values, values)))
        if norm > 0:
            values /= norm
        return cols, values

    def predict(self, texts: Sequence[str]) -> list[dict[str, Prediction]]:
        out: list[dict[str, Prediction]] = [{} for _ in texts]
        for i, text in enumerate(texts):
            cols, values = self.vector(text)
            for slug in self.themes:
                model = self.models[slug]
                pushes = values * model.coef[cols]
                decision = float(pushes.sum()) + model.intercept
                p = 0.5 * (1.0 + math.tanh(decision / 2))  # the logistic function, stably
                order = sorted(range(len(pushes)),
                               key=lambda k: (-pushes[k], self.names[cols[k]]))
                terms = tuple(self.names[cols[k]] for k in order[:TOP_TERMS] if pushes[k] > 0)
                out[i][slug] = Prediction(round(p, 2), terms)
        return out


def training_set(corpus: Corpus, rows: Sequence[GoldRow]
                 ) -> tuple[list[str], list[frozenset[str]], tuple[str, ...]]:
    """The labelled passages' texts and themes, in corpus order, and their files."""
    found, _ = match_gold(rows, corpus)
    by_key = {key: row for row, key in found.items()}
    texts, labels, files = [], [], set()
    for doc in corpus.documents:
        for p in doc.passages:
            row = by_key.get(f"{doc.slug}#{p.id}")
            if row is not None:
                texts.append(p.text)
                labels.append(row.themes)
                files.add(row.file)
    return texts, labels, tuple(sorted(files))


@dataclass(frozen=True)
class Fitted:
    """A trained model (or None: nothing to learn) as the cache keeps it."""

    model: ThemeModel | None


class Training:
    """What the model is trained from (the labelled passages of ``corpus``, their themes,
    the themes that may get a model), with a :attr:`key` that names it, and the model,
    trained only when first asked for (:meth:`model`): a build whose annotations are all
    in the cache (keyed with :attr:`key`) trains nothing and never imports scikit-learn."""

    def __init__(self, corpus: Corpus, rows: Sequence[GoldRow], themes: Sequence[Theme]
                 ) -> None:
        self.texts, self.labels, self.files = training_set(corpus, rows)
        self.themes = tuple(themes)
        self.key = make_key(
            "theme model", metadata.version("scikit-learn"), repr(self.texts),
            repr([sorted(lab) for lab in self.labels]), repr(self.files),
            repr([t.slug for t in self.themes]))
        self._model: ThemeModel | None = None
        self._trained = False

    def model(self, cache: Cache | None = None) -> ThemeModel | None:
        """The model, trained once; with ``cache``, read from it when it holds the model of
        the same training set and code, else trained and put there."""
        if not self._trained:
            key = make_key(self.key, code_fingerprint("dossier.documentary.learned"))
            kept = cache.get(key) if cache is not None else None
            if isinstance(kept, Fitted):
                self._model = kept.model
            else:
                self._model = fit(self.texts, self.labels, self.files, self.themes)
                if cache is not None:
                    cache.put(key, Fitted(self._model))
            self._trained = True
        return self._model

    def __repr__(self) -> str:  # part of the annotation cache key
        return f"Training({self.key[:16]}, {len(self.texts)} passages)"


def train(corpus: Corpus, rows: Sequence[GoldRow], themes: Sequence[Theme]
          ) -> ThemeModel | None:
    """A model per theme of ``themes`` with at least ``MIN_POSITIVES`` labelled passages in
    ``corpus`` (labels ``rows``); None when there is nothing to learn from."""
    return Training(corpus, rows, themes).model()


def fit(texts: list[str], labels: list[frozenset[str]], files: tuple[str, ...],
        themes: Sequence[Theme]) -> ThemeModel | None:
    """The model of :func:`train`, from the labelled passages' ``texts`` and themes."""
    if not texts:
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                 stop_words="english", lowercase=True, dtype=np.float64)
    try:
        x = vectorizer.fit_transform([prepare(t) for t in texts])
    except ValueError:  # no word left (every passage empty or made of stop words)
        return None
    models: dict[str, LogisticRegression] = {}
    for theme in themes:
        y = np.array([theme.slug in lab for lab in labels], dtype=int)
        if y.sum() < MIN_POSITIVES or y.sum() == len(y):
            continue
        model = LogisticRegression(C=C, class_weight="balanced", solver="liblinear",
                                   random_state=SEED, max_iter=1000)
        models[theme.slug] = model.fit(x, y)
    if not models:
        return None
    fitted = {slug: Regression(np.asarray(m.coef_[0], dtype=np.float64), float(m.intercept_[0]))
              for slug, m in models.items()}
    return ThemeModel(dict(vectorizer.vocabulary_), np.asarray(vectorizer.idf_, dtype=np.float64),
                      frozenset(vectorizer.get_stop_words() or ()), fitted, files, len(texts))
