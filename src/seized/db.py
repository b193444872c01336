"""The few things every module needs from DuckDB: quoting, reading results, transactions,
and memory bounds.

Values always travel as bound parameters; identifiers that come from seized data (table and
column names of a dump) go through :func:`quote_ident`, never pasted in.

>>> quote_ident('users"; DROP TABLE x; --')
'"users""; DROP TABLE x; --"'
>>> import duckdb
>>> con = duckdb.connect()
>>> first(con, "SELECT 42")
42
>>> first(con, "SELECT 1 WHERE false") is None
True
>>> dicts(con, "SELECT 1 AS a, 'x' AS b")
[{'a': 1, 'b': 'x'}]
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from seized.errors import SeizedError

Connection = duckdb.DuckDBPyConnection
Params = Sequence[Any] | dict[str, Any] | None


def quote_ident(name: str) -> str:
    """A DuckDB identifier, quoted so that any name from a seized dump is safe."""
    return '"' + name.replace('"', '""') + '"'


def qualified(schema: str, table: str) -> str:
    """``"schema"."table"``, both parts quoted."""
    return f"{quote_ident(schema)}.{quote_ident(table)}"


def quote_literal(text: str) -> str:
    """A DuckDB string literal holding ``text`` (for SQL that is rendered, such as a constant
    of seized.vocabulary in a macro; values from seized data are bound parameters).

    >>> quote_literal("it's")
    "'it''s'"
    """
    return "'" + text.replace("'", "''") + "'"


def literal_list(values: tuple[str, ...] | list[str]) -> str:
    """A parenthesized list of string literals, for ``IN``.

    >>> literal_list(("a", "b"))
    "('a', 'b')"
    """
    return "(" + ", ".join(quote_literal(v) for v in values) + ")"


def first(con: Connection, sql: str, params: Params = None) -> Any:
    """The first value of the first row, or None when the query returns no row (for queries of
    one row: the result is read to its end, so the connection is free again)."""
    rows = con.execute(sql, params).fetchall()
    return rows[0][0] if rows else None


def one(con: Connection, sql: str, params: Params = None) -> tuple[Any, ...]:
    """The one row a query must return (an error names the query otherwise)."""
    rows = con.execute(sql, params).fetchall()
    if len(rows) != 1:
        raise SeizedError(f"expected one row, got {len(rows) or 'none'}: {sql.strip()[:120]}")
    return tuple(rows[0])


def dicts(con: Connection, sql: str, params: Params = None) -> list[dict[str, Any]]:
    """Every row of a query as a dict keyed by column name."""
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def column(con: Connection, sql: str, params: Params = None) -> list[Any]:
    """The first value of every row."""
    return [row[0] for row in con.execute(sql, params).fetchall()]


#: Share of the machine's memory one DuckDB database may use (DuckDB's own default is 80 %):
#: a stage may hold two (the case store and an in-memory one, such as linking's), so each gets
#: at most this much, and both spill to disk beyond it.
MEMORY_SHARE = 0.3
#: ``SEIZED_MEMORY_LIMIT=8GB`` sets the limit of each database instead.
MEMORY_ENV = "SEIZED_MEMORY_LIMIT"
_SIZE = re.compile(r"^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", re.IGNORECASE)


def memory_limit() -> str:
    """DuckDB's memory limit for one database: ``SEIZED_MEMORY_LIMIT`` or a share of RAM."""
    given = os.environ.get(MEMORY_ENV)
    if given:
        if not _SIZE.match(given):
            raise SeizedError(f"{MEMORY_ENV}={given!r}: write a size such as 8GB or 512MB")
        return given.strip()
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return "4GB"
    return f"{max(int(total * MEMORY_SHARE) >> 20, 256)}MB"


def limit_memory(con: Connection, spill: Path | None = None) -> None:
    """Bound a connection's memory (:func:`memory_limit`) and let it spill to ``spill``."""
    con.execute(f"SET memory_limit = '{memory_limit()}'")
    if spill is not None:
        con.execute("SET temp_directory = ?", [str(spill)])


@contextmanager
def transaction(con: Connection) -> Iterator[Connection]:
    """One transaction: committed when the block ends, rolled back when it raises (whatever it
    raises, KeyboardInterrupt included), so a killed stage leaves nothing half-written."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
