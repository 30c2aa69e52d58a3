"""Prove that re-executing an unchanged notebook changes none of its compared outputs.

Usage: python scripts/check_reexecution.py [NOTEBOOK ...]   (default: every day)

Each notebook is executed into a temporary copy exactly as `make execute`
would, and every output nbval compares (text, HTML, errors; not images or
widget views; not cells tagged nbval-ignore-output) must be identical to the
stored one. The repository is not touched.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from execute import NOTEBOOKS, execute  # noqa: E402

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


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted(NOTEBOOKS.glob("day*.ipynb"))
    bad = 0
    for path in paths:
        with tempfile.TemporaryDirectory() as tmp:
            fresh_path = Path(tmp) / path.name
            execute(path, write_to=fresh_path)  # the kernel still runs in notebooks/
            fresh = nbformat.read(fresh_path, as_version=4)
        stored = nbformat.read(path, as_version=4)
        diffs = [i for (i, a), (_, b) in zip(compared(stored), compared(fresh), strict=True)
                 if a != b]
        bad += bool(diffs)
        print(f"{path.name}: " + (f"changed cells {diffs}" if diffs else "unchanged"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
