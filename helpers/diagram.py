"""Reference diagrams drawn from live objects, in the style of Python Tutor.

Names stand in frames on the left, objects stand on the right, and arrows
show which object each name (or slot of a container) refers to.

* Objects get small labels (``#1``, ``#2`` …) in the order they are first
  reached, never raw ids, so the picture is the same on every run. In a figure
  of several panels an object keeps its label in every panel: labels are given
  by identity, across the whole figure (see ``ObjectLabels``).
* Mutable objects are drawn with a solid border on a warm fill, immutable ones
  with a dashed border on a cool fill.
* Containers (list, tuple, dict, set, frozenset, ``MappingProxyType``),
  instance attributes (``__dict__`` and ``__slots__``), function defaults,
  closure cells, bound methods, class attributes and the local names of a
  suspended generator or coroutine are followed.
* An object reached twice is drawn once, with one arrow per reference, so
  sharing (aliasing) is visible at a glance. Cycles are therefore fine.
* Several frames (a caller above its callee, as Python Tutor stacks them) are
  drawn as separate boxes: ``build_graph(frames=[("global", {...}),
  ("append_tag", {...})])``.
* ``build_graph`` captures the structure (headers, slot texts, arrows) when
  it is called, so a graph built *before* a mutation is a true snapshot: draw
  it later, next to a graph built after, and the same object keeps its label.
* Very large structures are truncated, and the drawing says so.

Only plain matplotlib is used. Figures are created with
``matplotlib.figure.Figure`` (not ``pyplot``), so drawing leaves no global
state behind; a returned figure displays itself as PNG in Jupyter.
"""

from __future__ import annotations

import io
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, is_dataclass
from typing import Any, NamedTuple, TypeAlias

from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from helpers.canvas import inch_canvas

__all__ = [
    "DiagramError",
    "NameFrame",
    "ObjectGraph",
    "ObjectLabels",
    "build_graph",
    "draw_legend",
    "draw_panel",
    "draw_references",
    "draw_reference_panels",
    "figure_png_bytes",
    "panel_size",
]

#: Types shown inline inside a container (when ``inline_atoms`` is true).
ATOM_TYPES: tuple[type, ...] = (int, float, complex, bool, str, bytes, type(None))

MUTABLE_FILL = "#fff1c9"
MUTABLE_EDGE = "#b7791f"
IMMUTABLE_FILL = "#e3ecf7"
IMMUTABLE_EDGE = "#2c5282"
OPAQUE_FILL = "#eeeeee"
ACTIVE_FRAME_FILL = "#e6f0fb"
FRAME_EDGE = "#4a5568"
ARROW_COLOR = "#2d3748"
FONT = "DejaVu Sans Mono"  # ships with matplotlib: identical glyphs everywhere

# Layout unit: inches. Text is 9 pt monospace, about 0.075 in per character.
CHAR_W = 0.075
ROW_H = 0.27
HEADER_H = 0.27
COL_GAP = 0.85
BOX_GAP = 0.22
FRAME_GAP = 0.18
MARGIN = 0.25
MAX_TEXT = 28
TITLE_ROOM = 0.7  # above a panel's content: its title
LEGEND_ROOM = 0.45  # below the content: the legend
TRUNCATION_ROOM = 0.3

Namespace: TypeAlias = Mapping[str, object]
FrameSpec: TypeAlias = tuple[str, Namespace]


class DiagramError(ValueError):
    """Raised for input the diagram drawer cannot accept."""


@dataclass
class Slot:
    """One row inside an object's box: a label, and either text or an arrow."""

    label: str
    text: str = ""
    target: int | None = None  # index of the node the arrow points to


@dataclass
class Node:
    """One object in the diagram."""

    obj: Any
    header: str
    mutable: bool
    depth: int
    slots: list[Slot] = field(default_factory=list)
    opaque: bool = False


