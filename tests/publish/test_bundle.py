from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from dossier.publish.bundle import ZIP_EPOCH, build_epoch, make_bundle


def site(tmp_path: Path) -> Path:
    out = tmp_path / "output"
    (out / "documents" / "a").mkdir(parents=True)
    (out / "index.html").write_text("<!doctype html><title>x</title>", "utf-8")
    (out / "documents" / "a" / "index.html").write_text("<p id=p-1>ü</p>", "utf-8")
    return out


def test_bundle_layout_manifest_and_readme(tmp_path: Path) -> None:
    b = make_bundle(site(tmp_path), tmp_path / "dist", "dossier", epoch=1700000000)
    assert b.path.name == "dossier-offline.zip" and b.files == 2
    with zipfile.ZipFile(b.path) as zf:
        names = zf.namelist()
        assert names[:2] == ["dossier-offline/README.txt", "dossier-offline/SHA256SUMS"]
        assert "dossier-offline/documents/a/index.html" in names
        readme = zf.read("dossier-offline/README.txt").decode()
        assert "Built: 2023-11-14" in readme and "index.html" in readme
        sums = zf.read("dossier-offline/SHA256SUMS").decode().splitlines()
        for line in sums:
            digest, name = line.split("  ")
            assert hashlib.sha256(zf.read(f"dossier-offline/{name}")).hexdigest() == digest
        assert all(i.date_time == (2023, 11, 14, 22, 13, 20) for i in zf.infolist())


def test_bundle_is_deterministic(tmp_path: Path) -> None:
    out = site(tmp_path)
    a = make_bundle(out, tmp_path / "d1", "dossier", epoch=1700000000).path.read_bytes()
    b = make_bundle(out, tmp_path / "d2", "dossier", epoch=1700000000).path.read_bytes()
    assert a == b


def test_build_epoch_from_environment() -> None:
    assert build_epoch({"SOURCE_DATE_EPOCH": "1700000000"}) == 1700000000
    assert build_epoch({}) == ZIP_EPOCH
    assert build_epoch({"SOURCE_DATE_EPOCH": "12"}) == ZIP_EPOCH
    assert build_epoch({"SOURCE_DATE_EPOCH": "nonsense"}) == ZIP_EPOCH
