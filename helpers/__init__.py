"""Lab equipment for the 100 Days of Advanced Python course.

The lessons live in the notebooks; this package only holds what many of them
share: reference diagrams, the step-through player, timelines, robust timing,
memory probes, scratch workspaces, exercise checks and the environment banner.

Names are imported lazily, so ``import helpers.workspace`` in a child process
(a pool worker, a script a lesson runs) does not pay for matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from helpers.banner import environment_banner, environment_info
    from helpers.diagram import (
        DiagramError,
        build_graph,
        draw_reference_panels,
        draw_references,
    )
    from helpers.memory import open_fd_count, peak_memory
    from helpers.plots import plot_bars, plot_growth
    from helpers.stepper import record_steps, step_through
    from helpers.timeline import Timeline, plot_timeline
    from helpers.timing import compare_timings, loglog_slope, time_call
    from helpers.workspace import RunResult, Workspace

_EXPORTS = {
    "environment_banner": "helpers.banner", "environment_info": "helpers.banner",
    "DiagramError": "helpers.diagram", "build_graph": "helpers.diagram",
    "draw_reference_panels": "helpers.diagram", "draw_references": "helpers.diagram",
    "open_fd_count": "helpers.memory", "peak_memory": "helpers.memory",
    "plot_bars": "helpers.plots", "plot_growth": "helpers.plots",
    "record_steps": "helpers.stepper", "step_through": "helpers.stepper",
    "Timeline": "helpers.timeline", "plot_timeline": "helpers.timeline",
    "compare_timings": "helpers.timing", "loglog_slope": "helpers.timing",
    "time_call": "helpers.timing",
    "RunResult": "helpers.workspace", "Workspace": "helpers.workspace",
}
__all__ = [
    "DiagramError", "RunResult", "Timeline", "Workspace", "build_graph", "compare_timings",
    "draw_reference_panels", "draw_references", "environment_banner", "environment_info",
    "loglog_slope", "open_fd_count", "peak_memory", "plot_bars", "plot_growth", "plot_timeline",
    "record_steps", "step_through", "time_call",
]
assert sorted(__all__) == sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def _figure_png(fig: Any) -> bytes:
    from helpers.diagram import figure_png_bytes

    return figure_png_bytes(fig)


def _register_figure_display() -> None:
    """Show matplotlib figures returned by the helpers as PNG in Jupyter, without pyplot."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to register
        return
    shell = get_ipython()
    if shell is None:
        return
    # By name, so registering does not import matplotlib.
    formatter = shell.display_formatter.formatters["image/png"]
    formatter.for_type_by_name("matplotlib.figure", "Figure", _figure_png)


_register_figure_display()
