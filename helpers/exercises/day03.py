"""Exercises for Day 03 – Functions as First-Class Objects."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from helpers.exercises import ExerciseSet, ensure, outcome

exercises = ExerciseSet("Day 03")
check, hint, solution = exercises.check, exercises.hint, exercises.solution

Rule = Callable[[Mapping[str, Any]], str | None]


# -- reference solutions ----------------------------------------------------

def pipeline(*steps: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Return one function that feeds a value through ``steps``, left to right."""
    for position, step in enumerate(steps):
        if not callable(step):
            raise TypeError(f"step {position} is not callable: {step!r}")

    def run(value: Any) -> Any:
        for step in steps:
            value = step(value)
        return value

    return run


def make_range_rule(field: str, low: float, high: float) -> Rule:
    """Return a rule that checks ``low <= data[field] <= high``."""

    def rule(data: Mapping[str, Any]) -> str | None:
        if field not in data:
            return f"{field} is missing"
        value = data[field]
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{field} must be a number"
        if not low <= value <= high:
            return f"{field} must be between {low} and {high}"
        return None

    return rule


def validate_all(data: Mapping[str, Any], rules: Sequence[Rule]) -> list[str]:
    """Run every rule on ``data`` and return their messages; a broken rule raises."""
    messages = []
    for rule in rules:
        message = rule(data)  # no try: a rule that raises is a bug, and must reach the caller
        if message is None:
            continue
        if not isinstance(message, str):
            raise TypeError(f"rule {rule.__name__} returned {message!r}, expected None or a str")
        messages.append(message)
    return messages


# -- checks -----------------------------------------------------------------

def _add_one(x: int) -> int:
    return x + 1


def _double(x: int) -> int:
    return x * 2


@exercises.add(1, "a pipeline of functions", solution=pipeline, hint="""
    Check every step with callable() before you define the inner function, so a bad
    step fails when the pipeline is built; enumerate() gives you the position for the
    message. The inner function loops over the steps and feeds each result into the
    next step. With no steps the loop does nothing and the value comes back unchanged.
""")
def _check_1(fn: Any) -> None:
    inc_then_double = fn(_add_one, _double)
    ensure(callable(inc_then_double), f"pipeline(...) must return a function, got "
           f"{type(inc_then_double).__name__}")
    ensure(inc_then_double(3) == 8, f"pipeline(add_one, double)(3) should be 8 (3+1, then *2), "
           f"got {inc_then_double(3)!r}")
    double_then_inc = fn(_double, _add_one)
    ensure(double_then_inc(3) == 7, f"pipeline(double, add_one)(3) should be 7 (3*2, then +1), "
           f"got {double_then_inc(3)!r}: are the steps applied left to right?")
    ensure(fn(str.strip, str.lower)("  HeLLo ") == "hello", "pipeline(str.strip, str.lower) "
           "should turn '  HeLLo ' into 'hello'")
    ensure(fn(_double)(5) == 10, "a pipeline of one step should just call that step")
    identity = fn()
    marker = object()
    ensure(identity(marker) is marker, "pipeline() with no steps should return its input "
           "unchanged (the very same object)")
    ensure(inc_then_double(0) == 2 and inc_then_double(3) == 8,
           "a pipeline must work when called many times")
    bad_pipelines = [
        ("pipeline(add_one, 42)", (_add_one, 42), "step 1 is not callable: 42"),
        ("pipeline(None)", (None,), "step 0 is not callable: None"),
        ("pipeline(add_one, double, 'x')", (_add_one, _double, "x"),
         "step 2 is not callable: 'x'"),
    ]
    for call, steps, expected in bad_pipelines:
        kind, result = outcome(fn, *steps)
        ensure(kind == "raised", f"{call} should raise TypeError when it is built, because "
               f"a step is not callable; it returned {type(result).__name__}")
        ensure(type(result) is TypeError, f"{call} should raise TypeError, got "
               f"{type(result).__name__}: {result}")
        ensure(str(result) == expected, f"{call}: expected the message {expected!r}, "
               f"got {str(result)!r}")