@dataclass
class NameFrame:
    """One box of names: a namespace, or one frame of a call stack.

    ``title`` is ``None`` for a graph built from a single namespace (the
    drawer then writes its ``frame_title``). Each entry of ``names`` is a name
    and the index of its node, or ``None`` when the drawing was truncated
    before that object.
    """

    title: str | None
    names: list[tuple[str, int | None]]


@dataclass
class ObjectGraph:
    """Frames of names, the objects they reach, and how they reach them.

    ``truncated`` counts references that were not followed because the graph
    reached ``max_objects``. The graph holds references to its objects, so
    their ids cannot be reused while it exists.
    """

    frames: list[NameFrame]
    nodes: list[Node]
    truncated: int = 0

    @property
    def names(self) -> list[tuple[str, int | None]]:
        """Every ``(name, node index)`` entry, frame after frame."""
        return [entry for frame in self.frames for entry in frame.names]

    def _index(self, obj: object) -> int:
        for index, node in enumerate(self.nodes):
            if node.obj is obj:
                return index
        raise DiagramError(f"{type(obj).__name__} object is not in this diagram")

    def label(self, obj: object) -> str:
        """The label (``#n``) of ``obj`` in a figure of this graph alone.

        ``obj`` must be in the graph. In a figure of several panels, ask the
        figure's ``ObjectLabels`` instead: labels are shared across panels.
        """
        return f"#{self._index(obj) + 1}"

    def arrows_into(self, obj: object) -> int:
        """How many arrows (from names, in every frame, and from slots) point at ``obj``."""
        index = self._index(obj)
        from_names = sum(1 for _, target in self.names if target == index)
        from_slots = sum(1 for n in self.nodes for s in n.slots if s.target == index)
        return from_names + from_slots


class ObjectLabels:
    """Labels ``#1``, ``#2`` … given by object identity, in the order objects are first seen.

    One instance serves every panel of a figure (or every step of a
    recording), so the same object keeps its label throughout. It keeps the
    labelled objects alive: an id cannot be reused by a new object while its
    label exists.
    """

    def __init__(self) -> None:
        self._numbers: dict[int, int] = {}
        self._alive: list[object] = []

    def add(self, graph: ObjectGraph) -> list[str]:
        """Label the graph's new objects (in visit order); return the labels of all its nodes."""
        for node in graph.nodes:
            if id(node.obj) not in self._numbers:
                self._alive.append(node.obj)
                self._numbers[id(node.obj)] = len(self._alive)
        return [self.of(node.obj) for node in graph.nodes]

    def of(self, obj: object) -> str:
        """The label of ``obj``, which must have been seen in an added graph."""
        number = self._numbers.get(id(obj))
        if number is None or self._alive[number - 1] is not obj:
            raise DiagramError(f"{type(obj).__name__} object has no label in this figure")
        return f"#{number}"

    def __contains__(self, obj: object) -> bool:
        number = self._numbers.get(id(obj))
        return number is not None and self._alive[number - 1] is obj

    def __len__(self) -> int:
        return len(self._alive)


