"""The environment banner: what machine the numbers in a notebook come from."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass

__all__ = ["EnvironmentInfo", "environment_info", "environment_banner"]


@dataclass(frozen=True)
class EnvironmentInfo:
    """Facts that explain timing and concurrency results."""

    python_version: str
    implementation: str
    cores_available: int
    cores_total: int
    gil_enabled: bool | None  # None: the interpreter cannot say
    gil_note: str

    def __str__(self) -> str:
        gil = {True: "enabled", False: "disabled", None: "unknown"}[self.gil_enabled]
        return (
            f"Python {self.python_version} ({self.implementation})\n"
            f"CPU cores available to this process: {self.cores_available}"
            f" (machine has {self.cores_total})\n"
            f"GIL: {gil} - {self.gil_note}"
        )


def _cores_available() -> int:
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return int(os.process_cpu_count() or 1)
    if hasattr(os, "sched_getaffinity"):  # Linux: respects taskset and containers' cpusets
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def environment_info() -> EnvironmentInfo:
    """Read the interpreter and CPU facts of the running process."""
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    if is_gil_enabled is not None:  # Python 3.13+
        enabled: bool | None = bool(is_gil_enabled())
        note = "reported by sys._is_gil_enabled()"
    elif platform.python_implementation() == "CPython":
        enabled = True
        note = "CPython before 3.13 always runs with the GIL"
    else:
        enabled = None
        note = f"{platform.python_implementation()} does not report it"
    return EnvironmentInfo(
        python_version=platform.python_version(),
        implementation=platform.python_implementation(),
        cores_available=_cores_available(),
        cores_total=os.cpu_count() or 1,
        gil_enabled=enabled,
        gil_note=note,
    )


def environment_banner() -> EnvironmentInfo:
    """Print the banner and return the facts, so a notebook can assert on them."""
    info = environment_info()
    print(info)
    return info
