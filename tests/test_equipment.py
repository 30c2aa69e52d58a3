"""Banner, workspace, timing, timeline, memory and plots."""

from __future__ import annotations

import json
import os
import sys
import threading
import time

import pytest

from helpers.banner import environment_info
from helpers.memory import open_fd_count, peak_memory
from helpers.plots import plot_bars, plot_growth
from helpers.timeline import Timeline, plot_timeline
from helpers.timing import compare_timings, loglog_slope, time_call
from helpers.workspace import Workspace, WorkspaceError


def test_banner_reports_this_interpreter() -> None:
    info = environment_info()
    assert info.python_version.startswith(f"{sys.version_info.major}.{sys.version_info.minor}")
    assert 1 <= info.cores_available <= info.cores_total
    if sys.version_info < (3, 13):
        assert info.gil_enabled is True
    assert "GIL" in str(info)


def test_workspace_writes_runs_and_cleans_up() -> None:
    with Workspace() as ws:
        ws.write("pkg/hello.py", """
            import os
            print(os.getcwd())
            raise SystemExit(3)
        """)
        result = ws.run("python", "pkg/hello.py")
        assert result.returncode == 3
        assert result.stdout.strip() == "<workspace>"  # the temporary path is hidden
        assert ws.tree() == ".\n└── pkg/\n    └── hello.py"
        root = ws.path
    assert not root.exists()
    assert ws.closed


def test_workspace_programs_see_a_stable_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # A CI runner, a forced colour or pytest options in the kernel must not reach the
    # programs a lesson runs: they change what pytest and other tools print.
    for name, value in {"CI": "true", "FORCE_COLOR": "1", "PYTEST_ADDOPTS": "-v",
                        "COLUMNS": "37", "LANG": "C.UTF-8"}.items():
        monkeypatch.setenv(name, value)
    show_env = "import json, os; print(json.dumps(dict(os.environ), sort_keys=True))"
    with Workspace() as ws:
        ws.write("env.py", show_env)
        seen = json.loads(ws.run("python", "env.py", env={"APP_MODE": "demo"}).stdout)
        assert "CI" not in seen and "FORCE_COLOR" not in seen and "PYTEST_ADDOPTS" not in seen
        assert seen["COLUMNS"] == "80" and seen["NO_COLOR"] == "1" and seen["LANG"] == "C.UTF-8"
        assert seen["PYTHONNODEBUGRANGES"] == "1"  # tracebacks read alike on 3.11-3.13
        assert seen["APP_MODE"] == "demo"
        only_given = ws.run("python", "env.py", env={"APP_MODE": "x"}, replace_env=True)
        only = json.loads(only_given.stdout)
        assert "LANG" not in only and only["APP_MODE"] == "x" and "PATH" in only


def test_workspace_refuses_paths_outside_it() -> None:
    with Workspace() as ws:
        with pytest.raises(WorkspaceError, match="outside"):
            ws.write("../escape.txt", "x")
        with pytest.raises(WorkspaceError, match="relative"):
            ws.write("/etc/passwd", "x")
    with pytest.raises(WorkspaceError, match="closed"):
        ws.read("anything")


def test_workspace_run_times_out_instead_of_hanging() -> None:
    with Workspace() as ws:
        ws.write("forever.py", "while True: pass")
        with pytest.raises(WorkspaceError, match="did not finish within 1"):
            ws.run("python", "forever.py", timeout=1)


def test_compare_timings_orders_clear_differences() -> None:
    data = list(range(2000))
    as_set = set(data)
    times = compare_timings({"list": lambda: 1999 in data, "set": lambda: 1999 in as_set},
                            repeat=3)
    assert times["set"] < times["list"]
    assert time_call(lambda: None, repeat=2) > 0


def test_compare_timings_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="at least one"):
        compare_timings({})
    with pytest.raises(TypeError, match="not callable"):
        compare_timings({"x": 3})  # type: ignore[dict-item]


def test_loglog_slope_reads_exponents() -> None:
    xs = [10, 100, 1000]
    assert loglog_slope(xs, [x**2 for x in xs]) == pytest.approx(2)
    assert loglog_slope(xs, [5 * x for x in xs]) == pytest.approx(1)
    with pytest.raises(ValueError, match="positive"):
        loglog_slope([0, 1], [1, 2])


