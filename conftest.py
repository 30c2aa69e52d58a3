"""Settings for every pytest run of the repository, including nbval's kernels.

nbval starts one kernel per notebook. Over TCP, jupyter_client picks five free
ports, closes them and hands them to the kernel, which binds them about a
second later, after its imports. With two workers, a port can be taken in
between by the other worker's lesson (an HTTP client's ephemeral port, a
server on port 0), and the kernel dies at start ("Kernel died before replying
to kernel_info"). So on POSIX the kernels talk over Unix sockets in a private
folder of this process, which nothing else can take.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from typing import Any

if os.name == "posix":
    import nbval.kernel
    from jupyter_client.manager import KernelManager

    _sockets: list[str] = []  # the private folder, made when the first kernel starts

    def _socket_folder() -> str:
        if not _sockets:
            _sockets.append(tempfile.mkdtemp(prefix="course-kernels-"))
            atexit.register(_remove_socket_folder)
        return _sockets[0]

    def _remove_socket_folder() -> None:
        while _sockets:
            shutil.rmtree(_sockets.pop(), ignore_errors=True)

    class UnixSocketKernelManager(KernelManager):
        """A kernel manager whose channels are Unix sockets in a private folder."""

        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", os.path.join(_socket_folder(), "kernel"))
            super().__init__(**kwargs)

    nbval.kernel.KernelManager = UnixSocketKernelManager

    def pytest_unconfigure() -> None:
        """Pytest workers may leave without running atexit: remove the folder here."""
        _remove_socket_folder()
