"""Tests for helpers.thread_permissions: permission bits apply inside the block, even for root."""

from __future__ import annotations

import os
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

import helpers.thread_permissions as tp
from helpers.thread_permissions import ThreadPermissionError, permission_bits_apply
from helpers.workspace import Workspace

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions only")

CAP_NET_RAW = 1 << 13


def _effective() -> int:
    """The calling thread's effective capability set (first word)."""
    libc = tp._libc()
    assert libc is not None
    header, data = tp._Header(), (tp._Data * 2)()
    tp._call(libc, "capget", header, data)
    return int(data[0].effective)


def _holds_overrides() -> bool:
    """Whether this thread holds root's overrides, so the block has something to drop."""
    return tp._libc() is not None and bool(_effective() & tp._OVERRIDES)


needs_root = pytest.mark.skipif(
    not _holds_overrides(),
    reason="needs root's override capabilities (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH): "
           "an ordinary account has nothing to drop or give back")


def _locked(ws: Workspace) -> Path:
    secret = ws.write("secret.txt", "hidden")
    secret.chmod(0)
    return secret


@pytest.fixture
def secret() -> Iterator[Path]:
    with Workspace() as ws:
        path = _locked(ws)
        try:
            yield path
        finally:
            path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def _drop(bits: int) -> None:
    """Remove bits from the calling thread's effective set."""
    libc = tp._libc()
    assert libc is not None
    header, data = tp._Header(), (tp._Data * 2)()
    tp._call(libc, "capget", header, data)
    data[0].effective &= ~bits
    tp._call(libc, "capset", header, data)


