"""Labelled documents that train the model without being published (issue 13):
``content/labels/training.toml``. Excluded (held-out) files are never read as training data,
a missing folder is a warning, and the shipped file keeps the development set's held-out 3
out."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from dossier.documentary import assemble, learned
from dossier.documentary.labels import load_labels
from dossier.documentary.scoring import HELD_OUT_3
from dossier.documentary.themes import load_themes
from dossier.documentary.training import TRAINING_FILE, load_training, training_documents
from dossier.ingest.corpus import build_corpus
from dossier.model import Corpus

REPO_ROOT = Path(__file__).resolve().parents[2]
DEVSET = REPO_ROOT / "content" / "labels" / "devset"


def project(tmp_path: Path, names: list[str], toml: str) -> Path:
    folder = tmp_path / "extra"
    folder.mkdir()
    for name in names:
        shutil.copy(DEVSET / name, folder / name)
    shutil.copy(DEVSET / "catalogue.toml", folder / "catalogue.toml")
    lines = (DEVSET / "labels.tsv").read_text(encoding="utf-8").splitlines()
    keep = [lines[0]] + [x for x in lines[1:] if x.split("\t")[0] in names]
    (folder / "labels.tsv").write_text("\n".join(keep) + "\n", encoding="utf-8")
    (tmp_path / "content" / "labels").mkdir(parents=True)
    (tmp_path / "content" / "labels" / TRAINING_FILE).write_text(toml, encoding="utf-8")
    return tmp_path


def test_no_file_no_extra_training(tmp_path) -> None:
    assert load_training(tmp_path / "content" / "labels", tmp_path) == ((), ())


def test_training_documents_leave_the_excluded_files_out(tmp_path) -> None:
    names = ["13_cricket-rawalpindi.txt", "10_senate-bill-wire.txt"]
    root = project(tmp_path, names, '[[corpus]]\nfolder = "extra"\nexclude = ["10_"]\n')
    sources, diags = load_training(root / "content" / "labels", root)
    assert not diags and len(sources) == 1 and sources[0].line == 1
    corpus, rows = training_documents(sources, root)
    assert [Path(d.source).name for d in corpus.documents] == ["13_cricket-rawalpindi.txt"]
    assert rows and {r.file for r in rows} == {"13_cricket-rawalpindi.txt"}


def test_a_missing_folder_is_a_warning(tmp_path) -> None:
    root = project(tmp_path, [], '[[corpus]]\nfolder = "nowhere"\n\n[[corpus]]\nlabels = "x"\n')
    sources, diags = load_training(root / "content" / "labels", root)
    assert sources == ()
    assert [(d.line, d.severity) for d in diags] == [(1, "warning"), (4, "error")]
    assert "nowhere" in diags[0].message


def test_the_shipped_file_never_trains_on_held_out_3() -> None:
    data = tomllib.loads((REPO_ROOT / "content" / "labels" / TRAINING_FILE).read_text("utf-8"))
    devset = [c for c in data["corpus"] if c["folder"] == "content/labels/devset"]
    assert devset and set(HELD_OUT_3) <= set(devset[0]["exclude"])
    sources, diags = load_training(REPO_ROOT / "content" / "labels", REPO_ROOT)
    assert not diags
    assert not [r for s in sources for r in s.rows if r.file.startswith(HELD_OUT_3)]


def test_the_build_trains_on_them_and_publishes_none(monkeypatch) -> None:
    seen: list[set[str]] = []

    class Spy(assemble.Training):
        def __init__(self, corpus, rows, themes) -> None:
            seen.append({Path(d.source).name for d in corpus.documents})
            super().__init__(corpus, rows, themes)

    monkeypatch.setattr(assemble, "Training", Spy)
    site = Corpus(documents=())
    built = assemble.build_documentary(REPO_ROOT, site, cache_dir=False, jobs=1)
    assert seen and "01_missile-designations-wire.txt" in seen[0]
    assert not any(name.startswith(HELD_OUT_3) for name in seen[0])
    assert built.corpus.documents == () and built.assignments == ()


def test_the_model_is_trained_only_when_an_annotation_is_not_cached(monkeypatch, tmp_path
                                                                     ) -> None:
    fits: list[int] = []
    real = learned.fit

    def counting(*args):
        fits.append(1)
        return real(*args)

    monkeypatch.setattr(learned, "fit", counting)
    corpus = build_corpus(REPO_ROOT, cache_dir=False)
    first = assemble.build_documentary(REPO_ROOT, corpus, cache_dir=tmp_path, jobs=1)
    assert len(fits) == 1  # nothing cached: trained once
    again = assemble.build_documentary(REPO_ROOT, corpus, cache_dir=tmp_path, jobs=1)
    assert len(fits) == 1  # every annotation cached under the model's key: not trained
    assert again.assignments == first.assignments and again.mentions == first.mentions


def test_the_model_key_names_what_it_is_trained_from() -> None:
    corpus = build_corpus(REPO_ROOT, cache_dir=False)
    themes, _ = load_themes(REPO_ROOT / "content" / "themes", REPO_ROOT)
    rows, _ = load_labels(REPO_ROOT / "content" / "labels", REPO_ROOT)
    key = learned.Training(corpus, rows, themes).key
    assert learned.Training(corpus, rows, themes).key == key
    assert learned.Training(corpus, rows[1:], themes).key != key  # one label fewer
    assert learned.Training(corpus, rows, themes[1:]).key != key  # one theme fewer
