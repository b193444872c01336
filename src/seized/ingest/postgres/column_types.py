"""PostgreSQL column types as DuckDB types.

``numeric`` without a precision (and with a precision above 38) becomes VARCHAR, so that its exact
decimal text is kept; enums, arrays, json and every type DuckDB has no exact twin for are kept as
their text (VARCHAR). The declared type is kept beside it in :attr:`Column.source_type`.
"""

from __future__ import annotations

import re

_SIMPLE: dict[str, str] = {
    "smallint": "SMALLINT",
    "int2": "SMALLINT",
    "smallserial": "SMALLINT",
    "serial2": "SMALLINT",
    "integer": "INTEGER",
    "int": "INTEGER",
    "int4": "INTEGER",
    "serial": "INTEGER",
    "serial4": "INTEGER",
    "bigint": "BIGINT",
    "int8": "BIGINT",
    "bigserial": "BIGINT",
    "serial8": "BIGINT",
    "real": "DOUBLE",
    "float4": "DOUBLE",
    "float8": "DOUBLE",
    "float": "DOUBLE",
    "double precision": "DOUBLE",
    "boolean": "BOOLEAN",
    "bool": "BOOLEAN",
    "bytea": "BLOB",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "timestamp without time zone": "TIMESTAMP",
    "timestamptz": "TIMESTAMPTZ",
    "timestamp with time zone": "TIMESTAMPTZ",
    "time": "TIME",
    "time without time zone": "TIME",
}

_PARAMS = re.compile(r"\s*\([^)]*\)")
_NUMERIC = re.compile(r"^(?:numeric|decimal)\s*\(\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?\)$")
_CATALOG = ("pg_catalog.", "public.")


def normalize(declared: str) -> str:
    """Lower case, single spaces, quotes and the pg_catalog prefix removed."""
    text = " ".join(declared.replace('"', "").split()).lower()
    for prefix in _CATALOG:
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text


def duckdb_type(declared: str, domains: dict[str, str] | None = None) -> str:
    """The DuckDB type for a PostgreSQL type as written in a dump."""
    text = normalize(declared)
    if text.endswith("]") or " array" in text:
        return "VARCHAR"
    if domains and text in domains:
        return duckdb_type(domains[text], {k: v for k, v in domains.items() if k != text})
    numeric = _NUMERIC.match(text)
    if numeric:
        precision = int(numeric.group(1))
        scale = int(numeric.group(2) or 0)
        if 1 <= precision <= 38 and 0 <= scale <= precision:
            return f"DECIMAL({precision},{scale})"
        return "VARCHAR"
    base = _PARAMS.sub("", text).strip()
    if base.startswith("float") and base != "float4":
        return "DOUBLE"
    return _SIMPLE.get(base, "VARCHAR")
