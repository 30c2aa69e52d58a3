"""Exercises for Day 16 – Async & Await (Event Loop Fundamentals)."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any, TypeVar

from helpers.async_tools import run_in_fresh_loop
from helpers.exercises import ExerciseSet, ensure

exercises = ExerciseSet("Day 16")
check, hint, solution = exercises.check, exercises.hint, exercises.solution

T = TypeVar("T")
R = TypeVar("R")

_PROFILES = {1: {"id": 1, "name": "Ada"}, 2: {"id": 2, "name": "Grace"},
             3: {"id": 3, "name": "Linus"}}


def legacy_lookup(user_id: int) -> dict[str, Any]:
    """A blocking call from an old synchronous library: 0.2 s, then a profile or KeyError."""
    time.sleep(0.2)
    if user_id not in _PROFILES:
        raise KeyError(f"no user {user_id}")
    return dict(_PROFILES[user_id])


# -- reference solutions (named as in the notebook's stubs) -----------------------------

async def fetch_all(fetch: Callable[[T], Awaitable[R]], ids: Sequence[T]) -> list[R]:
    return list(await asyncio.gather(*(fetch(i) for i in ids)))


async def bounded_gather(coros: Sequence[Coroutine[Any, Any, T]], limit: int) -> list[T]:
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    semaphore = asyncio.Semaphore(limit)

    async def one(coro: Coroutine[Any, Any, T]) -> T:
        async with semaphore:
            return await coro

    return list(await asyncio.gather(*(one(c) for c in coros)))


async def fetch_profile(user_id: int) -> dict[str, Any]:
    return await asyncio.to_thread(legacy_lookup, user_id)


# -- checks ----------------------------------------------------------------------------

def _require_async(fn: Callable[..., Any], name: str) -> None:
    ensure(inspect.iscoroutinefunction(fn), f"{name} must be defined with `async def`")


class _Gauge:
    """Counts how many coroutines are inside `track` at the same moment."""

    def __init__(self) -> None:
        self.running = 0
        self.peak = 0

    async def track(self, value: T, delay: float) -> T:
        self.running += 1
        self.peak = max(self.peak, self.running)
        try:
            await asyncio.sleep(delay)
            return value
        finally:
            self.running -= 1


@exercises.add(1, "fetch concurrently, keep the order", solution=fetch_all, hint="""
    `asyncio.gather(*(fetch(i) for i in ids))` starts every fetch at once and returns the
    results in the order you passed the awaitables, whatever order they finish in.
    Return them as a list.
""")
def _check_1(fn: Callable[..., Any]) -> None:
    _require_async(fn, "fetch_all")

    async def fetch(i: int) -> str:
        await asyncio.sleep(0.01 * (5 - i % 5))  # later ids often finish first
        if i < 0:
            raise LookupError(f"bad id {i}")
        return f"item-{i}"

    ids = list(range(10))
    start = time.perf_counter()
    got = run_in_fresh_loop(fn(fetch, ids))
    elapsed = time.perf_counter() - start
    expected = [f"item-{i}" for i in ids]
    ensure(got == expected, f"expected {expected!r} in the order of ids, got {got!r}")
    ensure(elapsed < 0.2, "the ten fetches should overlap (about 0.05 s in all), but they took "
                          f"{elapsed:.2f} s: are you awaiting them one by one?")
    ensure(run_in_fresh_loop(fn(fetch, [])) == [], "no ids should give []")
    try:
        run_in_fresh_loop(fn(fetch, [1, -1, 2]))
    except LookupError:
        pass
    else:
        ensure(False, "an error raised by fetch must reach the caller")


@exercises.add(2, "gather with a limit", solution=bounded_gather, hint="""
    Make `semaphore = asyncio.Semaphore(limit)` and wrap each coroutine in a small helper
    `async def one(c): async with semaphore: return await c`; then gather the helpers.
    Check `limit` before creating anything.
""")
def _check_2(fn: Callable[..., Any]) -> None:
    _require_async(fn, "bounded_gather")
    for n, limit in ((9, 3), (4, 1), (3, 10)):
        gauge = _Gauge()
        coros = [gauge.track(f"r{i}", 0.02 + 0.005 * (i % 3)) for i in range(n)]
        try:
            got = run_in_fresh_loop(fn(coros, limit))
        finally:
            for coro in coros:  # any coroutine left unawaited: close it, so Python won't warn
                coro.close()
        ensure(got == [f"r{i}" for i in range(n)],
               f"results must keep the given order: got {got!r}")
        ensure(gauge.peak <= limit, f"limit={limit}, yet {gauge.peak} ran at the same time")
        ensure(gauge.peak == min(n, limit),
               f"with {n} coroutines and limit={limit}, {min(n, limit)} should run at once, "
               f"but at most {gauge.peak} did")
    ensure(run_in_fresh_loop(fn([], 2)) == [], "no coroutines should give []")
    for bad in (0, -1):
        coro = _Gauge().track("r0", 0)
        try:
            run_in_fresh_loop(fn([coro], bad))
        except ValueError:
            continue
        finally:
            coro.close()
        ensure(False, f"limit={bad} should raise ValueError")


@exercises.add(3, "call a blocking library without freezing the loop",
               solution=fetch_profile, hint="""
    The loop can only switch at an `await`, and `ex.legacy_lookup` never awaits. Run it in a
    worker thread and await the result: `return await asyncio.to_thread(ex.legacy_lookup,
    user_id)`.
""")
def _check_3(fn: Callable[..., Any]) -> None:
    _require_async(fn, "fetch_profile")

    async def with_heartbeat() -> tuple[Any, float, float]:
        ticks: list[float] = []

        async def beat() -> None:
            while True:
                ticks.append(time.perf_counter())
                await asyncio.sleep(0.01)

        beating = asyncio.create_task(beat())
        await asyncio.sleep(0.02)
        start = time.perf_counter()
        both = await asyncio.gather(fn(1), fn(2))
        elapsed = time.perf_counter() - start
        await asyncio.sleep(0.03)  # one more tick after the lookups, so a freeze shows as a gap
        beating.cancel()
        gap = max(b - a for a, b in zip(ticks, ticks[1:], strict=False))
        return both, gap, elapsed

    both, gap, elapsed = run_in_fresh_loop(with_heartbeat())
    ensure(list(both) == [_PROFILES[1], _PROFILES[2]],
           f"expected the profiles of users 1 and 2, got {both!r}")
    ensure(gap < 0.1, f"the event loop froze for {gap:.2f} s: legacy_lookup is still blocking it")
    ensure(elapsed < 0.35, "two lookups should run at the same time (about 0.2 s), but they "
                           f"took {elapsed:.2f} s")
    try:
        run_in_fresh_loop(fn(99))
    except KeyError:
        pass
    else:
        ensure(False, "an unknown id must raise legacy_lookup's KeyError")
