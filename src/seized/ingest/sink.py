"""The DuckDB sink: raw tables of one market in the case store.

Batches arrive from a parser (see :mod:`seized.ingest.base`); values that arrive as text are cast
to each column's declared type with ``TRY_CAST``, and a value that does not fit is an error naming
the evidence file, the line and the column (or, with ``keep_going``, a reject). MySQL's zero dates
become NULL. Duplicate primary keys are found when the market is finished.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from seized.errors import InputError
from seized.ingest.base import POS_COLUMN, Reject, TableDef
from seized.sqlident import qualified, quote_ident

_TEMPORAL = ("DATE", "TIMESTAMP", "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE")


@dataclass
class TableCount:
    read: int = 0
    stored: int = 0
    rejected: int = 0


class DuckSink:
    """Writes one evidence file's raw tables into ``schema`` of the case store."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        schema: str,
        market_id: str,
        evidence_id: int,
        evidence_path: str,
        keep_going: bool = False,
    ) -> None:
        self.con = con
        self.schema = schema
        self.market_id = market_id
        self.evidence_id = evidence_id
        self.path = evidence_path
        self.keep_going = keep_going
        self.tables: dict[str, TableDef] = {}
        self.counts: dict[str, TableCount] = {}
        self._unattached_rejects = 0
        self._queue: queue.Queue[tuple[Callable[..., None], tuple[object, ...]] | None] = (
            queue.Queue(maxsize=3)
        )
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._failed = False
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_ident(schema)}")

    # -- RawSink protocol: calls are queued to a writer thread ------------------------------

    def define(self, table: TableDef) -> None:
        self._submit(self._define_now, table)

    def append(self, table: str, batch: pa.Table) -> None:
        self._submit(self._append_now, table, batch)

    def reject(self, reject: Reject) -> None:
        self._submit(self._reject_now, reject)

    def _submit(self, func: Callable[..., None], *args: object) -> None:
        """Queue work for the writer thread, so parsing (Python) and writing (DuckDB, which
        releases the GIL) overlap on two cores. The queue is short: memory stays bounded."""
        self._raise_failure()
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
        """Wait until every queued call is done; raise the first failure, if any."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        self._raise_failure()

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
        return failure

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
        cols = ", ".join(f"{quote_ident(c.name)} {c.type}" for c in table.columns)
        target = qualified(self.schema, table.name)
        self.con.execute(f"DROP TABLE IF EXISTS {target}")
        self.con.execute(f"CREATE TABLE {target} ({cols}, {quote_ident(POS_COLUMN)} BIGINT)")
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
        self.con.register("_seized_batch", batch)
        try:
            exprs, checks = self._casts(tdef, batch)
            bad_positions: list[int] = []
            conditions = [condition for _, condition in checks]
            if checks:
                bad = self.con.execute(
                    f"SELECT {quote_ident(POS_COLUMN)}, {', '.join(conditions)} "
                    f"FROM _seized_batch WHERE {' OR '.join(conditions)}"
                ).fetchall()
                for row in bad:
                    failing = [c for (c, _), flag in zip(checks, row[1:], strict=True) if flag]
                    self._bad_value(tdef, int(row[0]), failing)
                    bad_positions.append(int(row[0]))
            where = ""
            if bad_positions:
                where = " WHERE NOT (" + " OR ".join(conditions) + ")"
            target = qualified(self.schema, table)
            self.con.execute(
                f"INSERT INTO {target} SELECT {', '.join(exprs)}, {quote_ident(POS_COLUMN)} "
                f"FROM _seized_batch{where}"
            ).fetchall()
            count.stored += batch.num_rows - len(bad_positions)
        finally:
            self.con.unregister("_seized_batch")

    def _reject_now(self, reject: Reject) -> None:
        if not self.keep_going:
            raise InputError(reject.reason, self.path, line=reject.line, offset=reject.offset)
        self._insert_reject(
            reject.table, reject.line, reject.offset, reject.reason, reject.raw_text
        )
        if reject.table is not None and reject.table in self.counts:
            self.counts[reject.table].read += 1
            self.counts[reject.table].rejected += 1
        else:
            self._unattached_rejects += 1

    # -- finishing --------------------------------------------------------------------------

    def finish(self) -> dict[str, TableCount]:
        """Check primary keys, record counts per raw table; returns the counts."""
        self.drain()
        for name, tdef in self.tables.items():
            if tdef.primary_key:
                self._check_primary_key(tdef)
            count = self.counts[name]
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
        return self.counts

    @property
    def unattached_rejects(self) -> int:
        """Rejected statements that belonged to no known table."""
        return self._unattached_rejects

    # -- internals --------------------------------------------------------------------------

    def _table(self, table: str) -> TableDef:
        try:
            return self.tables[table]
        except KeyError:
            raise InputError(
                f"rows for table {table!r}, which was never defined", self.path
            ) from None

    def _casts(self, tdef: TableDef, batch: pa.Table) -> tuple[list[str], list[tuple[str, str]]]:
        """Per column, the expression that casts it, and for the columns that can fail to cast,
        (column name, condition true when its value does not fit)."""
        exprs: list[str] = []
        checks: list[tuple[str, str]] = []
        for col, field in zip(tdef.columns, batch.schema, strict=False):
            name = quote_ident(col.name)
            ctype = col.type.upper()
            is_text = pa.types.is_string(field.type) or pa.types.is_large_string(field.type)
            if pa.types.is_null(field.type) or (ctype == "VARCHAR" and is_text):
                exprs.append(f"CAST({name} AS {col.type})")
                continue
            if ctype.startswith(_TEMPORAL) and is_text:
                cast = f"TRY_CAST({name} AS {col.type})"
                expr = f"CASE WHEN starts_with({name}, '0000-00-00') THEN NULL ELSE {cast} END"
                exprs.append(expr)
                checks.append(
                    (
                        col.name,
                        f"({name} IS NOT NULL AND NOT starts_with({name}, '0000-00-00') "
                        f"AND {cast} IS NULL)",
                    )
                )
                continue
            cast = f"TRY_CAST({name} AS {col.type})"
            exprs.append(cast)
            checks.append((col.name, f"({name} IS NOT NULL AND {cast} IS NULL)"))
        return exprs, checks

    def _bad_value(self, tdef: TableDef, pos: int, failing: list[str]) -> None:
        column = failing[0] if failing else "?"
        col_type = next((c.type for c in tdef.columns if c.name == column), "?")
        value = self.con.execute(
            f"SELECT CAST({quote_ident(column)} AS VARCHAR) FROM _seized_batch "
            f"WHERE {quote_ident(POS_COLUMN)} = ? LIMIT 1",
            [pos],
        ).fetchall()
        shown = repr(value[0][0])[:80] if value else "?"
        reason = f"value {shown} in {tdef.name}.{column} is not a valid {col_type}"
        if not self.keep_going:
            raise InputError(
                reason,
                self.path,
                line=pos,
                column=column,
                hint="fix the dump, or rerun with --keep-going to set such rows aside as rejects",
            )
        self._insert_reject(tdef.name, pos, None, reason, shown)
        self.counts[tdef.name].rejected += 1

    def _insert_reject(
        self,
        table: str | None,
        line: int | None,
        offset: int | None,
        reason: str,
        raw_text: str | None,
    ) -> None:
        self.con.execute(
            "INSERT INTO rejects VALUES (?, ?, ?, ?, ?, ?, ?)",
            [self.evidence_id, self.market_id, table, line, offset, reason, raw_text],
        )

    def _check_primary_key(self, tdef: TableDef) -> None:
        target = qualified(self.schema, tdef.name)
        keys = ", ".join(quote_ident(k) for k in tdef.primary_key)
        pos = quote_ident(POS_COLUMN)
        dupes = self.con.execute(
            f"SELECT {keys}, list({pos} ORDER BY {pos}) AS positions FROM {target} "
            f"GROUP BY ALL HAVING count(*) > 1 ORDER BY min({pos})"
        ).fetchall()
        if not dupes:
            return
        shown = ", ".join(f"{k}={v!r}" for k, v in zip(tdef.primary_key, dupes[0], strict=False))
        first, second = dupes[0][-1][0], dupes[0][-1][1]
        if not self.keep_going:
            raise InputError(
                f"duplicate primary key ({shown}) in table {tdef.name!r}; "
                f"first seen at line {first}",
                self.path,
                line=second,
                hint="rerun with --keep-going to keep the first row and set the others aside",
            )
        for row in dupes:
            values, positions = row[:-1], row[-1]
            for extra in positions[1:]:
                desc = ", ".join(
                    f"{k}={v!r}" for k, v in zip(tdef.primary_key, values, strict=False)
                )
                self._insert_reject(
                    tdef.name,
                    extra,
                    None,
                    f"duplicate primary key ({desc}); first seen at line {positions[0]}",
                    None,
                )
                self.con.execute(f"DELETE FROM {target} WHERE {pos} = ?", [extra])
                self.counts[tdef.name].stored -= 1
                self.counts[tdef.name].rejected += 1
