"""The contract between the format parsers and the case store.

A parser reads one evidence file as a stream and calls the sink: ``define`` for each table it
finds, ``append`` for batches of rows, ``reject`` for records it cannot parse (only when
``options.keep_going``; otherwise it raises :class:`~seized.errors.InputError` naming the file and
line or byte offset), ``note`` for what the investigator should know about how it read the file.
Parsers never touch the case store directly.

Batches are Arrow tables whose columns are, in order, the table's columns followed by
``_seized_pos`` (int64), which names one row: in a text file (a dump, CSV, JSON lines) the byte
offset at which the row starts in the decompressed file (in a dump of UTF-16 or UTF-32 text, in
its text converted to UTF-8), in an SQLite file the rowid. A column may be Arrow strings, which
the sink casts to the column's declared type, or already of a compatible Arrow type (integers,
floats, binary for BLOB).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

import pyarrow as pa

from seized.ingest.stream import open_stream

POS_COLUMN = "_seized_pos"


@dataclass(frozen=True)
class Column:
    name: str  # the market's own column name, unchanged
    type: str  # DuckDB type: BIGINT, VARCHAR, DECIMAL(18,8), TIMESTAMP, BLOB, ...
    source_type: str = ""  # the type as declared in the dump, for the record


@dataclass(frozen=True)
class TableDef:
    name: str  # the market's own table name, unchanged
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    line: int | None = None  # where the definition was found
    positions: str = "offset"  # what _seized_pos is: offset (a byte offset) or rowid

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def position_words(table: TableDef, pos: int) -> str:
    """Where a row is, in words: its byte offset, or its rowid in an SQLite file."""
    return f"rowid {pos}" if table.positions == "rowid" else f"byte {pos}"


@dataclass(frozen=True)
class Reject:
    table: str | None
    reason: str
    line: int | None = None
    offset: int | None = None
    raw_text: str | None = None


@dataclass
class ParseOptions:
    keep_going: bool = False
    encoding: str = "utf-8"
    batch_rows: int = 20_000
    progress: Callable[[int], None] | None = None  # called with bytes consumed so far
    header: bool | None = None  # CSV: the first row names the columns (None: detect)
    columns: tuple[str, ...] | None = None  # CSV: the column names, given with the evidence


@dataclass
class Source:
    """One evidence file (or directory) to parse."""

    path: Path
    evidence_id: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """The file's bytes, decompressed when it is gzip or zstd."""
        with open_stream(self.path) as stream:
            yield stream


class RawSink(Protocol):
    def define(self, table: TableDef) -> None: ...

    def append(self, table: str, batch: pa.Table) -> None: ...

    def reject(self, reject: Reject) -> None: ...

    def note(self, message: str) -> None: ...


class Parser(Protocol):
    def __call__(self, source: Source, sink: RawSink, options: ParseOptions) -> None: ...
