"""The data of COPY blocks, loaded in large chunks by Arrow's CSV reader.

The lines of a block are gathered into chunks of at least 8 MB (usually one read of the dump,
about 16 MB: smaller chunks keep memory down and the two workers busy to the end of a block).
Each chunk is split on tabs by Arrow's multi-threaded CSV reader (no quoting, ``\\N`` as NULL,
strict UTF-8), and the escapes that ``COPY TO`` writes (``\\\\ \\b \\f \\n \\r \\t \\v``) are
undone in vectorised passes over each column's bytes (:mod:`seized.ingest.unescape`). A value
with any other escape (octal or hex escapes, which ``COPY TO`` never writes), a bytea value not
in hex form, or a row of empty strings (which may be an empty line) is flagged, and its line is
re-read by :func:`.copy_exact.parse_line`, the exact reading of the format. So is every line of
a chunk that Arrow refuses as a whole (wrong column count, invalid bytes), which then gets its
precise line and byte offset. Chunks are loaded on two worker threads while the next is read;
their rows reach the sink in the dump's order, and every call to the sink is over before the
block is finished.
"""

from __future__ import annotations

import codecs
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from seized.errors import InputError, UserError
from seized.ingest.base import POS_COLUMN, ParseOptions, RawSink, Reject, TableDef
from seized.ingest.charset import likely
from seized.ingest.postgres.copy_exact import RowError, hex_bytea, parse_line
from seized.ingest.unescape import meanings, undo_escapes

#: a chunk is handed to a worker once it holds this much (one read of the dump usually does)
CHUNK_BYTES = 8 << 20
#: chunks read at once: two workers keep both cores busy while the sink writes
WORKERS = 2
#: columns and positions of rows ready for the sink
_Piece = tuple[list[pa.Array], pa.Array]
_ARROW_ENCODINGS = {"utf-8": "utf8", "iso8859-1": "latin1"}
_PARSE = pcsv.ParseOptions(
    delimiter="\t",
    quote_char=False,
    double_quote=False,
    escape_char=False,
    newlines_in_values=False,
    ignore_empty_lines=False,
)


@dataclass
class CopyContext:
    """What every COPY block of one dump shares."""

    path: Path
    sink: RawSink
    options: ParseOptions
    chunk_bytes: int = field(default_factory=lambda: CHUNK_BYTES)
    arrow_encoding: str | None = field(init=False)
    _pool: ThreadPoolExecutor | None = None

    def __post_init__(self) -> None:
        try:
            name = codecs.lookup(self.options.encoding).name
        except LookupError:
            raise UserError(f"unknown encoding {self.options.encoding!r}") from None
        self.arrow_encoding = _ARROW_ENCODINGS.get(name)

    @property
    def pool(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="seized-copy")
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def fail(self, table: str, reason: str, line: int, offset: int | None, raw: bytes) -> None:
        """A bad row: InputError, or with keep_going a reject."""
        if not self.options.keep_going:
            encoding = self.options.encoding
            hint = likely(raw, encoding) if reason == f"invalid {encoding} bytes" else None
            raise InputError(
                f"table {table}: {reason}", self.path, line=line, offset=offset, hint=hint
            )
        text = raw.decode(self.options.encoding, errors="replace")[:1000]
        self.sink.reject(Reject(table, reason, line=line, offset=offset, raw_text=text))


@dataclass
class _Chunk:
    data: bytes | memoryview
    first_line: int
    first_offset: int
    lines: int


