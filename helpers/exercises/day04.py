"""Exercises for Day 04 – Closures."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from types import FunctionType
from typing import Any

from helpers.exercises import ExerciseSet, ensure

exercises = ExerciseSet("Day 04")
check, hint, solution = exercises.check, exercises.hint, exercises.solution


# -- reference solutions ----------------------------------------------------

def make_average() -> Callable[[float], float]:
    """Return add(value) -> the average of every value added so far."""
    total = 0.0
    count = 0

    def add(value: float) -> float:
        nonlocal total, count
        total += value
        count += 1
        return total / count

    return add


def make_route_handlers(routes: Iterable[str]) -> dict[str, Callable[[], str]]:
    """Return {route: handler}; each handler returns f"handled {route}"."""

    def make_handler(route: str) -> Callable[[], str]:
        def handler() -> str:
            return f"handled {route}"
        return handler

    return {route: make_handler(route) for route in routes}


def make_cooldown(seconds: float, clock: Callable[[], float]) -> Callable[[], bool]:
    """Return fire() -> True at most once every ``seconds`` of ``clock`` time."""
    if not seconds > 0:  # also refuses NaN
        raise ValueError(f"seconds must be positive, got {seconds!r}")
    last: float | None = None

    def fire() -> bool:
        nonlocal last
        now = clock()
        if last is not None and now - last < seconds:
            return False
        last = now
        return True

    return fire


def make_idempotency_guard(
    ttl: float, clock: Callable[[], float]
) -> tuple[Callable[[str], bool], Callable[[], int]]:
    """Return (seen, size): seen(key) is True for a key recorded less than ttl s ago."""
    if not ttl > 0:  # also refuses NaN
        raise ValueError(f"ttl must be positive, got {ttl!r}")
    recorded: dict[str, float] = {}     # insertion order is time order: oldest first

    def seen(key: str) -> bool:
        now = clock()
        while recorded:                 # forget expired keys, oldest first
            oldest = next(iter(recorded))
            if now - recorded[oldest] < ttl:
                break
            del recorded[oldest]
        if key in recorded:
            return True
        recorded[key] = now
        return False

    def size() -> int:
        return len(recorded)

    return seen, size


# -- checks -----------------------------------------------------------------

def _uses_closure(fn: Any) -> bool:
    return getattr(fn, "__closure__", None) is not None


def _captured_state(fn: Any) -> list[tuple[str, str]]:
    """What fn's cells hold, as text: it changes when a call rebinds or mutates them."""
    return [(repr(cell.cell_contents), repr(getattr(cell.cell_contents, "__dict__", None)))
            for cell in fn.__closure__ or ()]


@exercises.add(1, "a running average", solution=make_average, hint="""
    Two pieces of state must survive from one call of add to the next, and add
    changes both of them. Where do they live, and which keyword lets add rebind them?
""")
def _check_1(fn: Any) -> None:
    add = fn()
    ensure(callable(add), f"make_average() must return a function, got {type(add).__name__}")
    first = add(10)
    ensure(first == 10, f"after add(10) the average is 10, got {first!r}")
    second = add(20)
    ensure(second == 15, f"after add(10), add(20) the average is 15, got {second!r}")
    ensure(not vars(add), f"add carries attributes {sorted(vars(add))}: keep the state in "
           "variables of the enclosing function, not in function attributes")
    ensure(_uses_closure(add), "keep the total and count in the enclosing function "
           "(a closure), not in globals")
    before = _captured_state(add)
    third = add(0)
    ensure(third == 10, f"after 10, 20, 0 the average is 10, got {third!r}")
    ensure(_captured_state(add) != before, "add(0) changed nothing that add captured: keep "
           "the total and count in the enclosing function, not in a global")
    other = fn()
    ensure(other(1) == 1, "a second average must start from scratch: make_average()(1) "
           "should be 1")
    ensure(add(50) == 20, "the first average must not be disturbed by the second one, "
           "and it averages every value added, not only the last few "
           "(10, 20, 0, 50 averages to 20)")
    ensure(fn()(2.5) == 2.5, "floats must work too")


