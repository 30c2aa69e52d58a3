"""Timelines side by side on a shared time axis."""

from __future__ import annotations

import time

import pytest
from matplotlib.figure import Figure

from helpers.timeline import Timeline
from helpers.timeline_panels import panel_origin, plot_timeline_panels


def recorded(starts: list[tuple[str, float, float]]) -> Timeline:
    """A timeline whose spans start ``start`` s after now and last ``length`` s."""
    tl = Timeline()
    base = time.perf_counter() + 10.0  # well after the origin, so offsets are visible
    for lane, start, length in starts:
        tl.add(lane, base + start, base + start + length, label=lane)
    return tl


def test_each_panel_starts_at_zero_on_a_shared_axis() -> None:
    slow = recorded([("main", 0.0, 0.1), ("main", 0.1, 0.1), ("main", 0.2, 0.1)])
    fast = recorded([("task-1", 0.5, 0.1), ("task-2", 0.5, 0.1)])
    fast.mark("heartbeat")
    fig = plot_timeline_panels({"sequential": slow, "concurrent": fast}, title="demo",
                               lanes={"concurrent": ["task-2", "task-1"]})
    assert isinstance(fig, Figure)
    top, bottom = fig.axes
    assert top.get_title(loc="left") == "sequential"
    assert [t.get_text() for t in bottom.get_yticklabels()] == ["task-2", "task-1"]
    # one axis for both panels: the longer run sets the right edge, both start at 0
    assert top.get_xlim() == bottom.get_xlim()
    assert top.get_xlim() == pytest.approx((-0.003, 0.3 * 1.03), rel=1e-6)
    left_edges = sorted(p.get_x() for p in top.patches)
    assert left_edges[0] == pytest.approx(0.0, abs=1e-9)
    assert sorted(p.get_x() for p in bottom.patches)[0] == pytest.approx(0.0, abs=1e-9)


def test_origin_includes_marks() -> None:
    tl = Timeline()
    tl.mark("heartbeat")
    now = time.perf_counter()
    tl.add("work", now + 1.0, now + 2.0)
    assert panel_origin(tl) == tl.marks[0][1]
    assert panel_origin(tl, ["work"]) == pytest.approx(now + 1.0 - tl.origin)


def test_bad_input_is_named() -> None:
    with pytest.raises(ValueError, match="at least one"):
        plot_timeline_panels({})
    with pytest.raises(ValueError, match="'empty'.*nothing to draw"):
        plot_timeline_panels({"empty": Timeline()})
    with pytest.raises(ValueError, match="unknown panels"):
        plot_timeline_panels({"a": recorded([("x", 0, 1)])}, lanes={"b": ["x"]})
    with pytest.raises(ValueError, match="nothing to draw"):
        panel_origin(Timeline())


def test_a_tiny_span_stays_visible() -> None:
    tl = recorded([("slow", 0.0, 1.0), ("instant", 0.5, 1e-6)])
    fig = plot_timeline_panels({"mixed": tl})
    widths = sorted(p.get_width() for p in fig.axes[0].patches)
    assert widths[0] == pytest.approx(0.004)  # drawn as a sliver of the 1 s axis
    assert widths[1] == pytest.approx(1.0)


def test_lane_colours_apply_in_every_panel() -> None:
    one = recorded([("heartbeat", 0.0, 0.1), ("work", 0.0, 0.2)])
    two = recorded([("heartbeat", 0.0, 0.1)])
    fig = plot_timeline_panels({"one": one, "two": two}, colors={"heartbeat": "#718096"})
    grey = (0x71 / 255, 0x80 / 255, 0x96 / 255)
    for ax in fig.axes:
        heartbeat_bar = ax.patches[0]  # lanes are sorted: heartbeat comes first
        assert heartbeat_bar.get_facecolor()[:3] == pytest.approx(grey)
