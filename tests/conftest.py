"""Shared fixtures for the helpers' tests and the notebook checks."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import pytest

from helpers.progress import STATE_ENV

matplotlib.use("Agg")  # no display here, and figure tests need a stable backend

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

# Solved exercises are remembered in the learner's state folder. A test run must
# neither read nor write it: this process, and every kernel it starts for a notebook,
# gets an empty temporary folder instead (outside the repository, removed at exit),
# so a bare `pytest` is as safe as `make test`.
_SESSION_STATE = tempfile.mkdtemp(prefix="course-state-")
atexit.register(shutil.rmtree, _SESSION_STATE, ignore_errors=True)
os.environ[STATE_ENV] = _SESSION_STATE


def pytest_unconfigure() -> None:
    """Pytest workers may leave without running atexit: remove the folder here too."""
    shutil.rmtree(_SESSION_STATE, ignore_errors=True)


@pytest.fixture(autouse=True)
def _own_progress_folder(tmp_path_factory: pytest.TempPathFactory,
                         monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets an empty progress folder of its own: a reference solution that
    passes its check is recorded there, never where a notebook's kernel looks."""
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv(STATE_ENV, str(folder))
    yield folder
