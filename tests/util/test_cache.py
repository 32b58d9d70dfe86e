"""The ingestion cache never serves stale output, and parallel == serial."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.ingest import corpus as pipeline
from dossier.util.cache import Cache, Memo, make_key

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    for p in sorted((ROOT / "seeds").glob("*")):
        shutil.copy(p, tmp_path / "seeds" / p.name)
    return tmp_path


def build(root: Path, **kw):
    return pipeline.build_corpus(root, cache_dir=root / "cache", **kw)


def counting(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = pipeline.ingest_file

    def spy(path, *a, **k):
        calls.append(path.name)
        return real(path, *a, **k)

    monkeypatch.setattr(pipeline, "ingest_file", spy)
    return calls


def test_second_build_is_served_from_cache_and_identical(project: Path, monkeypatch) -> None:
    first = build(project, jobs=1)
    calls = counting(monkeypatch)
    second = build(project, jobs=1)
    assert calls == []
    assert second == first


def test_editing_a_seed_invalidates_only_that_seed(project: Path, monkeypatch) -> None:
    build(project, jobs=1)
    seed = next((project / "seeds").glob("003_*.txt"))
    seed.write_text(seed.read_text("utf-8") + "\nAn added closing paragraph.\n", "utf-8")
    calls = counting(monkeypatch)
    corpus = build(project, jobs=1)
    assert calls == [seed.name]
    doc = next(d for d in corpus.documents if d.source.endswith(seed.name))
    assert any("added closing paragraph" in b.text for b in doc.blocks)


@pytest.mark.parametrize("edit", ["catalogue", "boilerplate"])
def test_configuration_changes_invalidate(project: Path, monkeypatch, edit: str) -> None:
    build(project, jobs=1)
    if edit == "catalogue":
        cat = project / "seeds" / "catalogue.toml"
        cat.write_text(cat.read_text("utf-8").replace('genre = "opinion"', 'genre = "blog"'),
                       "utf-8")
    else:
        bp = project / "seeds" / "boilerplate.list"
        bp.write_text(bp.read_text("utf-8") + "One Comment\n", "utf-8")
    calls = counting(monkeypatch)
    corpus = build(project, jobs=1)
    if edit == "catalogue":
        assert calls == [next((project / "seeds").glob("003_*.txt")).name]
        assert any(d.meta.genre == "blog" for d in corpus.documents)
    else:
        assert len(calls) == 5  # every seed depends on the boilerplate list


def test_pipeline_code_change_invalidates_everything(project: Path, monkeypatch) -> None:
    build(project, jobs=1)
    real = pipeline.code_fingerprint
    monkeypatch.setattr(pipeline, "code_fingerprint", lambda *m: "changed-" + real(*m))
    calls = counting(monkeypatch)
    build(project, jobs=1)
    assert len(calls) == 5


def test_parallel_equals_serial(project: Path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_THRESHOLD", 2)
    parallel = pipeline.build_corpus(project, cache_dir=None, jobs=2)
    serial = pipeline.build_corpus(project, cache_dir=None, jobs=1)
    assert parallel == serial


def test_progress_is_reported(project: Path) -> None:
    seen: list[tuple[int, int]] = []
    pipeline.build_corpus(project, cache_dir=None, jobs=1,
                          progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)


def test_cache_keys_and_corrupt_entries(tmp_path: Path) -> None:
    assert make_key("a", "bc") != make_key("ab", "c")
    cache = Cache(tmp_path, "x")
    key = make_key("k")
    cache.put(key, {"v": 1})
    assert cache.get(key) == {"v": 1}
    cache._path(key).write_bytes(b"not a pickle")
    assert cache.get(key) is None
    assert Cache(None, "x").get(key) is None


def test_memo_makes_only_what_the_last_build_did_not_keep(tmp_path: Path) -> None:
    made: list[str] = []

    def make(key: str):
        return lambda: made.append(key) or key.upper()

    memo = Memo(Cache(tmp_path, "m"), "entry")
    assert [memo.get(k, make(k)) for k in ("a", "b", "a")] == ["A", "B", "A"]
    memo.save()
    assert made == ["a", "b"]
    memo = Memo(Cache(tmp_path, "m"), "entry")  # the next build: "b" kept, "c" new
    assert [memo.get(k, make(k)) for k in ("b", "c")] == ["B", "C"]
    memo.save()
    assert made == ["a", "b", "c"]
    assert Cache(tmp_path, "m").get("entry") == {"b": "B", "c": "C"}  # "a" is forgotten
    memo = Memo(Cache(None, "m"), "entry")  # no cache: everything is made
    assert memo.get("b", make("b")) == "B" and made[-1] == "b"
