"""The loopback guard refuses the outside world and lets loopback through."""

from __future__ import annotations

import socket
import subprocess
import sys

from .conftest import ROOT

PROBE = """
import socket, runpy
runpy.run_path({guard!r})
for target in [("192.0.2.1", 80), ("example.com", 80)]:
    s = socket.socket()
    try:
        s.connect(target)
    except ConnectionRefusedError as e:
        print("refused", type(e).__name__)
    finally:
        s.close()
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen()
client = socket.create_connection(server.getsockname(), timeout=2)
print("loopback ok")
client.close(); server.close()
try:
    socket.socket().bind(("0.0.0.0", 0))
except ConnectionRefusedError:
    print("bind to all interfaces refused")
"""


def test_guard_blocks_outside_and_allows_loopback() -> None:
    # In a child process, so the patch never leaks into this test session.
    code = PROBE.format(guard=str(ROOT / "tests" / "loopback_guard.py"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "refused OutsideNetworkError", "refused OutsideNetworkError", "loopback ok",
        "bind to all interfaces refused"]
    assert not getattr(socket, "_course_guard_installed", False)
