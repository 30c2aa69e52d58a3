"""Live controls that read well in static views too.

A widget displayed in JupyterLab is a live control. GitHub, nbconvert and a
site without widget JavaScript show a widget's ``text/plain`` instead, which
for ipywidgets is its repr (``VBox(children=(IntSlider(value=256, ...``).
``show_live`` displays the widget with one plain sentence as its
``text/plain``; the cell shows the picture or table of the default setting
as a separate output, so the static reader sees the same experiment::

    print(table_for(knob.value))         # what every reader sees
    show_live(widgets.VBox([knob, out]), "a slider")
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

__all__ = ["LiveControl", "live_text", "show_live"]


def live_text(what: str = "a control") -> str:
    """The line a static reader sees in place of a widget: ``(a slider: ...)``."""
    what = what.strip()
    if not what:
        raise ValueError("describe the control, e.g. 'a slider' or 'a dropdown'")
    return f"({what}: open the notebook in JupyterLab or Binder to use it)"


class LiveControl:
    """A widget that displays with a plain sentence as its ``text/plain``."""

    def __init__(self, widget: Any, what: str = "a control", *, text: str | None = None) -> None:
        """``text`` replaces the usual ``live_text(what)`` line (the step-through player
        has a sentence of its own)."""
        if not hasattr(widget, "_repr_mimebundle_"):
            raise TypeError(f"expected an ipywidgets widget, got {type(widget).__name__}")
        self.widget = widget
        self.text = live_text(what) if text is None else text

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = dict(self.widget._repr_mimebundle_(include=include,
                                                                    exclude=exclude) or {})
        bundle["text/plain"] = self.text
        return bundle

    def __repr__(self) -> str:
        return self.text


def show_live(widget: Any, what: str = "a control") -> None:
    """Display ``widget``; static views show ``live_text(what)`` instead of its repr.

    Returns nothing, so a call on a cell's last line does not display it twice.
    """
    import IPython.display

    display = cast(Callable[..., None], IPython.display.display)
    display(LiveControl(widget, what))