def _short(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _safe_repr(obj: object) -> str:
    try:
        return _short(repr(obj))
    except Exception as exc:  # a broken __repr__ must not break the drawing
        return f"<repr failed: {type(exc).__name__}>"


def _safe_str(obj: object) -> str:
    try:
        return _short(str(obj))
    except Exception as exc:  # a broken __str__ must not break the drawing
        return f"<str failed: {type(exc).__name__}>"


def _is_atom(obj: object) -> bool:
    # type(obj), not isinstance: isinstance may ask obj.__class__, which an object
    # with a hostile __getattribute__ answers with an exception.
    return issubclass(type(obj), ATOM_TYPES)


def _is_mutable(obj: object) -> bool:
    kind = type(obj)
    if issubclass(kind, ATOM_TYPES + (tuple, frozenset, range, types.MappingProxyType)):
        return False
    params = getattr(kind, "__dataclass_params__", None)
    if is_dataclass(kind) and params is not None and params.frozen:
        return False
    return True


def _instance_attributes(obj: object) -> list[tuple[str, object]] | None:
    """Attributes of a plain instance, or None if ``obj`` is not one."""
    if isinstance(obj, type | types.ModuleType | types.BuiltinFunctionType):
        return None
    attrs: list[tuple[str, object]] = []
    found = False
    instance_dict = getattr(obj, "__dict__", None)
    if isinstance(instance_dict, dict):
        found = True
        attrs.extend((str(k), v) for k, v in instance_dict.items())
    for klass in type(obj).__mro__:
        slots = klass.__dict__.get("__slots__", ())
        if isinstance(slots, str):
            slots = (slots,)
        for name in slots:
            if name in ("__dict__", "__weakref__"):
                continue
            found = True
            if hasattr(obj, name):
                attrs.append((name, getattr(obj, name)))
    # Objects of C types (sockets, files, locks…) have neither: they stay opaque.
    return attrs if found else None


class _Contents(NamedTuple):
    """What a followable object's box shows."""

    header: str
    rows: list[tuple[str, object]]  # (label, child): drawn inline or as an arrow
    info: list[tuple[str, str]] = []  # (label, text) rows written before the others
    empty: str = "(empty)"  # written when there is nothing else to show


_METHOD_LIKE = (types.FunctionType, staticmethod, classmethod, property)


def _class_contents(cls: type) -> _Contents:
    """A class: its data attributes as rows, its methods named on one line."""
    rows: list[tuple[str, object]] = []
    methods: list[str] = []
    for name, value in vars(cls).items():
        if name.startswith("__") and name.endswith("__"):
            continue
        if isinstance(value, _METHOD_LIKE):
            methods.append(name)
        else:
            rows.append((f".{name}", value))
    info = [("methods", ", ".join(methods))] if methods else []
    return _Contents(f"class {cls.__name__}", rows, info, "(no attributes)")


def _function_contents(func: types.FunctionType) -> _Contents:
    rows: list[tuple[str, object]] = []
    for i, default in enumerate(func.__defaults__ or ()):
        rows.append((f"__defaults__[{i}]", default))
    for name, default in (func.__kwdefaults__ or {}).items():
        rows.append((f"__kwdefaults__[{name!r}]", default))
    for name, cell in zip(func.__code__.co_freevars, func.__closure__ or (), strict=False):
        rows.append((f"closure: {name}", cell))
    for name, value in vars(func).items():
        rows.append((f".{name}", value))
    code = func.__code__
    count = code.co_argcount + code.co_kwonlyargcount
    count += bool(code.co_flags & 0x04) + bool(code.co_flags & 0x08)  # *args, **kwargs
    parameters = f"({', '.join(code.co_varnames[:count])})"
    return _Contents(f"function {func.__name__}", rows, [], parameters)


_SUSPENDABLE = (types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType)


def _suspended_contents(obj: Any) -> _Contents:
    """A generator, coroutine or async generator: its state and its frame's local names.

    A suspended one keeps its frame alive between resumptions; its local names
    are drawn inside its box, where that frame lives.
    """
    if isinstance(obj, types.GeneratorType):
        kind, frame, running = "generator", obj.gi_frame, obj.gi_running
        suspended = getattr(obj, "gi_suspended", None)
    elif isinstance(obj, types.CoroutineType):
        kind, frame, running = "coroutine", obj.cr_frame, obj.cr_running
        suspended = getattr(obj, "cr_suspended", None)
    else:
        kind, frame, running = "async generator", obj.ag_frame, obj.ag_running
        suspended = getattr(obj, "ag_suspended", None)  # Python 3.12+
    header = f"{kind} {obj.__name__}"
    if frame is None:
        return _Contents(header, [], [("state", "finished")])
    if running:
        return _Contents(header, [], [("state", "running")])
    if suspended is None:
        suspended = frame.f_lineno != frame.f_code.co_firstlineno
    state = f"suspended at line {frame.f_lineno}" if suspended else "not started"
    local_names = [(str(name), value) for name, value in dict(frame.f_locals).items()
                   if str(name).isidentifier()]
    return _Contents(header, local_names, [("state", state)], "")


def _children(obj: object) -> _Contents | None:
    """The header and the rows of a followable object, or None for an opaque box."""
    kind = type(obj).__name__
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # namedtuple
        return _Contents(kind, [(f".{name}", value)
                                for name, value in zip(obj._fields, obj, strict=False)])
    if isinstance(obj, list | tuple):
        return _Contents(kind, [(str(i), item) for i, item in enumerate(obj)])
    if isinstance(obj, dict | types.MappingProxyType):
        return _Contents(kind, [(_safe_repr(k), v) for k, v in obj.items()])
    if isinstance(obj, set | frozenset):
        # Set order depends on hashing (and str hashes are salted per process):
        # sort by repr so the drawing is the same on every run.
        return _Contents(kind, [("", item) for item in sorted(obj, key=_safe_repr)])
    if isinstance(obj, types.CellType):
        try:
            return _Contents("cell", [("cell_contents", obj.cell_contents)])
        except ValueError:
            return _Contents("cell", [], [], "(unbound)")  # the variable is not bound yet
    if isinstance(obj, types.FunctionType):
        return _function_contents(obj)
    if isinstance(obj, types.MethodType):
        return _Contents(f"method {obj.__func__.__name__}",
                         [("__self__", obj.__self__), ("__func__", obj.__func__)])
    if isinstance(obj, type):
        return _class_contents(obj)
    if isinstance(obj, _SUSPENDABLE):
        return _suspended_contents(obj)
    if isinstance(obj, BaseException):
        message = _safe_str(obj)
        return _Contents(kind, [], [("", message)] if message else [], "(no message)")
    attrs = _instance_attributes(obj)
    if attrs is not None:
        return _Contents(kind, [(f".{name}", value) for name, value in attrs])
    return None


def _frame_specs(namespace: object, frames: object) -> list[tuple[str | None, Namespace]]:
    """Check the two ways of naming what to draw, and return them as a list of frames."""
    if namespace is not None and frames is not None:
        raise DiagramError("give either a namespace or frames=[...], not both")
    if frames is None:
        if namespace is None:
            raise DiagramError("nothing to draw: give a namespace such as {'a': a}, "
                               "or frames=[('global', {...}), ...]")
        if not isinstance(namespace, Mapping):
            raise DiagramError(
                f"expected a mapping of names to objects, such as {{'a': a}}, "
                f"got {type(namespace).__name__}"
            )
        _check_names(namespace)
        if not namespace:
            raise DiagramError("nothing to draw: the namespace is empty")
        return [(None, namespace)]
    if isinstance(frames, Mapping | str) or not isinstance(frames, Sequence) or not frames:
        raise DiagramError("frames must be a non-empty list of (title, namespace) pairs, "
                           "such as [('global', {'a': a}), ('f', {'x': a})]")
    specs: list[tuple[str | None, Namespace]] = []
    for entry in frames:
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], str)
                and isinstance(entry[1], Mapping)):
            raise DiagramError("each frame must be a (title, namespace) pair, "
                               f"such as ('global', {{'a': a}}), got {entry!r:.60}")
        _check_names(entry[1])
        specs.append((entry[0], entry[1]))
    return specs


