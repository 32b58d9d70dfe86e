"""Property tests for the cleaner: no word lost on generated documents, and
cleaning its own output again changes nothing (idempotence)."""

from __future__ import annotations

import os
import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.ingest.accounting import account
from dossier.ingest.corpus import Cleaned, clean_text

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzàéîõüçğışاردو", min_size=1, max_size=10)
CAP_WORD = WORD.map(lambda w: w[0].upper() + w[1:])


@st.composite
def sentence(draw) -> str:
    words = [draw(CAP_WORD)] + draw(st.lists(WORD, min_size=3, max_size=18))
    if draw(st.booleans()):
        words.insert(draw(st.integers(1, len(words) - 1)), draw(CAP_WORD) + "-" + draw(CAP_WORD))
    return " ".join(words) + draw(st.sampled_from([".", "?", "!", "."]))


@st.composite
def paragraph(draw) -> str:
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=5)))


@st.composite
def document(draw) -> str:
    paras = draw(st.lists(paragraph(), min_size=1, max_size=8))
    parts = []
    for p in paras:
        kind = draw(st.sampled_from(["plain", "plain", "heading", "bullets", "wrapped"]))
        if kind == "heading":
            parts.append(" ".join(draw(st.lists(CAP_WORD, min_size=1, max_size=5))))
            parts.append(p)
        elif kind == "bullets":
            items = draw(st.lists(sentence(), min_size=1, max_size=4))
            parts.append("\n".join(f"\u2022 {i}" for i in items))
        elif kind == "wrapped":
            parts.append("\n".join(textwrap.wrap(p, width=draw(st.integers(30, 60)))))
        else:
            parts.append(p)
    sep = draw(st.sampled_from(["\n\n", "\r\n\r\n", "\n\n\n"]))
    text = sep.join(parts)
    if draw(st.booleans()):
        text = text.replace(" ", "\u00a0", draw(st.integers(0, 5)))
    return text


def serialise(cleaned: Cleaned) -> str:
    """Write cleaned blocks back as plain text, one block per paragraph."""
    out = []
    for b in cleaned.blocks:
        if b.kind == "list_item":
            out.append(f"\u2022 {b.text}")
        else:
            out.append(b.text)
    return "\n\n".join(out) + "\n"


def shape(cleaned: Cleaned) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in cleaned.blocks]


COMMON = settings(max_examples=int(os.environ.get("DOSSIER_HYPOTHESIS_EXAMPLES", "150")),
                  deadline=None, derandomize=os.environ.get("CI") == "true",
                  suppress_health_check=[HealthCheck.too_slow])


@COMMON
@given(document())
def test_no_word_lost_on_generated_documents(text: str) -> None:
    cleaned = clean_text(text, "generated.txt")
    result = account(cleaned.lines, cleaned.blocks, cleaned.removals, cleaned.joins)
    assert result.balanced, (result.missing, result.extra)


@COMMON
@given(st.text(max_size=400))
def test_no_word_lost_on_arbitrary_text(text: str) -> None:
    cleaned = clean_text(text, "arbitrary.txt")
    result = account(cleaned.lines, cleaned.blocks, cleaned.removals, cleaned.joins)
    assert result.balanced, (result.missing, result.extra)


@COMMON
@given(document())
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean_text(text, "generated.txt")
    twice = clean_text(serialise(once), "generated.txt")
    assert shape(twice) == shape(once)
    assert [b.id for b in twice.blocks] == [b.id for b in once.blocks]