class CopyBlock:
    """The data lines of one ``COPY ... FROM stdin`` block."""

    def __init__(self, ctx: CopyContext, table: TableDef, columns: list[str]) -> None:
        self.ctx = ctx
        self.table = table
        self.columns = columns
        position = {name: i for i, name in enumerate(columns)}
        self.slots = [position.get(c.name) for c in table.columns]  # COPY index of each column
        by_name = {c.name: c for c in table.columns}
        self.blobs = [by_name[name].type == "BLOB" for name in columns]
        self.arrow_types = [pa.binary() if c.type == "BLOB" else pa.string() for c in table.columns]
        self.names = [*table.column_names, POS_COLUMN]
        self._runs: list[bytes | memoryview] = []
        self._size = 0
        self._lines = 0
        self._first = (0, 0)
        self._jobs: deque[Future[tuple[list[_Piece], int]]] = deque()
        self.rows = 0  # lines handed on, appended or rejected

    def write(
        self, run: bytes | memoryview, first_line: int, first_offset: int, lines: int
    ) -> None:
        if not self._runs:
            self._first = (first_line, first_offset)
        self._runs.append(run)
        self._size += len(run)
        self._lines += lines
        if self._size >= self.ctx.chunk_bytes:
            self._flush()

    def finish(self, rest: bytes | None, line: int = 0, offset: int = 0) -> None:
        """The block ended (rest None) or the dump ended inside it (rest: the unfinished line,
        which is ``line``, at ``offset``)."""
        self._flush()
        self._wait()
        if rest is None:
            return
        ctx = self.ctx
        name = self.table.name
        if rest:
            ctx.fail(name, "the dump ends inside this row (truncated)", line, offset, rest)
        reason = "the dump ends inside the COPY block (no \\. line): truncated"
        if not ctx.options.keep_going:
            raise InputError(f"table {name}: {reason}", ctx.path, line=line, offset=offset)
        ctx.sink.reject(Reject(name, reason, line=line, offset=offset))

    def _flush(self) -> None:
        if not self._runs:
            return
        data = self._runs[0] if len(self._runs) == 1 else b"".join(self._runs)
        chunk = _Chunk(data, *self._first, self._lines)
        self._runs, self._size, self._lines = [], 0, 0
        while len(self._jobs) >= WORKERS:
            self._collect()
        self._jobs.append(self.ctx.pool.submit(self._load, chunk))

    def _wait(self) -> None:
        while self._jobs:
            self._collect()

    def _collect(self) -> None:
        """Hand the oldest chunk's rows to the sink: chunks reach it in the dump's order."""
        pieces, lines = self._jobs.popleft().result()
        for arrays, positions in pieces:
            self._append(arrays, positions)
        self.rows += lines

    def _append(self, arrays: list[pa.Array], positions: pa.Array) -> None:
        step = max(1, self.ctx.options.batch_rows)
        for start in range(0, len(positions), step):
            n = min(step, len(positions) - start)
            out: list[pa.Array] = []
            for slot, arrow_type in zip(self.slots, self.arrow_types, strict=True):
                out.append(
                    pa.nulls(n, arrow_type) if slot is None else arrays[slot].slice(start, n)
                )
            out.append(positions.slice(start, n))
            batch = pa.Table.from_arrays(out, names=self.names)
            self.ctx.sink.append(self.table.name, batch)

    # -- on a worker ------------------------------------------------------------------------------

    def _load(self, chunk: _Chunk) -> tuple[list[_Piece], int]:
        """The chunk's rows (the ones Arrow read, then any re-read) and its line count."""
        pieces: list[_Piece] = []
        bad: list[int] | None = None
        if self.ctx.arrow_encoding is not None:
            bad = self._fast(chunk, pieces)
        if bad is None:
            pieces.append(self._slow(chunk, None))
        elif bad:
            pieces.append(self._slow(chunk, set(bad)))
        return pieces, chunk.lines

    def _fast(self, chunk: _Chunk, pieces: list[_Piece]) -> list[int] | None:
        """Add the rows Arrow reads exactly to ``pieces``; the indexes of those to re-read, or
        None for all."""
        names = [f"c{i}" for i in range(len(self.columns))]
        try:
            table = pcsv.read_csv(
                pa.BufferReader(pa.py_buffer(chunk.data)),
                read_options=pcsv.ReadOptions(
                    column_names=names, block_size=4 << 20, encoding=self.ctx.arrow_encoding
                ),
                parse_options=_PARSE,
                convert_options=pcsv.ConvertOptions(
                    column_types={n: pa.string() for n in names},
                    null_values=["\\N"],
                    strings_can_be_null=True,
                    check_utf8=True,
                ),
            )
        except (pa.ArrowInvalid, pa.ArrowException):
            return None
        if table.num_rows != chunk.lines:
            return None  # a lone carriage return split a line
        arrays: list[pa.Array] = []
        flags: pa.Array | None = None
        for column, blob in zip(table.columns, self.blobs, strict=True):
            array, bad = _unescape(column.combine_chunks())
            if blob:
                array, bad = _bytea(array, bad)
            arrays.append(array)
            flags = bad if flags is None else _either(flags, bad)
        if len(arrays) > 1:
            empty = pc.equal(pc.binary_length(table.column(0)), 0)
            for column in table.columns[1:]:
                empty = pc.and_(empty, pc.equal(pc.binary_length(column), 0))
            empty = pc.fill_null(empty, False).combine_chunks()
            flags = empty if flags is None else _either(flags, empty)
        positions = _line_starts(chunk, table.num_rows)
        bad_rows: list[int] = []
        if flags is not None and pc.any(flags).as_py():
            bad_rows = pc.indices_nonzero(flags).to_pylist()
            keep = pc.invert(flags)
            arrays = [a.filter(keep) for a in arrays]
            positions = positions.filter(keep)
        pieces.append((arrays, positions))
        return bad_rows

    def _slow(self, chunk: _Chunk, only: set[int] | None) -> _Piece:
        """Re-read lines exactly: the listed ones, or all of the chunk. A bad line is an error,
        or with keep_going a reject."""
        encoding = self.ctx.options.encoding
        columns: list[list[str | bytes | None]] = [[] for _ in self.columns]
        positions: list[int] = []
        offset = chunk.first_offset
        lines = bytes(chunk.data).split(b"\n")
        if lines and not lines[-1]:
            lines.pop()
        for index, line in enumerate(lines):
            start, offset = offset, offset + len(line) + 1
            if only is not None and index not in only:
                continue
            body = line[:-1] if line.endswith(b"\r") else line
            try:
                values = parse_line(body, self.blobs, encoding)
            except RowError as exc:
                where = start + exc.position
                self.ctx.fail(self.table.name, str(exc), chunk.first_line + index, where, body)
                continue
            for column, value in zip(columns, values, strict=True):
                column.append(value)
            positions.append(start)
        arrays = [
            pa.array(values, pa.binary() if blob else pa.string())
            for values, blob in zip(columns, self.blobs, strict=True)
        ]
        return arrays, pa.array(positions, pa.int64())


