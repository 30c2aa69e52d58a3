"""Step through a small program line by line and watch its references change.

``step_through(source)`` runs a program in a fresh namespace under
``sys.settrace``, records one step per executed line (and one per call,
return, yield and exception), and shows the recording as a player in
JupyterLab plus a PNG filmstrip for static readers (GitHub, the website)::

    trace = step_through('''
    a = [1, 2]
    b = a
    b.append(3)
    ''')
    assert trace.after(2).value("b") is trace.after(2).value("a")

``record_steps(source)`` records without displaying anything. Each ``Step``
holds the line, the stack of the program's own frames with their local
names, the object graph built at that moment with ``helpers.diagram`` (a true
snapshot: later mutations do not change it), the output printed so far and
the value returned or the exception raised. One ``ObjectLabels`` serves the
whole recording, so an object keeps its label ``#n`` in every step.

What is traced: only the program's own code (compiled with the file name
``<step>``), in one thread. Functions of the standard library, C code and
other threads run at full speed as single steps. Comprehensions are one step
each on every Python version (3.12 inlines them into the enclosing frame;
3.11 runs them in frames of their own, which are not shown).

Limits: ``max_steps`` (an endless loop stops with "stopped after N steps"),
``max_seconds`` (wall time), ``max_objects`` (a truncated, labelled drawing)
and ``max_frames`` (deep recursion: the outermost and innermost frames are
kept). The recording keeps every object it drew alive, so ids are not reused
while it exists; ``__del__`` and weakref callbacks of those objects therefore
run only when the recording is dropped.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import dis
import functools
import io
import sys
import textwrap
import threading
import time
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from helpers.diagram import ATOM_TYPES, ObjectGraph, ObjectLabels, build_graph

__all__ = [
    "FrameState",
    "Recording",
    "Step",
    "StepperError",
    "load_ipython_extension",
    "record_steps",
    "step_through",
]

#: The file name the program is compiled with: only code from it is traced.
FILENAME = "<step>"

StepEvent: TypeAlias = Literal[
    "line", "call", "resume", "return", "yield", "exception", "unwind", "end"]

# Python 3.11 runs list, set and dict comprehensions in frames of their own;
# 3.12 inlines them (PEP 709). They are not stepped into, so that a program
# gives the same steps on every version.
_COMPREHENSIONS = frozenset({"<listcomp>", "<setcomp>", "<dictcomp>"})
_RETURN_OPS = frozenset({"RETURN_VALUE", "RETURN_CONST"})
_DELEGATION_OPS = frozenset({"SEND", "END_SEND", "CLEANUP_THROW", "FOR_ITER", "END_FOR"})
_CO_OPTIMIZED = 0x0001
_CO_GENERATOR = 0x0020
_CO_COROUTINE = 0x0080
_CO_ITERABLE_COROUTINE = 0x0100
_CO_ASYNC_GENERATOR = 0x0200
_MAX_OUTPUT = 20_000  # characters of output kept; the rest is counted, not stored
_CAPTION_TEXT = 32  # characters of a value in a caption
_MESSAGE_TEXT = 60  # characters of an exception's message
_JOIN_GRACE = 1.0  # seconds past max_seconds before a stuck program is abandoned


class StepperError(ValueError):
    """Raised for arguments the stepper cannot accept (not for a broken program)."""


class _Stop(BaseException):
    """Raised into the program to end it at a limit.

    A BaseException, so ``except Exception`` in the program does not catch it.
    """


def _text_of(value: object, *, use_str: bool = False, limit: int = _CAPTION_TEXT) -> str:
    """A short repr (or str) of ``value`` on one line, that never raises."""
    try:
        text = str(value) if use_str else repr(value)
    except Exception as exc:  # a broken __repr__ must not break the recording
        return f"<{'str' if use_str else 'repr'} failed: {type(exc).__name__}>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _exception_text(exc: BaseException) -> str:
    message = _text_of(exc, use_str=True, limit=_MESSAGE_TEXT)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


class _Transcript(io.StringIO):
    """What the program printed, kept up to ``_MAX_OUTPUT`` characters.

    While ``muted`` (the stepper is reading the program's objects, and a
    ``__repr__`` might print), writes are dropped.
    """

    def __init__(self) -> None:
        super().__init__()
        self.dropped = 0
        self.muted = False

    def write(self, text: str) -> int:
        if self.muted:
            return len(text)
        room = _MAX_OUTPUT - self.tell()
        if room > 0:
            super().write(text[:room])
        self.dropped += max(len(text) - max(room, 0), 0)
        return len(text)


@dataclass(frozen=True, eq=False)
class FrameState:
    """One frame of the program's stack at one step.

    ``locals`` maps the frame's names (bound so far) to their objects, in
    binding order. For the module frame (``name == "global"``) these are the
    program's globals without dunder names such as ``__name__``. The pictures
    leave out more: modules, imported functions and classes, and (unless
    ``show_definitions``) functions and classes with nothing to point at.

    ``cells`` holds the cells of the frame's cell variables (locals that an
    inner function captures), once a function made here holds one: the
    pictures then draw the name pointing at its cell, shared with the closure.
    """

    name: str
    kind: Literal["module", "function", "generator", "coroutine", "async generator",
                  "class body"]
    line: int
    locals: Mapping[str, object]
    cells: Mapping[str, types.CellType] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The frame's heading in the pictures."""
        if self.kind in ("function", "module"):
            return self.name
        if self.kind == "class body":
            return f"class {self.name} body"
        return f"{self.name} ({self.kind})"


