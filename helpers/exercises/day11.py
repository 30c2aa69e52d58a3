"""Exercises for Day 11 – Type Hints & Static Thinking."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Literal

from helpers.exercises import ExerciseFailure, ExerciseSet, ensure

exercises = ExerciseSet("Day 11")
check, hint, solution = exercises.check, exercises.hint, exercises.solution

CENT = Decimal("0.01")


def _expect_error(fn: Callable[..., object], args: tuple[object, ...],
                  errors: tuple[type[Exception], ...], call: str) -> None:
    names = " or ".join(e.__name__ for e in errors)
    try:
        got = fn(*args)
    except errors:
        return
    except NotImplementedError:
        raise
    except Exception as exc:
        raise ExerciseFailure(f"{call} raised {type(exc).__name__}: {exc}; expected "
                              f"{names}") from None
    raise ExerciseFailure(f"{call} returned {got!r}; expected {names}")


def _is_cents(value: object) -> bool:
    return isinstance(value, Decimal) and value.as_tuple().exponent == -2


# -- 1 ---------------------------------------------------------------------------------------
def parse_money(raw: object) -> Decimal:
    """Untrusted input in, an exact amount with two decimal places out (or ValueError)."""
    if isinstance(raw, bool) or isinstance(raw, float):
        raise ValueError(f"money must not be a {type(raw).__name__}")
    if isinstance(raw, int):
        amount = Decimal(raw)
    elif isinstance(raw, Decimal):
        amount = raw
    elif isinstance(raw, str) and re.fullmatch(r"[0-9]+(\.[0-9]{1,2})?", raw.strip()):
        amount = Decimal(raw.strip())
    else:
        raise ValueError("money must be written like 19.99")
    if not amount.is_finite() or amount < 0:
        raise ValueError("money must be a finite amount, zero or more")
    if amount != amount.quantize(CENT, rounding=ROUND_DOWN):
        raise ValueError("money has at most two decimal places")
    return amount.quantize(CENT)


@exercises.add(1, "parse untrusted money", solution=parse_money, hint="""
    Refuse bool and float first (bool before anything numeric). Turn an int into
    Decimal(raw); keep a Decimal as it is; accept a str only if, stripped, it matches
    re.fullmatch(r"[0-9]+(\\.[0-9]{1,2})?", ...). Then refuse NaN and infinities
    (amount.is_finite()), negatives, and more than two decimal places, and finish with
    amount.quantize(Decimal("0.01")) so every result has exactly two places.
""")
def _check_1(fn: Callable[[object], object]) -> None:
    good: list[tuple[object, str]] = [
        ("19.99", "19.99"), ("5", "5.00"), ("0", "0.00"), (" 7.5 ", "7.50"), ("0.05", "0.05"),
        (7, "7.00"), (0, "0.00"), (Decimal("2.5"), "2.50"), (Decimal("1.10"), "1.10"),
        ("1000000.00", "1000000.00"),
    ]
    for raw, expected in good:
        got = fn(raw)
        ensure(isinstance(got, Decimal), f"parse_money({raw!r}) returned {type(got).__name__}, "
                                         "expected a Decimal")
        ensure(str(got) == expected, f"parse_money({raw!r}) returned {got!r}; expected "
                                     f"Decimal('{expected}') (exactly two decimal places)")
    bad: list[object] = [19.99, 5.0, True, False, None, "", "abc", "1.999", "-5", "+5",
                         "1e3", ".5", "5.", "1,50", "NaN", "Infinity", Decimal("NaN"),
                         Decimal("-0.01"), Decimal("1.001"), Decimal("Infinity"), -1, [5]]
    for raw in bad:
        _expect_error(fn, (raw,), (ValueError,), f"parse_money({raw!r})")


# -- 2 ---------------------------------------------------------------------------------------
def split_bill(total: Decimal, people: int) -> list[Decimal]:
    """Shares in whole cents that add up to total exactly, largest first."""
    if not isinstance(total, Decimal):
        raise TypeError(f"total must be a Decimal, got {type(total).__name__}")
    if isinstance(people, bool) or not isinstance(people, int):
        raise TypeError(f"people must be an int, got {type(people).__name__}")
    if people < 1:
        raise ValueError("people must be at least 1")
    if not total.is_finite() or total < 0 or total != total.quantize(CENT):
        raise ValueError("total must be a finite amount in whole cents, zero or more")
    cents = int(total * 100)
    base, extra = divmod(cents, people)
    return [(Decimal(base + (1 if i < extra else 0)) / 100).quantize(CENT)
            for i in range(people)]


@exercises.add(2, "split a bill to the cent", solution=split_bill, hint="""
    Work in whole cents: cents = int(total * 100). divmod(cents, people) gives each share's
    base and how many shares get one cent more; give those to the first shares. Turn cents
    back with (Decimal(n) / 100).quantize(Decimal("0.01")). Check the types (TypeError) and
    values (ValueError) first: people is an int but not a bool, total a finite Decimal in
    whole cents, zero or more.
