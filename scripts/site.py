"""Build the course as a static website (Jupyter Book 1.x), offline, from stored outputs.

Usage: python scripts/site.py build    # -> _build/html
       python scripts/site.py check    # every page loads with the network closed: images
                                       # show, widgets render, internal links resolve

The table of contents is generated from course.toml, the same source as the
index notebook, so the two always agree. Nothing is re-executed.

The site serves its own widget manager: the standalone bundle of the pinned
@jupyter-widgets/html-manager npm package, fetched once from the npm registry,
checked against its pinned sha512 and cached in .venv/npm/ (git-ignored), then
copied into _static/ with the fonts it loads. No page loads anything from a CDN.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html.parser
import http.server
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlparse

from helpers.course import BINDER_BADGE, Course, load_course

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
HTML = BUILD / "html"

# The widget manager the website serves: the html-manager release built with the
# pinned ipywidgets (8.1.9: widget protocol 2.0, @jupyter-widgets/controls 5.0.13,
# base 6.0.12, as in the notebooks' stored widget state). The integrity is the npm
# registry's `dist.integrity` for that tarball. Bump all three with ipywidgets.
HTML_MANAGER_VERSION = "1.0.15"
HTML_MANAGER_INTEGRITY = ("sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTop"
                          "vFi//SABeNz1yp47bCrJ3CQA==")
HTML_MANAGER_FOR_IPYWIDGETS = "8.1.9"
HTML_MANAGER_URL = ("https://registry.npmjs.org/@jupyter-widgets/html-manager/-/"
                    f"html-manager-{HTML_MANAGER_VERSION}.tgz")
NPM_CACHE = ROOT / ".venv" / "npm"
# Where the bundle lands under the site's _static/ folder, staged from the book's
# VENDOR_STATIC folder.
WIDGETS_STATIC = f"html-manager-{HTML_MANAGER_VERSION}"
VENDOR_STATIC = "_vendor"


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


def integrity(data: bytes) -> str:
    """The npm registry's `integrity` string of a tarball: sha512, base64."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def widget_manager_tarball(cache: Path = NPM_CACHE, url: str = HTML_MANAGER_URL,
                           expected: str = HTML_MANAGER_INTEGRITY) -> Path:
    """The pinned html-manager tarball, verified: from the cache, or downloaded once."""
    path = cache / Path(url).name
    if path.exists():
        if integrity(path.read_bytes()) == expected:
            return path
        print(f"{path} does not match its pinned integrity: downloading it again")
        path.unlink()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            data = response.read()
    except OSError as exc:
        raise SystemExit(f"could not download the widget manager from {url}: {exc}\n"
                         f"The site build needs it once; it is then cached in {cache}.") from None
    got = integrity(data)
    if got != expected:
        raise SystemExit(f"{url} does not match its pinned integrity:\n"
                         f"  pinned {expected}\n  got    {got}")
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    partial.replace(path)
    return path


def vendor_widget_manager(tarball: Path, dest: Path) -> list[str]:
    """Copy the standalone embed bundle, its licence notices and every asset it loads.

    dist/embed.js needs no AMD loader and draws the standard widgets itself; it loads
    its fonts from beside itself (webpack's `__webpack_require__.p + "<hash>.woff2"`).
    Returns the names copied."""
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball, "r:gz") as tar:
        def read(name: str) -> bytes:
            try:
                member = tar.extractfile(f"package/dist/{name}")
            except KeyError:
                member = None
            if member is None:
                raise SystemExit(f"{tarball.name} has no dist/{name}")
            return member.read()

        bundle = read("embed.js")
        assets = sorted(set(re.findall(rb'\.p\+"([\w.-]+)"', bundle)))
        names = ["embed.js", "embed.js.LICENSE.txt"] + [a.decode() for a in assets]
        for name in names:
            (dest / name).write_bytes(bundle if name == "embed.js" else read(name))
    return names


