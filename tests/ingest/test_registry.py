"""dossier.ingest.registry: rules by name, in priority order."""

from __future__ import annotations

import pytest

from dossier.ingest.registry import Registry


def test_highest_priority_first_and_by_name() -> None:
    reg: Registry[str] = Registry()
    reg.register("low", "b", 10)
    reg.register("high", "a", 50)
    reg.register("mid", "c", 20)
    assert list(reg) == ["high", "mid", "low"]
    assert reg.names() == ["a", "c", "b"]
    assert reg["c"] == "mid" and len(reg) == 3
    reg.deregister("c")
    assert list(reg) == ["high", "low"]
    reg.register("new", "d", 30)
    assert list(reg) == ["high", "new", "low"]


def test_names_and_priorities_are_unique() -> None:
    reg: Registry[str] = Registry()
    reg.register("x", "a", 10)
    with pytest.raises(ValueError, match="already registered"):
        reg.register("y", "a", 20)
    with pytest.raises(ValueError, match="priority 10"):
        reg.register("y", "b", 10)
