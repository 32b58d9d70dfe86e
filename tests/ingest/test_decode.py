from __future__ import annotations

import codecs

import pytest

from dossier.ingest.decode import decode

TEXT = "Pakistan’s café — naïve\nسلام"


@pytest.mark.parametrize("data,encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
])
def test_unicode_encodings(data: bytes, encoding: str) -> None:
    result = decode(data, "x.txt")
    assert result.text == TEXT
    assert result.encoding == encoding
    assert not result.diagnostics


def test_cp1252_fallback_warns_with_line() -> None:
    data = "first line\nPakistan’s “café”".encode("cp1252")
    result = decode(data, "seeds/x.txt")
    assert result.text == "first line\nPakistan’s “café”"
    assert result.encoding == "cp1252"
    (diag,) = result.diagnostics
    assert str(diag).startswith("seeds/x.txt:2: warning: not valid UTF-8")
    assert "re-save the file as UTF-8" in str(diag)


def test_cp1252_undefined_bytes_do_not_fail() -> None:
    assert decode(b"caf\xe9 \x81\x8d", "x.txt").text == "café \x81\x8d"


@pytest.mark.parametrize("data,why", [
    (b"", "empty"), (b"  \n\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(0, 32)) * 20, "binary"),
])
def test_unusable_input_is_reported_not_raised(data: bytes, why: str) -> None:
    result = decode(data, "seeds/bad.txt")
    assert result.text is None
    (diag,) = result.diagnostics
    assert str(diag).startswith("seeds/bad.txt: warning:") and why in diag.message
