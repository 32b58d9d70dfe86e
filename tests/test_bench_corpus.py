"""The benchmark's synthetic corpus (bench/corpus.py): deterministic, and its essays cite
passages that exist, so a benchmark build cannot fail on them."""

from __future__ import annotations

import re
from pathlib import Path

from bench.corpus import generate
from dossier.ingest import corpus as pipeline


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_n_same_bytes(tmp_path: Path) -> None:
    generate(tmp_path / "a", 60)
    generate(tmp_path / "b", 60)
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert a == b
    assert len([k for k in a if k.startswith("seeds/") and k.endswith(".txt")]) == 60
    assert len([k for k in a if k.startswith("content/essays/")]) == 1


def test_essays_cite_existing_passages(tmp_path: Path) -> None:
    generate(tmp_path, 100)
    corpus = pipeline.build_corpus(tmp_path, cache_dir=None, jobs=1)
    passages = {f"{d.slug}#{b.id}" for d in corpus.documents for b in d.blocks if b.id}
    cited = [m.group(1) for essay in (tmp_path / "content" / "essays").glob("*.md")
             for m in re.finditer(r"\[\[>? ?([\w-]+#[\w-]+)\]\]", essay.read_text("utf-8"))]
    assert len(cited) == 2 * 5
    assert set(cited) <= passages
