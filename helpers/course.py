"""The course map (``course.toml``), the plan built from it, and the navigation.

``course.toml`` lists every day: its number, title, notebook, one-line promise and
the earlier days it builds on (``builds_on``), in groups. From it and from the
notebooks themselves this module derives what the index shows: each day's
estimated time (:func:`estimate_minutes`, from measured prose, code and exercises),
its exercises, the course's status line, and a picture of the course as a
dependency graph by group (:func:`draw_course_map`). ``scripts/nav.py`` writes the
index notebook and each day's navigation cells from it.
"""

from __future__ import annotations

import importlib
import json
import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.versions import SUPPORTED

__all__ = ["Day", "Course", "Measure", "load_course", "index_notebook", "index_sources",
           "estimate_minutes", "measure_notebook", "exercise_titles",
           "day_ranges", "supported_pythons", "REPO_ROOT", "WORDS_PER_MINUTE",
           "CODE_LINES_PER_MINUTE", "MINUTES_PER_EXERCISE", "ROUND_TO_MINUTES"]

REPO_ROOT = Path(__file__).resolve().parents[1]
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
#: Stored in every notebook's metadata: enough for GitHub, nbviewer and Jupyter Book
#: to highlight code, and free of the patch version that differs between machines.
LANGUAGE_INFO = {"name": "python", "pygments_lexer": "ipython3", "file_extension": ".py",
                 "mimetype": "text/x-python", "codemirror_mode": {"name": "ipython", "version": 3},
                 "nbconvert_exporter": "python"}

# The time rule. A day's estimate is the sum of three measured parts, rounded up:
#: Prose words read per minute: a careful pace for technical text (ordinary
#: non-fiction is read at about 240).
WORDS_PER_MINUTE = 150
#: Code lines per minute: about 5 seconds to read a line, run its cell and look at
#: what it printed or drew.
CODE_LINES_PER_MINUTE = 12
#: Minutes for one exercise: read the task, write the answer, run the check, fix.
MINUTES_PER_EXERCISE = 10
#: Estimates are rounded up to a multiple of this many minutes.
ROUND_TO_MINUTES = 5

# Prose words are counted like this: every run of characters that starts with a
# letter or digit and goes on with letters, digits, underscores, apostrophes, dots
# and hyphens, in markdown cells other than the two navigation cells, after removing
# fenced code blocks. A markdown cell with a "## Going further" heading starts the
# optional part; the next cell with another "## " heading ends it.
WORD = re.compile(r"[A-Za-z0-9][\w'’.-]*")
FENCED_CODE = re.compile(r"```.*?```", re.S)
GOING_FURTHER = re.compile(r"^## Going further", re.M)
OTHER_SECTION = re.compile(r"^## (?!Going further)", re.M)
NAV_TAGS = ("nav-top", "nav-bottom")


@dataclass(frozen=True)
class Day:
    """One entry of the course map."""

    number: int
    title: str
    file: str
    promise: str
    builds_on: tuple[int, ...] = ()

    @property
    def heading(self) -> str:
        return f"Day {self.number:02d} – {self.title}"


@dataclass(frozen=True)
class Measure:
    """What a written day holds, measured from its notebook and its exercise module."""

    words: int  #: prose words outside "Going further"
    further_words: int  #: prose words in the optional "Going further" part
    code_lines: int  #: non-blank code lines outside the exercise cells and "Going further"
    exercises: tuple[str, ...]  #: the exercise titles, in order

    @property
    def minutes(self) -> int:
        """The estimated time of the day, by :func:`estimate_minutes`."""
        return estimate_minutes(self.words, self.code_lines, len(self.exercises))


