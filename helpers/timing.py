"""Robust timing on a shared, noisy machine: repeat, interleave, keep the minimum.

The minimum of several repeats is the best estimate of what the code itself
costs: noise from other processes only ever adds time. Variants that are
compared run interleaved (A B C, B C A, …) so a burst of load hits all of them.

For growth curves of CPU-bound code (time against n), use ``helpers.growth``,
which times CPU rather than wall time and interleaves every point.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence

__all__ = ["time_call", "compare_timings", "loglog_slope", "pick_number"]


def pick_number(fn: Callable[[], object], *, target: float = 0.005, limit: int = 1_000_000) -> int:
    """How many calls make one timing sample last at least ``target`` seconds."""
    number = 1
    while number < limit:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        if time.perf_counter() - start >= target:
            break
        number *= 2
    return number


def _sample(fn: Callable[[], object], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def time_call(fn: Callable[[], object], *, repeat: int = 5, number: int | None = None) -> float:
    """Seconds per call of ``fn()``: the minimum over ``repeat`` samples."""
    return compare_timings({"fn": fn}, repeat=repeat, number=number)["fn"]


def compare_timings(variants: Mapping[str, Callable[[], object]], *, repeat: int = 5,
                    number: int | None = None) -> dict[str, float]:
    """Seconds per call of each variant, measured interleaved; minimum of ``repeat`` rounds.

    With ``number=None`` each variant gets its own call count, chosen so that
    one sample lasts a few milliseconds (fast functions are looped).
    """
    if not variants:
        raise ValueError("compare_timings needs at least one variant")
    if repeat < 1:
        raise ValueError(f"repeat must be at least 1, got {repeat}")
    for name, fn in variants.items():
        if not callable(fn):
            raise TypeError(f"variant {name!r} is not callable: {fn!r}")
    names = list(variants)
    numbers = {n: number if number is not None else pick_number(variants[n]) for n in names}
    best = {n: math.inf for n in names}
    for round_index in range(repeat):
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            best[name] = min(best[name], _sample(variants[name], numbers[name]))
    return best


def loglog_slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The least-squares slope of log(y) against log(x): the growth exponent.

    A slope near 1 means time grows linearly with n; near 2, quadratically.
    """
    if len(xs) != len(ys) or len(xs) < 2:
        raise ValueError("need at least two (x, y) points of equal count")
    if min(xs) <= 0 or min(ys) <= 0:
        raise ValueError("log-log slope needs positive values")
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    den = sum((x - mx) ** 2 for x in lx)
    if den == 0:
        raise ValueError("all x values are equal: no slope")
    return sum((x - mx) * (y - my) for x, y in zip(lx, ly, strict=True)) / den
