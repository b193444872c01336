"""The raw-table sink: one market's own tables, as Parquet files under the case directory.

Batches arrive from a parser (see :mod:`seized.ingest.base`); values that arrive as text are cast
to each column's declared type with DuckDB's ``TRY_CAST`` (in a private in-memory connection), and
a value that does not fit is an error naming the evidence file, the line and the column (or, with
``keep_going``, a reject). MySQL's zero dates become NULL. The rows are written, as they come, to
one Parquet file per table and evidence file (``CASE/raw/<schema>/<table>/e<evidence>.parquet``)
on the sink's writer thread, while the parser reads on. Parquet is written several times faster
than DuckDB's own compressed storage, which made loading a dump slower than restoring it into a
database server (docs/benchmarks.md, "Ingest").

When the load is finished, :meth:`ParquetSink.finish` checks primary keys, records each file's
size, rows and SHA-256 in ``raw_files`` (``seized verify`` checks them) and creates one view per
table in the market's schema of the case store, so the raw tables are queried like any other
(``SELECT * FROM raw_agora.users``). The views name their files relative to the case directory,
which every case connection sets as DuckDB's ``file_search_path``.
"""

from __future__ import annotations

import queue
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from seized.db import quote_ident
from seized.errors import InputError
from seized.evidence import sha256_file
from seized.ingest.base import POS_COLUMN, Reject, TableDef, position_words
from seized.ingest.rawparquet import HashedFile, Output, drop_duplicate_keys, writer
from seized.rawfiles import set_search_path, table_dir, view_sql

_TEMPORAL = ("DATE", "TIMESTAMP", "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE")


@dataclass
class TableCount:
    read: int = 0
    stored: int = 0
    rejected: int = 0


