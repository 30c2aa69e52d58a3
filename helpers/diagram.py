"""Reference diagrams drawn from live objects, in the style of Python Tutor.

Names stand in a frame on the left, objects stand on the right, and arrows
show which object each name (or slot of a container) refers to.

* Objects get small labels (``#1``, ``#2`` …) in the order they are first
  reached, never raw ids, so the picture is the same on every run.
* Mutable objects are drawn with a solid border on a warm fill, immutable ones
  with a dashed border on a cool fill.
* Containers (list, tuple, dict, set, frozenset, ``MappingProxyType``),
  instance attributes (``__dict__`` and ``__slots__``), function defaults and
  closure cells are followed.
* An object reached twice is drawn once, with one arrow per reference, so
  sharing (aliasing) is visible at a glance. Cycles are therefore fine.
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
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from helpers.canvas import inch_canvas

__all__ = [
    "DiagramError",
    "ObjectGraph",
    "build_graph",
    "draw_references",
    "draw_reference_panels",
    "figure_png_bytes",
]

#: Types shown inline inside a container (when ``inline_atoms`` is true).
ATOM_TYPES: tuple[type, ...] = (int, float, complex, bool, str, bytes, type(None))

MUTABLE_FILL = "#fff1c9"
MUTABLE_EDGE = "#b7791f"
IMMUTABLE_FILL = "#e3ecf7"
IMMUTABLE_EDGE = "#2c5282"
OPAQUE_FILL = "#eeeeee"
ARROW_COLOR = "#2d3748"
FONT = "DejaVu Sans Mono"  # ships with matplotlib: identical glyphs everywhere

# Layout unit: inches. Text is 9 pt monospace, about 0.075 in per character.
CHAR_W = 0.075
ROW_H = 0.27
HEADER_H = 0.27
COL_GAP = 0.85
BOX_GAP = 0.22
MARGIN = 0.25
MAX_TEXT = 28


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
class ObjectGraph:
    """Names, the objects they reach, and how they reach them.

    ``names`` maps each name to the index of its node in ``nodes``.
    ``truncated`` counts references that were not followed because the
    drawing reached ``max_objects``.
    """

    names: list[tuple[str, int]]
    nodes: list[Node]
    truncated: int = 0

    def label(self, obj: object) -> str:
        """The diagram label (``#n``) of ``obj``, which must be in the graph."""
        for index, node in enumerate(self.nodes):
            if node.obj is obj:
                return f"#{index + 1}"
        raise DiagramError(f"{type(obj).__name__} object is not in this diagram")

    def arrows_into(self, obj: object) -> int:
        """How many arrows (from names and slots) point at ``obj``."""
        index = next((i for i, n in enumerate(self.nodes) if n.obj is obj), None)
        if index is None:
            raise DiagramError(f"{type(obj).__name__} object is not in this diagram")
        from_names = sum(1 for _, target in self.names if target == index)
        from_slots = sum(1 for n in self.nodes for s in n.slots if s.target == index)
        return from_names + from_slots


def _short(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _safe_repr(obj: object) -> str:
    try:
        return _short(repr(obj))
    except Exception as exc:  # a broken __repr__ must not break the drawing
        return f"<repr failed: {type(exc).__name__}>"


def _is_mutable(obj: object) -> bool:
    if isinstance(obj, ATOM_TYPES + (tuple, frozenset, range, types.MappingProxyType)):
        return False
    params = getattr(type(obj), "__dataclass_params__", None)
    if is_dataclass(obj) and params is not None and params.frozen:
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


def _children(obj: object) -> tuple[str, list[tuple[str, object]]] | None:
    """The header and the (label, child) rows of a followable object.

    Returns None for objects drawn as opaque boxes.
    """
    kind = type(obj).__name__
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # namedtuple
        return kind, [(f".{name}", value) for name, value in zip(obj._fields, obj, strict=False)]
    if isinstance(obj, list | tuple):
        return kind, [(str(i), item) for i, item in enumerate(obj)]
    if isinstance(obj, dict | types.MappingProxyType):
        return kind, [(_safe_repr(k), v) for k, v in obj.items()]
    if isinstance(obj, set | frozenset):
        # Set order depends on hashing (and str hashes are salted per process):
        # sort by repr so the drawing is the same on every run.
        return kind, [("", item) for item in sorted(obj, key=_safe_repr)]
    if isinstance(obj, types.CellType):
        try:
            return "cell", [("cell_contents", obj.cell_contents)]
        except ValueError:
            return "cell", []  # an empty cell: the variable is not bound yet
    if isinstance(obj, types.FunctionType):
        rows: list[tuple[str, object]] = []
        for i, default in enumerate(obj.__defaults__ or ()):
            rows.append((f"__defaults__[{i}]", default))
        for name, default in (obj.__kwdefaults__ or {}).items():
            rows.append((f"__kwdefaults__[{name!r}]", default))
        for name, cell in zip(obj.__code__.co_freevars, obj.__closure__ or (), strict=False):
            rows.append((f"closure: {name}", cell))
        return f"function {obj.__name__}", rows
    attrs = _instance_attributes(obj)
    if attrs is not None:
        return kind, [(f".{name}", value) for name, value in attrs]
    return None


def build_graph(
    namespace: Mapping[str, object],
    *,
    inline_atoms: bool = True,
    max_objects: int = 40,
    max_slots: int = 12,
) -> ObjectGraph:
    """Walk the objects reachable from ``namespace`` breadth first.

    Every object gets one node, however many references reach it. Objects
    bound directly to a name always get a box of their own (so that two names
    sharing one int are visible); inside containers, ints, strs and other
    atoms are written inline unless ``inline_atoms`` is false.
    """
    if not isinstance(namespace, Mapping):
        raise DiagramError(
            f"expected a mapping of names to objects, such as {{'a': a}}, "
            f"got {type(namespace).__name__}"
        )
    bad = [repr(k) for k in namespace if not isinstance(k, str)]
    if bad:
        raise DiagramError(f"names must be strings, got {', '.join(bad)}")
    if not namespace:
        raise DiagramError("nothing to draw: the namespace is empty")
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

    names: list[tuple[str, int]] = []
    for name, obj in namespace.items():
        target = visit(obj, 1)
        if target is not None:
            names.append((name, target))

    while queue:
        index = queue.pop(0)
        node = nodes[index]
        obj = node.obj
        if isinstance(obj, ATOM_TYPES):
            node.slots.append(Slot("", _safe_repr(obj)))
            continue
        described = _children(obj)
        if described is None:
            node.opaque = True
            node.header = f"{type(obj).__name__} (not followed)"
            continue
        node.header, rows = described
        for label, child in rows[:max_slots]:
            if inline_atoms and isinstance(child, ATOM_TYPES):
                node.slots.append(Slot(label, _safe_repr(child)))
                continue
            target = visit(child, node.depth + 1)
            node.slots.append(Slot(label, "…" if target is None else "", target))
        if len(rows) > max_slots:
            node.slots.append(Slot("", f"… {len(rows) - max_slots} more"))
        if not rows:
            node.slots.append(Slot("", "(empty)"))
    return ObjectGraph(names=names, nodes=nodes, truncated=truncated)


@dataclass
class _Box:
    x: float
    y: float  # top edge
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


def _layout(graph: ObjectGraph) -> tuple[dict[int, _Box], float, float, float]:
    """Place the name frame and object columns. Returns boxes, frame width, width, height."""
    frame_w = max([len(name) for name, _ in graph.names] + [6]) * CHAR_W + 0.45
    columns: dict[int, list[int]] = {}
    for i, node in enumerate(graph.nodes):
        columns.setdefault(node.depth, []).append(i)
    boxes: dict[int, _Box] = {}
    x = MARGIN + frame_w + COL_GAP
    height = HEADER_H + len(graph.names) * ROW_H
    for depth in sorted(columns):
        col = columns[depth]
        col_w = max(_node_width(graph.nodes[i], f"#{i + 1}") for i in col)
        y = 0.0
        for i in col:
            h = _node_height(graph.nodes[i])
            boxes[i] = _Box(x, y, _node_width(graph.nodes[i], f"#{i + 1}"), h)
            y += h + BOX_GAP
        height = max(height, y - BOX_GAP)
        x += col_w + COL_GAP
    return boxes, frame_w, x - COL_GAP + MARGIN, height


def _draw_graph(ax: Any, graph: ObjectGraph, title: str | None, origin_x: float, top: float,
                frame_title: str) -> None:
    boxes, frame_w, _, _ = _layout(graph)

    def Y(y: float) -> float:  # layout y grows downwards; the axes' y grows upwards
        return top - y

    def arrow(x0: float, y0: float, target: int) -> None:
        box = boxes[target]
        x1, y1 = origin_x + box.x, Y(box.y + HEADER_H / 2)
        forward = x1 > x0 + 0.1
        if forward:
            style = "arc3,rad=0.0"
        else:  # same or earlier column: curve round the right-hand side into the header
            x1 += box.width
            style = f"arc3,rad={0.5 if y1 > y0 else -0.5}"
        ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1),
                                     arrowstyle="-|>", mutation_scale=10, lw=1.1,
                                     color=ARROW_COLOR, connectionstyle=style,
                                     shrinkA=0, shrinkB=1, zorder=4))
        ax.plot([x0], [y0], marker="o", ms=3.5, color=ARROW_COLOR, zorder=5)

    if title:
        ax.text(origin_x + MARGIN, top + 0.38, title, fontsize=10.5, fontweight="bold",
                family=FONT, va="center", ha="left")

    # The frame of names.
    fx = origin_x + MARGIN
    frame_h = HEADER_H + max(len(graph.names), 1) * ROW_H
    ax.add_patch(Rectangle((fx, Y(frame_h)), frame_w, frame_h, fc="white", ec="#4a5568", lw=1))
    ax.text(fx + 0.08, Y(HEADER_H / 2), frame_title, fontsize=8.5, family=FONT,
            va="center", color="#4a5568", style="italic")
    for row, (name, target) in enumerate(graph.names):
        yy = Y(HEADER_H + (row + 0.5) * ROW_H)
        ax.text(fx + frame_w - 0.25, yy, name, fontsize=9, family=FONT, va="center", ha="right")
        arrow(fx + frame_w - 0.12, yy, target)

    for i, node in enumerate(graph.nodes):
        box = boxes[i]
        bx = origin_x + box.x
        if node.opaque:
            fc, ec, ls = OPAQUE_FILL, "#718096", ":"
        elif node.mutable:
            fc, ec, ls = MUTABLE_FILL, MUTABLE_EDGE, "-"
        else:
            fc, ec, ls = IMMUTABLE_FILL, IMMUTABLE_EDGE, "--"
        ax.add_patch(FancyBboxPatch((bx, Y(box.y + box.height)), box.width, box.height,
                                    boxstyle="round,pad=0,rounding_size=0.05",
                                    fc=fc, ec=ec, ls=ls, lw=1.4, zorder=2))
        ax.text(bx + 0.08, Y(box.y + HEADER_H / 2), node.header, fontsize=8.5, family=FONT,
                va="center", ha="left", fontweight="bold", zorder=3)
        ax.text(bx + box.width - 0.08, Y(box.y + HEADER_H / 2), f"#{i + 1}", fontsize=8,
                family=FONT, va="center", ha="right", color="#718096", zorder=3)
        for row, slot in enumerate(node.slots):
            yy = Y(box.y + HEADER_H + (row + 0.5) * ROW_H)
            ax.plot([bx, bx + box.width], [Y(box.y + HEADER_H + row * ROW_H)] * 2,
                    color=ec, lw=0.5, zorder=3)
            if slot.label:
                ax.text(bx + 0.08, yy, slot.label, fontsize=8, family=FONT, va="center",
                        ha="left", color="#4a5568", zorder=3)
            if slot.target is not None:
                arrow(bx + box.width - 0.12, yy, slot.target)
            else:
                ax.text(bx + box.width - 0.1, yy, slot.text, fontsize=9, family=FONT,
                        va="center", ha="right", zorder=3)
    if graph.truncated:
        ax.text(origin_x + MARGIN, Y(max(b.y + b.height for b in boxes.values()) + 0.3),
                f"truncated: {graph.truncated} more reference(s) not followed "
                f"(max_objects={len(graph.nodes)})",
                fontsize=8.5, family=FONT, color="#c53030", va="center")


