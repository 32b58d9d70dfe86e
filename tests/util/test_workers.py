import os

import pytest

from dossier.util import workers

state = {"value": 1}


def test_a_background_job_answers_what_it_computes_and_sees_the_state_it_started_with():
    state["value"] = 2
    job = workers.Background(lambda: (state["value"], os.getpid()))
    state["value"] = 3  # after the fork: the worker does not see it
    value, pid = job.result()
    assert value == 2
    assert job.result() == (value, pid)  # asked again: the same answer, no new work
    if workers.cores() >= 2:
        assert pid != os.getpid()  # it ran in another process


def test_a_failed_background_job_is_an_error_in_the_parent():
    def fail():
        raise ValueError("no")

    job = workers.Background(fail)
    with pytest.raises((ChildProcessError, ValueError)):
        job.result()


def test_a_background_job_runs_here_when_there_is_one_core(monkeypatch):
    monkeypatch.setattr(workers, "cores", lambda limit=8: 1)
    job = workers.Background(os.getpid)
    assert job.result() == os.getpid()