@exercises.add(2, "a validator factory", solution=make_range_rule, hint="""
    The factory only stores field, low and high; the inner rule(data) does the work.
    Test in this order: missing field, then type (exclude bool first, because
    isinstance(True, int) is True), then the range with low <= value <= high.
    Return None when the value is fine.
""")
def _check_2(fn: Any) -> None:
    age = fn("age", 18, 120)
    ensure(callable(age), f"make_range_rule(...) must return a function, got "
           f"{type(age).__name__}")
    ensure(age({"age": 30}) is None, f"a valid age should give None, got {age({'age': 30})!r}")
    ensure(age({"age": 18}) is None and age({"age": 120}) is None,
           "the bounds are inclusive: 18 and 120 are valid")
    ensure(age({"age": 17.5}) == "age must be between 18 and 120",
           f"17.5 is out of range; expected 'age must be between 18 and 120', "
           f"got {age({'age': 17.5})!r}")
    ensure(age({"age": 121}) == "age must be between 18 and 120",
           f"121 is out of range, got {age({'age': 121})!r}")
    ensure(age({}) == "age is missing", f"expected 'age is missing', got {age({})!r}")
    ensure(age({"age": "30"}) == "age must be a number",
           f"a string is not a number; expected 'age must be a number', got "
           f"{age({'age': '30'})!r}")
    ensure(age({"age": True}) == "age must be a number",
           "True is a bool, not an age: expected 'age must be a number'")
    for value in (3j, Fraction(30), Decimal("30")):
        kind, result = outcome(age, {"age": value})
        ensure(kind == "ok" and result == "age must be a number",
               f"only an int or a float counts as a number: {value!r} is a "
               f"{type(value).__name__}, so expected 'age must be a number', got "
               + (f"{type(result).__name__}: {result}" if kind == "raised" else repr(result)))
    ensure(age({"age": None}) == "age must be a number",
           f"the key 'age' is present, so it is not missing; its value None is not a number: "
           f"expected 'age must be a number', got {age({'age': None})!r}")
    nan = float("nan")  # json.loads('{"age": NaN}') gives this value
    ensure(age({"age": nan}) == "age must be between 18 and 120",
           f"nan is a float for which every <, <=, > and >= is False, so it is never between "
           f"18 and 120: expected 'age must be between 18 and 120', got {age({'age': nan})!r}")
    price = fn("price", 0, 10)
    ensure(price({"price": 10}) is None and price({"price": 11}) == "price must be between 0 "
           "and 10", "each rule must use its own field and bounds")
    ensure(age({"age": 50}) is None, "making a second rule must not change the first one")


def _always_ok(data: Mapping[str, Any]) -> str | None:
    return None


def _needs_name(data: Mapping[str, Any]) -> str | None:
    return None if data.get("name") else "name is required"


def _needs_email(data: Mapping[str, Any]) -> str | None:
    return None if "@" in str(data.get("email", "")) else "email is invalid"


def _empty_message(data: Mapping[str, Any]) -> str | None:
    return ""


def _broken_rule(data: Mapping[str, Any]) -> str | None:
    return "too short" if len(data["nickname"]) < 3 else None


def _broken_type_rule(data: Mapping[str, Any]) -> str | None:
    return "age is too long" if len(data["age"]) > 3 else None  # len() of an int: TypeError


def _counts_problems(data: Mapping[str, Any]) -> Any:
    return 0  # a number: neither None nor a message


def _returns_error(data: Mapping[str, Any]) -> Any:
    return ValueError("name is required")  # returned instead of raised: not a message


def _raised_in(error: BaseException, fn: Any) -> bool:
    """Whether ``fn``'s own frame is in the traceback: the very exception it raised."""
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code is fn.__code__:
            return True
        tb = tb.tb_next
    return False


def is_email(data: Mapping[str, Any]) -> bool:
    return "@" in str(data.get("email", ""))


def is_numeric(data: Mapping[str, Any]) -> bool:
    return str(data.get("pin", "")).isdigit()


