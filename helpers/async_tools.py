"""Run a coroutine to completion from plain (synchronous) code, even inside Jupyter.

``asyncio.run()`` refuses to start while the current thread is already running
an event loop, and a Jupyter kernel always is. Exercise checks and widget
callbacks are ordinary functions, so they hand the coroutine to
``run_in_fresh_loop``: it runs on a brand-new event loop in a helper thread,
under a timeout, and its result (or its exception) comes back to the caller.
Nothing can hang: a coroutine that ignores the timeout is abandoned on a daemon
thread and reported.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Awaitable
from typing import Any, TypeVar

__all__ = ["run_in_fresh_loop"]

T = TypeVar("T")


def run_in_fresh_loop(awaitable: Awaitable[T], *, timeout: float = 10.0) -> T:
    """Run ``awaitable`` on a new event loop in a helper thread; return its result.

    Raises whatever the awaitable raised, or ``TimeoutError`` if it did not finish
    within ``timeout`` seconds. A coroutine that blocks its loop (``time.sleep``)
    or swallows the cancellation is given one more second, then abandoned.
    """
    if not inspect.isawaitable(awaitable):
        raise TypeError(f"expected a coroutine or other awaitable, got {type(awaitable).__name__}"
                        " (did you call a plain function instead of an async def?)")
    if timeout <= 0:
        raise ValueError(f"timeout must be positive, got {timeout}")
    outcome: dict[str, Any] = {}

    async def guarded() -> T:
        try:
            return await asyncio.wait_for(awaitable, timeout)
        except TimeoutError:
            raise TimeoutError(f"did not finish within {timeout} s") from None

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(guarded())
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="fresh-event-loop", daemon=True)
    thread.start()
    thread.join(timeout + 1.0)
    if thread.is_alive():
        raise TimeoutError(f"did not finish within {timeout} s, and ignored cancellation "
                           "(does it block the event loop or swallow CancelledError?)")
    if "error" in outcome:
        raise outcome["error"]
    value: T = outcome["value"]
    return value
