"""Exercises for Day 12 – Configuration & Environment Management."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from helpers.exercises import ExerciseSet, ensure

exercises = ExerciseSet("Day 12")
check, hint, solution = exercises.check, exercises.hint, exercises.solution


# -- reference solutions -------------------------------------------------------------------
def parse_bool(raw: str) -> bool:
    """Convert an environment value to True/False; ValueError for anything unexpected."""
    word = raw.strip().lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"expected one of 1/true/yes/on/0/false/no/off, got {raw!r}")


def parse_dotenv(text: str) -> dict[str, str]:
    """Parse the text of a .env file into a dict of names to values."""
    result: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("export "):
            stripped = stripped[len("export "):]
        name, sep, value = stripped.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name.isidentifier():
            raise ValueError(f"line {number}: expected NAME=value, got {line!r}")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        result[name] = value
    return result


@dataclass(frozen=True)
class WorkerSettings:
    """The settings of a queue worker (exercise 3 builds them from the environment)."""

    queue_url: str
    concurrency: int
    api_token: str = field(repr=False)  # never shown by repr()


def load_worker_settings(environ: Mapping[str, str]) -> WorkerSettings:
    """Read, convert and validate; raise one ValueError listing every problem."""
    problems: list[str] = []
    queue_url = environ.get("QUEUE_URL", "").strip()
    if not queue_url:
        problems.append("QUEUE_URL is required")
    elif not queue_url.startswith(("redis://", "amqp://")):
        problems.append(f"QUEUE_URL must start with redis:// or amqp://, got {queue_url!r}")
    raw = environ.get("WORKER_CONCURRENCY", "").strip()
    concurrency = 4
    if raw:
        try:
            concurrency = int(raw)
        except ValueError:
            problems.append(f"WORKER_CONCURRENCY must be a whole number, got {raw!r}")
        else:
            if not 1 <= concurrency <= 64:
                problems.append(f"WORKER_CONCURRENCY must be 1 to 64, got {concurrency}")
    token = environ.get("API_TOKEN", "")
    if not token.strip():
        problems.append("API_TOKEN is required")  # never echo the value
    if problems:
        raise ValueError("; ".join(problems))
    return WorkerSettings(queue_url=queue_url, concurrency=concurrency, api_token=token)


# -- checks --------------------------------------------------------------------------------
def _raises_value_error(fn: Callable[..., Any], *args: Any) -> str | None:
    """The message of the ValueError ``fn(*args)`` raised, or None if it returned."""
    try:
        fn(*args)
    except ValueError as error:
        return str(error)
    return None


@exercises.add(1, "a strict boolean", solution=parse_bool, hint="""
    Normalise first: `raw.strip().lower()`. Then test membership in two tuples of
    accepted words, one for True and one for False, and raise ValueError (with
    `{raw!r}` in the message) when the word is in neither.
""")
def _check_1(fn: Callable[[str], bool]) -> None:
    for raw in ("1", "true", "TRUE", "Yes", "on", " true ", "\ton\n"):
        ensure(fn(raw) is True, f"parse_bool({raw!r}) should be True, got {fn(raw)!r}")
    for raw in ("0", "false", "False", "NO", "off", " 0 "):
        ensure(fn(raw) is False, f"parse_bool({raw!r}) should be False, got {fn(raw)!r}")
    for raw in ("", "   ", "2", "tru", "y", "enabled", "-1"):
        message = _raises_value_error(fn, raw)
        ensure(message is not None, f"parse_bool({raw!r}) should raise ValueError")
        if raw.strip():
            ensure(message is not None and raw in message,
                   f"the error for {raw!r} should contain the rejected value: {message!r}")


@exercises.add(2, "a .env loader", solution=parse_dotenv, hint="""
    Loop over `enumerate(text.splitlines(), start=1)`. Skip blank and `#` lines, drop an
    `export ` prefix, then `name, sep, value = line.partition("=")`. No `sep`, or a name
    that fails `str.isidentifier()`, is an error. Strip the quotes only when the first and
    last character are the same quote.
