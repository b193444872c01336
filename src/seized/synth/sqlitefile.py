"""An SQLite database file written with the standard library."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from seized.synth.schema import Row, Table

_BATCH = 5000


class SqliteWriter:
    """Writes the tables into a fresh SQLite file at ``path``, in batches."""

    def __init__(self, path: Path, tables: list[Table]) -> None:
        path.unlink(missing_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.pending: dict[str, list[Row]] = {}
        self.insert: dict[str, str] = {}
        for t in tables:
            cols = [f'"{name}" {sqltype}' for name, sqltype in t.columns]
            if t.primary_key:
                cols.append("PRIMARY KEY (" + ", ".join(f'"{c}"' for c in t.primary_key) + ")")
            self.db.execute(f'CREATE TABLE "{t.name}" (' + ", ".join(cols) + ")")
            marks = ", ".join("?" for _ in t.columns)
            self.insert[t.name] = f'INSERT INTO "{t.name}" VALUES ({marks})'
            self.pending[t.name] = []

    def write(self, table: str, row: Row) -> None:
        batch = self.pending[table]
        batch.append(row)
        if len(batch) >= _BATCH:
            self._flush(table)

    def _flush(self, table: str) -> None:
        self.db.executemany(self.insert[table], self.pending[table])
        self.pending[table] = []

    def close(self) -> None:
        for name in self.pending:
            self._flush(name)
        self.db.commit()
        self.db.close()
