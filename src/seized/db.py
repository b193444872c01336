"""The few things every module needs from DuckDB: quoting, reading results, transactions.

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

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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
