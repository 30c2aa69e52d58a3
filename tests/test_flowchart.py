"""The flowchart drawer: it draws what it is given and refuses what it cannot draw."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from helpers.diagram import figure_png_bytes
from helpers.flowchart import KINDS, Flow, FlowchartError, Step, draw_flow


def lifecycle() -> tuple[list[Step], list[Flow]]:
    steps = [Step("raw", "raw body", "untrusted", 0, 0, "untrusted"),
             Step("check", "from_dict", "validate", 0, 1),
             Step("user", "User", "trusted", 0, 2, "trusted"),
             Step("bad", "422", "error envelope", 1, 1, "error")]
    arrows = [Flow("raw", "check", "dict[str, object]"), Flow("check", "user", "User"),
              Flow("check", "bad", "ValidationError"), Flow("user", "raw", "next")]
    return steps, arrows


def test_draws_every_box_and_label() -> None:
    steps, arrows = lifecycle()
    fig = draw_flow(steps, arrows, title="lifecycle")
    assert isinstance(fig, Figure)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"raw body", "from_dict", "User", "422", "lifecycle"} <= texts
    assert {"dict[str, object]", "ValidationError", "next"} <= texts
    assert {"untrusted", "trusted", "error"} <= texts  # the legend names the kinds used


def test_gap_grows_to_fit_a_long_label() -> None:
    steps = [Step("a", "A"), Step("b", "B", col=1)]
    short = draw_flow(steps, [Flow("a", "b", "x")], legend=False)
    long = draw_flow(steps, [Flow("a", "b", "x" * 40)], legend=False)
    assert long.get_figwidth() > short.get_figwidth() + 2


def test_drawing_is_deterministic() -> None:
    steps, arrows = lifecycle()
    assert figure_png_bytes(draw_flow(steps, arrows)) == figure_png_bytes(draw_flow(steps, arrows))


@pytest.mark.parametrize("steps,arrows,message", [
    ([], [], "no steps"),
    ([Step("a", "A"), Step("a", "B", col=1)], [], "share the key"),
    ([Step("a", "A"), Step("b", "B")], [], "both at row 0, col 0"),
    ([Step("a", "A", kind="purple")], [], "unknown kind"),
    ([Step("a", "A", row=-1)], [], "must not be negative"),
    ([Step("a", "A")], [Flow("a", "z")], "no step has the key 'z'"),
    ([Step("a", "A")], [Flow("a", "a")], "to itself"),
    (["a"], [], "expected Step objects"),
    ([Step("a", "A")], [("a", "a")], "expected Flow objects"),
])
def test_bad_input_gets_a_clear_error(steps: list[Step], arrows: list[Flow],
                                      message: str) -> None:
    with pytest.raises(FlowchartError, match=message):
        draw_flow(steps, arrows)


def test_every_kind_has_two_colours() -> None:
    assert set(KINDS) == {"step", "untrusted", "trusted", "error", "success"}
    assert all(len(colours) == 2 for colours in KINDS.values())
