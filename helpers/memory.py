"""Memory and resource probes: peak allocations and open file descriptors."""

from __future__ import annotations

import os
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["MemoryResult", "peak_memory", "open_fd_count"]


@dataclass(frozen=True)
class MemoryResult:
    """What a call returned, and the most memory it had allocated at once (bytes)."""

    result: Any
    peak_bytes: int

    @property
    def peak_kib(self) -> float:
        return self.peak_bytes / 1024


def peak_memory(fn: Callable[..., Any], *args: Any, repeat: int = 3, **kwargs: Any) -> MemoryResult:
    """Call ``fn`` under ``tracemalloc`` and report its peak Python allocation.

    Only allocations made during the call count (the peak is reset first), so
    the figure is the extra memory the call needed, not what already existed.

    ``tracemalloc`` counts every thread's allocations, and a Jupyter kernel has
    threads of its own (sending output, answering the browser). Their work can
    only add to a peak, never take from it, so the call is made ``repeat`` times
    and the smallest peak is reported, as timing takes the fastest run. The
    result returned is the last call's; ``fn`` must be safe to call again.
    """
    if not callable(fn):
        raise TypeError(f"peak_memory needs a callable, got {type(fn).__name__}")
    if isinstance(repeat, bool) or not isinstance(repeat, int) or repeat < 1:
        raise ValueError(f"repeat must be a whole number of calls, at least 1, got {repeat!r}")
    one_shot = [a for a in (*args, *kwargs.values()) if isinstance(a, Iterator)]
    if repeat > 1 and one_shot:
        raise ValueError(
            f"peak_memory calls fn {repeat} times, but it was given a one-shot "
            f"{type(one_shot[0]).__name__}: every call after the first would see it empty. "
            "Wrap the call so each one builds its own, e.g. peak_memory(lambda: fn(make_items())), "
            "or pass repeat=1")
    already = tracemalloc.is_tracing()
    if not already:
        tracemalloc.start()
    try:
        peaks: list[int] = []
        result: Any = None
        for _ in range(repeat):
            result = None  # the previous call's result must not sit in the next baseline
            tracemalloc.reset_peak()
            baseline, _ = tracemalloc.get_traced_memory()
            result = fn(*args, **kwargs)
            _, peak = tracemalloc.get_traced_memory()
            peaks.append(max(peak - baseline, 0))
    finally:
        if not already:
            tracemalloc.stop()
    return MemoryResult(result, min(peaks))


def open_fd_count(under: str | os.PathLike[str] | None = None) -> int:
    """How many file descriptors this process has open (Linux and macOS).

    With ``under``, count only descriptors of files inside that folder (Linux):
    the kernel's own sockets and helper threads then cannot disturb the count.
    """
    if under is not None:
        if not os.path.isdir("/proc/self/fd"):
            raise OSError("counting descriptors by path needs /proc (Linux)")
        prefix = os.path.realpath(under) + os.sep
        count = 0
        for fd in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:  # closed between listdir and readlink
                continue
            count += target.startswith(prefix)
        return count
    for folder in ("/proc/self/fd", "/dev/fd"):
        if os.path.isdir(folder):
            return len(os.listdir(folder)) - 1  # listdir itself holds one open
    raise OSError("cannot count open file descriptors on this platform")
