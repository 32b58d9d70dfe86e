"""dossier.util.gcpause: the cyclic collector is off inside the block and as it was after."""

from __future__ import annotations

import gc

import pytest

from dossier.util.gcpause import paused, resumed


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


def test_a_build_runs_its_model_and_pages_without_the_collector(monkeypatch, tmp_path) -> None:
    # site.build pauses the collector around the pipeline and Pelican, and only there
    from dossier.build import site

    seen: dict[str, bool] = {}

    def stop(root, **_kwargs):
        seen["ingest"] = gc.isenabled()
        raise RuntimeError("stop here")

    monkeypatch.setattr(site, "build_corpus", stop)
    gc.enable()
    (tmp_path / "seeds").mkdir()
    with pytest.raises(RuntimeError, match="stop here"):
        site.build(tmp_path, tmp_path / "out", "", run_pelican=lambda *a: None)
    assert seen == {"ingest": False}
    assert gc.isenabled()


def test_resumed_turns_it_on_for_one_phase_of_a_paused_build() -> None:
    gc.enable()

    @paused()
    def build() -> list[bool]:
        states = [gc.isenabled()]
        with resumed():
            states.append(gc.isenabled())
        return [*states, gc.isenabled()]

    assert build() == [False, True, False]
    assert gc.isenabled()
