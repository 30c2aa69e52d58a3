"""Build the course as a static website (Jupyter Book 1.x), offline, from stored outputs.

Usage: python scripts/site.py build    # -> _build/html
       python scripts/site.py check    # every page loads, images show, internal links resolve

The table of contents is generated from course.toml, the same source as the
index notebook, so the two always agree. Nothing is re-executed.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

from helpers.course import BINDER_BADGE, Course, load_course

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
HTML = BUILD / "html"


def toc_yaml(course: Course) -> str:
    """The Jupyter Book table of contents: the index, then each group's written days."""
    lines = ["format: jb-book", "root: notebooks/index", "parts:"]
    for name, numbers in course.groups:
        days = [course.day(n) for n in numbers if course.written(course.day(n))]
        if not days:
            continue
        lines += [f"  - caption: \"{name}\"", "    chapters:"]
        lines += [f"      - file: notebooks/{Path(d.file).stem}" for d in days]
    return "\n".join(lines) + "\n"


def pages(course: Course) -> list[str]:
    """The pages the site must contain, relative to its root."""
    return ["notebooks/index.html"] + [f"notebooks/{Path(d.file).stem}.html"
                                       for d in course.days if course.written(d)]


def build() -> int:
    course = load_course()
    with tempfile.TemporaryDirectory() as tmp:
        # Stage only what the book shows: the notebooks, the config and a fresh toc.
        book = Path(tmp) / "book"
        shutil.copytree(ROOT / "notebooks", book / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for staged in (book / "notebooks").glob("*.ipynb"):
            text = staged.read_text(encoding="utf-8")
            # The badge is an image on another site; the offline website gets a text
            # link instead, so every image it shows is its own.
            staged.write_text(text.replace(f"[![Launch on Binder]({BINDER_BADGE})]",
                                           "[Launch on Binder]"), encoding="utf-8")
        shutil.copy(ROOT / "book" / "_config.yml", book / "_config.yml")
        (book / "_toc.yml").write_text(toc_yaml(course))
        start = time.perf_counter()
        done = subprocess.run(
            [str(Path(sys.executable).parent / "jupyter-book"), "build", str(book),
             "--path-output", str(ROOT), "--warningiserror", "--keep-going", "--quiet"],
            cwd=book, check=False)
    print(f"site built in {time.perf_counter() - start:.0f} s: {HTML.relative_to(ROOT)}/")
    return done.returncode


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def check() -> int:
    """Open every page in Chromium: it loads, its images show, its internal links resolve."""
    from playwright.sync_api import sync_playwright
    from ui_test import CHROMIUM, CHROMIUM_ARGS

    course = load_course()
    if not HTML.exists():
        raise SystemExit("no site to check: run `make site` first")
    handler = functools.partial(QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    problems: list[str] = []
    checked_links: set[str] = set()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            for rel in pages(course):
                response = page.goto(base + rel)
                if response is None or response.status != 200:
                    problems.append(f"{rel}: did not load")
                    continue
                page.wait_for_load_state("load")
                broken = page.evaluate("""() => Array.from(document.images)
                    .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)""")
                problems += [f"{rel}: image does not show: {src}" for src in broken]
                images = page.evaluate("() => document.images.length")
                hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]'))"
                                      ".map(a => a.getAttribute('href'))")
                for href in hrefs:
                    url = urljoin(base + rel, href)
                    if urlparse(url).netloc != urlparse(base).netloc:
                        continue  # external documentation links are not followed offline
                    target = url.split("#")[0]
                    if target in checked_links:
                        continue
                    checked_links.add(target)
                    status = page.request.get(target).status
                    if status != 200:
                        problems.append(f"{rel}: internal link {href} -> {status}")
                shots = ROOT / "artifacts" / "site"
                shots.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shots / (Path(rel).stem + ".png")))
                print(f"{rel}: loaded, {images} images", flush=True)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    expected = len(pages(course))
    print(f"{expected} pages, {len(checked_links)} internal links checked")
    for p in problems:
        print("  -", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    command = sys.argv[1] if len(sys.argv) > 1 else "build"
    if command not in ("build", "check"):
        raise SystemExit("usage: site.py build|check")
    sys.exit(build() if command == "build" else check())
