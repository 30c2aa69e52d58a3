"""Exercises for Day 21 – Data Structure Tradeoffs."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from helpers.exercises import CountingEq, ExerciseSet, ensure

exercises = ExerciseSet("Day 21")
check, hint, solution = exercises.check, exercises.hint, exercises.solution


_Counted = CountingEq  # counts == comparisons: a hash lookup makes few, a scan many


# -- reference solutions ------------------------------------------------------

def unique_by(items: Iterable[Any], key: Callable[[Any], Hashable]) -> list[Any]:
    seen: set[Hashable] = set()
    result = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            result.append(item)
    return result


@dataclass(frozen=True)
class UserKey:
    tenant: str
    user_id: int


def keep_known(requested: list[Any], known: list[Any]) -> list[Any]:
    known_set = set(known)  # built once: each test below is one hash and one probe
    return [item for item in requested if item in known_set]


# -- checks ---------------------------------------------------------------------

@exercises.add(1, "deduplicate by a key, in order", solution=unique_by, hint="""
    Keep a set of the keys you have already seen. For each item compute `k = key(item)`
    once; if `k` is new, remember it and keep the item. A list of seen keys gives the
    right answer too, but each `in` on it is a scan, and the check counts those.""")
def _check_1(fn: Any) -> None:
    names = ["Ada", "ada", "Bob", "ADA", "bob", "Cy"]
    before = list(names)
    result = fn(names, str.lower)
    ensure(result == ["Ada", "Bob", "Cy"],
           f"unique_by(names, str.lower) should be ['Ada', 'Bob', 'Cy'], got {result!r}")
    ensure(names == before, "the input list was changed; return a new list instead")
    ensure(result is not names, "return a new list, not the input itself")
    ensure(fn([], str.lower) == [], "an empty input should give []")
    ensure(fn([5, 5, 5], lambda x: x) == [5], "[5, 5, 5] with key=identity should give [5]")
    users = [{"id": 1, "email": "a@example.com"}, {"id": 2, "email": "b@example.com"},
             {"id": 3, "email": "a@example.com"}]
    got = fn(users, lambda u: u["email"])
    ensure(got == users[:2], f"the first user per email should be kept, got {got!r}")
    ensure(fn(iter(["x", "y", "x"]), lambda s: s) == ["x", "y"],
           "items may be any iterable (a generator, say), read once")
    # Scale: 2 000 items, 1 000 distinct keys. A seen-set needs about one == per
    # repeated key; scanning a list of seen keys needs about a million.
    items = [i % 1000 for i in range(2000)]
    _Counted.eq_calls = 0
    got = fn(items, _Counted)
    ensure(got == list(range(1000)), "wrong result on 2 000 items")
    ensure(_Counted.eq_calls <= 3 * len(items),
           f"{_Counted.eq_calls:,} == comparisons for 2 000 items: that is a scan per item. "
           "Use a set for the keys you have seen")


@exercises.add(2, "a key a dict can trust", solution=UserKey, hint="""
    Compare and hash the same fields: `(self.tenant, self.user_id)`. Return
    `NotImplemented` (or False) from `__eq__` for other types. To forbid assignment,
    the shortest route is `@dataclass(frozen=True)`, which writes `__eq__` and
    `__hash__` for you.""")
def _check_2(cls: Any) -> None:
    a, b = cls("acme", 7), cls("acme", 7)
    ensure(a == b, "two keys with the same tenant and user id must be equal")
    ensure(hash(a) == hash(b), "equal keys must have equal hashes")
    ensure(a != cls("acme", 8), "keys with different user ids must differ")
    ensure(a != cls("globex", 7), "keys with different tenants must differ")
    ensure((a == "acme") is False, "comparing with a str must give False, not crash")
    table = {a: "session"}
    ensure(table.get(cls("acme", 7)) == "session",
           "a fresh, equal key must find the entry stored under the first one")
    ensure(len({a, b, cls("acme", 8)}) == 2, "a set of the keys should drop the duplicate")
    keys = [cls(tenant, i) for tenant in ("acme", "globex") for i in range(500)]
    distinct = len({hash(k) for k in keys})
    ensure(distinct >= 990, f"1 000 different keys share only {distinct} hashes: hash "
           "every field that __eq__ compares")
    try:
        a.tenant = "evil"
        assignable = True
    except AttributeError:
        assignable = False
    ensure(not assignable, "assigning key.tenant must raise AttributeError: a key that "
           "can change can get lost inside a dict")


@exercises.add(3, "keep only the known ids", solution=keep_known, hint="""
    Turn `known` into a set once, before the loop; then one pass over `requested`
    keeps each item that is in that set. A list comprehension does it in one line.""")
def _check_3(fn: Any) -> None:
    requested = ["u3", "u1", "u9", "u3", "u4"]
    known = ["u1", "u2", "u3"]
    before = (list(requested), list(known))
    got = fn(requested, known)
    ensure(got == ["u3", "u1", "u3"],
           f"expected ['u3', 'u1', 'u3'] (requested order, repeats kept), got {got!r}")
    ensure((requested, known) == before, "the input lists were changed")
    ensure(fn([], known) == [], "nothing requested should give []")
    ensure(fn(requested, []) == [], "nothing known should give []")
    ensure(fn(["a", "a"], ["a", "a"]) == ["a", "a"],
           "repeats in known must not multiply the result")
    requested_big = [_Counted(i) for i in range(0, 2000, 2)]
    known_big = [_Counted(i) for i in range(0, 3000, 3)]
    _Counted.eq_calls = 0
    got = fn(requested_big, known_big)
    ensure([c.value for c in got] == list(range(0, 2000, 6)), "wrong result on 1 000 ids")
    ensure(_Counted.eq_calls <= 3 * (len(requested_big) + len(known_big)),
           f"{_Counted.eq_calls:,} == comparisons: each `in known` scanned the list. "
           "Build a set of known once")
