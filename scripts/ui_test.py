"""Run every day notebook in JupyterLab, in a real browser, as a learner would.

Usage: python scripts/ui_test.py [NOTEBOOK ...]   (make test-ui)

JupyterLab is started headless on 127.0.0.1 over a temporary copy of the
course (so autosave can never touch the repository), and Debian's Chromium is
driven by Playwright. For each notebook: open it, wait until its kernel is
connected and idle, Run All, then assert that no cell shows an unexpected
error, every figure appears as an image, and every widget renders as a widget.
Each widget control is moved once and its output must change. A screenshot of
each day goes to artifacts/ui/.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Locator, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "ui"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
RUN_TIMEOUT_MS = 90_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def course_copy(tmp: Path) -> Path:
    """A copy of what the notebooks read: notebooks/ and data/ (helpers are installed)."""
    root = tmp / "course"
    shutil.copytree(ROOT / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    if (ROOT / "data").exists():
        shutil.copytree(ROOT / "data", root / "data")
    return root


def lab_settings(tmp: Path) -> Path:
    """User settings that switch off the news pop-up and update checks."""
    settings = tmp / "settings"
    target = settings / "@jupyterlab" / "apputils-extension"
    target.mkdir(parents=True)
    (target / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    return settings


def start_lab(root: Path, tmp: Path, port: int, token: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ,
               JUPYTERLAB_SETTINGS_DIR=str(lab_settings(tmp)),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               IPYTHONDIR=str(tmp / "ipython"))
    argv = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
            f"--port={port}", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
            "--ServerApp.disable_check_xsrf=False", "--LabApp.news_url=None"]
    if os.geteuid() == 0:
        argv.append("--allow-root")
    log = open(tmp / "lab.log", "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("JupyterLab exited at start-up:\n" + (tmp / "lab.log").read_text())
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
            return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("JupyterLab did not answer within 60 s")


# JavaScript run inside the page, against the exposed JupyterLab application.
WAIT_KERNEL = """async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle') return true;
    await new Promise(r => setTimeout(r, 200));
  }
  return false;
}"""

RUN_ALL = """async () => {
  const app = window.jupyterapp;
  await app.commands.execute('notebook:run-all-cells');
  const panel = app.shell.currentWidget;
  const deadline = Date.now() + 80000;
  while (Date.now() < deadline) {
    const busy = panel.sessionContext.session.kernel.status !== 'idle';
    const cells = Array.from(panel.content.widgets).filter(c => c.model.type === 'code');
    const pending = cells.filter(c => c.model.sharedModel.source.trim() &&
                                      c.model.executionCount === null).length;
    if (!busy && pending === 0) return true;
    await new Promise(r => setTimeout(r, 250));
  }
  return false;
}"""

REPORT = r"""() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = Array.from(panel.content.widgets);
  const out = {errors: [], images: 0, widgets: 0, unexecuted: 0};
  cells.forEach((cell, i) => {
    if (cell.model.type !== 'code') return;
    const tags = cell.model.getMetadata('tags') || [];
    const source = cell.model.sharedModel.source.trim();
    if (source && cell.model.executionCount === null) out.unexecuted++;
    const outputs = cell.model.outputs.toJSON();
    for (const o of outputs) {
      if (o.output_type === 'error' && !tags.includes('raises-exception')) {
        // The traceback's last "---->" line names the statement that failed.
        const plain = (o.traceback || []).join('\n').replace(/\x1b\[[0-9;]*m/g, '');
        const arrows = plain.split('\n').filter(line => /^\s*-+>\s*\d+/.test(line));
        const where = arrows.length ? ` at "${arrows[arrows.length - 1].trim()}"` : '';
        out.errors.push(`cell ${i}${where}: ${o.ename}: ${o.evalue}`);
      }
      if (o.data && o.data['image/png']) out.images++;
      if (o.data && o.data['application/vnd.jupyter.widget-view+json']) out.widgets++;
    }
  });
  const node = panel.content.node;
  out.renderedImages = Array.from(node.querySelectorAll('.jp-RenderedImage img'))
      .filter(img => img.complete && img.naturalWidth > 0).length;
  out.renderedWidgets = node.querySelectorAll('.jp-OutputArea-output .jupyter-widgets').length;
  out.widgetErrors = (node.innerText.match(/Error displaying widget|Loading widget/g) || []).length;
  return out;
}"""


def check_notebook(page: Page, base: str, token: str, name: str) -> list[str]:
    page.goto(f"{base}/lab/tree/notebooks/{name}?token={token}&reset")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext",
                           timeout=60_000)
    problems = []
    if not page.evaluate(WAIT_KERNEL):
        return [f"{name}: the kernel never became connected and idle"]
    if not page.evaluate(RUN_ALL):
        problems.append(f"{name}: Run All did not finish")
    page.wait_for_timeout(1500)  # let images and widget views render
    report = page.evaluate(REPORT)
    problems += [f"{name}: {e}" for e in report["errors"]]
    if report["unexecuted"]:
        problems.append(f"{name}: {report['unexecuted']} code cells never ran")
    if report["renderedImages"] < report["images"]:
        problems.append(f"{name}: {report['images']} figures, only {report['renderedImages']} "
                        "shown as images")
    if report["renderedWidgets"] < report["widgets"] or report["widgetErrors"]:
        problems.append(f"{name}: {report['widgets']} widgets, {report['renderedWidgets']} "
                        f"rendered, {report['widgetErrors']} widget errors")
    moved_problems, moved = move_controls(page, name)
    problems += moved_problems
    SHOTS.mkdir(parents=True, exist_ok=True)
    # Show the first figure (or the top of the notebook) rather than the closing links.
    figures = page.locator(".jp-Notebook .jp-RenderedImage img")
    if figures.count():
        figures.first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"{Path(name).stem}.png"), full_page=False)
    print(f"{name}: {report['images']} figures, {report['widgets']} widgets, {moved} controls "
          "moved, "
          f"{'OK' if not problems else 'PROBLEMS'}", flush=True)
    return problems


# What a widget shows, as opposed to the controls that drive it: Output areas, HTML
# and Label widgets, and the images of Image widgets (a new picture is a new blob URL).
WIDGET_VIEW = """cell => Array.from(cell.querySelectorAll(
    '.jupyter-widgets.widget-output, .jupyter-widgets.widget-html, .jupyter-widgets.widget-label,'
    + ' .jupyter-widgets.widget-image, img.jupyter-widgets'))
  .map(e => e.tagName === 'IMG' ? e.src : e.innerHTML).join('|')"""

# The picture a step-through player shows (helpers.stepper_player): it must change too.
PLAYER_PICTURE = """cell => Array.from(cell.querySelectorAll('img.jupyter-widgets, .widget-image'))
  .map(e => e.src).join('|')"""

CONTROLS = (".widget-slider .noUi-handle, .widget-dropdown select, .widget-text input, "
            ".widget-textarea textarea, .widget-inline-hbox input[type=number]")


def picture_changed(page: Page, cell: Locator, before: str) -> bool:
    """Whether a player's picture differs from ``before`` within 10 s."""
    for _ in range(40):
        if cell.evaluate(PLAYER_PICTURE) != before:
            return True
        page.wait_for_timeout(250)
    return False


