"""Layered graphs: named boxes in horizontal bands, with arrows between them.

Use it where the vertical position of a box carries meaning:

* an exception hierarchy (the base class on top, specific errors below);
* the layers of an application (the entry point on top, shared definitions at
  the bottom), with the imports between modules as arrows;
* a call path (the boundary on top, the function that detects a problem at the
  bottom) with "calls" going down and "raises" coming back up.

Bands are drawn top to bottom in the order given, boxes left to right in the
order given, so the same input always gives the same picture. Arrows listed in
``highlight`` are drawn red and dashed (a layering violation, an exception on
its way up). Only plain matplotlib is used; the returned
``matplotlib.figure.Figure`` shows itself as PNG in Jupyter once ``helpers`` is
imported.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle
from matplotlib.path import Path

from helpers.canvas import inch_canvas

__all__ = ["Arrow", "LayeredGraphError", "draw_layered_graph", "layer_index"]

FONT = "DejaVu Sans Mono"
CHAR_W = 0.075  # inches per character at 9 pt monospace
BOX_H = 0.40
BOX_GAP = 0.40
ROW_H = 1.15
LANE_GAP = 0.22
MARGIN = 0.25
BAND_COLOURS = ("#f7fafc", "#edf2f7")
BOX_FILL = "#e3ecf7"
BOX_EDGE = "#2c5282"
ARROW = "#2d3748"
HIGHLIGHT = "#c53030"


class LayeredGraphError(ValueError):
    """Raised for a graph description the drawer cannot accept."""


@dataclass(frozen=True)
class Arrow:
    """One arrow of the picture: from ``source`` to ``target``, with an optional label."""

    source: str
    target: str
    label: str = ""


def layer_index(layers: Sequence[tuple[str, Sequence[str]]]) -> dict[str, int]:
    """Map each node to the position of its layer (0 is the top band).

    Raises :class:`LayeredGraphError` for an empty description or a node that
    appears twice.
    """
    if isinstance(layers, str) or not layers:
        raise LayeredGraphError("expected a non-empty sequence of (layer name, [nodes]) pairs")
    where: dict[str, int] = {}
    for row, entry in enumerate(layers):
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], str)
                and not isinstance(entry[1], str)):
            raise LayeredGraphError(
                f"layer {row} must be a (name, [nodes]) pair, got {entry!r}")
        for node in entry[1]:
            if not isinstance(node, str) or not node:
                raise LayeredGraphError(f"node names must be non-empty strings, got {node!r}")
            if node in where:
                raise LayeredGraphError(f"node {node!r} appears in more than one place")
            where[node] = row
    return where


def _arrows(edges: Iterable[tuple[str, str] | tuple[str, str, str] | Arrow],
            known: Collection[str]) -> list[Arrow]:
    arrows: list[Arrow] = []
    for edge in edges:
        if isinstance(edge, Arrow):
            arrow = edge
        elif isinstance(edge, tuple) and len(edge) in (2, 3):
            arrow = Arrow(*edge)
        else:
            raise LayeredGraphError(
                f"an edge must be (source, target) or (source, target, label), got {edge!r}")
        for end in (arrow.source, arrow.target):
            if end not in known:
                raise LayeredGraphError(
                    f"edge {arrow.source!r} -> {arrow.target!r}: {end!r} is not in any layer "
                    f"(known: {', '.join(sorted(known))})")
        if arrow.source == arrow.target:
            raise LayeredGraphError(f"edge from {arrow.source!r} to itself cannot be drawn")
        if any((a.source, a.target) == (arrow.source, arrow.target) for a in arrows):
            raise LayeredGraphError(f"edge {arrow.source!r} -> {arrow.target!r} is given twice")
        arrows.append(arrow)
    return arrows


def _box_width(name: str) -> float:
    return max(len(name) * CHAR_W + 0.3, 0.9)


def draw_layered_graph(
    layers: Sequence[tuple[str, Sequence[str]]],
    edges: Iterable[tuple[str, str] | tuple[str, str, str] | Arrow] = (),
    *,
    highlight: Collection[tuple[str, str]] = (),
    title: str = "",
    edge_legend: str = "",
    highlight_legend: str = "",
) -> Figure:
    """Draw ``layers`` as bands of boxes, top to bottom, and ``edges`` as arrows.

    ``layers`` is a sequence of ``(layer name, [node, ...])`` pairs. An edge is
    ``(source, target)`` or ``(source, target, label)``. Edges whose
    ``(source, target)`` is in ``highlight`` are drawn red and dashed. The two
    legend texts, when given, explain the plain and the highlighted arrows.

    >>> fig = draw_layered_graph([("top", ["main"]), ("bottom", ["errors"])],
    ...                          [("main", "errors", "imports")])
    """
    row_of = layer_index(layers)
    arrows = _arrows(edges, row_of)
    pairs = {(a.source, a.target) for a in arrows}
    unknown = [h for h in highlight if tuple(h) not in pairs]
    if unknown:
        raise LayeredGraphError(f"highlighted edges that are not in the graph: {unknown}")
    marked = {tuple(h) for h in highlight}

    # Arrows between non-adjacent bands are routed round the boxes, in vertical
    # lanes: downward ones on the left of the picture, upward ones on the right.
    def rows_apart(a: Arrow) -> int:
        return row_of[a.target] - row_of[a.source]

    # Shorter arrows get the inner lanes, which avoids most crossings.
    def lane_order(a: Arrow) -> tuple[int, int]:
        return abs(rows_apart(a)), -row_of[a.source]

    left = sorted((a for a in arrows if rows_apart(a) > 1), key=lane_order)
    right = sorted((a for a in arrows if rows_apart(a) < -1), key=lane_order)
    lane_label = {True: max([len(a.label) for a in left] + [0]),
                  False: max([len(a.label) for a in right] + [0])}

    def lanes_w(lanes: list[Arrow], is_left: bool) -> float:
        if not lanes:
            return 0.0
        return LANE_GAP * (len(lanes) + 1) + (lane_label[is_left] * 0.068 + 0.15
                                              if lane_label[is_left] else 0.0)

    label_w = max(len(name) for name, _ in layers) * CHAR_W + 0.45
    row_widths = [sum(_box_width(n) for n in nodes) + BOX_GAP * max(len(nodes) - 1, 0)
                  for _, nodes in layers]
    content_w = max(row_widths + [2.5])
    left_w, right_w = lanes_w(left, True), lanes_w(right, False)
    legend_texts = [t for t in (edge_legend, highlight_legend) if t]
    legend_w = sum(0.95 + len(t) * CHAR_W for t in legend_texts)
    width = max(MARGIN + label_w + left_w + content_w + right_w + 2 * MARGIN,
                legend_w + 2 * MARGIN, len(title) * 0.09 + 2 * MARGIN)
    title_h = 0.45 if title else 0.1
    legend_h = 0.4 if legend_texts else 0.1
    height = title_h + len(layers) * ROW_H + legend_h
    fig, ax = inch_canvas(width, height, LayeredGraphError("graph too large to draw"))
    if title:
        ax.text(MARGIN, height - 0.25, title, fontsize=10.5, fontweight="bold", family=FONT,
                va="center", ha="left")

    # Bands and boxes. centre[node] = (x, y) of the box centre, in inches.
    centre: dict[str, tuple[float, float]] = {}
    half_w: dict[str, float] = {}
    x0 = MARGIN + label_w + left_w
    for row, ((name, nodes), row_w) in enumerate(zip(layers, row_widths, strict=True)):
        top = height - title_h - row * ROW_H
        ax.add_patch(Rectangle((MARGIN / 2, top - ROW_H), width - MARGIN, ROW_H,
                               fc=BAND_COLOURS[row % 2], ec="none", zorder=0))
        ax.text(MARGIN, top - ROW_H / 2, name, fontsize=8.5, family=FONT, style="italic",
                color="#4a5568", va="center", ha="left", zorder=1)
        x = x0 + (content_w - row_w) / 2
        for node in nodes:
            w = _box_width(node)
            cx, cy = x + w / 2, top - ROW_H / 2
            centre[node], half_w[node] = (cx, cy), w / 2
            ax.add_patch(FancyBboxPatch((x, cy - BOX_H / 2), w, BOX_H,
                                        boxstyle="round,pad=0,rounding_size=0.06",
                                        fc=BOX_FILL, ec=BOX_EDGE, lw=1.3, zorder=3))
            ax.text(cx, cy, node, fontsize=9, family=FONT, va="center", ha="center", zorder=4)
            x += w + BOX_GAP

    # Where each arrow leaves and enters a box. Arrows sharing one side of a box
    # are spread along it, ordered so that they do not cross.
    def side(node: str, other: str, arrow: Arrow) -> str:
        if arrow in left:
            return "left"
        if arrow in right:
            return "right"
        r, o = row_of[node], row_of[other]
        if o > r:
            return "bottom"
        if o < r:
            return "top"
        # Same band: left-to-right arrows arc over the boxes, right-to-left ones under.
        forward = centre[arrow.source][0] < centre[arrow.target][0]
        return "top" if forward else "bottom"

    ends: dict[tuple[str, str], list[Arrow]] = {}
    for a in arrows:
        ends.setdefault((a.source, side(a.source, a.target, a)), []).append(a)
        ends.setdefault((a.target, side(a.target, a.source, a)), []).append(a)
    for (node, where), group in ends.items():
        if where in ("top", "bottom"):

            def across(a: Arrow, n: str = node) -> float:
                return centre[a.target if a.source == n else a.source][0]

            group.sort(key=across)
        else:
            # Lanes: arrows whose other end is above leave from the top of the side,
            # inner lane first; those going below leave from the bottom, outer first.
            lanes = left if where == "left" else right

            def lane_key(a: Arrow, n: str = node, lanes: list[Arrow] = lanes) -> tuple[int, int]:
                other = a.target if a.source == n else a.source
                if row_of[other] < row_of[n]:
                    return 0, lanes.index(a)
                return 1, -lanes.index(a)

            group.sort(key=lane_key)

    def anchor(node: str, other: str, arrow: Arrow) -> tuple[float, float]:
        where = side(node, other, arrow)
        group = ends[(node, where)]
        k = group.index(arrow) - (len(group) - 1) / 2
        cx, cy = centre[node]
        if where in ("left", "right"):
            dy = k * min(0.09, BOX_H * 0.8 / max(len(group), 1))
            sign = -1 if where == "left" else 1
            return cx + sign * half_w[node], cy - dy
        dx = k * min(0.16, 1.4 * half_w[node] / max(len(group), 1))
        return cx + dx, cy + (BOX_H / 2 if where == "top" else -BOX_H / 2)

    lane_x: dict[Arrow, float] = {}
    for i, a in enumerate(left):
        lane_x[a] = x0 - LANE_GAP * (i + 1)
    for i, a in enumerate(right):
        lane_x[a] = x0 + content_w + LANE_GAP * (i + 1)

    for a in arrows:
        hot = (a.source, a.target) in marked
        colour = HIGHLIGHT if hot else ARROW
        style: dict[str, Any] = {"arrowstyle": "-|>", "mutation_scale": 11,
                                 "lw": 1.8 if hot else 1.1, "ls": "--" if hot else "-",
                                 "color": colour, "zorder": 2}
        start = anchor(a.source, a.target, a)
        end = anchor(a.target, a.source, a)
        if a in lane_x:
            lx = lane_x[a]
            path = Path([start, (lx, start[1]), (lx, end[1]), end])
            ax.add_patch(FancyArrowPatch(path=path, shrinkA=0, shrinkB=1, **style))
            label_at = (lx + (-0.08 if a in left else 0.08), (start[1] + end[1]) / 2)
            align = "right" if a in left else "left"
        else:
            dx = end[0] - start[0]
            if row_of[a.source] == row_of[a.target]:
                rad = -min(0.45, 0.6 / max(abs(dx), 0.1))
            elif (a.target, a.source) in pairs:
                rad = 0.2
            else:
                rad = 0.0
            ax.add_patch(FancyArrowPatch(start, end, connectionstyle=f"arc3,rad={rad}",
                                         shrinkA=1, shrinkB=1, **style))
            dy = end[1] - start[1]
            mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
            label_at = (mx + rad * dy / 2, my - rad * dx / 2)  # the middle of the curve
            align = "center"
        if a.label:
            ax.text(*label_at, a.label, fontsize=7.5, family=FONT, color=colour, ha=align,
                    va="center", zorder=5,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                          "alpha": 0.9})

    # Legend.
    x = MARGIN
    for text, colour, ls in ((edge_legend, ARROW, "-"), (highlight_legend, HIGHLIGHT, "--")):
        if not text:
            continue
        ax.add_patch(FancyArrowPatch((x, 0.22), (x + 0.45, 0.22), arrowstyle="-|>",
                                     mutation_scale=10, color=colour, ls=ls, lw=1.4))
        ax.text(x + 0.55, 0.22, text, fontsize=8, family=FONT, va="center", color=colour)
        x += 0.95 + len(text) * CHAR_W
    return fig
