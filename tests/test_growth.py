"""Tests for helpers.growth: interleaved growth measurements."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from helpers.growth import measure_growth, point_name


def test_one_time_per_size_in_size_order() -> None:
    times = measure_growth({"a": lambda n: (lambda: None), "b": lambda n: (lambda: n)},
                           [3, 1, 2], repeat=1, number=1)
    assert list(times) == ["a", "b"]
    assert all(len(v) == 3 and all(t >= 0 for t in v) for v in times.values())


def test_set_up_runs_once_per_point_and_outside_the_timing() -> None:
    built: list[tuple[str, int]] = []
    called: list[tuple[str, int]] = []

    def variant(name: str) -> Callable[[int], Callable[[], object]]:
        def set_up(n: int) -> Callable[[], object]:
            built.append((name, n))
            return lambda: called.append((name, n))
        return set_up

    measure_growth({"x": variant("x"), "y": variant("y")}, [10, 20], repeat=3, number=2,
                   min_span=0)
    assert sorted(built) == [("x", 10), ("x", 20), ("y", 10), ("y", 20)]
    assert len(called) == 4 * 3 * 2  # every point, every round, `number` calls each
    # Interleaved: the second round does not start with the point the first one did.
    assert called[0] != called[8]


def test_slower_work_measures_slower() -> None:
    times = measure_growth({"work": lambda n: (lambda: sum(range(n)))}, [10, 100_000],
                           repeat=3)
    assert times["work"][1] > 10 * times["work"][0]


def test_point_names_are_readable() -> None:
    assert point_name("list", 1000) == "list @ n=1000"


@pytest.mark.parametrize("sizes,message", [
    ([], "at least one size"),
    ([0, 10], "positive integers"),
    ([2.5], "positive integers"),
    ([True], "positive integers"),
    ([10, 10], "must not repeat"),
])
def test_bad_sizes_are_refused(sizes: list[int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        measure_growth({"a": lambda n: (lambda: None)}, sizes)


def test_bad_variants_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one variant"):
        measure_growth({}, [1])
    with pytest.raises(TypeError, match="set-up function"):
        measure_growth({"a": 42}, [1])  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="zero-argument callable for n=1"):
        measure_growth({"a": lambda n: n}, [1])  # type: ignore[arg-type, return-value]


def test_the_clock_is_the_one_given() -> None:
    ticks = iter(range(1_000_000))
    times = measure_growth({"a": lambda n: (lambda: None)}, [1, 2], repeat=2, number=1,
                           min_span=0, clock=lambda: float(next(ticks)))
    assert times["a"] == [1.0, 1.0]  # each sample reads the fake clock twice: 1 tick apart


def test_default_clock_is_cpu_time_where_fine_grained() -> None:
    import time

    from helpers.growth import default_clock
    clock = default_clock()
    if time.get_clock_info("thread_time").resolution <= 1e-6:
        assert clock is time.thread_time
    else:
        assert clock is time.perf_counter


def test_samples_last_about_the_target() -> None:
    import time
    calls = 0

    def set_up(n: int) -> Callable[[], object]:
        def call() -> None:
            nonlocal calls
            calls += 1
        return call

    measure_growth({"a": set_up}, [1], repeat=1, target=0.01, clock=time.perf_counter)
    assert calls > 100  # a call of well under a microsecond is looped, not timed once


@pytest.mark.parametrize("kwargs,message", [
    ({"repeat": 0}, "repeat must be at least 1"),
    ({"target": 0}, "target must be a positive"),
    ({"number": 0}, "number must be at least 1"),
    ({"min_span": -1}, "min_span must be 0 or more"),
])
def test_bad_options_are_refused(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        measure_growth({"a": lambda n: (lambda: None)}, [1], **kwargs)  # type: ignore[arg-type]


def test_rounds_are_spread_over_min_span() -> None:
    import time
    rounds = 0

    def set_up(n: int) -> Callable[[], object]:
        def call() -> None:
            nonlocal rounds
            rounds += 1
        return call

    start = time.perf_counter()
    measure_growth({"a": set_up}, [1], repeat=2, number=1, min_span=0.05)
    assert time.perf_counter() - start >= 0.05 or rounds == 20  # spread, or capped at 10x
    assert rounds > 2  # a call this cheap needs many more rounds than `repeat` to span 50 ms
    rounds = 0
    measure_growth({"a": set_up}, [1], repeat=2, number=1, min_span=0)
    assert rounds == 2
