"""The map of the course: its days as a dependency graph, drawn from ``course.toml``.

Kept apart from ``helpers.course`` so that lessons which only need ``REPO_ROOT``
do not import matplotlib.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle
from matplotlib.path import Path as CurvePath

from helpers.canvas import inch_canvas
from helpers.course import Course, plural

__all__ = ["draw_course_map"]


MAP_WIDTH = 9.8  # inches
MAP_ROW = 0.27  # one day
MAP_HEADER = 0.34  # one group's name
MAP_TITLE = 0.62
NODE_X = 2.45  # the column of day dots; arrows bend out to its left
NODE_R = 0.055
GROUP_COLOURS = ("#2b6cb0", "#2f855a", "#b7791f", "#9b2c2c", "#6b46c1", "#2c7a7b")
BAND_FILLS = ("#f7fafc", "#edf2f7")
ARROW_COLOUR = "#4a5568"
UNWRITTEN = "#a0aec0"


def draw_course_map(course: Course) -> Figure:
    """The course as a dependency graph: one band per group, one row per day, and an arrow
    from each day to every later day that builds on it.

    Rows show the day's number, title and estimated minutes (or "not written yet").
    Arrows bend out to the left, further the more days they span, so nested arrows never
    cross. Same course, same picture.
    """
    rows = sum(len(numbers) for _, numbers in course.groups)
    height = MAP_TITLE + len(course.groups) * MAP_HEADER + rows * MAP_ROW + 0.12
    fig, ax = inch_canvas(MAP_WIDTH, height, ValueError("the course map is too large to draw"))
    written = [d for d in course.days if course.written(d)]
    ax.text(0.2, height - 0.24, f"{course.title}: the map", fontsize=12, fontweight="bold",
            va="center", ha="left")
    ax.text(0.2, height - 0.48,
            f"{course.status_line()}. An arrow leads from a day to a later day that builds "
            "on it.", fontsize=8.5, color="#4a5568",
            va="center", ha="left")

    y_of: dict[int, float] = {}
    top = height - MAP_TITLE
    for g, (name, numbers) in enumerate(course.groups):
        band_h = MAP_HEADER + len(numbers) * MAP_ROW
        ax.add_patch(Rectangle((0.1, top - band_h), MAP_WIDTH - 0.2, band_h,
                               fc=BAND_FILLS[g % 2], ec="none", zorder=0))
        colour = GROUP_COLOURS[g % len(GROUP_COLOURS)]
        ax.text(NODE_X - 0.1, top - MAP_HEADER / 2 - 0.02, name, fontsize=9.5,
                fontweight="bold", color=colour, va="center", ha="left", zorder=4)
        y = top - MAP_HEADER - MAP_ROW / 2
        for n in numbers:
            day = course.day(n)
            y_of[n] = y
            measure = course.measure(day)
            ink = "#1a202c" if measure else UNWRITTEN
            ax.add_patch(_dot(NODE_X, y, colour if measure else "white",
                              colour if measure else UNWRITTEN))
            ax.text(NODE_X + 0.16, y, f"Day {n:02d}", fontsize=8.5, family="DejaVu Sans Mono",
                    fontweight="bold", color=ink, va="center", ha="left", zorder=4)
            ax.text(NODE_X + 0.82, y, day.title, fontsize=8.5, color=ink, va="center",
                    ha="left", zorder=4)
            if measure:
                count = len(measure.exercises)
                plan = f"{measure.minutes} min · {plural(count, 'exercise')}"
            else:
                plan = "not written yet"
            ax.text(MAP_WIDTH - 0.25, y, plan, fontsize=8.5, color=ink, va="center",
                    ha="right", zorder=4)
            y -= MAP_ROW
        top -= band_h

    for day in course.days:
        for earlier in day.builds_on:
            ax.add_patch(_bend(y_of[earlier], y_of[day.number],
                               course.written(day) and course.written(course.day(earlier))))
    if not written:
        ax.text(MAP_WIDTH / 2, height / 2, "no day written yet", ha="center", color=UNWRITTEN)
    return fig


def _dot(x: float, y: float, fill: str, edge: str) -> Circle:
    return Circle((x, y), NODE_R, fc=fill, ec=edge, lw=1.2, zorder=3)


def _bend(y_from: float, y_to: float, solid: bool) -> FancyArrowPatch:
    """An arrow from the dot at ``y_from`` down to the dot at ``y_to``, bulging left."""
    span = y_from - y_to
    out = 0.16 + 0.26 * span
    x = NODE_X - NODE_R - 0.01
    path = CurvePath([(x, y_from), (x - out, y_from), (x - out, y_to), (x, y_to)],
                     [CurvePath.MOVETO, CurvePath.CURVE4, CurvePath.CURVE4, CurvePath.CURVE4])
    return FancyArrowPatch(path=path, arrowstyle="-|>", mutation_scale=9, lw=1.0,
                           color=ARROW_COLOUR if solid else UNWRITTEN,
                           ls="-" if solid else "--", shrinkA=0, shrinkB=0, zorder=2,
                           alpha=0.85)
