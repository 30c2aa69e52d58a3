"""Behaviour that changed between Python versions, stated once and checked on the running one.

A lesson that meets such a change (a reworded error message, a renamed HTTP
phrase, a new warning) prints what every version does, from one table, and then
asserts that the running interpreter does what its row says. The stored output is
then the same on every Python, and the check is still real: if the running
version behaves differently from its row, the assert fails.

>>> SYNTAX_WARNING = {(3, 11): '"is" with a literal', (3, 12): "\\"is\\" with 'int' literal"}
>>> for_version(SYNTAX_WARNING, (3, 13))
'"is" with \\'int\\' literal'
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TypeVar

__all__ = ["SUPPORTED", "for_version", "running_version", "version_rows"]

#: The CPython versions the course is run and checked on.
SUPPORTED: tuple[tuple[int, int], ...] = ((3, 11), (3, 12), (3, 13))

T = TypeVar("T")


def running_version() -> tuple[int, int]:
    """The running interpreter's (major, minor)."""
    return (sys.version_info.major, sys.version_info.minor)


def for_version(table: Mapping[tuple[int, int], T],
                version: tuple[int, int] | None = None) -> T:
    """The entry of ``table`` in force for ``version`` (default: the running one).

    Each key is the first version with that behaviour; it stays in force until the
    next key. ``{(3, 11): a, (3, 13): b}`` means ``a`` on 3.11 and 3.12, ``b`` from 3.13.
    """
    if not table:
        raise ValueError("for_version needs at least one (major, minor) entry")
    for key in table:
        if not (isinstance(key, tuple) and len(key) == 2
                and all(isinstance(part, int) for part in key)):
            raise TypeError(f"keys must be (major, minor) tuples of ints, got {key!r}")
    wanted = running_version() if version is None else version
    earlier = [key for key in table if key <= wanted]
    if not earlier:
        first = min(table)
        raise LookupError(f"no entry for Python {wanted[0]}.{wanted[1]}: the table starts "
                          f"at {first[0]}.{first[1]}")
    return table[max(earlier)]


def version_rows(table: Mapping[tuple[int, int], T]) -> list[tuple[str, T]]:
    """The table as printable rows, oldest first: ``("3.11-3.12", a), ("3.13+", b)``.

    A row runs up to the minor version before the next row's, even past the
    supported ones (``{(3, 11): a, (3, 15): b}`` reads ``3.11-3.14``, ``3.15+``), so
    the rows read the same on every interpreter that prints them.
    """
    keys = sorted(table)
    rows: list[tuple[str, T]] = []
    for i, key in enumerate(keys):
        label = f"{key[0]}.{key[1]}"
        if i + 1 == len(keys):
            label += "+"  # in force from here on
        else:
            following = keys[i + 1]
            last = (following[0], following[1] - 1) if following[1] > 0 else None
            if last is None or last[0] != key[0]:
                raise ValueError(f"cannot label the versions from {key} up to {following}")
            if last > key:
                label += f"-{last[0]}.{last[1]}"
        rows.append((label, table[key]))
    return rows
