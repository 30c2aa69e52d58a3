"""helpers.live: a widget's static view is one sentence, never its repr."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from helpers.live import LiveControl, live_text


def test_the_static_text_names_the_control_and_where_to_turn_it() -> None:
    assert live_text("a slider") == (
        "(a slider: open the notebook in JupyterLab or Binder to use it)")


def test_a_live_control_keeps_the_widget_view_and_replaces_only_the_repr() -> None:
    slider = widgets.IntSlider(value=3)
    bundle = LiveControl(slider, "a slider")._repr_mimebundle_()
    assert bundle["text/plain"] == live_text("a slider")
    assert "IntSlider" not in bundle["text/plain"]
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == slider.model_id


@pytest.mark.parametrize("bad", ["", "   "])
def test_an_empty_description_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="describe the control"):
        live_text(bad)


def test_something_that_is_not_a_widget_is_refused() -> None:
    with pytest.raises(TypeError, match="expected an ipywidgets widget, got int"):
        LiveControl(3)
