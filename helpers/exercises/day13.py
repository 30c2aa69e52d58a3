"""Exercises for Day 13 – File I/O, Streams & Resource Management."""

from __future__ import annotations

import errno
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from helpers.exercises import ExerciseSet, ensure
from helpers.memory import peak_memory

exercises = ExerciseSet("Day 13")
check, hint, solution = exercises.check, exercises.hint, exercises.solution

MEMORY_LIMIT_KIB = 256  # streaming needs ~20 KiB; the big test files are several MiB


# -- reference solutions -------------------------------------------------------------------
def count_matching(path: Path, needle: str) -> int:
    """How many lines of the file at `path` contain `needle`; constant memory."""
    with open(path, encoding="utf-8") as f:
        return sum(1 for line in f if needle in line)


def tail(path: Path, n: int) -> list[str]:
    """The last n lines of the file, without line endings; memory bounded by n."""
    if n < 0:
        raise ValueError(f"n must be 0 or more, got {n}")
    with open(path, encoding="utf-8") as f:
        last = deque(f, maxlen=n)  # keeps only the newest n lines while streaming
    return [line.rstrip("\n") for line in last]


def atomic_write_text(path: Path, text: str) -> None:
    """Replace the contents of path with text, atomically; no debris on failure."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)  # atomic within one file system
    except BaseException:
        os.unlink(temporary)
        raise


# -- helpers for the checks ----------------------------------------------------------------
@contextmanager
def _folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="day13-check-") as name:
        yield Path(name)


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def _big_file(folder: Path, lines: int = 60_000) -> Path:
    path = folder / "big.log"
    with open(path, "w", encoding="utf-8") as f:
        for i in range(lines):
            level = "ERROR" if i % 7 == 0 else "INFO"
            f.write(f"2024-05-01T00:00:00Z {level:<7} request {i} took {i % 900}ms\n")
    return path


@exercises.add(1, "count matching lines, streaming", solution=count_matching, hint="""
    Open the file in a `with` block (encoding="utf-8") and iterate over the file object
    itself: `sum(1 for line in f if needle in line)`. No read(), no readlines(), no list.
""")
def _check_1(fn: Callable[[Path, str], int]) -> None:
    with _folder() as folder:
        cases = [
            ("", "x", 0),
            ("error\nok\nerror\n", "error", 2),
            ("a\nb\nlast error", "error", 1),           # no newline after the last line
            ("café\nthé\ncafé noir\n", "café", 2),      # UTF-8 text
            ("one\ntwo\n", "three", 0),
            ("one\n\ntwo\n", "", 3),                    # "" is in every line
        ]
        for i, (text, needle, expected) in enumerate(cases):
            path = _write(folder / f"case{i}.txt", text)
            got = fn(path, needle)
            ensure(got == expected, f"file {text!r}, needle {needle!r}: expected {expected}, "
                                    f"got {got!r}")
        big = _big_file(folder)
        size_kib = big.stat().st_size / 1024
        measured = peak_memory(fn, big, " ERROR ")
        ensure(measured.result == 60_000 // 7 + 1,
               f"big file: expected {60_000 // 7 + 1} ERROR lines, got {measured.result!r}")
        ensure(measured.peak_kib < MEMORY_LIMIT_KIB,
               f"on a {size_kib:,.0f} KiB file your function needed {measured.peak_kib:,.0f} KiB "
               "at its peak: it holds the whole file; iterate over the file object instead")


@exercises.add(2, "the last lines of a file", solution=tail, hint="""
    `collections.deque(f, maxlen=n)` streams through the file object `f` and keeps only
    the newest n lines. Check `n < 0` first, and strip the "\\n" from each kept line.
