"""Run a workspace program the way an ordinary user would meet file permissions.

Root is exempt from most permission checks: with ``CAP_DAC_OVERRIDE`` it may read
and write any file and search any folder whatever their mode bits say, so it writes
into a read-only folder and reads a file with mode ``000``. (Execute is the one bit it
still needs: root may run a file only if at least one of its ``x`` bits is set; see
capabilities(7).) Lessons that show how a program handles ``PermissionError``
would then show nothing when the notebook runs as root (in many containers it does).
:func:`run_as_ordinary_user` starts the program with root's two override
capabilities (``CAP_DAC_OVERRIDE``, ``CAP_DAC_READ_SEARCH``) removed, so permission
bits apply to it as to anyone else. For a process that is not root nothing changes,
so the output is the same on a laptop, on Binder and in a root container.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping

from helpers.workspace import RunResult, Workspace, WorkspaceError

__all__ = ["run_as_ordinary_user", "runs_as_root"]

# Runs in the child before the real program: drop the capabilities from the bounding
# set (prctl PR_CAPBSET_DROP = 24), then exec, which recomputes root's capabilities
# without them. A non-root process simply execs.
_LAUNCHER = """
import ctypes, os, sys
if hasattr(os, "geteuid") and os.geteuid() == 0:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            sys.exit("run_as_ordinary_user: cannot drop root's permission override "
                     f"(errno {ctypes.get_errno()})")
os.execv(sys.argv[1], sys.argv[1:])
"""


def runs_as_root() -> bool:
    """Whether this process runs as root (and so would bypass read and write permission bits)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def run_as_ordinary_user(ws: Workspace, *args: str, env: Mapping[str, str] | None = None,
                         timeout: float = 60.0) -> RunResult:
    """Like ``ws.run(*args)``, but file permission bits apply even when we are root.

    ``"python"`` as the first argument means this kernel's interpreter. The result
    prints as ``$ python prog.py ...`` with the workspace path replaced, exactly like
    :meth:`Workspace.run`.
    """
    if not args:
        raise WorkspaceError("run_as_ordinary_user() needs a command, e.g. ('python', 'x.py')")
    program = sys.executable if args[0] == "python" else shutil.which(args[0])
    if program is None:
        raise WorkspaceError(f"no such program: {args[0]}")
    # -I -S: the launcher needs no site-packages, so it starts in a few milliseconds
    argv = [sys.executable, "-I", "-S", "-c", _LAUNCHER, program, *args[1:]]
    try:
        done = subprocess.run(argv, cwd=ws.resolve("."), env=ws.program_environment(env),
                              capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise WorkspaceError(f"{shlex.join(args)} did not finish within {timeout} s") from exc
    return RunResult(shlex.join(args), done.returncode, ws.clean(done.stdout),
                     ws.clean(done.stderr))
