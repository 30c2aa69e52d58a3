"""The learner's progress: which exercises they have solved, remembered between sessions.

When ``ExerciseSet.check`` passes, :func:`remember` records the day, the exercise
and the date it was first solved in ``progress.json``, in the learner's state
folder (never in the repository):

* ``$COURSE_STATE_DIR`` if it is set (tests point it at an empty temporary folder);
* on Windows, ``%LOCALAPPDATA%\\100-days-of-advanced-python``;
* elsewhere (Linux, macOS, BSD), ``$XDG_STATE_HOME/100-days-of-advanced-python``, or
  ``~/.local/state/100-days-of-advanced-python`` when ``XDG_STATE_HOME`` is unset.

The file is small and readable::

    {
     "format": 1,
     "solved": [
      {"day": 4, "exercise": 1, "first_solved": "2025-03-12"},
      {"day": 4, "exercise": 2, "first_solved": "2025-03-14"}
     ]
    }

It is replaced atomically (a temporary file renamed over it), so a crash leaves the
old record or the new one, never half of each. A damaged or unwritable file never
breaks an exercise check: the learner gets one warning per session
(:class:`ProgressWarning`) and the check reports as usual.

:func:`show_progress` (the index notebook) and ``python -m helpers.progress``
(``make progress``) show the record per day, as a picture and one line of text.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from helpers.course import Course

__all__ = ["APP_NAME", "STATE_ENV", "FILE_NAME", "DayProgress", "ProgressError",
           "ProgressWarning", "state_dir", "state_file", "read_solved", "write_solved",
           "record_solved", "remember", "load_solved", "day_number", "progress_by_day",
           "summary_line", "draw_progress", "show_progress", "main"]

APP_NAME = "100-days-of-advanced-python"
#: Set this environment variable to keep the record in another folder.
STATE_ENV = "COURSE_STATE_DIR"
FILE_NAME = "progress.json"
FORMAT = 1

#: (day, exercise) -> the date it was first solved.
Solved = dict[tuple[int, int], date]

_warned = False  # one warning per session is enough
HERE = Path(__file__).resolve().parent  # the helpers package

UNSOLVED, SOLVED, FINISHED = "#e2e8f0", "#68d391", "#2f855a"  # bar colours


class ProgressError(ValueError):
    """The progress file exists but is not a record this course can read."""


class ProgressWarning(UserWarning):
    """Progress could not be read or saved; exercise checks work as before."""


def state_dir(environ: Mapping[str, str] | None = None, platform: str | None = None,
              home: Path | None = None) -> Path:
    """The folder that holds the progress file, by the platform's convention.

    ``environ``, ``platform`` (a ``sys.platform`` value) and ``home`` default to the
    running process's; tests pass their own.
    """
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    override = env.get(STATE_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    home = Path.home() if home is None else home
    if platform == "win32":
        local = env.get("LOCALAPPDATA", "").strip()
        return (Path(local) if local else home / "AppData" / "Local") / APP_NAME
    xdg = env.get("XDG_STATE_HOME", "").strip()
    # The XDG spec says a relative path is invalid and must be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "state"
    return base / APP_NAME


def state_file(environ: Mapping[str, str] | None = None, platform: str | None = None,
               home: Path | None = None) -> Path:
    """The progress file: ``progress.json`` in :func:`state_dir`."""
    return state_dir(environ, platform, home) / FILE_NAME


def read_solved(path: Path | None = None) -> Solved:
    """The record in ``path`` (default: :func:`state_file`); empty if there is none yet.

    Raises :class:`ProgressError` for a file that is not a valid record, and
    ``OSError`` for one that cannot be read.
    """
    path = state_file() if path is None else path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ProgressError(f"not JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT \
            or not isinstance(data.get("solved"), list):
        raise ProgressError(f'expected {{"format": {FORMAT}, "solved": [...]}}')
    solved: Solved = {}
    for entry in data["solved"]:
        try:
            day, number = entry["day"], entry["exercise"]
            first = date.fromisoformat(entry["first_solved"])
            if not all(isinstance(n, int) and not isinstance(n, bool) and n > 0
                       for n in (day, number)):
                raise ValueError("day and exercise must be positive whole numbers")
        except (TypeError, KeyError, ValueError) as exc:
            raise ProgressError(f"bad entry {entry!r} ({exc})") from None
        key = (day, number)
        solved[key] = min(first, solved.get(key, first))
    return solved


def write_solved(solved: Mapping[tuple[int, int], date], path: Path | None = None) -> None:
    """Write the record to ``path`` (default: :func:`state_file`) atomically.

    The folder is created if needed. Raises ``OSError`` if it cannot be written.
    """
    path = state_file() if path is None else path
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = [{"day": day, "exercise": number, "first_solved": first.isoformat()}
               for (day, number), first in sorted(solved.items())]
    # One exercise per line: small, readable and easy to diff by hand.
    body = ",\n".join(f"  {json.dumps(entry)}" for entry in entries)
    text = (f'{{\n "format": {FORMAT},\n "solved": [\n{body}\n ]\n}}\n' if entries
            else f'{{\n "format": {FORMAT},\n "solved": []\n}}\n')
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _warn_once(message: str) -> None:
    """Warn, the first time in this session only, pointing at the learner's own line
    (the first frame outside ``helpers``), such as their ``ex.check(...)``."""
    global _warned
    if _warned:
        return
    _warned = True
    level, frame = 1, inspect.currentframe()
    while frame is not None and Path(frame.f_code.co_filename).parent.is_relative_to(HERE):
        level, frame = level + 1, frame.f_back
    warnings.warn(message, ProgressWarning, stacklevel=level)


def _damaged(path: Path, error: ProgressError) -> str:
    return (f"Your exercise progress in {path} cannot be read: {error}. The file is left "
            "as it is and nothing is added to it; exercise checks work as before. Move it "
            "away to start a fresh record.")


def _unreachable(path: Path, error: OSError) -> str:
    reason = error.strerror or str(error)
    return (f"Your exercise progress cannot be saved in {path} ({reason}); exercise checks "
            f"work as before, but solved exercises are not remembered. Set {STATE_ENV} "
            "to a folder you can write to.")


def record_solved(day: int, exercise: int, *, today: date | None = None,
                  path: Path | None = None) -> bool:
    """Note that ``exercise`` of ``day`` was solved; keep the first date if it already was.

    Returns True if the record changed. Never raises for a damaged, unreadable or
    unwritable file: it warns once per session and returns False.
    """
    path = state_file() if path is None else path
    try:
        solved = read_solved(path)
        if (day, exercise) in solved:
            return False
        solved[(day, exercise)] = today or date.today()
        write_solved(solved, path)
    except ProgressError as exc:
        _warn_once(_damaged(path, exc))
        return False
    except OSError as exc:
        _warn_once(_unreachable(path, exc))
        return False
    return True


def day_number(label: str) -> int | None:
    """The day of an exercise set's label: ``"Day 04"`` gives 4; anything else None."""
    match = re.fullmatch(r"Day (\d+)", label)
    return int(match.group(1)) if match else None


