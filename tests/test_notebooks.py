"""Structural checks: a notebook cannot pass nbval while stale, hollow or unrenderable.

nbval only compares what a notebook stores, so these checks make sure what is
stored is worth comparing. Every failure names the notebook and the cell.
"""

from __future__ import annotations

import functools
import re
from itertools import pairwise
from pathlib import Path

import nbformat
import pytest

from helpers.course import index_notebook, index_sources, load_course

from .conftest import NOTEBOOKS

MAX_BYTES = 1_000_000
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))
DAYS = sorted(NOTEBOOKS.glob("day*.ipynb"))

VOLATILE = {
    "a memory address": re.compile(r"0x[0-9a-fA-F]{6,}"),
    "a temporary path": re.compile(r"/tmp/|/var/folders/|\\Temp\\"),
    "an ipykernel file name": re.compile(r"ipykernel_\d+"),
    "a uuid": re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"),
    "a raw duration": re.compile(r"\b\d+\.\d{3,}\s?(?:s|ms|µs|us|ns|sec|seconds)\b"),
    "an ephemeral port": re.compile(r"(?:127\.0\.0\.1|localhost):\d{4,5}\b"),
    "a process id": re.compile(r"\bpid[= :]+\d{2,}", re.I),
}
LOOPBACK = {"127.0.0.1", "localhost", "[::1]"}
# Reserved for documentation (RFC 2606 / 6761): fine as text in an example, never reachable.
DOC_HOST = re.compile(r"(^|\.)(example\.(com|org|net)|[a-z0-9-]+\.(test|example|invalid))$")


def cell_id(path: Path, index: int) -> str:
    return f"{path.name}, cell {index}"


@functools.cache  # read each notebook once per session; the checks only look
def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_valid_nbformat_4_with_python3_kernel(path: Path) -> None:
    nb = read(path)
    assert nb.nbformat == 4, f"{path.name}: nbformat {nb.nbformat}, expected 4"
    nbformat.validate(nb)
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    assert kernel == "python3", f"{path.name}: kernelspec {kernel!r}, expected 'python3'"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_freshly_executed_top_to_bottom(path: Path) -> None:
    code = [(i, c) for i, c in enumerate(read(path).cells)
            if c.cell_type == "code" and c.source.strip()]
    assert code, f"{path.name}: no code cells"
    for position, (i, cell) in enumerate(code, start=1):
        assert cell.execution_count is not None, f"{cell_id(path, i)}: never executed"
        assert cell.execution_count == position, (
            f"{cell_id(path, i)}: execution count {cell.execution_count}, expected {position}: "
            "outputs are not from one fresh top-to-bottom run (use make execute)")


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_renders_on_github_and_is_small(path: Path) -> None:
    size = path.stat().st_size
    assert size <= MAX_BYTES, f"{path.name}: {size} bytes, more than {MAX_BYTES}"
    widgets = read(path).metadata.get("widgets")
    if widgets is not None:
        for key, value in widgets.items():
            assert "state" in value, (
                f"{path.name}: metadata.widgets[{key!r}] has no 'state': GitHub refuses "
                "to render the notebook")


def compared_texts(cell: nbformat.NotebookNode) -> list[str]:
    texts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            texts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            for mime in ("text/plain", "text/html", "text/markdown", "image/svg+xml"):
                if mime in output.data:
                    texts.append(output.data[mime])
        elif output.output_type == "error":
            texts.append("\n".join(output.traceback))
    return texts


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_nothing_volatile_in_compared_output(path: Path) -> None:
    problems = []
    for i, cell in enumerate(read(path).cells):
        if cell.cell_type != "code" or "nbval-ignore-output" in cell.metadata.get("tags", []):
            continue
        for text in compared_texts(cell):
            for what, pattern in VOLATILE.items():
                match = pattern.search(text)
                if match:
                    problems.append(f"{cell_id(path, i)}: {what} in output: {match.group(0)!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_reaches_nothing_beyond_loopback(path: Path) -> None:
    problems = []
    for i, cell in enumerate(read(path).cells):
        if cell.cell_type != "code":
            continue
        for host in re.findall(r"\b(?:https?|ftp|wss?)://([^/\s:'\"?]+)", cell.source):
            if host not in LOOPBACK and not DOC_HOST.search(host):
                problems.append(f"{cell_id(path, i)}: reaches for {host}")
        for ip in re.findall(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])", cell.source):
            if not ip.startswith("127."):
                problems.append(f"{cell_id(path, i)}: uses the address {ip}")
    assert not problems, "\n".join(problems)