@dataclass(frozen=True, eq=False)
class Step:
    """The program's state at one moment.

    * ``event``: ``"line"`` (``line`` is about to run), ``"call"`` (a function
      has bound its parameters), ``"resume"`` (a generator or coroutine
      continues), ``"return"``, ``"yield"``, ``"exception"`` (raised at, or
      propagated to, ``line``), ``"unwind"`` (a frame exits because an
      exception passes through it) and ``"end"`` (the program finished).
    * ``ran_line``: the line this step is about. For ``"line"`` steps, the line
      of the same frame that just ran (``None`` at a frame's first line); for
      calls, the caller's line; otherwise ``line`` itself.
    * ``frames``: the program's frames, outermost (``global``) first;
      ``hidden_frames`` counts frames left out of a deep stack.
    * ``graph``: the reference graph of this moment; ``labels``: one label
      per node of it, the same for an object in every step.
    * ``returned``: the value returned or yielded (``"return"`` and
      ``"yield"`` steps); ``exception``: the exception of this step.
    """

    number: int
    event: StepEvent
    line: int
    ran_line: int | None
    caption: str
    frames: tuple[FrameState, ...]
    hidden_frames: int
    graph: ObjectGraph
    labels: tuple[str, ...]
    returned: object
    exception: BaseException | None
    output_end: int
    transcript: _Transcript = field(repr=False)

    @property
    def output(self) -> str:
        """Everything the program printed before this step."""
        return self.transcript.getvalue()[: self.output_end]

    @property
    def function(self) -> str:
        """The name of the innermost frame (``"global"`` at module level)."""
        return self.frames[-1].name

    def frame(self, name: str) -> FrameState:
        """The innermost frame called ``name`` (``"global"`` for the module)."""
        for frame in reversed(self.frames):
            if frame.name == name:
                return frame
        raise StepperError(f"step {self.number} has no frame {name!r}; frames: "
                           f"{', '.join(f.name for f in self.frames)}")

    def value(self, name: str) -> object:
        """The object ``name`` refers to, looked up from the innermost frame outwards."""
        for frame in reversed(self.frames):
            if name in frame.locals:
                return frame.locals[name]
        raise StepperError(f"no frame binds {name!r} at step {self.number}")


