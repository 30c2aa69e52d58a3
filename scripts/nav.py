"""Write navigation cells into every day notebook and regenerate the index.

Usage: python scripts/nav.py [NOTEBOOK ...]   (default: every day notebook)

Only markdown cells tagged ``nav-top`` / ``nav-bottom`` and the index
notebook are written; code cells and their outputs are never touched.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from helpers.course import BINDER_BADGE, Course, load_course


def index_notebook(course: Course) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    intro = (
        f"# {course.title}\n\n"
        "A notebook course that takes working Python programmers to the level where they "
        "reason about references, closures, decorators, errors, project structure, "
        "validation, tests, types, configuration, streams, generators, threads, processes, "
        "async, CLIs, HTTP, API design, data structures, algorithms and immutability the way "
        "senior backend engineers do.\n\n"
        "Every lesson runs, every claim is checked by an `assert`, and every day ends with "
        "self-checking exercises. Run a notebook top to bottom with *Run All*; change "
        "anything and run it again.\n\n"
        f"[![Launch on Binder]({BINDER_BADGE})]({course.binder_url('index.ipynb')})"
    )
    cells = [nbformat.v4.new_markdown_cell(intro)]
    for name, numbers in course.groups:
        lines = [f"## {name}", ""]
        for n in numbers:
            day = course.day(n)
            if course.written(day):
                lines.append(f"- **[{day.heading}]({day.file})**: {day.promise}")
            else:
                lines.append(f"- {day.heading} *(not written yet)*: {day.promise}")
        cells.append(nbformat.v4.new_markdown_cell("\n".join(lines)))
    cells.append(nbformat.v4.new_markdown_cell(
        "## How to use these notebooks\n\n"
        "- Each day opens with what you will learn and one key insight, then one section per "
        "topic: a claim, the smallest experiment that shows it, and an `assert` that fails if "
        "Python ever behaves otherwise.\n"
        "- Exercises end each day. Edit the stub, run the cell, and read the ✅ or ❌. "
        "`ex.hint(n)` gives a nudge and `ex.solution(n)` shows a reference answer.\n"
        "- Files the lessons write go to a temporary workspace that is deleted afterwards, "
        "so running a notebook never changes the repository."))
    for i, cell in enumerate(cells):
        cell["id"] = f"index-{i}"
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


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


def main(argv: list[str]) -> int:
    course = load_course()
    only = {Path(a).name for a in argv} or None
    changed = set_nav(course, only)
    index_path = course.notebooks_dir / "index.ipynb"
    new_index = nbformat.writes(index_notebook(course))
    if not index_path.exists() or index_path.read_text(encoding="utf-8") != new_index + "\n":
        index_path.write_text(new_index + "\n", encoding="utf-8")
        changed.append("index.ipynb")
    print("\n".join(changed) if changed else "navigation already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
