"""The course map (``course.toml``) and the navigation built from it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

__all__ = ["Day", "Course", "load_course", "index_notebook", "index_text", "REPO_ROOT"]

REPO_ROOT = Path(__file__).resolve().parents[1]
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
#: Stored in every notebook's metadata: enough for GitHub, nbviewer and Jupyter Book
#: to highlight code, and free of the patch version that differs between machines.
LANGUAGE_INFO = {"name": "python", "pygments_lexer": "ipython3", "file_extension": ".py",
                 "mimetype": "text/x-python", "codemirror_mode": {"name": "ipython", "version": 3},
                 "nbconvert_exporter": "python"}


@dataclass(frozen=True)
class Day:
    number: int
    title: str
    file: str
    promise: str

    @property
    def heading(self) -> str:
        return f"Day {self.number:02d} – {self.title}"


@dataclass(frozen=True)
class Course:
    title: str
    repository: str
    branch: str
    days: tuple[Day, ...]
    groups: tuple[tuple[str, tuple[int, ...]], ...]
    notebooks_dir: Path

    def day(self, number: int) -> Day:
        for day in self.days:
            if day.number == number:
                return day
        raise KeyError(f"no day {number} in the course map")

    def written(self, day: Day) -> bool:
        """Whether the day's notebook exists yet."""
        return (self.notebooks_dir / day.file).exists()

    def binder_url(self, notebook: str) -> str:
        return (f"https://mybinder.org/v2/gh/{self.repository}/{self.branch}"
                f"?urlpath=lab/tree/notebooks/{notebook}")

    def neighbours(self, day: Day) -> tuple[Day | None, Day | None]:
        """The previous and next days that exist, in course order."""
        written = [d for d in self.days if self.written(d)]
        i = written.index(day)
        return (written[i - 1] if i > 0 else None,
                written[i + 1] if i + 1 < len(written) else None)

    def nav_links(self, day: Day) -> str:
        """The previous · index · next line of a day notebook."""
        prev, nxt = self.neighbours(day)
        parts = [f"[← Day {prev.number:02d}]({prev.file})" if prev else "← (start)",
                 "[Course index](index.ipynb)",
                 f"[Day {nxt.number:02d} →]({nxt.file})" if nxt else "(last day so far) →"]
        return " · ".join(parts)

    def nav_top(self, day: Day) -> str:
        return (f"# {day.heading}\n\n*{day.promise}*\n\n{self.nav_links(day)}\n\n"
                f"[![Launch on Binder]({BINDER_BADGE})]({self.binder_url(day.file)})")

    def nav_bottom(self, day: Day) -> str:
        return f"---\n\n{self.nav_links(day)}"


def load_course(path: Path | None = None) -> Course:
    """Read the course map. Raises ValueError naming what is wrong."""
    path = path or REPO_ROOT / "course.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    try:
        days = tuple(Day(int(d["number"]), d["title"], d["file"], d["promise"])
                     for d in data["days"])
        groups = tuple((g["name"], tuple(int(n) for n in g["days"])) for g in data["groups"])
        meta = data["course"]
        course = Course(meta["title"], meta["repository"], meta["branch"], days, groups,
                        path.parent / "notebooks")
    except KeyError as exc:
        raise ValueError(f"{path.name}: missing key {exc}") from None
    numbers = [d.number for d in days]
    if numbers != sorted(set(numbers)):
        raise ValueError(f"{path.name}: day numbers must be unique and in order")
    grouped = sorted(n for _, ns in groups for n in ns)
    if grouped != numbers:
        raise ValueError(f"{path.name}: every day must be in exactly one group")
    return course


def index_notebook(course: Course) -> Any:
    """The course index notebook: every day, its title and promise, grouped."""
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
    nb.cells = cells
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.metadata["language_info"] = LANGUAGE_INFO
    return nb


def index_text(course: Course) -> str:
    """The index notebook exactly as it is stored on disk."""
    return str(nbformat.writes(index_notebook(course))) + "\n"
