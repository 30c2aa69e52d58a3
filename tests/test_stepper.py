"""The step-through recorder and player: steps, frames, labels, output, limits, bad input."""

from __future__ import annotations

import io
import time
import types
from collections.abc import Callable
from typing import Any

import pytest

from helpers.diagram import figure_png_bytes
from helpers.stepper import Recording, StepperError, load_ipython_extension, record_steps
from helpers.stepper_player import (
    FILMSTRIP_MAX_CELLS,
    FILMSTRIP_TEXT,
    PLAYER_TEXT,
    StepPlayer,
    draw_filmstrip,
    draw_step,
    player_canvas,
    show_recording,
    syntax_error_bundle,
)

ALIASING = """
order = ["espresso", "croissant"]
same_order = order
same_order.append("scone")
order = order + ["tea"]
print(order)
print(same_order)
"""

CALL_BY_SHARING = """
def add_tag(tags, tag):
    tags.append(tag)
    return tags

request_tags = ["api"]
result = add_tag(request_tags, "v2")
"""

CLOSURE = """
def make_counter():
    count = 0
    def counter():
        nonlocal count
        count += 1
        return count
    return counter

tick = make_counter()
tick()
tick()
"""


def captions(recording: Recording) -> list[str]:
    return [f"{s.number} {s.event} {s.caption}" for s in recording.steps]


def names_in(step: Any, frame: str) -> list[str]:
    return list(step.frame(frame).locals)


# --- steps and frames -----------------------------------------------------------------


def test_one_step_per_executed_line_with_what_just_ran() -> None:
    trace = record_steps(ALIASING)
    assert captions(trace) == [
        "1 line the program starts",
        "2 line after line 1",
        "3 line after line 2",
        "4 line after line 3",
        "5 line after line 4",
        "6 line after line 5",
        "7 end the program finished",
    ]
    assert [s.line for s in trace.steps[:6]] == [1, 2, 3, 4, 5, 6]  # the line about to run
    assert trace.exception is None and trace.stopped is None and trace.syntax_error is None
    assert trace.lines[1] == "same_order = order"  # dedented, blank first line dropped


def test_after_finds_the_state_right_after_a_line() -> None:
    trace = record_steps(ALIASING)
    shared = trace.after(2)
    assert shared.value("same_order") is shared.value("order")
    rebound = trace.after(4)
    assert rebound.value("order") is not rebound.value("same_order")
    assert rebound.value("same_order") == ["espresso", "croissant", "scone"]
    with pytest.raises(StepperError, match="line 2 finished 1 time"):
        trace.after(2, occurrence=2)


def test_a_call_stacks_the_callee_under_its_caller() -> None:
    trace = record_steps(CALL_BY_SHARING)
    call = next(s for s in trace.steps if s.event == "call")
    assert [f.name for f in call.frames] == ["global", "add_tag"]
    assert call.ran_line == 6 and call.line == 1  # called from line 6; def on line 1
    assert call.frame("add_tag").locals["tags"] is call.frame("global").locals["request_tags"]
    assert [frame.title for frame in call.graph.frames] == ["global", "add_tag"]
    returned = next(s for s in trace.steps if s.event == "return")
    assert returned.returned is returned.value("request_tags")
    assert returned.caption == "add_tag returns list #1"
    assert ("(return)", 0) in returned.graph.frames[-1].names
    assert [f.name for f in trace.steps[-1].frames] == ["global"]  # the frame is gone


def test_labels_follow_identity_across_every_step() -> None:
    trace = record_steps("""
        count = 10
        snapshot = count
        count += 1
        items = [count]
        items.append(snapshot)
    """)
    ten, eleven = trace.after(2).value("count"), trace.after(3).value("count")
    assert trace.label(ten) == "#1" and trace.label(eleven) == "#2"
    for step in trace.steps:
        for node, label in zip(step.graph.nodes, step.labels, strict=True):
            assert label == trace.label(node.obj)
    items = trace.steps[-1].value("items")
    assert {trace.label(items)} == {
        label for step in trace.steps for node, label in zip(step.graph.nodes, step.labels,
                                                             strict=True)
        if node.obj is items}


