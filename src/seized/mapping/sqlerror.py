"""Reading DuckDB's error messages: what went wrong, on which SQL line, about which name."""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

_LINE = re.compile(r"^LINE (\d+):", re.MULTILINE)
_KIND = re.compile(r"^[A-Za-z ]+ Error: ")
_COLUMN = (
    re.compile(r'Referenced column "([^"]+)" not found'),
    re.compile(r'does not have a column named "([^"]+)"'),
    re.compile(r'column "([^"]+)" (?:must appear|not found)'),
)
_TABLE = (
    re.compile(r"Table with name (.+?) does not exist"),
    re.compile(r'Referenced table "([^"]+)" not found'),
)
_FUNCTION = re.compile(r"(?:Scalar|Table|Aggregate) Function with name (\S+) does not exist")


@dataclass(frozen=True)
class SqlProblem:
    """One DuckDB error, taken apart."""

    message: str  # the first line, without the 'Binder Error: ' prefix
    sql_line: int | None  # 1-based line in the SQL text DuckDB was given
    column: str | None = None  # a column DuckDB could not find
    table: str | None = None  # a table DuckDB could not find
    function: str | None = None  # a function DuckDB could not find


def describe(exc: duckdb.Error) -> SqlProblem:
    """Take a DuckDB exception apart into message, line and the name it complained about."""
    text = str(exc)
    first = _KIND.sub("", text.strip().splitlines()[0] if text.strip() else type(exc).__name__)
    line_match = _LINE.search(text)
    return SqlProblem(
        message=first.rstrip("!"),
        sql_line=int(line_match.group(1)) if line_match else None,
        column=_first(_COLUMN, text),
        table=_first(_TABLE, text),
        function=_first((_FUNCTION,), text),
    )


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> str | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return match.group(1)
    return None
