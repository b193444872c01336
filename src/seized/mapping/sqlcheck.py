"""Checking the SQL a mapping contributes before anything runs it, with DuckDB's own parser.

A ``select`` must be exactly one SELECT statement and a ``key`` exactly one SQL expression: text
that would end the statement seized wraps around it and start another (``; COPY ...``,
``; UPDATE ...``) is refused with the mapping file and line, not run.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import duckdb

from seized.errors import MappingError
from seized.mapping.sqlerror import describe

_KEY_HINT = (
    "the key is one SQL expression over the select's output columns, e.g. _seized_pos or "
    "native_id || '@' || _day"
)
# the parts of a parsed 'SELECT <expression>' that must be empty for a single expression
_EMPTY_PARTS = ("where_clause", "having", "sample", "qualify")
_EMPTY_LISTS = ("modifiers", "group_expressions", "group_sets")

_parser_lock = threading.Lock()
_parser: duckdb.DuckDBPyConnection | None = None


def _parse_tree(sql: str) -> dict[str, Any]:
    """DuckDB's parse tree of ``sql`` (json_serialize_sql) on a connection that reads nothing."""
    global _parser
    with _parser_lock:
        if _parser is None:
            parser = duckdb.connect(":memory:")
            parser.execute("SET enable_external_access = false")
            parser.execute("SET lock_configuration = true")
            _parser = parser
        rows = _parser.execute("SELECT json_serialize_sql(?)", [sql]).fetchall()
    tree: dict[str, Any] = json.loads(str(rows[0][0])) if rows else {"error": True}
    return tree


def check_select(sql: str, path: str, table: str, first_line: int) -> str:
    """The select if it is exactly one SELECT statement (a mapping never changes anything)."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        problem = describe(exc)
        line = first_line + (problem.sql_line - 1 if problem.sql_line else 0)
        raise MappingError(
            f"table '{table}': SQL syntax error in select: {problem.message}", path, line=line
        ) from exc
    if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
        raise MappingError(
            f"table '{table}': 'select' must be exactly one SELECT statement",
            path,
            line=first_line,
            hint="a mapping only reads the raw tables; it never changes them",
        )
    return sql


def check_key(key: str, path: str, table: str, line: int) -> str:
    """The key if it is exactly one SQL expression (no alias, parameter or second statement)."""
    # on lines of their own: 'SELECT' is line 1, so the key's line n is DuckDB's line n + 1
    sql = f"SELECT\n{key}\n"
    where = line
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        found = describe(exc)
        where = line + (found.sql_line - 2 if found.sql_line and found.sql_line > 1 else 0)
        problem: str | None = f"is not valid SQL: {found.message}"
    else:
        if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
            problem = "is not a single expression"
        else:
            try:
                problem = _expression_problem(_parse_tree(sql))
            except RecursionError:  # a tree deeper than json or the walk over it can go
                problem = "is nested too deeply"
    if problem:
        raise MappingError(
            f"table '{table}': 'key' must be one SQL expression: the key {problem}",
            path,
            line=where,
            hint=_KEY_HINT,
        )
    return key


def _expression_problem(tree: dict[str, Any]) -> str | None:
    """Why the parse tree of 'SELECT <key>' is not one plain expression, or None."""
    statements = tree.get("statements") or []
    if tree.get("error") or len(statements) != 1:
        return "is not a single expression"
    node = statements[0].get("node") or {}
    if node.get("type") != "SELECT_NODE":
        return "is not a single expression"
    items = node.get("select_list") or []
    if len(items) != 1:
        return f"is a list of {len(items)} expressions"
    if (node.get("from_table") or {}).get("type") != "EMPTY":
        return "has a FROM clause"
    if (node.get("cte_map") or {}).get("map"):
        return "has a WITH clause"
    if any(node.get(part) is not None for part in _EMPTY_PARTS) or any(
        node.get(part) for part in _EMPTY_LISTS
    ):
        return "has clauses of a statement (WHERE, GROUP BY, ORDER BY, LIMIT, ...)"
    item = items[0]
    if item.get("alias"):
        return f"names its value ('AS {item['alias']}')"
    if item.get("class") == "STAR":
        return "selects columns (*), not one value"
    if tree["statements"][0].get("named_param_map") or _has_class(item, "PARAMETER"):
        return "has a parameter ($name or ?)"
    return None


def _has_class(node: object, name: str) -> bool:
    if isinstance(node, dict):
        return node.get("class") == name or any(_has_class(v, name) for v in node.values())
    if isinstance(node, list):
        return any(_has_class(v, name) for v in node)
    return False
