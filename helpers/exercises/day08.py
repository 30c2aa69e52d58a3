"""Exercises for Day 08 – Python Standard Library Power."""

from __future__ import annotations

import json
import logging
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from helpers.exercises import ExerciseSet, ensure, outcome

exercises = ExerciseSet("Day 08")
check, hint, solution = exercises.check, exercises.hint, exercises.solution


_outcome = outcome


# -- 1. parse a timestamp into aware UTC ------------------------------------------

def parse_utc(text: str) -> datetime:
    """Parse an ISO 8601 timestamp that carries an offset (or Z) into an aware UTC datetime.

    A timestamp without an offset is ambiguous: raise ValueError saying so.
    """
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"timestamp {text!r} has no timezone offset; add Z or +HH:MM")
    return moment.astimezone(UTC)


@exercises.add(1, "parse a timestamp into aware UTC", solution=parse_utc, hint="""
    `datetime.fromisoformat` (Python 3.11) reads "2024-03-01T12:00:00Z" and
    "+02:00" offsets. If the result's `tzinfo` is None the text had no offset: raise
    ValueError. Otherwise `.astimezone(UTC)` converts it to UTC (`from datetime import
    UTC`; it is the same object as `timezone.utc`).
    """)
def _check_1(fn: Any) -> None:
    cases = [
        ("2024-03-01T12:00:00Z", datetime(2024, 3, 1, 12, 0, tzinfo=UTC)),
        ("2024-03-01T14:00:00+02:00", datetime(2024, 3, 1, 12, 0, tzinfo=UTC)),
        ("2024-03-01T07:30:00-05:00", datetime(2024, 3, 1, 12, 30, tzinfo=UTC)),
        ("2023-12-31T23:59:59.250000-01:00",
         datetime(2024, 1, 1, 0, 59, 59, 250000, tzinfo=UTC)),
        (" 2024-06-01T00:00:00+00:00\n", datetime(2024, 6, 1, tzinfo=UTC)),
    ]
    for text, expected in cases:
        status, got = _outcome(fn, text)
        ensure(status == "ok", f"parse_utc({text!r}) raised {type(got).__name__}: {got}")
        ensure(isinstance(got, datetime) and got.tzinfo is not None,
               f"parse_utc({text!r}) should return an aware datetime, got {got!r}")
        ensure(got == expected, f"parse_utc({text!r}) should be the instant {expected}, "
                                f"got {got}")
        ensure(got.utcoffset() == timedelta(0),
               f"parse_utc({text!r}) should be expressed in UTC (offset 0), got offset "
               f"{got.utcoffset()}")
    status, got = _outcome(fn, "2024-03-01T12:00:00")
    ensure(status == "raised" and isinstance(got, ValueError),
           "parse_utc('2024-03-01T12:00:00') has no offset: raise ValueError instead of "
           "guessing a timezone")
    assert isinstance(got, ValueError)
    ensure("timezone" in str(got).lower() or "offset" in str(got).lower(),
           f"the error for a naive timestamp should say that the timezone/offset is "
           f"missing, got {str(got)!r}")
    status, got = _outcome(fn, "yesterday at noon")
    ensure(status == "raised" and isinstance(got, ValueError),
           "parse_utc('yesterday at noon') should raise ValueError")


# -- 2. read an audit trail back, strictly ------------------------------------------

def read_events(path: Path) -> list[dict[str, Any]]:
    """Read a JSON Lines audit file: one JSON object per line, blank lines skipped.

    Raise ValueError naming the line number for a line that is not JSON, not an
    object, or whose "request_id" is not a version-4 UUID.
    """
    events: list[dict[str, Any]] = []
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"line {number}: not valid JSON ({exc.msg})") from exc
            if not isinstance(event, dict):
                raise ValueError(f"line {number}: expected a JSON object, got "
                                 f"{type(event).__name__}")
            try:
                request_id = uuid.UUID(str(event.get("request_id")))
            except ValueError:
                raise ValueError(f"line {number}: request_id is not a UUID") from None
            if request_id.version != 4:
                raise ValueError(f"line {number}: request_id is not a version-4 UUID")
            events.append(event)
    return events


def _line_error(fn: Any, folder: Path, name: str, text: str, line: int) -> None:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    status, got = _outcome(fn, path)
    ensure(status == "raised" and isinstance(got, ValueError),
           f"{name}: line {line} is bad, read_events should raise ValueError, got "
           + (f"{type(got).__name__}: {got}" if status == "raised" else f"{got!r}"))
    ensure(f"line {line}" in str(got),
           f"{name}: the error message should name 'line {line}', got {str(got)!r}")


@exercises.add(2, "read the audit trail back, strictly", solution=read_events, hint="""
    Open the file and loop with `enumerate(lines, start=1)` so you know each line
    number. Skip `line.strip() == ""`. Wrap `json.loads` in try/except
    `json.JSONDecodeError` and raise `ValueError(f"line {number}: ...")`. Check
    `isinstance(event, dict)`. `uuid.UUID(text)` raises ValueError for a malformed id;
    its `.version` must be 4.
    """)
