"""The script a text is mostly written in, for one check: a document in a script other
than Latin whose catalogue gives no language (its pages would call its words English).

The script of a letter is the first word of its Unicode name (``ARABIC LETTER ALEF``:
Arabic; ``CJK UNIFIED IDEOGRAPH-4E00``: CJK), which needs no table of ranges.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from dossier.model import Block, Diagnostic

SAMPLE = 20_000  # letters looked at: enough to tell, cheap on a book-length seed
# Tags to suggest for a script, the commonest first (a suggestion, not a guess).
SUGGEST = {"ARABIC": "ur, ar or fa", "DEVANAGARI": "hi, ne or mr", "BENGALI": "bn",
           "CYRILLIC": "ru, uk or bg", "CJK": "zh or ja", "HIRAGANA": "ja", "KATAKANA": "ja",
           "HANGUL": "ko", "HEBREW": "he", "GREEK": "el", "THAI": "th", "GURMUKHI": "pa",
           "TAMIL": "ta", "PERSIAN": "fa"}


def dominant_script(text: str) -> str:
    """The script of most of the first :data:`SAMPLE` letters of ``text`` ("LATIN",
    "ARABIC"...), or "" when it has no letters."""
    counts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            counts[unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]] += 1
            if counts.total() >= SAMPLE:
                break
    return counts.most_common(1)[0][0] if counts else ""


def language_check(blocks: tuple[Block, ...], language: str, where: str, line: int
                   ) -> list[Diagnostic]:
    """A warning when the text is mostly in a script other than Latin and ``language`` is
    empty, at ``where:line`` (the catalogue entry, or the seed)."""
    if language:
        return []
    script = dominant_script(" ".join(b.text for b in blocks))
    if script in ("", "LATIN", "UNKNOWN"):
        return []
    tags = SUGGEST.get(script, "its BCP 47 tag")
    return [Diagnostic(where, line, f"the text is mostly in {script.title()} script but no "
                       "language is given, so its pages would present it as English",
                       f'add language = "…" ({tags}) to its catalogue entry')]
