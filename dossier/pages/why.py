"""Why a passage is in a theme: where its evidence is, and what to tell a reader.

The classifier (:mod:`dossier.documentary.classify`) gives each assignment its reasons as an
editor reads them ("cue 'sanction*' ×2 +3.75", "context: 9 of 14 passages of this document
are about ..."); the build report (``report/``) keeps them. A theme page says the same in
plain words ("mentions “sanctions” and “the Pressler Amendment”; the article is about US
sanctions and pressure on Pakistan"), and quotes the passage so that the sentences holding
the evidence are never cut away (:mod:`dossier.pages.quotes`).

:func:`cue_matches` finds those sentences: the cues of the theme that the classifier finds
in the passage (:func:`~dossier.documentary.cues.find_hits` on the text it reads), matched
again on the passage's own text so that the offsets are the passage's. Only cues with a
positive weight are evidence; a counter-cue is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from dossier.documentary import cues
from dossier.model import Assignment, Cue, Document, Theme

# How many of a passage's matched words the plain reason names.
NAMED_WORDS = 4
# A regex cue's match longer than this many words is told by the cue's label, unquoted.
REGEX_WORDS = 5
_CONTEXT = re.compile(r"^context: \d+ of \d+ passages of this (document|section) are about ")
_ANCHOR = re.compile(r"^context: anchor '([^']+)' in the previous passage")
_CONTINUES = re.compile(r"^context: continues ")
_CURATION = re.compile(r"^curation: [^(]*(?:\((.*)\))?\s*$")
_ENTITY = re.compile(r"^mentions '(.+?)'")  # an entity the theme counts as evidence
_MODEL = re.compile(r"^model: ")  # the learned part (documentary/learned.py)


@dataclass(frozen=True)
class Match:
    """One cue found in a passage: offsets in the passage's own text."""

    start: int
    end: int
    cue: Cue
    text: str  # the words as the passage has them


@lru_cache(maxsize=8192)
def _aligned_char(ch: str) -> str:
    n = cues.prepare(ch) if ch.strip() else ch
    return n if len(n) == 1 else ch


def _aligned(text: str) -> str:
    """``text`` with each character as the classifier reads it (NFKC, straight quotes) where
    that keeps it one character: the same length, so offsets stay the passage's. ASCII text
    is its own reading (NFKC and the quote map change no ASCII character)."""
    if text.isascii():
        return text
    return "".join(map(_aligned_char, text))


def cue_matches(theme: Theme, text: str,
                found: tuple[tuple[str, bool], ...] | None = None) -> list[Match]:
    """The positive cues of ``theme`` that fire in ``text`` (as the classifier reads it),
    each at every place it occurs in ``text``; where two phrase matches overlap, the longer
    wins, as in the classifier. In text order. ``found``: those cues as the classifier
    recorded them (``Assignment.cues``), if it did: they are not looked for again."""
    if found is None:
        fired = {h.cue for h in cues.find_hits(theme.cues, cues.prepare(text))
                 if h.cue.weight > 0}
    else:
        wanted = set(found)
        fired = {c for c in theme.cues if (c.pattern, c.regex) in wanted and c.weight > 0}
    if not fired:
        return []
    seen = _aligned(text)
    phrases: list[tuple[int, int, Cue]] = []
    regexes: list[tuple[int, int, Cue]] = []
    for cue in theme.cues:
        if cue not in fired:
            continue
        rx = cues.compile_cue(cue.pattern, cue.regex)
        found = [(m.start(), m.end(), cue) for m in rx.finditer(seen) if m.end() > m.start()]
        (regexes if cue.regex else phrases).extend(found)
    taken: list[tuple[int, int, Cue]] = []
    for a, b, cue in sorted(phrases, key=lambda t: (t[0] - t[1], t[0])):
        if all(b <= x or a >= y for x, y, _ in taken):
            taken.append((a, b, cue))
    return [Match(a, b, cue, text[a:b]) for a, b, cue in sorted(taken + regexes,
                                                                key=lambda t: (t[0], t[1]))]


def section_heading(doc: Document, position: int) -> str:
    """The heading the block at ``position`` of ``doc`` sits under ("" if none): the last
    heading before it in the same part of the document (a heading of the body is not the
    heading of the footnotes)."""
    block = doc.blocks[position]
    for other in reversed(doc.blocks[:position]):
        if other.section != block.section:
            return ""
        if other.kind == "heading":
            return other.text
    return ""