def _check_names(namespace: Mapping[Any, object]) -> None:
    bad = [repr(k) for k in namespace if not isinstance(k, str)]
    if bad:
        raise DiagramError(f"names must be strings, got {', '.join(bad)}")


def build_graph(
    namespace: Namespace | None = None,
    *,
    frames: Sequence[FrameSpec] | None = None,
    inline_atoms: bool = True,
    max_objects: int = 40,
    max_slots: int = 12,
) -> ObjectGraph:
    """Walk the objects reachable from ``namespace`` (or from ``frames``) breadth first.

    Give either one ``namespace`` (a mapping of names to objects), or
    ``frames``, a list of ``(title, namespace)`` pairs drawn as stacked boxes,
    outermost first: ``frames=[("global", {...}), ("append_tag", {...})]``.
    A frame may be empty (a call that has bound no name yet).

    Every object gets one node, however many references reach it. Objects
    bound directly to a name always get a box of their own (so that two names
    sharing one int are visible); inside containers, ints, strs and other
    atoms are written inline unless ``inline_atoms`` is false.

    The graph records what it saw at call time: later mutations of the
    objects do not change it.
    """
    specs = _frame_specs(namespace, frames)
    if max_objects < 1 or max_slots < 1:
        raise DiagramError("max_objects and max_slots must be at least 1")

    nodes: list[Node] = []
    index_of: dict[int, int] = {}
    queue: list[int] = []
    truncated = 0

    def visit(obj: object, depth: int) -> int | None:
        nonlocal truncated
        known = index_of.get(id(obj))
        if known is not None:
            return known
        if len(nodes) >= max_objects:
            truncated += 1
            return None
        nodes.append(Node(obj=obj, header=type(obj).__name__, mutable=_is_mutable(obj),
                          depth=depth))
        index_of[id(obj)] = len(nodes) - 1
        queue.append(len(nodes) - 1)
        return len(nodes) - 1

    name_frames = [NameFrame(title, [(name, visit(obj, 1)) for name, obj in ns.items()])
                   for title, ns in specs]

    while queue:
        index = queue.pop(0)
        node = nodes[index]
        obj = node.obj
        if _is_atom(obj):
            node.slots.append(Slot("", _safe_repr(obj)))
            continue
        try:
            described = _children(obj)
        except Exception:  # a property or __getattr__ that raises: draw the object opaque
            described = None
        if described is None:
            node.opaque = True
            node.header = f"{type(obj).__name__} (not followed)"
            continue
        node.header = described.header
        node.slots.extend(Slot(label, _short(text)) for label, text in described.info)
        rows = described.rows
        for label, child in rows[:max_slots]:
            if inline_atoms and _is_atom(child):
                node.slots.append(Slot(label, _safe_repr(child)))
                continue
            target = visit(child, node.depth + 1)
            node.slots.append(Slot(label, "…" if target is None else "", target))
        if len(rows) > max_slots:
            node.slots.append(Slot("", f"… {len(rows) - max_slots} more"))
        if not node.slots and described.empty:
            node.slots.append(Slot("", described.empty))
    return ObjectGraph(frames=name_frames, nodes=nodes, truncated=truncated)


