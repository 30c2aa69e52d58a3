"""Tables: the same rows as aligned text and as escaped HTML."""

from __future__ import annotations

import pytest

from helpers.texttable import Table, TableError


def test_text_form_is_aligned() -> None:
    table = Table(["n", "square"], [[2, 4], [10, 100]])
    assert repr(table) == "n  | square\n---+-------\n2  | 4\n10 | 100"
    assert len(table) == 2
    assert table.column("square") == ["4", "100"]
    assert list(table) == [["2", "4"], ["10", "100"]]


def test_long_cells_wrap_in_text_but_not_in_html() -> None:
    words = " ".join(["word"] * 30)
    table = Table(["text"], [[words]], wrap=20, title="T")
    lines = repr(table).splitlines()
    assert lines[0] == "T"
    assert all(len(line) <= 20 for line in lines[3:])
    assert " ".join(line.strip() for line in lines[3:]) == words
    assert words in table._repr_html_()


def test_html_escapes_and_marks_code_columns() -> None:
    html = Table(["raw", "note"], [["<script>", "a & b"]], code=["raw"], title="x<y")._repr_html_()
    assert "<code>&lt;script&gt;</code>" in html
    assert "a &amp; b" in html and "<code>a &amp; b" not in html
    assert "<caption>x&lt;y</caption>" in html
    assert "<script>" not in html


@pytest.mark.parametrize("headers,rows,kwargs,message", [
    ([], [], {}, "non-empty"),
    ("ab", [], {}, "non-empty"),
    (["a", "b"], [[1]], {}, "row 1 has 1 cells for 2 headers"),
    (["a"], ["x"], {}, "row 1"),
    (["a"], [], {"code": ["b"]}, "not among the headers"),
    (["a"], [], {"wrap": 3}, "at least 8"),
])
def test_bad_tables_are_refused(headers: list[str], rows: list[list[object]],
                                kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(TableError, match=message):
        Table(headers, rows, **kwargs)  # type: ignore[arg-type]


def test_unknown_column_is_named() -> None:
    with pytest.raises(TableError, match="no column 'z'"):
        Table(["a"], [[1]]).column("z")