def test_timeline_records_threads_and_concurrency() -> None:
    tl = Timeline()

    def work(name: str) -> None:
        with tl.span(name, "sleep"):
            time.sleep(0.05)

    threads = [threading.Thread(target=work, args=(f"t{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert tl.lanes() == ["t0", "t1", "t2"]
    assert tl.max_concurrency() == 3
    assert 0.05 <= tl.total() < 1.0
    fig = plot_timeline(tl, title="three sleeps")
    assert len(fig.axes) == 1


def test_timeline_marks_and_gaps() -> None:
    tl = Timeline()
    start = time.perf_counter()
    tl.add("worker", start, start + 0.2, "job")
    tl.mark("heartbeat")
    time.sleep(0.03)
    tl.mark("heartbeat")
    assert tl.largest_gap("heartbeat") >= 0.03
    with pytest.raises(ValueError, match="ends before"):
        tl.add("x", 2.0, 1.0)
    with pytest.raises(ValueError, match="empty"):
        plot_timeline(Timeline())


def test_peak_memory_sees_a_big_list() -> None:
    small = peak_memory(lambda: sum(range(10)))
    big = peak_memory(lambda: len(list(range(200_000))))
    assert big.result == 200_000
    assert big.peak_bytes > 1_000_000 > small.peak_bytes


def test_peak_memory_keeps_the_smallest_of_repeated_calls() -> None:
    calls = 0

    def work() -> int:
        nonlocal calls
        calls += 1
        if calls == 1:  # once, another thread allocates 2 MB while this call runs
            helper = threading.Thread(target=lambda: bytearray(2_000_000).count(0))
            helper.start()
            helper.join()
        return sum(range(100))

    disturbed = peak_memory(work, repeat=1)
    assert disturbed.peak_bytes > 1_000_000  # tracemalloc counts every thread's allocations
    calls = 0
    robust = peak_memory(work)
    assert calls == 3 and robust.result == 4950
    assert robust.peak_bytes < 100_000


def test_peak_memory_refuses_to_repeat_over_a_one_shot_iterator() -> None:
    with pytest.raises(ValueError, match="one-shot generator"):
        peak_memory(sum, (x for x in range(10)))
    assert peak_memory(sum, (x for x in range(10)), repeat=1).result == 45
    assert peak_memory(lambda: sum(x for x in range(10))).result == 45


@pytest.mark.parametrize("repeat", [0, -1, 1.5, True])
def test_peak_memory_refuses_a_bad_repeat(repeat: object) -> None:
    with pytest.raises(ValueError, match="repeat must be a whole number"):
        peak_memory(sum, [1, 2], repeat=repeat)  # type: ignore[arg-type]


def test_open_fd_count_sees_an_open_file() -> None:
    before = open_fd_count()
    with open(os.devnull) as handle:
        assert open_fd_count() == before + 1
        assert not handle.closed
    assert open_fd_count() == before


def test_open_fd_count_by_folder_ignores_other_files(tmp_path: object) -> None:
    from pathlib import Path
    folder = Path(str(tmp_path))
    (folder / "a.txt").write_text("x")
    assert open_fd_count(under=folder) == 0
    with open(folder / "a.txt") as first, open(os.devnull) as other:
        assert open_fd_count(under=folder) == 1
        assert not first.closed and not other.closed
    assert open_fd_count(under=folder) == 0


def test_plots_validate_their_input() -> None:
    assert plot_growth([1, 2], {"a": [1.0, 2.0]}).axes
    assert plot_bars({"a": 1.0}).axes
    with pytest.raises(ValueError, match="2 sizes"):
        plot_growth([1, 2], {"a": [1.0]})


def test_inch_canvas_uses_inches_and_refuses_huge_drawings() -> None:
    from helpers.canvas import inch_canvas
    fig, ax = inch_canvas(4.0, 2.0, ValueError("too large"))
    assert tuple(fig.get_size_inches()) == (4.0, 2.0)
    assert ax.get_xlim() == (0.0, 4.0) and ax.get_ylim() == (0.0, 2.0)
    with pytest.raises(ValueError, match="too large"):
        inch_canvas(41.0, 2.0, ValueError("too large"))
