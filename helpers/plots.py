"""Small, consistent charts for growth and memory curves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure

__all__ = ["plot_growth", "plot_bars"]


def plot_growth(sizes: Sequence[float], series: Mapping[str, Sequence[float]], *,
                title: str = "", xlabel: str = "n", ylabel: str = "seconds",
                loglog: bool = True) -> Figure:
    """One line per series against ``sizes``; log-log by default, so slopes read as exponents."""
    if not series:
        raise ValueError("plot_growth needs at least one series")
    for name, values in series.items():
        if len(values) != len(sizes):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(sizes)} sizes")
    fig = Figure(figsize=(6.4, 3.8), dpi=100)
    ax = fig.add_subplot()
    for name, values in series.items():
        ax.plot(sizes, values, marker="o", label=name)
    if loglog:
        ax.set_xscale("log")
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_bars(values: Mapping[str, float], *, title: str = "", ylabel: str = "seconds") -> Figure:
    """A labelled bar per value, e.g. the wall time of three strategies."""
    if not values:
        raise ValueError("plot_bars needs at least one value")
    fig = Figure(figsize=(6.0, 3.4), dpi=100)
    ax = fig.add_subplot()
    bars = ax.bar(list(values), list(values.values()), color="#3182ce")
    ax.bar_label(bars, fmt="%.2f")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
