"""Test runs made visible: read pytest's JUnit XML report and draw outcomes as a grid.

Run pytest with ``--junitxml=report.xml`` and ``parse_junit`` turns the report
into ``{test id: outcome}``, with outcomes ``"passed"``, ``"failed"``,
``"error"`` or ``"skipped"``. Record several runs (before a change, after a
new test, after a fix) and ``plot_test_outcomes`` draws one row per test and
one column per run, so red turning green is seen at a glance. Tests that pass
in every run can be folded into one summary row, so the interesting rows stand
out. ``run_pytest`` does the recording: it runs ``python -m pytest`` in a
workspace, as a learner would in a terminal, and keeps each test's outcome.

The XML comes from pytest run on the lesson's own files, so it is trusted
input; ``xml.etree`` is not hardened against hostile XML and is not meant for it.
"""

from __future__ import annotations

import dataclasses
import re
import shlex
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from helpers.canvas import inch_canvas
from helpers.workspace import RunResult, Workspace

__all__ = ["OUTCOME_COLOURS", "PYTEST_ENV", "TestRunError", "count_outcomes", "parse_junit",
           "plot_test_outcomes", "run_pytest"]

FONT = "DejaVu Sans Mono"
CHAR_W = 0.068  # inches per character at 8 pt monospace

#: outcome -> (fill, text colour); "absent" is a test that did not exist in that run.
OUTCOME_COLOURS: dict[str, tuple[str, str]] = {
    "passed": ("#c6f6d5", "#22543d"),
    "failed": ("#fed7d7", "#9b2c2c"),
    "error": ("#feebc8", "#9c4221"),
    "skipped": ("#e2e8f0", "#4a5568"),
    "absent": ("#f7fafc", "#a0aec0"),
}


#: Added to a workspace's own stable environment (which already keeps the kernel's
#: ``PYTEST_*`` settings, ``CI`` and forced colour out) for every pytest run: no plugin
#: loaded automatically from installed packages, plain text, a fixed report width.
PYTEST_ENV: dict[str, str] = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PY_COLORS": "0",
                              "COLUMNS": "100"}


class TestRunError(ValueError):
    """Raised for a report that is not pytest JUnit XML, or runs that cannot be drawn."""

    __test__ = False  # not a test class, whatever pytest thinks of the name


def parse_junit(xml_text: str) -> dict[str, str]:
    """Map each test of a pytest JUnit XML report to its outcome, in report order.

    Test ids are ``"<classname>::<name>"`` as pytest writes them, for example
    ``"tests.test_user::test_age[17]"``.
    """
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as exc:
        raise TestRunError(f"not an XML report: {exc}") from None
    if root.tag not in ("testsuites", "testsuite"):
        raise TestRunError(f"not a JUnit report: the root element is <{root.tag}>")
    cases = list(root.iter("testcase"))
    outcomes: dict[str, str] = {}
    for case in cases:
        test_id = f"{case.get('classname', '')}::{case.get('name', '')}"
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed"}.get(child.tag, child.tag)
                break
        if test_id in outcomes and outcomes[test_id] != "passed":
            continue  # a teardown error is reported as a second entry: keep the first problem
        outcomes[test_id] = outcome
    return outcomes


def count_outcomes(outcomes: Mapping[str, str]) -> dict[str, int]:
    """How many tests had each outcome, e.g. ``{"failed": 1, "passed": 9}`` (sorted keys)."""
    return dict(sorted(Counter(outcomes.values()).items()))


