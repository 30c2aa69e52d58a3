"""Re-execute notebooks in place, top to bottom, each in one fresh kernel.

Usage: python scripts/execute.py [NOTEBOOK ...]   (default: every day notebook)

This is how stored outputs are refreshed: run it in the pinned environment
(`make execute` does), then review the diff. Cells tagged ``raises-exception``
may raise; any other error stops with the notebook and cell named.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from helpers.course import LANGUAGE_INFO
from helpers.kernels import UnixSocketKernelManager

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def tidy(nb: nbformat.NotebookNode) -> None:
    """Keep only metadata that is stable and that GitHub can render."""
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.metadata["language_info"] = LANGUAGE_INFO
    widgets = nb.metadata.get("widgets", {})
    state = widgets.get("application/vnd.jupyter.widget-state+json")
    if not state or "state" not in state or not state["state"]:
        nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)


def merge_streams(outputs: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """Join consecutive writes to the same stream into one output.

    The kernel flushes a stream on a timer, so one printed line can arrive in two
    chunks; a static view (GitHub, nbviewer, the website) would show it broken in two
    blocks. nbval joins them before comparing, so this changes no comparison.
    """
    merged: list[nbformat.NotebookNode] = []
    for output in outputs:
        last = merged[-1] if merged else None
        if (output.output_type == "stream" and last is not None
                and last.output_type == "stream" and last.name == output.name):
            last.text += output.text
        else:
            merged.append(output)
    return merged


def execute(path: Path, write_to: Path | None = None) -> float:
    """Run ``path`` in a fresh kernel (working directory: its folder) and save the result
    to ``write_to`` (default: in place). Returns the wall time in seconds."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=False,
                            store_widget_state=True,
                            kernel_manager_class=UnixSocketKernelManager,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        raise SystemExit(f"{path.name}: a cell failed\n{exc}") from None
    elapsed = time.perf_counter() - start
    tidy(nb)
    nbformat.validate(nb)
    nbformat.write(nb, write_to or path)
    return elapsed


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted(NOTEBOOKS.glob("day*.ipynb"))
    for path in paths:
        if not path.exists():
            raise SystemExit(f"no such notebook: {path}")
        print(f"{path.name}: {execute(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