@exercises.add(3, "run every rule, let a broken rule fail loudly", solution=validate_all,
               hint="""
    Loop over all the rules and never return early. Call each rule without any
    try/except: if it raises, that exception should simply travel on to the caller.
    Look at what each rule returned: skip None, keep a str, and for anything else
    raise TypeError, using rule.__name__ and the repr of the value in the message.
""")
def _check_3(fn: Any) -> None:
    good = {"name": "Ada", "email": "ada@example.com", "nickname": "ada"}
    ensure(fn(good, [_needs_name, _needs_email]) == [],
           f"valid data should give [], got {fn(good, [_needs_name, _needs_email])!r}")
    ensure(fn(good, []) == [], "no rules should give []")
    bad = {"name": "", "email": "nope"}
    result = fn(bad, [_needs_name, _always_ok, _needs_email])
    ensure(result == ["name is required", "email is invalid"],
           f"expected every failure in rule order, ['name is required', 'email is invalid'], "
           f"got {result!r}")
    reversed_result = fn(bad, [_needs_email, _needs_name])
    ensure(reversed_result == ["email is invalid", "name is required"],
           f"messages must follow the order of the rules, got {reversed_result!r}")

    with_empty = fn(bad, [_needs_name, _empty_message, _needs_email])
    ensure(with_empty == ["name is required", "", "email is invalid"],
           "_empty_message returns '', which is a str, not None: keep it (skip only None), "
           f"expected ['name is required', '', 'email is invalid'], got {with_empty!r}")

    kind, raised = outcome(fn, bad, [_needs_name, _broken_rule, _needs_email])
    ensure(kind == "raised", "_broken_rule raises KeyError('nickname'): that is a bug in the "
           f"rule, and must reach the caller, but validate_all returned {raised!r}")
    ensure(type(raised) is KeyError and raised.args == ("nickname",),
           "the rule's own KeyError('nickname') must reach the caller unchanged, got "
           f"{type(raised).__name__}: {raised}")
    ensure(_raised_in(raised, _broken_rule),
           "that KeyError is a new one: its traceback no longer reaches into _broken_rule. "
           "Let the rule's own exception through (no except around the call)")

    aged = {"name": "Ada", "email": "ada@example.com", "age": 5}
    _, expected_error = outcome(_broken_type_rule, aged)
    kind, raised = outcome(fn, aged, [_needs_name, _broken_type_rule])
    ensure(kind == "raised", "_broken_type_rule calls len() on the int 5 and raises TypeError: "
           f"that is a bug in the rule, and must reach the caller, but validate_all returned "
           f"{raised!r}")
    ensure(type(raised) is TypeError and raised.args == expected_error.args,
           f"the rule's own TypeError({str(expected_error)!r}) must reach the caller unchanged, "
           f"got {type(raised).__name__}: {raised}")
    ensure(_raised_in(raised, _broken_type_rule),
           "that TypeError is a new one: its traceback no longer reaches into "
           "_broken_type_rule. Let the rule's own exception through (no except around the call)")

    for rule, data, value in [(is_email, good, True), (is_numeric, {"pin": "12a"}, False),
                              (_counts_problems, good, 0),
                              (_returns_error, good, ValueError("name is required"))]:
        kind, raised = outcome(fn, data, [_always_ok, rule])
        expected = f"rule {rule.__name__} returned {value!r}, expected None or a str"
        ensure(kind == "raised", f"{rule.__name__} returns {value!r}, not None or a message: "
               f"validate_all should raise TypeError, but it returned {raised!r}")
        ensure(type(raised) is not TypeError or str(value) == repr(value) or str(raised)
               != f"rule {rule.__name__} returned {value}, expected None or a str",
               f"the message shows str() of the value, {str(value)!r}; show its repr, "
               f"{value!r}, so the reader sees what was returned: expected {expected!r}")
        ensure(type(raised) is TypeError and str(raised) == expected,
               f"expected TypeError({expected!r}), got {type(raised).__name__}: {raised}")