def _legend(ax: Any, x: float, y: float) -> None:
    items = [(MUTABLE_FILL, MUTABLE_EDGE, "-", "mutable"),
             (IMMUTABLE_FILL, IMMUTABLE_EDGE, "--", "immutable")]
    for fc, ec, ls, text in items:
        ax.add_patch(Rectangle((x, y - 0.09), 0.3, 0.18, fc=fc, ec=ec, ls=ls, lw=1.2))
        ax.text(x + 0.38, y, text, fontsize=8, family=FONT, va="center")
        x += 0.38 + len(text) * CHAR_W + 0.3


def draw_reference_panels(
    panels: Sequence[tuple[str, Mapping[str, object]]],
    *,
    inline_atoms: bool = True,
    max_objects: int = 40,
    frame_title: str = "names",
) -> Figure:
    """Draw several reference diagrams side by side, e.g. before and after a change.

    ``panels`` is a sequence of ``(title, namespace)`` pairs. Each panel is
    walked separately, so labels restart at ``#1`` in each panel.
    """
    if not panels:
        raise DiagramError("no panels to draw")
    if isinstance(panels, Mapping) or any(
        not (isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str)) for p in panels
    ):
        raise DiagramError("panels must be a sequence of (title, namespace) pairs")
    graphs = [build_graph(ns, inline_atoms=inline_atoms, max_objects=max_objects)
              for _, ns in panels]
    sizes = [_layout(g) for g in graphs]
    widths = [s[2] for s in sizes]
    content_h = max(s[3] for s in sizes) + (0.3 if any(g.truncated for g in graphs) else 0)
    height = content_h + 1.15  # room for titles and the legend
    width = max(sum(widths), 3.2)
    fig, ax = inch_canvas(width, height,
                          DiagramError("diagram too large to draw; lower max_objects"))
    top = height - 0.7
    x = 0.0
    for (title, _), graph, w in zip(panels, graphs, widths, strict=True):
        _draw_graph(ax, graph, title or None, x, top, frame_title)
        x += w
    _legend(ax, MARGIN, 0.22)
    return fig


def draw_references(
    namespace: Mapping[str, object],
    *,
    title: str | None = None,
    inline_atoms: bool = True,
    max_objects: int = 40,
    frame_title: str = "names",
) -> Figure:
    """Draw one reference diagram of the objects reachable from ``namespace``.

    >>> a = [1, 2]
    >>> fig = draw_references({"a": a, "b": a}, title="two names, one list")
    """
    return draw_reference_panels([(title or "", namespace)], inline_atoms=inline_atoms,
                                 max_objects=max_objects, frame_title=frame_title)


def figure_png_bytes(fig: Figure) -> bytes:
    """Render ``fig`` to PNG bytes, with no timestamp or version metadata."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