def plot_test_outcomes(runs: Mapping[str, Mapping[str, str]], *, title: str = "",
                       fold_passing: bool = True, label_width: int = 48) -> Figure:
    """One row per test, one column per run, each cell coloured by the outcome.

    ``runs`` maps a run's label to its outcomes (as from ``parse_junit``), in the
    order the runs happened. A test missing from a run is drawn as "absent".
    With ``fold_passing``, tests that passed in every run are folded into one
    row that says how many they are. Test ids longer than ``label_width`` are
    shortened from the left, keeping the test's name.
    """
    if not runs:
        raise TestRunError("no runs to draw")
    tests: list[str] = []
    for outcomes in runs.values():
        for test_id, outcome in outcomes.items():
            if outcome not in OUTCOME_COLOURS or outcome == "absent":
                raise TestRunError(f"{test_id}: unknown outcome {outcome!r}")
            if test_id not in tests:
                tests.append(test_id)
    if not tests:
        raise TestRunError("the runs contain no tests")

    def always_passed(test_id: str) -> bool:
        return all(o.get(test_id) == "passed" for o in runs.values())

    rows: list[tuple[str, list[str]]] = []
    folded = [t for t in tests if always_passed(t)] if fold_passing else []
    for test_id in tests:
        if test_id in folded:
            continue
        label = test_id if len(test_id) <= label_width else "…" + test_id[-(label_width - 1):]
        rows.append((label, [o.get(test_id, "absent") for o in runs.values()]))
    if folded:
        rows.append((f"{len(folded)} other test(s)", ["passed"] * len(runs)))

    run_labels = list(runs)
    cell_w = max(1.1, max(len(r) for r in run_labels) * CHAR_W + 0.25)
    cell_h = 0.3
    label_w = max(len(label) for label, _ in rows) * CHAR_W + 0.3
    title_h = 0.4 if title else 0.0
    width = label_w + cell_w * len(run_labels) + 0.3
    height = title_h + 0.45 + cell_h * len(rows) + 0.15
    fig, ax = inch_canvas(width, height, TestRunError(
        "too many tests or runs to draw; fold passing tests or fewer runs"))
    if title:
        ax.text(0.15, height - 0.22, title, fontsize=10.5, fontweight="bold", family=FONT,
                va="center")
    header_y = height - title_h - 0.25
    for j, run in enumerate(run_labels):
        ax.text(label_w + (j + 0.5) * cell_w, header_y, run, ha="center", va="center",
                fontsize=8.5, fontweight="bold", family=FONT)
    top = header_y - 0.2
    for i, (label, cells) in enumerate(rows):
        y = top - (i + 1) * cell_h
        ax.text(label_w - 0.12, y + cell_h / 2, label, ha="right", va="center", fontsize=8,
                family=FONT, style="italic" if folded and i == len(rows) - 1 else "normal")
        for j, outcome in enumerate(cells):
            fill, ink = OUTCOME_COLOURS[outcome]
            ax.add_patch(Rectangle((label_w + j * cell_w, y), cell_w, cell_h, fc=fill,
                                   ec="white", lw=1.5))
            text = "FAILED" if outcome == "failed" else outcome
            ax.text(label_w + (j + 0.5) * cell_w, y + cell_h / 2, text, ha="center",
                    va="center", fontsize=8, family=FONT, color=ink,
                    fontweight="bold" if outcome in ("failed", "error") else "normal")
    return fig


def run_pytest(ws: Workspace, runs: dict[str, dict[str, str]], label: str, *args: str,
               drop_prefix: str = "tests.") -> RunResult:
    """Run ``python -m pytest --no-header *args`` in ``ws`` and record its outcomes.

    Each test's outcome is stored in ``runs[label]`` (ids as from ``parse_junit``,
    with ``drop_prefix`` removed from their start), ready for ``plot_test_outcomes``;
    a label run again (a notebook cell run twice) is recorded afresh in its place.
    The JUnit report pytest is asked for is left out of the result: its option in the
    command and its line in the output are removed, and so are the durations, so
    the result reads the same on every run.
    """
    if not label.strip():
        raise TestRunError("a run needs a label, e.g. '1 first suite'")
    with tempfile.TemporaryDirectory(prefix="pytest-report-") as folder:
        # Outside the workspace, so the project's files and listing stay the learner's.
        report = Path(folder) / "report.xml"
        result = ws.run("python", "-m", "pytest", "--no-header", f"--junitxml={report}", *args,
                        env=PYTEST_ENV)
        if not report.exists():
            raise TestRunError(f"pytest wrote no report (exit code {result.returncode}):\n"
                               + (result.stderr or result.stdout).strip())
        xml_text = report.read_text(encoding="utf-8")
    runs[label] = {test_id.removeprefix(drop_prefix): outcome
                   for test_id, outcome in parse_junit(xml_text).items()}
    stdout = re.sub(r" in \d+\.\d+s", "", result.stdout)
    stdout = re.sub(r"^-.*generated xml file.*\n", "", stdout, flags=re.M)
    return dataclasses.replace(result, stdout=stdout,
                               command=result.command.replace(
                                   " " + shlex.quote(f"--junitxml={report}"), ""))
