"""Show a ``Recording`` of ``helpers.stepper``: a step player and a filmstrip.

* ``draw_step(recording, number)``: the frames and objects of one step.
* ``draw_filmstrip(recording)``: the steps where the references change,
  numbered, each with its line of code underneath, in one PNG figure. This is
  what readers without a live kernel (GitHub, the website) see.
* ``StepPlayer(recording)``: an ipywidgets player (Play, Previous, Next, a
  slider; the source with the current line marked; the picture; the output
  so far). Each step's picture is drawn the first time it is shown and then
  kept as PNG bytes, so going back is instant. Displayed, it carries a short
  sentence as its ``text/plain``, never a widget repr.
* ``show_recording(recording)``: display the player and the filmstrip (or the
  message of a syntax error).

Pictures are stored as 32-colour PNGs (``compact_png``), so a notebook with
several players stays small.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from matplotlib.figure import Figure

from helpers.canvas import MAX_INCHES, inch_canvas
from helpers.diagram import (
    ACTIVE_FRAME_FILL,
    ARROW_COLOR,
    CHAR_W,
    FONT,
    FRAME_EDGE,
    IMMUTABLE_EDGE,
    IMMUTABLE_FILL,
    LEGEND_ROOM,
    MARGIN,
    MUTABLE_EDGE,
    MUTABLE_FILL,
    OPAQUE_FILL,
    TITLE_ROOM,
    DiagramError,
    draw_legend,
    draw_panel,
    figure_png_bytes,
    panel_size,
)
from helpers.stepper import Recording, Step

__all__ = [
    "FILMSTRIP_TEXT",
    "PLAYER_TEXT",
    "StepPlayer",
    "caption_html",
    "compact_png",
    "draw_filmstrip",
    "draw_step",
    "output_html",
    "player_canvas",
    "show_recording",
    "source_html",
    "syntax_error_bundle",
]

#: The text/plain of a displayed player: what a reader without widgets sees.
PLAYER_TEXT = ("Step-through player: open this notebook in JupyterLab or Binder "
               "to step through the program.")
#: The text/plain of a displayed filmstrip.
FILMSTRIP_TEXT = "Filmstrip: the steps of the program where the references change."

ERROR_COLOR = "#c53030"
CODE_FILL = "#f4f4f5"
CELL_EDGE = "#cbd5e0"
TITLE_CHAR_W = 0.088  # 10.5 pt bold monospace
CODE_ROOM = 0.5  # under a filmstrip picture: its line of code
NOTE_ROOM = 0.35
FILMSTRIP_ROW_WIDTH = 13.0
FILMSTRIP_MAX_CELLS = 8
CODE_TEXT = 48
PALETTE_SIZE = 32
#: The colours boxes, frames, legend and code are drawn with: a compacted picture keeps
#: them exactly; the rest of its palette goes to anti-aliased edges and text.
DRAWING_COLOURS = ("#ffffff", "#000000", MUTABLE_FILL, MUTABLE_EDGE, IMMUTABLE_FILL,
                   IMMUTABLE_EDGE, OPAQUE_FILL, ACTIVE_FRAME_FILL, FRAME_EDGE, ARROW_COLOR,
                   ERROR_COLOR, CODE_FILL, CELL_EDGE)


def compact_png(fig: Figure) -> bytes:
    """The figure as a PNG with a 32-colour palette: about four times smaller.

    Boxes, arrows and text use a handful of colours (``DRAWING_COLOURS``), which
    the palette holds exactly; the other entries are chosen for the anti-aliased
    edges. So a notebook that stores several players and filmstrips stays small,
    and a colour is never merged into its neighbour (the legend's small
    "immutable" swatch once turned grey in a picture without immutable boxes).
    """
    from PIL import Image

    image = Image.open(io.BytesIO(figure_png_bytes(fig))).convert("RGB")
    kept = [tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5)) for colour in DRAWING_COLOURS]
    room = PALETTE_SIZE - len(kept)
    shades = image.quantize(colors=room, method=Image.Quantize.FASTOCTREE,
                            dither=Image.Dither.NONE).getpalette() or []
    # Pillow maps a pixel to its palette entry through a cache of 4-unit boxes, so a
    # shade close to a drawing colour could take that colour's pixels: leave such out.
    edges = [shade for shade in (tuple(shades[i:i + 3]) for i in range(0, 3 * room, 3))
             if len(shade) == 3 and all(_apart(shade, colour) for colour in kept)]
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in kept + edges for channel in colour])
    compact = image.quantize(palette=palette, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    compact.save(buffer, format="PNG")
    return buffer.getvalue()


def _apart(one: tuple[int, ...], other: tuple[int, ...], margin: int = 12) -> bool:
    """True when two RGB colours differ by more than ``margin`` in some channel."""
    return max(abs(a - b) for a, b in zip(one, other, strict=True)) > margin


def _active_frame(step: Step) -> int:
    return len(step.graph.frames) - 1


def _step_title(recording: Recording, step: Step) -> str:
    return f"step {step.number} of {len(recording.steps)} · {step.caption}"


def _ending_note(recording: Recording, step: Step) -> str | None:
    """The red line under the last step of a run that did not simply finish."""
    if step is not recording.steps[-1]:
        return None
    if recording.stopped is not None:
        return recording.stopped
    if recording.exception is not None:
        return recording.ending
    return None


def _top_room(titled: bool) -> float:
    return TITLE_ROOM if titled else MARGIN


def _step_canvas(recording: Recording, step: Step, titled: bool = True) -> tuple[float, float]:
    width, height = panel_size(step.graph, step.labels)
    title_w = len(_step_title(recording, step)) * TITLE_CHAR_W + 2 * MARGIN if titled else 0.0
    note = _ending_note(recording, step)
    note_w = len(note) * CHAR_W * 1.1 + 2 * MARGIN if note else 0.0
    return (max(width, title_w, note_w, 3.2),
            height + _top_room(titled) + LEGEND_ROOM + NOTE_ROOM)


def player_canvas(recording: Recording, titled: bool = False) -> tuple[float, float]:
    """One canvas size for every step of the player, so the picture does not jump.

    The player writes each step's caption above the picture, so by default
    its pictures have no title of their own.
    """
    sizes = [_step_canvas(recording, step, titled) for step in recording.steps]
    width = min(max(w for w, _ in sizes), MAX_INCHES)
    height = min(max(h for _, h in sizes), MAX_INCHES)
    return width, height


def draw_step(recording: Recording, number: int,
              canvas: tuple[float, float] | None = None, *, title: bool = True) -> Figure:
    """The frames (innermost tinted) and the objects of step ``number``.

    ``canvas`` (inches) fixes the figure size; by default it fits the step.
    ``title`` writes "step n of N · caption" above the picture.
    """
    step = recording.step(number)
    width, height = canvas or _step_canvas(recording, step, title)
    fig, ax = inch_canvas(width, height,
                          DiagramError("step too large to draw; lower max_objects"))
    draw_panel(ax, step.graph, step.labels, x=0.0, top=height - _top_room(title),
               title=_step_title(recording, step) if title else None,
               active_frame=_active_frame(step))
    note = _ending_note(recording, step)
    if note:
        ax.text(MARGIN, 0.55, note, fontsize=9, family=FONT, color=ERROR_COLOR, va="center")
    draw_legend(ax, MARGIN, 0.22)
    return fig


def _code_text(recording: Recording, step: Step) -> str:
    line = step.ran_line or step.line
    lines = recording.lines
    code = lines[line - 1].strip() if 1 <= line <= len(lines) else ""
    if len(code) > CODE_TEXT:
        code = code[: CODE_TEXT - 1] + "…"
    return f"line {line}: {code}"


def _filmstrip_cells(recording: Recording) -> tuple[list[Step], int]:
    """The changed steps to draw (at most FILMSTRIP_MAX_CELLS) and how many were left out."""
    changes = recording.changes()
    if len(changes) <= FILMSTRIP_MAX_CELLS:
        return changes, 0
    kept = changes[: FILMSTRIP_MAX_CELLS - 1] + changes[-1:]
    return kept, len(changes) - len(kept)


@dataclass
class _FilmstripLayout:
    cells: list[Step]
    sizes: list[tuple[float, float]]
    rows: list[list[int]]
    row_heights: list[float]
    width: float
    height: float


def _filmstrip_layout(recording: Recording, cells: list[Step], notes: int) -> _FilmstripLayout:
    """Cells in rows of at most FILMSTRIP_ROW_WIDTH inches (a wider cell gets a row alone)."""
    sizes = []
    for step in cells:
        width, height = panel_size(step.graph, step.labels)
        title_w = len(f"{step.number} · {step.caption}") * TITLE_CHAR_W + 2 * MARGIN
        code_w = len(_code_text(recording, step)) * CHAR_W * 1.15 + 2 * MARGIN
        sizes.append((max(width, title_w, code_w), height + TITLE_ROOM + CODE_ROOM))
    rows: list[list[int]] = [[]]
    row_width = 0.0
    for i, (width, _) in enumerate(sizes):
        if rows[-1] and row_width + width > FILMSTRIP_ROW_WIDTH:
            rows.append([])
            row_width = 0.0
        rows[-1].append(i)
        row_width += width
    row_heights = [max(sizes[i][1] for i in row) for row in rows]
    width = max(max(sum(sizes[i][0] for i in row) for row in rows), 4.0)
    height = sum(row_heights) + LEGEND_ROOM + NOTE_ROOM * notes + 0.1
    return _FilmstripLayout(cells, sizes, rows, row_heights, width, height)


def _message_figure(text: str) -> Figure:
    fig, ax = inch_canvas(max(len(text) * CHAR_W * 1.2 + 2 * MARGIN, 4.0), 0.8,
                          DiagramError("message too long"))
    ax.text(MARGIN, 0.4, text, fontsize=10, family=FONT, va="center")
    return fig


def draw_filmstrip(recording: Recording) -> Figure:
    """The steps where the references change, numbered, each with its line of code.

    At most 8 pictures: the first 7 changes and the last, with a note on how
    many were left out; fewer if they would not fit in a figure of
    ``MAX_INCHES``. A recording without steps draws its message instead.
    """
    cells, left_out = _filmstrip_cells(recording)
    if not cells:
        return _message_figure(recording.ending)
    ending = _ending_note(recording, recording.steps[-1])
    while True:
        notes = [note for note in (
            f"… and {left_out} more change(s): step through them all in the player"
            if left_out else None, ending) if note]
        layout = _filmstrip_layout(recording, cells, len(notes))
        if layout.width <= MAX_INCHES and layout.height <= MAX_INCHES:
            break
        if len(cells) == 1:
            return _message_figure("too many objects to draw a filmstrip: lower max_objects")
        cells.pop(-2 if len(cells) > 1 else -1)  # keep the first changes and the last
        left_out += 1
    fig, ax = inch_canvas(layout.width, layout.height, DiagramError("filmstrip too large"))
    top = layout.height - 0.05
    for row, row_height in zip(layout.rows, layout.row_heights, strict=True):
        x = 0.0
        for i in row:
            step, (cell_w, _) = cells[i], layout.sizes[i]
            ax.add_artist(_cell_frame(x + 0.06, top - row_height + 0.04, cell_w - 0.12,
                                      row_height - 0.08))
            draw_panel(ax, step.graph, step.labels, x=x, top=top - TITLE_ROOM,
                       title=f"{step.number} · {step.caption}",
                       active_frame=_active_frame(step))
            code_y = top - row_height + CODE_ROOM / 2 + 0.04
            ax.text(x + MARGIN, code_y, _code_text(recording, step), fontsize=8.5,
                    family=FONT, va="center", ha="left",
                    bbox={"boxstyle": "round,pad=0.25", "fc": CODE_FILL, "ec": CELL_EDGE,
                          "lw": 0.6})
            x += cell_w
        top -= row_height
    for note in notes:
        top -= NOTE_ROOM
        ax.text(MARGIN, top + NOTE_ROOM / 2, note, fontsize=9, family=FONT,
                color=ERROR_COLOR if note == ending else "#4a5568", va="center")
    draw_legend(ax, MARGIN, 0.22)
    return fig


def _cell_frame(x: float, y: float, width: float, height: float) -> Any:
    from matplotlib.patches import FancyBboxPatch

    return FancyBboxPatch((x, y), width, height, boxstyle="round,pad=0,rounding_size=0.08",
                          fc="none", ec=CELL_EDGE, lw=0.8, zorder=1)


# --- the player -------------------------------------------------------------------


def source_html(recording: Recording, step: Step) -> str:
    """The program with line numbers; the current line and the line that just ran marked."""
    current = step.line if step.event != "end" else None
    ran = step.ran_line if step.ran_line != current else None
    error = step.event == "exception" or (
        step is recording.steps[-1] and recording.exception is not None)
    rows = []
    for number, text in enumerate(recording.lines, start=1):
        code = html.escape(text.expandtabs(4)) or " "
        style, mark = "", "  "
        if number == current:
            colour = "#fde2e2" if error else "#fff3bf"
            style = f"background:{colour};font-weight:bold;"
            mark = '<span style="color:#c53030">➜</span> '
        elif number == ran:
            style = "background:#e6f4ea;"
            mark = '<span style="color:#2f855a">➜</span> '
        rows.append(f'<div style="{style}padding:0 6px 0 2px;white-space:pre">{mark}'
                    f'<span style="color:#a0aec0">{number:>3}</span>  {code}</div>')
    legend = ('<div style="margin-top:6px;color:#4a5568;font-size:11px">'
              '<span style="color:#c53030">➜</span> next to run &nbsp; '
              '<span style="color:#2f855a">➜</span> just ran</div>')
    return ('<div style="font-family:var(--jp-code-font-family,monospace);font-size:12px;'
            'line-height:1.5;border:1px solid #e2e8f0;padding:4px 0;min-width:18em">'
            + "".join(rows) + "</div>" + legend)


def output_html(step: Step) -> str:
    """What the program printed before this step."""
    text = step.output
    body = (html.escape(text) if text else
            '<span style="color:#a0aec0">(nothing printed yet)</span>')
    return ('<div style="font-size:12px"><b>Output</b>'
            '<pre style="margin:2px 0;padding:4px 6px;background:#f7fafc;'
            f'border:1px solid #e2e8f0;white-space:pre-wrap">{body}</pre></div>')


def caption_html(recording: Recording, step: Step) -> str:
    """The step's number and caption, and how the run ended at its last step."""
    text = (f"<b>Step {step.number} of {len(recording.steps)}</b> · "
            f"{html.escape(step.caption)}")
    note = _ending_note(recording, step)
    if note:
        text += f' <span style="color:{ERROR_COLOR}">({html.escape(note)})</span>'
    return f'<div style="font-size:13px;margin:4px 0">{text}</div>'