@dataclass
class _Box:
    x: float
    y: float  # top edge
    width: float
    height: float


@dataclass
class _Layout:
    frame_w: float
    frame_boxes: list[_Box]
    boxes: dict[int, _Box]
    width: float
    height: float


def _node_width(node: Node, label: str) -> float:
    header = f"{node.header} {label}"
    chars = len(header)
    for slot in node.slots:
        chars = max(chars, len(slot.label) + max(len(slot.text), 2) + 3)
    return max(chars * CHAR_W + 0.2, 0.9)


def _node_height(node: Node) -> float:
    return HEADER_H + max(len(node.slots), 1) * ROW_H


def _frame_height(frame: NameFrame) -> float:
    return HEADER_H + max(len(frame.names), 1) * ROW_H


def _layout(graph: ObjectGraph, labels: Sequence[str], frame_title: str) -> _Layout:
    """Place the frames (stacked, left) and the object columns (by depth, right)."""
    longest_name = max([len(name) for name, _ in graph.names] + [6])
    longest_title = max(len(frame.title or frame_title) for frame in graph.frames)
    frame_w = max(longest_name * CHAR_W + 0.45, longest_title * CHAR_W + 0.25)
    frame_boxes: list[_Box] = []
    y = 0.0
    for frame in graph.frames:
        h = _frame_height(frame)
        frame_boxes.append(_Box(MARGIN, y, frame_w, h))
        y += h + FRAME_GAP
    height = y - FRAME_GAP
    columns: dict[int, list[int]] = {}
    for i, node in enumerate(graph.nodes):
        columns.setdefault(node.depth, []).append(i)
    boxes: dict[int, _Box] = {}
    x = MARGIN + frame_w + COL_GAP
    for depth in sorted(columns):
        col = columns[depth]
        col_w = max(_node_width(graph.nodes[i], labels[i]) for i in col)
        y = 0.0
        for i in col:
            h = _node_height(graph.nodes[i])
            boxes[i] = _Box(x, y, _node_width(graph.nodes[i], labels[i]), h)
            y += h + BOX_GAP
        height = max(height, y - BOX_GAP)
        x += col_w + COL_GAP
    width = x - COL_GAP + MARGIN
    if graph.truncated:
        height += TRUNCATION_ROOM
    return _Layout(frame_w, frame_boxes, boxes, width, height)