def test_each_step_is_a_snapshot_even_after_later_mutation() -> None:
    trace = record_steps("""
        cart = []
        cart.append("tea")
        cart.append("cake")
    """)
    texts = [[slot.text for slot in step.graph.nodes[0].slots]
             for step in trace.steps if step.graph.nodes]
    assert texts == [["(empty)"], ["'tea'"], ["'tea'", "'cake'"]]


def test_output_so_far_is_captured_and_never_leaks(capsys: pytest.CaptureFixture[str]) -> None:
    trace = record_steps("""
        print("one")
        import sys
        sys.stdout.write("two\\n")
        print("three", end="")
    """)
    assert [s.output for s in trace.steps] == ["", "one\n", "one\n", "one\ntwo\n",
                                               "one\ntwo\nthree"]
    assert trace.output == "one\ntwo\nthree"
    assert capsys.readouterr().out == ""


def test_a_repr_that_prints_while_being_drawn_is_not_output() -> None:
    trace = record_steps("""
        class Chatty(str):
            def __repr__(self):
                print("repr called")
                return "chatty"
        word = Chatty("x")
        print("done")
    """)
    assert trace.output == "done\n"
    assert any(slot.text == "chatty" for node in trace.steps[-1].graph.nodes
               for slot in node.slots)


def test_a_generator_frame_is_shown_running_and_suspended() -> None:
    trace = record_steps("""
        def countdown(n):
            while n > 0:
                yield n
                n -= 1

        ticks = countdown(2)
        first = next(ticks)
        second = next(ticks)
    """)
    events = [(s.event, s.caption) for s in trace.steps if s.event in ("call", "resume",
                                                                        "yield")]
    assert events == [("call", "countdown starts"), ("yield", "countdown yields 2"),
                      ("resume", "countdown resumes"), ("yield", "countdown yields 1")]
    running = next(s for s in trace.steps if s.event == "call")
    assert [f.title for f in running.frames] == ["global", "countdown (generator)"]
    suspended = trace.after(7)
    generator = next(n for n in suspended.graph.nodes if n.header == "generator countdown")
    slots = {slot.label: slot.text for slot in generator.slots}
    assert slots == {"state": "suspended at line 3", "n": "2"}
    assert [f.name for f in suspended.frames] == ["global"]  # not on the stack any more


def test_a_closure_cell_outlives_its_frame() -> None:
    trace = record_steps(CLOSURE)
    end = trace.steps[-1]
    tick = end.value("tick")
    assert isinstance(tick, types.FunctionType) and tick.__closure__ is not None
    cell = tick.__closure__[0]
    assert [f.name for f in end.frames] == ["global"]
    assert trace.label(cell) == trace.label(cell)  # labelled: drawn in the pictures
    assert cell.cell_contents == 2
    inside = [s for s in trace.steps if s.function == "counter"]
    assert inside and all(names_in(s, "counter") == [] or names_in(s, "counter") ==
                          ["(return)"] for s in inside)  # count is a free variable
    cell_texts = [next(sl.text for n in s.graph.nodes if n.header == "cell" for sl in n.slots)
                  for s in trace.steps if any(n.header == "cell" for n in s.graph.nodes)]
    assert cell_texts[0] == "0" and cell_texts[-1] == "2"
    # While make_counter runs, its name `count` and the closure share the one cell.
    returning = next(s for s in trace.steps if s.caption.startswith("make_counter returns"))
    assert returning.frame("make_counter").cells["count"] is cell
    assert returning.graph.arrows_into(cell) == 2
    assert returning.frame("make_counter").locals["count"] == 0  # value() still gives the int


