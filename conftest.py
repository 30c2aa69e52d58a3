"""Settings for every pytest run of the repository, including nbval's kernels.

nbval starts one kernel per notebook. Its kernels talk over Unix sockets in a
private folder (``helpers.kernels``): over TCP, a port freed by jupyter_client
and taken by another worker's lesson before the kernel binds it kills the
kernel at start ("Kernel died before replying to kernel_info").
"""

from __future__ import annotations

import os

if os.name == "posix":
    import nbval.kernel

    from helpers.kernels import UnixSocketKernelManager, remove_socket_folder

    nbval.kernel.KernelManager = UnixSocketKernelManager

    def pytest_unconfigure() -> None:
        """Pytest workers may leave without running atexit: remove the folder here."""
        remove_socket_folder()
