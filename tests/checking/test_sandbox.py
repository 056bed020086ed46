"""The sandbox pool: results come back, overruns are killed, the pool recovers."""

from __future__ import annotations

import math
import os
import time

import pytest
import sandbox_tasks

from studyapp.checking.sandbox import CheckTimeout, SandboxPool, TaskFailed


@pytest.fixture(scope="module")
def pool():
    with SandboxPool(size=1, timeout=2.0, warmup=None, allowed=("studyapp.", "time", "math")) as p:
        yield p


def test_a_task_returns_its_result(pool):
    assert pool.call(math.factorial, 5) == 120


def test_an_overrun_is_killed_and_the_pool_recovers(pool):
    start = time.monotonic()
    with pytest.raises(CheckTimeout):
        pool.call(time.sleep, 30, timeout=0.5)
    assert time.monotonic() - start < 5
    assert pool.call(math.factorial, 4) == 24


def test_an_exception_in_the_task_is_reported_and_the_worker_survives(pool):
    with pytest.raises(TaskFailed, match="ValueError"):
        pool.call(math.factorial, -1)
    assert pool.call(math.factorial, 3) == 6


def test_tasks_outside_the_allowed_modules_are_refused(pool):
    with pytest.raises(TaskFailed, match="not a sandbox task"):
        pool.call(os.getcwd)


@pytest.fixture()
def default_pool(monkeypatch):
    """A one-worker default pool that may run this folder's test tasks."""
    from studyapp.checking import sandbox

    with SandboxPool(size=1, timeout=0.5, warmup=None, allowed=("studyapp.", "sandbox_tasks")) as p:
        monkeypatch.setattr(sandbox, "_default", p)
        yield p


def test_timeout_after_the_answer_was_read_is_undecided(default_pool):
    from studyapp.checking.exercises.grade import _sandboxed

    result = _sandboxed(sandbox_tasks.read_then_hang, 30)
    assert result.verdict == "undecided"


def test_timeout_while_reading_is_invalid(default_pool):
    from studyapp.checking.exercises.grade import _sandboxed

    result = _sandboxed(sandbox_tasks.hang, 30)
    assert result.verdict == "invalid"


def test_more_callers_than_workers_all_get_results():
    from concurrent.futures import ThreadPoolExecutor

    with SandboxPool(size=1, timeout=5.0, warmup=None, allowed=("math", "time")) as p:
        with ThreadPoolExecutor(max_workers=4) as executor:
            calls = [executor.submit(p.call, math.factorial, n) for n in range(6)]
            killed = executor.submit(p.call, time.sleep, 30, timeout=0.3)
            assert [c.result() for c in calls] == [1, 1, 2, 6, 24, 120]
            with pytest.raises(CheckTimeout):
                killed.result()
        assert p.call(math.factorial, 5) == 120
