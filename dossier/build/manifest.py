"""What the last good build of an output folder was made from, kept for the next build.

A build that wrote ``output/`` records (:func:`save`), in the cache folder (never in the
output, which is published):

* ``inputs``: one digest of every input and code file (:func:`input_files`), the settings
  and the build's options. The next build with the same digest, over an output still as it
  was written (:func:`output_intact`), has nothing to do;
* ``pages``: each page the generator rendered -> its key, the digest of exactly what it
  shows (the values handed to its template, the template, the settings and the code:
  :mod:`dossier.build.pelican`). A page whose key has not changed is not rendered again:
  the file of the last output is linked into the new one;
* ``tasks``: each page task (a theme's pages, an entity's, a document's) -> the key of its
  inputs (:mod:`dossier.pages.inputs`) and its pages. A task whose inputs have not changed
  is not even built: its pages are linked from the last output;
* ``files``: every file of the output as it was published, (size, modification time in ns,
  inode): a file changed or removed by hand since is never reused;
* ``links`` (a file of its own, read only when pages are reused): what the link check
  learnt of each page (:class:`dossier.publish.linkrecords.PageLinks`), so that a page kept
  as it was is not parsed again (:func:`dossier.publish.linkrecords.check_changed`).

Without a cache folder (``DOSSIER_CACHE=off``) nothing is recorded and every build renders
every page.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.model import Diagnostic
from dossier.util.cache import make_key

FORMAT = "dossier-manifest-2"
INPUT_DIRS = ("seeds", "content", "theme")
CODE_DIRS = ("dossier",)
CODE_FILES = ("build.py", "pelicanconf.py")
ESSAYS_DIR = "content/essays/"

FileStat = tuple[int, int, int]  # size, modification time (ns), inode


@dataclass
class Manifest:
    inputs: str = ""
    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, FileStat] = field(default_factory=dict)
    documents: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)  # the warnings it reported
    bundle: tuple[str, FileStat] | None = None  # the offline zip made from it, as written
    # each page task -> (the key of its inputs, its pages): see dossier.pages.inputs
    tasks: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    # the digest of the same, the essays left out: equal, only essays changed since
    # (dossier.build.essaybuild); defaults here, not factories: older records still load
    base_inputs: str = ""
    # pages whose link record (links file) is missing or out of date: parsed again if kept
    unrecorded: frozenset[str] = frozenset()


def input_files(root: Path) -> list[str]:
    """Every input and code file under ``root``, relative, sorted (editor droppings,
    caches and hidden folders left out)."""
    out: list[str] = []
    for top in (*INPUT_DIRS, *CODE_DIRS):
        for here, dirs, files in os.walk(root / top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
            rel = Path(here).relative_to(root).as_posix()
            out.extend(f"{rel}/{name}" for name in files
                       if not name.endswith((".pyc", "~")) and not name.startswith(".#"))
    out.extend(name for name in CODE_FILES if (root / name).is_file())
    return sorted(out)


def input_digest(root: Path, settings_digest: str, options: Mapping[str, Any]) -> str:
    """One digest of every input and code file's name and bytes, the settings and the
    build's ``options``: equal digests, same site."""
    return input_digests(root, settings_digest, options)[0]


def input_digests(root: Path, settings_digest: str, options: Mapping[str, Any],
                  cache_dir: Path | None = None) -> tuple[str, str]:
    """(:func:`input_digest`, the same digest with the essays (``content/essays/``) left
    out): when only the second is the last build's, only essays changed. With a
    ``cache_dir``, a file whose status is the one recorded by the last build is not read
    again (:func:`file_digests`)."""
    everything, base = hashlib.sha256(FORMAT.encode()), hashlib.sha256(FORMAT.encode())
    for rel, digest in file_digests(root, input_files(root), cache_dir):
        item = rel.encode() + b"\0" + digest
        everything.update(item)
        if not rel.startswith(ESSAYS_DIR):
            base.update(item)
    for h in (everything, base):
        h.update(settings_digest.encode())
        h.update(repr(sorted(options.items())).encode())
    return everything.hexdigest(), base.hexdigest()


# A file's status: size, modification and change times (ns), inode. Equal to the one recorded
# when its digest was taken, and older than that record by more than SETTLED_NS, the file
# has the bytes it had (as git's index assumes): a file changed in the same instant as it
# was recorded is read again.
StatKey = tuple[int, int, int, int]
SETTLED_NS = 2_000_000_000