def test_the_same_steps_on_every_python_version() -> None:
    """3.11 runs comprehensions in frames of their own, 3.12+ inlines them; 3.12+ also
    reports the StopIteration ending a ``yield from``. None of that may show."""
    trace = record_steps("""
        def double(v):
            return v * 2

        def chain():
            yield from [1]

        squares = [double(v) for v in range(2)]
        flat = list(chain())
        total = sum(x for x in squares)
    """)
    assert captions(trace) == [
        "1 line the program starts",
        "2 line after line 1",
        "3 line after line 4",
        "4 call call double",
        "5 line before line 2",
        "6 return double returns 0",
        "7 call call double",
        "8 line before line 2",
        "9 return double returns 2",
        "10 line after line 7",
        "11 call chain starts",
        "12 line before line 5",
        "13 yield chain yields 1",
        "14 resume chain resumes",
        "15 return chain returns None",
        "16 line after line 8",
        "17 call <genexpr> starts",
        "18 line before line 9",
        "19 yield <genexpr> yields 0",
        "20 resume <genexpr> resumes",
        "21 yield <genexpr> yields 2",  # one line: its repeated line events are one step
        "22 resume <genexpr> resumes",
        "23 return <genexpr> returns None",
        "24 end the program finished",
    ]
    calls = [s for s in trace.steps if s.function == "double"]
    assert all(names_in(s, "global") == ["double", "chain"] for s in calls)


def test_the_global_frame_shows_the_programs_own_names() -> None:
    source = """
        import copy
        from collections import deque
        def plain(x):
            return x
        def with_default(items=[]):
            return items
        class Empty:
            def method(self):
                return 1
        class Shared:
            items = []
        queue = deque()
    """
    end = record_steps(source).steps[-1]
    drawn = [name for name, _ in end.graph.frames[0].names]
    assert drawn == ["with_default", "Shared", "queue"]
    assert set(end.frame("global").locals) == {
        "copy", "deque", "plain", "with_default", "Empty", "Shared", "queue"}
    everything = record_steps(source, show_definitions=True).steps[-1]
    assert [name for name, _ in everything.graph.frames[0].names] == [
        "plain", "with_default", "Empty", "Shared", "queue"]


def test_asyncio_run_works_inside_a_running_event_loop() -> None:
    trace = record_steps("""
        import asyncio

        async def job(n):
            await asyncio.sleep(0)
            return n * 2

        result = asyncio.run(job(21))
    """)
    assert trace.steps[-1].value("result") == 42
    assert [s.caption for s in trace.steps if s.function == "job"] == [
        "job starts", "before line 4", "job is suspended (await)", "job resumes",
        "after line 4", "job returns 42"]


# --- bad input ------------------------------------------------------------------------


def test_a_syntax_error_is_a_message_with_line_and_caret() -> None:
    trace = record_steps("x = 1\nb = = x\n")
    assert trace.steps == [] and trace.ending == "the program did not compile"
    assert trace.syntax_error == ("SyntaxError on line 2: invalid syntax\n"
                                  "    b = = x\n"
                                  "        ^")
    bundle = syntax_error_bundle(trace)
    assert bundle["text/plain"] == trace.syntax_error and "Traceback" not in str(bundle)
    shown: list[Any] = []
    show_recording_with(shown.append, trace)
    assert shown == [bundle]


def test_an_exception_is_the_final_step_with_its_frames() -> None:
    trace = record_steps("""
        def ratio(a, b):
            return a / b

        r = ratio(1, 0)
        print("never")
    """)
    last = trace.steps[-1]
    assert isinstance(trace.exception, ZeroDivisionError)
    assert last.exception is trace.exception and last.event == "exception"
    assert last.caption == "stopped by ZeroDivisionError: division by zero"
    assert [f.name for f in last.frames] == ["global", "ratio"] and last.line == 2
    assert trace.output == ""


def test_a_caught_exception_does_not_end_the_program() -> None:
    trace = record_steps("""
        try:
            {}["missing"]
        except KeyError:
            handled = True
    """)
    assert trace.exception is None and trace.steps[-1].value("handled") is True
    assert "line 2 raises KeyError: 'missing'" in [s.caption for s in trace.steps]


