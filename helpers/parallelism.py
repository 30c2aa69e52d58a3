"""How many cores are free *right now*: a probe for lessons that time process pools.

A claim such as "two processes finish CPU work twice as fast" needs two free
cores, and a shared machine (or a one-core Binder) may not have them at the
moment the notebook runs. ``free_cores`` asks the pool's workers to spin
together, from the same instant, for a few tens of milliseconds, and adds up
the share of a core each one really got (CPU time over wall time): about 2.0
with two free cores, about 1.0 when another program keeps one of them busy. A
lesson asserts its speed-up only when the probe allows it. (Timing one job
against two would mislead here: a lone job often runs at a boosted clock
speed, so two jobs look slower even on two free cores.)

A process pool starts its workers lazily, and a worker that is still booting
would spoil any measurement, so ``start_workers`` first waits until every
worker has answered.

The jobs sent to the workers use built-ins only (``eval`` of a small
expression, ``os.getpid``), so a worker never imports this package, whose
plotting modules would slow its start-up down.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any

__all__ = ["free_cores", "start_workers", "submit_measured", "SPIN_PROBE", "MEASURED_CALL",
           "CpuThreadsExpectation", "cpu_threads_expectation"]

#: Evaluated inside a worker with START and END (``time.perf_counter`` values):
#: sleep until START, spin until END, return (when spinning began, share of a core).
SPIN_PROBE = """(
    time := __import__("time"),
    time.sleep(max(0.0, START - time.perf_counter())),
    began := time.perf_counter(),
    cpu := time.process_time(),
    sum(1 for _ in iter(lambda: time.perf_counter() < END, False)),
    (began, (time.process_time() - cpu) / max(END - began, 1e-9)),
)[-1]"""


#: Evaluated inside a worker with FN and ARGS: call FN(*ARGS) and return
#: (its result, the share of a core the worker got while it ran).
MEASURED_CALL = """(
    time := __import__("time"),
    began := time.perf_counter(),
    cpu := time.process_time(),
    result := FN(*ARGS),
    (result, (time.process_time() - cpu) / max(time.perf_counter() - began, 1e-9)),
)[-1]"""


def free_cores(pool: Executor, *, workers: int = 2, seconds: float = 0.03,
               lead: float = 0.02) -> float:
    """How many cores ``workers`` busy pool workers got together, measured now.

    Every worker spins from the same moment (``lead`` seconds from now) for
    ``seconds``. Returns the sum of their shares of a core, or 0.0 (no verdict)
    when a worker started too late for them to spin together: a pool that is
    still starting, or a machine too busy to schedule it. Start the workers
    first (``start_workers``).
    """
    if workers < 1 or seconds <= 0 or lead < 0:
        raise ValueError(f"need workers >= 1, seconds > 0, lead >= 0; got {workers}, "
                         f"{seconds}, {lead}")
    start_at = time.perf_counter() + lead
    window = {"START": start_at, "END": start_at + seconds}
    futures = [pool.submit(eval, SPIN_PROBE, dict(window)) for _ in range(workers)]
    got = [f.result(timeout=30 + lead + seconds) for f in futures]
    if max(began for began, _ in got) > start_at + seconds / 4:
        return 0.0
    return float(sum(share for _, share in got))


def start_workers(pool: Executor, workers: int, *, timeout: float = 30.0) -> int:
    """Block until ``workers`` distinct workers of ``pool`` have each run a job.

    A fresh ``ProcessPoolExecutor`` starts its processes on demand, and the first
    one to boot can take every queued job while the others are still importing.
    Returns how many distinct workers answered; raises ``TimeoutError`` if fewer
    than ``workers`` did within ``timeout`` seconds.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    deadline = time.monotonic() + timeout
    seen: set[int] = set()
    while len(seen) < workers:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"only {len(seen)} of {workers} pool workers answered "
                               f"within {timeout} s")
        futures = [pool.submit(os.getpid) for _ in range(workers)]
        seen.update(f.result(timeout=left) for f in futures)
        if len(seen) < workers:
            time.sleep(0.01)  # a worker is still booting: give it a moment
    return len(seen)


def submit_measured(pool: Executor, fn: Callable[..., Any], *args: Any) -> Future[Any]:
    """Submit ``fn(*args)``; the future's value is ``(result, share of a core)``.

    The share is the worker's CPU time over the wall time of that one call: about
    1.0 when the worker had a core to itself all along, less when another program
    took turns on its core. It tells, for this very run, whether the machine let
    the workers compute in parallel. ``fn`` must be picklable (a module-level
    function), as for any process pool.
    """
    if not callable(fn):
        raise TypeError(f"submit_measured needs a callable, got {type(fn).__name__}")
    return pool.submit(eval, MEASURED_CALL, {"FN": fn, "ARGS": args})


@dataclass(frozen=True)
class CpuThreadsExpectation:
    """What two threads running pure-Python CPU work can show on this interpreter.

    ``parallel`` is False with a GIL (never more than one core between them), True on a
    free-threaded build with the GIL off (two cores, so a speed-up), None when the
    interpreter cannot say (then a lesson asserts neither).
    """

    parallel: bool | None
    summary: str
    thread_panel_title: str


def cpu_threads_expectation(gil_enabled: bool | None) -> CpuThreadsExpectation:
    """Predict how threads running pure-Python CPU work behave, from the GIL's state.

    Pass ``environment_info().gil_enabled``: ``sys._is_gil_enabled()`` on 3.13+, True for
    CPython before 3.13, None for an interpreter that does not report it.
    """
    if gil_enabled is True:
        return CpuThreadsExpectation(
            parallel=False,
            summary="GIL enabled: threads running Python code take turns on one core, "
                    "so CPU-bound threads are no faster than one thread",
            thread_panel_title="2 threads in one process: they take turns holding the GIL")
    if gil_enabled is False:
        return CpuThreadsExpectation(
            parallel=True,
            summary="GIL disabled (free-threaded build): threads run Python code on "
                    "several cores at once, so CPU-bound threads speed up",
            thread_panel_title="2 threads in one process, no GIL: they compute at the same time")
    return CpuThreadsExpectation(
        parallel=None,
        summary="this interpreter does not report a GIL: no prediction for CPU-bound threads",
        thread_panel_title="2 threads in one process")