def _check_2(fn: Any) -> None:
    ids = [str(uuid.UUID(int=n, version=4)) for n in (11, 22, 33)]
    with tempfile.TemporaryDirectory(prefix="day08-check-") as tmp:
        folder = Path(tmp)
        good = folder / "good.jsonl"
        good.write_text(
            json.dumps({"request_id": ids[0], "user": "ada"}) + "\n\n"
            + json.dumps({"request_id": ids[1], "user": "bob"}) + "\n"
            + json.dumps({"request_id": ids[2], "user": "cy"}) + "\n   \n", encoding="utf-8")
        status, got = _outcome(fn, good)
        ensure(status == "ok", f"a valid file raised {type(got).__name__}: {got}")
        ensure(isinstance(got, list) and [e.get("user") for e in got] == ["ada", "bob", "cy"],
               f"expected three events for ada, bob, cy (blank lines skipped), got {got!r}")
        empty = folder / "empty.jsonl"
        empty.write_text("", encoding="utf-8")
        ensure(fn(empty) == [], "an empty file holds no events: expected []")
        first = json.dumps({"request_id": ids[0]}) + "\n"
        _line_error(fn, folder, "truncated.jsonl", first + first + '{"request_id": "ab', 3)
        _line_error(fn, folder, "array.jsonl", first + "[1, 2]\n", 2)
        _line_error(fn, folder, "badid.jsonl", json.dumps({"request_id": "42"}) + "\n", 1)
        _line_error(fn, folder, "noid.jsonl", first + "\n" + json.dumps({"user": "x"}) + "\n", 3)
        v1 = str(uuid.UUID(int=5, version=1))
        _line_error(fn, folder, "uuid1.jsonl", first + json.dumps({"request_id": v1}) + "\n", 2)


# -- 3. a logger that writes one file, once ------------------------------------------

AUDIT_FORMAT = "%(levelname)s %(name)s: %(message)s"


def make_audit_logger(name: str, path: Path) -> logging.Logger:
    """The logger ``name``, writing INFO and above to ``path`` as "LEVEL name: message".

    It does not propagate to parent loggers, and calling this again for the same
    logger does not add a second handler.
    """
    logger = logging.getLogger(name)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(AUDIT_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger


def _close(logger: logging.Logger) -> None:
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


@exercises.add(3, "a logger that writes one file, once", solution=make_audit_logger, hint="""
    `logging.getLogger(name)` returns the same object every time, so handlers added by
    an earlier call are still attached: remove (and close) them first. Then add a
    `logging.FileHandler(path, encoding="utf-8")` with
    `logging.Formatter("%(levelname)s %(name)s: %(message)s")`, set the logger's level
    to `logging.INFO` and `propagate = False`.
    """)
def _check_3(fn: Any) -> None:
    with tempfile.TemporaryDirectory(prefix="day08-check-") as tmp:
        folder = Path(tmp)
        name = "day08.exercise.audit"
        root_seen: list[str] = []

        class Spy(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                root_seen.append(record.getMessage())

        spy = Spy()
        parent = logging.getLogger("day08.exercise")
        parent.addHandler(spy)
        try:
            first = fn(name, folder / "audit.log")
            ensure(isinstance(first, logging.Logger) and first.name == name,
                   f"make_audit_logger should return the logger named {name!r}, got {first!r}")
            second = fn(name, folder / "audit.log")  # a second call must not double lines
            ensure(second is first, "logging.getLogger(name) returns one shared object: "
                                    "return that logger")
            second.debug("debug detail")
            second.info("login ok user=ada")
            second.warning("login failed user=bob")
            _close(second)
            lines = (folder / "audit.log").read_text(encoding="utf-8").splitlines()
            expected = [f"INFO {name}: login ok user=ada", f"WARNING {name}: login failed user=bob"]
            ensure(lines == expected,
                   f"after two calls and debug/info/warning messages the file should hold "
                   f"exactly {expected}, got {lines}")
            ensure(root_seen == [], "the records also reached the parent logger's handler: "
                                    "set propagate = False")
            other = fn("day08.exercise.other", folder / "other.log")
            other.error("disk almost full")
            _close(other)
            lines = (folder / "other.log").read_text(encoding="utf-8").splitlines()
            ensure(lines == ["ERROR day08.exercise.other: disk almost full"],
                   f"a second logger writes its own file, got {lines}")
            audit_lines = (folder / "audit.log").read_text(encoding="utf-8").splitlines()
            ensure(len(audit_lines) == 2, "the second logger also wrote into the first file")
        finally:
            parent.removeHandler(spy)
            _close(logging.getLogger(name))
            _close(logging.getLogger("day08.exercise.other"))
