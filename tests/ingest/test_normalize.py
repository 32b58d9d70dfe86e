from __future__ import annotations

from dossier.ingest.normalize import normalize


def test_line_endings_and_numbers() -> None:
    lines, _ = normalize("a\r\nb\rc\nd", "x")
    assert [(ln.number, ln.text) for ln in lines] == [(1, "a"), (2, "b"), (3, "c"), (4, "d")]


def test_spaces_and_invisible_characters() -> None:
    lines, _ = normalize("no\u00a0break\u202fnarrow zero\u200bwidth soft\u00adhyphen\ufeff", "x")
    assert lines[0].text == "no break narrow zerowidth softhyphen"


def test_urdu_joiners_are_kept() -> None:
    text = "می\u200cخواهم"
    assert normalize(text, "x")[0][0].text == text


def test_mojibake_is_repaired() -> None:
    assert normalize("Pakistanâ€™s", "x")[0][0].text == "Pakistan’s"


def test_replacement_characters_are_logged() -> None:
    lines, removals = normalize("bad \ufffd char", "seeds/x.txt")
    assert lines[0].text == "bad  char"
    assert removals[0].line == 1 and "U+FFFD" in removals[0].reason


def test_trailing_blank_lines_dropped() -> None:
    lines, _ = normalize("text\n\n\n", "x")
    assert len(lines) == 1
