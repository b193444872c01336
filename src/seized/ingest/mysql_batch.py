"""Rows on their way to the sink: gathered per table into Arrow batches of about batch_rows rows.

Two kinds of pending rows: CSV text from the fast path (turned into Arrow by the CSV reader when
the batch is sent) and Python values from the slow path. Rows leave in the order they were read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain, repeat

import pyarrow as pa

from seized.ingest.base import POS_COLUMN, RawSink, TableDef
from seized.ingest.mysql_fast import Converted, read_csv, skeleton_ok
from seized.ingest.mysql_schema import is_blob
from seized.ingest.mysql_values import Value

#: Send a CSV batch when its text passes this size, whatever its row count.
MAX_BATCH_BYTES = 128 << 20


@dataclass
class FastStatement:
    """One INSERT read by the fast path, kept until its batch is read (to re-read it exactly)."""

    start: int  # absolute byte offset of the statement
    line: int
    text: bytes  # the whole statement


@dataclass
class _CsvBatch:
    table: TableDef
    order: tuple[int, ...]  # table column of each CSV field
    transcode: str | None  # the dump's encoding when it is not UTF-8
    parts: list[bytes] = field(default_factory=list)
    skeletons: list[bytes] = field(default_factory=list)
    skeleton_rows: int = 0
    lines: list[int] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    statements: list[FastStatement] = field(default_factory=list)
    rows: int = 0
    size: int = 0


@dataclass
class _RowBatch:
    table: TableDef
    columns: list[list[Value]]
    lines: list[int] = field(default_factory=list)


def arrow_type(table: TableDef, index: int) -> pa.DataType:
    return pa.binary() if is_blob(table.columns[index]) else pa.string()


class Batcher:
    """Collects rows of one table at a time and sends them to the sink in batches."""

    def __init__(
        self,
        sink: RawSink,
        batch_rows: int,
        reread: Callable[[list[FastStatement], TableDef], None],
    ) -> None:
        self.sink = sink
        self.batch_rows = max(1, batch_rows)
        self.reread = reread  # reads statements again on the slow path after a CSV failure
        self._csv: _CsvBatch | None = None
        self._rows: _RowBatch | None = None
        self.appended = 0

    def add_csv(
        self,
        table: TableDef,
        order: tuple[int, ...],
        transcode: str | None,
        converted: Converted,
        statement: FastStatement,
    ) -> None:
        batch = self._csv
        if batch is None or batch.table is not table or batch.order != order:
            self.flush()
            batch = self._csv = _CsvBatch(table, order, transcode)
        count = converted.rows
        batch.parts.append(converted.csv)
        if converted.skeleton is not None:
            batch.skeletons.append(converted.skeleton)
            batch.skeleton_rows += count
        batch.lines.append(statement.line)
        batch.counts.append(count)
        batch.statements.append(statement)
        batch.rows += count
        batch.size += len(converted.csv) + len(statement.text)
        if batch.rows >= self.batch_rows or batch.size >= MAX_BATCH_BYTES:
            self.flush()

    def add_row(self, table: TableDef, row: list[Value], line: int) -> None:
        batch = self._rows
        if batch is None or batch.table is not table:
            self.flush()
            batch = self._rows = _RowBatch(table, [[] for _ in table.columns])
        for column, value in zip(batch.columns, row, strict=True):
            column.append(value)
        batch.lines.append(line)
        if len(batch.lines) >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Send whatever is pending."""
        csv, self._csv = self._csv, None
        if csv is not None:
            self._send_csv(csv)
        rows, self._rows = self._rows, None
        if rows is not None:
            self._send_rows(rows)

    def check_fast(self) -> None:
        """Read (and so check) the pending fast-path rows now."""
        if self._csv is not None:
            self.flush()

    def _send_rows(self, batch: _RowBatch) -> None:
        table = batch.table
        arrays = [
            pa.array(values, type=arrow_type(table, index))
            for index, values in enumerate(batch.columns)
        ]
        self._send(table, arrays, pa.array(batch.lines, type=pa.int64()))

    def _send_csv(self, batch: _CsvBatch) -> None:
        table = batch.table
        types = [arrow_type(table, index) for index in batch.order]
        data = b"\n".join(batch.parts)
        batch.parts.clear()
        read = None
        if not batch.skeletons or skeleton_ok(
            b"\n".join(batch.skeletons), batch.skeleton_rows, len(batch.order)
        ):
            try:
                if batch.transcode is not None:
                    data = data.decode(batch.transcode).encode("utf-8")
                read = read_csv(data, types)
            except (pa.ArrowInvalid, UnicodeDecodeError):
                read = None
        if read is None or read.num_rows != batch.rows:
            del data
            self.reread(batch.statements, table)
            self.flush()
            return
        fields = dict(zip(batch.order, read.columns, strict=True))
        arrays: list[pa.Array | pa.ChunkedArray] = [
            fields[index] if index in fields else pa.nulls(batch.rows, arrow_type(table, index))
            for index in range(len(table.columns))
        ]
        lines = chain.from_iterable(map(repeat, batch.lines, batch.counts))
        self._send(table, arrays, pa.array(list(lines), type=pa.int64()))

    def _send(
        self, table: TableDef, arrays: list[pa.Array | pa.ChunkedArray], lines: pa.Array
    ) -> None:
        names = [*table.column_names, POS_COLUMN]
        self.sink.append(table.name, pa.table([*arrays, lines], names=names))
        self.appended += len(lines)
