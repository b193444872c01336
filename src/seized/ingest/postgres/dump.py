"""Plain-format pg_dump files (COPY and INSERT forms), read as a stream without a server.

Tables come from ``CREATE TABLE`` (column types mapped by :mod:`.column_types`); primary keys
from the table itself or a later ``ALTER TABLE ... ADD CONSTRAINT ... PRIMARY KEY``, which pg_dump
writes after the data: the table is then defined again with its key. A table of the ``public``
schema keeps its bare name; so does a table of another schema unless two schemas hold the same
name, when the non-public one is called ``schema.table``. Data comes from ``COPY ... FROM stdin``
blocks (:mod:`.copy_bulk`) and INSERT statements (:mod:`.insert_exact`). Statements that
hold no data (SET, sequences, indexes, functions, grants, comments, ...) are skipped; anything else
is an error, as is every malformed row, unless ``keep_going`` sets it aside as a reject.

A row's ``_seized_pos`` is the byte offset where it starts: its line in a COPY block, its ``(``
in an INSERT. A dump in UTF-16 or UTF-32 (told by its byte order mark, or recorded with it) is
read through a converter to UTF-8, and its offsets are those of the converted text.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, cast

import pyarrow as pa

from seized.errors import InputError, UserError
from seized.ingest.base import POS_COLUMN, Column, ParseOptions, RawSink, Reject, Source, TableDef
from seized.ingest.charset import byte_order_mark, likely
from seized.ingest.lines import LineReader, ascii_compatible
from seized.ingest.postgres.column_types import duckdb_type, normalize
from seized.ingest.postgres.copy_bulk import CopyBlock, CopyContext
from seized.ingest.postgres.copy_exact import RowError
from seized.ingest.postgres.ddl import (
    DdlError,
    parse_copy,
    parse_create_table,
    parse_enum_or_domain,
    parse_primary_key,
)
from seized.ingest.postgres.insert_exact import ValuesError, parse_insert
from seized.ingest.postgres.splitter import Splitter, Statement
from seized.ingest.stream import Prefixed, Transcoded

MAX_STATEMENT_CHARS = 256 << 20
_WORDS = re.compile(r"\s*([A-Za-z_]+)(?:\s+([A-Za-z_]+))?(?:\s+([A-Za-z_]+))?(?:\s+([A-Za-z_]+))?")
_CREATE_MODIFIERS = {"OR", "REPLACE", "UNLOGGED", "TEMP", "TEMPORARY", "GLOBAL", "LOCAL"}
#: statements that hold no rows and change no table's columns
_SKIP = {
    "SET", "RESET", "SELECT", "COMMENT", "GRANT", "REVOKE", "DROP", "BEGIN", "COMMIT", "END",
    "START", "ROLLBACK", "SAVEPOINT", "RELEASE", "REFRESH", "SECURITY", "LOCK", "ANALYZE",
    "VACUUM", "CLUSTER", "REINDEX", "DO", "TRUNCATE", "CHECKPOINT", "DISCARD", "NOTIFY",
}  # fmt: skip
_SEARCH_PATH = re.compile(
    r"""^\s*(?:SET\s+search_path\s*(?:=|TO)\s*|SELECT\s+pg_catalog\.set_config\(\s*'search_path'\s*,\s*')"?([^",';\s]*)""",
    re.I,
)


@dataclass
class _Table:
    schema: str
    name: str
    columns: list[Column]
    primary_key: tuple[str, ...]
    line: int
    tdef: TableDef | None = None
    layouts: dict[tuple[str, ...] | None, tuple[list[int], list[bool]]] = field(
        default_factory=dict
    )


def parse(source: Source, sink: RawSink, options: ParseOptions) -> None:
    """Read a plain pg_dump into raw tables (see the module docstring)."""
    encoding = _encoding(options.encoding)
    with source.open() as stream:
        head = stream.read(4)
        encoding = byte_order_mark(head) or encoding
        text: IO[bytes] = cast(IO[bytes], Prefixed(head, stream))
        progress = options.progress
        if not ascii_compatible(encoding):  # UTF-16 or UTF-32: read as UTF-8
            converted = Transcoded(text, encoding, source.path)
            text = cast(IO[bytes], converted)
            encoding = "utf-8"
            if progress is not None:
                progress = _source_progress(progress, converted)
        dump = _Dump(source.path, sink, replace(options, encoding=encoding))
        try:
            dump.run(LineReader(text, progress, path=source.path))
        finally:
            dump.copy.close()


def _encoding(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise UserError(f"unknown text encoding {name!r}") from None


def _source_progress(progress: Callable[[int], None], source: Transcoded) -> Callable[[int], None]:
    def update(_done: int) -> None:
        progress(source.consumed)

    return update


class _Dump:
    def __init__(self, path: Path, sink: RawSink, options: ParseOptions) -> None:
        self.path = path
        self.sink = sink
        self.options = options
        self.copy = CopyContext(path, sink, options)
        self.tables: dict[tuple[str, str], _Table] = {}
        self.used: set[str] = set()
        self.domains: dict[str, str] = {}
        self.schema = "public"
        self.named = False
        self.taint: tuple[int, int] | None = None
        self.pending: _Table | None = None
        self.rows: list[list[str | bytes | None]] = []
        self.positions: list[int] = []

    # -- the stream ---------------------------------------------------------------------------

    def run(self, reader: LineReader) -> None:
        splitter = Splitter()
        encoding = self.options.encoding
        while True:
            offset = reader.offset
            raw = reader.readline()
            if raw is None:
                break
            if not splitter.pending and raw.startswith(b"\\"):
                continue  # a psql meta-command: \connect, \restrict, ...
            try:
                text = raw.decode(encoding)
                if "\x00" in text:
                    raise UnicodeDecodeError(encoding, raw, raw.index(b"\x00"), 0, "NUL byte")
            except UnicodeDecodeError as exc:
                where = offset + exc.start
                if not self.options.keep_going:
                    raise InputError(
                        f"invalid {encoding} bytes (binary data?)",
                        self.path,
                        line=reader.line,
                        offset=where,
                        hint=likely(raw, encoding),
                    ) from None
                text = raw.decode(encoding, errors="replace").replace("\x00", "\ufffd")
                self.taint = self.taint or (reader.line, where)
            for statement in splitter.feed(text, reader.line, offset):
                self.statement(statement, reader)
            if not splitter.pending:
                self.taint = None
            elif splitter.size > MAX_STATEMENT_CHARS:
                self.bad(splitter.partial(), "statement too long (not a dump?)")
                splitter.reset()
        if splitter.pending:
            self.bad(splitter.partial(), "the dump ends inside this statement (truncated)")
        self.flush()
        self.resolve()

    def statement(self, st: Statement, reader: LineReader) -> None:
        if self.taint is not None:
            line, offset = self.taint
            self.taint = None
            self.bad(st, f"invalid {self.options.encoding} bytes at line {line} (byte {offset})")
            return
        m = _WORDS.match(st.text)
        words = [w.upper() for w in m.groups() if w] if m else []
        first = words[0] if words else ""
        try:
            if first == "INSERT":
                self.insert(st)
            elif first == "COPY":
                self.copy_block(st, reader)
            elif first == "CREATE":
                kind = next((w for w in words[1:] if w not in _CREATE_MODIFIERS), "")
                if kind == "TABLE":
                    self.create_table(st)
                elif kind in ("TYPE", "DOMAIN"):
                    self.create_type(st)
            elif first == "ALTER":
                if words[1:2] == ["TABLE"] and "PRIMARY" in st.text.upper():
                    self.alter_table(st)
            elif first in _SKIP:
                if first in ("SET", "SELECT"):
                    self.set_search_path(st.text)
            else:
                shown = " ".join(st.text.split())[:40]
                self.bad(st, f"unknown statement {shown!r}")
        except (DdlError, ValuesError) as exc:
            self.bad(st, str(exc), exc.position)

    def bad(self, st: Statement, reason: str, position: int = 0) -> None:
        """A statement that cannot be read: InputError, or with keep_going a reject."""
        line = st.line + st.text.count("\n", 0, position)
        if not self.options.keep_going:
            raise InputError(
                reason, self.path, line=line, offset=st.offset if not position else None
            )
        self.sink.reject(Reject(None, reason, line=line, offset=st.offset, raw_text=st.text[:1000]))

    # -- tables ---------------------------------------------------------------------------------

    def key(self, parts: list[str]) -> tuple[str, str]:
        if len(parts) == 1:
            return self.schema, parts[0]
        return parts[-2], parts[-1]

    def create_table(self, st: Statement) -> None:
        ddl = parse_create_table(st.text)
        columns: list[Column] = []
        parents = [ddl.partition_of] if ddl.partition_of else ddl.inherits
        for parent_name in parents:
            parent = self.tables.get(self.key(parent_name))
            if parent is None:
                raise DdlError(f"parent table {'.'.join(parent_name)!r} was not created before")
            inherited = set(columns)
            columns += [c for c in parent.columns if c not in inherited]
        names = {c.name for c in columns}  # sets: a hostile dump may declare 100,000 columns
        for name, declared in ddl.columns:
            if name not in names:
                names.add(name)
                columns.append(Column(name, duckdb_type(declared, self.domains), declared))
        key = self.key(ddl.name)
        if key in self.tables:
            raise DdlError(f"table {'.'.join(key)!r} is created twice")
        table = _Table(*key, columns, ddl.primary_key, st.line)
        self.tables[key] = table
        if self.named:
            self.define(table)

    def create_type(self, st: Statement) -> None:
        found = parse_enum_or_domain(st.text)
        if found is None:
            return
        kind, name, base = found
        self.domains[normalize(".".join(name))] = "text" if kind == "enum" else base

    def alter_table(self, st: Statement) -> None:
        found = parse_primary_key(st.text)
        if found is None:
            return
        name, key = found
        table = self.tables.get(self.key(name))
        if table is None:
            raise DdlError(f"primary key for table {'.'.join(name)!r}, which was never created")
        missing = [k for k in key if all(c.name != k for c in table.columns)]
        if missing:
            raise DdlError(f"primary key names unknown columns {missing}")
        table.primary_key = key
        if table.tdef is not None:
            table.tdef = replace(table.tdef, primary_key=key)
            self.sink.define(table.tdef)

    def set_search_path(self, text: str) -> None:
        m = _SEARCH_PATH.match(text)
        if m is not None:
            self.schema = m.group(1) or "public"

    def resolve(self) -> None:
        """Give every table created so far its raw name and define it (once, before data)."""
        if not self.named:
            self.named = True
            for table in list(self.tables.values()):
                self.define(table)

    def define(self, table: _Table) -> TableDef:
        if table.tdef is not None:
            return table.tdef
        schemas = sum(1 for schema, name in self.tables if name == table.name)
        name = table.name
        if (table.schema != "public" and schemas > 1) or name in self.used:
            name = f"{table.schema}.{table.name}"
        if name in self.used:
            raise InputError(f"two tables are both called {name!r}", self.path, line=table.line)
        self.used.add(name)
        table.tdef = TableDef(name, tuple(table.columns), table.primary_key, table.line)
        self.sink.define(table.tdef)
        return table.tdef

    def target(self, parts: list[str], columns: list[str] | None, st: Statement) -> _Table:
        """The table a COPY or INSERT writes to; one never created is made from its columns."""
        self.resolve()
        key = self.key(parts)
        table = self.tables.get(key)
        if table is None:
            if columns is None:
                raise DdlError(
                    f"data for table {'.'.join(parts)!r}, never created, without columns"
                )
            cols = [Column(c, "VARCHAR") for c in columns]
            table = self.tables[key] = _Table(*key, cols, (), st.line)
        self.define(table)
        if columns is not None:
            known = {c.name for c in table.columns}
            unknown = [c for c in columns if c not in known]
            if unknown:
                raise DdlError(f"table {table.name!r} has no columns {unknown}")
        return table

    # -- data -----------------------------------------------------------------------------------

    def copy_block(self, st: Statement, reader: LineReader) -> None:
        self.flush()
        name, columns = parse_copy(st.text)
        table = self.target(name, columns, st)
        assert table.tdef is not None
        block = CopyBlock(self.copy, table.tdef, columns or table.tdef.column_names)
        rest = reader.read_copy_data(block.write)
        block.finish(rest, reader.line, reader.offset - len(rest or b""))

    def insert(self, st: Statement) -> None:
        ins = parse_insert(st.text)
        table = self.target(ins.name, ins.columns, st)
        tdef = table.tdef
        assert tdef is not None
        if self.pending is not table:
            self.flush()
            self.pending = table
        key = None if ins.columns is None else tuple(ins.columns)
        layout = table.layouts.get(key)
        if layout is None:
            layout = table.layouts[key] = _layout(tdef, key)
        slots, blobs = layout
        line, seen = st.line, 0
        encoding = self.options.encoding
        offset = st.offset + len(st.lead.encode(encoding, errors="replace"))
        for position, values in ins.rows:
            line += st.text.count("\n", seen, position)
            offset += len(st.text[seen:position].encode(encoding, errors="replace"))
            seen = position
            try:
                row = _insert_row(values, slots, blobs, len(tdef.columns))
            except RowError as exc:
                raw = st.text[position:].encode()[:1000]
                self.copy.fail(tdef.name, str(exc), line, offset, raw)
                continue
            self.rows.append(row)
            self.positions.append(offset)
        if len(self.rows) >= self.options.batch_rows:
            self.flush()

    def flush(self) -> None:
        table, rows = self.pending, self.rows
        if table is None or table.tdef is None or not rows:
            return
        tdef = table.tdef
        arrays = [
            pa.array([r[i] for r in rows], pa.binary() if c.type == "BLOB" else pa.string())
            for i, c in enumerate(tdef.columns)
        ]
        arrays.append(pa.array(self.positions, pa.int64()))
        self.sink.append(
            tdef.name, pa.Table.from_arrays(arrays, names=[*tdef.column_names, POS_COLUMN])
        )
        self.rows, self.positions = [], []


def _layout(tdef: TableDef, columns: tuple[str, ...] | None) -> tuple[list[int], list[bool]]:
    """Where each value of an INSERT goes, and which are bytea."""
    names = columns if columns is not None else tdef.column_names
    index = {c.name: i for i, c in enumerate(tdef.columns)}
    slots = [index[n] for n in names]
    return slots, [tdef.columns[s].type == "BLOB" for s in slots]


def _insert_row(
    values: list[str | None], slots: list[int], blobs: list[bool], width: int
) -> list[str | bytes | None]:
    if len(values) != len(slots):
        raise RowError(f"{len(values)} values where {len(slots)} columns are named", 0)
    row: list[str | bytes | None] = [None] * width
    for value, slot, blob in zip(values, slots, blobs, strict=True):
        if blob and value is not None:
            if not value.startswith("\\x"):
                raise RowError("bytea value is not in hex form", 0)
            try:
                row[slot] = bytes.fromhex(value[2:])
            except ValueError:
                raise RowError("bytea value is not valid hex", 0) from None
        else:
            row[slot] = value
    return row