def remember(label: str, exercise: int) -> None:
    """Called by ``ExerciseSet.check`` when an answer passes. Never raises."""
    day = day_number(label)
    if day is None:  # an exercise set outside the course (a demo, a test)
        return
    try:
        record_solved(day, exercise)
    except Exception as exc:  # the check's result matters more than the record
        _warn_once(f"Your exercise progress could not be recorded ({type(exc).__name__}: "
                   f"{exc}); exercise checks work as before.")


def load_solved(path: Path | None = None) -> Solved:
    """The record, or an empty one (with one warning per session) if it cannot be read."""
    path = state_file() if path is None else path
    try:
        return read_solved(path)
    except ProgressError as exc:
        _warn_once(_damaged(path, exc))
    except OSError as exc:
        _warn_once(f"Your exercise progress in {path} cannot be read "
                   f"({exc.strerror or exc}); it is shown as empty.")
    return {}


@dataclass(frozen=True)
class DayProgress:
    """How many of one day's exercises are solved."""

    number: int
    solved: int
    total: int

    @property
    def finished(self) -> bool:
        return self.total > 0 and self.solved == self.total


def progress_by_day(course: Course, solved: Mapping[tuple[int, int], date]) -> list[DayProgress]:
    """One row per written day with exercises; records of exercises that no longer
    exist are ignored."""
    from helpers.course import exercise_titles

    rows = []
    for day in course.days:
        if not course.written(day):
            continue
        total = len(exercise_titles(day.number))
        if total:
            done = sum(1 for (d, n) in solved if d == day.number and 1 <= n <= total)
            rows.append(DayProgress(day.number, done, total))
    return rows


