"""Prove that re-executing an unchanged notebook changes none of its compared outputs.

Usage: python scripts/check_reexecution.py [NOTEBOOK ...]   (default: every day)

Each notebook is executed into a temporary copy exactly as `make execute`
would, and every output nbval compares (text, HTML, errors; not images or
widget views; not cells tagged nbval-ignore-output) must be identical to the
stored one. The repository is not touched. Every change is printed as a diff, again
at the end, so the tail of a CI log names the cell and shows what changed.
"""

from __future__ import annotations

import difflib
import sys
import tempfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from execute import NOTEBOOKS, execute  # noqa: E402

MAX_DIFF_LINES = 40
COMPARED = ("text/plain", "text/html", "text/markdown", "text/latex", "application/json")


def compared(nb: nbformat.NotebookNode) -> list[tuple[int, list[object]]]:
    result = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "nbval-ignore-output" in cell.metadata.get("tags", []):
            continue
        outs: list[object] = []
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                # The kernel may split one print into several chunks; nbval merges them.
                last = outs[-1] if outs else None
                if isinstance(last, tuple) and last[0] == out.name:
                    outs[-1] = (out.name, last[1] + out.text)
                else:
                    outs.append((out.name, out.text))
            elif out.output_type == "error":
                outs.append(("error", out.ename, out.evalue))
            else:
                outs.append({k: v for k, v in out.get("data", {}).items() if k in COMPARED})
        result.append((i, outs))
    return result


def as_lines(outputs: list[object]) -> list[str]:
    """One cell's compared outputs as text lines, for a readable diff."""
    lines: list[str] = []
    for out in outputs:
        if isinstance(out, tuple):
            lines += [f"[{out[0]}]", *": ".join(map(str, out[1:])).splitlines()]
        else:
            lines += [f"[data] {out!r}"]
    return lines


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted(NOTEBOOKS.glob("day*.ipynb"))
    report: list[str] = []  # the diffs, printed again at the end so a log's tail shows them
    for path in paths:
        with tempfile.TemporaryDirectory() as tmp:
            fresh_path = Path(tmp) / path.name
            seconds = execute(path, write_to=fresh_path)  # the kernel still runs in notebooks/
            fresh = nbformat.read(fresh_path, as_version=4)
        stored = nbformat.read(path, as_version=4)
        changed = [(i, a, b) for (i, a), (_, b) in zip(compared(stored), compared(fresh),
                                                       strict=True) if a != b]
        print(f"{path.name}: {seconds:.1f} s, " + (f"changed cells {[i for i, _, _ in changed]}"
                                                   if changed else "unchanged"), flush=True)
        for i, before, after in changed:
            diff = list(difflib.unified_diff(as_lines(before), as_lines(after), "stored",
                                             "re-executed", lineterm="", n=1))
            report += [f"--- {path.name}, cell {i} ---", *diff[:MAX_DIFF_LINES]]
            if len(diff) > MAX_DIFF_LINES:
                report.append(f"... {len(diff) - MAX_DIFF_LINES} more diff lines")
    if report:
        print("\nCompared outputs that changed on re-execution:", *report, sep="\n")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
