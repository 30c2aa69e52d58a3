"""Exercises for Day 05 – Decorators."""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import Callable, Coroutine, Generator, Mapping
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
                raise TypeError(f"{func.__name__} expects a mapping payload, "
                                f"got {type(payload).__name__}")
            missing = [key for key in keys if key not in payload]
            if missing:
                raise ValueError(f"missing keys: {', '.join(missing)}")
            return func(payload, *args, **kwargs)
        return wrapper

    return decorator


def track_in_flight(gauge: dict[str, int]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Keep ``gauge[name]`` equal to the number of calls of the function running right now."""

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        name = func.__name__
        gauge.setdefault(name, 0)

        if inspect.iscoroutinefunction(func):
            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                gauge[name] += 1
                try:
                    return await func(*args, **kwargs)
                finally:
                    gauge[name] -= 1
            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            gauge[name] += 1
            try:
                return func(*args, **kwargs)
            finally:
                gauge[name] -= 1
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
    Functions are objects: a wrapper can carry an attribute of its own, set once
    after the wrapper is defined. Think about *when* the count goes up: a call that
    raises never reaches the line after it. And keep the original's identity.
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
    This is a decorator with arguments, so it has three levels, like retry in the
    lesson; the argument check belongs to the outermost one. An `except` clause
    accepts a tuple of exception classes, and `*exceptions` already is one.
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
    subclass_message = ("a subclass of a listed exception (KeyError is a LookupError) must "
                        "give the default too, as an except clause would")
    try:
        from_subclass = factory(None, LookupError)(lookup)("zzz")
    except KeyError:
        ensure(False, subclass_message)
    ensure(from_subclass is None, subclass_message)
    try:
        factory("x")
    except ValueError:
        pass
    else:
        ensure(False, "fallback('x') with no exception types must raise ValueError")


@exercises.add(3, "validate a payload before the handler", solution=require_keys, hint="""
    The wrapper can name its first parameter (the payload) and still pass everything
    else on with *args and **kwargs. To report *every* missing key, collect them all
    before raising, in the order require_keys received them. A dict is not the only
    mapping: collections.abc names what all mappings have in common.
""")
def _check_3(factory: Any) -> None:
    calls: list[Any] = []

    def create_order(payload: dict[str, Any], *, dry_run: bool = False) -> str:
        """Create an order."""
        calls.append(payload)
        return f"order for {payload['customer']}" + (" (dry run)" if dry_run else "")

    guarded = factory("total", "customer", "items")(create_order)  # not alphabetical
    _decorates_with_wraps(guarded, create_order)
    good = {"customer": "ada", "items": ["book"], "total": 12}
    ensure(guarded(good) == "order for ada", "a complete payload must reach the handler")
    ensure(guarded(good, dry_run=True) == "order for ada (dry run)",
           "extra arguments must be passed on to the handler")
    for payload, missing in [({"customer": "ada"}, "total, items"),
                             ({"total": 3, "items": []}, "customer"),
                             ({}, "total, customer, items")]:
        before = len(calls)
        try:
            guarded(payload)
        except ValueError as exc:
            ensure(str(exc) == f"missing keys: {missing}",
                   f"for {payload!r} expected the message 'missing keys: {missing}', got {exc}")
        else:
            ensure(False, f"{payload!r} lacks {missing}: expected ValueError")
        ensure(len(calls) == before, "the handler must not run when keys are missing")
    read_only = types.MappingProxyType(dict(good))      # a mapping that is not a dict
    try:
        result = guarded(read_only)
    except TypeError:
        ensure(False, "types.MappingProxyType is a mapping (though not a dict): "
               "it must reach the handler, not raise TypeError")
    ensure(result == "order for ada" and calls[-1] is read_only,
           "a complete read-only mapping (types.MappingProxyType) must reach the handler")
    try:
        guarded(["customer"])
    except TypeError:
        pass
    else:
        ensure(False, "a payload that is not a mapping (here a list) must raise TypeError")
    try:
        factory()
    except ValueError:
        pass
    else:
        ensure(False, "require_keys() with no keys must raise ValueError")


def _yield_once() -> Generator[None, None, None]:
    yield  # suspends the coroutine that awaits it, like a real await on I/O


_pause = types.coroutine(_yield_once)


@exercises.add(4, "an in-flight gauge for sync and async functions", solution=track_in_flight,
               hint="""
    The count must go up when the body starts and down when it ends, however it ends.
    For an `async def` function, calling it only creates a coroutine: where does the
    body actually run, and what kind of wrapper can wait for it?
    inspect.iscoroutinefunction tells the two kinds of function apart.
""")
def _check_4(factory: Any) -> None:
    gauge: dict[str, int] = {}
    decorate = factory(gauge)
    seen: list[int] = []

    def resize(width: int, *, height: int = 1) -> int:
        """Resize an image."""
        seen.append(gauge.get("resize", -1))
        if width < 0:
            raise ValueError("negative width")
        return width * height

    tracked = decorate(resize)
    _decorates_with_wraps(tracked, resize)
    ensure(gauge.get("resize") == 0, "right after decorating, gauge['resize'] should be 0, "
           f"got {gauge.get('resize')!r}")
    ensure(tracked(3, height=2) == 6, "the decorated function must return the original's result")
    ensure(seen == [1], f"while resize runs, gauge['resize'] should be 1, it was {seen[-1:]!r}")
    ensure(gauge["resize"] == 0, f"after the call, gauge['resize'] should be 0, "
           f"got {gauge['resize']!r}")
    try:
        tracked(-1)
    except ValueError:
        pass
    else:
        ensure(False, "an exception from the function must propagate")
    ensure(gauge["resize"] == 0, "a call that raised must leave the gauge too (use finally)")

    async def download(url: str) -> str:
        """Download a page."""
        seen.append(gauge.get("download", -1))
        await _pause()
        if url == "bad":
            raise ConnectionError("unreachable")
        return f"<html>{url}</html>"

    tracked_download = decorate(download)
    _decorates_with_wraps(tracked_download, download)
    ensure(inspect.iscoroutinefunction(tracked_download),
           "the decorated async function must still be an async function "
           "(inspect.iscoroutinefunction): frameworks decide by it whether to await")
    first, second = tracked_download("a"), tracked_download("bad")
    try:
        ensure(gauge["download"] == 0, "creating a coroutine must not count: its body has "
               f"not started, yet gauge['download'] is {gauge['download']!r}")
        _step(first)
        _step(second)
        ensure(gauge["download"] == 2, "two downloads are suspended at an await, both still "
               f"in flight: gauge['download'] should be 2, got {gauge['download']!r}")
        ensure(_finish(first) == ("ok", "<html>a</html>"),
               "the awaited result must be the original's result")
        ensure(gauge["download"] == 1, "one download finished: gauge['download'] should be 1, "
               f"got {gauge['download']!r}")
        status, exc = _finish(second)
        ensure(status == "raised" and isinstance(exc, ConnectionError),
               "an exception raised inside the coroutine must propagate to whoever awaits it")
        ensure(gauge["download"] == 0, "a coroutine that raised must leave the gauge too")
    finally:
        first.close()
        second.close()


def _step(coroutine: Coroutine[Any, Any, Any]) -> None:
    """Run a coroutine up to its first suspension, as an event loop would."""
    try:
        coroutine.send(None)
    except StopIteration:
        ensure(False, "the coroutine finished without ever waiting: await the original")


def _finish(coroutine: Coroutine[Any, Any, Any]) -> tuple[str, Any]:
    """Resume a suspended coroutine to its end: ("ok", result) or ("raised", exception)."""
    try:
        coroutine.send(None)
    except StopIteration as stop:
        return "ok", stop.value
    except Exception as exc:  # the check inspects what the coroutine raised
        return "raised", exc
    ensure(False, "the coroutine suspended more often than the original does")
    return "raised", None  # not reached: ensure(False, ...) raises