""")
def _check_2(fn: Callable[[str], dict[str, str]]) -> None:
    text = (
        "# settings for my laptop\n"
        "\n"
        "APP_ENV=development\n"
        "  PORT = 8000  \n"
        "export DB_USER=shop\n"
        "DB_URL=postgresql://shop@localhost/db?sslmode=disable\n"
        "GREETING=\"hello # not a comment\"\n"
        "EMPTY=\n"
        "QUOTED_EMPTY=''\n"
        "MIXED='oops\"\n"
        "APP_ENV=staging\n"
    )
    got = fn(text)
    expected = {
        "APP_ENV": "staging", "PORT": "8000", "DB_USER": "shop",
        "DB_URL": "postgresql://shop@localhost/db?sslmode=disable",
        "GREETING": "hello # not a comment", "EMPTY": "", "QUOTED_EMPTY": "",
        "MIXED": "'oops\"",
    }
    ensure(isinstance(got, dict), f"expected a dict, got {type(got).__name__}")
    for name, value in expected.items():
        ensure(got.get(name) == value, f"{name} should be {value!r}, got {got.get(name)!r}")
    ensure(set(got) == set(expected), f"unexpected names: {sorted(set(got) - set(expected))}")
    ensure(fn("") == {}, "an empty file gives an empty dict")
    ensure(fn("# only a comment\n\n") == {}, "comments and blank lines give an empty dict")
    for bad, line in (("A=1\nJUST_A_WORD\n", 2), ("A=1\n\n# c\n=value\n", 4),
                      ("MY-NAME=x\n", 1), ("1ABC=x\n", 1)):
        message = _raises_value_error(fn, bad)
        ensure(message is not None, f"{bad!r} should raise ValueError")
        ensure(message is not None and f"line {line}" in message,
               f"the error for {bad!r} should mention 'line {line}': {message!r}")


_VALID = {"QUEUE_URL": "redis://queue:6379/0", "WORKER_CONCURRENCY": " 8 ",
          "API_TOKEN": "tok-4b1f9e77c2"}


@exercises.add(3, "settings for a worker", solution=load_worker_settings, hint="""
    Collect problems in a list, one `if` per variable, and raise
    `ValueError("; ".join(problems))` at the end if the list is not empty. Convert
    WORKER_CONCURRENCY inside try/except ValueError, then check the range. Never put the
    token's value into a message.
""")
def _check_3(from_env: Callable[[Mapping[str, str]], WorkerSettings]) -> None:
    token = _VALID["API_TOKEN"]
    s = from_env(dict(_VALID))
    ensure(isinstance(s, WorkerSettings), f"return a WorkerSettings, got {type(s).__name__}")
    ensure(s.queue_url == "redis://queue:6379/0", f"queue_url: got {s.queue_url!r}")
    ensure(s.concurrency == 8 and isinstance(s.concurrency, int),
           f"WORKER_CONCURRENCY ' 8 ' should become the int 8, got {s.concurrency!r}")
    ensure(s.api_token == token, "api_token should hold the token")
    default = from_env({"QUEUE_URL": "amqp://mq/", "API_TOKEN": token})
    ensure(default.concurrency == 4, f"default concurrency should be 4, got {default.concurrency}")
    cases: list[tuple[str, dict[str, str], list[str]]] = [
        ("WORKER_CONCURRENCY='eight'", {**_VALID, "WORKER_CONCURRENCY": "eight"},
         ["WORKER_CONCURRENCY"]),
        ("WORKER_CONCURRENCY='0'", {**_VALID, "WORKER_CONCURRENCY": "0"}, ["WORKER_CONCURRENCY"]),
        ("WORKER_CONCURRENCY='65'", {**_VALID, "WORKER_CONCURRENCY": "65"},
         ["WORKER_CONCURRENCY"]),
        ("QUEUE_URL='http://queue'", {**_VALID, "QUEUE_URL": "http://queue"}, ["QUEUE_URL"]),
        ("no QUEUE_URL and no API_TOKEN", {"WORKER_CONCURRENCY": "2"},
         ["QUEUE_URL", "API_TOKEN"]),
        ("three bad values", {"QUEUE_URL": "ftp://x", "WORKER_CONCURRENCY": "-3",
                              "API_TOKEN": " "}, ["QUEUE_URL", "WORKER_CONCURRENCY", "API_TOKEN"]),
    ]
    for label, env, names in cases:
        message = _raises_value_error(from_env, env)
        ensure(message is not None, f"{label}: should raise ValueError")
        for name in names:
            ensure(message is not None and name in message,
                   f"{label}: the error should name {name}, got {message!r}")
        ensure(message is not None and token not in message,
               f"{label}: the error message shows the token")
