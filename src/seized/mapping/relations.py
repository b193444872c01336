"""Which raw columns refer to which raw table, found from the values (for `mapping suggest`).

A column refers to another table's key when (nearly) every value it holds is a value of that
key: a key is a column without NULLs whose values are all different. Dumps and CSV files seldom
declare their foreign keys, so this is read from the data. Whole numbers are weak evidence (every
table's ids start at 1), so a column of small numbers only counts as a reference when its name
says so (``..._id``, a word of the target table, a party such as ``seller``) or it holds many
different values.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from seized.mapping.apply import quote
from seized.mapping.profile import Column, Table
from seized.mapping.vocabulary import (
    COLUMN_NAMES,
    PARTY_WORDS,
    is_abbreviation,
    name_score,
    singular,
)

#: share of a column's distinct values that must be found in the key
CONTAINED = 0.9
#: distinct values compared per column
DISTINCT_LIMIT = 2000
_NOT_IDS = ("time", "pgp_key", "pgp_message", "btc", "txid", "email", "ip", "agent", "bool",
            "out_of")  # fmt: skip
_ID_WORDS = {"id", "uid", "pid", "oid", "cid", "mid", "fid", "wid", "aid", "fk", "ref", "key",
             "nr", "no"}  # fmt: skip
_PARTIES = {word for names in PARTY_WORDS.values() for word in names}


@dataclass(frozen=True)
class Ref:
    """``table.column`` holds values of ``target.key``."""

    table: str
    column: str
    target: str
    key: str
    share: float  # of the column's distinct values found in the key
    named: bool  # the column's name points at the target table


def id_like(column: Column) -> bool:
    """Whether the column could hold ids (of its own rows or of another table's)."""
    if column.nonnull == 0 or column.avg_len > 64 or column.type.startswith(("DECIMAL", "DOUBLE")):
        return False
    if column.type in ("FLOAT", "REAL", "BOOLEAN", "DATE") or column.type.startswith("TIMESTAMP"):
        return False
    if any(column.has(name, 0.5) for name in _NOT_IDS) or column.spaces > 0.2:
        return False
    return column.is_int or column.is_text


def _numeric(column: Column) -> bool:
    return column.is_int or (bool(column.samples) and column.has("integer", 1.0))


def names_table(column: Column, target: Table) -> bool:
    """The column's name says it refers to ``target``: a word of the target's name (or an
    abbreviation of one) in the column's, e.g. ``user_id`` -> users, ``cat_id`` -> categories."""
    target_words = {singular(w) for w in target.words if len(w) > 1}
    for word in column.words:
        if word in _ID_WORDS:
            continue
        base = singular(word)
        if base in target_words or any(
            is_abbreviation(base, t) or (len(base) >= 4 and t.startswith(base))
            for t in target_words
        ):
            return True
    return False


def own_key(table: Table) -> str | None:
    """The key that identifies the table's own rows: one named after the table (``user_id`` in
    users, ``fid`` in feedback), else the first. Other keys may refer to other tables (one
    feedback per order)."""
    keys = [k for k in table.keys if id_like(k)]
    first = {table.words[0][0], table.words[-1][0]} if table.words else set()
    for key in keys:
        words = key.words
        short = len(words) == 1 and len(words[0]) <= 4 and words[0].endswith("id")
        if names_table(key, table) or (short and words[0][0] in first):
            return key.name
    return keys[0].name if keys else None


def _self_reference(column: Column) -> bool:
    """A column referring to its own table's rows says so (``parent_id``, ``parentId``)."""
    return any("parent" in word for word in column.words)


def _plausible(column: Column, key: Column, target: Table, own: Table, own_id: str | None) -> bool:
    if column is key or not id_like(column) or _numeric(column) != _numeric(key):
        return False
    if target is own:
        return _self_reference(column)
    if column.name == own_id and not names_table(column, target):
        return False  # the table's own key, unless its name says whose it is
    if not _numeric(column):
        low, high = sorted((column.avg_len, key.avg_len))
        return low >= 2 and high <= 2 * low + 2
    if names_table(column, target):
        return True
    party = bool(set(column.words) & _PARTIES)
    if not party and any(name_score(t, column.words) >= 2.5 for t in COLUMN_NAMES):
        return False  # named as a value: a quantity, a rating, a time
    if column.distinct >= 10:
        return True
    last = column.words[-1] if column.words else ""
    return (last in _ID_WORDS or last.endswith("id") or party) and (
        not column.codes or "id" in column.words
    )


def find_refs(box: duckdb.DuckDBPyConnection, schema: str, tables: dict[str, Table]) -> list[Ref]:
    """Every (column, key) pair where the column's values are the key's, best share first."""
    keys = [(table, key) for table in tables.values() for key in table.keys if id_like(key)]
    refs: list[Ref] = []
    cached: dict[tuple[str, str], str] = {}  # (table, key) -> temp table of its values
    try:
        for own in tables.values():
            own_id = own_key(own)
            for column in own.columns.values():
                plausible = [(t, k) for t, k in keys if _plausible(column, k, t, own, own_id)]
                if not plausible:
                    continue
                values = _distinct(box, schema, own.name, column.name)
                if not values:
                    continue
                for target, key in plausible:
                    found = _key_values(box, schema, target.name, key.name, cached)
                    share = _contained(box, found, values)
                    if share >= CONTAINED:
                        named = names_table(column, target)
                        refs.append(Ref(own.name, column.name, target.name, key.name, share, named))
    finally:
        for name in cached.values():
            box.execute(f"DROP TABLE IF EXISTS temp.main.{name}")
    return sorted(refs, key=lambda r: (-r.share, not r.named, r.table, r.column, r.target))


def _key_values(
    box: duckdb.DuckDBPyConnection,
    schema: str,
    table: str,
    key: str,
    cached: dict[tuple[str, str], str],
) -> str:
    """A temp table of the key's values as text, made once per key."""
    if (table, key) not in cached:
        name = f"seized_key_{len(cached)}"
        box.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT DISTINCT CAST({quote(key)} AS "
            f"VARCHAR) AS v FROM {quote(schema)}.{quote(table)}"
        )
        cached[(table, key)] = name
    return cached[(table, key)]


def _distinct(box: duckdb.DuckDBPyConnection, schema: str, table: str, column: str) -> list[str]:
    ref = quote(column)
    rows = box.execute(
        f"SELECT DISTINCT CAST({ref} AS VARCHAR) AS v FROM {quote(schema)}.{quote(table)} "
        f"WHERE {ref} IS NOT NULL AND trim(CAST({ref} AS VARCHAR)) NOT IN ('', '0', '-1') "
        f"ORDER BY v LIMIT {DISTINCT_LIMIT}"
    ).fetchall()
    return [str(v) for (v,) in rows]


def _contained(box: duckdb.DuckDBPyConnection, keys: str, values: list[str]) -> float:
    row = box.execute(
        f"SELECT count(*) FILTER (WHERE v IN (SELECT v FROM temp.main.{keys})), count(*) "
        "FROM (SELECT unnest(?) AS v)",
        [values],
    ).fetchone()
    return float(row[0]) / float(row[1]) if row and row[1] else 0.0