class StepPlayer:
    """A widget that plays a ``Recording`` step by step.

    ``picture(n)`` draws step ``n`` once and keeps its PNG bytes; ``show(n)``
    moves every part of the player to step ``n``. The widget tree is
    ``.widget``; displaying the player shows the widget in JupyterLab and
    ``PLAYER_TEXT`` where widgets cannot run.
    """

    def __init__(self, recording: Recording, *, interval_ms: int = 900) -> None:
        import ipywidgets as widgets

        if not recording.steps:
            raise DiagramError(f"nothing to play: {recording.ending}")
        self.recording = recording
        self.canvas = player_canvas(recording)
        self._pictures: dict[int, bytes] = {}
        last = len(recording.steps)
        self.play = widgets.Play(value=1, min=1, max=last, step=1, interval=interval_ms,
                                 description="Play", show_repeat=False)
        self.slider = widgets.IntSlider(value=1, min=1, max=last, step=1, description="step",
                                        continuous_update=True,
                                        layout=widgets.Layout(width="420px"))
        widgets.jslink((self.play, "value"), (self.slider, "value"))
        self.previous_button = widgets.Button(description="◀ Previous", tooltip="previous step",
                                              layout=widgets.Layout(width="110px"))
        self.next_button = widgets.Button(description="Next ▶", tooltip="next step",
                                          layout=widgets.Layout(width="90px"))
        self.previous_button.on_click(lambda _: self._move(-1))
        self.next_button.on_click(lambda _: self._move(+1))
        self.caption = widgets.HTML()
        self.source = widgets.HTML(layout=widgets.Layout(flex="0 0 auto", margin="0 12px 0 0"))
        self.image = widgets.Image(format="png", layout=widgets.Layout(
            width=f"{round(self.canvas[0] * 100)}px", max_width="100%", height="auto",
            object_fit="contain"))
        self.output = widgets.HTML()
        self.slider.observe(self._on_slider, names="value")
        controls = widgets.HBox([self.play, self.previous_button, self.next_button, self.slider])
        body = widgets.HBox([self.source, self.image],
                            layout=widgets.Layout(align_items="flex-start"))
        self.widget = widgets.VBox([controls, self.caption, body, self.output])
        self.show(1)

    def picture(self, number: int) -> bytes:
        """The PNG of step ``number``, drawn on first use and then kept."""
        png = self._pictures.get(number)
        if png is None:
            png = compact_png(draw_step(self.recording, number, self.canvas, title=False))
            self._pictures[number] = png
        return png

    def show(self, number: int) -> None:
        """Move the player to step ``number``."""
        step = self.recording.step(number)
        self.image.value = self.picture(number)
        self.caption.value = caption_html(self.recording, step)
        self.source.value = source_html(self.recording, step)
        self.output.value = output_html(step)
        if self.slider.value != number:
            self.slider.value = number

    def _move(self, delta: int) -> None:
        target = min(max(self.slider.value + delta, 1), len(self.recording.steps))
        self.slider.value = target

    def _on_slider(self, change: dict[str, Any]) -> None:
        self.show(int(change["new"]))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        from helpers.live import LiveControl

        return LiveControl(self.widget, text=PLAYER_TEXT)._repr_mimebundle_(include, exclude)


class _Filmstrip:
    """A filmstrip PNG that displays with a plain sentence as its text/plain."""

    def __init__(self, png: bytes) -> None:
        self.png = png

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"image/png": base64.b64encode(self.png).decode("ascii"),
                "text/plain": FILMSTRIP_TEXT}


def syntax_error_bundle(recording: Recording) -> dict[str, str]:
    """The display of a program that did not compile: its message, no traceback."""
    message = recording.syntax_error or recording.ending
    return {"text/plain": message,
            "text/html": f'<pre style="color:{ERROR_COLOR}">{html.escape(message)}</pre>'}


def show_recording(recording: Recording, *, filmstrip: bool = True) -> None:
    """Display the player, then the filmstrip (or the message of a syntax error)."""
    import IPython.display

    display = cast(Callable[..., None], IPython.display.display)
    if not recording.steps:
        display(syntax_error_bundle(recording), raw=True)
        return
    display(StepPlayer(recording))
    if filmstrip:
        display(_Filmstrip(compact_png(draw_filmstrip(recording))))
