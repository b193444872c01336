"""Small helpers for the link stage's SQL."""

from __future__ import annotations

from typing import Any

import duckdb


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    """The first value of a query's single row (the whole result is fetched)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Rows of a table named by the link stage itself (never by seized data)."""
    return int(scalar(con, f"SELECT count(*) FROM {table}") or 0)
