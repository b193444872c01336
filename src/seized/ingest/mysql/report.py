"""Bad statements and rows of a dump: an error naming file, line and byte, or (keep-going) a
reject that keeps the raw text."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from seized.errors import InputError, SeizedError
from seized.ingest.base import RawSink, Reject, TableDef
from seized.ingest.charset import likely
from seized.ingest.mysql.batcher import Batcher
from seized.ingest.mysql.insert_exact import RowError
from seized.ingest.mysql.statement import BadStatement, Statement

#: Rejected statements keep at most this much of their text.
MAX_RAW_TEXT = 1 << 20
NOT_A_DUMP = (
    "seized reads the SQL text that mysqldump or mariadb-dump write; check that this file is "
    "one (use keep-going to set aside statements it cannot read)"
)


class SinkFailure(Exception):
    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original


class GuardedSink:
    """Marks the sink's own exceptions, so that only the parser's are reported as its faults."""

    def __init__(self, sink: RawSink) -> None:
        self._sink = sink

    def define(self, table: TableDef) -> None:
        try:
            self._sink.define(table)
        except SeizedError:
            raise
        except Exception as exc:
            raise SinkFailure(exc) from exc

    def append(self, table: str, batch: pa.Table) -> None:
        try:
            self._sink.append(table, batch)
        except SeizedError:
            raise
        except Exception as exc:
            raise SinkFailure(exc) from exc

    def reject(self, reject: Reject) -> None:
        try:
            self._sink.reject(reject)
        except SeizedError:
            raise
        except Exception as exc:
            raise SinkFailure(exc) from exc

    def note(self, message: str) -> None:
        self._sink.note(message)


class Reporter:
    """``offsets``: whether the byte offsets of statements are the file's (not so when the
    dump is read through a converter from its encoding: then errors name lines only)."""

    def __init__(
        self, path: Path, sink: RawSink, keep_going: bool, batcher: Batcher, offsets: bool = True
    ) -> None:
        self.path = path
        self.sink = sink
        self.keep_going = keep_going
        self.batcher = batcher
        self.offsets = offsets
        self.encoding = "utf-8"  # the dump's, for hints about bytes that are not text in it

    def offset(self, offset: int) -> int | None:
        return offset if self.offsets else None

    def statement(self, statement: Statement, exc: BadStatement, size: int | None = None) -> None:
        """A statement that cannot be read: raise, or reject it whole. ``size``: its length in
        the dump, when ``statement.text`` holds only its start."""
        text = statement.text
        at = min(max(exc.start, 0), len(text))
        line = statement.line + text.count(b"\n", 0, at)
        offset = self.offset(statement.offset + at)
        if not self.keep_going:
            raise InputError(str(exc), self.path, line=line, offset=offset, hint=exc.hint)
        self.batcher.flush()
        where = f"line {line}" if offset is None else f"line {line}, byte {offset}"
        reason = f"{exc} (at {where})"
        self.sink.reject(
            Reject(
                exc.table,
                reason,
                statement.line,
                self.offset(statement.offset),
                raw_text(text, size),
            )
        )

    def row(self, statement: Statement, table: TableDef, error: RowError) -> None:
        """A row that cannot be stored: raise, or reject the row alone."""
        text = statement.text
        at = error.start if error.at is None else error.at
        line = statement.line + text.count(b"\n", 0, at)
        offset = self.offset(statement.offset + at)
        raw = text[error.start : error.end]
        if not self.keep_going:
            hint = likely(raw, self.encoding) if error.encoding else error.hint
            raise InputError(error.message, self.path, line=line, offset=offset, hint=hint)
        self.batcher.flush()
        self.sink.reject(Reject(table.name, error.message, line, offset, raw_text(raw)))


def raw_text(raw: bytes, size: int | None = None) -> str:
    """The text kept with a reject: at most MAX_RAW_TEXT bytes of ``raw``, whose length in the
    dump is ``size`` (when ``raw`` is only its start)."""
    shown = raw[:MAX_RAW_TEXT]
    size = len(raw) if size is None else size
    text = shown.decode("utf-8", "backslashreplace")
    if size > len(shown):
        text += f"... [{size - len(shown)} more bytes in the dump]"
    return text


def unknown_message(text: bytes) -> str:
    shown = text[:40].decode("utf-8", "backslashreplace").split("\n")[0]
    return f"not a statement a dump holds: {shown!r}"
