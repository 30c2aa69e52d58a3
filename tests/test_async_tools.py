"""Running coroutines from synchronous code, inside or outside a running loop."""

from __future__ import annotations

import asyncio
import time

import pytest

from helpers.async_tools import run_in_fresh_loop


async def double_later(x: int) -> int:
    await asyncio.sleep(0.01)
    return 2 * x


async def fail() -> None:
    await asyncio.sleep(0)
    raise KeyError("missing")


def test_returns_the_result_and_raises_the_error() -> None:
    assert run_in_fresh_loop(double_later(21)) == 42
    with pytest.raises(KeyError, match="missing"):
        run_in_fresh_loop(fail())


def test_works_while_a_loop_is_running_in_this_thread() -> None:
    async def outer() -> int:
        with pytest.raises(RuntimeError, match="running event loop"):
            coro = double_later(1)
            try:
                asyncio.run(coro)
            finally:
                coro.close()
        return run_in_fresh_loop(double_later(5))  # what a Jupyter widget callback does

    assert asyncio.run(outer()) == 10


def test_times_out_instead_of_hanging() -> None:
    start = time.perf_counter()
    with pytest.raises(TimeoutError, match="within 0.1 s"):
        run_in_fresh_loop(asyncio.sleep(30), timeout=0.1)
    assert time.perf_counter() - start < 5


def test_a_blocking_coroutine_is_abandoned_and_reported() -> None:
    async def blocks() -> None:
        time.sleep(1.5)  # never yields to the loop, so the timeout cannot cancel it

    start = time.perf_counter()
    with pytest.raises(TimeoutError, match="block the event loop"):
        run_in_fresh_loop(blocks(), timeout=0.1)
    assert time.perf_counter() - start < 1.4


def test_bad_input_is_named() -> None:
    with pytest.raises(TypeError, match="plain function instead of an async def"):
        run_in_fresh_loop(42)  # type: ignore[arg-type]
    coro = double_later(1)
    with pytest.raises(ValueError, match="positive"):
        run_in_fresh_loop(coro, timeout=0)
    coro.close()
