"""Scoring a drafted mapping against the reference mapping of a corpus schema.

Both mappings are applied to the same raw tables (in a transaction that is rolled back) and their
canonical tables compared column by column. A column counts when the reference fills it (a value
in at least one row); the draft fills it correctly when its values are the reference's: row by
row when both give the same row ids (``native_id``, or ``address`` for wallet addresses), else as
the same multiset of values. A canonical table the draft leaves out counts as all wrong.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field
from decimal import Decimal

import duckdb

from seized.mapping.apply import apply_mapping
from seized.mapping.canonical import TABLES, mappable_columns
from seized.mapping.model import Mapping, ParamValue

Rows = list[dict[str, object]]


@dataclass
class Score:
    schema: str
    tables: dict[str, tuple[int, int]] = field(default_factory=dict)  # table -> (right, of)
    wrong: list[str] = field(default_factory=list)  # 'table.column'

    @property
    def right(self) -> int:
        return sum(r for r, _ in self.tables.values())

    @property
    def total(self) -> int:
        return sum(n for _, n in self.tables.values())

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0


def outputs(
    con: duckdb.DuckDBPyConnection,
    mapping: Mapping,
    *,
    market: str,
    raw_schema: str,
    params: MappingType[str, ParamValue] | None = None,
) -> dict[str, Rows]:
    """The canonical rows ``mapping`` makes from ``raw_schema``; the store is left unchanged."""
    con.execute("BEGIN TRANSACTION")
    try:
        apply_mapping(
            con, mapping, market_id=market, raw_schema=raw_schema, evidence_id=1, params=params
        )
        found: dict[str, Rows] = {}
        for name in mapping.tables:
            columns = list(mappable_columns(con, TABLES[name]))
            cursor = con.execute(
                f"SELECT {', '.join(_quote(c) for c in columns)} FROM {name} WHERE market_id = ?",
                [market],
            )
            found[name] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        return found
    finally:
        con.execute("ROLLBACK")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _value(value: object) -> object:
    if isinstance(value, float | Decimal):
        return round(float(value), 6)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _row_key(table: str) -> str:
    return "address" if table == "wallet_addresses" else "native_id"


def _column_right(reference: Rows, draft: Rows, key: str, column: str) -> bool:
    ref_keys = Counter(_value(r[key]) for r in reference)
    if ref_keys == Counter(_value(r.get(key)) for r in draft) and max(ref_keys.values()) == 1:
        by_key = {_value(r[key]): _value(r.get(column)) for r in draft}
        return all(by_key[_value(r[key])] == _value(r[column]) for r in reference)
    return Counter(_value(r[column]) for r in reference) == Counter(
        _value(r.get(column)) for r in draft
    )


def score(schema: str, reference: dict[str, Rows], draft: dict[str, Rows]) -> Score:
    result = Score(schema)
    for table, rows in reference.items():
        filled = [c for c in (rows[0] if rows else {}) if any(r[c] is not None for r in rows)]
        right = 0
        for column in filled:
            if table in draft and _column_right(rows, draft[table], _row_key(table), column):
                right += 1
            else:
                result.wrong.append(f"{table}.{column}")
        result.tables[table] = (right, len(filled))
    return result
