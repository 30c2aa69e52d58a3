"""Exercises for Day 17 – Async Patterns & Pitfalls."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any, TypeVar

from helpers.async_tools import run_in_fresh_loop
from helpers.exercises import ExerciseSet, ensure

exercises = ExerciseSet("Day 17")
check, hint, solution = exercises.check, exercises.hint, exercises.solution

T = TypeVar("T")


class Stock:
    """A stock level kept in a slow database: every read and write awaits a round trip."""

    def __init__(self, units: int) -> None:
        self._units = units
        self.lock = asyncio.Lock()
        self.writes = 0

    async def read(self) -> int:
        await asyncio.sleep(0.002)
        return self._units

    async def write(self, units: int) -> None:
        if units < 0:
            raise ValueError(f"stock cannot go below zero (asked to write {units})")
        await asyncio.sleep(0.002)
        self._units = units
        self.writes += 1

    @property
    def units(self) -> int:
        return self._units


class Pool:
    """A connection pool that remembers what was handed out and given back."""

    def __init__(self) -> None:
        self.in_use = 0
        self.handed_out: list[str] = []
        self.returned: list[str] = []

    def acquire(self) -> str:
        self.in_use += 1
        connection = f"connection-{len(self.handed_out) + 1}"
        self.handed_out.append(connection)
        return connection

    def release(self, connection: str) -> None:
        self.in_use -= 1
        self.returned.append(connection)


# -- reference solutions (named as in the notebook's stubs) -----------------------------

async def all_or_nothing(coros: Sequence[Coroutine[Any, Any, T]]) -> list[T]:
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(coro) for coro in coros]
    except BaseExceptionGroup as errors:
        raise errors.exceptions[0] from None  # the first failure, as itself
    return [task.result() for task in tasks]


async def reserve(stock: Stock, quantity: int) -> bool:
    if quantity < 1:
        raise ValueError(f"quantity must be at least 1, got {quantity}")
    async with stock.lock:  # read, decide and write as one step
        units = await stock.read()
        if units < quantity:
            return False
        await stock.write(units - quantity)
        return True


async def with_connection(pool: Pool, work: Callable[[str], Awaitable[T]]) -> T:
    connection = pool.acquire()
    try:
        return await work(connection)
    finally:  # success, error, cancellation or timeout: always give it back
        pool.release(connection)


# -- checks ----------------------------------------------------------------------------

def _require_async(fn: Callable[..., Any], name: str) -> None:
    ensure(inspect.iscoroutinefunction(fn), f"{name} must be defined with `async def`")


def _run_closing(coros: list[Coroutine[Any, Any, Any]], awaitable: Awaitable[T]) -> T:
    """Run awaitable; afterwards close any of coros never awaited, so Python won't warn."""
    try:
        return run_in_fresh_loop(awaitable)
    finally:
        for coro in coros:
            coro.close()


@exercises.add(1, "all or nothing", solution=all_or_nothing, hint="""
    Create one task per coroutine inside `async with asyncio.TaskGroup() as group:`; the
    group cancels the others when one fails and raises an ExceptionGroup. Catch it with
    `except BaseExceptionGroup as errors:` and `raise errors.exceptions[0]`.
""")
def _check_1(fn: Callable[..., Any]) -> None:
    _require_async(fn, "all_or_nothing")
    fates: dict[str, str] = {}

    async def job(name: str, seconds: float, error: Exception | None = None) -> str:
        fates[name] = "running"
        try:
            await asyncio.sleep(seconds)
        except asyncio.CancelledError:
            fates[name] = "cancelled"
            raise
        if error is not None:
            fates[name] = "failed"
            raise error
        fates[name] = "ok"
        return name

    coros = [job("a", 0.03), job("b", 0.01), job("c", 0.02)]
    got = _run_closing(coros, fn(coros))
    ensure(list(got) == ["a", "b", "c"], f"expected ['a', 'b', 'c'] in order, got {got!r}")
    ensure(_run_closing([], fn([])) == [], "no coroutines should give []")

    fates.clear()
    coros = [job("slow-1", 0.5), job("bad", 0.02, KeyError("first")), job("slow-2", 0.5),
             job("worse", 0.05, ValueError("second"))]

    async def failing() -> tuple[BaseException | None, float, dict[str, str]]:
        start = time.perf_counter()
        try:
            await fn(coros)
        except BaseException as exc:  # what the learner's function raised, whatever it is
            return exc, time.perf_counter() - start, dict(fates)
        return None, time.perf_counter() - start, dict(fates)

    raised, elapsed, seen = _run_closing(coros, failing())
    ensure(raised is not None, "a failing coroutine must make all_or_nothing raise")
    ensure(not isinstance(raised, BaseExceptionGroup),
           f"raise the first error itself, not the {type(raised).__name__} around it")
    ensure(isinstance(raised, KeyError),
           f"expected the first failure (KeyError), got {type(raised).__name__}: {raised}")
    ensure(elapsed < 0.3, "the first failure came after 0.02 s, yet all_or_nothing took "
                          f"{elapsed:.2f} s: cancel the others instead of waiting for them")
    for name in ("slow-1", "slow-2", "worse"):
        ensure(seen.get(name) == "cancelled",
               f"{name!r} should have been cancelled when 'bad' failed, but it is "
               f"{seen.get(name, 'not started')!r}")


