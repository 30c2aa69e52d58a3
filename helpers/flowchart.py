"""Flowcharts of data moving through a program: boxes on a grid, labelled arrows.

Use it to show a request's path through a backend, with what travels along
each arrow (a type, a value, an exception) written on the arrow:

* a request lifecycle: raw body -> parse -> validate -> serialize -> respond,
  with error branches in a second row;
* a trust boundary: untrusted input on the left, trusted objects on the right;
* a workflow such as red -> fix -> green.

Each box has a ``kind`` that picks its colours, so the same meaning looks the
same on every day: ``untrusted`` data is red, ``trusted`` data is green,
``error`` boxes are orange, ``success`` boxes are teal and plain ``step`` boxes
are blue. Boxes sit on a grid (``row``, ``col``); the gap between two columns
grows to fit the longest label on an arrow between them, so labels never sit
on top of boxes. Only plain matplotlib is used; the returned
``matplotlib.figure.Figure`` shows itself as PNG in Jupyter once ``helpers``
is imported.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from helpers.canvas import inch_canvas

__all__ = ["KINDS", "Flow", "FlowchartError", "Step", "draw_flow"]

FONT = "DejaVu Sans Mono"
CHAR_W = 0.068  # inches per character at 8 pt monospace
BOX_W = 1.9
BOX_H = 0.82
ROW_GAP = 0.75
MIN_COL_GAP = 0.45
MARGIN = 0.3
DETAIL_WIDTH = 24  # characters per line of a box's detail text
ARROW_COLOUR = "#2d3748"
ARC_PEAK = 0.32  # how far an arrow going back along a row rises above the boxes

#: kind -> (fill, edge) colours.
KINDS: dict[str, tuple[str, str]] = {
    "step": ("#e3ecf7", "#2c5282"),
    "untrusted": ("#fde2e1", "#c53030"),
    "trusted": ("#dcf5e3", "#2f855a"),
    "error": ("#feebc8", "#c05621"),
    "success": ("#d5f5f6", "#2c7a7b"),
}


class FlowchartError(ValueError):
    """Raised for steps or arrows the flowchart cannot draw."""


@dataclass(frozen=True)
class Step:
    """One box: a short ``title``, an optional ``detail`` line, a grid position, a kind."""

    key: str
    title: str
    detail: str = ""
    row: int = 0
    col: int = 0
    kind: str = "step"


@dataclass(frozen=True)
class Flow:
    """An arrow from the step ``source`` to the step ``target``, with an optional label."""

    source: str
    target: str
    label: str = ""


def _check(steps: Sequence[Step], arrows: Sequence[Flow]) -> dict[str, Step]:
    if not steps:
        raise FlowchartError("nothing to draw: no steps")
    by_key: dict[str, Step] = {}
    places: dict[tuple[int, int], str] = {}
    for step in steps:
        if not isinstance(step, Step):
            raise FlowchartError(f"expected Step objects, got {type(step).__name__}")
        if step.key in by_key:
            raise FlowchartError(f"two steps share the key {step.key!r}")
        if step.kind not in KINDS:
            raise FlowchartError(f"step {step.key!r}: unknown kind {step.kind!r}; "
                                 f"choose one of {', '.join(sorted(KINDS))}")
        if step.row < 0 or step.col < 0:
            raise FlowchartError(f"step {step.key!r}: row and col must not be negative")
        place = (step.row, step.col)
        if place in places:
            raise FlowchartError(f"steps {places[place]!r} and {step.key!r} are both at "
                                 f"row {step.row}, col {step.col}")
        places[place] = step.key
        by_key[step.key] = step
    for arrow in arrows:
        if not isinstance(arrow, Flow):
            raise FlowchartError(f"expected Flow objects, got {type(arrow).__name__}")
        for end in (arrow.source, arrow.target):
            if end not in by_key:
                raise FlowchartError(f"arrow {arrow.source!r} -> {arrow.target!r}: "
                                     f"no step has the key {end!r}")
        if arrow.source == arrow.target:
            raise FlowchartError(f"arrow from {arrow.source!r} to itself")
    return by_key


def _column_gaps(steps: dict[str, Step], arrows: Sequence[Flow], ncols: int) -> list[float]:
    """The gap after each column: wide enough for labels on arrows crossing it sideways."""
    gaps = [MIN_COL_GAP] * max(ncols - 1, 0)
    for arrow in arrows:
        a, b = steps[arrow.source], steps[arrow.target]
        if a.row == b.row and abs(a.col - b.col) == 1 and arrow.label:
            left = min(a.col, b.col)
            gaps[left] = max(gaps[left], len(arrow.label) * CHAR_W + 0.35)
    return gaps


def draw_flow(steps: Sequence[Step], arrows: Sequence[Flow] = (), *, title: str = "",
              legend: bool = True) -> Figure:
    """Draw ``steps`` as boxes on a grid and ``arrows`` between them.

    Arrows between neighbours in one row run straight from side to side;
    arrows to another row leave from the bottom (or top) of a box; arrows going
    back along a row arc over the top. With ``legend`` the kinds used are
    explained under the drawing.
    """
    by_key = _check(steps, arrows)
    ncols = max(s.col for s in steps) + 1
    nrows = max(s.row for s in steps) + 1
    gaps = _column_gaps(by_key, arrows, ncols)
    col_x = [MARGIN]
    for gap in gaps:
        col_x.append(col_x[-1] + BOX_W + gap)
    width = col_x[-1] + BOX_W + MARGIN
    title_h = 0.45 if title else 0.15
    kinds_used = sorted({s.kind for s in steps} - {"step"})
    legend_h = 0.45 if legend and kinds_used else 0.1
    back_arrows = any(by_key[a.source].row == by_key[a.target].row
                      and by_key[a.source].col > by_key[a.target].col for a in arrows)
    arc_h = ARC_PEAK + 0.2 if back_arrows else 0.0
    height = title_h + arc_h + nrows * BOX_H + (nrows - 1) * ROW_GAP + legend_h + 0.15
    fig, ax = inch_canvas(width, height, FlowchartError("flowchart too large to draw"))

    def box_top(row: int) -> float:
        return height - title_h - arc_h - row * (BOX_H + ROW_GAP)

    centre: dict[str, tuple[float, float]] = {}
    for step in steps:
        fill, edge = KINDS[step.kind]
        x, top = col_x[step.col], box_top(step.row)
        ax.add_patch(FancyBboxPatch((x, top - BOX_H), BOX_W, BOX_H,
                                    boxstyle="round,pad=0,rounding_size=0.08",
                                    fc=fill, ec=edge, lw=1.4, zorder=2))
        cx, cy = x + BOX_W / 2, top - BOX_H / 2
        centre[step.key] = (cx, cy)
        detail = textwrap.wrap(step.detail, DETAIL_WIDTH)[:2]
        lines_y = cy + (0.13 if detail else 0.0) + (0.06 if len(detail) == 2 else 0.0)
        ax.text(cx, lines_y, step.title, ha="center", va="center", fontsize=9,
                fontweight="bold", family=FONT, zorder=3)
        for i, line in enumerate(detail):
            ax.text(cx, lines_y - 0.24 - i * 0.19, line, ha="center", va="center",
                    fontsize=7.5, family=FONT, color="#2d3748", zorder=3)

    for arrow in arrows:
        a, b = by_key[arrow.source], by_key[arrow.target]
        (ax_, ay), (bx, by) = centre[a.key], centre[b.key]
        style = "arc3,rad=0"
        if a.row == b.row and b.col > a.col:
            start, end = (ax_ + BOX_W / 2, ay), (bx - BOX_W / 2, by)
            label_at, va = ((start[0] + end[0]) / 2, ay + 0.06), "bottom"
        elif a.row == b.row:  # back along the row: arc over the top
            start, end = (ax_, ay + BOX_H / 2), (bx, by + BOX_H / 2)
            peak = ARC_PEAK  # a quadratic arc peaks at half its control point's offset
            style = f"arc3,rad={2 * peak / abs(ax_ - bx):.4f}"
            label_at, va = ((start[0] + end[0]) / 2, ay + BOX_H / 2 + peak), "center"
        elif b.row > a.row:
            start, end = (ax_, ay - BOX_H / 2), (bx, by + BOX_H / 2)
            label_at, va = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2), "center"
        else:
            start, end = (ax_, ay + BOX_H / 2), (bx, by - BOX_H / 2)
            label_at, va = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2), "center"
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, lw=1.3,
                                     color=ARROW_COLOUR, connectionstyle=style,
                                     shrinkA=1, shrinkB=1, zorder=1))
        if arrow.label:
            boxed = va == "center"
            ax.text(label_at[0], label_at[1], arrow.label, ha="center", va=va, fontsize=8,
                    family=FONT, color="#1a202c", zorder=4,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"}
                    if boxed else None)

    if title:
        ax.text(MARGIN, height - 0.25, title, fontsize=10.5, fontweight="bold", family=FONT,
                va="center", ha="left")
    if legend and kinds_used:
        x = MARGIN
        for kind in kinds_used:
            fill, edge = KINDS[kind]
            ax.add_patch(FancyBboxPatch((x, 0.14), 0.3, 0.18, boxstyle="round,pad=0",
                                        fc=fill, ec=edge, lw=1.2))
            ax.text(x + 0.38, 0.23, kind, fontsize=8, family=FONT, va="center")
            x += 0.38 + len(kind) * CHAR_W + 0.35
    return fig
