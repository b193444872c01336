"""The data of COPY blocks: a fast path through DuckDB's CSV reader and an exact slow path.

The lines of a block are copied into a temporary file in chunks. An in-memory DuckDB connection
(never the case store) splits each chunk on tabs with ``read_csv`` and undoes the escapes that
``COPY TO`` writes (``\\\\ \\b \\f \\n \\r \\t \\v``) with a chain of ``replace`` calls, only for
values that hold a backslash. A row that holds anything else (octal or hex escapes, the placeholder
character, a bytea value not in hex form) is flagged and re-read by :func:`parse_line`, the exact
Python reading of PostgreSQL's text format; so is every row of a chunk the CSV reader refuses
(wrong column count, invalid bytes, empty lines), which then gets its precise line and offset.
"""

from __future__ import annotations

import codecs
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from seized.errors import InputError
from seized.ingest.base import POS_COLUMN, ParseOptions, RawSink, Reject, TableDef

CHUNK_BYTES = 64 << 20
#: stands in for an escaped backslash while the other escapes are undone; a value that already
#: holds it takes the slow path
PLACEHOLDER = "\uffff"
_SIMPLE = (("\\b", 8), ("\\f", 12), ("\\n", 10), ("\\r", 13), ("\\t", 9), ("\\v", 11))
_FIELD = re.compile(rb"(?:[^\\\t]+|\\.)*", re.S)
_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))", re.S)
_BYTES_SIMPLE = {b"b": b"\b", b"f": b"\f", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"v": b"\v"}
_BYTEA_ESCAPE = re.compile(rb"\\(?:([0-7]{3})|(\\))")
_FAST_ENCODINGS = {"utf-8": "utf-8", "iso8859-1": "latin-1"}


class RowError(ValueError):
    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


def _unescape(match: re.Match[bytes]) -> bytes:
    octal, hexa, other = match.groups()
    if octal:
        return bytes([int(octal, 8) & 0xFF])
    if hexa:
        return bytes([int(hexa, 16)])
    return _BYTES_SIMPLE.get(other, other)


def _bytea(text: bytes, position: int) -> bytes:
    if text.startswith(b"\\x"):
        hexa = text[2:]
        if len(hexa) % 2 or not re.fullmatch(rb"[0-9a-fA-F]*", hexa):
            raise RowError("bytea value is not valid hex", position)
        return bytes.fromhex(hexa.decode("ascii"))
    if re.search(rb"\\(?![0-7]{3}|\\)", text):
        raise RowError("bytea value has an invalid escape", position)
    return _BYTEA_ESCAPE.sub(
        lambda m: bytes([int(m.group(1), 8) & 0xFF]) if m.group(1) else b"\\", text
    )


def parse_line(line: bytes, blobs: list[bool], encoding: str) -> list[str | bytes | None]:
    """One line of COPY text data (without its newline) as values; RowError when malformed."""
    values: list[str | bytes | None] = []
    pos = 0
    n = len(line)
    while True:
        m = _FIELD.match(line, pos)
        assert m is not None  # the pattern matches the empty string
        raw = m.group()
        if m.end() < n and line[m.end()] != 9:
            raise RowError("backslash at the end of the line", m.end())
        if len(values) >= len(blobs):
            raise RowError(f"more than {len(blobs)} fields", pos)
        values.append(_value(raw, pos, blobs[len(values)], encoding))
        pos = m.end()
        if pos >= n:
            break
        pos += 1  # the tab
        if pos == n:
            if len(values) >= len(blobs):
                raise RowError(f"more than {len(blobs)} fields", pos)
            values.append(_value(b"", pos, blobs[len(values)], encoding))
            break
    if len(values) != len(blobs):
        raise RowError(f"{len(values)} fields where the COPY lists {len(blobs)} columns", 0)
    return values


def _value(raw: bytes, position: int, blob: bool, encoding: str) -> str | bytes | None:
    if raw == b"\\N":
        return None
    data = _ESCAPE.sub(_unescape, raw) if b"\\" in raw else raw
    if blob:
        return _bytea(data, position)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        where = position + exc.start if data is raw else position
        raise RowError(f"invalid {encoding} bytes", where) from None


