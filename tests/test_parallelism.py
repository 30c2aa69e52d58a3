"""The free-core probe measures what the machine gives, and never claims too much."""

from __future__ import annotations

import multiprocessing
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest

from helpers.banner import environment_info
from helpers.parallelism import (
    SPIN_PROBE,
    cpu_threads_expectation,
    free_cores,
    start_workers,
    submit_measured,
)


def test_the_probe_spins_until_the_end() -> None:
    start = time.perf_counter()
    began, share = eval(SPIN_PROBE, {"START": start + 0.01, "END": start + 0.05})
    assert time.perf_counter() >= start + 0.05
    assert began >= start + 0.01
    assert 0.0 <= share <= 1.1


def test_processes_get_at_most_the_cores_there_are() -> None:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        assert start_workers(pool, 2) == 2  # both workers booted and answered
        cores = max(free_cores(pool) for _ in range(3))
    assert 0.0 <= cores <= 2.2  # never more cores than two workers can use


@pytest.mark.skipif(not getattr(sys, "_is_gil_enabled", lambda: True)(),
                    reason="measures the GIL")
def test_threads_get_one_core_between_them_under_the_gil() -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        # process_time counts the whole process, so each thread reports the share of the
        # process: two threads report it twice. Under the GIL the process uses <= 1 core.
        cores = max(free_cores(pool, seconds=0.05, lead=0.03) for _ in range(2))
    assert cores <= 2 * 1.1


def test_a_late_start_gives_no_verdict() -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:  # one worker: the second job waits
        assert free_cores(pool, workers=2, seconds=0.04, lead=0.0) == 0.0


def test_start_workers_times_out_instead_of_hanging() -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:  # one process id: two never appear
        with pytest.raises(TimeoutError, match="only 1 of 2"):
            start_workers(pool, 2, timeout=0.2)


def test_bad_arguments_are_named() -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        with pytest.raises(ValueError, match="workers >= 1"):
            free_cores(pool, workers=0)
        with pytest.raises(ValueError, match="at least 1"):
            start_workers(pool, 0)


def test_a_measured_call_reports_its_result_and_its_share_of_a_core() -> None:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        # Other programs can only lower a share, so the spinning job keeps its best of 3.
        spinning = [submit_measured(pool, sum, range(3_000_000)).result(timeout=60)
                    for _ in range(3)]
        sleeping = submit_measured(pool, time.sleep, 0.05).result(timeout=60)
    assert all(total == sum(range(3_000_000)) for total, _ in spinning)
    assert 0.3 < max(share for _, share in spinning) <= 1.2  # about 1.0 on a quiet machine
    assert sleeping[0] is None and sleeping[1] < 0.3  # waiting uses no core


def test_a_measured_call_refuses_what_cannot_be_called() -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        with pytest.raises(TypeError, match="needs a callable, got int"):
            submit_measured(pool, 42)  # type: ignore[arg-type]


@pytest.mark.parametrize("reported, parallel", [(True, False), (False, True)])
def test_the_gil_state_decides_what_cpu_threads_can_show(
        monkeypatch: pytest.MonkeyPatch, reported: bool, parallel: bool) -> None:
    # No free-threaded build is at hand, so the GIL's state is faked where it is read.
    monkeypatch.setattr(sys, "_is_gil_enabled", lambda: reported, raising=False)
    info = environment_info()
    assert info.gil_enabled is reported and "sys._is_gil_enabled()" in info.gil_note
    expectation = cpu_threads_expectation(info.gil_enabled)
    assert expectation.parallel is parallel
    assert ("GIL disabled" in expectation.summary) is parallel
    assert ("take turns" in expectation.thread_panel_title) is not parallel


def test_before_3_13_cpython_always_has_the_gil(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "_is_gil_enabled", raising=False)
    info = environment_info()
    if platform.python_implementation() == "CPython":
        assert info.gil_enabled is True and "before 3.13" in info.gil_note
    assert cpu_threads_expectation(None).parallel is None  # nothing reported: no prediction