@dataclass(eq=False)
class Recording:
    """The steps of one run of a program, and how the run ended.

    ``exception`` is the exception that ended the program (its step is the
    last one); ``stopped`` says why recording stopped early (a limit), and
    ``syntax_error`` is the message for a program that did not compile (there
    are no steps then).
    """

    source: str
    steps: list[Step]
    labels: ObjectLabels
    output: str = ""
    exception: BaseException | None = None
    stopped: str | None = None
    syntax_error: str | None = None

    @property
    def lines(self) -> list[str]:
        """The program's source lines (line ``n`` is ``lines[n - 1]``)."""
        return self.source.splitlines()

    def step(self, number: int) -> Step:
        """Step ``number`` (counted from 1, as the player shows it)."""
        if not 1 <= number <= len(self.steps):
            raise StepperError(f"there are steps 1 to {len(self.steps)}, not {number}")
        return self.steps[number - 1]

    def after(self, line: int, occurrence: int = 1) -> Step:
        """The state right after line ``line`` ran for the ``occurrence``-th time.

        That is the next ``"line"`` step of the same frame (a call on that line
        has returned and its result is bound), or the ``"return"``, ``"yield"``
        or ``"end"`` step when the line was the last one of its frame.
        """
        seen = 0
        for step in self.steps:
            if step.event in ("line", "return", "yield", "end") and step.ran_line == line:
                seen += 1
                if seen == occurrence:
                    return step
        raise StepperError(f"line {line} finished {seen} time(s) in this recording, "
                           f"not {occurrence}")

    def label(self, obj: object) -> str:
        """The label ``#n`` that ``obj`` has in every picture of this recording."""
        return self.labels.of(obj)

    def changes(self) -> list[Step]:
        """The steps whose picture differs from the step before: the filmstrip's frames.

        The first step (nothing bound yet) is left out; a last step that ends
        the program with an exception or at a limit is always kept.
        """
        chosen: list[Step] = []
        previous: object = _signature(self.steps[0]) if self.steps else None
        for step in self.steps[1:]:
            signature = _signature(step)
            if signature != previous:
                chosen.append(step)
            previous = signature
        if self.steps and (self.exception is not None or self.stopped) and (
                not chosen or chosen[-1] is not self.steps[-1]):
            chosen.append(self.steps[-1])
        if not chosen and self.steps:
            chosen.append(self.steps[-1])
        return chosen

    @property
    def ending(self) -> str:
        """One sentence on how the run ended."""
        if self.syntax_error is not None:
            return "the program did not compile"
        if self.stopped is not None:
            return self.stopped
        if self.exception is not None:
            return f"the program stopped with {_exception_text(self.exception)}"
        return "the program finished"

    def __repr__(self) -> str:
        return f"<Recording of {len(self.steps)} steps: {self.ending}>"


def _signature(step: Step) -> object:
    """What a step's picture shows, by labels: equal signatures draw the same picture."""
    labels = step.labels

    def label(target: int | None) -> str | None:
        return None if target is None else labels[target]

    frames = tuple((frame.title, tuple((name, label(t)) for name, t in frame.names))
                   for frame in step.graph.frames)
    nodes = tuple((labels[i], node.header,
                   tuple((s.label, s.text, label(s.target)) for s in node.slots))
                  for i, node in enumerate(step.graph.nodes))
    return frames, nodes, step.graph.truncated


# --- reading the program --------------------------------------------------------------


def _normalise(source: str) -> str:
    """Dedent and drop blank lines at both ends: line 1 is the first line of code."""
    lines = textwrap.dedent(source).splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(line.rstrip() for line in lines) + ("\n" if lines else "")


def _syntax_message(exc: SyntaxError | ValueError) -> str:
    """A short message with the line and a caret, and no traceback."""
    if not isinstance(exc, SyntaxError):
        return f"{type(exc).__name__}: {exc}"
    where = f" on line {exc.lineno}" if exc.lineno else ""
    message = f"{type(exc).__name__}{where}: {exc.msg}"
    if exc.text and exc.offset:
        text = exc.text.rstrip("\n").expandtabs(4)
        stripped = text.lstrip()
        start = max(exc.offset - 1 - (len(text) - len(stripped)), 0)
        end_offset = getattr(exc, "end_offset", None) or exc.offset
        width = max(1, min(end_offset - exc.offset, len(stripped) - start))
        if exc.end_lineno not in (None, exc.lineno):
            width = 1
        message += f"\n    {stripped}\n    {' ' * start}{'^' * width}"
    return message


