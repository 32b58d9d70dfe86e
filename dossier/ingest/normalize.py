"""Stage 2: character normalisation of decoded text, line by line.

Repairs mojibake with ftfy (a maintained library for exactly this), unifies line
endings, turns no-break and other exotic spaces into plain spaces, and removes
invisible characters that break words (zero-width space, word joiner, BOM, soft
hyphen). ZWNJ/ZWJ are kept: they are meaningful in Urdu and Persian script.
Whitespace at line ends is kept as trailing spaces matter for structure (two
trailing spaces mark a hard break in PDF extractions); the segmenter strips it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import ftfy

from dossier.model import Line, Removal

_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
_REPLACEMENT = "\ufffd"

_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,  # "&amp;" in a seed is text, not markup to interpret
    uncurl_quotes=False,  # typographic quotes are the author's
    fix_line_breaks=False,  # done below, so line numbers stay raw-file numbers
    fix_character_width=False,
    fix_latin_ligatures=True,
    normalization="NFC",
    explain=False,
)


def split_lines(text: str) -> list[str]:
    """Split on CRLF, CR or LF only (str.splitlines also splits on U+2028 etc.)."""
    return re.split(r"\r\n|\r|\n", text)


_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")


def numbered(text: str) -> list[Line]:
    """The raw lines of a text, numbered from 1 as in the file."""
    return [Line(number, raw) for number, raw in enumerate(split_lines(text), 1)]


def normalize(text: str, source: str) -> tuple[tuple[Line, ...], tuple[Removal, ...]]:
    return normalize_lines(numbered(text), source)


def normalize_lines(raw: Sequence[Line], source: str
                    ) -> tuple[tuple[Line, ...], tuple[Removal, ...]]:
    """Each raw line normalised; it keeps its number (a web page's lines carry those of
    the tags they come from, see :mod:`.webpage`)."""
    lines: list[Line] = []
    removals: list[Removal] = []
    raw_lines = [ln.text for ln in raw]
    # ftfy works line by line internally; one call on the whole text is much faster and,
    # with fix_line_breaks off, keeps every line where it was.
    fixed_lines = split_lines(ftfy.fix_text("\n".join(raw_lines), config=_FTFY))
    if len(fixed_lines) != len(raw_lines):  # never expected; stay safe and go line by line
        fixed_lines = [ftfy.fix_text(text, config=_FTFY) for text in raw_lines]
    for ln, fixed in zip(raw, fixed_lines, strict=True):
        number = ln.number
        fixed = _INVISIBLE.sub("", fixed)
        fixed = _SPACES.sub(" ", fixed)
        fixed = _CONTROL.sub("", fixed)
        if _REPLACEMENT in fixed:
            removals.append(Removal(source, number, _REPLACEMENT,
                                    "undecodable character (U+FFFD) from an earlier conversion"))
            fixed = fixed.replace(_REPLACEMENT, "")
        lines.append(Line(number, fixed))
    while lines and not lines[-1].text.strip():
        lines.pop()
    return tuple(lines), tuple(removals)
