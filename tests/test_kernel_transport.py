"""Kernels of the course's tooling talk over Unix sockets in a private folder.

Over TCP, a port freed by jupyter_client and taken by another process before
the kernel binds it kills the kernel at start; Unix sockets cannot collide.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbval.kernel
import pytest

from helpers.kernels import UnixSocketKernelManager

ROOT = Path(__file__).resolve().parents[1]
posix_only = pytest.mark.skipif(os.name != "posix", reason="Unix sockets are a POSIX transport")


@posix_only
def test_nbval_kernels_use_unix_sockets_outside_the_repository() -> None:
    assert nbval.kernel.KernelManager is UnixSocketKernelManager  # set by conftest.py
    manager = UnixSocketKernelManager(kernel_name="python3")
    assert manager.transport == "ipc"
    folder = Path(manager.ip).parent
    assert folder.is_dir() and folder.name.startswith("course-kernels-")
    assert ROOT not in folder.resolve().parents
    assert len(f"{manager.ip}-99999") < 100  # AF_UNIX paths are limited to 107 bytes