def _scope_key(node: ast.AST) -> tuple[str, int]:
    """(name, first line) as a code object reports them: decorators count."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        return node.name, first
    if isinstance(node, ast.Lambda):
        return "<lambda>", node.lineno
    return "<module>", 1


def _comprehension_only_names(tree: ast.Module) -> dict[tuple[str, int], frozenset[str]]:
    """Per scope, the names bound only as targets of list, set and dict comprehensions.

    Python 3.12 inlines those comprehensions, so their variables show up for a
    moment among the enclosing function's locals; 3.11 keeps them in a frame
    of their own. Hiding them gives the same pictures on every version.
    """
    result: dict[tuple[str, int], frozenset[str]] = {}
    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)

    def analyse(scope: ast.AST) -> None:
        targets: set[str] = set()
        bound: set[str] = set()

        def walk(node: ast.AST) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, scopes):
                    if not isinstance(child, ast.Lambda):
                        bound.add(child.name)
                    analyse(child)
                elif isinstance(child, ast.GeneratorExp):
                    continue  # a scope of its own on every version
                elif isinstance(child, ast.comprehension):
                    targets.update(n.id for n in ast.walk(child.target)
                                   if isinstance(n, ast.Name))
                    walk(child.iter)
                    for condition in child.ifs:
                        walk(condition)
                else:
                    if isinstance(child, ast.Name) and not isinstance(child.ctx, ast.Load):
                        bound.add(child.id)
                    elif isinstance(child, ast.arg):
                        bound.add(child.arg)
                    elif isinstance(child, ast.alias):
                        bound.add((child.asname or child.name).split(".")[0])
                    elif isinstance(child, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) \
                            and child.name:
                        bound.add(child.name)
                    elif isinstance(child, ast.MatchMapping) and child.rest:
                        bound.add(child.rest)
                    walk(child)

        walk(scope)
        hidden = targets - bound
        if hidden:
            result[_scope_key(scope)] = frozenset(hidden)

    analyse(tree)
    return result


def _protected_lines(tree: ast.Module) -> frozenset[int]:
    """Lines inside a ``try`` or ``with`` body, where a raised exception might be swallowed."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try | ast.TryStar | ast.With | ast.AsyncWith):
            first = node.body[0].lineno
            last = max(getattr(n, "end_lineno", None) or n.lineno for n in node.body)
            lines.update(range(first, last + 1))
    return frozenset(lines)


def _instruction(frame: types.FrameType) -> tuple[str, int]:
    """The name and argument of the instruction the frame stands at."""
    code, index = frame.f_code.co_code, frame.f_lasti
    if index < 0 or index + 1 >= len(code):
        return "", 0
    return dis.opname[code[index]], code[index + 1]


def _is_resumption(frame: types.FrameType) -> bool:
    """True when a 'call' event continues a suspended generator or coroutine."""
    name, argument = _instruction(frame)
    return name == "RESUME" and argument & 3 != 0


def _return_kind(frame: types.FrameType) -> Literal["return", "yield", "unwind"]:
    """Why a frame is left: a return, a yield (or await), or an exception passing through.

    Read from the instruction at ``f_lasti``: RETURN_VALUE or RETURN_CONST for
    a return, YIELD_VALUE (3.11, 3.12) or the RESUME after it (3.13) for a
    yield; anything else means that an exception unwinds the frame.
    """
    name, argument = _instruction(frame)
    if name in _RETURN_OPS:
        return "return"
    if name == "YIELD_VALUE" or (name == "RESUME" and argument & 3 != 0):
        return "yield"
    return "unwind"


def _internal_stop(frame: types.FrameType, exception: BaseException) -> bool:
    """True for the StopIteration that ends a ``yield from`` or an ``await``.

    Python 3.12 and 3.13 report it as an exception event at SEND or END_SEND;
    3.11 does not. It is machinery, not the program's exception: not a step.
    """
    if not isinstance(exception, StopIteration | StopAsyncIteration):
        return False
    return _instruction(frame)[0] in _DELEGATION_OPS


def _frame_kind(code: types.CodeType) -> Literal[
        "function", "generator", "coroutine", "async generator", "class body"]:
    flags = code.co_flags
    if flags & _CO_ASYNC_GENERATOR:
        return "async generator"
    if flags & (_CO_COROUTINE | _CO_ITERABLE_COROUTINE):
        return "coroutine"
    if flags & _CO_GENERATOR:
        return "generator"
    if not flags & _CO_OPTIMIZED:
        return "class body"
    return "function"


# --- recording ------------------------------------------------------------------------


@dataclass
class _RawStep:
    event: StepEvent
    line: int
    ran_line: int | None
    frames: tuple[FrameState, ...]
    hidden_frames: int
    graph: ObjectGraph
    returned: object
    exception: BaseException | None
    output_end: int


@dataclass
class _Limits:
    max_steps: int
    max_objects: int
    max_frames: int
    max_seconds: float


