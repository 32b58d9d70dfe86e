"""A content-addressed cache for build stages.

A cached result is found by a key that hashes *everything* it depends on: the input
bytes, the configuration it reads, and the source code of the modules that compute it
(:func:`code_fingerprint`). Change any of them and the key changes, so a stale entry is
never served; old entries are simply never read again (``make clean`` removes them).
Entries are pickles written atomically (temporary file, then rename).
"""

from __future__ import annotations

import hashlib
import importlib
import io
import os
import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

FORMAT = b"dossier-cache-1"


@cache
def code_fingerprint(*modules: str) -> str:
    """SHA-256 over the source files of the named modules (``"dossier.model"``) and
    packages (``"dossier.ingest"``: every ``.py`` file under it, in path order)."""
    h = hashlib.sha256(FORMAT)
    for name in sorted(modules):
        mod = importlib.import_module(name)
        if hasattr(mod, "__path__"):  # a package: all of its files
            folder = Path(next(iter(mod.__path__)))
            files = sorted(folder.rglob("*.py"))
        else:
            folder, files = Path(mod.__file__ or "").parent, [Path(mod.__file__ or "")]
        for path in files:
            label = f"{name}/{path.relative_to(folder).as_posix()}" if len(files) > 1 else name
            h.update(label.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def make_key(*parts: bytes | str) -> str:
    h = hashlib.sha256(FORMAT)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def value_bytes(value: Any) -> bytes:
    """``value`` pickled for a key: by content only. A plain pickle writes an object met
    twice as a reference to the first, so two equal values whose parts are shared
    differently (one fresh, one read back from the cache) would give different bytes; this
    one writes every part in full (values must not contain themselves)."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: no references, content only
    pickler.dump(value)
    return buf.getvalue()


class Cache:
    """``Cache(None)`` is a disabled cache: every lookup misses, nothing is written."""

    def __init__(self, folder: Path | None, namespace: str):
        self.folder = Path(folder) / namespace if folder is not None else None
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Any | None:
        if self.folder is None:
            self.misses += 1
            return None
        try:
            with self._path(key).open("rb") as fh:
                value = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(path)
        except OSError:
            pass  # a cache that cannot be written only costs time


class Memo:
    """Values kept across builds in one entry of ``store`` named ``name``, each under its
    own key (which must cover everything the value is made of): :meth:`get` makes a value
    only when the last build did not keep it under that key. After :meth:`save`, the entry
    holds this build's values only, so it does not grow with every edit."""

    def __init__(self, store: Cache, name: str) -> None:
        self.store, self.name = store, name
        kept = store.get(name)
        self.before: dict[str, Any] = kept if isinstance(kept, dict) else {}
        self.now: dict[str, Any] = {}

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self.now:
            self.now[key] = self.before[key] if key in self.before else make()
        return self.now[key]

    def save(self) -> None:
        """Write the entry back, if this build asked for other keys than the last."""
        if self.now.keys() != self.before.keys():
            self.store.put(self.name, self.now)


def default_cache_dir(root: Path) -> Path | None:
    """``$DOSSIER_CACHE`` if set (``off`` disables caching), else ``<root>/cache``."""
    value = os.environ.get("DOSSIER_CACHE", "").strip()
    if value.lower() in ("off", "0", "no", "false"):
        return None
    return Path(value) if value else Path(root) / "cache"
