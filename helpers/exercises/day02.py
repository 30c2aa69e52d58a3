"""Exercises for Day 02 – Mutability Traps & Default Arguments."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any

from helpers.exercises import ExerciseSet, ensure, outcome

exercises = ExerciseSet("Day 02")
check, hint, solution = exercises.check, exercises.hint, exercises.solution


# -- 1. a function with an optional list --------------------------------------

def record_event(event: str, log: list[str] | None = None) -> list[str]:
    """Append event to log and return log; without a log (or with None), start a new one."""
    if log is None:
        log = []
    log.append(event)
    return log


@exercises.add(1, "an optional log without shared state", solution=record_event, hint="""
    Which default value can no call ever change? Use it to mean "no log given", and
    create the list inside the function when you see it. Mind how you test for it: an
    empty list passed on purpose is falsy too, and must still receive the event.
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
    status, result = outcome(fn, "x", None)
    ensure(status == "ok", f'record_event("x", None) raised {type(result).__name__}: {result}. '
                           'Passing None also means "no log": start a new one')
    ensure(result == ["x"], f'record_event("x", None) should start a new log ["x"], got {result!r}')
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
    Two separate leaks. The default: give `items` a default that cannot be shared, and
    build the list inside `__init__`. The argument: storing the caller's list keeps a
    reference to it, so what gives you a NEW list with the same items, from a list or a
    tuple alike? (With a dataclass, copy in `__post_init__`.)
    """)
def _check_2(cls: Any) -> None:
    ensure(isinstance(cls, type), f"pass the class itself, got {type(cls).__name__}")
    ada, bob = cls("ada"), cls("bob")
    ensure(ada.items is not bob.items, "two new carts hold the same list object: each cart "
                                       "needs a list of its own")
    ensure(ada.owner == "ada", f"Cart('ada').owner should be 'ada', got {ada.owner!r}")
    ensure(ada.items == [] and bob.items == [],
           f"new carts should start empty, got {ada.items!r} and {bob.items!r}")
    ada.add("tea")
    ensure(ada.items == ["tea"], f"after ada.add('tea'), ada.items should be ['tea'], "
                                 f"got {ada.items!r}")
    ensure(bob.items == [], f"bob's cart changed when ada added tea: {bob.items!r} "
                            "(the carts share one default list)")
    ensure(cls("cy").items == [], "a cart made after ada's purchase is not empty")
    status, result = outcome(cls, "hal", None)
    ensure(status == "ok", f"Cart('hal', None) raised {type(result).__name__}: {result}. "
                           'Passing None also means "no items": start an empty list')
    ensure(result.items == [], f"Cart('hal', None).items should be [], got {result.items!r}")
    start = ["milk"]
    dee = cls("dee", start)
    ensure(dee.items is not start, "the cart keeps the caller's list itself: copy it")
    dee.add("bread")
    ensure(dee.items == ["milk", "bread"], f"Cart('dee', ['milk']) then add('bread') should "
                                           f"hold ['milk', 'bread'], got {dee.items!r}")
    ensure(start == ["milk"], f"the caller's list changed to {start!r}: copy it in __init__")
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
    """Names of fn's parameters whose default is not known to be immutable, in order."""
    def known_immutable(value: Any) -> bool:
        if value is None or type(value) is object:  # None, or a bare object() sentinel
            return True
        # Exact types: a subclass (class Tag(str)) may give its instances a __dict__.
        if type(value) in (bool, int, float, complex, str, bytes):
            return True
        if type(value) in (tuple, frozenset):  # immutable only if every item is
            return all(known_immutable(item) for item in value)
        return False

    return [name for name, parameter in inspect.signature(fn).parameters.items()
            if parameter.default is not inspect.Parameter.empty
            and not known_immutable(parameter.default)]


class _Plain:
    """A plain class: its instances are mutable, yet hashable (by identity)."""


class _Tag(str):
    """A str subclass: each instance has a __dict__, so it is mutable."""


class _Row(tuple[Any, ...]):
    """A tuple subclass: each instance has a __dict__, so it is mutable."""


