"""Exercises for Day 09 – Data Validation & Serialization."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from helpers.exercises import ExerciseFailure, ExerciseSet, ensure

exercises = ExerciseSet("Day 09")
check, hint, solution = exercises.check, exercises.hint, exercises.solution


# -- 1 ---------------------------------------------------------------------------------------
def parse_age(raw: object) -> int:
    """Return raw as an int from 18 to 150; raise ValueError for anything else."""
    if isinstance(raw, bool):
        raise ValueError("age must be a whole number, not a bool")
    if isinstance(raw, str):
        text = raw.strip()
        if not re.fullmatch(r"[0-9]{1,9}", text):
            raise ValueError("age must be written with the digits 0-9")
        raw = int(text)
    if not isinstance(raw, int):
        raise ValueError(f"age must be a whole number, got {type(raw).__name__}")
    if not 18 <= raw <= 150:
        raise ValueError("age must be from 18 to 150")
    return raw


def _outcome(fn: Callable[[object], object], raw: object) -> tuple[str, object]:
    try:
        return "ok", fn(raw)
    except ValueError as exc:
        return "ValueError", str(exc)


@exercises.add(1, "a strict age parser", solution=parse_age, hint="""
    Order matters: True is an int to Python, so look for a bool before you accept an int.
    For strings, neither str.isdigit() nor int() is strict enough (think of "٣٠", "1_000",
    "+30"); decide which characters you accept and check the whole string against them.
""")
def _check_1(fn: Callable[[object], object]) -> None:
    accepted = [(18, 18), (150, 150), (36, 36), ("36", 36), (" 42\n", 42), ("0018", 18)]
    for raw, expected in accepted:
        kind, value = _outcome(fn, raw)
        ensure(kind == "ok", f"parse_age({raw!r}) raised ValueError({value!r}); expected "
                             f"{expected!r}")
        ensure(type(value) is int and value == expected,
               f"parse_age({raw!r}) returned {value!r} ({type(value).__name__}); expected the "
               f"int {expected!r}")
    rejected = [True, False, 30.0, 30.5, math.nan, math.inf, -1, 0, 17, 151, 10**20, "",
                "   ", "thirty", "30.0", "-30", "+30", "1_000", "٣٠", "3 0", None, [30],
                {"age": 30}, Decimal(30), "0000000036"]
    for raw in rejected:
        try:
            kind, value = _outcome(fn, raw)
        except NotImplementedError:
            raise
        except Exception as exc:
            raise ExerciseFailure(f"parse_age({raw!r}) raised {type(exc).__name__}, "
                                 "expected ValueError") from None
        ensure(kind == "ValueError",
               f"parse_age({raw!r}) returned {value!r}; it must raise ValueError")


# -- 2 ---------------------------------------------------------------------------------------
SIGNUP_FIELDS = ("email", "age")


def validate_signup(data: object) -> dict[str, str]:
    """Every problem with a signup body, as {field: message}; {} when it is valid."""
    if not isinstance(data, Mapping):
        return {"body": f"must be a JSON object, got {type(data).__name__}"}
    errors: dict[str, str] = {}
    for name in SIGNUP_FIELDS:
        if name not in data:
            errors[name] = "is required"
    for key in data:
        if key not in SIGNUP_FIELDS:
            errors[str(key)] = "is not an accepted field"
    if "email" in data:
        email = data["email"]
        if not isinstance(email, str) or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+",
                                                           email.strip()):
            errors["email"] = "is not a valid email address"
    if "age" in data:
        try:
            parse_age(data["age"])
        except ValueError as exc:
            errors["age"] = str(exc)
    return errors


@exercises.add(2, "report every problem at once", solution=validate_signup, hint="""
    Collect instead of raising: each check adds an entry to a dict you return at the end.
    A field that is missing cannot also be invalid. Your parse_age from exercise 1 already
    knows the age rules; its ValueError carries a message you can keep.