@exercises.add(2, "fix the late-binding bug", solution=make_route_handlers, hint="""
    All the handlers read one and the same variable, and they read it only when they
    are called. How could each handler get a variable of its own? The lesson showed
    two ways, and said which one it prefers.
""")
def _check_2(fn: Any) -> None:
    handlers = fn(["/users", "/orders", "/health"])
    ensure(isinstance(handlers, dict), f"return a dict, got {type(handlers).__name__}")
    ensure(sorted(handlers) == ["/health", "/orders", "/users"],
           f"expected one handler per route, got keys {sorted(handlers)!r}")
    routes = ["/users", "/orders", "/health"]
    for route in routes:
        got = handlers[route]()
        if got == f"handled {routes[-1]}" and route != routes[-1]:
            ensure(False, f"handlers[{route!r}]() returned {got!r}, expected 'handled {route}': "
                   "every handler still sees the last route (late binding)")
        ensure(got == f"handled {route}",
               f"handlers[{route!r}]() returned {got!r}, expected 'handled {route}'")
    ensure(fn([]) == {}, "no routes should give an empty dict")
    single = fn(iter(["/only"]))
    ensure(single["/only"]() == "handled /only", "any iterable of routes must work, "
           "an iterator too")


def _sized_state(fns: Iterable[Any]) -> list[tuple[str, int]]:
    """(type name, length) of every sized object in the closure cells of fns.

    Functions found in a cell are searched too, so state kept in a helper closure counts.
    """
    found: list[tuple[str, int]] = []
    todo, visited = list(fns), set()
    while todo:
        fn = todo.pop()
        if id(fn) in visited:
            continue
        visited.add(id(fn))
        for cell in getattr(fn, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:          # an empty cell
                continue
            if isinstance(value, FunctionType):
                todo.append(value)
                continue
            _add_sized(value, found, depth=2)
    return found


def _add_sized(value: Any, found: list[tuple[str, int]], depth: int,
               nested: bool = False) -> None:
    """Record value's length, and look ``depth`` levels into the containers it holds,
    so a dict hidden in a list or a namespace (``box = [{}]``) is measured too. Inside,
    only growable containers count: a (key, time) tuple is one record, not kept state."""
    if isinstance(value, (str, bytes)):  # a key such as 'late' is data, not kept state
        return
    inner: list[Any] = []
    if isinstance(value, dict):
        inner = list(value.values())
    elif isinstance(value, (list, tuple, set, frozenset, deque)):
        inner = list(value)
    elif hasattr(value, "__dict__") and not callable(value):
        inner = list(vars(value).values())
    if not nested or isinstance(value, (dict, list, set, deque)):
        try:
            found.append((type(value).__name__, len(value)))
        except TypeError:  # not sized: a number, a clock, a namespace ...
            pass
    if depth > 0:
        for item in inner:
            _add_sized(item, found, depth - 1, nested=True)


def _fake_clock() -> tuple[Callable[[], float], Callable[[float], None]]:
    now = 0.0

    def clock() -> float:
        return now

    def advance(seconds: float) -> None:
        nonlocal now
        now += seconds

    return clock, advance


@exercises.add(3, "a cooldown with an injected clock", solution=make_cooldown, hint="""
    One piece of state is enough: when did the last *allowed* fire happen (and what is
    it before the first one)? A refused fire must leave it alone. Read the time only
    through clock(), and check `seconds` before you build anything.
""")
def _check_3(fn: Any) -> None:
    clock, advance = _fake_clock()
    fire = fn(2.0, clock)
    ensure(callable(fire), f"make_cooldown(...) must return a function, got "
           f"{type(fire).__name__}")
    ensure(fire() is True, "the very first fire() must be allowed")
    ensure(fire() is False, "a second fire() at the same instant must be refused")
    advance(1.5)
    ensure(fire() is False, "1.5 s after the first fire, a 2 s cooldown still refuses")
    advance(0.5)
    ensure(fire() is True, "exactly 2 s after the first fire, it must be allowed again "
           "(measure from the last *allowed* fire, not the last attempt)")
    advance(1.0)
    ensure(fire() is False, "1 s after an allowed fire, it must be refused again")
    other = fn(2.0, clock)
    ensure(other() is True, "a second cooldown must have its own state")
    advance(5.0)
    ensure(fire() is True and other() is True, "both must be allowed after a long pause")
    clock, advance = _fake_clock()
    short = fn(0.5, clock)
    ensure(short() is True, "the first fire() of a 0.5 s cooldown must be allowed")
    advance(0.25)
    ensure(short() is False, "0.25 s after the first fire, a 0.5 s cooldown still refuses")
    advance(0.25)
    ensure(short() is True, "0.5 s after the first fire, a 0.5 s cooldown allows again: "
           "use the `seconds` you were given")
    for bad in (0, -1.0, float("nan")):
        try:
            fn(bad, clock)
        except ValueError:
            pass
        else:
            ensure(False, f"make_cooldown({bad!r}, clock) must raise ValueError")


@exercises.add(4, "idempotency keys that expire", solution=make_idempotency_guard, hint="""
    Recording keys is the easy half. The other half: how will your code ever visit a
    key that never comes back? Keys recorded in time order can be dropped from the
    oldest end, the way the rate limiter's deques drop old timestamps.
""")
def _check_4(fn: Any) -> None:
    clock, advance = _fake_clock()
    pair = fn(1.0, clock)
    ensure(isinstance(pair, tuple) and len(pair) == 2 and all(callable(f) for f in pair),
           f"return a pair of functions (seen, size), got {pair!r}")
    seen, size = pair
    ensure(seen("a") is False, "the first seen('a') must record it and return False")
    ensure(seen("a") is True, "a second seen('a') at the same instant is a duplicate: True")
    ensure(seen("b") is False, "'b' was never seen: False")
    advance(0.5)
    ensure(seen("a") is True, "0.5 s after 'a' was recorded (ttl 1 s) it is still a duplicate")
    advance(0.5)
    ensure(seen("a") is False, "exactly 1 s (the ttl) after 'a' was recorded it has expired: "
           "seen('a') must record it again and return False")
    ensure(seen("a") is True, "right after being recorded again, 'a' is a duplicate")
    other_seen, _ = fn(1.0, clock)
    ensure(other_seen("a") is False, "a second guard must have its own memory")

    clock, advance = _fake_clock()
    seen, _ = fn(1.0, clock)
    seen("x")
    advance(0.9)
    ensure(seen("y") is False, "'y' was never seen: False")
    advance(0.2)
    ensure(seen("y") is True, "'y' was recorded 0.2 s ago (ttl 1 s), so it is a duplicate: "
           "forget each key when its own ttl runs out, not the whole memory at once")

    clock, advance = _fake_clock()
    seen, _ = fn(0.5, clock)
    seen("k")
    advance(0.25)
    ensure(seen("k") is True, "0.25 s after 'k' was recorded, a guard with ttl 0.5 s "
           "still sees a duplicate")
    advance(0.25)
    ensure(seen("k") is False, "0.5 s after 'k' was recorded, a guard with ttl 0.5 s has "
           "forgotten it: use the `ttl` you were given")

    clock, advance = _fake_clock()
    pair = fn(1.0, clock)
    seen, size = pair
    # Memory is measured without calling size(): a guard that forgets only when asked
    # would look tidy, yet a service that never asks keeps every key.
    most = ("", 0)
    for n in range(3_000):                  # 1,000 new keys per second for 3 s
        advance(0.001)
        seen(f"key-{n}")
        if n % 100 == 99:
            most = max([most, *_sized_state(pair)], key=lambda item: item[1])
    ensure(most[1] <= 2_010, f"with 1,000 new keys per second and a ttl of 1 s, no more than "
           f"about 2,000 keys should be remembered at once, but the closure held a {most[0]} "
           f"of {most[1]:,} entries (seen() alone must forget expired keys; nobody calls "
           "size() in production)")
    advance(60.0)
    seen("late")
    held = max(_sized_state(pair), key=lambda item: item[1], default=("", 0))
    ensure(held[1] <= 1, f"a minute after the last key, one new key was seen, but the closure "
           f"still holds a {held[0]} of {held[1]:,} entries: seen() must forget keys even if "
           "they never come back")
    ensure(size() == 1, "a minute after the last key, one new key must leave exactly 1 "
           f"remembered; size() is {size()}")
    for bad in (0, -1.0, float("nan")):
        try:
            fn(bad, clock)
        except ValueError:
            pass
        else:
            ensure(False, f"make_idempotency_guard({bad!r}, clock) must raise ValueError")