def book_config(config_text: str) -> str:
    """The book's _config.yml with the widget manager served from _static/."""
    import yaml
    from jupyter_book.config import get_default_sphinx_config

    config = yaml.safe_load(config_text) or {}
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    # myst-nb adds these scripts to pages with widgets; its default is a CDN.
    sphinx_config["nb_ipywidgets_js"] = {f"{WIDGETS_STATIC}/embed.js": {}}
    # Sphinx copies this folder's contents into _static/. Not the book's own _static/:
    # Jupyter Book links every .js found there into every page.
    sphinx_config["html_static_path"] = [*sphinx_config.get("html_static_path", []),
                                         VENDOR_STATIC]
    # Jupyter Book's default extensions but sphinx-thebe: the site has no live-code
    # button, and thebe writes its loader's unpkg.com address into every page.
    sphinx_config["extensions"] = [e for e in get_default_sphinx_config()["extensions"]
                                   if e != "sphinx_thebe"]
    return str(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))


def build() -> int:
    course = load_course()
    tarball = widget_manager_tarball()
    # Only what this build writes: no page or asset left over from an older one.
    shutil.rmtree(HTML, ignore_errors=True)
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
        (book / "_config.yml").write_text(
            book_config((ROOT / "book" / "_config.yml").read_text(encoding="utf-8")),
            encoding="utf-8")
        vendor_widget_manager(tarball, book / VENDOR_STATIC / WIDGETS_STATIC)
        (book / "_toc.yml").write_text(toc_yaml(course))
        start = time.perf_counter()
        done = subprocess.run(
            [str(Path(sys.executable).parent / "jupyter-book"), "build", str(book),
             "--path-output", str(ROOT), "--warningiserror", "--keep-going", "--quiet"],
            cwd=book, check=False)
    print(f"site built in {time.perf_counter() - start:.0f} s: {HTML.relative_to(ROOT)}/")
    return done.returncode


# A reference that leaves the site: a scheme (http:, https:, ftp: ...) or a
# protocol-relative //host. data: URIs are part of the page.
REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)""",
                        re.IGNORECASE)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# Hosts that serve scripts, styles and fonts; a script that names one may load from it.
CDN = re.compile(r"(?:https?:)?//(?:cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com"
                 r"|ajax\.googleapis\.com|fonts\.googleapis\.com|fonts\.gstatic\.com"
                 r"|code\.jquery\.com|[\w.-]*bootstrapcdn\.com|cdn\.plot\.ly"
                 r"|[\w-]+\.cloudfront\.net|esm\.sh|cdn\.skypack\.dev)[^'\"\s)]*",
                 re.IGNORECASE)
# The one CDN address in the vendored bundle: the default of a data-jupyter-widgets-cdn
# attribute that only the AMD build's loader of third-party widget modules reads. The
# standalone embed.js never loads from it (and `check` runs with the network closed).
INERT_CDN = {(f"_static/{WIDGETS_STATIC}/embed.js", "https://cdn.jsdelivr.net/npm/"): 1}
# Attributes through which a browser fetches on its own.
FETCHING_LINKS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon",
                  "shortcut", "apple-touch-icon", "manifest", "preconnect", "dns-prefetch"}


class _References(html.parser.HTMLParser):
    """The addresses an HTML page loads by itself: scripts, styles, images, frames."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.css: list[str] = []
        self.scripts: list[str] = []
        self._inside = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("script", "img", "iframe", "frame", "embed", "audio", "video", "source",
                   "track", "input") and a.get("src"):
            self.loads.append(a["src"])
        if tag in ("img", "source") and a.get("srcset"):
            self.loads += [part.split()[0] for part in a["srcset"].split(",") if part.split()]
        if tag == "object" and a.get("data"):
            self.loads.append(a["data"])
        if tag == "video" and a.get("poster"):
            self.loads.append(a["poster"])
        if tag == "link" and set(a.get("rel", "").lower().split()) & FETCHING_LINKS:
            self.loads.append(a.get("href", ""))
        if a.get("style"):
            self.css.append(a["style"])
        self._inside = ""
        if tag == "style":
            self._inside = "style"
        elif tag == "script" and a.get("type", "text/javascript") in (
                "text/javascript", "module", "application/javascript", ""):
            self._inside = "script"

    def handle_endtag(self, tag: str) -> None:
        self._inside = ""

    def handle_data(self, data: str) -> None:
        if self._inside == "style":
            self.css.append(data)
        elif self._inside == "script":
            self.scripts.append(data)


