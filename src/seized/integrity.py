"""What the custody log protects in the case store: a digest of every table, and the list of
objects seized's migrations and stages create (anything else in the store was put there by hand).

A table's digest is SHA-256 over its columns (names and types) and the sorted SHA-256 of each
row's JSON form, so it changes with any row, column or type, whatever order DuckDB returns the
rows in. It is slower than the quick checksum (the sum of DuckDB's 64-bit row hashes, which
stages use to notice that their inputs or outputs changed), but cannot be matched by a crafted
change: the custody entries carry digests, never quick checksums.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import duckdb
import pyarrow as pa

from seized.db import quote_ident
from seized.model import migrate
from seized.model._rowdigest import Digest as RowDigest

#: names the digest recipe: the first line hashed into every digest
DIGEST = "rows-json-sha256/1"

#: tables of the store that change outside any custody entry, so no entry can carry their
#: digest; `seized verify` checks each of them another way
UNDIGESTED: dict[str, str] = {
    "meta.custody_head": "rewritten after every custody entry is appended: compared with the "
    "log itself",
    "meta.custody_pending": "holds a committed entry only until it is appended to the log: "
    "reported while it holds one",
    "meta.checksums": "a copy of the digests the custody entries carry",
}

#: schemas every DuckDB database has
_SYSTEM_SCHEMAS = {"main", "information_schema", "pg_catalog"}


@dataclass(frozen=True)
class Digest:
    rows: int
    sha256: str

    def as_entry(self) -> dict[str, object]:
        return {"rows": self.rows, "sha256": self.sha256}


def split_name(table: str) -> tuple[str, str]:
    """("meta", "stages") for "meta.stages", ("main", "accounts") for "accounts"."""
    schema, _, name = table.rpartition(".")
    return schema or "main", name


def quoted(table: str) -> str:
    schema, name = split_name(table)
    return f"{quote_ident(schema)}.{quote_ident(name)}"


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of each column of ``table``, in order."""
    schema, name = split_name(table)
    rows = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = "
        "current_database() AND schema_name = ? AND table_name = ? ORDER BY column_index",
        [schema, name],
    ).fetchall()
    return [(str(column), str(kind)) for column, kind in rows]


def table_digest(con: duckdb.DuckDBPyConnection, table: str) -> Digest:
    """The digest of one table (see the module documentation)."""
    columns = _columns(con, table)
    outer = hashlib.sha256()
    outer.update(f"{DIGEST}\n".encode())
    for column, kind in columns:
        outer.update(f"{column}\t{kind}\n".encode())
    rows = 0
    for bucket, count, digest in _row_buckets(con, table):
        rows += int(count)
        outer.update(f"{bucket}\t{count}\t{digest}\n".encode())
    return Digest(rows, outer.hexdigest())


#: rows handed from DuckDB to the hashing at a time
_BATCH_ROWS = 100_000

#: DuckDB types whose JSON text the digest writes itself from the Arrow columns (integers as
#: decimals, booleans, strings quoted and escaped as DuckDB's JSON writer does); DuckDB writes
#: the JSON text of every other type, with ``to_json``
_WRITTEN_HERE = frozenset(
    {
        "BOOLEAN",
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
        "VARCHAR",
    }
)
# the kinds of column seized.model._rowdigest.Digest.update_columns takes
_JSON, _STR, _BOOL, _INT, _UINT = range(5)


def _row_buckets(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, int, str]]:
    """Each row's SHA-256 (as hex) of its JSON form, in 256 buckets by the hash's first byte,
    and for each bucket: (bucket, rows, SHA-256 of its sorted hashes concatenated). The same
    content gives the same buckets in any order.

    A row's JSON form is what DuckDB's ``to_json`` gives the row. The C module
    :mod:`seized.model._rowdigest` writes it from the Arrow columns for integers, booleans and
    strings, and copies DuckDB's ``to_json`` text of each other column; it hashes every row
    with OpenSSL while DuckDB reads the next batch. Both are several times quicker than
    DuckDB's ``to_json`` and ``sha256`` (:func:`_row_buckets_in_sql`, the definition)."""
    columns = _columns(con, table)
    keys = [_json_key(con, column) for column, _ in columns]
    select = ", ".join(
        quote_ident(column) if kind in _WRITTEN_HERE else f"to_json({quote_ident(column)})::VARCHAR"
        for column, kind in columns
    )
    copied = [kind not in _WRITTEN_HERE for _, kind in columns]
    digest = RowDigest()
    reader = con.sql(f"SELECT {select} FROM {quoted(table)} AS t").to_arrow_reader(_BATCH_ROWS)

    def next_batch() -> pa.RecordBatch | None:
        try:
            return reader.read_next_batch()
        except StopIteration:
            return None

    # DuckDB reads the next batch in a thread while this one is hashed (both without the GIL)
    with ThreadPoolExecutor(1) as reading:
        pending = reading.submit(next_batch)
        while (batch := pending.result()) is not None:
            pending = reading.submit(next_batch)
            if not batch.num_rows:
                continue
            specs = [
                _column_spec(batch.column(i), ("{" if i == 0 else ",") + keys[i], copied[i], table)
                for i in range(batch.num_columns)
            ]
            digest.update_columns(specs, batch.num_rows)
    return list(digest.finish())


def _json_key(con: duckdb.DuckDBPyConnection, column: str) -> str:
    """The column's name as DuckDB's JSON writer gives it, with its colon: ``"name":``."""
    text = str(
        con.execute(
            f"SELECT to_json(t)::VARCHAR FROM (SELECT NULL AS {quote_ident(column)}) t"
        ).fetchall()[0][0]
    )
    return text[1 : -len("null}")]


