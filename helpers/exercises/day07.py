"""Exercises for Day 07 – Modules, Packages & Project Structure."""

from __future__ import annotations

import ast
from typing import Any

from helpers.exercises import ExerciseSet, ensure, outcome

exercises = ExerciseSet("Day 07")
check, hint, solution = exercises.check, exercises.hint, exercises.solution


_outcome = outcome


# -- 1. which modules does this source import? ------------------------------------

def resolve_imports(source: str, module: str, is_package: bool = False) -> set[str]:
    """The absolute names of the modules that ``source`` (the code of ``module``) imports.

    ``import a.b`` gives "a.b"; ``from a.b import c`` gives "a.b"; relative imports
    are resolved against ``module`` (or against ``module`` itself when it is a
    package's ``__init__.py``); ``from . import x`` gives "<package>.x".
    ``__future__`` is skipped. Too many dots raise ValueError.
    """
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                parts = package.split(".") if package else []
                if node.level - 1 >= len(parts):
                    raise ValueError(f"{module}: attempted relative import beyond top-level "
                                     "package")
                base = ".".join(parts[:len(parts) - (node.level - 1)])
                if node.module:
                    base = f"{base}.{node.module}"
            if base == "__future__":
                continue
            if node.module is None:  # from . import x, y: each name is a submodule
                found.update(f"{base}.{alias.name}" for alias in node.names)
            else:
                found.add(base)
    return found


@exercises.add(1, "resolve absolute and relative imports", solution=resolve_imports, hint="""
    Walk the tree with `ast.walk(ast.parse(source))`. `ast.Import` has `.names`
    (each with `.name`); `ast.ImportFrom` has `.module` (None for `from . import x`)
    and `.level` (the number of dots). The package a relative import starts from is
    `module` itself for an `__init__.py`, otherwise `module.rpartition(".")[0]`; each
    dot after the first goes one package up. If there are more dots than packages,
    raise ValueError.
    """)
def _check_1(fn: Any) -> None:
    cases: list[tuple[str, str, bool, set[str]]] = [
        ("import os\nimport json as j\nimport xml.etree.ElementTree", "app.main", False,
         {"os", "json", "xml.etree.ElementTree"}),
        ("from decimal import Decimal\nfrom exceptions.errors import AppError, PaymentError",
         "services.payment", False, {"decimal", "exceptions.errors"}),
        ("from .models import Order\nfrom ..core import config", "shop.api.views", False,
         {"shop.api.models", "shop.core"}),
        ("from . import views, models", "shop.api.urls", False,
         {"shop.api.views", "shop.api.models"}),
        ("from .models import Order\nfrom .. import version", "shop.api", True,
         {"shop.api.models", "shop.version"}),
        ("from __future__ import annotations\nimport sys", "tool", False, {"sys"}),
        ("def lazy():\n    from .heavy import run\n    return run()", "shop.jobs", False,
         {"shop.heavy"}),
        ("x = 1", "empty", False, set()),
    ]
    for source, module, is_package, expected in cases:
        status, got = _outcome(fn, source, module, is_package)
        shown = source.replace("\n", "; ")
        ensure(status == "ok", f"resolve_imports({shown!r}, {module!r}, {is_package}) raised "
                               f"{type(got).__name__}: {got}")
        ensure(got == expected, f"resolve_imports({shown!r}, {module!r}, is_package="
                                f"{is_package}) should be {sorted(expected)}, got "
                                f"{sorted(got) if isinstance(got, set) else got!r}")
    status, got = _outcome(fn, "from ...deep import x", "shop.api", False)
    ensure(status == "raised" and isinstance(got, ValueError),
           "from ...deep import x inside module 'shop.api' climbs above the top-level "
           "package: raise ValueError")


# -- 2. simulate the import system ----------------------------------------------

def import_trace(deps: dict[str, list[str]], entry: str) -> list[str]:
    """Simulate ``import entry`` with an empty module cache.

    A module is put in the cache when it *starts*; then its imports run in order;
    importing a module already in the cache (even one still running) does nothing.
    Returns events "start X" / "end X". Modules missing from deps import nothing.
    """
    cache: set[str] = set()
    events: list[str] = []

    def load(name: str) -> None:
        if name in cache:
            return
        cache.add(name)
        events.append(f"start {name}")
        for dependency in deps.get(name, []):
            load(dependency)
        events.append(f"end {name}")

    load(entry)
    return events