def estimate_minutes(words: int, code_lines: int, exercises: int) -> int:
    """The time rule: prose at ``WORDS_PER_MINUTE``, code at ``CODE_LINES_PER_MINUTE``,
    ``MINUTES_PER_EXERCISE`` per exercise, the sum rounded up to ``ROUND_TO_MINUTES``.

    >>> estimate_minutes(3000, 480, 3)   # 20 + 40 + 30
    90
    >>> estimate_minutes(3001, 480, 3)   # a little over 90 is 95
    95
    """
    for name, value in (("words", words), ("code_lines", code_lines), ("exercises", exercises)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name} must be a whole number >= 0, got {value!r}")
    exact = (words / WORDS_PER_MINUTE + code_lines / CODE_LINES_PER_MINUTE
             + exercises * MINUTES_PER_EXERCISE)
    # Round to micro-minutes first, so 3000/150 + 480/12 is 60, not 60.000000001.
    return ROUND_TO_MINUTES * math.ceil(round(exact, 6) / ROUND_TO_MINUTES)


def measure_notebook(nb: Mapping[str, Any]) -> tuple[int, int, int]:
    """(prose words, "Going further" words, code lines) of a notebook read as JSON."""
    words = further = lines = 0
    in_further = False
    for cell in nb["cells"]:
        source = "".join(cell.get("source", ""))
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "markdown":
            if any(tag in tags for tag in NAV_TAGS):
                continue
            if GOING_FURTHER.search(source):
                in_further = True
            elif OTHER_SECTION.search(source):
                in_further = False
            count = len(WORD.findall(FENCED_CODE.sub(" ", source)))
            if in_further:
                further += count
            else:
                words += count
        elif cell["cell_type"] == "code" and not in_further and "exercise" not in tags:
            lines += sum(1 for line in source.splitlines() if line.strip())
    return words, further, lines


def exercise_titles(number: int) -> tuple[str, ...]:
    """The titles of day ``number``'s exercises (``helpers/exercises/dayNN.py``), in order;
    empty if the day has no exercise module."""
    try:
        module = importlib.import_module(f"helpers.exercises.day{number:02d}")
    except ModuleNotFoundError as exc:
        if exc.name != f"helpers.exercises.day{number:02d}":
            raise  # the module exists but imports something missing: a real error
        return ()
    return tuple(exercise.title for exercise in module.exercises)


@dataclass(frozen=True)
class Course:
    """The course map: its days in order, their groups, and where the notebooks are."""

    title: str
    repository: str
    branch: str
    planned_days: int
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

    def measure(self, day: Day) -> Measure | None:
        """The day's measured prose, code and exercises; None if it is not written yet."""
        if not self.written(day):
            return None
        nb = json.loads((self.notebooks_dir / day.file).read_text(encoding="utf-8"))
        words, further, lines = measure_notebook(nb)
        return Measure(words, further, lines, exercise_titles(day.number))

    def group_of(self, day: Day) -> int:
        """The position of the day's group in the course (0 is the first)."""
        return next(i for i, (_, numbers) in enumerate(self.groups) if day.number in numbers)

    def status(self) -> str:
        """Where the course stands, e.g. "Days 01–23 of 100" ("No day of 100")."""
        written = [d.number for d in self.days if self.written(d)]
        if not written:
            return f"No day of {self.planned_days}"
        label = "Day" if len(written) == 1 else "Days"
        return f"{label} {day_ranges(written)} of {self.planned_days}"

    def status_line(self) -> str:
        """The status as a sentence: "Days 01–23 of 100 are written, in 4 groups"."""
        written = sum(1 for d in self.days if self.written(d))
        verb = "are" if written > 1 else "is"
        groups = plural(len(self.groups), "group")
        return f"{self.status()} {verb} written{' yet' if not written else ''}, in {groups}"

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


def day_ranges(numbers: Iterable[int]) -> str:
    """Day numbers as ranges: ``[1, 2, 3, 5]`` gives ``"01–03, 05"``."""
    ordered = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in ordered:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]:02d}" if len(r) == 1 else f"{r[0]:02d}–{r[-1]:02d}" for r in runs)


