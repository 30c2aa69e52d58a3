"""Timelines of real work: lanes for threads, processes and coroutines.

Record spans while code runs, then draw them as horizontal bars, one lane per
worker. ``time.perf_counter`` is a system-wide monotonic clock on Linux, so
spans recorded in child processes line up with the parent's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["Span", "Timeline", "draw_lanes", "lanes_extent", "lanes_origin", "plot_timeline"]

PALETTE = ["#3182ce", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#319795", "#718096",
           "#b7791f"]


@dataclass(frozen=True)
class Span:
    """One piece of work: which lane, when (seconds since the timeline's start), what."""

    lane: str
    start: float
    end: float
    label: str = ""

    @property
    def duration(self) -> float:
        return self.end - self.start


class Timeline:
    """A thread-safe recorder of spans and instant marks."""

    def __init__(self) -> None:
        self.origin = time.perf_counter()
        self._spans: list[Span] = []
        self._marks: list[tuple[str, float, str]] = []
        self._lock = threading.Lock()

    def now(self) -> float:
        """Seconds since this timeline started."""
        return time.perf_counter() - self.origin

    @contextmanager
    def span(self, lane: str, label: str = "") -> Iterator[None]:
        """Record the time spent inside the ``with`` block on ``lane``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(lane, start, time.perf_counter(), label)

    def add(self, lane: str, start: float, end: float, label: str = "") -> None:
        """Add a span given in absolute ``time.perf_counter()`` seconds."""
        if end < start:
            raise ValueError(f"span {label!r} on {lane!r} ends before it starts")
        with self._lock:
            self._spans.append(Span(lane, start - self.origin, end - self.origin, label))

    def mark(self, lane: str, label: str = "") -> None:
        """Record an instant event (a heartbeat tick, say) on ``lane``."""
        with self._lock:
            self._marks.append((lane, self.now(), label))

    @property
    def spans(self) -> list[Span]:
        with self._lock:
            return sorted(self._spans, key=lambda s: (s.start, s.lane))

    @property
    def marks(self) -> list[tuple[str, float, str]]:
        with self._lock:
            return sorted(self._marks, key=lambda m: m[1])

    def lanes(self) -> list[str]:
        """Lane names, sorted, so that pictures do not depend on thread scheduling."""
        return sorted({s.lane for s in self.spans} | {m[0] for m in self.marks})

    def max_concurrency(self, lanes: Sequence[str] | None = None) -> int:
        """The largest number of spans that were running at the same instant."""
        events: list[tuple[float, int]] = []
        for s in self.spans:
            if lanes is None or s.lane in lanes:
                events += [(s.start, 1), (s.end, -1)]
        running = peak = 0
        for _, step in sorted(events, key=lambda e: (e[0], e[1])):  # ends before starts
            running += step
            peak = max(peak, running)
        return peak

    def largest_gap(self, lane: str) -> float:
        """The longest time between two consecutive marks on ``lane``."""
        times = [t for name, t, _ in self.marks if name == lane]
        if len(times) < 2:
            raise ValueError(f"lane {lane!r} has fewer than two marks")
        return max(b - a for a, b in zip(times, times[1:], strict=False))

    def total(self) -> float:
        """From the first start to the last end."""
        spans = self.spans
        if not spans:
            return 0.0
        return max(s.end for s in spans) - min(s.start for s in spans)


def lanes_origin(timeline: Timeline, lanes: Sequence[str] | None = None) -> float:
    """Where a drawing's clock starts: the earliest span start or mark on ``lanes``."""
    order = list(lanes) if lanes is not None else timeline.lanes()
    times = [s.start for s in timeline.spans if s.lane in order]
    times += [t for lane, t, _ in timeline.marks if lane in order]
    if not times:
        raise ValueError("the timeline is empty: nothing to draw")
    return min(times)


def lanes_extent(timeline: Timeline, lanes: Sequence[str]) -> float:
    """The last time a drawing of ``lanes`` shows, in seconds after its origin."""
    t0 = lanes_origin(timeline, lanes)
    ends = [s.end - t0 for s in timeline.spans if s.lane in lanes]
    ends += [t - t0 for lane, t, _ in timeline.marks if lane in lanes]
    return max(ends)


def draw_lanes(ax: Axes, timeline: Timeline, lanes: Sequence[str], *, show_labels: bool = True,
               min_width: float = 0.0, colors: Mapping[str, str] | None = None) -> None:
    """Draw ``lanes`` of ``timeline`` on ``ax``: one row per lane, first lane on top.

    Spans are bars (shorter than ``min_width`` drawn that wide, so no recorded
    work vanishes), marks are ticks; time starts at the lanes' origin.
    """
    t0 = lanes_origin(timeline, lanes)
    spans = [s for s in timeline.spans if s.lane in lanes]
    marks = [m for m in timeline.marks if m[0] in lanes]
    for row, lane in enumerate(lanes):
        colour = (colors or {}).get(lane, PALETTE[row % len(PALETTE)])
        for s in (s for s in spans if s.lane == lane):
            ax.barh(row, max(s.end - s.start, min_width), left=s.start - t0, height=0.6,
                    color=colour, edgecolor="white", linewidth=0.6)
            if show_labels and s.label:
                ax.text(s.start - t0 + (s.end - s.start) / 2, row, s.label, ha="center",
                        va="center", fontsize=7, color="white", clip_on=True)
        ticks = [m[1] - t0 for m in marks if m[0] == lane]
        if ticks:
            ax.plot(ticks, [row] * len(ticks), "|", color=colour, ms=13, mew=2)
    ax.set_yticks(range(len(lanes)), lanes)
    ax.set_ylim(len(lanes) - 0.5, -0.5)  # first lane on top
    ax.grid(axis="x", alpha=0.3)


def plot_timeline(timeline: Timeline, *, title: str = "", lanes: Sequence[str] | None = None,
                  show_labels: bool = True, width: float = 8.0,
                  colors: Mapping[str, str] | None = None,
                  xlabel: str = "seconds since start") -> Figure:
    """Draw each lane as a row of bars (spans) and ticks (marks). Time starts at 0.

    ``colors`` maps lane names to colours (others use the palette). Very short
    spans are widened to a visible sliver so that no recorded work disappears.
    For several runs on one shared axis, see ``helpers.timeline_panels``.
    """
    order = list(lanes) if lanes is not None else timeline.lanes()
    if not order:
        raise ValueError("the timeline is empty: nothing to draw")
    extent = max(lanes_extent(timeline, order), 1e-9)
    fig = Figure(figsize=(width, 0.9 + 0.45 * len(order)), dpi=100)
    ax = fig.add_subplot()
    draw_lanes(ax, timeline, order, show_labels=show_labels, min_width=extent * 0.004,
               colors=colors)
    ax.set_xlabel(xlabel)
    ax.set_xlim(left=0)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