@exercises.add(2, "simulate the module cache", solution=import_trace, hint="""
    Keep a set `cache` and a list `events`, and write a recursive `load(name)`:
    return at once if `name` is in the cache; otherwise add it to the cache *before*
    loading its dependencies (that is what makes a circular import stop instead of
    looping), append "start name", load each dependency in order, append "end name".
    """)
def _check_2(fn: Any) -> None:
    chain = {"main": ["service"], "service": ["errors"], "errors": []}
    got = fn(chain, "main")
    expected = ["start main", "start service", "start errors", "end errors", "end service",
                "end main"]
    ensure(got == expected, f"a chain main -> service -> errors: expected {expected}, got {got}")
    diamond = {"main": ["validators", "services"], "validators": ["errors"],
               "services": ["errors", "decimal"]}
    got = fn(diamond, "main")
    expected = ["start main", "start validators", "start errors", "end errors",
                "end validators", "start services", "start decimal", "end decimal",
                "end services", "end main"]
    ensure(got == expected, f"errors is imported by two modules but must run once: expected "
                            f"{expected}, got {got}")
    cycle = {"a": ["b"], "b": ["a"]}
    got = fn(cycle, "a")
    ensure(got == ["start a", "start b", "end b", "end a"],
           f"a imports b, b imports a: b must see the half-finished a in the cache and not "
           f"start it again; got {got}")
    ensure(fn({"x": ["x"]}, "x") == ["start x", "end x"], "a module importing itself runs once")
    ensure(fn({}, "json") == ["start json", "end json"],
           "a module missing from deps imports nothing: expected ['start json', 'end json']")
    got = fn({"m": ["a", "b", "a"]}, "m")
    ensure(got == ["start m", "start a", "end a", "start b", "end b", "end m"],
           f"importing a twice in one module runs it once; got {got}")


# -- 3. find an import cycle ----------------------------------------------------

def find_cycle(deps: dict[str, list[str]]) -> list[str] | None:
    """A cycle in the import graph as [m1, m2, …, m1], or None when there is none."""
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> list[str] | None:
        if name in path:
            return path[path.index(name):] + [name]
        if name in done:
            return None
        for dependency in deps.get(name, []):
            cycle = visit(dependency, path + [name])
            if cycle:
                return cycle
        done.add(name)
        return None

    for start in sorted(deps):
        cycle = visit(start, [])
        if cycle:
            return cycle
    return None


def _is_cycle(deps: dict[str, list[str]], cycle: object) -> bool:
    if not isinstance(cycle, list) or len(cycle) < 2 or cycle[0] != cycle[-1]:
        return False
    return all(b in deps.get(a, []) for a, b in zip(cycle, cycle[1:], strict=False))


@exercises.add(3, "find an import cycle", solution=find_cycle, hint="""
    Depth-first search. Carry the path of modules you are inside; if you reach a module
    that is already on the path, the cycle is `path[path.index(name):] + [name]`.
    Remember modules that are fully explored so you never walk them twice, and start
    a search from every module (a cycle may not be reachable from the first one).
    """)
def _check_3(fn: Any) -> None:
    acyclic = {"main": ["services", "validators", "errors"], "services": ["errors"],
               "validators": ["errors"], "errors": []}
    got = fn(acyclic)
    ensure(got is None, f"the layered app has no cycle, expected None, got {got!r}")
    ensure(fn({}) is None, "no modules, no cycle: expected None")
    cases = [
        {"validators.user": ["services.payment"], "services.payment": ["validators.user"]},
        {"main": ["a"], "a": ["b"], "b": ["c"], "c": ["a"]},
        {"self": ["self"]},
        {"x": ["y"], "y": [], "p": ["q"], "q": ["r"], "r": ["p"]},
        {"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": ["e"], "e": ["c"]},
    ]
    for deps in cases:
        got = fn(deps)
        ensure(_is_cycle(deps, got),
               f"find_cycle({deps}) should return a cycle like ['a', 'b', 'a'] (each step an "
               f"import, first == last), got {got!r}")
