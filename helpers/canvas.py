"""A blank matplotlib canvas measured in inches, shared by the box-and-arrow drawers."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["MAX_INCHES", "inch_canvas"]

#: Larger drawings are refused: they would be unreadable and slow to render.
MAX_INCHES = 40.0


def inch_canvas(width: float, height: float, too_large: Exception) -> tuple[Figure, Axes]:
    """A figure of ``width`` x ``height`` inches whose axes use inches as data units.

    Text sizes in points then map predictably onto layout coordinates. Raises
    ``too_large`` (a clear, drawer-specific error) beyond ``MAX_INCHES``.
    """
    if width > MAX_INCHES or height > MAX_INCHES:
        raise too_large
    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    return fig, ax