def supported_pythons() -> str:
    """The supported interpreters in words, from ``helpers.versions.SUPPORTED``."""
    names = [f"{major}.{minor}" for major, minor in SUPPORTED]
    return "CPython " + (names[0] if len(names) == 1
                         else f"{', '.join(names[:-1])} and {names[-1]}")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _day_list(numbers: Sequence[int]) -> str:
    """ "Day 16" or "Days 02 and 03" (or "Days 01, 02 and 03")."""
    labels = [f"{n:02d}" for n in numbers]
    if len(labels) == 1:
        return f"Day {labels[0]}"
    return f"Days {', '.join(labels[:-1])} and {labels[-1]}"


def load_course(path: Path | None = None) -> Course:
    """Read the course map. Raises ValueError naming what is wrong."""
    path = path or REPO_ROOT / "course.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    try:
        days = tuple(Day(int(d["number"]), d["title"], d["file"], d["promise"],
                         _builds_on(d)) for d in data["days"])
        groups = tuple((g["name"], tuple(int(n) for n in g["days"])) for g in data["groups"])
        meta = data["course"]
        course = Course(meta["title"], meta["repository"], meta["branch"],
                        int(meta["planned_days"]), days, groups, path.parent / "notebooks")
    except KeyError as exc:
        raise ValueError(f"{path.name}: missing key {exc}") from None
    numbers = [d.number for d in days]
    if numbers != sorted(set(numbers)):
        raise ValueError(f"{path.name}: day numbers must be unique and in order")
    grouped = sorted(n for _, ns in groups for n in ns)
    if grouped != numbers:
        raise ValueError(f"{path.name}: every day must be in exactly one group")
    if numbers and course.planned_days < numbers[-1]:
        raise ValueError(f"{path.name}: planned_days = {course.planned_days}, but day "
                         f"{numbers[-1]} is in the map")
    for day in days:
        for earlier in day.builds_on:
            if earlier not in numbers or earlier >= day.number:
                raise ValueError(
                    f"{path.name}: day {day.number} builds on day {earlier}, which is not an "
                    "earlier day of the course map")
        if len(set(day.builds_on)) != len(day.builds_on):
            raise ValueError(f"{path.name}: day {day.number} lists a day twice in builds_on")
    return course


def _builds_on(entry: Mapping[str, Any]) -> tuple[int, ...]:
    value = entry.get("builds_on", [])
    if not isinstance(value, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) for n in value):
        raise ValueError(f"course.toml: day {entry.get('number')}: builds_on must be a list "
                         f"of day numbers, got {value!r}")
    return tuple(sorted(value))


# --- the index notebook ------------------------------------------------------------------

MAP_CELL = """\
from helpers.course import load_course
from helpers.course_map import draw_course_map

draw_course_map(load_course())"""

PROGRESS_CELL = """\
from helpers.progress import show_progress

show_progress()"""


def _day_entry(course: Course, day: Day) -> str:
    measure = course.measure(day)
    builds = (f"builds on {_day_list(day.builds_on)}" if day.builds_on
              else "stands on its own")
    if measure is None:
        return f"- {day.heading} *(not written yet)*: {day.promise}\n  - {builds}"
    count = len(measure.exercises)
    exercises = (f"{plural(count, 'exercise')}: " + "; ".join(measure.exercises)
                 if count else "no exercises")
    return (f"- **[{day.heading}]({day.file})**: {day.promise}\n"
            f"  - about {measure.minutes} min · {builds}\n"
            f"  - {exercises}")


