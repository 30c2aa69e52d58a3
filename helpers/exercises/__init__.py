"""Self-checking exercises, in the spirit of numpy-100's ``hint(n)`` / ``answer(n)``.

Each day has a module here (``day01``, ``day02`` …) holding its exercises: a
check, a hint and a reference solution per exercise. The stub a learner edits
lives in the notebook; the check never crashes the notebook, it reports.

In a notebook::

    from helpers.exercises import day01 as ex
    ex.check(1, my_function)   # ✅ or ❌ with the reason
    ex.hint(1)                 # a nudge
    ex.solution(1)             # the reference solution's source, on request

A passing check is remembered (``helpers.progress``): the day, the exercise and the
date it was first solved go to a small file in the learner's state folder, outside
the repository, so the index can show how far they have come.

The test suite proves both sides: every reference solution passes its check
and every untouched stub in the notebooks fails it.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from helpers.progress import remember

__all__ = ["CheckResult", "CountingEq", "Exercise", "ExerciseSet", "ExerciseFailure", "ensure",
           "outcome"]


class ExerciseFailure(AssertionError):
    """Raised by a check when the learner's answer is not right yet."""


def ensure(condition: object, message: str) -> None:
    """Inside a check: fail with ``message`` unless ``condition`` holds."""
    if not condition:
        raise ExerciseFailure(message)


def outcome(fn: Any, *args: Any) -> tuple[str, Any]:
    """Inside a check: ("ok", result) or ("raised", exception) for ``fn(*args)``.

    NotImplementedError passes through, so an untouched stub reads "not solved yet".
    """
    try:
        return "ok", fn(*args)
    except NotImplementedError:
        raise
    except Exception as exc:  # a check inspects whatever was raised
        return "raised", exc


class CountingEq:
    """A hashable value that counts how often Python compares it with ``==``.

    Checks use it to tell a hash lookup (few comparisons) from a scan (many).
    Reset ``CountingEq.eq_calls = 0`` before the call being measured.
    """

    __slots__ = ("value",)
    eq_calls = 0

    def __init__(self, value: Hashable) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        CountingEq.eq_calls += 1
        return isinstance(other, CountingEq) and self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"Counted({self.value!r})"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one answer. Displays as a one-line report."""

    label: str
    passed: bool
    detail: str

    def __repr__(self) -> str:
        mark = "✅" if self.passed else "❌"
        return f"{mark} {self.label}: {self.detail}"

    def __bool__(self) -> bool:
        return self.passed


@dataclass(frozen=True)
class Exercise:
    """One exercise: what it is called, how it is checked, a hint, a solution."""

    number: int
    title: str
    check: Callable[[Any], None]
    hint: str
    solution: Any  # the reference answer: a function or a class


class ExerciseSet:
    """The exercises of one day, addressed by number."""

    def __init__(self, day: str) -> None:
        self.day = day
        self._exercises: dict[int, Exercise] = {}

    def add(self, number: int, title: str, *, hint: str,
            solution: Any) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
        """Decorator registering ``check`` as exercise ``number``."""
        def register(check: Callable[[Any], None]) -> Callable[[Any], None]:
            if number in self._exercises:
                raise ValueError(f"{self.day}: exercise {number} is defined twice")
            self._exercises[number] = Exercise(number, title, check, textwrap.dedent(hint).strip(),
                                               solution)
            return check
        return register

    def __iter__(self) -> Any:
        return iter(sorted(self._exercises.values(), key=lambda e: e.number))

    def get(self, number: int) -> Exercise:
        """The exercise with this number, or a clear error listing the valid ones."""
        try:
            return self._exercises[number]
        except (KeyError, TypeError):
            valid = ", ".join(str(n) for n in sorted(self._exercises))
            raise ValueError(f"{self.day} has no exercise {number!r}; valid numbers: {valid}") \
                from None

    def check(self, number: int, answer: Any) -> CheckResult:
        """Check ``answer`` against exercise ``number``. Never raises for a wrong answer."""
        exercise = self.get(number)
        label = f"Exercise {number} ({exercise.title})"
        try:
            exercise.check(answer)
        except NotImplementedError:
            return CheckResult(label, False, "not solved yet - replace the NotImplementedError")
        except ExerciseFailure as failure:
            return CheckResult(label, False, str(failure))
        except Exception as exc:  # the learner's code crashed: report it, don't crash
            return CheckResult(label, False, f"your code raised {type(exc).__name__}: {exc}")
        remember(self.day, number)  # never raises: a damaged record only warns, once
        return CheckResult(label, True, "correct")

    def hint(self, number: int) -> None:
        """Print the hint of exercise ``number``."""
        print(f"Hint for exercise {number}: {self.get(number).hint}")

    def solution(self, number: int) -> None:
        """Print the source of the reference solution of exercise ``number``."""
        print(solution_source(self.get(number).solution))


def solution_source(solution: Any) -> str:
    """The source text of a reference solution (a function or a class)."""
    return textwrap.dedent(inspect.getsource(solution)).rstrip("\n")
