"""Running a fuzzed parser: into a sink that checks the parser contract (seized.ingest.base),
and as the ingest stage runs it, into the case store's Parquet sink up to the raw views."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

from seized.db import qualified
from seized.ingest.base import POS_COLUMN, ParseOptions, Parser, Reject, Source, TableDef
from seized.ingest.sink import ParquetSink
from seized.model import migrate

SCHEMA = "raw_fuzz"


class ContractError(AssertionError):
    """A parser broke the contract of seized.ingest.base."""


class CheckingSink:
    """Keeps what a parser sends and checks it: a table is defined before its rows, and every
    batch has the table's columns and then ``_seized_pos`` (int64, never null)."""

    def __init__(self) -> None:
        self.tables: dict[str, TableDef] = {}
        self.rows: dict[str, list[dict[str, object]]] = {}
        self.rejects: list[Reject] = []
        self.notes: list[str] = []

    def define(self, table: TableDef) -> None:
        self.tables[table.name] = table

    def append(self, table: str, batch: pa.Table) -> None:
        tdef = self.tables.get(table)
        if tdef is None:
            raise ContractError(f"rows for table {table!r} before its definition")
        if batch.column_names != [*tdef.column_names, POS_COLUMN]:
            raise ContractError(f"batch columns {batch.column_names} for {tdef.column_names}")
        pos = batch.column(batch.num_columns - 1)  # by place: a table column may share its name
        if pos.type != pa.int64() or pos.null_count:
            raise ContractError(f"{POS_COLUMN} is {pos.type} with {pos.null_count} nulls")
        self.rows.setdefault(table, []).extend(batch.to_pylist())

    def reject(self, reject: Reject) -> None:
        self.rejects.append(reject)

    def note(self, message: str) -> None:
        if not message:
            raise ContractError("an empty note")
        self.notes.append(message)

    def outcome(self) -> tuple[object, ...]:
        """What was read, for comparing two runs."""
        tables = [(name, t.columns, t.primary_key) for name, t in sorted(self.tables.items())]
        return tables, sorted(self.rows.items())


def parse_file(parser: Parser, path: Path, *, keep_going: bool = False) -> CheckingSink:
    """Run ``parser`` on ``path`` into a checking sink (small batches, to cross their edges)."""
    sink = CheckingSink()
    parser(Source(path), sink, ParseOptions(keep_going=keep_going, batch_rows=7))
    return sink


@cache
def _store() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    migrate(con)
    return con


def ingest(parser: Parser, path: Path, *, keep_going: bool = True) -> None:
    """Load ``path`` as the ingest stage loads one evidence file: the parser into the Parquet
    sink (which casts to the declared types and refuses duplicate columns), the sink's finish
    (primary keys, views, counts), then every raw table read back through its view."""
    con = _store()
    root = (path if path.is_dir() else path.parent).parent / "case"  # beside the input
    shutil.rmtree(root, ignore_errors=True)
    con.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    for table in ("raw_tables", "raw_files", "rejects"):
        con.execute(f"DELETE FROM {table}")
    sink = ParquetSink(
        con,
        root=root,
        schema=SCHEMA,
        market_id="fuzz",
        evidence_id=1,
        evidence_path=str(path),
        keep_going=keep_going,
    )
    try:
        parser(Source(path, 1), sink, ParseOptions(keep_going=keep_going))
    except BaseException as exc:
        earlier = sink.abort()
        raise (earlier or exc) from None
    sink.drain()
    sink.finish()
    views = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", [SCHEMA]
    ).fetchall()
    for (name,) in views:
        con.execute(f"SELECT * FROM {qualified(SCHEMA, name)}").fetchall()
