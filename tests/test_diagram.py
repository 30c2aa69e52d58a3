"""The reference-diagram drawer: structure, determinism, and clear errors."""

from __future__ import annotations

import dataclasses
import time
import types

import pytest

from helpers.diagram import (
    DiagramError,
    build_graph,
    draw_reference_panels,
    draw_references,
    figure_png_bytes,
)


def test_shared_object_is_drawn_once_with_two_arrows() -> None:
    shared = [1, 2]
    graph = build_graph({"a": shared, "b": shared})
    assert len(graph.nodes) == 1
    assert graph.arrows_into(shared) == 2
    assert graph.label(shared) == "#1"


def test_labels_follow_visit_order_not_ids() -> None:
    first, second = [0], {"k": "v"}
    graph = build_graph({"x": first, "y": second})
    assert [graph.label(first), graph.label(second)] == ["#1", "#2"]


def test_mutable_and_immutable_are_told_apart() -> None:
    @dataclasses.dataclass(frozen=True)
    class Point:
        x: int

    inner = [1]
    graph = build_graph({"t": (inner, 2), "p": Point(1), "n": 1000, "s": "hi"})
    kinds = {n.header: n.mutable for n in graph.nodes}
    assert kinds == {"tuple": False, "Point": False, "int": False, "str": False, "list": True}


def test_containers_attributes_and_closures_are_followed() -> None:
    class User:
        def __init__(self) -> None:
            self.tags = ["admin"]

    def make_counter() -> types.FunctionType:
        count = [0]

        def counter() -> int:
            count[0] += 1
            return count[0]
        return counter  # type: ignore[return-value]

    counter = make_counter()
    graph = build_graph({"u": User(), "f": counter, "d": {"k": {1, 2}}})
    headers = [n.header for n in graph.nodes]
    assert "User" in headers and "function counter" in headers and "cell" in headers
    assert graph.arrows_into(counter.__closure__[0]) == 1  # type: ignore[index]
    assert graph.arrows_into(counter.__closure__[0].cell_contents) == 1  # type: ignore[index]


def test_function_defaults_are_followed() -> None:
    def append(item: int, bucket: list[int] = []) -> list[int]:  # noqa: B006 - the point
        bucket.append(item)
        return bucket

    graph = build_graph({"append": append})
    assert graph.arrows_into(append.__defaults__[0]) == 1  # type: ignore[index]


def test_cycles_terminate() -> None:
    loop: list[object] = [1]
    loop.append(loop)
    graph = build_graph({"loop": loop})
    assert len(graph.nodes) == 1 and graph.arrows_into(loop) == 2
    draw_references({"loop": loop})


def test_large_structures_are_truncated_and_say_so() -> None:
    nested: list[object] = []
    for _ in range(500):
        nested = [nested]
    start = time.perf_counter()
    graph = build_graph({"deep": nested}, max_objects=10)
    fig = draw_references({"deep": nested}, max_objects=10)
    assert time.perf_counter() - start < 5
    assert len(graph.nodes) == 10 and graph.truncated == 1
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any(t.startswith("truncated") for t in texts)


def test_wide_containers_show_a_count_of_the_rest() -> None:
    graph = build_graph({"big": list(range(100))}, max_slots=5)
    assert graph.nodes[0].slots[-1].text == "… 95 more"


def test_unsupported_objects_are_opaque_boxes() -> None:
    import threading
    graph = build_graph({"lock": threading.Lock(), "mod": types})
    assert all(n.opaque for n in graph.nodes)


def test_set_order_is_stable() -> None:
    graph = build_graph({"s": {"pear", "apple", "fig"}})
    assert [s.text for s in graph.nodes[0].slots] == ["'apple'", "'fig'", "'pear'"]


def test_png_is_identical_from_run_to_run() -> None:
    def make() -> bytes:
        shared = [1, 2]
        return figure_png_bytes(draw_reference_panels(
            [("before", {"a": shared}), ("after", {"a": shared, "b": (shared, "x")})]))
    assert make() == make()


@pytest.mark.parametrize("bad, message", [
    ([1, 2], "expected a mapping"),
    ({1: "x"}, "names must be strings"),
    ({}, "nothing to draw"),
])
def test_bad_input_gets_a_clear_error(bad: object, message: str) -> None:
    with pytest.raises(DiagramError, match=message):
        build_graph(bad)  # type: ignore[arg-type]


def test_bad_panels_get_a_clear_error() -> None:
    with pytest.raises(DiagramError, match="pairs"):
        draw_reference_panels({"a": 1})  # type: ignore[arg-type]
    with pytest.raises(DiagramError, match="not in this diagram"):
        build_graph({"a": [1]}).label(object())