def remote_css(css: str) -> list[str]:
    return CSS_REMOTE.findall(CSS_COMMENT.sub("", css))


def in_block_comment(text: str, at: int) -> bool:
    return text.rfind("/*", 0, at) > text.rfind("*/", 0, at) and text.find("*/", at) != -1


def cdn_addresses(script: str) -> dict[str, int]:
    """The CDN addresses a script names outside /* comments */, with their counts."""
    found: dict[str, int] = {}
    for match in CDN.finditer(script):
        if not in_block_comment(script, match.start()):
            found[match.group()] = found.get(match.group(), 0) + 1
    return found


def remote_references(root: Path) -> list[str]:
    """Every script, style, font or image the built site would fetch from elsewhere.

    HTML: script/img/frame sources and fetching <link>s must be the site's own; CSS
    (files, <style>, style=""): no remote url() or @import; JavaScript (files and
    inline scripts): no CDN host outside a comment (but the inert default in INERT_CDN)."""
    problems: list[str] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.suffix == ".html":
            parser = _References()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            problems += [f"{rel}: loads {url}" for url in parser.loads if REMOTE.match(url)]
            problems += [f"{rel}: style loads {url}" for css in parser.css
                         for url in remote_css(css)]
            problems += [f"{rel}: inline script names {url}" for script in parser.scripts
                         for url in cdn_addresses(script)]
        elif path.suffix == ".css":
            problems += [f"{rel}: loads {url}"
                         for url in remote_css(path.read_text(encoding="utf-8",
                                                              errors="replace"))]
        elif path.suffix in (".js", ".mjs"):
            found = cdn_addresses(path.read_text(encoding="utf-8", errors="replace"))
            for url, count in found.items():
                if count != INERT_CDN.get((rel, url)):
                    problems.append(f"{rel}: names {url} ({count}x)")
    return problems


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def widget_views(notebook: Path) -> int:
    """How many widget views a notebook's stored outputs display (with their state saved)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    state = (nb.get("metadata", {}).get("widgets", {})
             .get("application/vnd.jupyter.widget-state+json", {}).get("state", {}))
    return sum(1 for cell in nb.get("cells", []) for out in cell.get("outputs", [])
               if out.get("data", {}).get(WIDGET_VIEW_MIME, {}).get("model_id") in state)


# In the page: each widget view's <script> and the area the manager drew before it.
WIDGET_REPORT = """() => {
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const views = Array.from(document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"]'));
  const areas = views.map(s => s.previousElementSibling)
      .filter(a => a && a.classList.contains('widget-subarea')
                   && a.querySelector('.jupyter-widgets'));
  return {views: views.length, rendered: areas.length, visible: areas.filter(shown).length,
          sliders: Array.from(document.querySelectorAll('.widget-subarea .widget-slider'))
                     .filter(shown).length};
}"""
# Chromium resolves no host name but the server's (belt and braces: the route below
# also aborts, and records, every request that is not for the local server).
OFFLINE_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]


def check() -> int:
    """Open every page in Chromium with the network closed but for the local server:
    it loads, its images show, its widgets render, its internal links resolve, and
    it asks for nothing elsewhere. The built files must not load anything remote."""
    from playwright.sync_api import Route, sync_playwright
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from ui_test import CHROMIUM, CHROMIUM_ARGS

    course = load_course()
    if not HTML.exists():
        raise SystemExit("no site to check: run `make site` first")
    problems = remote_references(HTML)
    handler = functools.partial(QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    here = urlparse(base).netloc
    checked_links: set[str] = set()
    shots = ROOT / "artifacts" / "site"
    shots.mkdir(parents=True, exist_ok=True)
    widgets_total = sliders_total = 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM,
                                         args=CHROMIUM_ARGS + OFFLINE_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            outside: list[str] = []

            def only_local(route: Route) -> None:
                if urlparse(route.request.url).netloc == here:
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort("internetdisconnected")

            context.route("**/*", only_local)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(
                "script error: " + str(exc).splitlines()[0]))
            page.on("response", lambda r: errors.append(f"{r.url} -> {r.status}")
                    if r.status >= 400 else None)
            for rel in pages(course):
                outside.clear()
                errors.clear()
                response = page.goto(base + rel)
                if response is None or response.status != 200:
                    problems.append(f"{rel}: did not load")
                    continue
                page.wait_for_load_state("load")
                # The notebook as built (Sphinx keeps a copy beside the pages).
                built = HTML / "_sources" / Path(rel).with_suffix(".ipynb")
                expected = widget_views(built if built.exists()
                                        else ROOT / "notebooks" / built.name)
                if expected:
                    try:
                        page.wait_for_function(f"() => ({WIDGET_REPORT})().visible >= {expected}",
                                               timeout=10_000)
                    except PlaywrightTimeout:
                        pass
                report = page.evaluate(WIDGET_REPORT)
                # Every image on show, the widgets' too (one kept hidden until a control
                # moves, with no picture yet, shows nothing and is no problem).
                broken = page.evaluate("""() => Array.from(document.images)
                    .filter(i => i.getClientRects().length > 0)
                    .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)""")
                problems += [f"{rel}: image does not show: {src}" for src in broken]
                images = page.evaluate("() => document.images.length")
                if report["views"] != expected or report["visible"] != expected:
                    problems.append(f"{rel}: {expected} widgets stored, {report['views']} on the "
                                    f"page, {report['rendered']} rendered, {report['visible']} "
                                    "visible")
                widgets_total += report["visible"]
                sliders_total += report["sliders"]
                hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]'))"
                                      ".map(a => a.getAttribute('href'))")
                for href in hrefs:
                    url = urljoin(base + rel, href)
                    if urlparse(url).netloc != here:
                        continue  # external documentation links are not followed offline
                    target = url.split("#")[0]
                    if target in checked_links:
                        continue
                    checked_links.add(target)
                    status = page.request.get(target).status
                    if status != 200:
                        problems.append(f"{rel}: internal link {href} -> {status}")
                problems += [f"{rel}: asked the network for {url}" for url in sorted(set(outside))]
                problems += [f"{rel}: {e}" for e in errors]
                page.screenshot(path=str(shots / (Path(rel).stem + ".png")))
                if report["sliders"]:  # the first live control, in the page as read
                    area = page.locator(".widget-subarea:has(.widget-slider)").first
                    area.evaluate("e => e.scrollIntoView({block: 'start'})")
                    page.evaluate("window.scrollBy(0, -140)")  # below the sticky header
                    page.screenshot(path=str(shots / (Path(rel).stem + "-widget.png")))
                print(f"{rel}: loaded, {images} images, {report['visible']}/{expected} widgets "
                      "rendered", flush=True)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    if not sliders_total:
        problems.append("no slider rendered anywhere on the site")
    print(f"{len(pages(course))} pages, {len(checked_links)} internal links checked, "
          f"{widgets_total} widgets ({sliders_total} sliders) rendered with the network closed")
    for p in problems:
        print("  -", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    command = sys.argv[1] if len(sys.argv) > 1 else "build"
    if command not in ("build", "check"):
        raise SystemExit("usage: site.py build|check")
    sys.exit(build() if command == "build" else check())