def _column_spec(
    array: pa.Array, key: str, copied: bool, table: str
) -> tuple[int, int, bytes, Any, int, Any, Any]:
    """One column of a batch as :meth:`seized.model._rowdigest.Digest.update_columns` takes
    it: (kind, width, key, validity, offset, values, data)."""
    kind = array.type
    if pa.types.is_string_view(kind) or pa.types.is_binary_view(kind):
        array = array.cast(pa.large_string())
        kind = array.type
    buffers = array.buffers()
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        width = 8 if pa.types.is_large_string(kind) else 4
        code = _JSON if copied else _STR
        return (code, width, key.encode(), buffers[0], array.offset, buffers[1], buffers[2] or b"")
    if copied:
        raise ValueError(f"{table}: DuckDB gave no JSON text for a column")
    if pa.types.is_boolean(kind):
        return (_BOOL, 1, key.encode(), buffers[0], array.offset, buffers[1] or b"", None)
    if pa.types.is_integer(kind):
        code = _INT if pa.types.is_signed_integer(kind) else _UINT
        return (
            code,
            kind.bit_width // 8,
            key.encode(),
            buffers[0],
            array.offset,
            buffers[1] or b"",
            None,
        )
    raise ValueError(f"{table}: a column of Arrow type {kind}, which the digest cannot write")


def _row_buckets_in_sql(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, int, str]]:
    """:func:`_row_buckets` computed by DuckDB alone (the definition it is tested against)."""
    rows = con.execute(
        "SELECT left(h, 2) AS bucket, count(*), sha256(string_agg(h, '' ORDER BY h)) "
        f"FROM (SELECT sha256(to_json(t)::VARCHAR) AS h FROM {quoted(table)} AS t) "
        "GROUP BY bucket ORDER BY bucket"
    ).fetchall()
    return [(str(b), int(n), str(d)) for b, n, d in rows]


def quick_checksums(
    con: duckdb.DuckDBPyConnection, tables: list[str]
) -> dict[str, tuple[Any, ...]]:
    """The quick checksums of tables (row count, sum of row hashes): enough to notice which
    ones a stage changed."""
    out: dict[str, tuple[Any, ...]] = {}
    for table in tables:
        row = con.execute(
            f"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM {quoted(table)} AS t"
        ).fetchone()
        out[table] = tuple(row) if row else (0, 0)
    return out


def exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    schema, name = split_name(table)
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = ? AND table_name = ?",
        [schema, name],
    ).fetchone()
    return bool(row and row[0])


# -- the objects seized creates ---------------------------------------------------------------


@dataclass(frozen=True)
class StoreObject:
    kind: str  # schema | table | view | index | sequence | macro | type
    schema: str
    name: str
    sql: str

    @property
    def label(self) -> str:
        return self.name if self.kind == "schema" else f"{self.schema}.{self.name}"


def store_objects(con: duckdb.DuckDBPyConnection) -> list[StoreObject]:
    """The objects of the store's own database that are not DuckDB's (temporary ones left out)."""
    out: list[StoreObject] = []
    own = "database_name = current_database()"
    queries = [
        ("schema", f"SELECT schema_name, schema_name, '' FROM duckdb_schemas() "
                   f"WHERE {own} AND NOT internal"),
        ("table", f"SELECT schema_name, table_name, sql FROM duckdb_tables() "
                  f"WHERE {own} AND NOT internal"),
        ("view", f"SELECT schema_name, view_name, sql FROM duckdb_views() "
                 f"WHERE {own} AND NOT internal"),
        ("index", f"SELECT schema_name, index_name, sql FROM duckdb_indexes() WHERE {own}"),
        ("sequence", f"SELECT schema_name, sequence_name, sql FROM duckdb_sequences() "
                     f"WHERE {own}"),
        ("macro", "SELECT schema_name, function_name, coalesce(macro_definition, '') "
                  f"FROM duckdb_functions() WHERE {own} AND NOT internal"),
        ("type", f"SELECT schema_name, type_name, '' FROM duckdb_types() "
                 f"WHERE {own} AND NOT internal"),
    ]  # fmt: skip
    for kind, sql in queries:
        rows = con.execute(sql).fetchall()
        out.extend(StoreObject(kind, str(s), str(n), str(q or "")) for s, n, q in rows)
    return sorted(set(out), key=lambda o: (o.kind, o.schema, o.name))


@lru_cache(maxsize=1)
def migrated_objects() -> tuple[StoreObject, ...]:
    """The objects an up-to-date case store has before any market is loaded: what the shipped
    migrations create, applied to an empty database."""
    con = duckdb.connect(":memory:")
    try:
        migrate(con)
        return tuple(store_objects(con))
    finally:
        con.close()


def digested_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table the custody entries carry digests of: the migrations' tables that are in
    the store, but for the :data:`UNDIGESTED` ones."""
    present = set(
        con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            "WHERE database_name = current_database()"
        ).fetchall()
    )
    names = []
    for obj in migrated_objects():
        name = obj.name if obj.schema == "main" else f"{obj.schema}.{obj.name}"
        if obj.kind == "table" and name not in UNDIGESTED and (obj.schema, obj.name) in present:
            names.append(name)
    return sorted(names)


def is_system_schema(name: str) -> bool:
    return name in _SYSTEM_SCHEMAS