def _either(a: pa.Array, b: pa.Array) -> pa.Array:
    return pc.or_(a, b)


#: what each escape that COPY TO writes stands for; any other escape is re-read exactly
_COPY_ESCAPES = meanings(
    {"\\": 0x5C, "b": 0x08, "f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09, "v": 0x0B},
    others_are_literal=False,
)


def _unescape(array: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Undo the escapes of COPY TO; also the flags of values the exact path must re-read (any
    other escape: octal, hex, a backslash before any other byte or at the very end)."""
    return undo_escapes(array, _COPY_ESCAPES)


def _bytea(array: pa.Array, bad: pa.Array) -> tuple[pa.Array, pa.Array]:
    values: list[bytes | None] = []
    flags = bad.to_pylist()
    for i, text in enumerate(array.to_pylist()):
        data = None if text is None or flags[i] else hex_bytea(text)
        if text is not None and data is None:
            flags[i] = True
        values.append(data)
    return pa.array(values, pa.binary()), pa.array(flags, pa.bool_())


def _line_starts(chunk: _Chunk, n: int) -> pa.Array:
    """The byte offsets at which the chunk's first ``n`` lines start, as int64, without a
    Python loop over the rows."""
    breaks = np.flatnonzero(np.frombuffer(chunk.data, np.uint8) == 0x0A)[: max(n - 1, 0)]
    starts = np.concatenate([np.zeros(1, np.int64), breaks.astype(np.int64) + 1])[:n]
    return pa.array(starts + chunk.first_offset)