class _Recorder:
    """The trace function and what it has seen so far."""

    def __init__(self, code: types.CodeType, tree: ast.Module, limits: _Limits,
                 transcript: _Transcript, show_definitions: bool) -> None:
        self.code = code
        self.limits = limits
        self.transcript = transcript
        self.show_definitions = show_definitions
        self.hidden_names = _comprehension_only_names(tree)
        self.protected = _protected_lines(tree)
        self.steps: list[_RawStep] = []
        self.last_line: dict[int, int | None] = {}  # id(frame) -> its last line, while running
        self.last_exception: BaseException | None = None
        self.stop_reason: str | None = None
        self.stop_now = False  # set by the waiting thread when the program overran its time
        self.extra_events = 0
        self.deadline = time.perf_counter() + limits.max_seconds

    # The trace functions -----------------------------------------------------------

    def trace_calls(self, frame: types.FrameType, event: str, arg: Any) -> Any:
        """The global trace function: trace only the program's own frames."""
        code = frame.f_code
        if code.co_filename != FILENAME or code.co_name in _COMPREHENSIONS:
            return None
        self.trace_frame(frame, event, arg)
        return self.trace_frame

    def trace_frame(self, frame: types.FrameType, event: str, arg: Any) -> Any:
        """The local trace function of a program frame."""
        if self.stop_reason is not None:
            self._stop_when_safe(frame, event)
            return self.trace_frame
        try:
            self._handle(frame, event, arg)
        except (_Stop, RecursionError):  # a RecursionError is the program's own
            raise
        except Exception as exc:  # a bug in the stepper: end the run, say so
            self.stop_reason = (f"recording stopped at step {len(self.steps) + 1}: the stepper "
                                f"could not read the program's state ({_exception_text(exc)})")
            raise _Stop from None
        return self.trace_frame

    def _stop_when_safe(self, frame: types.FrameType, event: str) -> None:
        """End the program where no ``try`` or ``with`` of it can swallow the stop.

        Raising inside a ``try`` body could be caught by a bare ``except:``, and
        the program would then run on untraced. A program that stays inside such
        a body is stopped anyway after a while.
        """
        self.extra_events += 1
        if self.stop_now or self.extra_events > 10 * self.limits.max_steps:
            raise _Stop
        if event in ("line", "call") and not any(
                f.f_lineno in self.protected for f in self._program_frames(frame)):
            raise _Stop

    def _handle(self, frame: types.FrameType, event: str, arg: Any) -> None:
        if time.perf_counter() > self.deadline:
            self._stop(f"stopped after {self.limits.max_seconds:g} s "
                       f"(max_seconds={self.limits.max_seconds:g})", frame, event)
            return
        key = id(frame)
        if event == "call":
            if frame.f_code is self.code:  # the program starts: its first line is step 1
                self.last_line[key] = None
                return
            resumed = _is_resumption(frame)
            self.last_line[key] = frame.f_lineno if resumed else None
            caller = next(iter(self._program_frames(frame.f_back)), None)
            self._record(frame, event, "resume" if resumed else "call", frame.f_lineno,
                         caller.f_lineno if caller is not None else None)
        elif event == "line":
            last = self.last_line.get(key)
            if last == frame.f_lineno:
                return  # the same line again (a one-line loop, an inlined comprehension)
            self.last_line[key] = frame.f_lineno
            self._record(frame, event, "line", frame.f_lineno, last)
        elif event == "return":
            kind = _return_kind(frame)
            ran = self.last_line.pop(key, None) or frame.f_lineno
            if frame.f_code is self.code:
                if kind == "return":
                    self._record(frame, event, "end", frame.f_lineno, ran)
                return  # an uncaught exception: its last step ends the recording
            self._record(frame, event, kind, frame.f_lineno, frame.f_lineno,
                         returned=arg if kind != "unwind" else None,
                         exception=self.last_exception if kind == "unwind" else None)
        elif event == "exception":
            if _internal_stop(frame, arg[1]):
                return
            self.last_exception = arg[1]
            self._record(frame, event, "exception", frame.f_lineno, frame.f_lineno,
                         exception=arg[1])

    def _stop(self, reason: str, frame: types.FrameType, event: str) -> None:
        self.stop_reason = reason
        self._stop_when_safe(frame, event)

    def _record(self, frame: types.FrameType, trace_event: str, event: StepEvent, line: int,
                ran_line: int | None, *, returned: object = None,
                exception: BaseException | None = None) -> None:
        limits = self.limits
        if len(self.steps) >= limits.max_steps:
            self._stop(f"stopped after {limits.max_steps} steps (max_steps={limits.max_steps}):"
                       " an endless loop, or a program too long to step through",
                       frame, trace_event)
            return
        frames, hidden = self._frame_states(frame)
        specs: list[tuple[str, dict[str, object]]] = [
            (state.title, self._drawn_names(state)) for state in frames]
        if hidden:
            specs.insert(1, (f"… {hidden} frame{'s' if hidden > 1 else ''} not shown", {}))
        if (event == "return" and frames[-1].kind != "class body") or (
                event == "yield" and frames[-1].kind != "coroutine"):
            specs[-1][1]["(return)" if event == "return" else "(yield)"] = returned
        self.transcript.muted = True  # a __repr__ that prints is not the program's output
        try:
            graph = build_graph(frames=specs, max_objects=limits.max_objects)
        finally:
            self.transcript.muted = False
        self.steps.append(_RawStep(event, line, ran_line, tuple(frames), hidden, graph,
                                   returned, exception, self.transcript.tell()))

    # Reading frames ----------------------------------------------------------------

    def _program_frames(self, frame: types.FrameType | None) -> list[types.FrameType]:
        """The program's own frames from ``frame`` outwards (innermost first)."""
        frames = []
        while frame is not None:
            code = frame.f_code
            if code.co_filename == FILENAME and code.co_name not in _COMPREHENSIONS:
                frames.append(frame)
            frame = frame.f_back
        return frames

    def _frame_states(self, frame: types.FrameType) -> tuple[list[FrameState], int]:
        stack = self._program_frames(frame)[::-1]  # outermost first
        hidden = 0
        if len(stack) > self.limits.max_frames:
            hidden = len(stack) - self.limits.max_frames
            stack = stack[:1] + stack[1 + hidden:]
        return [self._frame_state(f) for f in stack], hidden

    def _frame_state(self, frame: types.FrameType) -> FrameState:
        code = frame.f_code
        if code is self.code:
            # f_globals, not f_locals: during a comprehension that 3.12+ inlines at
            # module level, 3.13's f_locals shows the comprehension's variables only.
            program_names = {name: value for name, value in frame.f_globals.items()
                             if not (name.startswith("__") and name.endswith("__"))}
            return FrameState("global", "module", frame.f_lineno, program_names)
        kind = _frame_kind(code)
        hidden = self.hidden_names.get((code.co_name, code.co_firstlineno), frozenset())
        hidden |= frozenset(code.co_freevars)  # a closure's variables live in its cells
        names: dict[str, object] = {}
        for name, value in dict(frame.f_locals).items():
            if not isinstance(name, str) or not name.isidentifier() or name in hidden:
                continue
            if kind == "class body" and name.startswith("__") and name.endswith("__"):
                continue
            names[name] = value
        return FrameState(code.co_name, kind, frame.f_lineno, names,
                          _cells_of(code, names) if code.co_cellvars else {})

    def _drawn_names(self, state: FrameState) -> dict[str, object]:
        """The names a frame's box shows: for the global frame, the program's own."""
        if state.kind != "module":
            return {name: state.cells.get(name, value) for name, value in state.locals.items()}
        names: dict[str, object] = {}
        for name, value in state.locals.items():
            kind = type(value)  # not isinstance: that may call a hostile __getattribute__
            if issubclass(kind, types.ModuleType | types.BuiltinFunctionType):
                continue
            if issubclass(kind, types.FunctionType | type) and isinstance(
                    value, types.FunctionType | type):  # safe now: decided by type(value)
                if not self._defined_here(value):
                    continue
                if not self.show_definitions and _plain_definition(name, value):
                    continue
            names[name] = value
        return names

    @staticmethod
    def _defined_here(definition: types.FunctionType | type) -> bool:
        if isinstance(definition, types.FunctionType):
            return definition.__code__.co_filename == FILENAME
        return getattr(definition, "__module__", None) == "__main__"  # the program's __name__


