"""One diagnostic collector for every reader of the editors' files."""

from __future__ import annotations

from dossier.model import Diagnostic as ModelDiagnostic
from dossier.util.diagnostics import Diagnostic, Reporter


def test_reporter_collects_errors_and_warnings_in_order() -> None:
    rep = Reporter("content/events.toml")
    rep.error(3, "missing 'id'", "add id = \"…\"")
    rep.warn(0, "empty string in 'themes' (ignored)")
    assert [str(d) for d in rep.diagnostics] == [
        "content/events.toml:3: error: missing 'id' — add id = \"…\"",
        "content/events.toml: warning: empty string in 'themes' (ignored)",
    ]


def test_the_model_shares_the_same_diagnostic() -> None:
    assert ModelDiagnostic is Diagnostic