@exercises.add(2, "reserve stock without overselling", solution=reserve, hint="""
    Between `await stock.read()` and `await stock.write(...)` other reservations run and
    read the same old value. Hold `async with stock.lock:` around the read, the check and
    the write.
""")
def _check_2(fn: Callable[..., Any]) -> None:
    _require_async(fn, "reserve")

    async def one_by_one() -> tuple[list[bool], int, int]:
        stock = Stock(10)
        answers = [await fn(stock, 3), await fn(stock, 8), await fn(stock, 7)]
        return answers, stock.units, stock.writes

    answers, units, writes = run_in_fresh_loop(one_by_one())
    ensure(answers == [True, False, True],
           f"stock 10: reserve 3, 8, 7 should answer [True, False, True], got {answers}")
    ensure(units == 0, f"stock 10 minus 3 minus 7 should leave 0, left {units}")
    ensure(writes == 2, f"a refused reservation must not write: expected 2 writes, got {writes}")

    async def crowd() -> tuple[list[bool], int]:
        stock = Stock(20)
        results = await asyncio.gather(*(fn(stock, 3) for _ in range(10)))
        return list(results), stock.units

    results, left = run_in_fresh_loop(crowd())
    ensure(results.count(True) == 6 and left == 2,
           f"stock 20, ten concurrent reservations of 3: exactly 6 can succeed, leaving 2; "
           f"got {results.count(True)} successes and {left} left (a lost update?)")

    for bad in (0, -2):
        try:
            run_in_fresh_loop(fn(Stock(5), bad))
        except ValueError:
            continue
        ensure(False, f"quantity={bad} should raise ValueError")


@exercises.add(3, "a connection that is always returned", solution=with_connection, hint="""
    `connection = pool.acquire()`, then `try: return await work(connection)` with
    `finally: pool.release(connection)`. Do not catch CancelledError at all: `finally`
    runs on the way out, and the cancellation stays a cancellation.
""")
def _check_3(fn: Callable[..., Any]) -> None:
    _require_async(fn, "with_connection")

    async def quick(connection: str) -> str:
        await asyncio.sleep(0.001)
        return f"rows via {connection}"

    async def broken(connection: str) -> str:
        await asyncio.sleep(0.001)
        raise KeyError("no such table")

    async def slow(connection: str) -> str:
        await asyncio.sleep(5)
        return "too late"

    pool = Pool()
    got = run_in_fresh_loop(fn(pool, quick))
    ensure(got == "rows via connection-1", f"expected 'rows via connection-1', got {got!r}")
    ensure(pool.in_use == 0 and pool.returned == ["connection-1"],
           "after success the connection must be released (once)")

    pool = Pool()
    try:
        run_in_fresh_loop(fn(pool, broken))
    except KeyError:
        pass
    else:
        ensure(False, "an error raised by work must reach the caller")
    ensure(pool.in_use == 0, "after an error the connection must still be released")

    async def cancel_it() -> tuple[bool, bool]:
        task = asyncio.create_task(fn(pool, slow))
        await asyncio.sleep(0.02)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            return True, task.cancelled()
        return False, task.cancelled()

    pool = Pool()
    raised, cancelled = run_in_fresh_loop(cancel_it())
    ensure(raised and cancelled, "a cancelled call must end cancelled: let CancelledError "
                                 "through (re-raise it if you catch it)")
    ensure(pool.in_use == 0, "after a cancellation the connection must still be released")

    async def time_it_out() -> bool:
        try:
            async with asyncio.timeout(0.03):
                await fn(pool, slow)
        except TimeoutError:
            return True
        return False

    pool = Pool()
    ensure(run_in_fresh_loop(time_it_out(), timeout=3),
           "asyncio.timeout around with_connection must raise TimeoutError")
    ensure(pool.in_use == 0, "after a timeout the connection must still be released")