""")
def _check_2(fn: Callable[[Path, int], list[str]]) -> None:
    with _folder() as folder:
        ten = _write(folder / "ten.txt", "\n".join(str(i) for i in range(1, 11)))
        for n, expected in ((3, ["8", "9", "10"]), (1, ["10"]), (0, []),
                            (10, [str(i) for i in range(1, 11)]),
                            (25, [str(i) for i in range(1, 11)])):
            got = fn(ten, n)
            ensure(got == expected, f"tail(file of 1..10, {n}): expected {expected}, got {got!r}")
        empty = _write(folder / "empty.txt", "")
        ensure(fn(empty, 3) == [], f"an empty file has no lines, got {fn(empty, 3)!r}")
        crlf = folder / "windows.txt"
        crlf.write_bytes(b"first\r\nsecond\r\nthird\r\n")
        got = fn(crlf, 2)
        ensure(got == ["second", "third"],
               f"Windows line endings: expected ['second', 'third'], got {got!r}")
        blank = _write(folder / "blank.txt", "a\n\nb\n")
        ensure(fn(blank, 2) == ["", "b"], f"a blank line is a line: got {fn(blank, 2)!r}")
        try:
            fn(ten, -1)
        except ValueError:
            pass
        else:
            ensure(False, "tail(path, -1) should raise ValueError")
        big = _big_file(folder)
        measured = peak_memory(fn, big, 2)
        ensure(measured.result == ["2024-05-01T00:00:00Z INFO    request 59998 took 598ms",
                                   "2024-05-01T00:00:00Z INFO    request 59999 took 599ms"],
               f"big file: wrong last two lines {measured.result!r}")
        ensure(measured.peak_kib < MEMORY_LIMIT_KIB,
               f"your function needed {measured.peak_kib:,.0f} KiB for two lines of a "
               f"{big.stat().st_size / 1024:,.0f} KiB file: keep only n lines while streaming")


@exercises.add(3, "atomic write", solution=atomic_write_text, hint="""
    `fd, temporary = tempfile.mkstemp(dir=path.parent)`, write the text through
    `os.fdopen(fd, "w", encoding="utf-8")`, then `os.replace(temporary, path)`. Wrap the
    writing and the replace in try/except BaseException that deletes the temporary file
    and re-raises. Check `isinstance(text, str)` before anything else (or let the write
    fail and clean up).
""")
def _check_3(fn: Callable[[Path, str], None]) -> None:
    with _folder() as folder:
        target = _write(folder / "settings.toml", "workers = 4\n")

        def debris() -> list[str]:
            return sorted(p.name for p in folder.iterdir() if p.name != "settings.toml")

        inode = target.stat().st_ino
        fn(target, "workers = 8\nname = 'Zoë'\n")
        ensure(target.read_text(encoding="utf-8") == "workers = 8\nname = 'Zoë'\n",
               "the new text (UTF-8) should be in the file")
        ensure(debris() == [], f"files left behind: {debris()}")
        ensure(target.stat().st_ino != inode,
               "the file was rewritten in place: a reader could see it half-written. Write "
               "a temporary file and move it over the target with os.replace")
        fn(target, "")
        ensure(target.read_text(encoding="utf-8") == "", "writing '' should empty the file")
        fresh = folder / "new.txt"
        fn(fresh, "hello")
        ensure(fresh.exists() and fresh.read_text(encoding="utf-8") == "hello",
               "a file that did not exist yet should be created")
        fresh.unlink()
        _write(target, "workers = 4\n")
        for bad in (b"bytes", None, 42):
            try:
                fn(target, bad)  # type: ignore[arg-type]
            except TypeError:
                pass
            else:
                ensure(False, f"text={bad!r} should raise TypeError")
            ensure(target.read_text(encoding="utf-8") == "workers = 4\n",
                   f"after text={bad!r} failed, the old contents must be untouched")
            ensure(debris() == [], f"after text={bad!r} failed, files were left: {debris()}")
        failure = OSError(errno.EIO, "simulated I/O error during the rename")
        with mock.patch("os.replace", side_effect=failure), \
                mock.patch("os.rename", side_effect=failure):
            try:
                fn(target, "workers = 99\n")
            except OSError:
                pass
            else:
                ensure(False, "the check made os.replace fail, but no OSError came out: "
                              "let errors propagate (and use os.replace for the switch)")
        ensure(target.read_text(encoding="utf-8") == "workers = 4\n",
               "when the rename failed, the old contents must be untouched")
        ensure(debris() == [], f"when the rename failed, files were left: {debris()}")
