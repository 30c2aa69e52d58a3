"""Exercises are proven both ways: every reference solution passes its check,
and every untouched stub in the notebooks fails it."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from types import ModuleType

import nbformat
import pytest

import helpers.exercises
from helpers.exercises import CheckResult, ExerciseSet

from .conftest import NOTEBOOKS

IMPORT = re.compile(r"from helpers\.exercises import (day\d\d) as ex\b")


def day_modules() -> list[ModuleType]:
    names = sorted(m.name for m in pkgutil.iter_modules(helpers.exercises.__path__))
    return [importlib.import_module(f"helpers.exercises.{n}") for n in names]


def exercise_sets() -> list[tuple[str, ExerciseSet]]:
    return [(m.__name__.rsplit(".", 1)[1], m.exercises) for m in day_modules()]


def stub_cells() -> list[tuple[str, str, str, int]]:
    """(notebook, day module, cell source, exercise number) for every `exercise` cell."""
    found = []
    for path in sorted(NOTEBOOKS.glob("day*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        match = IMPORT.search(text)
        for cell in nb.cells:
            if "exercise" not in cell.metadata.get("tags", []):
                continue
            assert match, (f"{path.name}: has exercise cells but no "
                           "'from helpers.exercises import dayNN as ex'")
            number = re.search(r"ex\.check\((\d+),", cell.source)
            assert number, f"{path.name}: exercise cell without ex.check(N, ...):\n{cell.source}"
            found.append((path.name, match.group(1), cell.source, int(number.group(1))))
    return found


def run_cell(source: str, ex: ModuleType) -> object:
    """Execute a cell like IPython does and return the value of its last expression."""
    tree = ast.parse(source)
    assert tree.body and isinstance(tree.body[-1], ast.Expr), "cell must end with ex.check(...)"
    namespace: dict[str, object] = {"ex": ex, "__name__": "__exercise__"}
    body = ast.Module(body=tree.body[:-1], type_ignores=[])
    # dont_inherit: this file's `from __future__ import annotations` must not leak into
    # the cell, which runs in the notebook without it.
    exec(compile(body, "<exercise cell>", "exec", dont_inherit=True), namespace)
    last = ast.Expression(tree.body[-1].value)
    return eval(compile(last, "<exercise cell>", "eval", dont_inherit=True), namespace)


@pytest.mark.parametrize("day,exercises", exercise_sets(), ids=lambda v: getattr(v, "day", v))
def test_every_reference_solution_passes(day: str, exercises: ExerciseSet) -> None:
    numbers = [e.number for e in exercises]
    assert numbers, f"{day} defines no exercises"
    for exercise in exercises:
        result = exercises.check(exercise.number, exercise.solution)
        assert result.passed, (
            f"{day} exercise {exercise.number}: reference solution fails: {result!r}")


@pytest.mark.parametrize("notebook,day,source,number", stub_cells(),
                         ids=lambda v: v if isinstance(v, str) and v.endswith(".ipynb") else "")
def test_every_untouched_stub_fails(notebook: str, day: str, source: str, number: int) -> None:
    ex = importlib.import_module(f"helpers.exercises.{day}")
    result = run_cell(source, ex)
    assert isinstance(result, CheckResult), f"{notebook}: exercise cell must end with ex.check(...)"
    assert not result.passed, f"{notebook} exercise {number}: the untouched stub passes its check"


def test_each_exercise_has_exactly_one_stub_cell() -> None:
    stubs = stub_cells()
    for day, exercises in exercise_sets():
        numbers = sorted(n for _, d, _, n in stubs if d == day)
        expected = sorted(e.number for e in exercises)
        assert numbers == expected, (
            f"{day}: stub cells for exercises {numbers}, but the module defines {expected}")


def test_check_reports_instead_of_crashing() -> None:
    demo = ExerciseSet("demo")

    def double(x: int) -> int:
        return 2 * x

    @demo.add(1, "double", hint="multiply", solution=double)
    def _check(fn: object) -> None:
        from helpers.exercises import ensure
        assert callable(fn)
        ensure(fn(2) == 4, "double(2) should be 4")

    def crashing(x: int) -> int:
        raise ZeroDivisionError("boom")

    def todo(x: int) -> int:
        raise NotImplementedError

    assert demo.check(1, double).passed
    assert "ZeroDivisionError: boom" in repr(demo.check(1, crashing))
    assert "not solved yet" in repr(demo.check(1, todo))
    assert "double(2) should be 4" in repr(demo.check(1, lambda x: x))
    with pytest.raises(ValueError, match="valid numbers: 1"):
        demo.check(7, double)