def test_every_day_notebook_is_in_the_course_map() -> None:
    course = load_course()
    mapped = {d.file for d in course.days}
    stray = [p.name for p in DAYS if p.name not in mapped]
    assert not stray, f"notebooks missing from course.toml: {stray}"


@pytest.mark.parametrize("path", DAYS, ids=ids(DAYS))
def test_navigation_agrees_with_the_course_map(path: Path) -> None:
    course = load_course()
    day = next(d for d in course.days if d.file == path.name)
    cells = read(path).cells
    first, last = cells[0], cells[-1]
    assert "nav-top" in first.metadata.get("tags", []), f"{path.name}: first cell is not nav-top"
    assert "nav-bottom" in last.metadata.get("tags", []), f"{path.name}: last cell not nav-bottom"
    assert first.source == course.nav_top(day), f"{path.name}: top navigation is stale (make nav)"
    assert last.source == course.nav_bottom(day), f"{path.name}: bottom navigation is stale"
    for link in re.findall(r"\]\((?!https?://)([^)]+\.ipynb)\)",
                           first.source + last.source):
        assert (NOTEBOOKS / link).exists(), f"{path.name}: link to missing {link}"


def test_index_lists_every_written_day() -> None:
    # The index is built from course.toml, the notebooks (each day's time is measured
    # from its prose and code) and the exercise modules: any change to one of them that
    # changes the index must be followed by `make nav` (make execute runs it too).
    course = load_course()
    stored = read(NOTEBOOKS / "index.ipynb")
    wanted = index_sources(index_notebook(course))
    for have, want in zip(index_sources(stored), wanted, strict=False):
        assert have == want, (f"notebooks/index.ipynb is stale from cell {want[0]} on "
                              "(a day, its exercises or course.toml changed): run make nav")
    assert len(stored.cells) == len(wanted), "notebooks/index.ipynb is stale: run make nav"
    text = "".join(c.source for c in stored.cells)
    for day in course.days:
        if course.written(day):
            assert f"]({day.file})" in text, f"index does not link {day.file}"


@pytest.mark.parametrize("path", DAYS, ids=ids(DAYS))
def test_the_banner_has_a_cell_of_its_own_that_is_not_compared(path: Path) -> None:
    # The banner prints the machine (Python version, cores, GIL), which differs between
    # machines: its cell is the one place where output is not compared, so it must hold
    # nothing else whose output would go unchecked with it.
    for i, cell in enumerate(read(path).cells):
        if cell.cell_type != "code" or "environment_banner()" not in cell.source:
            continue
        assert "nbval-ignore-output" in cell.metadata.get("tags", []), (
            f"{cell_id(path, i)}: the banner's output differs between machines")
        others = [line for line in cell.source.splitlines()
                  if re.match(r"\s*(import|from)\s|.*Workspace\(|\s*assert\b", line)]
        assert not others, f"{cell_id(path, i)}: keep the banner in a cell of its own: {others}"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_printed_lines_are_stored_whole(path: Path) -> None:
    # The kernel flushes streams on a timer, so one line can arrive in two chunks; a
    # static view shows two blocks. scripts/execute.py joins them (make execute).
    for i, cell in enumerate(read(path).cells):
        outputs = cell.get("outputs", [])
        for before, after in pairwise(outputs):
            assert not (before.output_type == after.output_type == "stream"
                        and before.name == after.name), (
                f"{cell_id(path, i)}: one stream stored in pieces (re-run make execute)")


# What a static view (GitHub, nbconvert, a site without widget JavaScript) shows of an
# output is its text/plain; for a widget that would be its repr unless helpers.live
# replaced it. A workspace's repr says nothing a learner needs.
MACHINERY = {
    "a widget repr": re.compile(r"^\s*[A-Z]\w*\((?:children|value|description|options)="),
    "a printed workspace": re.compile(r"<Workspace (?:open|closed)>"),
}


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_static_views_show_no_machinery(path: Path) -> None:
    problems = []
    for index, cell in enumerate(read(path).cells):
        for output in cell.get("outputs", []):
            text = output.get("text", "") + "".join(output.get("data", {}).get("text/plain", ""))
            problems += [f"{cell_id(path, index)}: {what}: {text.strip()[:60]!r}"
                         for what, pattern in MACHINERY.items() if pattern.search(text)]
            if "application/vnd.jupyter.widget-view+json" in output.get("data", {}):
                plain = "".join(output["data"].get("text/plain", ""))
                if "notebook in JupyterLab or Binder" not in plain:
                    problems.append(f"{cell_id(path, index)}: a widget whose static text does "
                                    f"not say where to use it: {plain[:60]!r}")
    assert not problems, "\n".join(problems)
