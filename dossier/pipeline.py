"""Pipeline entry point: seeds on disk -> Corpus. (TEMPORARY STUB: being replaced.)"""

from __future__ import annotations

from pathlib import Path

from .model import Block, Corpus, DocMeta, Document


def build_corpus(root: Path) -> Corpus:
    docs = []
    for path in sorted((root / "seeds").glob("*.txt")):
        rel = path.relative_to(root).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        blocks = tuple(
            Block(kind="paragraph", text=t.strip(), source=rel, line=i, end_line=i, id=f"p-{i}")
            for i, t in enumerate(lines, 1)
            if t.strip()
        )
        docs.append(Document(slug=path.stem, source=rel, meta=DocMeta(title=path.stem), blocks=blocks))
    return Corpus(documents=tuple(docs))
