"""Refuse every network connection beyond this machine's loopback.

`make test` and `make execute` copy this file into the kernels' IPython
start-up folder, so while the suite runs a notebook that tries to reach the
outside world fails loudly instead of silently depending on the network.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any


class OutsideNetworkError(ConnectionRefusedError):
    """A lesson tried to reach beyond 127.0.0.1."""


def _is_loopback(host: object) -> bool:
    if host in ("localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).strip("[]")).is_loopback
    except ValueError:
        return False


def check_address(address: Any, action: str) -> None:
    """Raise unless ``address`` is a Unix socket path or a loopback (host, port)."""
    if not isinstance(address, tuple):
        return  # AF_UNIX paths (multiprocessing, forkserver) stay on this machine
    host = address[0]
    if not _is_loopback(host):
        raise OutsideNetworkError(
            f"{action} {host!r} refused: the course only talks to 127.0.0.1")


def install() -> None:
    """Patch the socket module so non-loopback connects, binds and lookups fail."""
    if getattr(socket, "_course_guard_installed", False):
        return
    cls = socket.socket
    original_connect, original_connect_ex = cls.connect, cls.connect_ex
    original_bind, original_getaddrinfo = cls.bind, socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        check_address(address, "connecting to")
        original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check_address(address, "connecting to")
        return original_connect_ex(self, address)

    def bind(self: socket.socket, address: Any) -> None:
        check_address(address, "binding to")
        original_bind(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in (None, "") and not _is_loopback(host):
            raise OutsideNetworkError(f"looking up {host!r} refused: loopback only")
        return original_getaddrinfo(host, *args, **kwargs)

    cls.connect, cls.connect_ex, cls.bind = connect, connect_ex, bind  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo
    socket._course_guard_installed = True  # type: ignore[attr-defined]


if __name__ != "tests.loopback_guard":  # run as an IPython start-up file
    install()
