"""Exercises for Day 14 – Iterators, Generators & Lazy Evaluation."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from helpers.exercises import ExerciseFailure, ExerciseSet, ensure
from helpers.memory import peak_memory

exercises = ExerciseSet("Day 14")
check, hint, solution = exercises.check, exercises.hint, exercises.solution

_MISSING = object()


# -- reference solutions -------------------------------------------------------------------
class Peekable:
    """An iterator over `iterable` that can also look at the next item without consuming it."""

    def __init__(self, iterable: Iterable[Any]) -> None:
        self._iterator = iter(iterable)
        self._buffer: list[Any] = []  # holds at most one item: the one peek() looked at

    def __iter__(self) -> Peekable:
        return self

    def __next__(self) -> Any:
        if self._buffer:
            return self._buffer.pop()
        return next(self._iterator)

    def peek(self, default: Any = _MISSING) -> Any:
        if not self._buffer:
            try:
                self._buffer.append(next(self._iterator))
            except StopIteration:
                if default is _MISSING:
                    raise
                return default
        return self._buffer[0]


def sliding_window(iterable: Iterable[Any], n: int) -> Iterator[tuple[Any, ...]]:
    """Tuples of n consecutive items; ValueError at once if n < 1."""
    if n < 1:  # checked now, in a plain function, not on the first next()
        raise ValueError(f"n must be at least 1, got {n}")

    def windows() -> Iterator[tuple[Any, ...]]:
        iterator = iter(iterable)
        window = deque(itertools.islice(iterator, n), maxlen=n)
        if len(window) == n:
            yield tuple(window)
        for item in iterator:
            window.append(item)  # the oldest item falls out on the left
            yield tuple(window)

    return windows()


def lines_from_chunks(chunks: Iterable[str]) -> Iterator[str]:
    """Yield each complete line (without its newline) as soon as its last chunk arrives."""
    pending = ""  # the unfinished line: a local that survives every yield
    for chunk in chunks:
        pending += chunk
        *complete, pending = pending.split("\n")
        yield from complete
    if pending:
        yield pending


def summarise(values: Iterable[float]) -> tuple[int, float, float | None]:
    """(count, total, maximum) of any iterable of numbers, in a single pass."""
    count = 0
    total: float = 0
    maximum: float | None = None
    for value in values:
        count += 1
        total += value
        if maximum is None or value > maximum:
            maximum = value
    return count, total, maximum


# -- checks --------------------------------------------------------------------------------
def _counting(items: Iterable[Any], pulled: list[Any], limit: int = 1_000) -> Iterator[Any]:
    """Yield items, recording each one in `pulled`; fail after `limit` (an endless source)."""
    for item in items:
        if len(pulled) >= limit:
            raise ExerciseFailure(f"your code took more than {limit} items from an endless "
                                  "source: it reads everything up front instead of lazily")
        pulled.append(item)
        yield item


def _raises(exc: type[BaseException], fn: Callable[..., Any], *args: Any) -> bool:
    try:
        fn(*args)
    except exc:
        return True
    return False


@exercises.add(1, "a peekable iterator", solution=Peekable, hint="""
    Keep `iter(iterable)` and a one-item buffer (a list, or a sentinel object meaning
    "empty"). `peek` fills the buffer from the iterator if it is empty; `__next__` empties
    the buffer first and only then asks the iterator. `__iter__` returns self. Use a
    private sentinel, not None, for "no default given", because None can be an item.
""")
def _check_1(cls: Any) -> None:
    p = cls([1, 2, 3])
    ensure(iter(p) is p, "iter(p) should return p itself: a Peekable is an iterator")
    ensure(p.peek() == 1 and p.peek() == 1, "peek() twice should show 1 both times")
    ensure(next(p) == 1, "next() after peek() should return the peeked item")
    ensure(p.peek() == 2, "after next(), peek() should show the following item")
    rest = list(p)
    ensure(rest == [2, 3], f"list(p) should give the remaining [2, 3], got {rest!r}")
    ensure(_raises(StopIteration, p.peek), "peek() at the end should raise StopIteration")
    ensure(p.peek("done") == "done", "peek(default) at the end should return the default")
    ensure(_raises(StopIteration, next, p), "next() at the end should raise StopIteration")
    ensure(cls([None]).peek("x") is None, "a None item is an item: peek('x') should return None")
    ensure(list(cls("ab")) == ["a", "b"], "a for loop over Peekable('ab') should give a, b")
    pulled: list[Any] = []
    q = cls(_counting(itertools.count(), pulled))
    ensure(pulled == [], "creating a Peekable must not take items from the source")
    ensure(q.peek() == 0 and pulled == [0], "peek() should take exactly one item")
    ensure(next(q) == 0 and next(q) == 1 and pulled == [0, 1],
           "works lazily on an endless source, taking one item at a time")
    e = cls([])
    try:
        got = e.peek(None)
    except StopIteration:
        ensure(False, "peek(None) on an empty Peekable should return the default None, "
                      "not raise: None is a valid default, so 'no default' needs a sentinel")
    ensure(got is None, f"peek(None) on an empty Peekable should return None, got {got!r}")
    ensure(_raises(StopIteration, next, e), "next() on an empty Peekable should raise "
                                            "StopIteration")


@exercises.add(2, "sliding windows, lazily", solution=sliding_window, hint="""
    A generator function checks its arguments only on the first next(). So write a plain
    function that validates `n` and then returns a generator (an inner generator
    function). Inside, fill a `collections.deque(maxlen=n)` with the first n items
    (`itertools.islice`), yield `tuple(window)` if it is full, then append one item at a
    time and yield after each.
