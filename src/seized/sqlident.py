"""Quoting for SQL: identifiers that come from seized data (table and column names), and
string literals."""

from __future__ import annotations


def quote_ident(name: str) -> str:
    """A DuckDB identifier, quoted so that any name from a seized dump is safe."""
    return '"' + name.replace('"', '""') + '"'


def qualified(schema: str, table: str) -> str:
    return f"{quote_ident(schema)}.{quote_ident(table)}"


def quote_literal(text: str) -> str:
    """A DuckDB string literal holding ``text``.

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