def move_controls(page: Page, name: str) -> tuple[list[str], int]:
    """Move every slider, dropdown and text box once; what its widget shows must change.

    Returns the problems and how many controls were moved."""
    problems = []
    moved = 0
    cells = page.locator(".jp-Notebook .jp-CodeCell").filter(
        has=page.locator(f".jp-OutputArea-output :is({CONTROLS})"))
    for i in range(cells.count()):
        cell = cells.nth(i)
        controls = cell.locator(f".jp-OutputArea-output :is({CONTROLS})")
        # A form with a button (e.g. "Send") only answers when the button is pressed.
        buttons = cell.locator(".jp-OutputArea-output button.jupyter-button")
        player = cell.locator(".jp-OutputArea-output button", has_text="Previous").count() > 0
        for j in range(controls.count()):
            control = controls.nth(j)
            before = cell.evaluate(WIDGET_VIEW)
            picture_before = cell.evaluate(PLAYER_PICTURE)
            control.scroll_into_view_if_needed()
            tag = control.evaluate("e => e.tagName")
            if tag == "SELECT":
                options = control.locator("option")
                values = [options.nth(k).get_attribute("value") for k in range(options.count())]
                current = control.input_value()
                control.select_option(next(v for v in values if v != current))
            elif tag in ("INPUT", "TEXTAREA"):
                value = control.input_value()
                numeric = control.get_attribute("type") == "number"
                control.fill(str(float(value or 0) + 1) if numeric else value + "x")
                if tag == "INPUT":
                    control.press("Enter")
                else:
                    control.blur()
            else:
                control.focus()
                for _ in range(3):
                    control.press("ArrowRight")
            if buttons.count() and not player:  # a player's buttons would move it again
                buttons.first.click()
            moved += 1
            changed = False
            for _ in range(60):
                page.wait_for_timeout(250)
                if cell.evaluate(WIDGET_VIEW) != before:
                    changed = True
                    break
            if not changed:
                problems.append(f"{name}: moving control {j} of widget cell {i} changed nothing")
            elif player and not picture_changed(page, cell, picture_before):
                problems.append(f"{name}: the player of widget cell {i} kept its picture "
                                "when its slider moved")
        SHOTS.mkdir(parents=True, exist_ok=True)
        cell.screenshot(path=str(SHOTS / f"{Path(name).stem}-widget{i + 1}.png"))
    return problems, moved


def main(argv: list[str]) -> int:
    names = [Path(a).name for a in argv] or sorted(
        p.name for p in (ROOT / "notebooks").glob("day*.ipynb"))
    token = secrets.token_hex(16)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        lab = start_lab(course_copy(tmp), tmp, port, token)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    for name in names:
                        try:
                            problems += check_notebook(page, base, token, name)
                        except Exception as exc:  # one broken day must not hide the others
                            problems.append(f"{name}: {type(exc).__name__}: {exc}")
                        page.evaluate("() => window.jupyterapp && window.jupyterapp.commands"
                                      ".execute('kernelmenu:shutdown', {activate: false})"
                                      ".catch(() => null)")
                finally:
                    browser.close()
        finally:
            lab.terminate()
            try:
                lab.wait(timeout=20)
            except subprocess.TimeoutExpired:
                lab.kill()
    print(f"\n{len(names)} notebooks in {time.perf_counter() - start:.0f} s; screenshots in "
          f"{SHOTS.relative_to(ROOT)}/")
    for p in problems:
        print("  -", p)
    print(f"{len(names) - len({p.split(':')[0] for p in problems})} passed, "
          f"{len({p.split(':')[0] for p in problems})} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
