"""One source of truth for dependencies: environment.yml and requirements.txt cannot drift."""

from __future__ import annotations

import re

import yaml  # installed with JupyterLab (jupyter-events)

from helpers.course import load_course

from .conftest import ROOT


def test_environment_yml_installs_requirements_txt_and_the_repo() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    conda = [d for d in deps if isinstance(d, str)]
    pip = [d["pip"] for d in deps if isinstance(d, dict)]
    assert conda == ["python=3.11", "pip"], (
        "environment.yml must pin python=3.11 and list pip, and nothing else: any other "
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