def _in_thread(fn: Callable[[], Any]) -> Any:
    """Run fn in a thread of its own (its capabilities die with it); return or raise its result."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            outcome["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(30)
    assert not worker.is_alive()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_an_unreadable_file_is_refused_inside_the_block(secret: Path) -> None:
    with permission_bits_apply(), pytest.raises(PermissionError) as caught:
        secret.read_text(encoding="utf-8")
    assert caught.value.errno == 13  # EACCES: the kernel's own refusal


def test_root_gets_its_override_back_after_the_block_even_after_an_error(secret: Path) -> None:
    with pytest.raises(PermissionError), permission_bits_apply():
        secret.read_text(encoding="utf-8")
    if _holds_overrides():
        assert secret.read_text(encoding="utf-8") == "hidden"
    else:
        with pytest.raises(PermissionError):
            secret.read_text(encoding="utf-8")


@needs_root
def test_only_the_calling_thread_loses_the_override(secret: Path) -> None:
    seen: list[str] = []
    started = threading.Event()
    go_on = threading.Event()

    def other_thread() -> None:
        started.set()
        go_on.wait(10)
        seen.append(secret.read_text(encoding="utf-8"))

    worker = threading.Thread(target=other_thread)
    worker.start()
    started.wait(10)
    with permission_bits_apply():
        go_on.set()
        worker.join(10)
        with pytest.raises(PermissionError):
            secret.read_text(encoding="utf-8")
    assert seen == ["hidden"]  # started before the block: still root's override


@needs_root
def test_a_thread_started_inside_the_block_keeps_the_reduced_set(secret: Path) -> None:
    seen: list[str] = []
    block_left = threading.Event()

    def child() -> None:
        block_left.wait(10)
        try:
            seen.append(secret.read_text(encoding="utf-8"))
        except PermissionError:
            seen.append("refused")
        seen.append("overrides held" if _effective() & tp._OVERRIDES else "no overrides")

    with permission_bits_apply():
        worker = threading.Thread(target=child)
        worker.start()
    block_left.set()
    worker.join(10)
    assert secret.read_text(encoding="utf-8") == "hidden"  # the parent has them back…
    assert seen == ["refused", "no overrides"]  # …the child, started inside, never does


@needs_root
def test_leaving_gives_back_only_the_overrides() -> None:
    def body() -> tuple[int, int]:
        before = _effective()
        assert before & CAP_NET_RAW, "this test needs CAP_NET_RAW to start with"
        with permission_bits_apply():
            _drop(CAP_NET_RAW)  # the block drops a capability for its own reasons
        return before, _effective()

    before, after = _in_thread(body)
    assert after & tp._OVERRIDES == tp._OVERRIDES  # the overrides are back
    assert not after & CAP_NET_RAW  # what the block dropped stays dropped
    assert after == before & ~CAP_NET_RAW


@needs_root
def test_an_exception_just_after_the_drop_still_gives_the_overrides_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real_call = tp._call
    capsets: list[str] = []

    def interrupted_after_capset(libc: Any, name: str, header: Any, data: Any) -> None:
        real_call(libc, name, header, data)
        if name == "capset":
            capsets.append("done")
            if len(capsets) == 1:  # the drop has happened; now an interrupt arrives
                raise KeyboardInterrupt

    monkeypatch.setattr(tp, "_call", interrupted_after_capset)

    def body() -> int:
        with pytest.raises(KeyboardInterrupt), permission_bits_apply():
            raise AssertionError("the block's body must not run")
        return _effective()

    assert _in_thread(body) & tp._OVERRIDES == tp._OVERRIDES
    assert capsets == ["done", "done"]  # dropped, then given back


@needs_root
def test_a_failed_give_back_keeps_the_blocks_own_exception_as_its_cause(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real_call = tp._call
    capsets: list[str] = []

    def give_back_fails(libc: Any, name: str, header: Any, data: Any) -> None:
        if name == "capset":
            capsets.append(name)
            if len(capsets) == 2:
                raise ThreadPermissionError("capset failed: Operation not permitted (errno 1)")
        real_call(libc, name, header, data)

    monkeypatch.setattr(tp, "_call", give_back_fails)

    def body_raises() -> None:
        with permission_bits_apply():
            raise ValueError("the block's own failure")

    with pytest.raises(ThreadPermissionError) as caught:
        _in_thread(body_raises)
    assert isinstance(caught.value.__cause__, ValueError)  # the block's failure stays visible
    assert str(caught.value.__cause__) == "the block's own failure"
    assert "cannot give this thread its permission override back" in str(caught.value)

    capsets.clear()

    def body_succeeds() -> None:
        with permission_bits_apply():
            pass

    with pytest.raises(ThreadPermissionError) as caught:
        _in_thread(body_succeeds)
    assert isinstance(caught.value.__cause__, ThreadPermissionError)  # the capset failure itself


def _enter_on_a_thread_of_its_own() -> tuple[Any, threading.Event, threading.Thread, list[int]]:
    """Enter the block on a new thread that then waits.

    Returns the manager, the event that lets the thread end, the thread, and the list
    where it puts its effective set just before it ends.
    """
    manager = permission_bits_apply()
    entered, release = threading.Event(), threading.Event()
    seen: list[int] = []

    def owner() -> None:
        manager.__enter__()
        entered.set()
        release.wait(10)
        if tp._libc() is not None:
            seen.append(_effective())

    thread = threading.Thread(target=owner)
    thread.start()
    entered.wait(10)
    return manager, release, thread, seen


def test_leaving_on_another_thread_is_refused() -> None:
    manager, release, thread, _ = _enter_on_a_thread_of_its_own()
    try:
        with pytest.raises(ThreadPermissionError, match="left on thread"):
            manager.__exit__(None, None, None)
    finally:
        release.set()
        thread.join(10)


@needs_root
def test_leaving_on_another_thread_touches_neither_thread() -> None:
    manager, release, thread, owner_seen = _enter_on_a_thread_of_its_own()

    def other() -> tuple[int, int]:
        _drop(tp._OVERRIDES | CAP_NET_RAW)  # a set that differs from the owner's saved one
        before = _effective()
        with pytest.raises(ThreadPermissionError):
            manager.__exit__(None, None, None)
        return before, _effective()

    try:
        before, after = _in_thread(other)
    finally:
        release.set()
        thread.join(10)
    assert after == before  # the leaving thread was not touched
    assert owner_seen and not owner_seen[0] & tp._OVERRIDES  # the owner keeps the reduced set


@needs_root
def test_an_interrupt_during_the_give_back_still_gives_the_overrides_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real_call = tp._call
    capgets: list[str] = []

    def interrupted_give_back(libc: Any, name: str, header: Any, data: Any) -> None:
        real_call(libc, name, header, data)
        if name == "capget":
            capgets.append("read")
            if len(capgets) == 2:  # the give-back's first read: Ctrl-C arrives here
                raise KeyboardInterrupt

    monkeypatch.setattr(tp, "_call", interrupted_give_back)

    def body() -> int:
        with pytest.raises(KeyboardInterrupt), permission_bits_apply():
            pass
        return _effective()

    assert _in_thread(body) & tp._OVERRIDES == tp._OVERRIDES  # given back all the same


@needs_root
def test_an_interrupt_at_the_first_instruction_of_leaving_still_gives_the_overrides_back() -> None:
    injected: list[str] = []

    def interrupt_on_entering_leave(frame: FrameType, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code is tp._leave.__code__:
            injected.append(frame.f_code.co_name)
            raise KeyboardInterrupt  # a pending Ctrl-C is delivered at a function's entry
        return None

    def body() -> int:
        previous = sys.gettrace()
        try:
            with pytest.raises(KeyboardInterrupt), permission_bits_apply():
                sys.settrace(interrupt_on_entering_leave)  # raising in it also unsets it
        finally:
            sys.settrace(previous)
        return _effective()

    assert _in_thread(body) & tp._OVERRIDES == tp._OVERRIDES  # given back all the same
    assert injected == ["_leave"]  # the interrupt did hit the entry of _leave