def panel_size(graph: ObjectGraph, labels: Sequence[str],
               frame_title: str = "names") -> tuple[float, float]:
    """Width and height (inches) of the content of one panel, without title and legend."""
    layout = _layout(graph, labels, frame_title)
    return layout.width, layout.height


def draw_panel(ax: Any, graph: ObjectGraph, labels: Sequence[str], *, x: float, top: float,
               title: str | None = None, frame_title: str = "names",
               active_frame: int | None = None) -> None:
    """Draw one graph on ``ax`` (an inch canvas), its content's top-left corner at (x, top).

    ``labels`` holds one label per node (from ``ObjectLabels.add``). The title
    goes above ``top``. ``active_frame`` (an index into ``graph.frames``) is
    drawn with a tinted header, like the running frame in Python Tutor.
    """
    if len(labels) != len(graph.nodes):
        raise DiagramError("draw_panel needs one label per node")
    layout = _layout(graph, labels, frame_title)
    boxes = layout.boxes
    # Patches, dots and rules are added without updating data limits (the canvas is
    # fixed in inches), and the dots and rules go in one artist each: much faster.
    dots: list[tuple[float, float]] = []
    rules: list[tuple[tuple[float, float], tuple[float, float]]] = []
    rule_colors: list[str] = []

    def Y(y: float) -> float:  # layout y grows downwards; the axes' y grows upwards
        return top - y

    def arrow(x0: float, y0: float, target: int) -> None:
        box = boxes[target]
        x1, y1 = x + box.x, Y(box.y + HEADER_H / 2)
        forward = x1 > x0 + 0.1
        if forward:
            style = "arc3,rad=0.0"
        else:  # same or earlier column: curve round the right-hand side into the header
            x1 += box.width
            style = f"arc3,rad={0.5 if y1 > y0 else -0.5}"
        ax.add_artist(FancyArrowPatch((x0, y0), (x1, y1),
                                      arrowstyle="-|>", mutation_scale=10, lw=1.1,
                                      color=ARROW_COLOR, connectionstyle=style,
                                      shrinkA=0, shrinkB=1, zorder=4))
        dots.append((x0, y0))

    if title:
        ax.text(x + MARGIN, top + 0.38, title, fontsize=10.5, fontweight="bold",
                family=FONT, va="center", ha="left")

    for number, (frame, fbox) in enumerate(zip(graph.frames, layout.frame_boxes, strict=True)):
        fx, fy = x + fbox.x, fbox.y
        ax.add_artist(Rectangle((fx, Y(fy + fbox.height)), fbox.width, fbox.height,
                                fc="white", ec=FRAME_EDGE, lw=1))
        if number == active_frame:
            ax.add_artist(Rectangle((fx, Y(fy + HEADER_H)), fbox.width, HEADER_H,
                                    fc=ACTIVE_FRAME_FILL, ec=FRAME_EDGE, lw=1))
        ax.text(fx + 0.08, Y(fy + HEADER_H / 2), frame.title or frame_title, fontsize=8.5,
                family=FONT, va="center", color=FRAME_EDGE, style="italic")
        for row, (name, target) in enumerate(frame.names):
            yy = Y(fy + HEADER_H + (row + 0.5) * ROW_H)
            ax.text(fx + fbox.width - 0.25, yy, name, fontsize=9, family=FONT, va="center",
                    ha="right")
            if target is None:
                ax.text(fx + fbox.width - 0.1, yy, "…", fontsize=9, family=FONT,
                        va="center", ha="right")
            else:
                arrow(fx + fbox.width - 0.12, yy, target)

    for i, node in enumerate(graph.nodes):
        box = boxes[i]
        bx = x + box.x
        if node.opaque:
            fc, ec, ls = OPAQUE_FILL, "#718096", ":"
        elif node.mutable:
            fc, ec, ls = MUTABLE_FILL, MUTABLE_EDGE, "-"
        else:
            fc, ec, ls = IMMUTABLE_FILL, IMMUTABLE_EDGE, "--"
        ax.add_artist(FancyBboxPatch((bx, Y(box.y + box.height)), box.width, box.height,
                                     boxstyle="round,pad=0,rounding_size=0.05",
                                     fc=fc, ec=ec, ls=ls, lw=1.4, zorder=2))
        ax.text(bx + 0.08, Y(box.y + HEADER_H / 2), node.header, fontsize=8.5, family=FONT,
                va="center", ha="left", fontweight="bold", zorder=3)
        ax.text(bx + box.width - 0.08, Y(box.y + HEADER_H / 2), labels[i], fontsize=8,
                family=FONT, va="center", ha="right", color="#718096", zorder=3)
        for row, slot in enumerate(node.slots):
            yy = Y(box.y + HEADER_H + (row + 0.5) * ROW_H)
            rule_y = Y(box.y + HEADER_H + row * ROW_H)
            rules.append(((bx, rule_y), (bx + box.width, rule_y)))
            rule_colors.append(ec)
            if slot.label:
                ax.text(bx + 0.08, yy, slot.label, fontsize=8, family=FONT, va="center",
                        ha="left", color="#4a5568", zorder=3)
            if slot.target is not None:
                arrow(bx + box.width - 0.12, yy, slot.target)
            else:
                ax.text(bx + box.width - 0.1, yy, slot.text, fontsize=9, family=FONT,
                        va="center", ha="right", zorder=3)
    if rules:
        ax.add_artist(LineCollection(rules, colors=rule_colors, linewidths=0.5, zorder=3))
    if dots:
        ax.add_artist(Line2D([d[0] for d in dots], [d[1] for d in dots], ls="none",
                             marker="o", ms=3.5, color=ARROW_COLOR, zorder=5))
    if graph.truncated:
        ax.text(x + MARGIN, Y(layout.height - TRUNCATION_ROOM / 2),
                f"truncated: {graph.truncated} more reference(s) not followed "
                f"(max_objects={len(graph.nodes)})",
                fontsize=8.5, family=FONT, color="#c53030", va="center")