""")
def _check_2(fn: Callable[[Iterable[Any], int], Iterator[tuple[Any, ...]]]) -> None:
    cases: list[tuple[Iterable[Any], int, list[tuple[Any, ...]]]] = [
        ([1, 2, 3, 4], 2, [(1, 2), (2, 3), (3, 4)]),
        ([1, 2, 3, 4], 4, [(1, 2, 3, 4)]),
        ([1, 2, 3], 5, []),
        ([], 1, []),
        ("abc", 1, [("a",), ("b",), ("c",)]),
        (range(5), 3, [(0, 1, 2), (1, 2, 3), (2, 3, 4)]),
    ]
    for data, n, expected in cases:
        got = list(fn(data, n))
        ensure(got == expected,
               f"sliding_window({data!r}, {n}) should give {expected}, got {got!r}")
    for bad in (0, -2):
        try:
            fn([1, 2, 3], bad)
        except ValueError:
            continue
        ensure(False, f"sliding_window([1, 2, 3], {bad}) should raise ValueError at once, "
                      "before anyone calls next() (a generator function checks too late)")
    pulled: list[Any] = []
    windows = fn(_counting(itertools.count(), pulled), 3)
    ensure(pulled == [], "calling sliding_window() must not take items yet")
    ensure(next(windows) == (0, 1, 2) and pulled == [0, 1, 2],
           f"the first window should take exactly 3 items, took {len(pulled)}")
    ensure(next(windows) == (1, 2, 3) and pulled == [0, 1, 2, 3],
           "each following window should take exactly one more item")


@exercises.add(3, "lines from network chunks", solution=lines_from_chunks, hint="""
    Write a generator function. The text after the last newline belongs to a line that
    is not finished yet: keep it in a local variable, which survives every `yield`, and
    put each new chunk after it before you look for newlines. Every complete line can be
    yielded at once. When the chunks run out, whatever is left is the last line, unless
    it is empty.
""")
def _check_3(fn: Callable[[Iterable[str]], Iterator[str]]) -> None:
    cases: list[tuple[list[str], list[str]]] = [
        (["GET /a 200\nGET /b 500\n"], ["GET /a 200", "GET /b 500"]),
        (["GET /a 2", "00\nGET /", "b 500\n"], ["GET /a 200", "GET /b 500"]),
        (["one\ntw", "o\nthree"], ["one", "two", "three"]),
        (["a\n\nb\n"], ["a", "", "b"]),
        (["", "a", "", "\n", ""], ["a"]),
        (["\n"], [""]),
        ([], []),
    ]
    for chunks, expected in cases:
        got = list(fn(iter(chunks)))
        ensure(got == expected, f"chunks {chunks!r} should give {expected!r}, got {got!r}")
    pulled: list[Any] = []
    lines = fn(_counting(itertools.cycle(["x\ny\nz", "z\n"]), pulled))
    ensure(pulled == [], "calling lines_from_chunks() must not take chunks yet")
    ensure(next(lines) == "x" and pulled == ["x\ny\nz"],
           f"the first line needs exactly one chunk, took {len(pulled)}")
    ensure(next(lines) == "y" and len(pulled) == 1,
           "the second line is complete in the first chunk: yield it without taking more")
    ensure(next(lines) == "zz" and len(pulled) == 2,
           "a line split over two chunks should be joined, taking exactly one more chunk")
    ensure(next(lines) == "x" and len(pulled) == 3,
           "each further line should take only the chunks it needs, one at a time")


@exercises.add(4, "one pass over an iterator", solution=summarise, hint="""
    One `for` loop that updates three variables. Start the maximum at None (not 0, or
    all-negative input goes wrong) and replace it when it is None or smaller. Do not call
    len(), do not build a list, do not loop twice.
""")
def _check_4(fn: Callable[[Iterable[float]], tuple[int, float, float | None]]) -> None:
    cases: list[tuple[list[float], tuple[int, float, float | None]]] = [
        ([3, 1, 4, 1, 5], (5, 14, 5)),
        ([-5, -2, -9], (3, -16, -2)),
        ([7], (1, 7, 7)),
        ([], (0, 0, None)),
        ([0.5, 0.25], (2, 0.75, 0.5)),
    ]
    for data, expected in cases:
        for label, source in (("a list", list(data)), ("a generator", (x for x in data))):
            got = fn(source)
            ensure(tuple(got) == expected,
                   f"{label} of {data}: expected {expected}, got {got!r}")
    # 50,000 numbers kept in a list would take about 2 MiB; running values take a few bytes.
    measured = peak_memory(lambda: fn(x for x in range(50_000)))
    ensure(tuple(measured.result) == (50_000, 49_999 * 50_000 // 2, 49_999),
           f"range(50_000) as a generator: wrong result {measured.result!r}")
    ensure(measured.peak_kib < 64,
           f"your function needed {measured.peak_kib:,.0f} KiB for a generator of 50,000 "
           "numbers: it keeps them all; update running values instead")
