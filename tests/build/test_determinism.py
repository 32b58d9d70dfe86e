"""Two builds of the real seeds give byte-identical sites.

Once in-process through :func:`dossier.cli.main`, and once in a fresh interpreter with a
different hash seed and working directory: set or dict iteration order, the clock or the
current directory leaking into the output would show up as a difference.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dossier import cli
from tests.support import differences, tree

REPO = Path(__file__).resolve().parents[2]



@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("SITEURL", raising=False)


def build_in_process(out: Path) -> dict[str, bytes]:
    assert cli.main(["build", "--output", str(out)]) == 0
    return tree(out)


def build_subprocess(out: Path, cwd: Path, hashseed: str) -> dict[str, bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "SITEURL")}
    env["PYTHONHASHSEED"] = hashseed
    proc = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--output", str(out)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return tree(out)


def test_two_builds_are_byte_identical(no_env, tmp_path: Path) -> None:
    first = build_in_process(tmp_path / "a" / "output")
    second = build_in_process(tmp_path / "b" / "output")
    assert first, "the build wrote nothing"
    assert "index.html" in first
    assert differences(first, second) == []
    # the offline bundle too (written beside each output)
    zips = [tmp_path / x / "dist" / "dossier-offline.zip" for x in ("a", "b")]
    assert zips[0].read_bytes() == zips[1].read_bytes()


def test_fresh_interpreter_other_hash_seed_and_cwd(no_env, tmp_path: Path) -> None:
    first = build_subprocess(tmp_path / "a" / "output", cwd=REPO, hashseed="1")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    second = build_subprocess(tmp_path / "b" / "output", cwd=elsewhere, hashseed="4242")
    assert differences(first, second) == []


def test_rebuild_over_previous_output_is_identical(no_env, tmp_path: Path) -> None:
    out = tmp_path / "output"
    first = build_in_process(out)
    second = build_in_process(out)
    assert differences(first, second) == []


def test_source_date_epoch_is_the_only_date(no_env, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    first = build_in_process(tmp_path / "a" / "output")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    second = build_in_process(tmp_path / "b" / "output")
    changed = differences(first, second)
    assert changed, "SOURCE_DATE_EPOCH is not shown anywhere"
    for name in changed:
        a, b = first[name].decode(), second[name].decode()
        assert a.replace("1970-01-01", "1970-01-02") == b, name


def test_cold_build_equals_cache_warm_incremental_build(no_env, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """With the ingestion cache warm (and a previous output to compare with), the site is
    byte-identical to one built cold with the cache off."""
    monkeypatch.setenv("DOSSIER_CACHE", str(tmp_path / "cache"))
    build_in_process(tmp_path / "warm" / "output")  # fills the cache
    incremental = build_in_process(tmp_path / "warm" / "output")  # served from the cache
    monkeypatch.setenv("DOSSIER_CACHE", "off")
    cold = build_in_process(tmp_path / "cold" / "output")
    assert differences(incremental, cold) == []


def test_pages_written_on_all_cores_equal_serial(no_env, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Theme, entity and document pages written by forked workers (as for a large corpus)
    make the same site, byte for byte, as written one by one."""
    from dossier.build import pagetasks as plugin
    from dossier.util import workers

    monkeypatch.setenv("DOSSIER_CACHE", "off")
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(plugin, "PARALLEL_DOCUMENTS", 2)
    forked = build_in_process(tmp_path / "forked" / "output")
    monkeypatch.setattr(plugin, "PARALLEL_DOCUMENTS", 10**9)
    serial = build_in_process(tmp_path / "serial" / "output")
    assert len([k for k in forked if k.startswith("documents/")]) >= 5
    assert len([k for k in forked if k.startswith("entities/")]) >= 100
    assert differences(forked, serial) == []
