"""Scratch workspaces: every file a lesson writes goes here, never into the repository."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import textwrap
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

__all__ = ["Workspace", "RunResult", "WorkspaceError", "INHERITED_VARIABLES", "STABLE_VARIABLES"]

#: The only variables a program run in a workspace inherits from the kernel: what it
#: needs to find programs, a home, a locale and temporary space. Everything else in the
#: kernel's environment stays out, because tools change what they print when they see
#: it: pytest prints more when ``CI`` is set, colour is forced by ``FORCE_COLOR``,
#: ``PYTEST_ADDOPTS`` or ``PYTHONWARNINGS`` change a run. Output must not depend on
#: who runs the notebook.
INHERITED_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "SYSTEMROOT",
                       "MPLCONFIGDIR")

#: Set for every program unless the caller gives its own value: plain text, no
#: ``__pycache__`` left in the workspace, the same ``hash()`` order and the same
#: report width on every machine.
# PYTHONNODEBUGRANGES: tracebacks without the ^^^/~~~ markers under the failing
# expression (PEP 657), whose shape changed between 3.11 and 3.13, so a program's
# traceback reads the same on every supported Python.
STABLE_VARIABLES = {"NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
                    "COLUMNS": "80", "PYTHONNODEBUGRANGES": "1"}


class WorkspaceError(ValueError):
    """Raised for a path that would escape the workspace, or a closed workspace."""


@dataclass(frozen=True)
class RunResult:
    """What a program run in the workspace printed, and its exit code.

    Temporary paths and the interpreter's path are replaced by ``<workspace>``
    and ``python`` so the text is the same on every run and every machine.
    """

    command: str
    returncode: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        parts = [f"$ {self.command}"]
        if self.stdout:
            parts.append(self.stdout.rstrip("\n"))
        if self.stderr:
            parts.append("[stderr]\n" + self.stderr.rstrip("\n"))
        parts.append(f"[exit code {self.returncode}]")
        return "\n".join(parts)

    def show(self) -> RunResult:
        """Print the run as a learner would see it in a terminal; return self."""
        print(self)
        return self


class Workspace:
    """A temporary directory that is removed when closed (or when Python exits).

    >>> with Workspace() as ws:
    ...     _ = ws.write("hello.py", "print('hi')")
    ...     ws.run("python", "hello.py").stdout
    'hi\\n'
    """

    def __init__(self, prefix: str = "course-") -> None:
        self.path = Path(tempfile.mkdtemp(prefix=prefix)).resolve()
        self._finalizer = weakref.finalize(self, shutil.rmtree, self.path, ignore_errors=True)

    # -- life cycle -------------------------------------------------------
    def close(self) -> None:
        """Delete the workspace and everything in it."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:  # never show the random temporary path
        return f"<Workspace {'closed' if self.closed else 'open'}>"

    # -- files ------------------------------------------------------------
    def resolve(self, relative: str | os.PathLike[str]) -> Path:
        """The absolute path of ``relative`` inside the workspace."""
        if self.closed:
            raise WorkspaceError("this workspace is closed")
        if Path(relative).is_absolute():
            raise WorkspaceError(f"expected a path relative to the workspace, got {relative!s}")
        target = (self.path / relative).resolve()
        if target != self.path and self.path not in target.parents:
            raise WorkspaceError(f"{relative!s} points outside the workspace")
        return target

    def write(self, relative: str, text: str, *, dedent: bool = True) -> Path:
        """Write ``text`` to ``relative`` (creating folders); returns the path."""
        target = self.resolve(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        body = textwrap.dedent(text).lstrip("\n") if dedent else text
        target.write_text(body, encoding="utf-8")
        return target

    def read(self, relative: str) -> str:
        """Read a text file of the workspace."""
        return self.resolve(relative).read_text(encoding="utf-8")

    def tree(self, relative: str = ".") -> str:
        """A sorted listing of files and folders, like the ``tree`` command."""
        root = self.resolve(relative)
        lines = [root.name if relative != "." else "."]

        def walk(folder: Path, prefix: str) -> None:
            entries = sorted(
                (p for p in folder.iterdir() if p.name not in ("__pycache__", ".pytest_cache",
                                                                ".mypy_cache")),
                key=lambda p: p.name,
            )
            for i, entry in enumerate(entries):
                last = i == len(entries) - 1
                lines.append(f"{prefix}{'└── ' if last else '├── '}{entry.name}"
                             + ("/" if entry.is_dir() else ""))
                if entry.is_dir():
                    walk(entry, prefix + ("    " if last else "│   "))

        walk(root, "")
        return "\n".join(lines)

    def show_file(self, relative: str) -> None:
        """Print a file with its name as a header, as a learner would open it."""
        print(f"# ---- {relative} ----")
        print(self.read(relative).rstrip("\n"))

    # -- programs ---------------------------------------------------------
    def clean(self, text: str) -> str:
        """Replace volatile paths in ``text`` with stable placeholders."""
        text = text.replace(str(self.path), "<workspace>")
        return text.replace(sys.executable, "python")

    @staticmethod
    def program_environment(env: Mapping[str, str] | None = None, *,
                            replace_env: bool = False) -> dict[str, str]:
        """The environment a program run in a workspace gets (see :meth:`run`)."""
        base = {} if replace_env else {name: os.environ[name]
                                       for name in INHERITED_VARIABLES if name in os.environ}
        base.update(env or {})
        for name, value in STABLE_VARIABLES.items():
            base.setdefault(name, value)
        base.setdefault("PATH", os.environ.get("PATH", ""))
        return base

    def run(self, *args: str, env: Mapping[str, str] | None = None, replace_env: bool = False,
            cwd: str = ".", timeout: float = 60.0, stdin: str | None = None) -> RunResult:
        """Run a program inside the workspace and capture what it prints.

        ``"python"`` as the first argument means this kernel's interpreter, so the
        program sees the same installed packages. The program gets a small, stable
        environment: the kernel's ``INHERITED_VARIABLES`` and ``STABLE_VARIABLES``.
        ``env`` adds to it; with ``replace_env`` the program gets only ``env``, ``PATH``
        and ``STABLE_VARIABLES``. A program that runs longer than ``timeout`` seconds
        is killed and reported, never left hanging.
        """
        if not args:
            raise WorkspaceError("run() needs a command, e.g. run('python', 'main.py')")
        argv: Sequence[str] = [sys.executable if args[0] == "python" else args[0], *args[1:]]
        try:
            done = subprocess.run(argv, cwd=self.resolve(cwd), capture_output=True,
                                  env=self.program_environment(env, replace_env=replace_env),
                                  text=True, timeout=timeout, input=stdin, check=False)
        except subprocess.TimeoutExpired as exc:
            raise WorkspaceError(f"{shlex.join(args)} did not finish within {timeout} s") from exc
        except FileNotFoundError as exc:
            raise WorkspaceError(f"no such program: {args[0]}") from exc
        return RunResult(shlex.join(args), done.returncode, self.clean(done.stdout),
                         self.clean(done.stderr))
