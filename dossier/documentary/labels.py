"""Editors' theme labels: TSV files of ``file, paragraph_index, first_8_words, themes``.

``themes`` is ``none`` or slugs separated by ``|`` (commas or spaces are accepted too). Quotes
in the text are literal, not CSV quoting. A row is matched to the passage of that file whose
text *starts with* the row's first words, compared as lower-case ASCII-folded words
(punctuation, quote style and "…" ignored); when two passages start alike, the first not yet
used in reading order wins. Rows that match nothing are counted, never guessed.

The same files serve the evaluation (``scoring.py``, as gold) and the classifier's learned
part (``learned.py``, as training data): ``content/labels/*.tsv`` are the project's own.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dossier.model import Corpus, Diagnostic

__all__ = ["GoldRow", "load_labels", "match_gold", "read_gold", "words"]


@dataclass(frozen=True)
class GoldRow:
    file: str
    index: int
    first_words: str
    themes: frozenset[str]
    line: int


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", folded)


def read_gold(path: Path) -> list[GoldRow]:
    rows: list[GoldRow] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        for number, row in enumerate(reader, start=2):
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) < 4:
                raise ValueError(f"{path}:{number}: expected 4 tab-separated columns")
            labels = {t for t in re.split(r"[|,\s]+", row[3].strip().lower()) if t}
            labels.discard("none")
            rows.append(GoldRow(row[0].strip(), int(row[1]) if row[1].strip().isdigit() else -1,
                                row[2], frozenset(labels), number))
    del header
    return rows


def match_gold(rows: Sequence[GoldRow], corpus: Corpus
               ) -> tuple[dict[GoldRow, str], tuple[GoldRow, ...]]:
    """Gold row -> "doc-slug#passage-id"; and the rows that match no passage."""
    by_file = {Path(d.source).name: d for d in corpus.documents}
    used: set[str] = set()
    found: dict[GoldRow, str] = {}
    unmatched: list[GoldRow] = []
    for row in rows:
        doc = by_file.get(row.file)
        want = words(row.first_words)
        key = None
        if doc is not None and want:
            for p in doc.passages:
                k = f"{doc.slug}#{p.id}"
                if k not in used and words(p.text)[:len(want)] == want:
                    key = k
                    break
        if key is None:
            unmatched.append(row)
        else:
            used.add(key)
            found[row] = key
    return found, tuple(unmatched)


def load_labels(folder: Path, root: Path) -> tuple[tuple[GoldRow, ...], tuple[Diagnostic, ...]]:
    """Every ``*.tsv`` of ``folder`` (none when the folder is absent), in file-name order."""
    folder = Path(folder)
    rows: list[GoldRow] = []
    diags: list[Diagnostic] = []
    for path in sorted(folder.glob("*.tsv")) if folder.is_dir() else ():
        try:
            rows.extend(read_gold(path))
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            diags.append(Diagnostic(rel, 0, f"cannot read the labels ({exc})",
                                    "fix the file: four tab-separated columns per row", "error"))
    return tuple(rows), tuple(diags)