def _cells_of(code: types.CodeType, names: Mapping[str, object]) -> dict[str, types.CellType]:
    """The cells of ``code``'s cell variables, found in closures it made.

    Python offers no way to read a frame's cells, but a function created in
    the frame (its code is one of the frame's constants) and bound to one of
    its names holds them in ``__closure__``.
    """
    cells: dict[str, types.CellType] = {}
    for value in names.values():
        if type(value) is not types.FunctionType or value.__closure__ is None:
            continue
        if not any(value.__code__ is const for const in code.co_consts):
            continue
        for free_name, cell in zip(value.__code__.co_freevars, value.__closure__, strict=False):
            if free_name in code.co_cellvars and free_name in names:
                try:
                    contents = cell.cell_contents
                except ValueError:  # an empty cell: not this frame's bound variable
                    continue
                if contents is names[free_name]:
                    cells.setdefault(free_name, cell)
    return cells


def _plain_definition(name: str, value: types.FunctionType | type) -> bool:
    """A function or class bound by its own ``def`` or ``class`` with nothing to point at.

    Functions with defaults or closure cells, and classes with data attributes,
    are not plain: what they hold is often the lesson (a shared default list).
    """
    if value.__name__ != name:
        return False
    if isinstance(value, types.FunctionType):
        return not (value.__defaults__ or value.__kwdefaults__ or value.__closure__)
    return all((key.startswith("__") and key.endswith("__")) or callable(attr)
               or isinstance(attr, staticmethod | classmethod | property)
               for key, attr in vars(value).items())


