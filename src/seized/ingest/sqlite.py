"""SQLite database files, read with the standard library in read-only, immutable mode.

SQLite types are loose: a column declared INTEGER may hold text. Each table is scanned once for
the storage classes its columns really hold, and a column keeps a typed DuckDB type only when every
value fits it (INTEGER affinity and only integers -> BIGINT, REAL or NUMERIC affinity and only
numbers -> DOUBLE, or BIGINT when all are integers, BOOLEAN when declared so and only 0/1, only
blobs -> BLOB); otherwise the column is VARCHAR and every value is kept as its text (numbers as
SQLite prints them). A column mixing blobs with other values is BLOB, text as its encoded bytes.
Dates stay VARCHAR: SQLite has no date type and stores them as text or numbers.
``_seized_pos`` is the rowid, or the row number for WITHOUT ROWID tables.

Rows are fetched with their text as raw bytes; Arrow checks and converts each text column of a
batch at once (only a batch holding text that is not valid in the encoding is looked at value by
value, to name the row).

A text or blob value longer than :data:`MAX_VALUE_BYTES` (as stored) is not read: SQLite's
length limit is set to it, so the scan for storage classes (which touches every value, with
count()) fails on such a value before loading it. The scan then runs again without the limit,
finding each column's longest value, and the table is read with the longer values left out,
each such row named by table, row and column, and rejected with ``--keep-going``. Virtual
generated columns are left out (see :meth:`_Reader.table`).

Progress, when asked for, is reported in bytes of the file, estimated from the rows read: every
table's rows are counted first (count(*) reads no value), and each row stands for an equal
share of the file.
"""

from __future__ import annotations

import codecs
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from seized.db import quote_ident
from seized.errors import InputError
from seized.ingest.base import POS_COLUMN, Column, ParseOptions, RawSink, Reject, Source, TableDef
from seized.ingest.stream import compression_of

MAGIC = b"SQLite format 3\x00"
#: The longest text or blob value read (16 MiB, as stored): a longer one is an error naming its
#: table, row and column, or with --keep-going a rejected row.
MAX_VALUE_BYTES = 16 << 20


def _size(column: str) -> str:
    """SQL for the stored size of a text or blob value (NULL for others). length() of a blob
    column is read from the record header, without loading the value."""
    return (
        f"CASE typeof({column}) WHEN 'blob' THEN length({column}) "
        f"WHEN 'text' THEN length(CAST({column} AS BLOB)) END"
    )


@dataclass
class _BadText:
    """Text that does not decode in the chosen encoding (kept to report it)."""

    raw: bytes
    error: UnicodeDecodeError


@dataclass
class _Spec:
    column: Column
    arrow: pa.DataType
    convert: Callable[[object], object] | None


def parse(source: Source, sink: RawSink, options: ParseOptions) -> None:
    """Read every table of an SQLite file into raw tables (see the module docstring)."""
    with _database_file(source) as path:
        try:
            _Reader(source.path, path, sink, options).run()
        except sqlite3.Error as exc:
            raise InputError(
                f"cannot read the SQLite database: {exc}",
                source.path,
                hint="the file may be corrupt or not an SQLite database",
            ) from None
        except UnicodeDecodeError as exc:  # a damaged schema: SQLite's own text is not UTF-8
            raise InputError(
                f"the SQLite schema is not valid text at byte {exc.start}: {exc.reason}",
                source.path,
                hint="the file may be corrupt",
            ) from None


@contextmanager
def _database_file(source: Source) -> Iterator[Path]:
    """The path of a plain SQLite file: the evidence itself, or a decompressed temporary copy."""
    try:
        kind = compression_of(source.path)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source.path) from None
    if kind is None:
        _check_magic(source.path, source.path)
        yield source.path
        return
    with tempfile.TemporaryDirectory(prefix="seized-sqlite-") as tmp:
        plain = Path(tmp) / "db.sqlite"
        with source.open() as stream, plain.open("wb") as out:
            shutil.copyfileobj(stream, out, 1 << 20)
        _check_magic(plain, source.path)
        yield plain


