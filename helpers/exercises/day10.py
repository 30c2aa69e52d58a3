"""Exercises for Day 10 – Testing Strategy.

A test is only as good as the bugs it catches. Each check here runs the learner's
test (or test cases) against a correct implementation, which must pass, and against
"mutants": copies with one realistic bug each, every one of which must be caught.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from helpers.exercises import ExerciseFailure, ExerciseSet, ensure

exercises = ExerciseSet("Day 10")
check, hint, solution = exercises.check, exercises.hint, exercises.solution


def _run_test(test: Callable[..., object], *args: object) -> str | None:
    """None if the test passed, else a short description of how it failed."""
    try:
        test(*args)
    except NotImplementedError:
        raise
    except AssertionError as exc:
        return f"AssertionError: {exc}" if str(exc) else "AssertionError"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _kill_all(test: Callable[..., object], correct: tuple[object, ...],
              mutants: dict[str, tuple[object, ...]]) -> None:
    failure = _run_test(test, *correct)
    ensure(failure is None, f"your test fails on a correct implementation ({failure}): "
                            "a test must pass when the code is right")
    survivors = [name for name, args in mutants.items() if _run_test(test, *args) is None]
    ensure(not survivors, "these buggy versions pass your test: " + "; ".join(survivors))


# -- 1 ---------------------------------------------------------------------------------------
# The policy is Day 09's: trim the whitespace around the address and lowercase the domain
# only. RFC 5321 (section 2.4) makes domains case-insensitive but tells mail software to
# preserve the case of the local part, so "Ada@Example.COM" becomes "Ada@example.com".
def _lower_domain(email: str) -> str:
    local, at, domain = email.rpartition("@")
    return f"{local}{at}{domain.lower()}"


def _lower_local(email: str) -> str:
    local, at, domain = email.rpartition("@")
    return f"{local.lower()}{at}{domain}"


def _correct_email(raw: str) -> str:
    return _lower_domain(raw.strip())


EMAIL_MUTANTS: dict[str, Callable[[str], str]] = {
    "lowercases the whole address, losing a case-sensitive local part":
        lambda raw: raw.strip().lower(),
    "forgets to lowercase the domain": lambda raw: raw.strip(),
    "lowercases the local part instead of the domain": lambda raw: _lower_local(raw.strip()),
    "forgets to strip": _lower_domain,
    "strips only the right end": lambda raw: _lower_domain(raw.rstrip()),
    "strips spaces but not tabs or newlines": lambda raw: _lower_domain(raw.strip(" ")),
    "returns the input unchanged": lambda raw: raw,
}


def test_normalise_email(normalise_email: Callable[[str], str]) -> None:
    """Fail (with assert) unless normalise_email trims and lowercases only the domain."""
    assert normalise_email("ada@example.com") == "ada@example.com"
    assert normalise_email("Ada.Lovelace@Example.COM") == "Ada.Lovelace@example.com"
    assert normalise_email("  ada@example.com  ") == "ada@example.com"
    assert normalise_email("\tAda@Example.com\n") == "Ada@example.com"


@exercises.add(1, "a test that catches email bugs", solution=test_normalise_email, hint="""
    Assert on inputs that differ from the output in each way a bug could show: capitals
    on both sides of the @ (only the domain's may change), spaces on both ends, and
    whitespace that is not a space (a tab, a newline). A test must pass on correct code,
    so assert only what the rule promises, and expect the local part exactly as typed.
""")
def _check_1(test: Callable[[Callable[[str], str]], object]) -> None:
    _kill_all(test, (_correct_email,), {name: (m,) for name, m in EMAIL_MUTANTS.items()})


# -- 2 ---------------------------------------------------------------------------------------
def _correct_age(raw: object) -> int:
    return _age_between(raw, 18, 150)


def _age_between(raw: object, low: int, high: int) -> int:
    """The course's age rule with its bounds as parameters, for the range mutants."""
    if isinstance(raw, bool):
        raise ValueError("bool")
    if isinstance(raw, str):
        if not re.fullmatch(r"[0-9]{1,9}", raw.strip()):
            raise ValueError("digits")
        raw = int(raw.strip())
    if not isinstance(raw, int):
        raise ValueError("type")
    if not low <= raw <= high:
        raise ValueError("range")
    return raw


def _mutant_whole_float(raw: object) -> int:
    if isinstance(raw, float) and raw.is_integer():
        return _correct_age(int(raw))
    return _correct_age(raw)


def _mutant_float(raw: object) -> int:
    if isinstance(raw, float) and math.isfinite(raw):
        return _correct_age(int(raw))
    return _correct_age(raw)


def _mutant_isdigit(raw: object) -> int:
    if isinstance(raw, str) and raw.strip().isdigit():
        return _correct_age(int(raw.strip()))
    return _correct_age(raw)


def _mutant_int_string(raw: object) -> int:
    if isinstance(raw, str):
        try:
            return _correct_age(int(raw))
        except ValueError:
            pass
    return _correct_age(raw)


def _mutant_no_minimum(raw: object) -> int:
    return _age_between(raw, -10**9, 150)  # for ints and digit strings alike


def _mutant_no_maximum(raw: object) -> int:
    return _age_between(raw, 18, 10**9)


def _mutant_none_is_zero(raw: object) -> int:
    return 18 if raw is None else _correct_age(raw)


AGE_MUTANTS: dict[str, Callable[[object], int]] = {
    "truncates floats": _mutant_float,
    "accepts floats with no fraction": _mutant_whole_float,
    "trusts str.isdigit()": _mutant_isdigit,
    "parses strings with int()": _mutant_int_string,
    "has no minimum age": _mutant_no_minimum,
    "has no maximum age": _mutant_no_maximum,
    "turns None into a default": _mutant_none_is_zero,
}


def bad_ages() -> list[object]:
    """Raw age values that a correct parser must reject."""
    return [30.5, 30.0, "٣٠", "1_8", " +30", 17, -1, 151, None, True]


@exercises.add(2, "failure cases that catch every bug", solution=bad_ages, hint="""
    Read the rule one clause at a time and ask, for each, how a parser could get it almost
    right: which types besides int might slip through, which strings int() or str.isdigit()
    accept that are not plain ASCII digits, where exactly the range ends on both sides, and
    what a lazy parser might do with a missing value. One value per way of being wrong.
    Every value must be invalid: a valid one would make the test fail on correct code.
""")
def _check_2(cases_fn: Callable[[], object]) -> None:
    cases = cases_fn()
    ensure(isinstance(cases, list), f"bad_ages() must return a list, got {type(cases).__name__}")
    assert isinstance(cases, list)
    ensure(cases, "the list is empty: a parametrized test with no cases tests nothing")
    for raw in cases:
        try:
            value = _correct_age(raw)
        except ValueError:
            continue
        raise ExerciseFailure(f"{raw!r} is a valid age (a correct parser returns {value!r}); "
                              "a failure case must be invalid")

    def parametrized_test(parse: Callable[[object], int]) -> None:
        for raw in cases:
            try:
                parse(raw)
            except ValueError:
                continue
            raise AssertionError(f"{raw!r} was accepted")

    _kill_all(parametrized_test, (_correct_age,), {n: (m,) for n, m in AGE_MUTANTS.items()})


# -- 3 ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SampleUser:
    """The user handed to your test: three public fields and one secret."""

    username: str
    email: str
    age: int
    password_hash: str


SAMPLE = SampleUser("ada_l", "ada@example.com", 36, "scrypt$5a1t$d1635t")


def _correct_serialize(user: SampleUser) -> dict[str, object]:
    return {"username": user.username, "email": user.email, "age": user.age}


SERIALIZER_MUTANTS: dict[str, Callable[[SampleUser], object]] = {
    "leaks password_hash": lambda u: {**_correct_serialize(u), "password_hash": u.password_hash},
    "leaks the secret under another name": lambda u: {**_correct_serialize(u),
                                                      "token": u.password_hash},
    "mixes up email and password_hash": lambda u: {"username": u.username,
                                                   "email": u.password_hash, "age": u.age},
    "drops age": lambda u: {"username": u.username, "email": u.email},
    "adds an internal flag": lambda u: {**_correct_serialize(u), "is_admin": False},
    "returns age as a Decimal": lambda u: {**_correct_serialize(u), "age": Decimal(u.age)},
    "returns JSON text instead of a dict": lambda u: json.dumps(_correct_serialize(u)),
    "returns the fields as a list of pairs": lambda u: list(_correct_serialize(u).items()),
}


def test_public_output(serialize: Callable[[SampleUser], object], user: SampleUser) -> None:
    """Fail (with assert) unless serialize(user) is safe, approved-only, JSON-ready output."""
    output = serialize(user)
    assert isinstance(output, dict)
    assert set(output) == {"username", "email", "age"}
    text = json.dumps(output)
    assert json.loads(text) == output
    assert user.password_hash not in text


@exercises.add(3, "a test that guards the serializer", solution=test_public_output, hint="""
    Think like the mutants. Which ones return the wrong kind of object? Which keep the
    right keys but put a wrong value, or a wrong type, behind one? Which hide the secret
    under a key you never thought to check? Which add a key, or lose one? Then ask what a
    client does with the output, and make your test do the same.
""")
def _check_3(test: Callable[[Callable[[SampleUser], object], SampleUser], object]) -> None:
    _kill_all(test, (_correct_serialize, SAMPLE),
              {name: (m, SAMPLE) for name, m in SERIALIZER_MUTANTS.items()})
