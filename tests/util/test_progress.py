from __future__ import annotations

import io

from dossier.util.progress import Progress, interactive, summary


def test_quiet_when_not_a_terminal() -> None:
    out = io.StringIO()
    p = Progress(out)
    p.stage("ingest")(5, 5)
    assert out.getvalue() == ""
    assert not interactive(out)


def test_quiet_under_ci(monkeypatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("CI", "true")
    assert not interactive(Tty())
    monkeypatch.delenv("CI")
    assert interactive(Tty())


def test_bar_is_drawn_and_finished() -> None:
    out = io.StringIO()
    update = Progress(out, enabled=True).stage("ingest")
    update(0, 4)
    update(4, 4)
    text = out.getvalue()
    assert "ingest" in text and "[" + "#" * 30 + "] 4/4" in text and text.endswith("s\n")


def test_summary_line() -> None:
    assert summary(5, 12, 3, 1.234) == "5 documents, 12 pages written, 3 unchanged, 1.2 s"
