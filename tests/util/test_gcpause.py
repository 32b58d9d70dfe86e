"""dossier.util.gcpause: the cyclic collector is off inside a build and as it was after."""

from __future__ import annotations

import gc

import pytest

from dossier.util.gcpause import paused, resumed, without_cyclic_gc


@pytest.fixture(autouse=True)
def collector_restored():
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_paused_restores_the_state_it_found_even_after_an_error() -> None:
    gc.enable()
    with paused():
        assert not gc.isenabled()
        with paused():  # nested: still off, and the outer block's state is kept
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), paused():
        raise ValueError("a failed build")
    assert gc.isenabled()
    gc.disable()
    with paused():
        pass
    assert not gc.isenabled()  # off before, off after


def test_a_wrapped_build_runs_without_the_collector_and_keeps_its_name() -> None:
    gc.enable()

    @without_cyclic_gc
    def build(x: int, *, y: int) -> tuple[int, bool]:
        """A build."""
        return x + y, gc.isenabled()

    assert build(1, y=2) == (3, False)
    assert gc.isenabled()
    assert build.__name__ == "build" and build.__doc__ == "A build."


def test_resumed_turns_it_on_for_one_phase_of_a_paused_build() -> None:
    gc.enable()
    with paused():
        with resumed():
            assert gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with resumed():
        assert gc.isenabled()
    assert gc.isenabled()
