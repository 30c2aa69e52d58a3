"""Lab equipment for the 100 Days of Advanced Python course.

The lessons live in the notebooks; this package only holds what many of them
share: reference diagrams, timelines, robust timing, memory probes, scratch
workspaces, exercise checks and the environment banner.
"""

from helpers.banner import environment_banner, environment_info
from helpers.diagram import DiagramError, build_graph, draw_reference_panels, draw_references
from helpers.memory import open_fd_count, peak_memory
from helpers.plots import plot_bars, plot_growth
from helpers.timeline import Timeline, plot_timeline
from helpers.timing import compare_timings, loglog_slope, time_call
from helpers.workspace import RunResult, Workspace

__all__ = [
    "DiagramError", "RunResult", "Timeline", "Workspace", "build_graph", "compare_timings",
    "draw_reference_panels", "draw_references", "environment_banner", "environment_info",
    "loglog_slope", "open_fd_count", "peak_memory", "plot_bars", "plot_growth", "plot_timeline",
    "time_call",
]


def _register_figure_display() -> None:
    """Show figures returned by the helpers as PNG in Jupyter, without pyplot."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to register
        return
    shell = get_ipython()
    if shell is None:
        return
    from matplotlib.figure import Figure

    from helpers.diagram import figure_png_bytes

    shell.display_formatter.formatters["image/png"].for_type(Figure, figure_png_bytes)


_register_figure_display()