""")
def _check_2(fn: Callable[[object, object], object]) -> None:
    cases: list[tuple[str, int, list[str]]] = [
        ("100.00", 3, ["33.34", "33.33", "33.33"]),
        ("10", 4, ["2.50", "2.50", "2.50", "2.50"]),
        ("0.01", 3, ["0.01", "0.00", "0.00"]),
        ("0", 2, ["0.00", "0.00"]),
        ("49.99", 1, ["49.99"]),
        ("1.00", 7, ["0.15", "0.15", "0.14", "0.14", "0.14", "0.14", "0.14"]),
    ]
    for total, people, expected in cases:
        got = fn(Decimal(total), people)
        call = f"split_bill(Decimal('{total}'), {people})"
        ensure(isinstance(got, list), f"{call} returned {type(got).__name__}, expected a list")
        assert isinstance(got, list)
        ensure(all(_is_cents(share) for share in got),
               f"{call} returned {got!r}: every share must be a Decimal with two places")
        ensure([str(share) for share in got] == expected,
               f"{call} returned {[str(s) for s in got]}; expected {expected}")
    for cents in (1, 99, 1000, 12345, 99999):
        amount = Decimal(cents) / 100
        for people in (1, 2, 3, 7, 13):
            shares = fn(amount, people)
            assert isinstance(shares, list)
            ensure(sum(shares, Decimal(0)) == amount,
                   f"split_bill({amount!r}, {people}) shares add up to "
                   f"{sum(shares, Decimal(0))}, not {amount}")
            ensure(max(shares) - min(shares) <= CENT,
                   f"split_bill({amount!r}, {people}) shares differ by more than a cent")
    for args, error in [((49.99, 2), TypeError), ((Decimal("10"), 2.0), TypeError),
                        ((Decimal("10"), True), TypeError), (("10", 2), TypeError),
                        ((Decimal("10"), 0), ValueError), ((Decimal("10"), -3), ValueError),
                        ((Decimal("-1.00"), 2), ValueError), ((Decimal("1.005"), 2), ValueError),
                        ((Decimal("NaN"), 2), ValueError)]:
        _expect_error(fn, args, (error,), f"split_bill{args!r}")


# -- 3 ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LoginEvent:
    user_id: int
    method: Literal["password", "sso"]


@dataclass(frozen=True)
class LogoutEvent:
    user_id: int
    reason: Literal["user", "timeout"]


Event = LoginEvent | LogoutEvent


def parse_event(raw: object) -> LoginEvent | LogoutEvent:
    """Untrusted JSON in, a trusted event out; ValueError for anything else."""
    if not isinstance(raw, Mapping):
        raise ValueError("an event must be a JSON object")
    kind = raw.get("type")
    if kind == "login":
        if set(raw) != {"type", "user_id", "method"}:
            raise ValueError("a login event has exactly: type, user_id, method")
        method = raw["method"]
        if method == "password" or method == "sso":
            return LoginEvent(_user_id(raw["user_id"]), method)
        raise ValueError("method must be 'password' or 'sso'")
    if kind == "logout":
        if set(raw) != {"type", "user_id", "reason"}:
            raise ValueError("a logout event has exactly: type, user_id, reason")
        reason = raw["reason"]
        if reason == "user" or reason == "timeout":
            return LogoutEvent(_user_id(raw["user_id"]), reason)
        raise ValueError("reason must be 'user' or 'timeout'")
    raise ValueError("type must be 'login' or 'logout'")


def _user_id(raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise ValueError("user_id must be a positive whole number")
    return raw


@exercises.add(3, "a tagged union from untrusted JSON", solution=parse_event, hint="""
    Check isinstance(raw, dict) first, then branch on raw.get("type"). In each branch
    compare set(raw) with the exact set of keys, check user_id (an int, not a bool, above 0)
    and compare the method or reason against its allowed strings, then build the dataclass.
    Anything else: raise ValueError.
""")
def _check_3(fn: Callable[[object], object]) -> None:
    good: list[tuple[dict[str, object], object]] = [
        ({"type": "login", "user_id": 7, "method": "sso"}, LoginEvent(7, "sso")),
        ({"type": "login", "user_id": 1, "method": "password"}, LoginEvent(1, "password")),
        ({"user_id": 3, "reason": "timeout", "type": "logout"}, LogoutEvent(3, "timeout")),
        ({"type": "logout", "user_id": 9, "reason": "user"}, LogoutEvent(9, "user")),
    ]
    for raw, expected in good:
        got = fn(raw)
        ensure(type(got) is type(expected) and got == expected,
               f"parse_event({raw!r}) returned {got!r}; expected {expected!r}")
    bad: list[object] = [
        None, [], "login", {"type": "signup", "user_id": 1},
        {"user_id": 7, "method": "sso"},
        {"type": "login", "user_id": 7},
        {"type": "login", "user_id": 7, "method": "sso", "admin": True},
        {"type": "login", "user_id": 7, "reason": "user"},
        {"type": "login", "user_id": 7, "method": "magic-link"},
        {"type": "login", "user_id": 7, "method": "SSO"},
        {"type": "login", "user_id": "7", "method": "sso"},
        {"type": "login", "user_id": True, "method": "sso"},
        {"type": "login", "user_id": 0, "method": "sso"},
        {"type": "login", "user_id": 7.0, "method": "sso"},
        {"type": "logout", "user_id": 3, "method": "sso"},
        {"type": "logout", "user_id": 3, "reason": "crash"},
        {"type": "LOGIN", "user_id": 7, "method": "sso"},
    ]
    for value in bad:
        _expect_error(fn, (value,), (ValueError,), f"parse_event({value!r})")
