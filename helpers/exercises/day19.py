"""Exercises for Day 19 – JSON, APIs & HTTP Fundamentals."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from helpers.exercises import ExerciseFailure, ExerciseSet, ensure

exercises = ExerciseSet("Day 19")
check, hint, solution = exercises.check, exercises.hint, exercises.solution


@dataclass(frozen=True)
class Product:
    """A catalogue product after validation (used by exercise 3)."""

    sku: str
    price: Decimal
    stock: int
    tags: tuple[str, ...] = ()


# -- reference solutions ----------------------------------------------------

def encode_for_api(obj: Any) -> Any:
    """json.dumps default= hook: ISO dates, exact decimals, sorted sets."""
    if isinstance(obj, datetime):  # before date: every datetime is also a date
        if obj.tzinfo is None or obj.utcoffset() is None:
            raise ValueError(f"naive datetime {obj.isoformat()}: attach a time zone first")
        return obj.isoformat()
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, set | frozenset):
        return sorted(obj)
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def describe_json_error(text: str) -> str | None:
    """None for valid JSON; else 'line L, column C: msg', the line, and a caret."""
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        line = text.split("\n")[err.lineno - 1]  # json counts lines by "\n" only
        return f"line {err.lineno}, column {err.colno}: {err.msg}\n{line}\n" \
               f"{' ' * (err.colno - 1)}^"
    return None


def parse_product(payload: Any) -> Product:
    """Return a validated Product, or raise ValueError naming every problem."""
    if not isinstance(payload, dict):
        raise ValueError(f"a product must be a JSON object, got {type(payload).__name__}")
    problems = []
    sku: Any = payload.get("sku")
    if not isinstance(sku, str) or not sku.strip():
        problems.append("sku must be a non-blank string")
    raw_price = payload.get("price")
    price = Decimal(0)
    if not isinstance(raw_price, str):
        problems.append(f"price must be a decimal string such as \"19.99\", got {raw_price!r}")
    else:
        try:
            price = Decimal(raw_price)
        except InvalidOperation:
            problems.append(f"price {raw_price!r} is not a decimal number")
        else:
            if not price.is_finite() or price < 0:
                problems.append(f"price must be a finite amount >= 0, got {raw_price!r}")
    stock: Any = payload.get("stock")
    if type(stock) is not int or stock < 0:
        problems.append(f"stock must be an integer >= 0, got {stock!r}")
    tags = payload.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.append(f"tags must be a list of strings, got {tags!r}")
    if problems:
        raise ValueError("; ".join(problems))
    return Product(sku, price, stock, tuple(tags))


# -- checks -----------------------------------------------------------------

def _dumps(fn: Any, value: Any) -> str:
    return json.dumps(value, default=fn)


@exercises.add(1, "a default= hook for a public API", solution=encode_for_api, hint="""
    Test isinstance(obj, datetime) before isinstance(obj, date): a datetime is a date too.
    A datetime is naive when obj.tzinfo is None. Return obj.isoformat() for both date
    types, str(obj) for a Decimal, sorted(obj) for a set or frozenset, and finish with
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable").
""")
def _check_1(fn: Any) -> None:
    cases: list[tuple[Any, str]] = [
        (datetime(2024, 3, 1, 9, 30, tzinfo=UTC), '"2024-03-01T09:30:00+00:00"'),
        (datetime(2024, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=2))),
         '"2024-03-01T09:30:00+02:00"'),
        (date(2024, 3, 31), '"2024-03-31"'),
        (Decimal("19.99"), '"19.99"'),
        (Decimal("0.10"), '"0.10"'),
        ({"b", "c", "a"}, '["a", "b", "c"]'),
        (frozenset({3, 1, 2}), "[1, 2, 3]"),
        ({"total": Decimal("2.50"), "tags": {"y", "x"}, "n": 1},
         '{"total": "2.50", "tags": ["x", "y"], "n": 1}'),
    ]
    for value, expected in cases:
        got = _dumps(fn, value)
        ensure(got == expected, f"json.dumps({value!r}, default=...) should give {expected}, "
                                f"got {got}")
    try:
        got = _dumps(fn, datetime(2024, 3, 1, 9, 30))
    except ValueError:
        pass
    else:
        raise ExerciseFailure(f"a naive datetime should raise ValueError, but gave {got}")
    for odd in (complex(1, 2), object(), b"bytes"):
        try:
            got = _dumps(fn, odd)
        except TypeError as exc:
            ensure(type(odd).__name__ in str(exc),
                   f"the TypeError for a {type(odd).__name__} should name the type: {exc}")
        else:
            raise ExerciseFailure(f"a {type(odd).__name__} should raise TypeError, got {got}")


@exercises.add(2, "point at the broken character", solution=describe_json_error, hint="""
    Catch json.JSONDecodeError as err and use err.lineno, err.colno and err.msg. Take the
    line with text.split("\\n")[err.lineno - 1]: split on "\\n" (json counts lines that
    way) also gives you an empty last line when the text ends with a newline, where
    splitlines() would give none. The caret line is " " * (err.colno - 1) + "^".
