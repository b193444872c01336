"""A sink for parser tests that keeps every call."""

from __future__ import annotations

import pyarrow as pa

from seized.ingest.base import POS_COLUMN, Reject, TableDef


def line_starts(data: bytes) -> dict[int, int]:
    """Line number (1-based) -> the byte offset where it starts, lines ended by LF, CRLF or CR:
    what ``_seized_pos`` is for a row on a line of its own."""
    starts, at = {}, 0
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        starts[number] = at
        at += len(line)
    return starts


class Collect:
    """A sink that keeps every call."""

    def __init__(self) -> None:
        self.defined: list[TableDef] = []
        self.batches: list[tuple[str, pa.Table]] = []
        self.rejects: list[Reject] = []
        self.notes: list[str] = []

    def define(self, table: TableDef) -> None:
        self.defined.append(table)

    def append(self, table: str, batch: pa.Table) -> None:
        self.batches.append((table, batch))

    def reject(self, reject: Reject) -> None:
        self.rejects.append(reject)

    def note(self, message: str) -> None:
        self.notes.append(message)

    def table(self, name: str) -> TableDef:
        return [t for t in self.defined if t.name == name][-1]

    def rows(self, name: str) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for table, batch in self.batches:
            if table == name:
                assert batch.column_names == [*self.table(name).column_names, POS_COLUMN]
                out += batch.to_pylist()
        return sorted(out, key=lambda row: row[POS_COLUMN])  # type: ignore[arg-type,return-value]
