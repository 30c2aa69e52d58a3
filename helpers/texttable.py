"""Tables that read well everywhere: HTML in Jupyter and on GitHub, aligned text elsewhere.

A lesson often wants to show rows of results, such as requests and the
responses they got, or mypy's findings next to what would happen at run time.
``Table`` holds the rows and displays itself: Jupyter picks the HTML form,
``repr()`` (a terminal, a doctest, nbval's text comparison) gets the same
content as aligned plain text. Cells are shown with ``str()``; long cells wrap
in the text form. Nothing volatile is added, so both forms are the same on
every run.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Iterator, Sequence

__all__ = ["Table", "TableError"]


class TableError(ValueError):
    """Raised for a table whose rows do not match its headers."""


class Table:
    """Rows under headers, displayed as HTML in Jupyter and as aligned text by ``repr``.

    >>> Table(["n", "square"], [[2, 4], [10, 100]])
    n  | square
    ---+-------
    2  | 4
    10 | 100
    """

    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[object]], *,
                 title: str = "", wrap: int = 60, code: Sequence[str] = ()) -> None:
        if isinstance(headers, str) or not headers:
            raise TableError("headers must be a non-empty sequence of column names")
        self.headers = [str(h) for h in headers]
        unknown = [c for c in code if c not in self.headers]
        if unknown:
            raise TableError(f"code columns {unknown} are not among the headers {self.headers}")
        if wrap < 8:
            raise TableError("wrap must be at least 8 characters")
        self.rows: list[list[str]] = []
        for number, row in enumerate(rows, start=1):
            if isinstance(row, str) or len(row) != len(self.headers):
                raise TableError(f"row {number} has {len(row)} cells for "
                                 f"{len(self.headers)} headers: {row!r}")
            self.rows.append([str(cell) for cell in row])
        self.title = title
        self.wrap = wrap
        self.code = set(code)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[list[str]]:
        return iter(self.rows)

    def column(self, header: str) -> list[str]:
        """The cells of one column, top to bottom."""
        try:
            index = self.headers.index(header)
        except ValueError:
            raise TableError(f"no column {header!r}; columns are {self.headers}") from None
        return [row[index] for row in self.rows]

    def __repr__(self) -> str:
        wrapped = [[textwrap.wrap(cell, self.wrap, break_on_hyphens=False) or [""]
                    for cell in row] for row in self.rows]
        widths = [len(h) for h in self.headers]
        for row in wrapped:
            for i, lines in enumerate(row):
                widths[i] = max(widths[i], *(len(line) for line in lines))

        def line(cells: Sequence[str]) -> str:
            return " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        out = [self.title] if self.title else []
        out.append(line(self.headers))
        out.append("-+-".join("-" * w for w in widths))
        for row in wrapped:
            for k in range(max(len(lines) for lines in row)):
                out.append(line([lines[k] if k < len(lines) else "" for lines in row]))
        return "\n".join(out)

    def _repr_html_(self) -> str:
        def cell(text: str, header: str, tag: str = "td") -> str:
            body = html.escape(text)
            if header in self.code and tag == "td":
                body = f"<code>{body}</code>"
            return f'<{tag} style="text-align:left">{body}</{tag}>'

        head = "".join(cell(h, h, "th") for h in self.headers)
        body = "".join("<tr>" + "".join(cell(c, h) for c, h in zip(row, self.headers,
                                                                     strict=True)) + "</tr>"
                       for row in self.rows)
        caption = f"<caption>{html.escape(self.title)}</caption>" if self.title else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
