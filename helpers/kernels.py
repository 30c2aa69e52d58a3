"""Kernels that talk over Unix sockets, for the course's own tooling.

Over TCP, jupyter_client picks five free ports, closes them and hands them to
the kernel, which binds them about a second later, after its imports. A port
taken in between by another process (an HTTP client's ephemeral port, a server
on port 0, a second test worker) kills the kernel at start: "Kernel died
before replying to kernel_info". Unix sockets in a private folder of this
process cannot be taken by anyone else, and they do not leave the machine.

Used by the repository's ``conftest.py`` (nbval's kernels) and by
``scripts/execute.py``. POSIX only; elsewhere the default TCP manager stays.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from typing import Any

from jupyter_client.manager import KernelManager

__all__ = ["UnixSocketKernelManager", "remove_socket_folder", "socket_folder"]

_folders: list[str] = []  # the private folder, made when the first kernel starts


def socket_folder() -> str:
    """This process's private folder for kernel sockets (made on first use)."""
    if not _folders:
        _folders.append(tempfile.mkdtemp(prefix="course-kernels-"))
        atexit.register(remove_socket_folder)
    return _folders[0]


def remove_socket_folder() -> None:
    """Delete the folder; a later kernel makes a new one."""
    while _folders:
        shutil.rmtree(_folders.pop(), ignore_errors=True)


class UnixSocketKernelManager(KernelManager):
    """A kernel manager whose channels are Unix sockets in ``socket_folder()``."""

    def __init__(self, **kwargs: Any) -> None:
        if os.name == "posix":
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", os.path.join(socket_folder(), "kernel"))
        super().__init__(**kwargs)
