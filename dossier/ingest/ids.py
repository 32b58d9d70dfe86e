"""Stage 6: stable passage ids.

Scheme: ``<kind prefix>-<6 base32 characters>``, where the characters are the
start of the SHA-1 of the passage's *normalised* text: lower-cased words only, so
whitespace, punctuation, quote style and line wrapping do not change it. Prefixes:
``p`` paragraph, ``li`` list item, ``fig`` caption, ``fn`` footnote, ``ref``
reference, ``c`` reader comment, ``bio`` author bio. An id depends on nothing but
the passage's own words, so it survives rebuilds, reordering and edits anywhere
else in the document. Two passages with the same words in one document get
``-2``, ``-3`` … in reading order.

When a passage's own words change (a typo fixed in the seed), its id changes.
The old id keeps working when the catalogue maps it to the new one
(``aliases = { "p-old123" = "p-new456" }``): the page carries both anchors.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from dataclasses import replace

from dossier.model import CITABLE_KINDS, Block

PREFIX = {
    "paragraph": "p",
    "list_item": "li",
    "caption": "fig",
    "footnote": "fn",
    "reference": "ref",
    "comment": "c",
    "bio": "bio",
}


def fingerprint(text: str) -> str:
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).lower())
    digest = hashlib.sha1(" ".join(words).encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:6].lower()


def passage_id(kind: str, text: str) -> str:
    return f"{PREFIX[kind]}-{fingerprint(text)}"


def assign_ids(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    seen: dict[str, int] = {}
    out: list[Block] = []
    for b in blocks:
        if b.kind not in CITABLE_KINDS:
            out.append(b)
            continue
        base = passage_id(b.kind, b.text)
        seen[base] = seen.get(base, 0) + 1
        pid = base if seen[base] == 1 else f"{base}-{seen[base]}"
        out.append(replace(b, id=pid))
    return tuple(out)