def _refuse_input(prompt: object = "") -> str:
    raise EOFError("input() has no keyboard while a program is stepped through: "
                   "write the value into the program")


def _program_builtins(transcript: _Transcript) -> dict[str, object]:
    """Builtins whose print writes to the transcript and whose input() never waits."""
    names = dict(vars(builtins))
    names["print"] = functools.partial(builtins.print, file=transcript)
    names["input"] = _refuse_input
    return names


def _finish(source: str, raw_steps: list[_RawStep], transcript: _Transcript,
            outcome: BaseException | None, stop_reason: str | None) -> Recording:
    """Turn raw steps into numbered, captioned, labelled steps."""
    if outcome is not None and stop_reason is None:
        # Keep the steps up to where the uncaught exception was raised; drop the
        # unwinding of the frames after it.
        first = len(raw_steps)
        while first > 0 and raw_steps[first - 1].exception is outcome:
            first -= 1
        if first < len(raw_steps):
            del raw_steps[first + 1:]
    labels = ObjectLabels()
    steps: list[Step] = []
    seen_exceptions: set[int] = set()
    for number, raw in enumerate(raw_steps, start=1):
        final_error = outcome is not None and stop_reason is None and number == len(raw_steps)
        step_labels = tuple(labels.add(raw.graph))
        caption = _caption(raw, _value_text(raw, labels), seen_exceptions, final_error, outcome)
        if raw.exception is not None:
            seen_exceptions.add(id(raw.exception))
        steps.append(Step(number, raw.event, raw.line, raw.ran_line, caption, raw.frames,
                          raw.hidden_frames, raw.graph, step_labels,
                          raw.returned, raw.exception, raw.output_end, transcript))
    output = transcript.getvalue()
    if transcript.dropped:
        output += f"\n… {transcript.dropped} more characters of output not kept"
    return Recording(source, steps, labels, output, None if stop_reason else outcome,
                     stop_reason)


def _value_text(raw: _RawStep, labels: ObjectLabels) -> str:
    """How a caption names the value returned or yielded: a short repr for ints, strs
    and other atoms, otherwise the object's box and label (``list #1``), which also
    tells whether it is an object seen before."""
    value = raw.returned
    if issubclass(type(value), ATOM_TYPES) or value not in labels:
        return _text_of(value)
    header = next((node.header for node in raw.graph.nodes if node.obj is value),
                  type(value).__name__)
    return f"{header} {labels.of(value)}"


def _caption(raw: _RawStep, value: str, seen_exceptions: set[int], final_error: bool,
             outcome: BaseException | None) -> str:
    frame = raw.frames[-1]
    name = frame.name
    if final_error and outcome is not None:
        return f"stopped by {_exception_text(outcome)}"
    if raw.event == "line":
        if raw.ran_line is None:
            return "the program starts" if frame.kind == "module" else f"before line {raw.line}"
        return f"after line {raw.ran_line}"
    if raw.event == "call":
        if frame.kind == "function":
            return f"call {name}"
        return f"class {name} body runs" if frame.kind == "class body" else f"{name} starts"
    if raw.event == "resume":
        return f"{name} resumes"
    if raw.event == "return":
        if frame.kind == "class body":
            return f"class {name} body ends"
        return f"{name} returns {value}"
    if raw.event == "yield":
        if frame.kind == "coroutine":
            return f"{name} is suspended (await)"
        return f"{name} yields {value}"
    if raw.event == "exception" and raw.exception is not None:
        if id(raw.exception) in seen_exceptions:
            return f"{type(raw.exception).__name__} reaches {name}"
        return f"line {raw.line} raises {_exception_text(raw.exception)}"
    if raw.event == "unwind":
        what = type(raw.exception).__name__ if raw.exception is not None else "an exception"
        return f"{name} exits: {what} passes through"
    return "the program finished"