@dataclass
class CopyContext:
    """What every COPY block of one dump shares."""

    path: Path
    sink: RawSink
    options: ParseOptions
    chunk_bytes: int = CHUNK_BYTES
    rows: int = 0
    _con: duckdb.DuckDBPyConnection | None = None
    _tmp: tempfile.TemporaryDirectory[str] | None = None
    fast_encoding: str | None = field(init=False)

    def __post_init__(self) -> None:
        try:
            name = codecs.lookup(self.options.encoding).name
        except LookupError:
            from seized.errors import UserError

            raise UserError(f"unknown encoding {self.options.encoding!r}") from None
        self.fast_encoding = _FAST_ENCODINGS.get(name)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._con = duckdb.connect(":memory:")
        return self._con

    def temp_file(self) -> Path:
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="seized-copy-")
        return Path(self._tmp.name) / "chunk.tsv"

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def fail(self, table: str, reason: str, line: int, offset: int | None, raw: bytes) -> None:
        """A bad row: InputError, or with keep_going a reject."""
        if not self.options.keep_going:
            raise InputError(f"table {table}: {reason}", self.path, line=line, offset=offset)
        text = raw.decode(self.options.encoding, errors="replace")[:1000]
        self.sink.reject(Reject(table, reason, line=line, offset=offset, raw_text=text))


