"""Stage 1: bytes on disk -> text. Never raises for a bad input: it reports."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from dossier.model import Diagnostic

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it shares its first bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Decoded:
    text: str | None  # None: unusable input, see diagnostics
    encoding: str
    diagnostics: tuple[Diagnostic, ...] = ()


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control characters, mean this is not a text file."""
    if b"\x00" in data:
        return True
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 50)


def decode(data: bytes, source: str) -> Decoded:
    """Decode UTF-8 (BOM or not), UTF-16/32 with BOM, else fall back to cp1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                return Decoded(None, encoding, (Diagnostic(
                    source, 0, f"starts with a {encoding} byte-order mark but does not decode "
                    f"as {encoding} (byte {exc.start})",
                    "re-save the file as UTF-8"),))
    if not data.strip():
        return Decoded(None, "utf-8", (Diagnostic(
            source, 0, "the file is empty", "add the document's text or delete the file"),))
    if _looks_binary(data):
        return Decoded(None, "binary", (Diagnostic(
            source, 0, "this is a binary file, not text (it contains NUL or control bytes)",
            "export the document as plain text (.txt, UTF-8) and replace the file"),))
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # cp1252 leaves five bytes undefined; map them through Latin-1 rather than fail.
    text = data.decode("cp1252", errors="replace")
    if "\ufffd" in text:
        text = "".join(
            ch if ch != "\ufffd" else data[i:i + 1].decode("latin-1")
            for i, ch in enumerate(text)
        )
    line = data[:first_bad].count(b"\n") + 1
    return Decoded(text, "cp1252", (Diagnostic(
        source, line, "not valid UTF-8; decoded as Windows-1252 (cp1252)",
        "check the accents on this line, then re-save the file as UTF-8"),))
