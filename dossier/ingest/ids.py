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

Passage numbers: every passage also gets ``number``, its 1-based position among the
document's passages in reading order (the order its page shows the sections in,
:data:`dossier.model.READING_ORDER`, then the order of the text). It is what "¶ 15"
means everywhere: the page's margin, essays' ``[2, ¶ 15]``, the citation, search results
and ``data/passages.jsonl``. It stays the same as long as the document does; unlike the
id, a passage added or removed before it changes it, so citations give both.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from dataclasses import replace

from dossier.model import CITABLE_KINDS, READING_ORDER, Block

PREFIX = {
    "paragraph": "p",
    "list_item": "li",
    "caption": "fig",
    "footnote": "fn",
    "reference": "ref",
    "comment": "c",
    "bio": "bio",
}


# What an id of this scheme looks like (an essay's link to a passage is checked by it).
ID_SHAPE = re.compile(rf"(?:{'|'.join(sorted(set(PREFIX.values())))})-[a-z2-7]{{6}}(?:-\d+)?")


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
    return number_passages(tuple(out))


def number_passages(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Give every block with an id its passage number (see the module's docstring)."""
    rank = {name: i for i, name in enumerate(READING_ORDER)}
    order = sorted((i for i, b in enumerate(blocks) if b.id),
                   key=lambda i: (rank.get(blocks[i].section, len(rank)), i))
    numbers = {i: n for n, i in enumerate(order, 1)}
    return tuple(replace(b, number=numbers[i]) if i in numbers else b
                 for i, b in enumerate(blocks))
