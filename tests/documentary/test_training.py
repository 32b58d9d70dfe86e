"""Labelled documents that train the model without being published (issue 13):
``content/labels/training.toml``. Excluded (held-out) files are never read as training data,
a missing folder is a warning, and the shipped file keeps the development set's held-out 3
out."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from dossier.documentary import assemble
from dossier.documentary.evaluate import HELD_OUT_3
from dossier.documentary.training import TRAINING_FILE, load_training, training_documents
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
    real = assemble.train

    def spy(corpus, rows, themes):
        seen.append({Path(d.source).name for d in corpus.documents})
        return real(corpus, rows, themes)

    monkeypatch.setattr(assemble, "train", spy)
    site = Corpus(documents=())
    built = assemble.build_documentary(REPO_ROOT, site, cache_dir=False, jobs=1)
    assert seen and "01_missile-designations-wire.txt" in seen[0]
    assert not any(name.startswith(HELD_OUT_3) for name in seen[0])
    assert built.corpus.documents == () and built.assignments == ()