def record_steps(
    source: str,
    *,
    max_steps: int = 500,
    max_objects: int = 30,
    max_frames: int = 6,
    max_seconds: float = 5.0,
    show_definitions: bool = False,
) -> Recording:
    """Run ``source`` in a fresh namespace and record it step by step; display nothing.

    The program runs in a thread of its own (so ``asyncio.run`` works inside
    Jupyter's running event loop), with its ``print`` captured and ``input()``
    refused. A syntax error gives a recording with no steps and a
    ``syntax_error`` message.

    The global frame leaves out functions and classes that hold nothing worth
    an arrow (no defaults, no closure cells, no data attributes); pass
    ``show_definitions=True`` to draw them all, as Python Tutor does.
    """
    if not isinstance(source, str):
        raise StepperError(f"expected the program as a str, got {type(source).__name__}")
    for name, value in (("max_steps", max_steps), ("max_objects", max_objects),
                        ("max_frames", max_frames)):
        if not isinstance(value, int) or value < 1:
            raise StepperError(f"{name} must be a positive int, got {value!r}")
    if max_frames < 2:
        raise StepperError("max_frames must be at least 2 (the global frame and one call)")
    if not max_seconds > 0:
        raise StepperError(f"max_seconds must be positive, got {max_seconds!r}")
    source = _normalise(source)
    try:
        tree = ast.parse(source, FILENAME)
        code = compile(tree, FILENAME, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        return Recording(source, [], ObjectLabels(), syntax_error=_syntax_message(exc))

    transcript = _Transcript()
    limits = _Limits(max_steps, max_objects, max_frames, max_seconds)
    recorder = _Recorder(code, tree, limits, transcript, show_definitions)
    namespace: dict[str, object] = {"__name__": "__main__",
                                    "__builtins__": _program_builtins(transcript)}
    outcome: list[BaseException] = []

    def run() -> None:
        sys.settrace(recorder.trace_calls)
        try:
            exec(code, namespace)
        except _Stop:
            pass
        except BaseException as exc:  # the program's own error (or SystemExit) ends it
            outcome.append(exc)
        finally:
            sys.settrace(None)

    worker = threading.Thread(target=run, name="stepper", daemon=True)
    with contextlib.redirect_stdout(transcript), contextlib.redirect_stderr(transcript):
        worker.start()
        try:
            worker.join(max_seconds + _JOIN_GRACE)
        finally:
            if worker.is_alive():  # stuck in C code, or interrupted by the user
                recorder.stop_reason = (f"stopped after {max_seconds:g} s: the program did "
                                        "not return (a call into C code that never ends?)")
                recorder.stop_now = True
    raw_steps = list(recorder.steps)
    return _finish(source, raw_steps, transcript, outcome[0] if outcome else None,
                   recorder.stop_reason)


def step_through(
    source: str,
    *,
    max_steps: int = 500,
    max_objects: int = 30,
    max_frames: int = 6,
    max_seconds: float = 5.0,
    show_definitions: bool = False,
    filmstrip: bool = True,
    display: bool = True,
) -> Recording:
    """Record ``source`` step by step, show a player and a filmstrip, return the recording.

    In JupyterLab the player steps through the program: Play, Previous, Next
    and a slider; the source with the current line marked; the frames and
    objects of that step; the output so far. The filmstrip (a PNG of the steps
    where the references change) is what GitHub and the website show. A
    syntax error is shown as a message with its line and a caret.

    Use the returned ``Recording`` for checks, e.g.
    ``trace.after(2).value("b") is trace.after(2).value("a")``.
    """
    recording = record_steps(source, max_steps=max_steps, max_objects=max_objects,
                             max_frames=max_frames, max_seconds=max_seconds,
                             show_definitions=show_definitions)
    if display:
        from helpers.stepper_player import show_recording

        show_recording(recording, filmstrip=filmstrip)
    return recording


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext helpers.stepper`` adds the ``%%step`` cell magic.

    ``%%step`` steps through the cell's code; options: ``--max-steps N``,
    ``--no-filmstrip``.
    """

    def step(line: str, cell: str) -> None:
        words = line.split()
        max_steps = 500
        if "--max-steps" in words:
            position = words.index("--max-steps")
            try:
                max_steps = int(words[position + 1])
            except (IndexError, ValueError):
                print("usage: %%step [--max-steps N] [--no-filmstrip]")
                return
        step_through(cell, max_steps=max_steps, filmstrip="--no-filmstrip" not in words)

    ipython.register_magic_function(step, "cell", "step")
