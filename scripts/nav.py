"""Write navigation cells into every day notebook and regenerate the index.

Usage: python scripts/nav.py [NOTEBOOK ...]   (default: every day notebook)

Only markdown cells tagged ``nav-top`` / ``nav-bottom`` and the index
notebook are written; code cells and their outputs are never touched.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from helpers.course import Course, index_text, load_course


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
    new_index = index_text(course)
    if not index_path.exists() or index_path.read_text(encoding="utf-8") != new_index:
        index_path.write_text(new_index, encoding="utf-8")
        changed.append("index.ipynb")
    print("\n".join(changed) if changed else "navigation already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
