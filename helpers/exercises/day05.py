"""Exercises for Day 05 – Decorators."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from helpers.exercises import ExerciseSet, ensure

exercises = ExerciseSet("Day 05")
check, hint, solution = exercises.check, exercises.hint, exercises.solution


# -- reference solutions ----------------------------------------------------

def count_calls(func: Callable[..., Any]) -> Callable[..., Any]:
    """Count every call of ``func`` (failed ones too) in ``wrapper.calls``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wrapper.calls += 1  # type: ignore[attr-defined]
        return func(*args, **kwargs)

    wrapper.calls = 0  # type: ignore[attr-defined]
    return wrapper


def fallback(default: Any, *exceptions: type[BaseException]
             ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Return ``default`` instead of raising one of ``exceptions``."""
    if not exceptions:
        raise ValueError("fallback needs at least one exception type")

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except exceptions:
                return default
        return wrapper

    return decorator


def require_keys(*keys: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Refuse a payload (the first argument) that lacks any of ``keys``."""
    if not keys:
        raise ValueError("require_keys needs at least one key")

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(payload: Any, *args: Any, **kwargs: Any) -> Any:
            if not isinstance(payload, Mapping):
                raise TypeError(f"{func.__name__} expects a dict payload, "
                                f"got {type(payload).__name__}")
            missing = [key for key in keys if key not in payload]
            if missing:
                raise ValueError(f"missing keys: {', '.join(missing)}")
            return func(payload, *args, **kwargs)
        return wrapper

    return decorator


# -- checks -----------------------------------------------------------------

def _decorates_with_wraps(decorated: Any, original: Callable[..., Any]) -> None:
    ensure(callable(decorated), f"the decorator must return a function, got "
           f"{type(decorated).__name__}")
    ensure(getattr(decorated, "__name__", None) == original.__name__,
           f"the decorated function is called {getattr(decorated, '__name__', None)!r}, "
           f"expected {original.__name__!r}: use functools.wraps")
    ensure(getattr(decorated, "__doc__", None) == original.__doc__,
           "the docstring was lost: use functools.wraps")
    ensure(getattr(decorated, "__wrapped__", None) is original,
           "__wrapped__ should point to the original function: use functools.wraps")


@exercises.add(1, "count calls", solution=count_calls, hint="""
    Write wrapper(*args, **kwargs) with @functools.wraps(func). Set wrapper.calls = 0
    after defining it (a function attribute), add 1 *before* calling func so that a
    call that raises still counts, and return func's result.
""")
def _check_1(decorator: Any) -> None:
    seen: list[tuple[Any, ...]] = []

    def area(width: float, height: float = 1.0, *, unit: str = "m2") -> str:
        """Area of a rectangle."""
        seen.append((width, height, unit))
        return f"{width * height:g} {unit}"

    counted = decorator(area)
    ensure(not seen, "the decorator must not call the function while decorating it")
    _decorates_with_wraps(counted, area)
    ensure(getattr(counted, "calls", None) == 0,
           f"before any call, .calls should be 0, got {getattr(counted, 'calls', None)!r}")
    ensure(counted(2, 3) == "6 m2", "counted(2, 3) must return what area(2, 3) returns")
    ensure(counted(2, height=5, unit="ft2") == "10 ft2", "keyword arguments must be passed on")
    ensure(counted.calls == 2, f"after two calls, .calls should be 2, got {counted.calls!r}")

    def explode() -> None:
        """Always fails."""
        raise RuntimeError("boom")

    counted_explode = decorator(explode)
    try:
        counted_explode()
    except RuntimeError:
        pass
    else:
        ensure(False, "an exception from the function must propagate, not be swallowed")
    ensure(counted_explode.calls == 1, "a call that raised must be counted too")
    ensure(counted.calls == 2, "each decorated function needs its own counter")


@exercises.add(2, "a fallback decorator factory", solution=fallback, hint="""
    Three levels: fallback(default, *exceptions) checks its arguments and returns
    decorator(func), which returns wrapper(*args, **kwargs). In the wrapper,
    `except exceptions:` works directly, because `exceptions` is a tuple of classes.
    Anything else must propagate. Don't forget functools.wraps.
""")
def _check_2(factory: Any) -> None:
    def ratio(a: float, b: float) -> float:
        """Divide a by b."""
        return a / b

    safe_ratio = factory(0.0, ZeroDivisionError)(ratio)
    _decorates_with_wraps(safe_ratio, ratio)
    ensure(safe_ratio(6, 3) == 2.0, "a normal call must return the normal result")
    ensure(safe_ratio(1, b=0) == 0.0, "ZeroDivisionError must give the default 0.0 "
           "(and keyword arguments must be passed on)")
    try:
        safe_ratio("6", 3)
    except TypeError:
        pass
    else:
        ensure(False, "an exception that is not listed (TypeError) must propagate")

    def lookup(key: str) -> str:
        """Look a key up."""
        return {"a": "alpha"}[key] if key != "!" else str(int(key))

    safe_lookup = factory(None, KeyError, ValueError)(lookup)
    ensure(safe_lookup("a") == "alpha" and safe_lookup("zzz") is None,
           "a listed KeyError must give the default (None here)")
    ensure(safe_lookup("!") is None, "every listed exception type must be caught "
           "(ValueError is the second one here)")
    try:
        factory("x")
    except ValueError:
        pass
    else:
        ensure(False, "fallback('x') with no exception types must raise ValueError")


@exercises.add(3, "validate a payload before the handler", solution=require_keys, hint="""
    require_keys(*keys) raises ValueError if keys is empty, then returns decorator(func);
    its wrapper(payload, *args, **kwargs) checks isinstance(payload, Mapping) (TypeError
    otherwise), collects [k for k in keys if k not in payload] and raises
    ValueError("missing keys: " + ", ".join(missing)) when that list is not empty.
""")
def _check_3(factory: Any) -> None:
    calls: list[Any] = []

    def create_order(payload: dict[str, Any], *, dry_run: bool = False) -> str:
        """Create an order."""
        calls.append(payload)
        return f"order for {payload['customer']}" + (" (dry run)" if dry_run else "")

    guarded = factory("customer", "items", "total")(create_order)
    _decorates_with_wraps(guarded, create_order)
    good = {"customer": "ada", "items": ["book"], "total": 12}
    ensure(guarded(good) == "order for ada", "a complete payload must reach the handler")
    ensure(guarded(good, dry_run=True) == "order for ada (dry run)",
           "extra arguments must be passed on to the handler")
    for payload, missing in [({"customer": "ada"}, "items, total"),
                             ({"total": 3, "items": []}, "customer"),
                             ({}, "customer, items, total")]:
        before = len(calls)
        try:
            guarded(payload)
        except ValueError as exc:
            ensure(str(exc) == f"missing keys: {missing}",
                   f"for {payload!r} expected the message 'missing keys: {missing}', got {exc}")
        else:
            ensure(False, f"{payload!r} lacks {missing}: expected ValueError")
        ensure(len(calls) == before, "the handler must not run when keys are missing")
    try:
        guarded(["customer"])
    except TypeError:
        pass
    else:
        ensure(False, "a payload that is not a dict must raise TypeError")
    try:
        factory()
    except ValueError:
        pass
    else:
        ensure(False, "require_keys() with no keys must raise ValueError")
