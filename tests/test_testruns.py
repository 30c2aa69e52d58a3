"""Reading pytest's JUnit report and drawing outcomes across runs."""

from __future__ import annotations

import subprocess
import sys

import pytest
from matplotlib.figure import Figure

from helpers.testruns import (
    TestRunError,
    count_outcomes,
    parse_junit,
    plot_test_outcomes,
    run_pytest,
)
from helpers.workspace import Workspace

REPORT = """<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests">
<testsuite name="pytest" errors="1" failures="1" skipped="1" tests="5">
<testcase classname="tests.test_a" name="test_a[1]" time="0.001" />
<testcase classname="tests.test_a" name="test_a[0]" time="0.001"><failure message="assert 0"/>
</testcase>
<testcase classname="tests.test_a" name="test_err" time="0.001"><error message="setup"/></testcase>
<testcase classname="tests.test_a" name="test_skip" time="0.0"><skipped message="no"/></testcase>
<testcase classname="tests.test_a.TestK" name="test_m" time="0.0" />
</testsuite></testsuites>"""


def test_parse_junit_reads_every_outcome_in_order() -> None:
    outcomes = parse_junit(REPORT)
    assert outcomes == {
        "tests.test_a::test_a[1]": "passed",
        "tests.test_a::test_a[0]": "failed",
        "tests.test_a::test_err": "error",
        "tests.test_a::test_skip": "skipped",
        "tests.test_a.TestK::test_m": "passed",
    }
    assert count_outcomes(outcomes) == {"error": 1, "failed": 1, "passed": 2, "skipped": 1}


def test_parse_junit_reads_a_real_pytest_report() -> None:
    with Workspace() as ws:
        ws.write("test_demo.py", """
            import pytest

            @pytest.mark.parametrize("x", [1, 0])
            def test_truthy(x):
                assert x
        """)
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             "--junitxml=report.xml", "test_demo.py"],
            cwd=ws.path, capture_output=True, text=True, timeout=60,
            env={"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONDONTWRITEBYTECODE": "1"})
        assert done.returncode == 1, done.stdout + done.stderr
        assert parse_junit(ws.read("report.xml")) == {"test_demo::test_truthy[1]": "passed",
                                                      "test_demo::test_truthy[0]": "failed"}


@pytest.mark.parametrize("text,message", [
    ("not xml", "not an XML report"),
    ("<html><body/></html>", "root element is <html>"),
])
def test_parse_junit_refuses_other_documents(text: str, message: str) -> None:
    with pytest.raises(TestRunError, match=message):
        parse_junit(text)


def test_plot_folds_tests_that_always_pass() -> None:
    before = {"t::a": "passed", "t::b": "passed"}
    after = {"t::a": "passed", "t::b": "passed", "t::new": "failed"}
    fig = plot_test_outcomes({"before": before, "after": after}, title="runs")
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "t::new" in texts and "2 other test(s)" in texts
    assert "t::a" not in texts
    assert texts.count("absent") == 1 and texts.count("FAILED") == 1
    unfolded = [t.get_text() for t in
                plot_test_outcomes({"before": before}, fold_passing=False).axes[0].texts]
    assert "t::a" in unfolded and "t::b" in unfolded


def test_plot_shortens_long_ids_from_the_left() -> None:
    long_id = "tests.deeply.nested.module::" + "test_name_" * 8
    texts = [t.get_text() for t in
             plot_test_outcomes({"r": {long_id: "failed"}}, label_width=30).axes[0].texts]
    shortened = [t for t in texts if t.startswith("…")]
    assert shortened and len(shortened[0]) == 30 and long_id.endswith(shortened[0][1:])


@pytest.mark.parametrize("runs,message", [
    ({}, "no runs"),
    ({"r": {}}, "no tests"),
    ({"r": {"t": "exploded"}}, "unknown outcome 'exploded'"),
    ({"r": {"t": "absent"}}, "unknown outcome 'absent'"),
])
def test_plot_refuses_what_it_cannot_draw(runs: dict[str, dict[str, str]], message: str) -> None:
    with pytest.raises(TestRunError, match=message):
        plot_test_outcomes(runs)


def test_run_pytest_records_outcomes_and_hides_what_varies() -> None:
    with Workspace() as ws:
        ws.write("tests/test_demo.py", """
            import pytest

            @pytest.mark.parametrize("x", [1, 0])
            def test_truthy(x):
                assert x
        """)
        runs: dict[str, dict[str, str]] = {}
        first = run_pytest(ws, runs, "first", "-q")
        second = run_pytest(ws, runs, "second", "-q", "-k", "not 0")
        assert runs == {"first": {"test_demo::test_truthy[1]": "passed",
                                  "test_demo::test_truthy[0]": "failed"},
                        "second": {"test_demo::test_truthy[1]": "passed"}}
        assert first.command == "python -m pytest --no-header -q"
        assert first.returncode == 1 and second.returncode == 0
        assert first.stdout.endswith("\n1 failed, 1 passed\n")  # no duration
        assert "junit" not in first.stdout + first.command and "xml" not in second.stdout
        assert ws.tree() == ".\n└── tests/\n    └── test_demo.py"  # no report left behind
        ws.write("tests/test_demo.py", "def test_truthy():\n    assert 1\n", dedent=False)
        run_pytest(ws, runs, "first", "-q")  # the same label again: recorded afresh, in place
        assert list(runs) == ["first", "second"]
        assert runs["first"] == {"test_demo::test_truthy": "passed"}


def test_run_pytest_refuses_a_blank_label_and_a_run_without_report() -> None:
    with Workspace() as ws:
        runs: dict[str, dict[str, str]] = {"earlier": {}}
        with pytest.raises(TestRunError, match="needs a label"):
            run_pytest(ws, runs, " ")
        with pytest.raises(TestRunError, match=r"no report \(exit code 4\)"):
            run_pytest(ws, runs, "bad option", "--no-such-option")
        assert list(runs) == ["earlier"]
