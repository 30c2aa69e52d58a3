"""Write navigation cells into every day notebook and regenerate the index.

Usage: python scripts/nav.py [NOTEBOOK ...]   (default: every day notebook)

Only markdown cells tagged ``nav-top`` / ``nav-bottom`` and the index
notebook are written; a day's code cells and their outputs are never touched.
The index is always rebuilt from course.toml, the notebooks and the exercise
modules (``python scripts/nav.py notebooks/index.ipynb`` rebuilds only the
index), and executed in a fresh kernel with an empty, temporary progress
folder, so its stored outputs show a fresh start. It is written only if it
changed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from helpers.course import Course, index_notebook, load_course
from helpers.kernels import UnixSocketKernelManager
from helpers.progress import STATE_ENV

sys.path.insert(0, str(Path(__file__).resolve().parent))
from execute import tidy  # noqa: E402


def set_nav(course: Course, only: set[str] | None = None) -> list[str]:
    changed = []
    for day in course.days:
        path = course.notebooks_dir / day.file
        if not path.exists() or (only is not None and day.file not in only):
            continue
        nb = nbformat.read(path, as_version=4)
        wanted = {"nav-top": course.nav_top(day), "nav-bottom": course.nav_bottom(day)}
        found = set()
        for cell in nb.cells:
            for tag, text in wanted.items():
                if tag in cell.get("metadata", {}).get("tags", []):
                    found.add(tag)
                    if cell.source != text:
                        cell.source = text
                        changed.append(f"{day.file}: {tag}")
        for tag, text in wanted.items():
            if tag not in found:
                cell = nbformat.v4.new_markdown_cell(text, metadata={"tags": [tag]})
                cell["id"] = tag
                if tag == "nav-top":
                    nb.cells.insert(0, cell)
                else:
                    nb.cells.append(cell)
                changed.append(f"{day.file}: {tag} added")
        nbformat.write(nb, path)
    return changed


def executed_index(course: Course) -> str:
    """The index notebook, executed top to bottom, exactly as it is stored on disk."""
    nb = index_notebook(course)
    saved = os.environ.get(STATE_ENV)
    with tempfile.TemporaryDirectory(prefix="course-state-") as state:
        os.environ[STATE_ENV] = state  # the kernel inherits it: a fresh start, not yours
        try:
            NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=False,
                           kernel_manager_class=UnixSocketKernelManager,
                           resources={"metadata": {"path": str(course.notebooks_dir)}}
                           ).execute()
        except CellExecutionError as exc:
            raise SystemExit(f"index.ipynb: a cell failed\n{exc}") from None
        finally:
            if saved is None:
                os.environ.pop(STATE_ENV, None)
            else:
                os.environ[STATE_ENV] = saved
    tidy(nb)
    nbformat.validate(nb)
    return str(nbformat.writes(nb)) + "\n"


def main(argv: list[str]) -> int:
    course = load_course()
    only = {Path(a).name for a in argv} or None
    changed = set_nav(course, only)
    index_path = course.notebooks_dir / "index.ipynb"
    new_index = executed_index(course)
    if not index_path.exists() or index_path.read_text(encoding="utf-8") != new_index:
        index_path.write_text(new_index, encoding="utf-8")
        changed.append("index.ipynb")
    print("\n".join(changed) if changed else "navigation already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