class CopyBlock:
    """The data lines of one ``COPY ... FROM stdin`` block, loaded chunk by chunk."""

    def __init__(self, ctx: CopyContext, table: TableDef, columns: list[str]) -> None:
        self.ctx = ctx
        self.table = table
        self.columns = columns
        position = {name: i for i, name in enumerate(columns)}
        self.slots = [position.get(c.name) for c in table.columns]  # copy index per column
        by_name = {c.name: c for c in table.columns}
        self.blobs = [by_name[name].type == "BLOB" for name in columns]
        self.arrow_types = [pa.binary() if c.type == "BLOB" else pa.string() for c in table.columns]
        self.path = ctx.temp_file()
        self.file = self.path.open("wb")
        self._reset(0, 0)

    def _reset(self, line: int, offset: int) -> None:
        self.first_line = line
        self.first_offset = offset
        self.lines = 0
        self.size = 0
        self.empty_line = False
        self.last_byte = b"\n"

    def write(self, run: bytes, first_line: int, first_offset: int) -> None:
        if self.lines == 0:
            self._reset(first_line, first_offset)
        self.file.write(run)
        self.lines += run.count(b"\n")
        self.size += len(run)
        if (self.last_byte == b"\n" and run.startswith(b"\n")) or b"\n\n" in run:
            self.empty_line = True
        self.last_byte = run[-1:]
        if self.size >= self.ctx.chunk_bytes:
            self._flush()

    def finish(self, rest: bytes | None, line: int = 0, offset: int = 0) -> None:
        """The block ended (rest None) or the dump ended inside it (rest: the unfinished line,
        which is ``line``, at ``offset``)."""
        self._flush()
        self.file.close()
        self.path.unlink(missing_ok=True)
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

    # -- loading a chunk ------------------------------------------------------------------------

    def _flush(self) -> None:
        if self.lines == 0:
            return
        self.file.flush()
        done = 0
        bad: set[int] = set()
        if self.ctx.fast_encoding is not None and not self.empty_line:
            done, bad = self._fast()
        if done < self.lines or bad:
            self._slow(bad, done)
        self.ctx.rows += self.lines
        self.file.seek(0)
        self.file.truncate()
        self.lines = 0

    def _sql(self) -> str:
        ncols = len(self.columns)
        spec = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(ncols))
        steps = []
        for i in range(ncols):
            chain = f"replace(c{i}, '\\\\', '{PLACEHOLDER}')"
            for esc, code in _SIMPLE:
                chain = f"replace({chain}, '{esc}', chr({code}))"
            steps.append(f"c{i}, CASE WHEN contains(c{i}, '\\') THEN {chain} END AS e{i}")
        outs = []
        bads = []
        for i, blob in enumerate(self.blobs):
            text = f"CASE WHEN e{i} IS NULL THEN c{i} ELSE replace(e{i}, '{PLACEHOLDER}', '\\') END"
            bad = (
                f"(e{i} IS NOT NULL AND (contains(e{i}, '\\') OR contains(c{i}, '{PLACEHOLDER}')))"
            )
            if blob:
                # the hex form, '\\x' and an even number of digits, or the slow path
                hexa = f"starts_with(c{i}, '\\\\x') AND length(c{i}) % 2 = 1"
                bad = f"({bad} OR (c{i} IS NOT NULL AND NOT ({hexa})))"
                text = f"CASE WHEN {bad} THEN NULL ELSE unhex(substr({text}, 3)) END"
            bads.append(bad)
            outs.append(f"{text} AS o{i}")
        return (
            f"WITH raw AS (SELECT {', '.join(steps)} FROM read_csv($1, delim='\\t', quote='', "
            f"escape='', nullstr='\\N', header=false, auto_detect=false, columns={{{spec}}}, "
            f"new_line='\\n', strict_mode=true, comment='', skip=0, encoding=$2)) "
            f"SELECT {', '.join(outs)}, ({' OR '.join(bads)}) AS bad FROM raw"
        )

    def _fast(self) -> tuple[int, set[int]]:
        """Load the chunk through DuckDB: rows emitted in order, and rows to re-read."""
        done = 0
        bad: set[int] = set()
        try:
            relation = self.ctx.con.sql(
                self._sql(), params=[str(self.path), self.ctx.fast_encoding]
            )
            for batch in relation.to_arrow_reader(self.ctx.options.batch_rows):
                n = batch.num_rows
                flags = batch.column(len(self.columns))
                positions = _positions(self.first_line + done, n)
                if pc.any(flags).as_py():
                    keep = pc.invert(pc.fill_null(flags, False))
                    bad.update(done + i for i, flag in enumerate(flags.to_pylist()) if flag)
                    batch = batch.filter(keep)
                    positions = positions.filter(keep)
                done += n
                self._append([batch.column(i) for i in range(len(self.columns))], positions)
        except duckdb.Error:
            pass  # the rest of the chunk is read by the slow path, which names the bad line
        return done, bad

    def _append(self, arrays: list[pa.Array], positions: pa.Array) -> None:
        n = len(positions)
        if n == 0:
            return
        out = []
        for slot, arrow_type in zip(self.slots, self.arrow_types, strict=True):
            if slot is None:
                out.append(pa.nulls(n, arrow_type))
            else:
                column = arrays[slot]
                out.append(column if column.type == arrow_type else column.cast(arrow_type))
        names = [*self.table.column_names, POS_COLUMN]
        self.ctx.sink.append(self.table.name, pa.Table.from_arrays([*out, positions], names=names))

    def _slow(self, bad: set[int], resume: int) -> None:
        """Re-read the flagged lines and every line from ``resume`` on, exactly."""
        encoding = self.ctx.options.encoding
        columns: list[list[str | bytes | None]] = [[] for _ in self.columns]
        positions: list[int] = []
        for index, line, offset in self._lines():
            if index < resume and index not in bad:
                continue
            body = line[:-1] if line.endswith(b"\n") else line
            try:
                values = parse_line(body, self.blobs, encoding)
            except RowError as exc:
                self.ctx.fail(
                    self.table.name, str(exc), self.first_line + index, offset + exc.position, body
                )
                continue
            for column, value in zip(columns, values, strict=True):
                column.append(value)
            positions.append(self.first_line + index)
            if len(positions) >= self.ctx.options.batch_rows:
                self._append_lists(columns, positions)
                columns = [[] for _ in self.columns]
                positions = []
        self._append_lists(columns, positions)

    def _append_lists(self, columns: list[list[str | bytes | None]], positions: list[int]) -> None:
        arrays = [
            pa.array(values, pa.binary() if blob else pa.string())
            for values, blob in zip(columns, self.blobs, strict=True)
        ]
        self._append(arrays, pa.array(positions, pa.int64()))

    def _lines(self) -> Iterator[tuple[int, bytes, int]]:
        offset = self.first_offset
        with self.path.open("rb") as handle:
            for index, line in enumerate(handle):
                yield index, line, offset
                offset += len(line)


_RAMP: list[pa.Array] = []


def _positions(first: int, n: int) -> pa.Array:
    """first, first+1, ..., first+n-1 as int64, without a Python loop over the rows."""
    if not _RAMP or len(_RAMP[0]) < n:
        _RAMP[:] = [pa.array(range(max(n, 1 << 16)), pa.int64())]
    return pc.add(_RAMP[0].slice(0, n), pa.scalar(first, pa.int64()))
