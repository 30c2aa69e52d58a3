"""Growth curves that survive a noisy machine: CPU time, short samples, all points interleaved.

Timing one size after another with the wall clock bends curves on a shared
machine: while the large sizes run, other
processes take turns on the CPU, and a long sample cannot dodge them the way a
short one sometimes can, so the large sizes look slower than they are and the
slope read from the curve comes out too steep. :func:`measure_growth` counters
each cause:

* it reads the **CPU time of the measuring thread** (``time.thread_time``) by
  default, so time the operating system gives to other programs is not counted;
* every sample is **short** (about ``target`` seconds: fast calls are looped,
  slow ones run once), so large and small sizes are exposed to noise alike;
* every (variant, size) point is timed **interleaved**, round by round in a
  rotating order, keeping the **minimum** of ``repeat`` rounds, so a burst of
  load hits all points alike instead of one end of one curve;
* the rounds are **spread over at least** ``min_span`` seconds (more rounds are
  added if the first ``repeat`` finish sooner), so a slow spell of a shared
  machine (a busy neighbour, a lower clock) cannot cover every round of a point.

Use it for single-threaded, CPU-bound code (algorithms, data structures). Code
that sleeps or waits spends little CPU time: time that with the wall clock.

>>> times = measure_growth({"sum": lambda n: (lambda: sum(range(n)))}, [10, 100], repeat=2)
>>> sorted(times), len(times["sum"])
(['sum'], 2)
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence

__all__ = ["default_clock", "measure_growth", "point_name"]

#: Builds the data for size n and returns the zero-argument call to time.
SetUp = Callable[[int], Callable[[], object]]
Clock = Callable[[], float]


def point_name(variant: str, n: int) -> str:
    """The label of one measured point, e.g. ``'list @ n=1000'``."""
    return f"{variant} @ n={n}"


def _sample(fn: Callable[[], object], number: int, clock: Clock) -> float:
    start = clock()
    for _ in range(number):
        fn()
    return (clock() - start) / number


def _pick_number(fn: Callable[[], object], target: float, clock: Clock,
                 limit: int = 1_000_000) -> int:
    number = 1
    while number < limit:
        start = clock()
        for _ in range(number):
            fn()
        if clock() - start >= target:
            break
        number *= 2
    return number


def default_clock() -> Clock:
    """The CPU time of the calling thread, or the wall clock where that is too coarse."""
    if time.get_clock_info("thread_time").resolution <= 1e-6:
        return time.thread_time
    return time.perf_counter  # e.g. Windows, where thread_time ticks every ~16 ms


def measure_growth(variants: Mapping[str, SetUp], sizes: Sequence[int], *, repeat: int = 5,
                   target: float = 0.002, min_span: float = 0.2, clock: Clock | None = None,
                   number: int | None = None) -> dict[str, list[float]]:
    """Seconds per call of each variant at each size: the minimum of ``repeat`` interleaved rounds.

    ``variants`` maps a name to a set-up function: given ``n`` it builds the data
    and returns the zero-argument call to time, so building the data stays
    outside the timing. The result maps each name to one time per size, in the
    order of ``sizes``.

    Each point's call count is chosen so that one sample lasts about ``target``
    seconds (``number`` fixes it for every point instead). ``clock`` defaults to
    :func:`default_clock`, the CPU time of the calling thread; pass
    ``time.perf_counter`` for wall time. Rounds continue past ``repeat`` (up to
    ``10 * repeat``) until they span ``min_span`` seconds of wall time.
    """
    if not variants:
        raise ValueError("measure_growth needs at least one variant")
    if not sizes:
        raise ValueError("measure_growth needs at least one size")
    bad = [n for n in sizes if isinstance(n, bool) or not isinstance(n, int) or n < 1]
    if bad:
        raise ValueError(f"sizes must be positive integers, got {bad!r}")
    if len(set(sizes)) != len(sizes):
        raise ValueError(f"sizes must not repeat, got {list(sizes)!r}")
    if repeat < 1:
        raise ValueError(f"repeat must be at least 1, got {repeat}")
    if not target > 0:
        raise ValueError(f"target must be a positive number of seconds, got {target!r}")
    if min_span < 0:
        raise ValueError(f"min_span must be 0 or more seconds, got {min_span!r}")
    if number is not None and number < 1:
        raise ValueError(f"number must be at least 1, got {number}")
    tick = clock if clock is not None else default_clock()
    calls: dict[str, Callable[[], object]] = {}
    for name, set_up in variants.items():
        if not callable(set_up):
            raise TypeError(f"variant {name!r} must be a set-up function n -> call, "
                            f"got {type(set_up).__name__}")
        for n in sizes:
            call = set_up(n)
            if not callable(call):
                raise TypeError(f"set-up of {name!r} must return a zero-argument callable "
                                f"for n={n}, got {type(call).__name__}")
            calls[point_name(name, n)] = call
    names = list(calls)
    numbers = {p: number if number is not None else _pick_number(calls[p], target, tick)
               for p in names}
    best = {p: math.inf for p in names}
    started = time.perf_counter()
    round_index = 0
    while round_index < repeat or (time.perf_counter() - started < min_span
                                   and round_index < 10 * repeat):
        shift = round_index % len(names)
        for p in names[shift:] + names[:shift]:
            best[p] = min(best[p], _sample(calls[p], numbers[p], tick))
        round_index += 1
    return {name: [best[point_name(name, n)] for n in sizes] for name in variants}
