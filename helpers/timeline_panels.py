"""Timelines side by side: several recorded runs, stacked on one shared time axis.

``plot_timeline`` draws one run. A lesson that compares two ways of doing the
same work (sequential against concurrent, threads against processes,
fail-fast against fail-safe) wants both runs on the *same* scale, each starting
at zero, so that the shorter bar really is shorter on the page::

    fig = plot_timeline_panels({"sequential": tl_seq, "gather": tl_gather})

Each panel keeps its own lanes (sorted, or in the order given in ``lanes``);
spans are bars, marks are ticks, in the colours and layout of ``plot_timeline``.
A span too short to see (a plain function call among 50 ms waits) is drawn
``MIN_WIDTH`` of the axis wide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure

from helpers.timeline import Timeline, draw_lanes, lanes_extent, lanes_origin

__all__ = ["plot_timeline_panels", "panel_origin"]

#: Spans shorter than this share of the time axis are drawn this wide, so that a
#: microsecond-long task still shows as a sliver instead of vanishing.
MIN_WIDTH = 0.004


#: Kept under its first name: where a panel's clock starts.
panel_origin = lanes_origin


def plot_timeline_panels(panels: Mapping[str, Timeline], *, title: str = "",
                         lanes: Mapping[str, Sequence[str]] | None = None,
                         show_labels: bool = True, width: float = 8.0,
                         colors: Mapping[str, str] | None = None) -> Figure:
    """Stack one timeline per panel, each starting at 0 s, on a shared time axis.

    ``panels`` maps a panel title to its recorded ``Timeline``; ``lanes`` may
    give, per panel title, which lanes to draw and in what order; ``colors`` maps
    lane names to colours in every panel (other lanes use the palette).
    """
    if not panels:
        raise ValueError("plot_timeline_panels needs at least one timeline")
    chosen = dict(lanes or {})
    unknown = sorted(set(chosen) - set(panels))
    if unknown:
        raise ValueError(f"lanes given for unknown panels: {unknown}")
    orders: dict[str, list[str]] = {}
    for name, timeline in panels.items():
        order = list(chosen[name]) if name in chosen else timeline.lanes()
        if not order:
            raise ValueError(f"panel {name!r}: the timeline is empty: nothing to draw")
        orders[name] = order
    heights = [len(order) + 1.2 for order in orders.values()]
    fig = Figure(figsize=(width, 0.6 + 0.42 * sum(heights)), dpi=100)
    axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False,
                        gridspec_kw={"height_ratios": heights})[:, 0]
    right = max(lanes_extent(panels[name], order) for name, order in orders.items())
    right = right if right > 0 else 1.0
    for ax, (name, timeline) in zip(axes, panels.items(), strict=True):
        draw_lanes(ax, timeline, orders[name], show_labels=show_labels,
                   min_width=right * MIN_WIDTH, colors=colors)
        ax.set_title(name, fontsize=10, loc="left")
    axes[-1].set_xlabel("seconds since the start of each run")
    axes[-1].set_xlim(-right * 0.01, right * 1.03)  # a tick at 0 s stays whole
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
