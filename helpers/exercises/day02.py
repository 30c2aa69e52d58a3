"""Exercises for Day 02 – Mutability Traps & Default Arguments."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any

from helpers.exercises import ExerciseSet, ensure

exercises = ExerciseSet("Day 02")
check, hint, solution = exercises.check, exercises.hint, exercises.solution


# -- 1. a function with an optional list --------------------------------------

def record_event(event: str, log: list[str] | None = None) -> list[str]:
    """Append event to log and return log; without a log, start a new one."""
    if log is None:
        log = []
    log.append(event)
    return log


@exercises.add(1, "an optional log without shared state", solution=record_event, hint="""
    Use `None` as the default and create the list inside the function:
    `if log is None: log = []`. Test with `is None`, not with truthiness:
    `log = log or []` throws away an empty list the caller passed on purpose.
    """)
def _check_1(fn: Any) -> None:
    first = fn("login")
    ensure(first == ["login"], f'record_event("login") should return ["login"], got {first!r}')
    second = fn("logout")
    ensure(second != ["login", "logout"],
           'the second call returned ["login", "logout"]: both calls share one default list')
    ensure(second == ["logout"], f'record_event("logout") should return ["logout"], '
                                 f"got {second!r}")
    ensure(first is not second, "two calls without a log returned the same list object")
    ensure(first == ["login"], f"a later call changed the first result: it is now {first!r}")
    ensure(fn("x", None) == ["x"], 'record_event("x", None) should start a new log: ["x"]')
    mine = ["boot"]
    out = fn("login", mine)
    ensure(mine == ["boot", "login"], f"the caller's log should become ['boot', 'login'], "
                                      f"got {mine!r}")
    ensure(out is mine, "when the caller passes a log, return that same list")
    empty: list[str] = []
    out = fn("first", empty)
    ensure(empty == ["first"] and out is empty,
           "an empty list passed on purpose must be used, not replaced (`log or []` replaces it)")
    defaults = [d for d in (getattr(fn, "__defaults__", None) or ())
                if isinstance(d, list | dict | set)]
    ensure(not defaults, f"the function still has a mutable default: {defaults!r}")


# -- 2. a class whose instances never share a list ----------------------------

class Cart:
    """A shopping cart: an owner and a list of items, never shared with anyone."""

    def __init__(self, owner: str, items: Iterable[str] | None = None) -> None:
        self.owner = owner
        self.items: list[str] = [] if items is None else list(items)

    def add(self, item: str) -> None:
        self.items.append(item)


@exercises.add(2, "a constructor without shared state", solution=Cart, hint="""
    Default `items` to `None`, and in `__init__` build a NEW list every time:
    `self.items = [] if items is None else list(items)`. `list(items)` also copies a
    list the caller passed, so the cart and the caller never share one, and it accepts
    a tuple. (A dataclass with `field(default_factory=list)` plus a `__post_init__`
    that copies works too.)
    """)
def _check_2(cls: Any) -> None:
    ensure(isinstance(cls, type), f"pass the class itself, got {type(cls).__name__}")
    ada, bob = cls("ada"), cls("bob")
    ensure(ada.owner == "ada", f"Cart('ada').owner should be 'ada', got {ada.owner!r}")
    ensure(ada.items == [] and bob.items == [],
           f"new carts should start empty, got {ada.items!r} and {bob.items!r}")
    ada.add("tea")
    ensure(ada.items == ["tea"], f"after ada.add('tea'), ada.items should be ['tea'], "
                                 f"got {ada.items!r}")
    ensure(bob.items == [], f"bob's cart changed when ada added tea: {bob.items!r} "
                            "(the carts share one default list)")
    ensure(cls("cy").items == [], "a cart made after ada's purchase is not empty")
    start = ["milk"]
    dee = cls("dee", start)
    dee.add("bread")
    ensure(dee.items == ["milk", "bread"], f"Cart('dee', ['milk']) then add('bread') should "
                                           f"hold ['milk', 'bread'], got {dee.items!r}")
    ensure(start == ["milk"], f"the caller's list changed to {start!r}: copy it in __init__")
    ensure(dee.items is not start, "the cart keeps the caller's list itself: copy it")
    twins = [cls("eve", start), cls("fay", start)]
    twins[0].add("jam")
    ensure(twins[1].items == ["milk"], "two carts built from one list share it")
    tup = cls("gus", ("x", "y"))
    ensure(tup.items == ["x", "y"] and isinstance(tup.items, list),
           f"Cart('gus', ('x', 'y')).items should be the list ['x', 'y'], got {tup.items!r}")
    tup.add("z")
    ensure(tup.items == ["x", "y", "z"], f"adding to a cart built from a tuple failed: "
                                         f"{tup.items!r}")


# -- 3. a tiny linter for dangerous defaults ----------------------------------

def mutable_defaults(fn: Callable[..., Any]) -> list[str]:
    """Names of fn's parameters whose default cannot be hashed, in signature order."""
    suspicious = []
    for name, parameter in inspect.signature(fn).parameters.items():
        if parameter.default is inspect.Parameter.empty:
            continue
        try:
            hash(parameter.default)
        except TypeError:
            suspicious.append(name)
    return suspicious


class _Plain:
    """A plain class: its instances are mutable, yet hashable (by identity)."""


def _many(a: Any, b: Any = [], c: Any = None, *args: Any, d: Any = {},  # noqa: B006
          e: Any = (), g: Any = frozenset(), **kwargs: Any) -> Any:
    return a


def _nested(x: Any, y: Any = (1, [2]), z: Any = (1, 2)) -> Any:
    return x


def _none() -> None:
    return None


def _safe(x: Any = 0, y: Any = "s", z: Any = None, w: Any = b"",
          v: Any = _Plain()) -> Any:  # noqa: B008
    return x


def _buffers(seen: Any = set(), buf: Any = bytearray()) -> Any:  # noqa: B006, B008
    return seen


class _Service:
    def __init__(self, name: str, roles: Any = [], limits: Any = None) -> None:  # noqa: B006
        self.name = name


@exercises.add(3, "find dangerous defaults", solution=mutable_defaults, hint="""
    `inspect.signature(fn).parameters` maps each parameter name to a Parameter whose
    `.default` is the stored default (or `inspect.Parameter.empty`). It covers positional
    and keyword-only parameters. Call `hash(default)` inside `try`/`except TypeError`:
    lists, dicts, sets, bytearrays and tuples holding a list all fail to hash.
    """)
def _check_3(fn: Any) -> None:
    cases: list[tuple[str, Callable[..., Any], list[str]]] = [
        ("def f(a, b=[], c=None, *args, d={}, e=(), g=frozenset(), **kwargs)", _many,
         ["b", "d"]),
        ("def f(x, y=(1, [2]), z=(1, 2))", _nested, ["y"]),
        ("def f()", _none, []),
        ("def f(x=0, y='s', z=None, w=b'', v=Plain())", _safe, []),
        ("def f(seen=set(), buf=bytearray())", _buffers, ["seen", "buf"]),
        ("Service.__init__(self, name, roles=[], limits=None)", _Service.__init__, ["roles"]),
    ]
    for text, function, expected in cases:
        got = fn(function)
        ensure(got == expected, f"for {text} expected {expected!r}, got {got!r}")
