"""The pipeline over a whole seeds/ folder, including bad inputs."""

from __future__ import annotations

import shutil
from pathlib import Path

from dossier.ingest.corpus import build_corpus

ROOT = Path(__file__).resolve().parents[2]


def project(tmp_path: Path, with_catalogue: bool = True) -> Path:
    (tmp_path / "seeds").mkdir()
    for p in sorted((ROOT / "seeds").glob("00[03]_*.txt")):
        shutil.copy(p, tmp_path / "seeds" / p.name)
    if with_catalogue:
        shutil.copy(ROOT / "seeds" / "catalogue.toml", tmp_path / "seeds" / "catalogue.toml")
    return tmp_path


def test_seed_corpus_builds_without_warnings() -> None:
    corpus = build_corpus(ROOT)
    assert not corpus.diagnostics, [str(d) for d in corpus.diagnostics]
    assert len(corpus.documents) == 5
    slugs = [d.slug for d in corpus.documents]
    assert len(set(slugs)) == 5


def test_metadata_comes_from_catalogue_and_text() -> None:
    docs = {d.source: d for d in build_corpus(ROOT).documents}
    paper = next(d for s, d in docs.items() if "004_" in s)
    assert paper.meta.authors == ("Nasreen Akhtar", "Kenneth Holland")
    assert paper.meta.title.startswith("US Withdrawal from Afghanistan")
    assert not paper.meta.title_inferred
    untitled = next(d for s, d in docs.items() if "002_" in s)
    assert untitled.meta.title_inferred


def test_bad_inputs_warn_and_the_build_goes_on(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "seeds" / "empty.txt").write_bytes(b"")
    (root / "seeds" / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (root / "seeds" / "headings.txt").write_text("Only A Heading\n\nAnother Heading\n")
    corpus = build_corpus(root)
    messages = [str(d) for d in corpus.diagnostics]
    assert any(m.startswith("seeds/empty.txt: warning: the file is empty") for m in messages)
    assert any(m.startswith("seeds/binary.txt: warning: this is a binary file") for m in messages)
    assert any(m.startswith("seeds/headings.txt: warning: no paragraphs found") for m in messages)
    assert len(corpus.documents) == 2
    assert not corpus.errors


def test_seed_without_catalogue_entry_gets_inferred_title(tmp_path: Path) -> None:
    root = project(tmp_path, with_catalogue=False)
    corpus = build_corpus(root)
    assert len(corpus.documents) == 2
    assert all("no catalogue entry" in d.message for d in corpus.diagnostics)
    news = next(d for d in corpus.documents if "000_" in d.source)
    assert news.meta.title.startswith("Pakistan's new PM")
    opinion = next(d for d in corpus.documents if "003_" in d.source)
    assert opinion.meta.title_inferred and opinion.meta.title.endswith("…")
    assert opinion.slug


def test_catalogue_entry_for_missing_seed_warns(tmp_path: Path) -> None:
    root = project(tmp_path)
    corpus = build_corpus(root)
    assert any("there is no such seed" in d.message for d in corpus.diagnostics)


def test_a_text_in_another_script_without_a_language_is_named(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = "پاکستان اور امریکہ\n\nعمران خان نے روس کا دورہ کیا۔ بات چیت جاری ہے۔\n"
    (seeds / "a.txt").write_text(text, encoding="utf-8")
    (seeds / "b.txt").write_text(text, encoding="utf-8")
    (seeds / "catalogue.toml").write_text('[documents."a.txt"]\nslug = "a"\n\n'
                                          '[documents."b.txt"]\nslug = "b"\nlanguage = "ur"\n',
                                          encoding="utf-8")
    corpus = build_corpus(tmp_path, cache_dir=False)
    (d,) = corpus.diagnostics
    assert (d.path, d.line) == ("seeds/catalogue.toml", 1)
    assert "mostly in Arabic script" in d.message and "ur, ar or fa" in d.fix
    assert [doc.meta.language for doc in corpus.documents] == ["", "ur"]
