"""The offline bundle: the built site as a zip a reader unpacks and opens from disk.

``make_bundle`` writes ``dist/<name>-offline.zip`` holding one folder ``<name>-offline/``
with the whole site, a short ``README.txt`` and ``SHA256SUMS`` (a manifest of every
file). The zip is deterministic: entries sorted, every timestamp set to the build date
(``SOURCE_DATE_EPOCH``, else 1980-01-01, the earliest a zip can hold), fixed permissions.
"""

from __future__ import annotations

import hashlib
import os
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z


@dataclass(frozen=True)
class Bundle:
    path: Path
    files: int
    bytes_unpacked: int
    bytes_zipped: int


def build_epoch(env: dict[str, str] | None = None) -> int:
    value = (env if env is not None else os.environ).get("SOURCE_DATE_EPOCH", "").strip()
    return max(int(value), ZIP_EPOCH) if value.isdigit() else ZIP_EPOCH


def _readme(name: str, epoch: int, files: int) -> str:
    date = time.strftime("%Y-%m-%d", time.gmtime(epoch)) if epoch > ZIP_EPOCH else "not recorded"
    return (
        f"{name}: offline edition\n"
        f"{'=' * (len(name) + 18)}\n\n"
        "Open index.html in this folder with any web browser. Everything works from disk:\n"
        "every link, the search, the timeline. Nothing is fetched from the internet.\n\n"
        f"Built: {date} (from SOURCE_DATE_EPOCH)\n"
        f"Files: {files} (listed with their SHA-256 in SHA256SUMS; check them with\n"
        "        `sha256sum -c SHA256SUMS` inside this folder)\n\n"
        "The source texts are third-party documents; each document page names its origin.\n"
    )


def make_bundle(site: Path, dist: Path, name: str, epoch: int | None = None) -> Bundle:
    site, dist = Path(site), Path(dist)
    epoch = build_epoch() if epoch is None else max(epoch, ZIP_EPOCH)
    stamp = time.gmtime(epoch)[:6]
    files = sorted((p for p in site.rglob("*") if p.is_file()), key=lambda p: p.as_posix())
    sums = []
    total = 0
    for path in files:
        data = path.read_bytes()
        total += len(data)
        sums.append(f"{hashlib.sha256(data).hexdigest()}  {path.relative_to(site).as_posix()}")
    readme = _readme(name, epoch, len(files))
    root = f"{name}-offline"
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / f"{name}-offline.zip"
    tmp = target.with_suffix(".zip.tmp")

    def add(zf: zipfile.ZipFile, arcname: str, data: bytes) -> None:
        info = zipfile.ZipInfo(f"{root}/{arcname}", date_time=stamp)
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # unix, so the permissions above are honoured
        zf.writestr(info, data, compresslevel=9)

    with zipfile.ZipFile(tmp, "w") as zf:
        add(zf, "README.txt", readme.encode("utf-8"))
        add(zf, "SHA256SUMS", ("\n".join(sums) + "\n").encode("utf-8"))
        for path in files:
            add(zf, path.relative_to(site).as_posix(), path.read_bytes())
    tmp.replace(target)
    return Bundle(target, len(files), total, target.stat().st_size)
