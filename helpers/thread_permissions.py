"""Make file permission bits apply to the running code, even when it runs as root.

Root ignores the read and write permission bits: it reads a file with mode ``000`` as
if it were open to all. A lesson that shows how code handles a ``PermissionError`` from
the operating system would then show nothing when the notebook runs as root (in many
containers it does). :func:`permission_bits_apply` is the in-process sibling of
:func:`helpers.permissions.run_as_ordinary_user`: inside its ``with`` block the
calling thread runs without root's two override capabilities (``CAP_DAC_OVERRIDE``,
``CAP_DAC_READ_SEARCH``), so the kernel checks permission bits for it as for anyone
else and refuses for real (``EACCES``). For a process that does not hold them (an
ordinary account) nothing changes, so the outcome is the same on a laptop, on Binder
and in a root container.

Linux keeps capabilities per thread (``capset`` with pid 0 acts on the calling
thread). So:

- only the thread that enters the block loses the overrides, and threads it starts
  inside the block inherit the reduced set for their whole life;
- the block must be left on the thread that entered it. Leaving it on another thread
  raises :class:`ThreadPermissionError` and touches neither thread's capabilities
  (the entering thread keeps the reduced set).

On leaving, exactly the overrides that were dropped are added back to the thread's
*current* effective set, if its permitted set still holds them: a capability the
block dropped for its own reasons (say ``CAP_NET_RAW``) stays dropped. The overrides
are given back however the block is left, also when an exception (even
``KeyboardInterrupt``) arrives once the block has started, or anywhere in the
give-back, including its very first instruction: the retry that finishes the give-back
lives in the block's own ``finally``, around the call, and the interrupt is raised once
the overrides are back. Three windows remain, because Python has no way to hold off
Ctrl-C: a second interrupt during that retry can cut it short; an interrupt that lands
in ``contextlib``'s ``__enter__`` after the overrides were dropped, before the block
starts, escapes without the block's ``finally`` running; and so does one that lands as
the ``with`` statement enters ``contextlib``'s exit, before that ``finally`` resumes.
In the last two cases the overrides come back only when the context-manager object is
freed (an IPython or Jupyter kernel keeps the last traceback in ``sys.last_traceback``,
and with it that object, until the next error), and not at all if it is freed on
another thread.

If giving them back fails, :class:`ThreadPermissionError` is raised (the thread is in
the wrong state and the caller must know), and an exception the block itself raised is
attached to it as ``__cause__``, so it stays visible in the traceback.
"""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["ThreadPermissionError", "permission_bits_apply"]

_VERSION_3 = 0x20080522  # _LINUX_CAPABILITY_VERSION_3: two 32-bit words per set
_OVERRIDES = (1 << 1) | (1 << 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH


class ThreadPermissionError(RuntimeError):
    """Raised when the override cannot be switched off or back on, or on the wrong thread."""


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if not (hasattr(libc, "capget") and hasattr(libc, "capset")):
        return None
    return libc


def _call(libc: ctypes.CDLL, name: str, header: _Header, data: ctypes.Array[_Data]) -> None:
    header.version, header.pid = _VERSION_3, 0  # pid 0: the calling thread
    if getattr(libc, name)(ctypes.byref(header), data) != 0:
        code = ctypes.get_errno()
        raise ThreadPermissionError(f"{name} failed: {os.strerror(code)} (errno {code})")


def _leave(libc: ctypes.CDLL | None, owner: int, give_back: int,
           cause: BaseException | None) -> None:
    """One attempt: give the bits give_back to this thread's current effective set.

    cause is the exception the block raised, or None. Safe to repeat: a second attempt
    adds only what is still missing. The caller retries it if an interrupt cuts it short.
    """
    here = threading.get_native_id()
    if here != owner:
        raise ThreadPermissionError(
            f"permission_bits_apply() was entered on thread {owner} and left on thread {here}: "
            "capabilities belong to a thread, so the block must be left where it was entered "
            f"(thread {owner} keeps the reduced set)") from cause
    if not give_back or libc is None:
        return
    try:
        header, data = _Header(), (_Data * 2)()
        _call(libc, "capget", header, data)  # the set as the block left it
        missing = give_back & data[0].permitted & ~data[0].effective
        if missing:
            data[0].effective |= missing
            _call(libc, "capset", header, data)
    except ThreadPermissionError as error:
        raise ThreadPermissionError(
            f"cannot give this thread its permission override back ({error})"
        ) from (cause if cause is not None else error)


@contextmanager
def permission_bits_apply() -> Iterator[None]:
    """Inside the block, file permission bits apply to this thread, even for root.

    >>> with permission_bits_apply():
    ...     pass
    """
    owner = threading.get_native_id()
    libc = _libc()
    if libc is None:
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            raise ThreadPermissionError("root here, and no capset(): cannot make "
                                        "permission bits apply")
        held = 0  # no capabilities on this system, and not root: the bits already apply
    else:
        header, data = _Header(), (_Data * 2)()
        _call(libc, "capget", header, data)
        held = data[0].effective & _OVERRIDES  # 0 for an ordinary account
    dropped = 0
    cause: BaseException | None = None
    try:
        if held and libc is not None:
            dropped = held  # set before capset: any way out from here on gives them back
            data[0].effective &= ~_OVERRIDES
            _call(libc, "capset", header, data)
        yield
    except BaseException as exc:
        cause = exc
        raise
    finally:
        # Python delivers a pending Ctrl-C at a function's first instruction, so the
        # retry must wrap the call of _leave, not sit inside it.
        late: BaseException | None = None
        attempts = 0
        while attempts < 2:  # a second attempt if something interrupted the first
            attempts += 1
            try:
                _leave(libc, owner, dropped, cause)
                break
            except ThreadPermissionError:
                raise
            except BaseException as interrupt:  # finish the give-back, then let it through
                late = interrupt
        if late is not None:
            raise late