@pytest.mark.parametrize("source", [
    "n = 0\nwhile True:\n    n += 1\n",
    # A bare except inside the loop must not swallow the stop.
    "while True:\n    try:\n        int('x')\n    except:\n        pass\n",
    "def spin():\n    while True:\n        pass\nspin()\n",
])
def test_an_endless_loop_stops_at_max_steps(source: str) -> None:
    start = time.perf_counter()
    trace = record_steps(source, max_steps=50)
    assert time.perf_counter() - start < 5
    assert len(trace.steps) == 50
    assert trace.stopped is not None and trace.stopped.startswith("stopped after 50 steps")
    assert trace.exception is None


def test_a_slow_program_stops_at_max_seconds() -> None:
    trace = record_steps("import time\nwhile True:\n    time.sleep(0.05)\n", max_seconds=0.3)
    assert trace.stopped == "stopped after 0.3 s (max_seconds=0.3)"


def test_a_call_into_c_that_never_returns_is_abandoned() -> None:
    start = time.perf_counter()
    trace = record_steps("import time\ntime.sleep(30)\n", max_seconds=0.2)
    assert time.perf_counter() - start < 5
    assert trace.stopped is not None and "did not return" in trace.stopped


def test_too_many_objects_give_a_truncated_labelled_drawing() -> None:
    trace = record_steps("rows = [[i] for i in range(10)]\n", max_objects=4)
    last = trace.steps[-1]
    assert len(last.graph.nodes) == 4 and last.graph.truncated > 0
    texts = [t.get_text() for t in draw_step(trace, last.number).axes[0].texts]
    assert any(t.startswith("truncated: ") for t in texts)


def test_objects_whose_repr_raises_get_a_placeholder() -> None:
    trace = record_steps("""
        class Loud(str):
            def __repr__(self):
                raise ValueError("no repr")
        class Key:
            def __repr__(self):
                raise RuntimeError
        word = Loud("x")
        table = {Key(): word}
        def give():
            return Loud("y")
        got = give()
    """)
    texts = {slot.text for step in trace.steps for node in step.graph.nodes
             for slot in node.slots} | {slot.label for step in trace.steps
                                        for node in step.graph.nodes for slot in node.slots}
    assert {"<repr failed: ValueError>", "<repr failed: RuntimeError>"} <= texts
    assert "give returns <repr failed: ValueError>" in [s.caption for s in trace.steps]
    draw_step(trace, len(trace.steps))


def test_input_is_refused_and_sys_exit_ends_the_run() -> None:
    refused = record_steps("name = input('name? ')\n")
    assert isinstance(refused.exception, EOFError)
    exited = record_steps("import sys\nprint('bye')\nsys.exit(3)\n")
    assert isinstance(exited.exception, SystemExit) and exited.output == "bye\n"


def test_deep_recursion_keeps_the_outermost_and_innermost_frames() -> None:
    trace = record_steps("def down(n):\n    return down(n + 1)\ndown(0)\n", max_steps=200,
                         max_frames=4)
    last = trace.steps[-1]
    assert [f.name for f in last.frames] == ["global", "down", "down", "down"]
    assert last.hidden_frames > 10
    assert last.graph.frames[1].title == f"… {last.hidden_frames} frames not shown"


