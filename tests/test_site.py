"""The website: its table of contents matches the index notebook, day for day, and it
serves its own widget manager (pinned, verified) and loads nothing from elsewhere."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import tarfile
import types
from pathlib import Path

import pytest

from helpers.course import load_course

from .conftest import NOTEBOOKS, ROOT


def load_site_module() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("course_site", ROOT / "scripts" / "site.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


site = load_site_module()


def test_site_toc_matches_the_index() -> None:
    toc = site.toc_yaml(load_course())
    toc_files = re.findall(r"- file: notebooks/(\S+)", toc)
    index = (NOTEBOOKS / "index.ipynb").read_text(encoding="utf-8")
    index_files = [f[:-len(".ipynb")] for f in re.findall(r"\]\((day\d\d_\w+\.ipynb)\)", index)]
    assert toc_files == index_files
    assert toc.splitlines()[1] == "root: notebooks/index"


# ---- the widget manager: pinned to the ipywidgets the course pins --------------------

def test_widget_manager_pin_follows_the_pinned_ipywidgets() -> None:
    import ipywidgets
    import ipywidgets.embed

    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert f"ipywidgets=={site.HTML_MANAGER_FOR_IPYWIDGETS}\n" in requirements, \
        "ipywidgets moved: pin the html-manager release built with it in scripts/site.py"
    assert f"html-manager {site.HTML_MANAGER_VERSION}," in requirements
    assert ipywidgets.__version__ == site.HTML_MANAGER_FOR_IPYWIDGETS
    # ipywidgets names the html-manager range its embedding uses, e.g. "^1.0.1".
    wanted = ipywidgets.embed.__html_manager_version__.lstrip("^")
    pinned = tuple(int(x) for x in site.HTML_MANAGER_VERSION.split("."))
    assert pinned[0] == int(wanted.split(".")[0])
    assert pinned >= tuple(int(x) for x in wanted.split("."))
    assert site.HTML_MANAGER_URL.endswith(f"/html-manager-{site.HTML_MANAGER_VERSION}.tgz")
    assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", site.HTML_MANAGER_INTEGRITY)


def test_stored_widget_state_speaks_the_protocol_of_the_pinned_manager() -> None:
    """html-manager 1.x draws widget state of protocol 2 (ipywidgets 8)."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        widgets = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("widgets", {})
        for state in widgets.values():
            assert (state["version_major"], state["version_minor"]) == (2, 0), path.name


def fake_package(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_the_tarball_is_checked_against_its_pinned_integrity(tmp_path: Path) -> None:
    tarball = fake_package(tmp_path / "html-manager-9.9.9.tgz", {"dist/embed.js": b"x"})
    good = site.integrity(tarball.read_bytes())
    cache = tmp_path / "cache"
    url = tarball.as_uri()
    with pytest.raises(SystemExit, match="does not match its pinned integrity"):
        site.widget_manager_tarball(cache, url, "sha512-" + "A" * 86 + "==")
    assert not cache.exists()  # nothing unverified is kept
    cached = site.widget_manager_tarball(cache, url, good)
    assert cached == cache / tarball.name and cached.read_bytes() == tarball.read_bytes()
    tarball.unlink()  # offline from now on: the cache serves
    assert site.widget_manager_tarball(cache, url, good) == cached
    cached.write_bytes(b"corrupt")  # a damaged cache is fetched again, and here fails
    with pytest.raises(SystemExit, match="could not download the widget manager"):
        site.widget_manager_tarball(cache, url, good)


def test_the_bundle_comes_with_the_assets_it_loads(tmp_path: Path) -> None:
    bundle = b'a=n.p+"1551f4f6.woff2";b=n.p+"2285773e.woff";'
    tarball = fake_package(tmp_path / "p.tgz", {
        "dist/embed.js": bundle, "dist/embed.js.LICENSE.txt": b"MIT",
        "dist/1551f4f6.woff2": b"font2", "dist/2285773e.woff": b"font",
        "dist/embed-amd.js": b"not needed", "package.json": b"{}"})
    names = site.vendor_widget_manager(tarball, tmp_path / "out")
    assert sorted(names) == sorted(["embed.js", "embed.js.LICENSE.txt",
                                    "1551f4f6.woff2", "2285773e.woff"])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)
    assert (tmp_path / "out" / "embed.js").read_bytes() == bundle
    missing = fake_package(tmp_path / "q.tgz", {"dist/embed.js": bundle})
    with pytest.raises(SystemExit, match="no dist/embed.js.LICENSE.txt"):
        site.vendor_widget_manager(missing, tmp_path / "out2")


