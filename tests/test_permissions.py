"""Tests for helpers.permissions: permission bits apply to the child, even for root."""

from __future__ import annotations

import os
import stat

import pytest

from helpers.permissions import run_as_ordinary_user, runs_as_root
from helpers.workspace import Workspace, WorkspaceError

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions only")

WRITE = """
import sys
try:
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        f.write("x")
except PermissionError as error:
    print("denied:", error.strerror)
    sys.exit(3)
print("written")
"""


def test_a_read_only_folder_refuses_writes() -> None:
    with Workspace() as ws:
        ws.write("write.py", WRITE)
        locked = ws.resolve("locked")
        locked.mkdir()
        locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
        try:
            result = run_as_ordinary_user(ws, "python", "write.py", "locked/new.txt")
        finally:
            locked.chmod(stat.S_IRWXU)
        assert result.returncode == 3, result
        assert result.stdout == "denied: Permission denied\n"
        assert not (locked / "new.txt").exists()


def test_an_unreadable_file_cannot_be_read() -> None:
    with Workspace() as ws:
        ws.write("read.py", "import sys\nprint(open(sys.argv[1]).read())\n")
        secret = ws.write("secret.txt", "hidden")
        secret.chmod(0)
        try:
            result = run_as_ordinary_user(ws, "python", "read.py", "secret.txt")
        finally:
            secret.chmod(stat.S_IRUSR | stat.S_IWUSR)
        assert result.returncode == 1
        assert "PermissionError" in result.stderr and "hidden" not in result.stdout


def test_normal_files_still_work_and_output_is_cleaned() -> None:
    with Workspace() as ws:
        ws.write("write.py", WRITE)
        result = run_as_ordinary_user(ws, "python", "write.py", "ok.txt",
                                      env={"EXTRA": "1"})
        assert (result.returncode, result.stdout) == (0, "written\n")
        assert ws.read("ok.txt") == "x"
        assert result.command == "python write.py ok.txt"
        ws.write("where.py", "import os\nprint(os.getcwd())\n")
        assert run_as_ordinary_user(ws, "python", "where.py").stdout == "<workspace>\n"


def test_bad_commands_get_clear_errors() -> None:
    with Workspace() as ws:
        with pytest.raises(WorkspaceError, match="needs a command"):
            run_as_ordinary_user(ws)
        with pytest.raises(WorkspaceError, match="no such program"):
            run_as_ordinary_user(ws, "no-such-program-xyz")
        ws.write("slow.py", "import time\ntime.sleep(30)\n")
        with pytest.raises(WorkspaceError, match="did not finish"):
            run_as_ordinary_user(ws, "python", "slow.py", timeout=0.5)


def test_runs_as_root_matches_the_effective_user() -> None:
    assert runs_as_root() is (os.geteuid() == 0)