def file_digests(root: Path, files: list[str], cache_dir: Path | None
                 ) -> list[tuple[str, bytes]]:
    """(path, SHA-256 of its bytes) of each readable file of ``files`` (relative to
    ``root``), in order; the digests of files whose status did not change since the last
    build (recorded in ``cache_dir``) are not computed again."""
    record = cache_dir / "builds" / "input-digests.pickle" if cache_dir else None
    before: dict[str, tuple[StatKey, bytes]] = {}
    if record is not None:
        try:
            kept = pickle.loads(record.read_bytes())
            before = kept if isinstance(kept, dict) else {}
        except (OSError, EOFError, pickle.UnpicklingError, TypeError, ValueError):
            before = {}
    now: dict[str, tuple[StatKey, bytes]] = {}
    out: list[tuple[str, bytes]] = []
    settled = time.time_ns() - SETTLED_NS
    for rel in files:
        try:
            st = os.stat(root / rel)
            key = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            if rel in before and before[rel][0] == key:
                digest = before[rel][1]
            else:
                digest = hashlib.sha256((root / rel).read_bytes()).digest()
        except OSError:
            continue
        if max(key[1], key[2]) < settled:  # only a settled file's status is trusted later
            now[rel] = (key, digest)
        out.append((rel, digest))
    if record is not None and now != before:
        try:
            record.parent.mkdir(parents=True, exist_ok=True)
            _write(record, now)
        except OSError:
            pass
    return out


def stable_digest(value: Any) -> str:
    """A digest of settings-like data that is the same in every process: mappings by
    sorted key, sets sorted, functions and classes by their qualified names, other objects
    by their type and, if it names no memory address, their repr."""
    return make_key(_stable(value))


def _stable(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{_stable(k)}:{_stable(v)}"
                              for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_stable(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_stable(v) for v in value)) + "}"
    if isinstance(value, (str, int, float, bool, type(None), Path)):
        return repr(value)
    if callable(value):
        return f"<{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}>"
    text = repr(value)
    return f"<{type(value).__qualname__}>" if " at 0x" in text else text


def file_stat(path: Path) -> FileStat | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def output_files(output: Path) -> dict[str, FileStat]:
    """Every file of ``output`` -> its :data:`FileStat` (``os.scandir``: one system call a
    folder and one a file, no path objects: this runs on every build)."""
    out: dict[str, FileStat] = {}
    stack = [(str(output), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, f"{prefix}{entry.name}/"))
            else:
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                out[prefix + entry.name] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return out


def output_intact(output: Path, manifest: Manifest) -> bool:
    """Whether ``output`` holds exactly the files the manifest recorded, untouched."""
    return bool(manifest.files) and output_files(output) == manifest.files


EXTRAS = ("essays", "essays-now")  # what else a build keeps (dossier.build.essaybuild)


def _paths(cache_dir: Path, output: Path) -> tuple[Path, ...]:
    """The manifest, the link records, then each of :data:`EXTRAS`."""
    name = make_key(str(output.resolve()))[:32]
    folder = cache_dir / "builds"
    return (folder / f"{name}.pickle", folder / f"{name}.links.pickle",
            *(folder / f"{name}.{part}.pickle" for part in EXTRAS))


def load(cache_dir: Path | None, output: Path) -> Manifest | None:
    """The manifest of the last good build of ``output``, or None."""
    value = _read(cache_dir, output, 0)
    if not isinstance(value, Manifest) or not hasattr(value, "tasks"):
        return None  # none, or written by an older version
    return value


def load_links(cache_dir: Path | None, output: Path) -> dict[str, Any]:
    """The link records saved with the manifest ({} if none)."""
    value = _read(cache_dir, output, 1)
    return value if isinstance(value, dict) else {}


def load_extra(cache_dir: Path | None, output: Path, part: str) -> Any:
    """What the last build saved with :func:`save_extra` (None if nothing)."""
    return _read(cache_dir, output, 2 + EXTRAS.index(part))


def save_extra(cache_dir: Path | None, output: Path, part: str, value: Any) -> None:
    """Keep ``value`` beside the manifest of ``output`` as ``part`` (one of :data:`EXTRAS`;
    :func:`forget` drops it too)."""
    if cache_dir is None:
        return
    path = _paths(cache_dir, output)[2 + EXTRAS.index(part)]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, value)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        path.unlink(missing_ok=True)


def _read(cache_dir: Path | None, output: Path, which: int) -> Any:
    if cache_dir is None:
        return None
    try:
        return pickle.loads(_paths(cache_dir, output)[which].read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
            TypeError):
        return None


def _write(path: Path, value: Any) -> None:
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    try:
        with tmp.open("wb") as f:  # streamed: no second copy of a large record in memory
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def save(cache_dir: Path | None, output: Path, manifest: Manifest,
         links: dict[str, Any] | None) -> None:
    """Record ``manifest`` (and, if given, the link records) for ``output``; a cache that
    cannot be written only costs time."""
    if cache_dir is None:
        return
    head, tail = _paths(cache_dir, output)[:2]
    try:
        head.parent.mkdir(parents=True, exist_ok=True)
        if links is not None:
            _write(tail, links)
        _write(head, manifest)
    except OSError:
        pass


def forget(cache_dir: Path | None, output: Path) -> None:
    """Drop the record of ``output`` (before it is replaced: a crash in between must not
    leave a record of an output that is not there)."""
    if cache_dir is None:
        return
    for path in _paths(cache_dir, output):
        path.unlink(missing_ok=True)