def _check_magic(path: Path, shown: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(len(MAGIC))
    if head != MAGIC:
        raise InputError("not an SQLite database (wrong header)", shown, offset=0)


class _Reader:
    def __init__(self, shown: Path, path: Path, sink: RawSink, options: ParseOptions) -> None:
        self.shown = shown
        self.sink = sink
        self.options = options
        self.con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        self.limit = self.con.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        encoding = options.encoding

        def text(raw: bytes) -> str | _BadText:
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as exc:
                return _BadText(raw, exc)

        self._text = text  # names and declarations; a table's rows are read as raw bytes

        self.con.text_factory = text
        self.size = self.rows_total = self.rows_read = self.reported = 0  # for progress

    def run(self) -> None:
        try:
            tables = self.con.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid"
            ).fetchall()
            names: list[str] = []
            for name, sql in tables:
                if isinstance(name, _BadText) or isinstance(sql, _BadText):
                    raise InputError("a table name is not valid text", self.shown)
                if str(sql or "").lstrip().upper().startswith("CREATE VIRTUAL"):
                    continue  # its rows live in ordinary shadow tables, which are read
                names.append(name)
            if self.options.progress is not None:
                self.size = self.shown.stat().st_size
                for name in names:
                    row = self.con.execute(f"SELECT count(*) FROM {quote_ident(name)}").fetchone()
                    self.rows_total += int(row[0]) if row else 0
            for name in names:
                self.table(name)
            self.advance(0)
        finally:
            self.con.close()

    def advance(self, rows: int) -> None:
        """Report the rows read so far as their share of the file's bytes (the end once)."""
        if self.options.progress is None:
            return
        self.rows_read += rows
        if self.rows_read >= self.rows_total:
            done = self.size
        else:
            done = self.size * self.rows_read // self.rows_total
        if done > self.reported:
            self.reported = done
            self.options.progress(done)

    def table(self, name: str) -> None:
        info = self.con.execute(f"PRAGMA table_xinfo({quote_ident(name)})").fetchall()
        # Ordinary columns (hidden 0) and stored generated ones (3), whose values are in the
        # file. Not hidden virtual-table columns (1), and not virtual generated columns (2):
        # their values are not in the file but computed on every read from an expression in
        # the seized schema, which may be built to cost without bound (zeroblob(400000000)
        # took 17.7 GB), and what they would show follows from the stored columns, kept here.
        info = [row for row in info if row[6] in (0, 3)]
        names = [str(row[1]) for row in info]
        declared = [str(row[2] or "") for row in info]
        pk = tuple(n for _, n in sorted((row[5], str(row[1])) for row in info if row[5]))
        specs, longest = self.specs(name, names, declared)
        tdef = TableDef(name, tuple(s.column for s in specs), pk, positions="rowid")
        self.sink.define(tdef)
        rowid = self.rowid_alias(name, names)
        # columns holding a value over the bound: read as NULL there, with its size beside
        over = [i for i, size in enumerate(longest) if size > MAX_VALUE_BYTES]
        cols = [quote_ident(n) for n in names]
        sizes = [_size(cols[i]) for i in over]
        for i, size in zip(over, sizes, strict=True):
            cols[i] = f"CASE WHEN {size} > {MAX_VALUE_BYTES} THEN NULL ELSE {cols[i]} END"
        select = f"SELECT {', '.join([rowid or 'NULL', *cols, *sizes])} FROM {quote_ident(name)}"
        # text comes as its raw bytes: Arrow checks and converts a whole column at once
        self.con.text_factory = bytes
        if over:  # the values over the bound are measured, not read: the limit would stop that
            self.con.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, self.limit)
        try:
            cursor = self.con.execute(select)
            number = 0
            while True:
                rows = cursor.fetchmany(self.options.batch_rows)
                if not rows:
                    break
                columns = list(zip(*rows, strict=True))
                if rowid:
                    positions = [int(p) for p in columns[0]]
                else:
                    positions = list(range(number + 1, number + 1 + len(rows)))
                number += len(rows)
                self.advance(len(rows))
                values = columns[1 : 1 + len(names)]
                if over:
                    found = list(
                        zip([names[i] for i in over], columns[1 + len(names) :], strict=True)
                    )
                    values, positions = self.too_long(name, found, values, positions)
                self.emit(tdef, specs, values, positions)
        finally:
            self.con.text_factory = self._text
            self.con.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)

    def too_long(
        self,
        table: str,
        sizes: list[tuple[str, tuple[object, ...]]],
        columns: list[tuple[object, ...]],
        pos: list[int],
    ) -> tuple[list[tuple[object, ...]], list[int]]:
        """The batch without its rows that hold a value over the bound, each reported (or, with
        --keep-going, rejected) with its first such column."""
        bad: dict[int, tuple[str, int]] = {}
        for column, values in sizes:
            for row, size in enumerate(values):
                if isinstance(size, int) and size > MAX_VALUE_BYTES:
                    bad.setdefault(row, (column, size))
        for row in sorted(bad):
            column, size = bad[row]
            reason = (
                f"table {table}, row {pos[row]}, column {column}: a value of {size} bytes, over "
                f"the bound of {MAX_VALUE_BYTES} bytes per value (not read)"
            )
            if not self.options.keep_going:
                raise InputError(reason, self.shown, hint="--keep-going rejects such rows")
            self.sink.reject(Reject(table, reason, line=pos[row]))
        if not bad:
            return columns, pos
        keep = [i not in bad for i in range(len(pos))]
        return (
            [tuple(v for v, k in zip(col, keep, strict=True) if k) for col in columns],
            [p for p, k in zip(pos, keep, strict=True) if k],
        )

    def emit(
        self,
        tdef: TableDef,
        specs: list[_Spec],
        columns: list[tuple[object, ...]],
        pos: list[int],
    ) -> None:
        """One batch: each column converted, and its text checked, as a whole."""
        arrays: list[pa.Array] = []
        for spec, values in zip(specs, columns, strict=True):
            if spec.convert is not None:
                values = tuple(None if v is None else spec.convert(v) for v in values)
            if spec.arrow == pa.string():
                arrays.append(self.text_array(values))
            else:
                arrays.append(pa.array(values, spec.arrow))
        bad: dict[int, tuple[str, bytes, UnicodeDecodeError]] = {}
        for spec, array in zip(specs, arrays, strict=True):
            if spec.arrow == pa.string() and array.type == pa.binary():  # text not valid
                for row, raw, error in self.bad_values(array):
                    bad.setdefault(row, (spec.column.name, raw, error))  # its first bad column
        if bad:
            for row in sorted(bad):
                column, raw, error = bad[row]
                self.bad_text(tdef.name, column, pos[row], _BadText(raw, error))
            keep = pa.array([i not in bad for i in range(len(pos))])
            arrays = [a.filter(keep) for a in arrays]
            pos = [p for i, p in enumerate(pos) if i not in bad]
        # what is left of a text column Arrow refused decodes in Python (the decoder that named
        # the bad values), so the two checks can never disagree
        arrays = [
            self.decoded(a) if a.type == pa.binary() and spec.arrow == pa.string() else a
            for a, spec in zip(arrays, specs, strict=True)
        ]
        arrays.append(pa.array(pos, pa.int64()))
        if not pos:
            return
        self.sink.append(
            tdef.name, pa.Table.from_arrays(arrays, names=[*tdef.column_names, POS_COLUMN])
        )

    def text_array(self, values: tuple[object, ...]) -> pa.Array:
        """Text values (raw bytes) as strings; left as binary when any is not valid text."""
        raw = pa.array(values, pa.binary())
        encoding = self.options.encoding
        if codecs.lookup(encoding).name == "utf-8":
            try:
                return raw.cast(pa.string())  # Arrow checks the UTF-8
            except pa.ArrowInvalid:
                return raw
        try:
            return self.decoded(raw)
        except UnicodeDecodeError:
            return raw

    def decoded(self, raw: pa.Array) -> pa.Array:
        """Raw text bytes decoded in the database's encoding, by Python's decoder."""
        encoding = self.options.encoding
        return pa.array(
            [None if v is None else v.decode(encoding) for v in raw.to_pylist()], pa.string()
        )

    def bad_values(self, array: pa.Array) -> list[tuple[int, bytes, UnicodeDecodeError]]:
        """The rows of a text column whose bytes are not valid in the encoding."""
        bad = []
        for i, value in enumerate(array.to_pylist()):
            if value is None:
                continue
            try:
                value.decode(self.options.encoding)
            except UnicodeDecodeError as exc:
                bad.append((i, value, exc))
        return bad

    def bad_text(self, table: str, column: str, pos: int, value: _BadText) -> None:
        reason = (
            f"table {table}, row {pos}, column {column}: invalid {self.options.encoding} bytes "
            f"at byte {value.error.start} of the value"
        )
        if not self.options.keep_going:
            raise InputError(reason, self.shown, hint="give the database's text encoding")
        raw = value.raw.decode(self.options.encoding, errors="replace")[:1000]
        self.sink.reject(Reject(table, reason, line=pos, raw_text=raw))

    def rowid_alias(self, table: str, names: list[str]) -> str | None:
        lowered = {n.lower() for n in names}
        for alias in ("rowid", "_rowid_", "oid"):
            if alias not in lowered:
                try:
                    self.con.execute(f"SELECT {alias} FROM {quote_ident(table)} LIMIT 0")
                except sqlite3.OperationalError:
                    return None  # a WITHOUT ROWID table
                return alias
        return None

    def specs(
        self, table: str, names: list[str], declared: list[str]
    ) -> tuple[list[_Spec], list[int]]:
        """Each column's DuckDB type, from its declared type and the values it really holds,
        and the stored size of its longest text or blob value."""
        if not names:
            raise InputError(f"table {table!r} has no columns", self.shown)
        counts = []
        for n in names:
            q = quote_ident(n)
            # typeof() reads no value; the CASE compares only integers; count() reads each
            # value, and so fails on one over the length limit
            counts.append(
                f"sum(typeof({q}) = 'integer'), sum(typeof({q}) = 'real'), "
                f"sum(typeof({q}) = 'text'), sum(typeof({q}) = 'blob'), "
                f"sum(CASE WHEN typeof({q}) = 'integer' THEN {q} NOT IN (0, 1) END), count({q})"
            )
        longest = [0] * len(names)
        try:
            row = self.con.execute(f"SELECT {', '.join(counts)} FROM {quote_ident(table)}")
            stats = [int(v or 0) for v in (row.fetchone() or ())]
        except sqlite3.DataError as exc:
            if exc.sqlite_errorcode != sqlite3.SQLITE_TOOBIG:
                raise
            sizes = ", ".join(f"max({_size(quote_ident(n))})" for n in names)
            self.con.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, self.limit)
            try:
                row = self.con.execute(
                    f"SELECT {', '.join(counts)}, {sizes} FROM {quote_ident(table)}"
                )
                stats = [int(v or 0) for v in (row.fetchone() or ())]
            finally:
                self.con.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
            longest = stats[6 * len(names) :]
        specs = [
            _spec(n, d, *stats[6 * i : 6 * i + 5])
            for i, (n, d) in enumerate(zip(names, declared, strict=True))
        ]
        return specs, longest