def summary_line(rows: Sequence[DayProgress]) -> str:
    """``"3 of 72 exercises solved; days finished: 04, 07."``"""
    solved = sum(r.solved for r in rows)
    total = sum(r.total for r in rows)
    finished = [f"{r.number:02d}" for r in rows if r.finished]
    return (f"{solved} of {total} exercises solved; "
            f"days finished: {', '.join(finished) if finished else 'none'}.")


def draw_progress(rows: Sequence[DayProgress]) -> Figure:
    """A bar per day: solved exercises in colour over the day's total in grey."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    if not rows:
        raise ValueError("draw_progress needs at least one day")
    fig = Figure(figsize=(9.0, 2.9), dpi=100)
    ax = fig.add_subplot()
    x = list(range(len(rows)))
    ax.bar(x, [r.total for r in rows], color=UNSOLVED, edgecolor="#a0aec0", width=0.7)
    ax.bar(x, [r.solved for r in rows], color=[FINISHED if r.finished else SOLVED
                                                for r in rows], width=0.7)
    for i, r in enumerate(rows):
        ax.text(i, r.total + 0.1, f"{r.solved}/{r.total}", ha="center", va="bottom",
                fontsize=7.5, color=FINISHED if r.finished else "#4a5568")
    key = [Patch(fc=UNSOLVED, ec="#a0aec0", label="not solved yet"),
           Patch(fc=SOLVED, label="solved"), Patch(fc=FINISHED, label="solved: day finished")]
    ax.set_xticks(x, [f"{r.number:02d}" for r in rows], fontsize=8)
    ax.set_xlabel("day")
    ax.set_ylabel("exercises")
    ax.set_ylim(0, max(r.total for r in rows) + 1)
    ax.set_yticks(range(0, max(r.total for r in rows) + 1))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title("Your progress: " + summary_line(rows).replace("; ", " · "), fontsize=10,
                 loc="left")
    ax.legend(handles=key, loc="upper right", fontsize=7.5, frameon=False, ncols=3,
              bbox_to_anchor=(1.0, 1.16))
    fig.tight_layout()
    return fig


def show_progress(course: Course | None = None, path: Path | None = None) -> Figure:
    """Print the summary line and return the picture (a notebook shows it)."""
    from helpers.course import load_course

    rows = progress_by_day(course or load_course(), load_solved(path))
    print(summary_line(rows))
    return draw_progress(rows)


def _text_rows(rows: Sequence[DayProgress], solved: Mapping[tuple[int, int], date]) -> list[str]:
    lines = []
    for r in rows:
        bar = "".join("#" if (r.number, n) in solved else "." for n in range(1, r.total + 1))
        dates = sorted(first for (d, _), first in solved.items() if d == r.number)
        since = f"  first solved {dates[0].isoformat()}" if dates else ""
        lines.append(f"Day {r.number:02d}  [{bar:<6}] {r.solved} of {r.total}{since}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """``make progress``: the record per day as text, the summary line, and a PNG picture."""
    parser = argparse.ArgumentParser(prog="make progress", description=main.__doc__)
    parser.add_argument("--png", type=Path, default=None,
                        help="where to save the picture (default: progress.png in the state "
                             "folder)")
    args = parser.parse_args(argv)
    from helpers.course import load_course
    from helpers.diagram import figure_png_bytes

    path = state_file()
    solved = load_solved(path)
    rows = progress_by_day(load_course(), solved)
    print(f"Your progress, kept in {path}:" if path.exists()
          else f"No exercise solved yet (the record will be kept in {path}).")
    print("\n".join(_text_rows(rows, solved)))
    print(summary_line(rows))
    png = args.png or path.parent / "progress.png"
    try:
        png.parent.mkdir(parents=True, exist_ok=True)
        png.write_bytes(figure_png_bytes(draw_progress(rows)))
    except OSError as exc:
        print(f"The picture could not be saved to {png} ({exc.strerror or exc}).",
              file=sys.stderr)
        return 1
    print(f"Picture: {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