def index_notebook(course: Course) -> Any:
    """The course index notebook, without outputs: the plan of the course, its map, the
    reader's progress, and every day with its time, prerequisites and exercises."""
    import nbformat  # here, not at the top: it takes seconds to import, and the index's
    # own code cells import this module

    nb = nbformat.v4.new_notebook()
    measures = [m for m in (course.measure(d) for d in course.days) if m is not None]
    total_minutes = sum(m.minutes for m in measures)
    hours = round(total_minutes / 60)
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
        f"**Where the course stands:** {course.status_line()}: about "
        f"{plural(hours, 'hour')} of study and "
        f"{plural(sum(len(m.exercises) for m in measures), 'exercise')}. "
        "The rest are planned.\n\n"
        f"[![Launch on Binder]({BINDER_BADGE})]({course.binder_url('index.ipynb')})"
    )
    start = (
        "## How to start\n\n"
        f"The course runs on {supported_pythons()}. Open it in one of two ways:\n\n"
        "- **On your own machine**, with no conda and no root: clone the repository and "
        "run `make lab` in its folder.\n\n"
        "  ```bash\n"
        f"  git clone https://github.com/{course.repository}.git\n"
        f"  cd {course.repository.rsplit('/', 1)[-1]}\n"
        "  make lab                      # or: make lab PYTHON=python3.13\n"
        "  ```\n\n"
        "  The first run creates a virtual environment with the pinned packages; then "
        "JupyterLab opens this index.\n"
        f"- **In the browser, with nothing to install:** [launch it on Binder]"
        f"({course.binder_url('index.ipynb')}). Binder gives about one CPU core, and it "
        "forgets your work, solved exercises included, when the session ends."
    )
    course_map = (
        "## The map of the course\n\n"
        "Each band is a group of days. An arrow leads from a day to a later day that builds "
        "on it; a day with no arrow coming in stands on its own, so you can start there. "
        "The minutes are the estimated time of each day (see *How long a day takes* below).")
    cells = [nbformat.v4.new_markdown_cell(intro), nbformat.v4.new_markdown_cell(start),
             nbformat.v4.new_markdown_cell(course_map), nbformat.v4.new_code_cell(MAP_CELL)]
    for name, numbers in course.groups:
        entries = "\n".join(_day_entry(course, course.day(n)) for n in numbers)
        cells.append(nbformat.v4.new_markdown_cell(f"## {name}\n\n{entries}"))
    cells.append(nbformat.v4.new_markdown_cell(
        "## How long a day takes\n\n"
        "Each time above is measured from the day's notebook and exercises as they are now "
        "(`make nav` measures again after a day changes), by one rule:\n\n"
        f"- **prose**: its words at {WORDS_PER_MINUTE} a minute, a careful pace for "
        "technical text (*Going further* sections are optional and not counted);\n"
        f"- **code**: its non-blank lines at {CODE_LINES_PER_MINUTE} a minute, about "
        f"{60 // CODE_LINES_PER_MINUTE} seconds to read a line, run its cell and look at "
        "what it shows;\n"
        f"- **exercises**: {MINUTES_PER_EXERCISE} minutes each;\n"
        f"- the sum, rounded up to the next {ROUND_TO_MINUTES} minutes.\n\n"
        "The cells themselves take little time to run: each notebook runs top to bottom in "
        "under 10 seconds."))
    cells.append(nbformat.v4.new_markdown_cell(
        "## Your progress\n\n"
        "When an exercise check passes, the course notes the day, the exercise and the date "
        "you first solved it in a small file outside the repository, `progress.json` in your "
        "state folder: `$XDG_STATE_HOME/100-days-of-advanced-python/` (by default "
        "`~/.local/state/100-days-of-advanced-python/`) on Linux and macOS, "
        "`%LOCALAPPDATA%\\100-days-of-advanced-python\\` on Windows. Set `COURSE_STATE_DIR` "
        "to use another folder. Run the next cell to see how far you have come (as stored "
        "here, it shows a fresh start), or run `make progress` in a terminal."))
    cells.append(nbformat.v4.new_code_cell(PROGRESS_CELL))
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


def index_sources(nb: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(id, type, source) of every cell: what the index must agree on with the course map,
    whatever outputs it stores."""
    return [(cell.get("id", ""), cell["cell_type"], "".join(cell.get("source", "")))
            for cell in nb["cells"]]
