"""Exercises for Day 22 – Algorithmic Thinking for Backend."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from typing import Any

from helpers.exercises import CountingEq, ExerciseSet, ensure

exercises = ExerciseSet("Day 22")
check, hint, solution = exercises.check, exercises.hint, exercises.solution


_Counted = CountingEq  # counts == comparisons: a hash lookup makes few, a scan many


class _Cents(int):
    """An int that counts the additions and subtractions it takes part in."""

    operations = 0

    def __add__(self, other: int) -> int:
        _Cents.operations += 1
        return int(self) + int(other)

    __radd__ = __add__

    def __sub__(self, other: int) -> int:
        _Cents.operations += 1
        return int(self) - int(other)

    def __rsub__(self, other: int) -> int:
        _Cents.operations += 1
        return int(other) - int(self)


# -- reference solutions ------------------------------------------------------

def first_repeat(event_ids: Iterable[Hashable]) -> Hashable | None:
    seen: set[Hashable] = set()
    for event_id in event_ids:
        if event_id in seen:
            return event_id
        seen.add(event_id)
    return None


def top_endpoints(lines: Iterable[str], k: int) -> list[tuple[str, int]]:
    if k < 0:
        raise ValueError(f"k must be 0 or more, got {k}")
    counts: Counter[str] = Counter()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fields = line.split()
        if len(fields) < 4:
            raise ValueError(f"line {number}: expected 4 fields, got {len(fields)}")
        counts[f"{fields[0]} {fields[1]}"] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:k]


def count_pairs_with_sum(amounts: Iterable[int], target: int) -> int:
    seen: Counter[int] = Counter()
    pairs = 0
    for amount in amounts:
        pairs += seen[target - amount]  # every earlier partner completes a pair
        seen[amount] += 1
    return pairs


# -- checks ---------------------------------------------------------------------

@exercises.add(1, "the first repeated event", solution=first_repeat, hint="""
    Walk the ids once with a set of the ids seen so far. The first id that is already
    in the set is the answer; if the loop ends, return None.""")
def _check_1(fn: Any) -> None:
    cases: list[tuple[list[Any], Any]] = [
        (["a", "b", "b", "a"], "b"),
        (["a", "b", "c", "a", "b"], "a"),
        (["x", "y", "z"], None),
        ([], None),
        (["solo"], None),
        ([7, 7], 7),
        ([0, 1, 2, 0], 0),  # 0 is falsy: do not confuse "found 0" with "found nothing"
    ]
    for ids, expected in cases:
        got = fn(list(ids))
        ensure(got == expected and type(got) is type(expected),
               f"first_repeat({ids!r}) should be {expected!r}, got {got!r}")
    ensure(fn(iter(["p", "q", "p"])) == "p", "ids may be any iterable, read once")
    ids = [_Counted(i) for i in range(1000)] + [_Counted(999)]
    _Counted.eq_calls = 0
    got = fn(ids)
    ensure(isinstance(got, _Counted) and got.value == 999,
           f"the last id repeats the one before it; expected it, got {got!r}")
    ensure(_Counted.eq_calls <= 3 * len(ids),
           f"{_Counted.eq_calls:,} == comparisons for 1 001 ids: each id was compared with "
           "many earlier ones. Remember the ids you have seen in a set")


@exercises.add(2, "the busiest endpoints", solution=top_endpoints, hint="""
    `Counter` the key f"{method} {path}" (the first two fields). Number the lines
    with `enumerate(lines, start=1)` so an error can name its line. Rank with
    `sorted(counts.items(), key=lambda item: (-item[1], item[0]))`: the minus sign puts
    big counts first, the name breaks ties alphabetically. Then slice `[:k]`.""")
def _check_2(fn: Any) -> None:
    lines = [
        "GET /api/users 200 user-1",
        "POST /api/orders 201 user-2",
        "GET /api/users 200 user-3",
        "",
        "GET /api/cart 200 user-1",
        "POST /api/orders 500 user-4",
        "DELETE /api/cart 204 user-1",
        "GET /api/users 404 user-9",
    ]
    got = fn(lines, 2)
    ensure(got == [("GET /api/users", 3), ("POST /api/orders", 2)],
           f"top 2 should be [('GET /api/users', 3), ('POST /api/orders', 2)], got {got!r}")
    got = fn(lines, 10)
    ensure(got == [("GET /api/users", 3), ("POST /api/orders", 2), ("DELETE /api/cart", 1),
                   ("GET /api/cart", 1)],
           f"with k=10 expect every endpoint, ties alphabetical; got {got!r}")
    ensure(fn(lines, 0) == [], "k=0 should give []")
    ensure(fn([], 3) == [], "an empty log should give []")
    ensure(fn(["GET /a 200 u", "   ", "GET /a 200 u"], 1) == [("GET /a", 2)],
           "lines holding only spaces are blank lines: skip them")
    try:
        fn(["GET /a 200 u", "", "GET /broken"], 1)
    except ValueError as error:
        ensure("line 3" in str(error),
               f"the error should name line 3 (blank lines count too), got {error}")
    else:
        ensure(False, "a line with only 2 fields must raise ValueError")
    try:
        fn(lines, -1)
    except ValueError:
        pass
    else:
        ensure(False, "a negative k must raise ValueError")


@exercises.add(3, "payments that add up to the limit", solution=count_pairs_with_sum, hint="""
    Read the amounts once, keeping a Counter of the amounts seen so far. For each
    amount, the earlier amounts that complete a pair are those equal to
    `target - amount`: add `seen[target - amount]` to the total, then count the
    current amount. Order matters: count it *after* looking, so it never pairs with
    itself.""")
def _check_3(fn: Any) -> None:
    cases = [
        (([5, 5, 5], 10), 3),
        (([1, 9, 2, 8, 5], 10), 2),
        (([], 10), 0),
        (([10], 10), 0),
        (([0, 0, 0, 0], 0), 6),
        (([-5, 15, 10, 0], 10), 2),
        (([4999, 5001, 5001, 4999, 10000], 10000), 4),
        (([3, 4], 10), 0),
    ]
    for (amounts, target), expected in cases:
        got = fn(list(amounts), target)
        ensure(got == expected,
               f"count_pairs_with_sum({amounts!r}, {target}) should be {expected}, got {got!r}")
    amounts = [_Cents((i * 37) % 1000) for i in range(1000)]
    expected = count_pairs_with_sum([int(a) for a in amounts], 1000)
    _Cents.operations = 0
    got = fn(amounts, 1000)
    ensure(got == expected, f"on 1 000 amounts expected {expected} pairs, got {got!r}")
    ensure(_Cents.operations <= 4 * len(amounts),
           f"{_Cents.operations:,} additions/subtractions for 1 000 amounts: that is "
           "every pair. Look up the partner `target - amount` in a Counter instead")