@pytest.mark.parametrize("kwargs, message", [
    ({"max_steps": 0}, "max_steps must be a positive int"),
    ({"max_objects": -1}, "max_objects must be a positive int"),
    ({"max_frames": 1}, "max_frames must be at least 2"),
    ({"max_seconds": 0}, "max_seconds must be positive"),
])
def test_bad_limits_get_a_clear_error(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(StepperError, match=message):
        record_steps("x = 1", **kwargs)


def test_a_program_must_be_text() -> None:
    with pytest.raises(StepperError, match="as a str"):
        record_steps(b"x = 1")  # type: ignore[arg-type]


# --- pictures and the player ----------------------------------------------------------


def test_step_pictures_share_one_canvas_and_are_deterministic() -> None:
    def pngs() -> list[bytes]:
        trace = record_steps(CALL_BY_SHARING)
        canvas = player_canvas(trace, titled=True)
        return [figure_png_bytes(draw_step(trace, n, canvas)) for n in (1, 5)]

    first, again = pngs(), pngs()
    assert first == again and first[0] != first[1]
    player = StepPlayer(record_steps(CALL_BY_SHARING))
    assert player.picture(1) == StepPlayer(record_steps(CALL_BY_SHARING)).picture(1)
    from PIL import Image

    image = Image.open(io.BytesIO(player.picture(1))).convert("RGB")
    assert image.getpixel((1, 1)) == (255, 255, 255)  # a 32-colour PNG, still on white
    trace = record_steps(CALL_BY_SHARING)
    canvas = player_canvas(trace)
    sizes = {tuple(draw_step(trace, s.number, canvas).get_size_inches())
             for s in trace.steps}
    assert len(sizes) == 1


def test_the_filmstrip_shows_the_steps_where_references_change() -> None:
    trace = record_steps(ALIASING)
    assert [s.number for s in trace.changes()] == [2, 3, 4, 5]
    texts = [t.get_text() for t in draw_filmstrip(trace).axes[0].texts]
    assert "line 2: same_order = order" in texts and "3 · after line 2" in texts


def test_compacting_a_picture_keeps_every_drawing_colour_exactly() -> None:
    """The 32-colour palette once merged the legend's small "immutable" swatch into a
    grey when no immutable box was drawn: every pixel of a drawing colour must keep it."""
    from PIL import Image

    from helpers import diagram, stepper_player

    trace = record_steps("""
        servers = [["db-1", "db-2"], ["cache-1"]]
        backup = [list(group) for group in servers]
        servers[0].append("db-3")
    """)
    fig = draw_filmstrip(trace)
    raw = Image.open(io.BytesIO(figure_png_bytes(fig))).convert("RGB")
    compact = Image.open(io.BytesIO(stepper_player.compact_png(fig))).convert("RGB")
    assert compact.size == raw.size
    raw_counts = {colour: n for n, colour in raw.getcolors(raw.width * raw.height) or []}
    compact_counts = {colour: n for n, colour in compact.getcolors(256) or []}
    for name in ("MUTABLE_FILL", "MUTABLE_EDGE", "IMMUTABLE_FILL", "ACTIVE_FRAME_FILL"):
        hex_colour = getattr(diagram, name)
        rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
        assert raw_counts.get(rgb, 0) > 0, f"{name} is not in the picture"
        assert compact_counts.get(rgb, 0) >= raw_counts[rgb], name
    assert compact_counts[(255, 255, 255)] >= raw_counts[(255, 255, 255)]  # the background


def test_a_long_filmstrip_keeps_the_first_changes_and_the_last() -> None:
    trace = record_steps("items = []\nfor i in range(20):\n    items.append(i)\n")
    assert len(trace.changes()) > FILMSTRIP_MAX_CELLS
    texts = [t.get_text() for t in draw_filmstrip(trace).axes[0].texts]
    titles = [t for t in texts if " · " in t]
    assert len(titles) == FILMSTRIP_MAX_CELLS
    assert titles[-1].startswith(f"{trace.changes()[-1].number} · ")
    assert any(t.startswith("… and ") for t in texts)


def test_a_filmstrip_too_tall_for_one_figure_keeps_fewer_cells(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import helpers.stepper_player

    monkeypatch.setattr(helpers.stepper_player, "FILMSTRIP_ROW_WIDTH", 1.0)  # one per row
    trace = record_steps("""
        grid = [[i] for i in range(12)]
        a = 1
        b = 2
        c = 3
    """)
    assert len(trace.changes()) == 4
    fig = draw_filmstrip(trace)
    assert max(fig.get_size_inches()) <= 40
    texts = [t.get_text() for t in fig.axes[0].texts]
    titles = [t for t in texts if " · " in t]
    assert 1 < len(titles) < 4 and titles[-1].startswith(f"{trace.steps[-1].number} · ")
    assert f"… and {4 - len(titles)} more change(s): step through them all in the player" in texts


def test_the_filmstrip_ends_with_the_error() -> None:
    trace = record_steps("x = [1]\ny = x[5]\n")
    assert trace.changes()[-1] is trace.steps[-1]
    texts = [t.get_text() for t in draw_filmstrip(trace).axes[0].texts]
    assert "the program stopped with IndexError: list index out of range" in texts


def test_moving_the_slider_changes_the_picture_line_and_output() -> None:
    player = StepPlayer(record_steps(ALIASING))
    before = (player.image.value, player.source.value, player.caption.value)
    player.slider.value = 7
    after = (player.image.value, player.source.value, player.caption.value)
    assert all(b != a for b, a in zip(before, after, strict=True))
    assert "espresso" in player.output.value
    assert sorted(player._pictures) == [1, 7]
    player.previous_button.click()
    assert player.slider.value == 6
    player.slider.value = 7
    assert sorted(player._pictures) == [1, 6, 7]  # step 7 came from the cache


def test_the_source_marks_the_next_line_and_the_line_that_ran() -> None:
    player = StepPlayer(record_steps(ALIASING))
    player.slider.value = 3  # line 3 is next, line 2 just ran
    rows = player.source.value.split("</div>")
    assert "font-weight:bold" in rows[2] and "same_order.append" in rows[2]
    assert "#e6f4ea" in rows[1] and "same_order = order" in rows[1]


def test_the_player_displays_a_sentence_not_a_widget_repr() -> None:
    bundle = StepPlayer(record_steps(ALIASING))._repr_mimebundle_()
    assert bundle["text/plain"] == PLAYER_TEXT
    assert "application/vnd.jupyter.widget-view+json" in bundle


def show_recording_with(collect: Callable[[Any], None], recording: Recording,
                        **kwargs: Any) -> None:
    import IPython.display

    original = IPython.display.display
    IPython.display.display = lambda obj, **_: collect(obj)
    try:
        show_recording(recording, **kwargs)
    finally:
        IPython.display.display = original


def test_show_recording_displays_the_player_then_the_filmstrip() -> None:
    shown: list[Any] = []
    show_recording_with(shown.append, record_steps(ALIASING))
    assert isinstance(shown[0], StepPlayer)
    bundle = shown[1]._repr_mimebundle_()
    assert bundle["text/plain"] == FILMSTRIP_TEXT and bundle["image/png"].startswith("iVBOR")


def test_the_step_cell_magic() -> None:
    registered: dict[str, Callable[[str, str], None]] = {}

    class FakeShell:
        def register_magic_function(self, func: Callable[[str, str], None], kind: str,
                                    name: str) -> None:
            registered[f"{kind}:{name}"] = func

    load_ipython_extension(FakeShell())
    shown: list[Any] = []
    import IPython.display

    original = IPython.display.display
    IPython.display.display = lambda obj, **_: shown.append(obj)
    try:
        registered["cell:step"]("--max-steps 3 --no-filmstrip", "while True:\n    pass\n")
    finally:
        IPython.display.display = original
    assert len(shown) == 1 and len(shown[0].recording.steps) == 3


def test_recording_a_30_line_program_takes_under_a_second() -> None:
    source = "\n".join([
        "def add_item(cart, item):", "    cart.append(item)", "    return cart", "",
        "def total(prices):", "    result = 0", "    for price in prices:",
        "        result += price", "    return result", "",
        "class Order:", "    def __init__(self, items):", "        self.items = items", "",
        "menu = {'tea': 3, 'cake': 4}", "cart = []", "alias = cart",
        "add_item(cart, 'tea')", "add_item(alias, 'cake')",
        "prices = [menu[item] for item in cart]", "bill = total(prices)",
        "order = Order(cart)", "copy = list(cart)", "copy.append('jam')",
        "print(bill, cart, copy)", "nested = [cart, copy]", "nested[0].append('scone')",
        "names = sorted(menu)", "count = len(names)", "print(count)",
    ])
    assert len(source.splitlines()) == 30
    start = time.perf_counter()
    trace = record_steps(source)
    elapsed = time.perf_counter() - start
    assert trace.stopped is None and trace.exception is None
    assert trace.output == "7 ['tea', 'cake'] ['tea', 'cake', 'jam']\n2\n"
    assert elapsed < 1.0, f"recording took {elapsed:.2f} s"