""")
def _check_2(fn: Any) -> None:
    for valid in ('{"a": 1}', "[]", '  "x"  ', "null", "0"):
        got = fn(valid)
        ensure(got is None, f"{valid!r} is valid JSON: expected None, got {got!r}")
    cases = [
        ('{"a": 1 "b": 2}', "line 1, column 9: Expecting ',' delimiter\n"
                            '{"a": 1 "b": 2}\n        ^'),
        ("", "line 1, column 1: Expecting value\n\n^"),
        ('{\n  "a": 1\n  "b": 2\n}', "line 3, column 3: Expecting ',' delimiter\n"
                                    '  "b": 2\n  ^'),
        ("[1, 2", "line 1, column 6: Expecting ',' delimiter\n[1, 2\n     ^"),
        ("[1,\n", "line 2, column 1: Expecting value\n\n^"),
        ("{'name': 'Ada'}", "line 1, column 2: Expecting property name enclosed in double "
                            "quotes\n{'name': 'Ada'}\n ^"),
    ]
    # Python 3.13 reports a trailing comma differently (gh-113149): another message, and a
    # column on the comma instead of the brace after it. Expect what the running json says.
    trailing = '{"a": 1,}'
    try:
        json.loads(trailing)
    except json.JSONDecodeError as err:
        cases.append((trailing, f"line 1, column {err.colno}: {err.msg}\n{trailing}\n"
                                f"{' ' * (err.colno - 1)}^"))
    else:
        raise AssertionError(f"json accepted {trailing!r}")
    for text, expected in cases:
        got = fn(text)
        ensure(got == expected, f"for {text!r} expected\n{expected}\n--- but got ---\n{got}")


def _expect_problem(fn: Any, payload: Any, *fields: str) -> None:
    try:
        got = fn(payload)
    except ValueError as exc:
        for field in fields:
            ensure(field in str(exc), f"for {payload!r} the message should mention {field!r}: "
                                      f"{exc}")
        return
    raise ExerciseFailure(f"{payload!r} should raise ValueError, but returned {got!r}")


@exercises.add(3, "a validated Product", solution=parse_product, hint="""
    Start with `if not isinstance(payload, dict): raise ValueError(...)`, then check each
    field with payload.get(...) and append a message to a `problems` list instead of
    raising at once. For the price: isinstance(raw, str), then Decimal(raw) inside
    try/except decimal.InvalidOperation, then price.is_finite() and price >= 0. For the
    stock use type(stock) is int, because isinstance(True, int) is True. At the end,
    raise ValueError("; ".join(problems)) if there are any.
""")
def _check_3(fn: Any) -> None:
    good = {"sku": "A-100", "price": "19.99", "stock": 3, "tags": ["new", "sale"], "colour": "red"}
    got = fn(good)
    ensure(isinstance(got, Product), f"return an ex.Product, got {type(got).__name__}")
    ensure(got == Product("A-100", Decimal("19.99"), 3, ("new", "sale")),
           f"expected Product('A-100', Decimal('19.99'), 3, ('new', 'sale')), got {got!r}")
    ensure(type(got.price) is Decimal and type(got.tags) is tuple,
           "price must be a Decimal and tags a tuple")
    got = fn({"sku": "B-1", "price": "0", "stock": 0})
    ensure(got == Product("B-1", Decimal("0"), 0, ()),
           f"a free product with no stock and no tags is valid; got {got!r}")
    _expect_problem(fn, {"sku": "A", "price": 19.99, "stock": 1}, "price")
    _expect_problem(fn, {"sku": "A", "price": "abc", "stock": 1}, "price")
    _expect_problem(fn, {"sku": "A", "price": "-1", "stock": 1}, "price")
    _expect_problem(fn, {"sku": "A", "price": "NaN", "stock": 1}, "price")
    _expect_problem(fn, {"sku": "A", "price": "Infinity", "stock": 1}, "price")
    _expect_problem(fn, {"sku": "A", "price": "1", "stock": True}, "stock")
    _expect_problem(fn, {"sku": "A", "price": "1", "stock": -1}, "stock")
    _expect_problem(fn, {"sku": "A", "price": "1", "stock": "3"}, "stock")
    _expect_problem(fn, {"sku": "  ", "price": "1", "stock": 1}, "sku")
    _expect_problem(fn, {"price": "1", "stock": 1}, "sku")
    _expect_problem(fn, {"sku": "A", "price": "1", "stock": 1, "tags": "new"}, "tags")
    _expect_problem(fn, {"sku": "A", "price": "1", "stock": 1, "tags": ["a", 1]}, "tags")
    _expect_problem(fn, ["A-100", "19.99", 3])
    _expect_problem(fn, "A-100")
    _expect_problem(fn, {"sku": "", "price": 1.5, "stock": -2}, "sku", "price", "stock")
    try:
        fn({"sku": "", "price": 1.5, "stock": -2})
    except ValueError as exc:
        ensure(str(exc).count("; ") >= 2,
               f"report every problem at once, separated by '; ': {exc}")
