"""for_version picks the row in force; version_rows prints the same on every Python."""

from __future__ import annotations

import sys

import pytest

from helpers.versions import SUPPORTED, for_version, running_version, version_rows

TABLE = {(3, 11): "old", (3, 13): "new"}


def test_a_row_stays_in_force_until_the_next_one() -> None:
    assert for_version(TABLE, (3, 11)) == "old"
    assert for_version(TABLE, (3, 12)) == "old"
    assert for_version(TABLE, (3, 13)) == "new"
    assert for_version(TABLE, (3, 14)) == "new"
    assert for_version({(3, 12): "x", (3, 11): "y"}, (3, 12)) == "x"  # key order is irrelevant


def test_the_running_version_is_the_default() -> None:
    assert running_version() == sys.version_info[:2]
    assert for_version({(3, 0): "any", running_version(): "this"}) == "this"


def test_bad_tables_get_clear_errors() -> None:
    with pytest.raises(ValueError, match="at least one"):
        for_version({})
    with pytest.raises(LookupError, match="starts at 3.12"):
        for_version({(3, 12): "x"}, (3, 11))
    with pytest.raises(TypeError, match="major, minor"):
        for_version({"3.11": "x"})  # type: ignore[dict-item]


def test_rows_are_labelled_by_supported_range() -> None:
    assert version_rows(TABLE) == [("3.11-3.12", "old"), ("3.13+", "new")]
    assert version_rows({(3, 11): "a", (3, 12): "b"}) == [("3.11", "a"), ("3.12+", "b")]
    assert version_rows({(3, 11): "only"}) == [("3.11+", "only")]
    assert SUPPORTED[0] == (3, 11) and list(SUPPORTED) == sorted(SUPPORTED)


def test_a_row_runs_to_the_version_before_the_next_even_past_the_supported_ones() -> None:
    assert version_rows({(3, 11): "a", (3, 15): "b"}) == [("3.11-3.14", "a"), ("3.15+", "b")]
    assert version_rows({(3, 11): "a", (3, 12): "b"}) == [("3.11", "a"), ("3.12+", "b")]
