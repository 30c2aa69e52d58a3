"""Exercises for Day 15 – Concurrency Mental Models."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from helpers.exercises import ExerciseSet, ensure

exercises = ExerciseSet("Day 15")
check, hint, solution = exercises.check, exercises.hint, exercises.solution

T = TypeVar("T")
R = TypeVar("R")


# -- reference solutions (named as in the notebook's stubs) -----------------------------

def fetch_all(fetch: Callable[[T], R], ids: Sequence[T], max_workers: int) -> list[R]:
    if max_workers < 1:
        raise ValueError(f"max_workers must be at least 1, got {max_workers}")
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        return list(pool.map(fetch, ids))


def split_evenly(items: Sequence[T], parts: int) -> list[list[T]]:
    if parts < 1:
        raise ValueError(f"parts must be at least 1, got {parts}")
    count = min(parts, len(items))
    if count == 0:
        return []
    size, extra = divmod(len(items), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        chunks.append(list(items[start:end]))
        start = end
    return chunks


def choose(kind: str, seconds: float, cores: int) -> str:
    if kind not in ("io", "cpu"):
        raise ValueError(f"unknown kind {kind!r}: expected 'io' or 'cpu'")
    if seconds < 0:
        raise ValueError(f"seconds cannot be negative, got {seconds}")
    if cores < 1:
        raise ValueError(f"cores must be at least 1, got {cores}")
    if seconds < 0.001:
        return "inline"
    if kind == "io":
        return "thread"
    return "process" if cores >= 2 else "inline"


# -- checks ----------------------------------------------------------------------------

class _Probe:
    """A fake fetch that sleeps and records how many calls ran at the same time."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.running = 0
        self.peak = 0
        self.calls: list[object] = []
        self._lock = threading.Lock()

    def __call__(self, item: object) -> str:
        with self._lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
            self.calls.append(item)
        try:
            time.sleep(self.delay)
            if item == "missing":
                raise KeyError(item)
            return f"user-{item}"
        finally:
            with self._lock:
                self.running -= 1


@exercises.add(1, "fetch with a bounded thread pool", solution=fetch_all, hint="""
    `with ThreadPoolExecutor(max_workers=max_workers) as pool:` then
    `list(pool.map(fetch, ids))` keeps the order of `ids` and re-raises the first error
    when its result is reached. Check `max_workers` before creating the pool.
""")
def _check_1(fn: Callable[..., Any]) -> None:
    ensure(fn(_Probe(0.0), [], 3) == [], "no ids should give []")

    probe = _Probe(0.03)
    ids = [5, 3, 8, 1, 9, 2, 7, 4]
    start = time.perf_counter()
    got = fn(probe, ids, 8)
    elapsed = time.perf_counter() - start
    ensure(got == [f"user-{i}" for i in ids],
           f"results must follow the order of ids: expected {[f'user-{i}' for i in ids]}, "
           f"got {got!r}")
    ensure(sorted(probe.calls, key=str) == sorted(ids, key=str),
           "fetch must be called exactly once per id")
    ensure(probe.peak >= 4 and elapsed < len(ids) * 0.03,
           f"with 8 workers the 8 calls should overlap, but at most {probe.peak} ran at once")

    probe = _Probe(0.03)
    fn(probe, list(range(6)), 2)
    ensure(probe.peak <= 2, f"max_workers=2, yet {probe.peak} calls ran at the same time")
    ensure(probe.peak == 2, "with max_workers=2, two calls should run at the same time")

    try:
        fn(_Probe(0.0), [1, "missing", 3], 2)
    except KeyError:
        pass
    else:
        ensure(False, "an error raised by fetch must reach the caller")
    for bad in (0, -1):
        try:
            fn(_Probe(0.0), [1], bad)
        except ValueError:
            continue
        ensure(False, f"max_workers={bad} should raise ValueError")


@exercises.add(2, "split work evenly for the workers", solution=split_evenly, hint="""
    `size, extra = divmod(len(items), count)` with `count = min(parts, len(items))`:
    the first `extra` chunks get `size + 1` items, the others `size`. Walk a start index
    through the list and slice.
""")
def _check_2(fn: Callable[..., Any]) -> None:
    cases: list[tuple[list[Any], int, list[list[Any]]]] = [
        ([1, 2, 3, 4, 5], 2, [[1, 2, 3], [4, 5]]),
        ([1, 2, 3, 4, 5, 6], 3, [[1, 2], [3, 4], [5, 6]]),
        (list("abcdefg"), 3, [["a", "b", "c"], ["d", "e"], ["f", "g"]]),
        ([1, 2], 5, [[1], [2]]),
        ([], 4, []),
        ([7], 1, [[7]]),
        (list(range(10)), 1, [list(range(10))]),
    ]
    for items, parts, expected in cases:
        original = list(items)
        got = fn(items, parts)
        ensure(got == expected, f"split_evenly({original!r}, {parts}) should be {expected!r}, "
                                f"got {got!r}")
        ensure(items == original, "split_evenly must not change the list it is given")
    items = list(range(103))
    got = fn(items, 8)
    sizes = [len(chunk) for chunk in got]
    ensure(len(got) == 8 and max(sizes) - min(sizes) <= 1 and sum(got, []) == items,
           f"103 items in 8 parts should give sizes 13,13,13,13,13,13,13,12, got {sizes}")
    ensure(fn(tuple(range(4)), 2) == [[0, 1], [2, 3]], "each chunk must be a list")
    for bad in (0, -2):
        try:
            fn([1, 2], bad)
        except ValueError:
            continue
        ensure(False, f"parts={bad} should raise ValueError")


@exercises.add(3, "a cost-aware strategy", solution=choose, hint="""
    Validate first (kind, then seconds, then cores), then decide: `seconds < 0.001` wins
    over everything, then "io" -> "thread", then "cpu" -> "process" only with two or more
    cores.
""")
def _check_3(fn: Callable[..., Any]) -> None:
    cases = [
        (("io", 0.2, 1), "thread"),
        (("io", 0.2, 8), "thread"),
        (("cpu", 2.0, 4), "process"),
        (("cpu", 2.0, 2), "process"),
        (("cpu", 2.0, 1), "inline"),
        (("cpu", 0.0005, 8), "inline"),
        (("io", 0.0002, 8), "inline"),
        (("io", 0.001, 1), "thread"),
        (("cpu", 0.0, 4), "inline"),
    ]
    for args, expected in cases:
        got = fn(*args)
        ensure(got == expected, f"choose{args} should be {expected!r}, got {got!r}")
    for args, word in ((("gpu", 1.0, 2), "gpu"), (("cpu", -1.0, 2), "-1"),
                       (("io", 1.0, 0), "0")):
        try:
            fn(*args)
        except ValueError as err:
            ensure(word in str(err), f"choose{args}: the message should name {word!r}, "
                                     f"got {str(err)!r}")
            continue
        ensure(False, f"choose{args} should raise ValueError")
