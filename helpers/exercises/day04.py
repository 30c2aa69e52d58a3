"""Exercises for Day 04 – Closures."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    if seconds <= 0:
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


# -- checks -----------------------------------------------------------------

def _uses_closure(fn: Any) -> bool:
    return getattr(fn, "__closure__", None) is not None


@exercises.add(1, "a running average", solution=make_average, hint="""
    Keep two variables in make_average: the running total and the count. The inner
    add(value) rebinds both, so it needs `nonlocal total, count` before it changes
    them. Return total / count.
""")
def _check_1(fn: Any) -> None:
    add = fn()
    ensure(callable(add), f"make_average() must return a function, got {type(add).__name__}")
    first = add(10)
    ensure(first == 10, f"after add(10) the average is 10, got {first!r}")
    second = add(20)
    ensure(second == 15, f"after add(10), add(20) the average is 15, got {second!r}")
    third = add(0)
    ensure(third == 10, f"after 10, 20, 0 the average is 10, got {third!r}")
    ensure(_uses_closure(add), "keep the total and count in the enclosing function "
           "(a closure), not in globals or function attributes")
    other = fn()
    ensure(other(1) == 1, "a second average must start from scratch: make_average()(1) "
           "should be 1")
    ensure(add(30) == 15, "the first average must not be disturbed by the second one "
           "(10, 20, 0, 30 averages to 15)")
    ensure(fn()(2.5) == 2.5, "floats must work too")


@exercises.add(2, "fix the late-binding bug", solution=make_route_handlers, hint="""
    Every handler made in the loop reads the same variable `route`, and sees its last
    value when it is finally called. Give each handler its own variable: build it in a
    small factory function make_handler(route), or bind the current value with a
    default argument (lambda route=route: ...).
""")
def _check_2(fn: Any) -> None:
    handlers = fn(["/users", "/orders", "/health"])
    ensure(isinstance(handlers, dict), f"return a dict, got {type(handlers).__name__}")
    ensure(sorted(handlers) == ["/health", "/orders", "/users"],
           f"expected one handler per route, got keys {sorted(handlers)!r}")
    for route in ["/users", "/orders", "/health"]:
        got = handlers[route]()
        ensure(got == f"handled {route}",
               f"handlers[{route!r}]() returned {got!r}, expected 'handled {route}': "
               "every handler still sees the last route (late binding)")
    ensure(fn([]) == {}, "no routes should give an empty dict")
    single = fn(iter(["/only"]))
    ensure(single["/only"]() == "handled /only", "any iterable of routes must work, "
           "an iterator too")


def _fake_clock() -> tuple[Callable[[], float], Callable[[float], None]]:
    now = 0.0

    def clock() -> float:
        return now

    def advance(seconds: float) -> None:
        nonlocal now
        now += seconds

    return clock, advance


@exercises.add(3, "a cooldown with an injected clock", solution=make_cooldown, hint="""
    Validate seconds first (raise ValueError if it is not positive). Keep `last`, the
    time of the last successful fire, in the closure, starting as None. fire() reads
    clock(); if there was a last fire less than `seconds` ago, return False; otherwise
    store the time (nonlocal last) and return True. Refused calls must not move `last`.
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
    for bad in (0, -1.0):
        try:
            fn(bad, clock)
        except ValueError:
            pass
        else:
            ensure(False, f"make_cooldown({bad!r}, clock) must raise ValueError")
