"""Run the notebook suite N times and report every cell that ever failed.

Usage: python scripts/rerun.py [-n RUNS] [--load] [pytest args ...]

With --load, a busy loop keeps one core occupied for the whole time, as
another tenant of a shared machine would. Run through `make rerun`, so the
kernels get the loopback guard and the same options as `make test`.
"""

from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys
import tempfile
import textwrap
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTEST = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-n", "2",
          "--dist", "loadscope", "--nbval", "--nbval-sanitize-with", "nbval_sanitize.cfg",
          "--nbval-current-env"]


# nbval colours its diffs; in a JUnit report the escape character is written as "#x1B"
COLOUR_CODE = re.compile(r"(?:\x1b|#x1B)\[[0-9;]*m")


def failures(report: Path) -> dict[str, str]:
    """Each failed test of a JUnit report, with the last lines of its failure text."""
    tree = ET.parse(report)
    failed = {}
    for case in tree.iter("testcase"):
        problem = case.find("failure")
        problem = problem if problem is not None else case.find("error")
        if problem is not None:
            plain = COLOUR_CODE.sub("", problem.text or "")
            lines = [line for line in plain.splitlines() if line.strip()]
            failed[f"{case.get('classname')}::{case.get('name')}"] = "\n".join(lines[-6:])
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=10)
    parser.add_argument("--load", action="store_true", help="keep one core busy meanwhile")
    parser.add_argument("targets", nargs="*", default=["notebooks"])
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    hog = (subprocess.Popen([sys.executable, "-c", "while True: pass"]) if args.load else None)
    seen: collections.Counter[str] = collections.Counter()
    passed_runs = 0
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for run in range(1, args.runs + 1):
                report = Path(tmp) / f"run{run}.xml"
                start = time.perf_counter()
                done = subprocess.run([*PYTEST, f"--junitxml={report}", *args.targets],
                                      cwd=ROOT, capture_output=True, text=True, check=False)
                failed = failures(report) if report.exists() else {"<no report>": ""}
                seen.update(failed.keys())  # count the tests; the texts are only printed
                passed_runs += done.returncode == 0
                summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
                print(f"run {run}/{args.runs}: {time.perf_counter() - start:.1f} s, "
                      f"{summary}", flush=True)
                for test, text in failed.items():  # say why, so a rare flake can be fixed
                    print(f"  {test} failed:\n" + textwrap.indent(text, "    | "), flush=True)
    finally:
        if hog is not None:
            hog.kill()
            hog.wait()
    load = "with one core busy" if args.load else "without load"
    print(f"\n{passed_runs}/{args.runs} runs passed ({load})")
    for test, count in seen.most_common():
        print(f"  failed {count}x: {test}")
    return 0 if passed_runs == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
