"""CSV that a spreadsheet opens as data: no cell runs as a formula, no cell splits a row.

Seized text is hostile. A cell that starts with ``=``, ``+``, ``-`` or ``@`` — also after leading
spaces, tabs, line breaks or invisible characters, which spreadsheets skip — or with a tab or
carriage return, is written with a leading ``'`` (:data:`GUARD`), which spreadsheets show and do
not evaluate. Rows end with CR LF (RFC 4180), so the writer quotes every field that holds a
carriage return or a line feed: a bare carriage return can no longer end a row early in one
reader and not in another.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Protocol

GUARD = "'"
# The formula starters, and their full-width forms, which some spreadsheets take as well.
_FORMULA = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_BREAKS = ("\t", "\r")


class _Writer(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


def _skipped(char: str) -> bool:
    """Characters a spreadsheet passes over before it looks for a formula."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def formula_like(text: str) -> bool:
    if text.startswith(_BREAKS):
        return True
    for char in text:
        if not _skipped(char):
            return char in _FORMULA
    return False


def cell(value: Any) -> Any:
    """A value as a CSV cell: numbers as they are, text guarded when it could be a formula."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    text = value if isinstance(value, str) else str(value)
    return GUARD + text if formula_like(text) else text


def writer(handle: Any) -> _Writer:
    """A CSV writer for ``handle`` (opened with ``newline=""``): CR LF rows, CR and LF quoted."""
    return csv.writer(handle, lineterminator="\r\n")


def write(handle: Any, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a header and rows, every cell through :func:`cell`."""
    out = writer(handle)
    out.writerow([cell(name) for name in header])
    for row in rows:
        out.writerow([cell(value) for value in row])