_SENTINEL = object()


def _many(a: Any, b: Any = [], c: Any = None, *args: Any, d: Any = {},  # noqa: B006
          e: Any = (), g: Any = frozenset(), **kwargs: Any) -> Any:
    return a


def _nested(x: Any, y: Any = (1, [2]), z: Any = (1, ("a", None)),
            u: Any = ("a", ("b", []))) -> Any:
    return x


def _none() -> None:
    return None


def _safe(x: Any = 0, y: Any = "s", z: Any = None, w: Any = b"", f: Any = 1.5,
          j: Any = 2j, t: Any = True, m: Any = _SENTINEL,
          s: Any = frozenset({1, 2})) -> Any:
    return x


def _objects(name: Any = "x", v: Any = _Plain(),  # noqa: B008
             fs: Any = frozenset({_Plain()})) -> Any:  # noqa: B008
    return name


def _subclassed(tag: Any = _Tag("new"), pair: Any = (1, _Tag("x")),  # noqa: B008
                code: Any = "new") -> Any:
    return tag


def _row(x: Any = _Row((1, 2)), y: Any = (1, 2)) -> Any:  # noqa: B008
    return x


def _buffers(seen: Any = set(), buf: Any = bytearray()) -> Any:  # noqa: B006, B008
    return seen


class _Service:
    def __init__(self, name: str, roles: Any = [], limits: Any = None) -> None:  # noqa: B006
        self.name = name


@exercises.add(3, "find dangerous defaults", solution=mutable_defaults, hint="""
    `inspect.signature(fn).parameters` maps each parameter name to a Parameter whose
    `.default` is the stored default, or `inspect.Parameter.empty` when there is none; it
    covers positional and keyword-only parameters. Then write a small helper that answers
    "is this value on the allow-list?" and calls itself on the items of a tuple or a
    frozenset. Compare exact types, as in `type(value) is object` for a bare sentinel:
    `isinstance` also accepts subclasses, and `isinstance(value, object)` is true of every
    value.
    """)
def _check_3(fn: Any) -> None:
    cases: list[tuple[str, Callable[..., Any], list[str]]] = [
        ("def f(a, b=[], c=None, *args, d={}, e=(), g=frozenset(), **kwargs)", _many,
         ["b", "d"]),
        ("def f(x, y=(1, [2]), z=(1, ('a', None)), u=('a', ('b', [])))", _nested, ["y", "u"]),
        ("def f()", _none, []),
        ("def f(x=0, y='s', z=None, w=b'', f=1.5, j=2j, t=True, m=object(), "
         "s=frozenset({1, 2}))", _safe, []),
        ("def f(seen=set(), buf=bytearray())", _buffers, ["seen", "buf"]),
        ("Service.__init__(self, name, roles=[], limits=None)", _Service.__init__, ["roles"]),
        ("def f(name='x', v=Plain(), fs=frozenset({Plain()}))", _objects, ["v", "fs"]),
        ("def f(tag=Tag('new'), pair=(1, Tag('x')), code='new') with class Tag(str)",
         _subclassed, ["tag", "pair"]),
        ("def f(x=Row((1, 2)), y=(1, 2)) with class Row(tuple)", _row, ["x"]),
    ]
    for text, function, expected in cases:
        got = fn(function)
        if function is _objects and "v" not in got:
            ensure(False, f"for {text} expected {expected!r}, got {got!r}: an instance of a "
                          "plain class is hashable, yet mutable and shared, like Inventory() "
                          "in the lesson. Hashability is not the test: use the allow-list")
        missed = {_subclassed: ("tag", "str"), _row: ("x", "tuple")}.get(function)
        if missed is not None and missed[0] not in got:
            ensure(False, f"for {text} expected {expected!r}, got {got!r}: an instance of a "
                          f"subclass of {missed[1]} has a __dict__ you can write to, so it is "
                          "not known to be immutable. Compare exact types, not isinstance")
        ensure(got == expected, f"for {text} expected {expected!r}, got {got!r}")
