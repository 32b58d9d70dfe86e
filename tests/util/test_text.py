"""Cutting text to a number of words (excerpts of rights-limited documents, quotes)."""

from __future__ import annotations

from dossier.util.text import excerpt, shorten


def test_excerpt_cuts_after_forty_words() -> None:
    words = [f"w{i}" for i in range(100)]
    text, _ = excerpt(" ".join(words))
    assert text == " ".join(words[:40]) + " …"


def test_short_text_is_not_cut() -> None:
    assert excerpt("only five words right here") == ("only five words right here", ())


def test_shorten_prefers_a_sentence_end() -> None:
    text = ("One two three four five six seven. " * 3) + "tail " * 30
    short, cut = shorten(text, words=25)
    assert cut and short.endswith("seven.")