class ParquetSink:
    """Writes one evidence file's raw tables for ``schema`` under the case directory ``root``."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        root: Path,
        schema: str,
        market_id: str,
        evidence_id: int,
        evidence_path: str,
        keep_going: bool = False,
    ) -> None:
        self.con = con
        self.root = root
        self.schema = schema
        self.market_id = market_id
        self.evidence_id = evidence_id
        self.path = evidence_path
        self.keep_going = keep_going
        self.tables: dict[str, TableDef] = {}
        self.counts: dict[str, TableCount] = {}
        self._outputs: dict[str, Output] = {}
        self._unattached_rejects = 0
        self._notes: list[str] = []
        self._queue: queue.Queue[tuple[Callable[..., None], tuple[object, ...]] | None] = (
            queue.Queue(maxsize=3)
        )
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()
        self._failure: BaseException | None = None
        self._failed = False
        # casts run in a private in-memory database, apart from the case store's transactions
        self._casts = duckdb.connect()
        self._casts.execute("SET TimeZone = 'UTC'")

    # -- RawSink protocol: calls are queued to a writer thread ------------------------------

    def define(self, table: TableDef) -> None:
        self._submit(self._define_now, table)

    def append(self, table: str, batch: pa.Table) -> None:
        self._submit(self._append_now, table, batch)

    def reject(self, reject: Reject) -> None:
        self._submit(self._reject_now, reject)

    def note(self, message: str) -> None:
        self._notes.append(message)

    def _submit(self, func: Callable[..., None], *args: object) -> None:
        """Queue work for the writer thread, so parsing (Python) and casting and writing (DuckDB
        and Arrow, which release the GIL) overlap on two cores. The queue is short: memory stays
        bounded."""
        self._raise_failure()
        with self._start:  # parsers' worker threads may report rejects
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="seized-sink", daemon=True)
                self._thread.start()
        self._queue.put((func, args))

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self._failure is not None:
                continue  # drain without doing more work after a failure
            func, args = item
            try:
                func(*args)
            except BaseException as exc:  # handed to the parser's thread
                self._failure = exc

    def _raise_failure(self) -> None:
        if self._failure is not None:
            failure, self._failure = self._failure, None
            self._failed = True
            raise failure
        if self._failed:
            raise InputError("the ingest stopped after an earlier error", self.path)

    def drain(self) -> None:
        """Wait until every queued call is done and the files are closed; raise the first
        failure, if any."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        self._raise_failure()
        self._close_writers()

    def abort(self) -> BaseException | None:
        """Stop the writer after the parser failed; returns the writer's own failure, if any."""
        if self._thread is not None:
            while True:  # make room, then ask the writer to stop
                try:
                    self._queue.get_nowait()
                except queue.Empty:
                    break
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        failure, self._failure = self._failure, None
        try:
            self._close_writers()
        except Exception as exc:  # the parser's or writer's failure comes first
            failure = failure or exc
        return failure

    def _close_writers(self) -> None:
        for output in self._outputs.values():
            if output.writer is not None:
                writer, output.writer = output.writer, None
                writer.close()
            if output.file is not None:
                output.file.close()

    # -- on the writer thread ---------------------------------------------------------------

    def _define_now(self, table: TableDef) -> None:
        if table.name in self.tables:
            if self.tables[table.name].columns == table.columns:
                if table.primary_key:  # e.g. pg_dump adds primary keys after the data
                    self.tables[table.name] = table
                return
            raise InputError(
                f"table {table.name!r} is defined twice with different columns",
                self.path,
                line=table.line,
            )
        if not table.columns:
            raise InputError(f"table {table.name!r} has no columns", self.path, line=table.line)
        names = [c.name.lower() for c in table.columns]
        if len(set(names)) != len(names) or POS_COLUMN in names:
            raise InputError(
                f"table {table.name!r} has duplicate or reserved column names",
                self.path,
                line=table.line,
            )
        casts = ", ".join(f"CAST(NULL AS {c.type}) AS {quote_ident(c.name)}" for c in table.columns)
        try:
            schema = (
                self._casts.sql(
                    f"SELECT {casts}, CAST(NULL AS BIGINT) AS {quote_ident(POS_COLUMN)}"
                )
                .to_arrow_table()
                .schema
            )
        except duckdb.Error as exc:
            raise InputError(
                f"table {table.name!r} has a column type DuckDB cannot store: {exc}",
                self.path,
                line=table.line,
            ) from None
        directory = table_dir(self.schema, table.name)
        # a table of the same name loaded from an earlier dump of the market is replaced
        shutil.rmtree(self.root / directory, ignore_errors=True)
        (self.root / directory).mkdir(parents=True)
        relative = f"{directory}/e{self.evidence_id}.parquet"
        output = Output(self.root / relative, relative, schema)
        output.file = HashedFile(output.path)
        output.writer = writer(output.file, schema)
        self._outputs[table.name] = output
        self.tables[table.name] = table
        self.counts[table.name] = TableCount()

    def _append_now(self, table: str, batch: pa.Table) -> None:
        tdef = self._table(table)
        expected = [*tdef.column_names, POS_COLUMN]
        if batch.column_names != expected:
            raise InputError(
                f"internal: batch for {table!r} has columns {batch.column_names}, "
                f"expected {expected}",
                self.path,
            )
        count = self.counts[table]
        count.read += batch.num_rows
        if batch.num_rows == 0:
            return
        output = self._outputs[table]
        typed = self._cast(tdef, batch, output.schema)
        if output.writer is None:
            raise InputError(f"internal: rows for {table!r} after its file was closed", self.path)
        output.writer.write_table(typed, row_group_size=max(typed.num_rows, 1))
        output.rows += typed.num_rows
        count.stored += typed.num_rows

    def _cast(self, tdef: TableDef, batch: pa.Table, schema: pa.Schema) -> pa.Table:
        """The batch in the table's types, without the rows whose values do not fit (each an
        error, or with keep_going a reject).

        Columns already of their type (text for VARCHAR, integers from SQLite) pass through
        untouched; only the others go through DuckDB's ``TRY_CAST``.
        """
        n = batch.num_rows
        columns: list[pa.Array | pa.ChunkedArray] = []
        exprs: list[str] = []
        casts: list[tuple[int, bool]] = []  # (column index, is temporal text)
        for i, col in enumerate(tdef.columns):
            source = batch.column(i)
            arrow, target = source.type, schema.field(i).type
            is_text = pa.types.is_string(arrow) or pa.types.is_large_string(arrow)
            if arrow == target:
                columns.append(source)
            elif pa.types.is_null(arrow):
                columns.append(pa.nulls(n, target))
            elif col.type.upper() == "VARCHAR" and is_text:
                columns.append(source.cast(target))
            else:
                columns.append(source)  # replaced below by the cast values
                name = f"c{i}"
                cast = f"TRY_CAST({name} AS {col.type})"
                temporal = col.type.upper().startswith(_TEMPORAL) and is_text
                if temporal:
                    cast = f"CASE WHEN starts_with({name}, '0000-00-00') THEN NULL ELSE {cast} END"
                exprs.append(f"{cast} AS {name}")
                casts.append((i, temporal))
        columns.append(batch.column(len(tdef.columns)).cast(pa.int64()))
        if not casts:
            return pa.Table.from_arrays(columns, schema=schema)
        sources = pa.table({f"c{i}": batch.column(i) for i, _ in casts})
        self._casts.register("_seized_batch", sources)
        try:
            typed = self._casts.sql(
                f"SELECT {', '.join(exprs)} FROM _seized_batch"
            ).to_arrow_table()
        finally:
            self._casts.unregister("_seized_batch")
        bad: pa.Array | None = None
        failing: list[tuple[int, pa.Array]] = []
        for k, (i, temporal) in enumerate(casts):
            source, value = batch.column(i), typed.column(k).cast(schema.field(i).type)
            columns[i] = value
            lost = pc.and_(pc.is_valid(source), pc.is_null(value))
            if temporal:
                zero = pc.fill_null(pc.starts_with(source, "0000-00-00"), False)
                lost = pc.and_(lost, pc.invert(zero))
            if pc.any(lost).as_py():
                failing.append((i, lost))
                bad = lost if bad is None else pc.or_(bad, lost)
        result = pa.Table.from_arrays(columns, schema=schema)
        if bad is None:
            return result
        for row in pc.indices_nonzero(bad).to_pylist():
            failed = [i for i, lost in failing if lost[row].as_py()]
            self._bad_value(tdef, batch, row, failed)
        return result.filter(pc.invert(bad))

    def _reject_now(self, reject: Reject) -> None:
        if not self.keep_going:
            raise InputError(reject.reason, self.path, line=reject.line, offset=reject.offset)
        self.con.execute(
            "INSERT INTO rejects VALUES (?, ?, ?, ?, ?, ?, ?)",
            [self.evidence_id, self.market_id, reject.table, reject.line, reject.offset,
             reject.reason, reject.raw_text],
        )  # fmt: skip
        if reject.table is not None and reject.table in self.counts:
            self.counts[reject.table].read += 1
            self.counts[reject.table].rejected += 1
        else:
            self._unattached_rejects += 1

    # -- finishing --------------------------------------------------------------------------

    def finish(self) -> dict[str, TableCount]:
        """Check primary keys, make the views and record counts and files; returns the counts.

        Runs inside the caller's transaction on the case store, if it opened one.
        """
        self.drain()
        set_search_path(self.con, self.root)
        self.con.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_ident(self.schema)}")
        for name, tdef in self.tables.items():
            output = self._outputs[name]
            if not output.path.exists():
                continue  # replaced by a later dump's table of the same name
            count = self.counts[name]
            if tdef.primary_key:
                dropped = drop_duplicate_keys(
                    self.con,
                    tdef,
                    output,
                    path=self.path,
                    keep_going=self.keep_going,
                    reject=partial(self._reject_key, name),
                )
                count.stored -= dropped
                count.rejected += dropped
            # the view names its file: a file put beside it is not read (seized verify
            # reports it)
            self.con.execute(view_sql(self.schema, name, [output.relative]))
            self.con.execute(
                "INSERT OR REPLACE INTO raw_tables VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    self.market_id,
                    self.evidence_id,
                    self.schema,
                    name,
                    count.read,
                    count.stored,
                    count.rejected,
                ],
            )
            if output.rewritten or output.file is None:
                stored = sha256_file(output.path)
                digest, size = stored.sha256, stored.bytes
            else:
                digest, size = output.file.sha256, output.file.size
            self.con.execute(
                "INSERT OR REPLACE INTO raw_files VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    self.market_id,
                    self.schema,
                    name,
                    output.relative,
                    count.stored,
                    size,
                    digest,
                ],
            )
        return self.counts

    @property
    def unattached_rejects(self) -> int:
        """Rejected statements that belonged to no known table."""
        return self._unattached_rejects

    @property
    def warnings(self) -> list[str]:
        """What the investigator should know about this file although it loaded: what the
        parser said about how it read it, and a dump in which it found no table at all (empty,
        or not what its format says)."""
        if self.tables:
            return list(self._notes)
        return [
            *self._notes,
            f"{Path(self.path).name}: no table found in this file, nothing was loaded from it "
            "(is it empty, or not a dump of the format it was registered as?)",
        ]

    # -- internals --------------------------------------------------------------------------

    def _table(self, table: str) -> TableDef:
        try:
            return self.tables[table]
        except KeyError:
            raise InputError(
                f"rows for table {table!r}, which was never defined", self.path
            ) from None

    def _bad_value(self, tdef: TableDef, batch: pa.Table, row: int, columns: list[int]) -> None:
        index = columns[0] if columns else 0
        column = tdef.columns[index]
        pos = int(batch.column(POS_COLUMN)[row].as_py())
        value = batch.column(index)[row].as_py()
        shown = repr(value)[:80]
        reason = f"value {shown} in {tdef.name}.{column.name} is not a valid {column.type}"
        rowid = tdef.positions == "rowid"
        if not self.keep_going:
            raise InputError(
                f"{reason} (row at {position_words(tdef, pos)})" if rowid else reason,
                self.path,
                offset=None if rowid else pos,
                column=column.name,
                hint="fix the dump, or rerun with --keep-going to set such rows aside as rejects",
            )
        self._insert_reject(tdef.name, pos, reason, shown, rowid=rowid)
        self.counts[tdef.name].rejected += 1

    def _reject_key(self, table: str, pos: int, reason: str) -> None:
        rowid = self.tables[table].positions == "rowid"
        self._insert_reject(table, pos, reason, None, rowid=rowid)

    def _insert_reject(
        self, table: str | None, pos: int, reason: str, raw_text: str | None, *, rowid: bool
    ) -> None:
        """A row set aside by the sink: at a byte offset, or (SQLite) a rowid kept as its line."""
        line, offset = (pos, None) if rowid else (None, pos)
        self.con.execute(
            "INSERT INTO rejects VALUES (?, ?, ?, ?, ?, ?, ?)",
            [self.evidence_id, self.market_id, table, line, offset, reason, raw_text],
        )
