"""The per-document annotation cache (theme assignments and entity mentions) never serves
stale output: a seed, a cue lexicon, the gazetteer or the code changing invalidates what
depends on it, and nothing else. Parallel equals serial. (Nothing rendered is cached: a
template change reaching the pages is tested in test_preview.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.documentary import assemble as documentary
from dossier.ingest import corpus as pipeline
from tests.support import REPO_ROOT as ROOT


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    for name in ("seeds", "content"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def build(root: Path, **kw) -> documentary.Documentary:
    corpus = pipeline.build_corpus(root, cache_dir=root / "cache", jobs=1)
    return documentary.build_documentary(root, corpus, cache_dir=root / "cache", **kw)


def counting(monkeypatch) -> list[str]:
    """Slugs of the documents actually annotated (cache misses)."""
    calls: list[str] = []
    real = documentary.annotate_document

    def spy(doc, *a, **k):
        calls.append(doc.slug)
        return real(doc, *a, **k)

    monkeypatch.setattr(documentary, "annotate_document", spy)
    return calls


def test_warm_build_reads_the_cache_and_is_identical(project: Path, monkeypatch) -> None:
    first = build(project, jobs=1)
    calls = counting(monkeypatch)
    second = build(project, jobs=1)
    assert calls == []
    assert second.assignments == first.assignments
    assert second.mentions == first.mentions


def test_editing_a_seed_reannotates_only_that_document(project: Path, monkeypatch) -> None:
    build(project, jobs=1)
    seed = next((project / "seeds").glob("000_*.txt"))  # ends in its body text
    seed.write_text(seed.read_text("utf-8")
                    + "\nWashington imposed sanctions on Islamabad under the Pressler "
                      "Amendment.\n", "utf-8")
    calls = counting(monkeypatch)
    after = build(project, jobs=1)
    [slug] = calls
    assert slug in {d.slug for d in after.corpus.documents
                    if d.source.endswith(seed.name)}
    added = [b for d in after.corpus.documents for b in d.blocks
             if "Pressler Amendment." in b.text and d.slug == slug]
    assert added, "the edited seed's new passage is in the corpus"
    key = f"{slug}#{added[0].id}"
    assert "sanctions" in {a.theme for a in after.assignments if a.ref.key == key}


def test_changing_a_cue_lexicon_invalidates_every_document(project: Path, monkeypatch) -> None:
    before = build(project, jobs=1)
    theme = project / "content" / "themes" / "sanctions.md"
    text = theme.read_text("utf-8")
    assert 'anchors = ["sanction*",' in text and '"sanction*" = 2.5' in text
    # A heavy anchor cue most passages have: the theme now reaches passages it did not.
    theme.write_text(text.replace('anchors = ["sanction*",', 'anchors = ["pakistan", "sanction*",')
                     .replace('"sanction*" = 2.5', '"sanction*" = 2.5\n"pakistan" = 5.0'),
                     "utf-8")
    calls = counting(monkeypatch)
    after = build(project, jobs=1)
    assert sorted(calls) == sorted(d.slug for d in after.corpus.documents)
    got = {a.ref.key for a in after.assignments if a.theme == "sanctions"}
    had = {a.ref.key for a in before.assignments if a.theme == "sanctions"}
    assert had < got


def test_changing_the_gazetteer_invalidates_every_document(project: Path, monkeypatch) -> None:
    build(project, jobs=1)
    gaz = project / "content" / "entities.toml"
    gaz.write_text(gaz.read_text("utf-8") + '\n[[entity]]\nid = "bench-test-hills"\n'
                   'name = "The Hills"\nkind = "place"\naliases = ["the hills"]\n'
                   'description = "A test place."\n', "utf-8")
    calls = counting(monkeypatch)
    after = build(project, jobs=1)
    assert len(calls) == len(after.corpus.documents)


def test_code_change_invalidates_every_document(project: Path, monkeypatch) -> None:
    build(project, jobs=1)
    real = documentary.code_fingerprint
    monkeypatch.setattr(documentary, "code_fingerprint", lambda *m: "changed-" + real(*m))
    calls = counting(monkeypatch)
    after = build(project, jobs=1)
    assert len(calls) == len(after.corpus.documents)


def test_parallel_equals_serial(project: Path, monkeypatch) -> None:
    monkeypatch.setattr(documentary, "PARALLEL_THRESHOLD", 2)
    corpus = pipeline.build_corpus(project, cache_dir=None, jobs=1)
    parallel = documentary.build_documentary(project, corpus, cache_dir=None, jobs=2)
    serial = documentary.build_documentary(project, corpus, cache_dir=None, jobs=1)
    assert parallel == serial


def test_progress_is_reported(project: Path) -> None:
    seen: list[tuple[int, int]] = []
    corpus = pipeline.build_corpus(project, cache_dir=None, jobs=1)
    documentary.build_documentary(project, corpus, cache_dir=None, jobs=1,
                                  progress=lambda d, t: seen.append((d, t)))
    n = len(corpus.documents)
    assert seen[0] == (0, n) and seen[-1] == (n, n)


def test_document_keys_change_with_what_annotates_each_document(project: Path) -> None:
    """Documentary.document_keys, which per-document memos of the pages are keyed by: a
    seed edit changes its document's key only; the curation and the events, which are
    applied after the per-document annotation, change every key."""
    first = build(project, jobs=1).document_keys
    assert sorted(first) == sorted(d.slug for d in build(project, jobs=1).corpus.documents)
    assert build(project, jobs=1).document_keys == first  # deterministic
    seed = next((project / "seeds").glob("000_*.txt"))
    seed.write_text(seed.read_text("utf-8") + "\nOne more paragraph about talks.\n", "utf-8")
    edited = build(project, jobs=1).document_keys
    changed = {s for s in first if first[s] != edited[s]}
    assert len(changed) == 1
    events = project / "content" / "events.toml"
    for path, edit, changes in (
            (events, lambda t: t + "\n# a comment changes nothing\n", False),
            (events, lambda t: t.replace('title = "Pakistan joins', 'title = "Pakistan enters',
                                         1), True),
            (project / "content" / "curation.toml",
             lambda t: t + '\n[[passage]]\nid = "x#p-aaaaaa"\nadd = ["india"]\n', True)):
        before = build(project, jobs=1).document_keys
        text = path.read_text("utf-8")
        path.write_text(edit(text), "utf-8")
        after = build(project, jobs=1).document_keys
        if changes:
            assert all(after[s] != before[s] for s in before), path.name
        else:
            assert after == before
