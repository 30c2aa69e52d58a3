"""The reference-diagram drawer: structure, determinism, and clear errors."""

from __future__ import annotations

import dataclasses
import time
import types
from collections.abc import Iterator

import pytest

from helpers.diagram import (
    DiagramError,
    ObjectLabels,
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


def test_function_attributes_are_followed() -> None:
    def handler() -> None:
        return None

    tags = ["admin"]
    handler.version = 2  # type: ignore[attr-defined]
    handler.tags = tags  # type: ignore[attr-defined]
    graph = build_graph({"handler": handler})
    rows = [(s.label, s.text) for s in graph.nodes[0].slots]
    assert rows == [(".version", "2"), (".tags", "")]
    assert graph.arrows_into(tags) == 1


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


def label_texts(fig: object) -> list[str]:
    texts = [t.get_text() for t in fig.axes[0].texts]  # type: ignore[attr-defined]
    return sorted(t for t in texts if t.startswith("#"))


def test_an_object_keeps_its_label_in_every_panel() -> None:
    count = 10
    snapshot = count
    before = {"count": count, "snapshot": snapshot}
    count += 1
    labels = ObjectLabels()
    fig = draw_reference_panels([("snapshot = count", before),
                                 ("count += 1", {"count": count, "snapshot": snapshot})],
                                labels=labels)
    assert labels.of(snapshot) == "#1" and labels.of(count) == "#2"
    assert label_texts(fig) == ["#1", "#1", "#2"]  # the same 10 is #1 in both panels


def test_a_graph_built_before_a_mutation_is_a_snapshot() -> None:
    order = ["espresso"]
    before = build_graph({"order": order})
    order.append("scone")
    after = build_graph({"order": order})
    assert [s.text for s in before.nodes[0].slots] == ["'espresso'"]
    assert [s.text for s in after.nodes[0].slots] == ["'espresso'", "'scone'"]
    labels = ObjectLabels()
    fig = draw_reference_panels([("before", before), ("after", after)], labels=labels)
    assert label_texts(fig) == ["#1", "#1"] and len(labels) == 1
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.count("'espresso'") == 2 and texts.count("'scone'") == 1


def test_a_deep_copy_is_another_object_with_another_label() -> None:
    import copy

    order = ["espresso"]
    fig = draw_reference_panels([("copy", {"order": copy.deepcopy(order)}),
                                 ("original", {"order": order})])
    assert label_texts(fig) == ["#1", "#2"]


def test_frames_are_drawn_as_separate_boxes() -> None:
    request_tags = ["api"]
    graph = build_graph(frames=[("global", {"request_tags": request_tags}),
                                ("append_tag", {"tags": request_tags, "tag": "v2"})])
    assert [f.title for f in graph.frames] == ["global", "append_tag"]
    assert graph.frames[1].names == [("tags", 0), ("tag", 1)]
    assert graph.names == [("request_tags", 0), ("tags", 0), ("tag", 1)]
    assert graph.arrows_into(request_tags) == 2 and graph.label(request_tags) == "#1"
    fig = draw_references(frames=[("global", {"request_tags": request_tags}),
                                  ("append_tag", {"tags": request_tags})])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "global" in texts and "append_tag" in texts and "names" not in texts
    frame_boxes = [p for p in fig.axes[0].patches if type(p).__name__ == "Rectangle"]
    assert len(frame_boxes) == 2 + 2  # two frames, two legend swatches


def test_a_panel_can_hold_frames_a_namespace_or_a_graph() -> None:
    tags = ["api"]
    fig = draw_reference_panels([
        ("namespace", {"tags": tags}),
        ("frames", [("global", {"tags": tags}), ("f", {})]),  # a call with no names yet
        ("graph", build_graph(frames=[("global", {"tags": tags})])),
    ], frame_title="caller")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.count("caller") == 1 and texts.count("global") == 2 and "f" in texts
    assert label_texts(fig) == ["#1", "#1", "#1"]


@pytest.mark.parametrize("frames, message", [
    ([], "non-empty list"),
    ({"global": {}}, "non-empty list"),
    ([("global", [1])], "each frame must be a"),
    (["global"], "each frame must be a"),
    ([("global", {1: "x"})], "names must be strings"),
])
def test_bad_frames_get_a_clear_error(frames: object, message: str) -> None:
    with pytest.raises(DiagramError, match=message):
        build_graph(frames=frames)  # type: ignore[arg-type]


def test_namespace_and_frames_are_exclusive() -> None:
    with pytest.raises(DiagramError, match="not both"):
        build_graph({"a": 1}, frames=[("global", {"a": 1})])
    with pytest.raises(DiagramError, match="nothing to draw"):
        build_graph()
    with pytest.raises(DiagramError, match="a panel shows"):
        draw_reference_panels([("x", 42)])  # type: ignore[list-item]


def test_object_labels_go_by_identity_and_keep_objects_alive() -> None:
    labels = ObjectLabels()
    assert labels.add(build_graph({"a": [1], "b": [1]})) == ["#1", "#2"]
    first = build_graph({"a": [2]})
    assert labels.add(first) == ["#3"]
    assert labels.add(first) == ["#3"]  # already labelled
    with pytest.raises(DiagramError, match="no label"):
        labels.of([2])
    assert first.nodes[0].obj in labels and [2] not in labels


def test_generators_classes_methods_and_exceptions_are_described() -> None:
    def countdown(n: int) -> Iterator[int]:
        while n:
            yield n
            n -= 1

    class Cart:
        shared: list[str] = []

        def add(self, item: str) -> None:
            self.shared.append(item)

    ticks = countdown(3)
    fresh = countdown(1)
    next(ticks)
    graph = build_graph({"ticks": ticks, "fresh": fresh, "Cart": Cart, "add": Cart().add,
                         "error": KeyError("sku")})
    by_header = {n.header: n for n in graph.nodes}
    ticks_node = graph.nodes[0]
    assert ticks_node.header == "generator countdown"
    assert ticks_node.slots[0].label == "state"
    assert ticks_node.slots[0].text.startswith("suspended at line ")
    assert [s.label for s in ticks_node.slots[1:]] == ["n"]
    assert [s.text for s in graph.nodes[1].slots] == ["not started", "1"]
    assert [(s.label, s.text) for s in by_header["class Cart"].slots[:1]] == [("methods", "add")]
    assert graph.arrows_into(Cart.shared) == 1
    assert "method add" in by_header and by_header["KeyError"].slots[0].text == "'sku'"


def test_a_function_without_defaults_shows_its_parameters() -> None:
    def greet(name: str, *rest: str, loud: bool, **extra: str) -> None:
        return None

    graph = build_graph({"greet": greet})
    assert [s.text for s in graph.nodes[0].slots] == ["(name, loud, rest, extra)"]


def test_an_attribute_that_raises_leaves_an_opaque_box() -> None:
    class Broken:
        __slots__ = ("value",)

        def __getattribute__(self, name: str) -> object:
            raise RuntimeError("no attributes today")

    graph = build_graph({"b": Broken()})
    assert graph.nodes[0].opaque
    draw_references({"b": Broken()})


def test_a_truncated_name_is_still_listed() -> None:
    graph = build_graph({"a": [1], "b": [2], "c": [3]}, max_objects=2)
    assert graph.names == [("a", 0), ("b", 1), ("c", None)] and graph.truncated == 1
    draw_references({"a": [1], "b": [2], "c": [3]}, max_objects=2)
