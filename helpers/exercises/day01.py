"""Exercises for Day 01 – Python Execution Model & Memory References."""

from __future__ import annotations

from typing import Any

from helpers.exercises import ExerciseSet, ensure

exercises = ExerciseSet("Day 01")
check, hint, solution = exercises.check, exercises.hint, exercises.solution


# -- 1. a grid whose rows are independent -------------------------------------

def make_grid(rows: int, cols: int, fill: object) -> list[list[object]]:
    """Return a rows x cols grid (a list of row lists) filled with fill.

    Every row must be its own list, so that changing one cell changes only that cell.
    """
    return [[fill] * cols for _ in range(rows)]


@exercises.add(1, "a grid with independent rows", solution=make_grid, hint="""
    `[[fill] * cols] * rows` repeats one reference to ONE row list. Build a new row
    on every pass of a loop instead.
    """)
def _check_1(fn: Any) -> None:
    grid = fn(2, 3, 0)
    ensure(grid == [[0, 0, 0], [0, 0, 0]], f"make_grid(2, 3, 0) should be [[0, 0, 0], [0, 0, 0]], "
                                           f"got {grid!r}")
    ensure(type(grid) is list and all(type(row) is list for row in grid),
           "the grid and each of its rows should be plain lists")
    grid[0][0] = 99
    ensure(grid[1][0] == 0, "after grid[0][0] = 99, grid[1][0] changed too: the rows are one "
                            "shared list")
    big = fn(4, 2, ".")
    ensure(big == [[".", "."]] * 4, f"make_grid(4, 2, '.') gave {big!r}")
    ensure(len({id(row) for row in big}) == 4, "make_grid(4, 2, '.') has rows that are the "
                                               "same list object")
    empty_rows = fn(3, 0, 0)
    ensure(empty_rows == [[], [], []], f"make_grid(3, 0, 0) should be [[], [], []], "
                                       f"got {empty_rows!r}")
    empty_rows[0].append("x")
    ensure(empty_rows[1] == [], "make_grid(3, 0, 0): appending to row 0 also changed row 1")
    ensure(fn(0, 5, 0) == [], "make_grid(0, 5, 0) should be [] (no rows)")
    marker: list[Any] = []
    shared = fn(2, 2, marker)
    ensure(all(cell is marker for row in shared for cell in row),
           "make_grid(2, 2, fill) with a list as fill: every cell should refer to fill itself, "
           "not to a copy of it")


# -- 2. mutate the caller's list, on purpose ----------------------------------

def dedupe_in_place(items: list[Any]) -> None:
    """Remove repeated items from items itself, keeping each first occurrence in order.

    The caller's list object must change (other names for it see the result);
    like list.sort(), return None. Items are hashable.
    """
    seen: set[Any] = set()
    kept = []
    for item in items:
        if item not in seen:
            seen.add(item)
            kept.append(item)
    items[:] = kept


@exercises.add(2, "dedupe the caller's list in place", solution=dedupe_in_place, hint="""
    `items = ...` only rebinds the function's local name; the caller never sees it.
    You must change the list object itself. Remember what you have already met (which
    container answers "seen it?" fast?), and look for an assignment whose target is not
    a plain name but the list's contents.
    """)
def _check_2(fn: Any) -> None:
    orders = [3, 1, 3, 2, 1]
    also_orders = orders  # a second name for the same list
    returned = fn(orders)
    ensure(also_orders == [3, 1, 2],
           f"the caller's list should become [3, 1, 2], but it is {also_orders!r}"
           + (": you rebound the local name instead of changing the list"
              if also_orders == [3, 1, 3, 2, 1] else ""))
    ensure(returned is None, "dedupe_in_place works by side effect and has nothing useful to "
                             f"hand back, so like list.sort() it returns None; got {returned!r}")
    cases: list[tuple[list[Any], list[Any]]] = [
        ([], []),
        (["a", "a", "a"], ["a"]),
        (["x", "y", "z"], ["x", "y", "z"]),
        ([1, True, 1.0, "1"], [1, "1"]),  # 1 == True == 1.0: equal values are duplicates
        (["b", "a", "b", "c", "a"], ["b", "a", "c"]),
    ]
    for before, expected in cases:
        items = list(before)
        fn(items)
        ensure(items == expected, f"{before!r} should become {expected!r}, got {items!r}")


# -- 3. find the aliases in a namespace ---------------------------------------

def shared_names(namespace: dict[str, object]) -> list[tuple[str, ...]]:
    """Group the names that refer to the very same object (identity, not equality).

    Return only groups of two or more names; sort the names in each group, and sort
    the groups. Objects may be unhashable (lists, dicts).
    """
    groups: dict[int, list[str]] = {}
    for name, obj in namespace.items():
        groups.setdefault(id(obj), []).append(name)
    return sorted(tuple(sorted(names)) for names in groups.values() if len(names) > 1)


class _AlwaysEqual:
    """Claims to equal everything: only identity can tell two of these apart."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__


@exercises.add(3, "find the aliases", solution=shared_names, hint="""
    Two names are aliases when `a is b`, which is the same as `id(a) == id(b)` while
    both objects are alive (the namespace keeps them alive here). Lists and dicts cannot
    be dict keys, but their `id()` can: key a dict by `id(obj)`, collect names per key.
    """)
def _check_3(fn: Any) -> None:
    cart = ["tea"]
    same_cart = cart
    equal_cart = ["tea"]  # equal, but a different list
    config = {"debug": False}
    ns: dict[str, object] = {"cart": cart, "config": config, "same_cart": same_cart,
                             "equal_cart": equal_cart, "settings": config, "cfg": config}
    got = fn(ns)
    expected = [("cart", "same_cart"), ("cfg", "config", "settings")]
    ensure(got == expected, f"expected {expected!r}, got {got!r}")
    ensure(fn({}) == [], "an empty namespace has no aliases: expected []")
    ensure(fn({"a": [1], "b": [1]}) == [], "two equal but separate lists are not aliases")
    one, two = _AlwaysEqual(), _AlwaysEqual()
    ensure(fn({"one": one, "two": two}) == [],
           "objects whose __eq__ always says True are still two objects: compare identity")
    ensure(fn({"x": one, "y": one, "z": two}) == [("x", "y")],
           "x and y name the same object, z another one: expected [('x', 'y')]")
    row = [0]
    ensure(fn({"r2": row, "r1": row}) == [("r1", "r2")],
           "sort the names inside each group: expected [('r1', 'r2')]")
    late, early = ["x"], ["y"]
    ensure(fn({"z1": late, "z2": late, "a1": early, "a2": early}) == [("a1", "a2"), ("z1", "z2")],
           "sort the groups too: {'z1': x, 'z2': x, 'a1': y, 'a2': y} should give "
           "[('a1', 'a2'), ('z1', 'z2')]")
