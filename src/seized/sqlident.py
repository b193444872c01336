"""Quoting of SQL identifiers that come from seized data (table and column names)."""

from __future__ import annotations


def quote_ident(name: str) -> str:
    """A DuckDB identifier, quoted so that any name from a seized dump is safe."""
    return '"' + name.replace('"', '""') + '"'


def qualified(schema: str, table: str) -> str:
    return f"{quote_ident(schema)}.{quote_ident(table)}"
