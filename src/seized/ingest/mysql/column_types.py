"""MySQL column types as DuckDB types, and the kinds of column whose literals need care."""

from __future__ import annotations

import re
from collections.abc import Sequence

from seized.ingest.base import Column

#: MySQL integer types: (signed DuckDB type, unsigned DuckDB type). Unsigned values need the
#: next wider type; BIGINT UNSIGNED needs UBIGINT.
_INTEGERS: dict[str, tuple[str, str]] = {
    "TINYINT": ("TINYINT", "SMALLINT"),
    "INT1": ("TINYINT", "SMALLINT"),
    "BOOL": ("TINYINT", "SMALLINT"),
    "BOOLEAN": ("TINYINT", "SMALLINT"),
    "SMALLINT": ("SMALLINT", "INTEGER"),
    "INT2": ("SMALLINT", "INTEGER"),
    "MEDIUMINT": ("INTEGER", "INTEGER"),
    "MIDDLEINT": ("INTEGER", "INTEGER"),
    "INT3": ("INTEGER", "INTEGER"),
    "INT": ("INTEGER", "BIGINT"),
    "INTEGER": ("INTEGER", "BIGINT"),
    "INT4": ("INTEGER", "BIGINT"),
    "BIGINT": ("BIGINT", "UBIGINT"),
    "INT8": ("BIGINT", "UBIGINT"),
}
_DECIMALS = frozenset({"DECIMAL", "DEC", "NUMERIC", "FIXED"})
_FLOATS = frozenset({"FLOAT", "DOUBLE", "REAL", "FLOAT4", "FLOAT8"})
_BLOBS = frozenset(
    {"BINARY", "VARBINARY", "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB", "GEOMETRY", "POINT"}
    | {"LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON"}
    | {"GEOMETRYCOLLECTION", "GEOMCOLLECTION", "VECTOR"}
)
_ARG_INT = re.compile(r"\s*(\d+)\s*")


def duck_type(name: str, args: Sequence[str], unsigned: bool) -> str:
    """The DuckDB type for a MySQL type name (upper case), its arguments and signedness."""
    if name in _INTEGERS:
        signed, wide = _INTEGERS[name]
        return wide if unsigned else signed
    if name == "SERIAL":
        return "UBIGINT"
    if name in _DECIMALS:
        precision = _int_arg(args, 0, 10)
        scale = _int_arg(args, 1, 0)
        if precision > 38 or scale > precision:
            return "VARCHAR"
        return f"DECIMAL({precision},{scale})"
    if name in _FLOATS:
        return "DOUBLE"
    if name in _BLOBS:
        return "BLOB"
    if name == "DATE":
        return "DATE"
    if name in ("DATETIME", "TIMESTAMP"):
        return "TIMESTAMP"
    if name == "YEAR":
        return "INTEGER"
    if name == "BIT":
        return "UBIGINT" if _int_arg(args, 0, 1) >= 64 else "BIGINT"
    # TIME may exceed 24 hours and be negative in MySQL; texts; anything unknown.
    return "VARCHAR"


def _int_arg(args: Sequence[str], index: int, default: int) -> int:
    if index >= len(args):
        return default
    match = _ARG_INT.fullmatch(args[index])
    return int(match.group(1)) if match else default


def is_blob(column: Column) -> bool:
    return column.type == "BLOB"


def is_bits(column: Column) -> bool:
    """BIT(n) columns: every literal stands for an integer, binary strings included."""
    return column.source_type.lower().startswith("bit")


def is_number(column: Column) -> bool:
    """Columns where hex and bit literals stand for integers."""
    kind = column.type
    return kind in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UBIGINT", "DOUBLE") or (
        kind.startswith("DECIMAL")
    )