""")
def _check_2(fn: Callable[[object], object]) -> None:
    cases: list[tuple[object, set[str]]] = [
        ({"email": "ada@example.com", "age": 36}, set()),
        ({"email": "  Ada@Example.com ", "age": "36"}, set()),
        ({"email": "ada.example.com", "age": 17}, {"email", "age"}),
        ({"email": "ada@localhost", "age": 36}, {"email"}),
        ({"email": "a@b@c.com", "age": 36}, {"email"}),
        ({"email": "ada.lovelace@localhost", "age": 36}, {"email"}),  # the dot is not in the domain
        ({"email": "ada@example.com", "age": 36, "is_admin": True}, {"is_admin"}),
        ({"age": True, "role": "admin", "plan": "pro"}, {"email", "age", "role", "plan"}),
        ({}, {"email", "age"}),
        ({"email": None, "age": None}, {"email", "age"}),
        (["ada@example.com", 36], {"body"}),
        (None, {"body"}),
    ]
    for data, fields in cases:
        try:
            result = fn(data)
        except NotImplementedError:
            raise
        except Exception as exc:
            raise ExerciseFailure(f"validate_signup({data!r}) raised {type(exc).__name__}: "
                                 f"{exc}; it must return the problems, not raise") from None
        ensure(isinstance(result, dict), f"validate_signup({data!r}) returned "
                                         f"{type(result).__name__}, expected a dict")
        assert isinstance(result, dict)
        ensure(set(result) == fields, f"validate_signup({data!r}) reported fields "
                                      f"{sorted(result)}, expected {sorted(fields)}")
        for field, message in result.items():
            ensure(isinstance(message, str) and message.strip(),
                   f"the message for {field!r} must be a non-empty string, got {message!r}")


# -- 3 ---------------------------------------------------------------------------------------
def to_json_safe(value: object) -> object:
    """A copy of value made only of dict/list/str/int/float/bool/None, ready for json.dumps."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no JSON form")
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value!r} has no JSON form")
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("a naive datetime is ambiguous: attach a time zone")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        result: dict[str, object] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys must be str, got {type(key).__name__}")
            result[key] = to_json_safe(item)
        return result
    if isinstance(value, list | tuple):
        return [to_json_safe(item) for item in value]
    if isinstance(value, set | frozenset):
        return [to_json_safe(item) for item in sorted(value)]
    raise TypeError(f"{type(value).__name__} has no JSON form")


@exercises.add(3, "make any payload JSON-safe", solution=to_json_safe, hint="""
    One branch per type, and call yourself on the items of containers. Watch the order of
    the isinstance tests: a datetime is also a date. math.isfinite and Decimal.is_finite
    tell you which numbers have no JSON form.
""")
def _check_3(fn: Callable[[object], object]) -> None:
    stamp = datetime(2024, 2, 29, 12, 30, tzinfo=UTC)
    paris = datetime(2024, 2, 29, 13, 30, tzinfo=timezone(timedelta(hours=1)))
    payload: dict[str, Any] = {
        "id": 7, "name": "Ada", "active": True, "score": 9.5, "note": None,
        "price": Decimal("19.99"), "created": stamp, "local": paris,
        "birthday": date(1815, 12, 10), "tags": {"b", "a", "c"},
        "ids": {8, 1, 2},  # small ints iterate as 8, 1, 2 whatever the hash seed
        "point": (1, Decimal("2.5")),
        "items": [{"sku": "x", "qty": Decimal("2")}], "empty": {},
    }
    before = repr(payload)
    result = fn(payload)
    ensure(repr(payload) == before, "the input was changed: build new containers instead")
    expected = {
        "id": 7, "name": "Ada", "active": True, "score": 9.5, "note": None,
        "price": "19.99", "created": "2024-02-29T12:30:00+00:00",
        "local": "2024-02-29T13:30:00+01:00", "birthday": "1815-12-10",
        "tags": ["a", "b", "c"], "ids": [1, 2, 8], "point": [1, "2.5"],
        "items": [{"sku": "x", "qty": "2"}],
        "empty": {},
    }
    ensure(isinstance(result, dict), f"expected a dict back, got {type(result).__name__}")
    assert isinstance(result, dict)
    for key, want in expected.items():
        ensure(key in result, f"the key {key!r} is missing from the result")
        got = result[key]
        ensure(got == want and type(got) is type(want),
               f"{key!r}: expected {want!r} ({type(want).__name__}), got {got!r} "
               f"({type(got).__name__})")
    ensure(json.loads(json.dumps(result, allow_nan=False)) == expected,
           "the result does not survive a json.dumps/json.loads round trip unchanged")
    ensure(fn([]) == [] and fn("x") == "x" and fn(None) is None, "plain values must pass through")
    bad: list[tuple[object, type[Exception]]] = [
        (math.nan, ValueError), ({"x": [math.inf]}, ValueError), (-math.inf, ValueError),
        (Decimal("NaN"), ValueError), (Decimal("Infinity"), ValueError),
        (datetime(2024, 1, 1), ValueError), ({1: "one"}, TypeError), (object(), TypeError),
        ({"blob": b"bytes"}, TypeError), ([1, {"deep": {2j}}], TypeError),
    ]
    for value, error in bad:
        try:
            got = fn(value)
        except error:
            continue
        except NotImplementedError:
            raise
        except Exception as exc:
            raise ExerciseFailure(f"to_json_safe({value!r}) raised {type(exc).__name__}, "
                                 f"expected {error.__name__}") from None
        raise ExerciseFailure(f"to_json_safe({value!r}) returned {got!r}; expected "
                             f"{error.__name__}")
