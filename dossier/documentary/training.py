"""Labelled documents that train the learned part without being published:
``content/labels/training.toml``.

The model learns from the editors' labels of the site's own documents (``content/labels/*.tsv``)
and, if this file names them, from other folders of labelled documents — a folder of ``*.txt``
with its ``catalogue.toml``, and a labels TSV of the same columns::

    [[corpus]]
    folder = "content/labels/devset"           # relative to the project root
    labels = "content/labels/devset/labels.tsv"  # default: labels.tsv in the folder
    exclude = ["22_", "23_"]                   # file-name prefixes never trained on (held out)

Such documents are read like the seeds (ingest, boilerplate list of the folder or of
``seeds/``) but only their labelled passages are used: nothing of them is published. A folder
or a labels file that is missing is a warning, and the build goes on without it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dossier.documentary.labels import GoldRow, read_gold
from dossier.ingest.corpus import build_corpus
from dossier.model import Corpus, Diagnostic

__all__ = ["TRAINING_FILE", "TrainingSource", "corpus_from", "load_training",
           "training_documents"]

TRAINING_FILE = "training.toml"


@dataclass(frozen=True)
class TrainingSource:
    folder: Path
    labels: Path
    exclude: tuple[str, ...]  # file-name prefixes left out (held out)
    line: int
    rows: tuple[GoldRow, ...] = ()  # its labels, the excluded files' left out


def corpus_from(folder: Path, root: Path | None = None, seeds_list: Path | None = None
                ) -> Corpus:
    """Ingest every seed (``*.txt``, ``*.html``) of ``folder`` as the build ingests
    ``seeds/`` (no cache): with the folder's own ``catalogue.toml`` and ``boilerplate.list``
    (else ``seeds_list``, by default ``seeds/boilerplate.list`` of ``root``). Sources are
    named relative to ``root`` (default: the folder's parent)."""
    folder = Path(folder).resolve()
    base = Path(root).resolve() if root is not None else folder.parent
    if not folder.is_relative_to(base):
        base = folder.parent
    bp = folder / "boilerplate.list"
    fallback = seeds_list or base / "seeds" / "boilerplate.list"
    return build_corpus(base, cache_dir=False, folder=folder,
                        boilerplate=bp if bp.exists() else fallback)


def load_training(labels_dir: Path, root: Path
                  ) -> tuple[tuple[TrainingSource, ...], tuple[Diagnostic, ...]]:
    """The ``[[corpus]]`` tables of ``labels_dir/training.toml`` (none when it is absent)."""
    path = Path(labels_dir) / TRAINING_FILE
    if not path.is_file():
        return (), ()
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return (), (Diagnostic(rel, 0, f"cannot read the training corpora ({exc})",
                               "fix the TOML", "error"),)
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [i + 1 for i, t in enumerate(lines) if t.strip() == "[[corpus]]"]
    out: list[TrainingSource] = []
    diags: list[Diagnostic] = []
    for n, table in enumerate(data.get("corpus", [])):
        line = starts[n] if n < len(starts) else 0
        folder = table.get("folder")
        if not isinstance(folder, str) or not folder:
            diags.append(Diagnostic(rel, line, "a [[corpus]] without a folder (ignored)",
                                    'add folder = "path/from/the/project/root"', "error"))
            continue
        where = root / folder
        labels = root / table["labels"] if isinstance(table.get("labels"), str) \
            else where / "labels.tsv"
        if not where.is_dir() or not labels.is_file():
            diags.append(Diagnostic(rel, line, f"no folder or labels at {folder!r} (not "
                                    "trained on)", "fix the path or remove the table"))
            continue
        exclude = tuple(str(x) for x in table.get("exclude", []))
        try:
            rows = tuple(r for r in read_gold(labels) if not r.file.startswith(exclude))
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            diags.append(Diagnostic(rel, line, f"cannot read the labels of {folder!r} ({exc})",
                                    "fix the file: four tab-separated columns per row",
                                    "error"))
            continue
        out.append(TrainingSource(where, labels, exclude, line, rows))
    return tuple(out), tuple(diags)


def training_documents(sources: Sequence[TrainingSource], root: Path
                       ) -> tuple[Corpus, list[GoldRow]]:
    """The documents of ``sources`` (their excluded files left out) and their labels."""
    docs = []
    rows: list[GoldRow] = []
    for src in sources:
        corpus = corpus_from(src.folder, root)
        docs += [d for d in corpus.documents if not Path(d.source).name.startswith(src.exclude)]
        rows += src.rows
    return Corpus(documents=tuple(docs)), rows