def draw_legend(ax: Any, x: float, y: float) -> None:
    """The key to the box styles, one line at (x, y)."""
    items = [(MUTABLE_FILL, MUTABLE_EDGE, "-", "mutable"),
             (IMMUTABLE_FILL, IMMUTABLE_EDGE, "--", "immutable")]
    for fc, ec, ls, text in items:
        ax.add_artist(Rectangle((x, y - 0.09), 0.3, 0.18, fc=fc, ec=ec, ls=ls, lw=1.2))
        ax.text(x + 0.38, y, text, fontsize=8, family=FONT, va="center")
        x += 0.38 + len(text) * CHAR_W + 0.3


PanelContent: TypeAlias = "Namespace | Sequence[FrameSpec] | ObjectGraph"


def _as_graph(content: object, inline_atoms: bool, max_objects: int) -> ObjectGraph:
    if isinstance(content, ObjectGraph):
        return content
    if isinstance(content, Mapping):
        return build_graph(content, inline_atoms=inline_atoms, max_objects=max_objects)
    if isinstance(content, list | tuple):
        return build_graph(frames=content, inline_atoms=inline_atoms, max_objects=max_objects)
    raise DiagramError("a panel shows a namespace (a dict of names), a list of (frame title, "
                       f"namespace) pairs, or an ObjectGraph; got {type(content).__name__}")


