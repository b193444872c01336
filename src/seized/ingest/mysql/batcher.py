"""Rows on their way to the sink: gathered per table into Arrow batches of about batch_rows rows.

Pending rows are of three kinds: the VALUES text of plain one-line INSERT statements (read many
statements at a time by :mod:`.insert_vector`), CSV text from the per-statement converter of
:mod:`.insert_csv` (for statements spread over lines, as phpMyAdmin and mariadb-dump write them),
and Python values from the exact reader. Each row's ``_seized_pos`` is the byte offset of its
``(`` in the dump: its statement's offset plus where the reader found it in the statement. Rows
leave in the order they were read. A full batch of text is read on a worker thread while the
parser goes on with the next statements (NumPy and Arrow release the GIL); its rows are handed
to the sink, or its statements read again on a slower path (see :mod:`seized.ingest.mysql`), by
the parser's thread before anything that came after them.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from seized.ingest.base import POS_COLUMN, RawSink, TableDef
from seized.ingest.mysql.column_types import is_blob
from seized.ingest.mysql.insert_csv import Converted, fast_csv, read_csv, skeleton_ok
from seized.ingest.mysql.insert_exact import Value
from seized.ingest.mysql.insert_vector import read_rows

#: Send a CSV batch when its text passes this size, whatever its row count.
MAX_BATCH_BYTES = 128 << 20
#: Read a batch of plain INSERT statements when their VALUES text passes this size.
VALUES_BATCH_BYTES = 8 << 20


@dataclass
class FastStatement:
    """One INSERT read by the fast path, kept until its batch is read (to re-read it exactly)."""

    start: int  # absolute byte offset of the statement
    line: int
    text: bytes  # the whole statement, with its ';'
    values_at: int = 0  # where its rows start in text


@dataclass
class _CsvBatch:
    table: TableDef
    order: tuple[int, ...]  # table column of each CSV field
    transcode: str | None  # the dump's encoding when it is not UTF-8
    plain: bool = False  # parts are the VALUES texts of plain statements, not CSV text
    parts: list[bytes | memoryview] = field(default_factory=list)
    skeletons: list[bytes] = field(default_factory=list)
    skeleton_rows: int = 0
    bases: list[int] = field(default_factory=list)  # offset of each statement's VALUES text
    starts: list[np.ndarray] = field(default_factory=list)  # CSV text: where its rows start
    counts: list[int] = field(default_factory=list)
    statements: list[FastStatement] = field(default_factory=list)
    rows: int = 0
    size: int = 0


@dataclass
class _RowBatch:
    table: TableDef
    columns: list[list[Value]]
    positions: list[int] = field(default_factory=list)


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
        self._reading: tuple[_CsvBatch, Future[_Read | None]] | None = None
        self._pool: ThreadPoolExecutor | None = None
        self.appended = 0

    def add_csv(
        self,
        table: TableDef,
        order: tuple[int, ...],
        transcode: str | None,
        converted: Converted,
        statement: FastStatement,
    ) -> None:
        batch = self._batch(table, order, transcode, plain=False)
        count = converted.rows
        batch.parts.append(converted.csv)
        if converted.skeleton is not None:
            batch.skeletons.append(converted.skeleton)
            batch.skeleton_rows += count
        batch.bases.append(statement.start + statement.values_at)
        batch.starts.append(converted.starts)
        batch.counts.append(count)
        batch.statements.append(statement)
        batch.rows += count
        batch.size += len(converted.csv) + len(statement.text)
        if batch.rows >= self.batch_rows or batch.size >= MAX_BATCH_BYTES:
            self._dispatch()

    def add_values(
        self,
        table: TableDef,
        order: tuple[int, ...],
        transcode: str | None,
        statement: FastStatement,
    ) -> None:
        """A plain one-line INSERT: its rows are found when its batch is read."""
        batch = self._batch(table, order, transcode, plain=True)
        values = memoryview(statement.text)[statement.values_at : -1]
        batch.parts.append(values)
        batch.bases.append(statement.start + statement.values_at)
        batch.statements.append(statement)
        batch.size += len(values)
        if batch.size >= VALUES_BATCH_BYTES:
            self._dispatch()

    def _batch(
        self, table: TableDef, order: tuple[int, ...], transcode: str | None, *, plain: bool
    ) -> _CsvBatch:
        batch = self._csv
        if (
            batch is None
            or batch.table is not table
            or batch.order != order
            or batch.plain != plain
        ):
            self.flush()
            batch = self._csv = _CsvBatch(table, order, transcode, plain)
        return batch

    def add_row(self, table: TableDef, row: list[Value], position: int) -> None:
        batch = self._rows
        if batch is None or batch.table is not table:
            self.flush()
            batch = self._rows = _RowBatch(table, [[] for _ in table.columns])
        for column, value in zip(batch.columns, row, strict=True):
            column.append(value)
        batch.positions.append(position)
        if len(batch.positions) >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Send whatever is pending, and wait until it is sent."""
        self._dispatch()
        self._settle()
        rows, self._rows = self._rows, None
        if rows is not None:
            self._send_rows(rows)

    def close(self) -> None:
        """Stop the worker thread (after a failure, without sending what is pending)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._reading = None

    def _dispatch(self) -> None:
        """Start reading the pending CSV batch on the worker, once the one before is sent."""
        csv, self._csv = self._csv, None
        self._settle()
        if csv is None:
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seized-csv")
        self._reading = csv, self._pool.submit(_read_batch, csv)

    def _settle(self) -> None:
        """Finish the batch being read: its rows to the sink, or its statements read again."""
        if self._reading is None:
            return
        csv, job = self._reading
        self._reading = None
        self._send_csv(csv, job.result())

    def check_fast(self) -> None:
        """Read (and so check) the pending fast-path rows now."""
        if self._csv is not None or self._reading is not None:
            self.flush()

    def _send_rows(self, batch: _RowBatch) -> None:
        table = batch.table
        arrays = [
            pa.array(values, type=arrow_type(table, index))
            for index, values in enumerate(batch.columns)
        ]
        self._send(table, arrays, pa.array(batch.positions, type=pa.int64()))

    def _send_csv(self, batch: _CsvBatch, read: _Read | None) -> None:
        if read is not None:
            self._send_read(batch, *read, batch.bases)
        elif batch.plain:
            self._one_by_one(batch)
        else:
            self.reread(batch.statements, batch.table)
        self.flush()

    def _one_by_one(self, batch: _CsvBatch) -> None:
        """After a batch of plain statements failed: each statement on its own, through the
        per-statement converter, or else the slow path."""
        for statement in batch.statements:
            read = _read_one(batch, statement)
            if read is None:
                self.reread([statement], batch.table)
                continue
            rows, self._rows = self._rows, None
            if rows is not None:  # rows read again before this statement go first
                self._send_rows(rows)
            self._send_read(batch, *read, [statement.start + statement.values_at])

    def _send_read(
        self,
        batch: _CsvBatch,
        read: pa.Table,
        counts: list[int],
        starts: np.ndarray,
        bases: list[int],
    ) -> None:
        table = batch.table
        fields = dict(zip(batch.order, read.columns, strict=True))
        arrays: list[pa.Array | pa.ChunkedArray] = [
            fields[index] if index in fields else pa.nulls(read.num_rows, arrow_type(table, index))
            for index in range(len(table.columns))
        ]
        offsets = np.repeat(np.array(bases, np.int64), counts) + starts
        positions = pa.array(offsets, pa.int64())
        step = self.batch_rows
        for start in range(0, read.num_rows, step):
            self._send(table, [a.slice(start, step) for a in arrays], positions.slice(start, step))

    def _send(
        self, table: TableDef, arrays: list[pa.Array | pa.ChunkedArray], positions: pa.Array
    ) -> None:
        names = [*table.column_names, POS_COLUMN]
        self.sink.append(table.name, pa.table([*arrays, positions], names=names))
        self.appended += len(positions)


#: a batch's rows as Arrow columns, the number of rows of each of its statements, and where
#: each row starts in its statement's VALUES text (in the dump's bytes)
_Read = tuple[pa.Table, list[int], np.ndarray]


def _read_batch(batch: _CsvBatch) -> _Read | None:
    """On the worker: the batch's rows, or None when any of them is not plain (the parser then
    reads its statements again on a slower path)."""
    types = [arrow_type(batch.table, index) for index in batch.order]
    if batch.plain:
        texts: list[bytes | memoryview] = batch.parts
        if batch.transcode is not None:
            try:
                texts = [bytes(t).decode(batch.transcode).encode("utf-8") for t in texts]
            except UnicodeDecodeError:
                return None
        found = read_rows(texts, types)
        if found is None:
            return None
        table, counts, starts = found
        if batch.transcode is not None:
            starts = _source_offsets(batch.parts, texts, counts, starts, batch.transcode)
        return table, counts.tolist(), starts
    data = b"\n".join(batch.parts)
    batch.parts.clear()
    if batch.skeletons and not skeleton_ok(
        b"\n".join(batch.skeletons), batch.skeleton_rows, len(batch.order)
    ):
        return None
    batch.skeletons.clear()
    try:
        if batch.transcode is not None:
            data = data.decode(batch.transcode).encode("utf-8")
        read = read_csv(data, types)
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    if read.num_rows != batch.rows:
        return None
    return read, batch.counts, np.concatenate(batch.starts)


def _read_one(batch: _CsvBatch, statement: FastStatement) -> _Read | None:
    """One plain statement through the per-statement converter, or None."""
    converted = fast_csv(statement.text, statement.values_at, len(statement.text))
    if converted is None:
        return None
    single = _CsvBatch(batch.table, batch.order, batch.transcode)
    single.parts.append(converted.csv)
    if converted.skeleton is not None:
        single.skeletons.append(converted.skeleton)
        single.skeleton_rows = converted.rows
    single.counts.append(converted.rows)
    single.starts.append(converted.starts)
    single.rows = converted.rows
    return _read_batch(single)


def _source_offsets(
    sources: list[bytes | memoryview],
    texts: list[bytes | memoryview],
    counts: np.ndarray,
    starts: np.ndarray,
    encoding: str,
) -> np.ndarray:
    """Row starts found in texts converted to UTF-8, as offsets in their source bytes."""
    out = np.empty_like(starts)
    at = 0
    for source, text, count in zip(sources, texts, counts.tolist(), strict=True):
        mine = starts[at : at + count]
        utf8 = np.frombuffer(text, np.uint8)
        chars = np.cumsum((utf8 & 0xC0) != 0x80)  # characters up to and with each byte
        index = np.where(mine > 0, chars[np.maximum(mine - 1, 0)], 0)
        decoded = bytes(source).decode(encoding)
        if len(decoded) == len(source):  # one byte a character
            out[at : at + count] = index
        else:
            sizes = np.array([len(c.encode(encoding)) for c in decoded], np.int64)
            ends = np.concatenate([np.zeros(1, np.int64), np.cumsum(sizes)])
            out[at : at + count] = ends[index]
        at += count
    return out
