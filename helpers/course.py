"""The course map (``course.toml``) and the navigation built from it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Day", "Course", "load_course", "REPO_ROOT"]

REPO_ROOT = Path(__file__).resolve().parents[1]
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"


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
