"""The website's table of contents matches the index notebook, day for day."""

from __future__ import annotations

import importlib.util
import re

from helpers.course import load_course

from .conftest import NOTEBOOKS, ROOT


def load_site_module() -> object:
    spec = importlib.util.spec_from_file_location("course_site", ROOT / "scripts" / "site.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_site_toc_matches_the_index() -> None:
    site = load_site_module()
    toc = site.toc_yaml(load_course())  # type: ignore[attr-defined]
    toc_files = re.findall(r"- file: notebooks/(\S+)", toc)
    index = (NOTEBOOKS / "index.ipynb").read_text(encoding="utf-8")
    index_files = [f[:-len(".ipynb")] for f in re.findall(r"\]\((day\d\d_\w+\.ipynb)\)", index)]
    assert toc_files == index_files
    assert toc.splitlines()[1] == "root: notebooks/index"