def draw_reference_panels(
    panels: Sequence[tuple[str, PanelContent]],
    *,
    inline_atoms: bool = True,
    max_objects: int = 40,
    frame_title: str = "names",
    labels: ObjectLabels | None = None,
) -> Figure:
    """Draw several reference diagrams side by side, e.g. before and after a change.

    ``panels`` is a sequence of ``(title, content)`` pairs. A content is a
    namespace (``{"a": a}``), a list of frames (``[("global", {...}),
    ("f", {...})]``, drawn as stacked boxes) or an ``ObjectGraph`` built
    earlier with ``build_graph``: a graph built before a mutation shows the
    state before it, with the objects' real identities.

    An object keeps its label in every panel: labels are given by identity, in
    the order objects are first reached, panel after panel. Pass ``labels`` to
    share them with other figures.
    """
    if isinstance(panels, Mapping | str) or not isinstance(panels, Sequence) or any(
        not (isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str)) for p in panels
    ):
        raise DiagramError("panels must be a sequence of (title, namespace) pairs")
    if not panels:
        raise DiagramError("no panels to draw")
    graphs = [_as_graph(content, inline_atoms, max_objects) for _, content in panels]
    book = labels if labels is not None else ObjectLabels()
    panel_labels = [book.add(graph) for graph in graphs]
    sizes = [panel_size(g, lab, frame_title) for g, lab in zip(graphs, panel_labels, strict=True)]
    widths = [w for w, _ in sizes]
    height = max(h for _, h in sizes) + TITLE_ROOM + LEGEND_ROOM
    width = max(sum(widths), 3.2)
    fig, ax = inch_canvas(width, height,
                          DiagramError("diagram too large to draw; lower max_objects"))
    x = 0.0
    for (title, _), graph, lab, w in zip(panels, graphs, panel_labels, widths, strict=True):
        draw_panel(ax, graph, lab, x=x, top=height - TITLE_ROOM, title=title or None,
                   frame_title=frame_title)
        x += w
    draw_legend(ax, MARGIN, 0.22)
    return fig


def draw_references(
    namespace: Namespace | ObjectGraph | None = None,
    *,
    frames: Sequence[FrameSpec] | None = None,
    title: str | None = None,
    inline_atoms: bool = True,
    max_objects: int = 40,
    frame_title: str = "names",
) -> Figure:
    """Draw one reference diagram of the objects reachable from ``namespace`` (or ``frames``).

    >>> a = [1, 2]
    >>> fig = draw_references({"a": a, "b": a}, title="two names, one list")
    >>> fig = draw_references(frames=[("global", {"a": a}), ("append", {"items": a})])
    """
    if namespace is not None and frames is not None:
        raise DiagramError("give either a namespace or frames=[...], not both")
    content: object = frames if frames is not None else namespace
    if content is None:
        raise DiagramError("nothing to draw: give a namespace such as {'a': a}, "
                           "or frames=[('global', {...}), ...]")
    if frames is not None:
        _frame_specs(None, frames)  # a clear error for a malformed list
    elif not isinstance(namespace, Mapping | ObjectGraph):
        _frame_specs(namespace, None)  # raises the "expected a mapping" error
    return draw_reference_panels([(title or "", content)],  # type: ignore[list-item]
                                 inline_atoms=inline_atoms, max_objects=max_objects,
                                 frame_title=frame_title)


def figure_png_bytes(fig: Figure) -> bytes:
    """Render ``fig`` to PNG bytes, with no timestamp or version metadata."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