def _affinity(declared: str) -> str:
    """SQLite's rules (section 3.1 of its datatype documentation)."""
    upper = declared.upper()
    if "INT" in upper:
        return "INTEGER"
    if "CHAR" in upper or "CLOB" in upper or "TEXT" in upper:
        return "TEXT"
    if "BLOB" in upper or not upper:
        return "BLOB"
    if "REAL" in upper or "FLOA" in upper or "DOUB" in upper:
        return "REAL"
    return "NUMERIC"


def _text(value: object) -> bytes:
    """A value of a text column that also holds numbers: text as its bytes, numbers as SQLite
    prints them (checked and decoded with the rest of the column)."""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")


def _float(value: object) -> float:
    assert isinstance(value, int | float)
    return float(value)


def _blob(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")


def _spec(
    name: str, declared: str, ints: int, reals: int, texts: int, blobs: int, non01: int
) -> _Spec:
    affinity = _affinity(declared)
    numbers_only = texts == 0 and blobs == 0
    if blobs and (ints or reals or texts):
        return _Spec(Column(name, "BLOB", declared), pa.binary(), _blob)
    if blobs:
        return _Spec(Column(name, "BLOB", declared), pa.binary(), None)
    if numbers_only and (ints or reals) and affinity != "TEXT":
        if "BOOL" in declared.upper() and reals == 0 and non01 == 0:
            return _Spec(Column(name, "BOOLEAN", declared), pa.bool_(), bool)
        if reals == 0 and affinity in ("INTEGER", "NUMERIC", "BLOB"):
            return _Spec(Column(name, "BIGINT", declared), pa.int64(), None)
        if affinity in ("REAL", "NUMERIC", "INTEGER", "BLOB"):
            return _Spec(Column(name, "DOUBLE", declared), pa.float64(), _float)
    if not (ints or reals or texts) and affinity == "INTEGER":
        return _Spec(Column(name, "BIGINT", declared), pa.int64(), None)
    if not (ints or reals or texts) and affinity == "REAL":
        return _Spec(Column(name, "DOUBLE", declared), pa.float64(), None)
    return _Spec(Column(name, "VARCHAR", declared), pa.string(), _text if ints or reals else None)
