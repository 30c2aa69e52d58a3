"""One source of truth for dependencies: environment.yml and requirements.txt cannot drift."""

from __future__ import annotations

import ast
import re
import tomllib

import yaml  # installed with JupyterLab (jupyter-events)

from helpers.course import load_course
from helpers.versions import SUPPORTED

from .conftest import ROOT


def test_environment_yml_installs_requirements_txt_and_the_repo() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    conda = [d for d in deps if isinstance(d, str)]
    pip = [d["pip"] for d in deps if isinstance(d, dict)]
    assert len(conda) == 2 and conda[0].startswith("python=") and conda[1] == "pip", (
        "environment.yml must pin one Python and list pip, and nothing else: any other "
        f"package would be a second source of truth (found {conda})")
    assert pip == [["-r requirements.txt", "-e ."]], f"pip section must be exactly those: {pip}"


def test_requirements_are_pinned() -> None:
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text()
             .splitlines()]
    reqs = [line for line in lines if line]
    assert reqs, "requirements.txt is empty"
    unpinned = [r for r in reqs if not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", r)]
    assert not unpinned, f"not pinned with ==: {unpinned}"
    for needed in ("nbval", "pytest-xdist", "jupyterlab", "ipykernel", "matplotlib"):
        assert any(r.lower().startswith(needed + "==") for r in reqs), f"{needed} missing"


def test_binder_badges_point_at_files_that_exist() -> None:
    course = load_course()
    readme = (ROOT / "README.md").read_text()
    assert re.findall(r"https://mybinder\.org/v2/gh/[^)\s]+", readme), "README has no badge"
    urls = []
    for path in [ROOT / "README.md", *sorted((ROOT / "notebooks").glob("*.ipynb"))]:
        urls += re.findall(r"https://mybinder\.org/v2/gh/[^)\s\"\\]+", path.read_text())
    notebooks = list((ROOT / "notebooks").glob("*.ipynb"))
    assert len(urls) >= 1 + len(notebooks), "every notebook carries a Binder link"
    for url in urls:
        assert url.startswith(f"https://mybinder.org/v2/gh/{course.repository}/{course.branch}")
        path = re.search(r"urlpath=lab/tree/(\S+)", url)
        assert path, f"badge does not open JupyterLab at a file: {url}"
        assert (ROOT / path.group(1)).is_file(), f"badge opens a missing file: {url}"


def test_every_place_names_the_same_supported_pythons() -> None:
    supported = [f"{major}.{minor}" for major, minor in SUPPORTED]
    script = ast.parse((ROOT / "scripts" / "check_python.py").read_text())
    checked = next(ast.literal_eval(node.value) for node in ast.walk(script)
                   if isinstance(node, ast.Assign)
                   and getattr(node.targets[0], "id", None) == "SUPPORTED")
    assert tuple(checked) == SUPPORTED, "scripts/check_python.py and helpers/versions.py differ"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == f">={supported[0]}"
    assert pyproject["tool"]["mypy"]["python_version"] == supported[0]  # the oldest is checked
    named = f"CPython {', '.join(supported[:-1])} and {supported[-1]}"
    assert named in (ROOT / "README.md").read_text(), f"README must say {named!r}"
    assert named in (ROOT / "Makefile").read_text(), f"the Makefile's messages must say {named!r}"
    ci = (ROOT / ".ci" / "run").read_text()
    others = re.search(r'^SUPPORTED_OTHERS="([^"]*)"', ci, re.M)
    assert others and others.group(1).split() == supported[1:], (
        ".ci/run must run the suite on every supported Python besides the default")
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    binder = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python=")]
    assert binder and binder[0].removeprefix("python=") in supported, (
        "Binder's pinned Python must be a supported one")


def test_contributor_documents_point_only_inside_the_repository() -> None:
    # A contributor who clones the repository has nothing else: the standard for
    # writing a day lives in CONTRIBUTING.md, not in a guide kept beside the clone.
    outside = re.compile(r"(?<![\w.])\.\.[/\\]\S*|\bCOURSE_GUIDE\b\S*", re.I)
    for name in ("CONTRIBUTING.md", "README.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        found = outside.findall(text)
        assert not found, f"{name} points outside the repository: {found}"
        for link in re.findall(r"\]\((?![a-z][a-z0-9+.-]*:|#)([^)\s]+)\)", text):
            target = (ROOT / link.split("#")[0]).resolve()
            assert target.is_relative_to(ROOT) and target.exists(), (
                f"{name} links to {link}, which is not a file of the repository")
