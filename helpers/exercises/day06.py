"""Exercises for Day 06 – Error Handling Strategy.

The exception classes the exercises use live here, so that a stub cell in the
notebook can raise and catch them as ``ex.ConfigError``, ``ex.ValidationError`` …
"""

from __future__ import annotations

import re
from typing import Any

from helpers.exercises import ExerciseSet, ensure

exercises = ExerciseSet("Day 06")
check, hint, solution = exercises.check, exercises.hint, exercises.solution


# -- the exercises' exception hierarchy -----------------------------------------

class AppError(Exception):
    """Base of every error the application raises on purpose."""


class ConfigError(AppError):
    """The configuration is missing or malformed."""


class UserError(AppError):
    """The caller sent something wrong: they can fix it."""


class ValidationError(UserError):
    """One field of a request is invalid."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class NotFoundError(UserError):
    """The thing the caller asked for does not exist."""


class InfrastructureError(AppError):
    """Something on our side failed (database, disk, network): the caller cannot fix it.

    ``temporary`` says whether the same request may succeed later without anyone
    fixing anything (a lost connection) or not (a file we may not read).
    """

    temporary = False


class UnavailableError(InfrastructureError):
    """A dependency is down or overloaded for now: retrying later may help."""

    temporary = True


def _raised(fn: Any, *args: Any) -> BaseException | None:
    """Call fn(*args); return the exception it raised, or None."""
    try:
        fn(*args)
    except NotImplementedError:
        raise
    except BaseException as exc:  # noqa: BLE001 - a check inspects whatever was raised
        return exc
    return None


# -- 1. parse a port, chaining the cause ----------------------------------------

def parse_port(text: str) -> int:
    """Return the port number in text (1-65535) or raise ConfigError.

    Whitespace around the number is allowed. Not an integer: ConfigError whose
    __cause__ is the ValueError. Out of range: ConfigError with no cause. The
    message names the bad value.
    """
    try:
        port = int(text)
    except ValueError as exc:
        raise ConfigError(f"port must be a whole number, got {text!r}") from exc
    if not 1 <= port <= 65535:
        raise ConfigError(f"port must be between 1 and 65535, got {port}")
    return port


@exercises.add(1, "parse a port and keep the cause", solution=parse_port, hint="""
    Put only `int(text)` inside `try`. In `except ValueError as exc:` raise
    `ex.ConfigError(...) from exc`, so the ValueError becomes `__cause__`. Check the
    range *after* the try statement (not inside the except block), so that error has
    neither a cause nor a context. `int()` already ignores surrounding whitespace.
    """)
def _check_1(fn: Any) -> None:
    for text, expected in [("8080", 8080), (" 443\n", 443), ("1", 1), ("65535", 65535)]:
        got = fn(text)
        ensure(got == expected and type(got) is int,
               f"parse_port({text!r}) should return {expected}, got {got!r}")
    for text in ["http", "80.5", "", "8o8o"]:
        exc = _raised(fn, text)
        ensure(isinstance(exc, ConfigError),
               f"parse_port({text!r}) should raise ex.ConfigError, got "
               f"{type(exc).__name__ if exc else 'no exception'}")
        assert exc is not None
        ensure(isinstance(exc.__cause__, ValueError),
               f"parse_port({text!r}): the ConfigError should be raised `from` the ValueError "
               f"(its __cause__ is {exc.__cause__!r})")
        ensure(not text or text in str(exc),
               f"parse_port({text!r}): the message should name the bad value, got {str(exc)!r}")
    for text, number in [("0", "0"), ("65536", "65536"), ("-1", "-1"), ("99999", "99999")]:
        exc = _raised(fn, text)
        ensure(isinstance(exc, ConfigError),
               f"parse_port({text!r}) is out of range and should raise ex.ConfigError, got "
               f"{type(exc).__name__ if exc else 'no exception'}")
        assert exc is not None
        ensure(exc.__cause__ is None and exc.__context__ is None,
               f"parse_port({text!r}): an out-of-range number is not caused by another "
               "exception: raise it outside the except block, with no cause")
        ensure(number in str(exc),
               f"parse_port({text!r}): the message should name {number}, got {str(exc)!r}")


# -- 2. report every invalid field at once --------------------------------------

COUNTRIES = frozenset({"DE", "FR", "NL"})


def validate_shipping(address: dict[str, Any]) -> dict[str, str]:
    """Validate a shipping address; report every problem in one ExceptionGroup.

    Fields: name (non-empty after strip), postcode (exactly 5 digits 0-9, a str),
    country (one of DE, FR, NL, any case). Returns the cleaned address: name
    stripped, country upper case. Problems, in the order name, postcode, country,
    then unknown fields in sorted order, become ex.ValidationError(field, problem)
    inside ExceptionGroup("invalid address", [...]). A missing field is a problem
    of that field.
    """
    errors: list[ValidationError] = []
    clean: dict[str, str] = {}
    name = address.get("name")
    if not isinstance(name, str) or not name.strip():
        errors.append(ValidationError("name", "is required"))
    else:
        clean["name"] = name.strip()
    postcode = address.get("postcode")
    if not isinstance(postcode, str) or not re.fullmatch(r"[0-9]{5}", postcode):
        errors.append(ValidationError("postcode", "must be exactly 5 digits"))
    else:
        clean["postcode"] = postcode
    country = address.get("country")
    if not isinstance(country, str) or country.upper() not in COUNTRIES:
        errors.append(ValidationError("country", f"must be one of {sorted(COUNTRIES)}"))
    else:
        clean["country"] = country.upper()
    for extra in sorted(set(address) - {"name", "postcode", "country"}):
        errors.append(ValidationError(extra, "is not an allowed field"))
    if errors:
        raise ExceptionGroup("invalid address", errors)
    return clean


def _fields_of(exc: BaseException | None, call: str) -> list[str]:
    ensure(isinstance(exc, ExceptionGroup),
           f"{call} should raise an ExceptionGroup, got "
           f"{type(exc).__name__ if exc else 'no exception'}")
    assert isinstance(exc, ExceptionGroup)
    ensure(all(isinstance(e, ValidationError) for e in exc.exceptions),
           f"{call}: every exception in the group should be an ex.ValidationError, got "
           f"{[type(e).__name__ for e in exc.exceptions]}")
    return [e.field for e in exc.exceptions if isinstance(e, ValidationError)]


@exercises.add(2, "report every invalid field at once", solution=validate_shipping, hint="""
    Do not raise at the first problem. Keep a list `errors`; for each field append
    `ex.ValidationError(field, problem)` when it is wrong, otherwise store the cleaned
    value. After all fields (and the unknown ones, `sorted(set(address) - known)`),
    `if errors: raise ExceptionGroup("invalid address", errors)`. Use
    `address.get(field)` so a missing field is just one more problem.
    """)
def _check_2(fn: Any) -> None:
    good = {"name": "  Ada Lovelace ", "postcode": "10115", "country": "de"}
    before = dict(good)
    got = fn(good)
    ensure(got == {"name": "Ada Lovelace", "postcode": "10115", "country": "DE"},
           f"a valid address should come back cleaned, got {got!r}")
    ensure(good == before, "validate_shipping changed the caller's dict")
    invalid = {"postcode": "123", "country": "xx"}
    before_invalid = dict(invalid)
    _raised(fn, invalid)
    ensure(invalid == before_invalid,
           f"validate_shipping changed the caller's dict while rejecting it: {before_invalid!r} "
           f"became {invalid!r} (collect the problems without writing into the input)")
    call = "validate_shipping({'name': ' ', 'postcode': '123', 'country': 'XX'})"
    fields = _fields_of(_raised(fn, {"name": " ", "postcode": "123", "country": "XX"}), call)
    ensure(fields == ["name", "postcode", "country"],
           f"{call}: expected errors for ['name', 'postcode', 'country'] in that order, "
           f"got {fields}")
    fields = _fields_of(_raised(fn, {}), "validate_shipping({})")
    ensure(fields == ["name", "postcode", "country"],
           f"validate_shipping({{}}): every missing field is a problem, got {fields}")
    bad_types = {"name": "Bo", "postcode": 10115, "country": "FR", "zip": "1", "city": "Paris"}
    fields = _fields_of(_raised(fn, bad_types), "validate_shipping(… postcode=10115 …)")
    ensure(fields == ["postcode", "city", "zip"],
           f"a postcode given as an int, plus unknown fields 'zip' and 'city': expected "
           f"['postcode', 'city', 'zip'], got {fields}")
    many = {"name": "Bo", "postcode": "10115", "country": "FR", "zip": "1", "street": "x",
            "apt": "2", "city": "Paris", "phone": "3"}  # unknown fields, not in sorted order
    fields = _fields_of(_raised(fn, many), "validate_shipping(… five unknown fields …)")
    ensure(fields == ["apt", "city", "phone", "street", "zip"],
           "unknown fields 'zip', 'street', 'apt', 'city', 'phone': expected them sorted, "
           f"['apt', 'city', 'phone', 'street', 'zip'], got {fields}")
    for postcode in ("1234a", "12345\n", "１２３４５"):  # a newline, full-width digits
        fields = _fields_of(_raised(fn, {"name": "Bo", "postcode": postcode, "country": "nl"}),
                            f"validate_shipping(… postcode={postcode!r} …)")
        ensure(fields == ["postcode"], f"only the postcode {postcode!r} is wrong: it is not "
                                       f"exactly 5 ASCII digits, got {fields}")
    exc = _raised(fn, {"name": "Bo", "postcode": "12345", "country": "BE"})
    ensure(isinstance(exc, ExceptionGroup) and exc.message == "invalid address",
           f"the group's message should be 'invalid address', got {exc!r}")


# -- 3. map exceptions to responses at the boundary -------------------------------

GENERIC_503 = "service unavailable, please try again later"
GENERIC_500 = "internal error"


def to_response(exc: BaseException) -> tuple[int, str]:
    """Map an exception to (HTTP status, message for the client)."""
    if isinstance(exc, ExceptionGroup):
        statuses = [to_response(e)[0] for e in exc.exceptions]
        if 500 in statuses:
            return 500, GENERIC_500
        if 503 in statuses:
            return 503, GENERIC_503
        if all(isinstance(e, ValidationError) for e in exc.exceptions):
            return 422, "; ".join(str(e) for e in exc.exceptions)
        return 400, "; ".join(str(e) for e in exc.exceptions)
    if isinstance(exc, ValidationError):
        return 422, str(exc)
    if isinstance(exc, NotFoundError):
        return 404, str(exc)
    if isinstance(exc, UserError):
        return 400, str(exc)
    if isinstance(exc, InfrastructureError) and exc.temporary:
        return 503, GENERIC_503
    return 500, GENERIC_500


@exercises.add(3, "map errors to responses at the boundary", solution=to_response, hint="""
    Test the most specific classes first: `ValidationError` and `NotFoundError` are
    both `UserError`s, so an `isinstance(exc, UserError)` test placed before them
    would swallow them. A system error gets 503 only if `exc.temporary` is true;
    otherwise it is a 500, like a bug. Return the fixed generic texts, never
    `str(exc)` (it may hold hosts, SQL or passwords). For an `ExceptionGroup`,
    answer each member of `exc.exceptions` with your own function first, then
    decide from their statuses.
    """)
def _check_3(fn: Any) -> None:
    class OrderNotFound(NotFoundError):
        pass

    class CacheTimeout(InfrastructureError):
        temporary = True

    cases: list[tuple[BaseException, tuple[int, str]]] = [
        (ValidationError("email", "must contain '@'"), (422, "email: must contain '@'")),
        (NotFoundError("no order 7"), (404, "no order 7")),
        (OrderNotFound("no order 8"), (404, "no order 8")),
        (UserError("cart is empty"), (400, "cart is empty")),
        (UnavailableError("db at 10.0.0.5 refused password=hunter2"), (503, GENERIC_503)),
        (CacheTimeout("cache at 10.0.0.6 timed out"), (503, GENERIC_503)),
        (InfrastructureError("cannot read /etc/app/secrets.toml: permission denied"),
         (500, GENERIC_500)),
        (ZeroDivisionError("division by zero"), (500, GENERIC_500)),
        (KeyError("user_id"), (500, GENERIC_500)),
        (ExceptionGroup("invalid", [ValidationError("email", "is required"),
                                    ValidationError("age", "must be an integer")]),
         (422, "email: is required; age: must be an integer")),
        (ExceptionGroup("mixed", [ValidationError("email", "is required"),
                                  UnavailableError("cache down")]), (503, GENERIC_503)),
        (ExceptionGroup("cache", [ValidationError("email", "is required"),
                                  CacheTimeout("cache at 10.0.0.6 timed out")]),
         (503, GENERIC_503)),
        (ExceptionGroup("config", [UnavailableError("cache down"),
                                   InfrastructureError("config unreadable")]), (500, GENERIC_500)),
        (ExceptionGroup("users", [ValidationError("email", "is required"),
                                  NotFoundError("no team 4")]),
         (400, "email: is required; no team 4")),
        (ExceptionGroup("bug", [ValidationError("email", "is required"), TypeError("oops")]),
         (500, GENERIC_500)),
    ]
    for exc, expected in cases:
        got = fn(exc)
        ensure(got == expected, f"to_response({type(exc).__name__}({str(exc)!r})) should be "
                                f"{expected!r}, got {got!r}")