def document_word(doc: Document) -> str:
    """What to call the document in a sentence: "the article", "the paper", ..."""
    genre = doc.meta.genre.lower()
    if "academic" in genre or "paper" in genre or ("report" in genre and "news" not in genre):
        return "the paper"
    if "opinion" in genre or "comment" in genre:
        return "the opinion piece"
    if "news" in genre or "article" in genre or "analysis" in genre:
        return "the article"
    return "the document"


def _quoted(words: list[str]) -> str:
    shown = [f"“{w}”" for w in words]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def named_words(matches: list[Match]) -> list[str]:
    """The distinct words the matches found, as the passage has them, strongest cue first,
    at most :data:`NAMED_WORDS`; a regex cue's match longer than :data:`REGEX_WORDS`
    words is left out (see :func:`pattern_labels`)."""
    out: list[str] = []
    seen: set[str] = set()
    ordered = sorted(enumerate(matches), key=lambda im: (-im[1].cue.weight, im[0]))
    for _, m in ordered:
        word = " ".join(m.text.split())
        if m.cue.regex and len(word.split()) > REGEX_WORDS:
            continue  # a long stretch of text is not a word it mentions
        low = word.lower()
        if not word or any(low in other for other in seen):
            continue  # "defence aid" after "cut defence aid"
        out = [w for w in out if w.lower() not in low]  # "cut defence aid" after "aid"
        seen = {w.lower() for w in out} | {low}
        out.append(word)
    return out[:NAMED_WORDS]


def pattern_labels(matches: list[Match]) -> list[str]:
    """The labels of the regex cues whose matches :func:`named_words` leaves out."""
    out: list[str] = []
    for m in matches:
        label = re.sub(r"\s*\(\d+\)$", "", m.cue.label)  # "... powers (2)": a second cue
        if m.cue.regex and label and len(m.text.split()) > REGEX_WORDS and label not in out:
            out.append(label)
    return out


def reason_parts(reasons: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """What :func:`plain_reasons` tells a reader of each reason: its kind and the words it
    names, in order. Scores and counts ("9 of 14 passages") stay in the build report, so
    page keys (:mod:`dossier.pages.inputs`) digest these parts, not the reasons: a count
    that changes in a reason changes no page. Reasons of a kind this module does not know
    are left out, as :func:`plain_reasons` leaves them out."""
    out: list[tuple[str, str]] = []
    for reason in reasons:
        if reason.startswith(("heading cue", "heading regex cue")):
            out.append(("heading", ""))
        elif m := _CONTEXT.match(reason):
            out.append(("context", m.group(1)))
        elif m := _ANCHOR.match(reason):
            out.append(("anchor", m.group(1)))
        elif _CONTINUES.match(reason):
            out.append(("continues", ""))
        elif m := _CURATION.match(reason):
            out.append(("curation", m.group(1) or ""))
        elif m := _ENTITY.match(reason):
            out.append(("entity", m.group(1)))
        elif _MODEL.match(reason):
            out.append(("model", ""))
    return tuple(out)


def plain_reasons(a: Assignment, theme: Theme, matches: list[Match], doc: Document,
                  heading: str) -> list[str]:
    """Why the passage is in the theme, in plain words, for readers: what it mentions,
    the heading it sits under, what its document or section is about, the editors' note.
    No scores and no weights (those are in the build report). Reasons of a kind this
    module does not know are left to the report. The reasons are read through
    :func:`reason_parts` only."""
    out: list[str] = []
    words = named_words(matches)
    if words:
        out.append("mentions " + _quoted(words))
    labels = pattern_labels(matches)[:2]
    if labels:
        out.append("speaks of " + " and ".join(labels))  # "rivalry with India"
    for kind, named in reason_parts(a.reasons):
        if kind == "heading":
            if not heading:
                continue
            line = f"it sits under the heading “{heading}”"
        elif kind == "context":
            where = document_word(doc) if named == "document" else "its section"
            line = f"{where} is about {theme.title}"
        elif kind == "anchor":
            line = f"the passage before it names “{named.rstrip('*')}”"
        elif kind == "continues":
            line = "it continues the passage before it"
        elif kind == "curation":
            line = "chosen by the editors" + (f": {named}" if named else "")
        elif kind == "entity":
            line = f"it names {named}"
        else:  # "model"
            line = "its wording matches passages the editors filed under this theme"
        if line not in out:
            out.append(line)
    if not out:
        out.append(f"it uses the vocabulary of {theme.title}")
    return out
