"""The layered-graph drawer: what it draws, determinism, and clear errors."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from helpers.diagram import figure_png_bytes
from helpers.layered_graph import Arrow, LayeredGraphError, draw_layered_graph, layer_index

LAYERS = [("entry", ["main"]), ("services", ["payment"]), ("validators", ["user"]),
          ("exceptions", ["errors"])]
EDGES = [("main", "payment"), ("main", "user", "imports"), ("main", "errors"),
         ("payment", "errors"), ("user", "errors"), ("errors", "payment", "bad")]


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_layer_index_counts_from_the_top() -> None:
    assert layer_index(LAYERS) == {"main": 0, "payment": 1, "user": 2, "errors": 3}


def test_draws_every_box_label_and_legend() -> None:
    fig = draw_layered_graph(LAYERS, EDGES, highlight=[("errors", "payment")], title="layers",
                             edge_legend="imports", highlight_legend="violation")
    assert isinstance(fig, Figure)
    shown = texts(fig)
    for expected in ["layers", "main", "payment", "user", "errors", "entry", "exceptions",
                     "imports", "bad", "violation"]:
        assert expected in shown, expected


def test_highlighted_arrows_are_red_and_dashed() -> None:
    fig = draw_layered_graph(LAYERS, EDGES, highlight=[("errors", "payment")])
    arrows = [p for p in fig.axes[0].patches if type(p).__name__ == "FancyArrowPatch"]
    assert len(arrows) == len(EDGES)
    red = [p for p in arrows if p.get_linestyle() == "--"]
    assert len(red) == 1


def test_same_input_same_picture() -> None:
    first = figure_png_bytes(draw_layered_graph(LAYERS, EDGES))
    second = figure_png_bytes(draw_layered_graph(LAYERS, EDGES))
    assert first == second


def test_arrow_objects_and_same_band_cycles_are_accepted() -> None:
    fig = draw_layered_graph([("modules", ["a", "b"])],
                             [Arrow("a", "b", "imports"), Arrow("b", "a", "imports")],
                             highlight=[("b", "a")])
    assert texts(fig).count("imports") == 2


@pytest.mark.parametrize("layers,edges,highlight,message", [
    ([], [], [], "non-empty"),
    ([("a", ["x"]), ("b", ["x"])], [], [], "more than one place"),
    ([("a", "xy")], [], [], "pair"),
    ([("a", ["x", "y"])], [("x", "z")], [], "'z' is not in any layer"),
    ([("a", ["x", "y"])], [("x", "x")], [], "itself"),
    ([("a", ["x", "y"])], [("x", "y"), ("x", "y")], [], "twice"),
    ([("a", ["x", "y"])], [("x",)], [], "edge must be"),
    ([("a", ["x", "y"])], [("x", "y")], [("y", "x")], "not in the graph"),
])
def test_bad_input_is_named(layers: list[tuple[str, list[str]]], edges: list[tuple[str, ...]],
                            highlight: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(LayeredGraphError, match=message):
        draw_layered_graph(layers, edges, highlight=highlight)  # type: ignore[arg-type]