def test_the_book_config_serves_the_local_manager() -> None:
    pytest.importorskip("jupyter_book")  # installed by requirements-ui.txt
    yaml = pytest.importorskip("yaml")

    text = (ROOT / "book" / "_config.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(site.book_config(text))
    sphinx = config["sphinx"]["config"]
    assert sphinx["nb_ipywidgets_js"] == {f"{site.WIDGETS_STATIC}/embed.js": {}}
    assert site.VENDOR_STATIC in sphinx["html_static_path"]
    assert "myst_nb" in sphinx["extensions"] and "sphinx_thebe" not in sphinx["extensions"]
    original = yaml.safe_load(text)
    assert config["execute"] == original["execute"] == {"execute_notebooks": "off"}
    assert config["title"] == original["title"]


# ---- nothing loaded from elsewhere ----------------------------------------------------

def test_remote_references_finds_what_the_site_would_fetch_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "_static").mkdir()
    (tmp_path / "page.html").write_text(
        '<html><head>'
        '<script src="https://cdn.jsdelivr.net/npm/x/embed-amd.js"></script>'
        '<script src="_static/local.js?v=1"></script>'
        '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">'
        '<link rel="stylesheet" href="_static/local.css">'
        '<link rel="next" href="https://example.org/next.html">'
        '<script>const URL = "https://unpkg.com/thebe@0.8.2/lib/index.js";</script>'
        '<script type="application/vnd.jupyter.widget-state+json">'
        '{"v": "https://cdn.jsdelivr.net/npm/"}</script>'
        '<style>body { background: url("https://cdnjs.cloudflare.com/bg.png"); }</style>'
        '</head><body><img src="data:image/png;base64,AAAA">'
        '<img src="http://example.org/pic.png">'
        '<a href="https://docs.python.org/3/">docs</a></body></html>', encoding="utf-8")
    (tmp_path / "_static" / "local.css").write_text(
        '/* @import url("https://fonts.googleapis.com/css"); */\n'
        '@import "https://example.org/theme.css";\n'
        '.a { background: url(../images/a.png); }', encoding="utf-8")
    (tmp_path / "_static" / "local.js").write_text(
        'const s = "https://cdn.jsdelivr.net/npm/";  /* "https://unpkg.com/x" */\n'
        'const ns = "http://www.w3.org/2000/svg";', encoding="utf-8")
    found = site.remote_references(tmp_path)
    assert found == [
        "_static/local.css: loads https://example.org/theme.css",
        "_static/local.js: names https://cdn.jsdelivr.net/npm/ (1x)",
        "page.html: loads https://cdn.jsdelivr.net/npm/x/embed-amd.js",
        "page.html: loads //fonts.googleapis.com/css?family=Roboto",
        "page.html: loads http://example.org/pic.png",
        "page.html: style loads https://cdnjs.cloudflare.com/bg.png",
        "page.html: inline script names https://unpkg.com/thebe@0.8.2/lib/index.js",
    ]


def test_only_the_known_inert_default_of_the_bundle_is_allowed(tmp_path: Path) -> None:
    (rel,), = [key[:1] for key in site.INERT_CDN]
    bundle = tmp_path / rel
    bundle.parent.mkdir(parents=True)
    bundle.write_text('let C="https://cdn.jsdelivr.net/npm/";', encoding="utf-8")
    assert site.remote_references(tmp_path) == []
    bundle.write_text('let C="https://cdn.jsdelivr.net/npm/";D="https://cdn.jsdelivr.net/npm/";',
                      encoding="utf-8")
    assert site.remote_references(tmp_path) == [
        f"{rel}: names https://cdn.jsdelivr.net/npm/ (2x)"]


def test_widget_views_counts_the_views_whose_state_is_stored(tmp_path: Path) -> None:
    view = "application/vnd.jupyter.widget-view+json"
    nb = {"metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {
              "state": {"a": {}, "b": {}}, "version_major": 2, "version_minor": 0}}},
          "cells": [{"cell_type": "code", "outputs": [
              {"output_type": "display_data", "data": {view: {"model_id": "a"}}},
              {"output_type": "display_data", "data": {view: {"model_id": "gone"}}},
              {"output_type": "stream", "text": "hi"}]},
              {"cell_type": "markdown", "source": "x"},
              {"cell_type": "code", "outputs": [
                  {"output_type": "execute_result", "data": {view: {"model_id": "b"}}}]}]}
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert site.widget_views(path) == 2
