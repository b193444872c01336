"""The Parquet file of one raw table: written with its SHA-256 taken on the way, and written
again without the later rows of a repeated primary key."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from seized.db import quote_ident
from seized.errors import InputError
from seized.ingest.base import POS_COLUMN, TableDef, position_words


class HashedFile:
    """A file being written that takes its SHA-256 on the way, so that the finished Parquet
    file need not be read again to record its hash."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("wb")
        self._sha = hashlib.sha256()
        self.size = 0
        self.closed = False

    def write(self, data: bytes | memoryview) -> int:
        self._sha.update(data)
        self.size += len(data)
        return self._file.write(data)

    def tell(self) -> int:
        return self.size

    def flush(self) -> None:
        self._file.flush()

    def writable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.closed:
            self._file.close()
            self.closed = True

    @property
    def sha256(self) -> str:
        return self._sha.hexdigest()


@dataclass
class Output:
    """The Parquet file one table's rows go to."""

    path: Path  # absolute
    relative: str  # relative to the case directory
    schema: pa.Schema
    file: HashedFile | None = None
    writer: pq.ParquetWriter | None = None
    rows: int = 0
    rewritten: bool = False  # written again after duplicate keys were set aside


def drop_duplicate_keys(
    con: duckdb.DuckDBPyConnection,
    tdef: TableDef,
    output: Output,
    *,
    path: str,
    keep_going: bool,
    reject: Callable[[int, str], None],
) -> int:
    """Check the primary key of ``tdef`` in its (closed) Parquet file.

    A repeated key is an error naming where both rows are; with ``keep_going`` each later row
    of a key is set aside (``reject(position, reason)``) and the file is written again without
    them. Returns the number of rows set aside.
    """
    source = f"read_parquet('{sql_text(str(output.path))}', file_row_number = true)"
    keys = ", ".join(quote_ident(k) for k in tdef.primary_key)
    pos = quote_ident(POS_COLUMN)
    repeated = con.execute(
        f"SELECT count(*) FROM (SELECT {keys} FROM {source} GROUP BY ALL HAVING count(*) > 1)"
    ).fetchone()
    if not repeated or not repeated[0]:
        return 0
    dupes = con.execute(
        f"SELECT {keys}, list({pos} ORDER BY {pos}, file_row_number), "
        f"list(file_row_number ORDER BY {pos}, file_row_number) FROM {source} "
        f"GROUP BY ALL HAVING count(*) > 1 ORDER BY min({pos})"
    ).fetchall()
    width = len(tdef.primary_key)
    shown = ", ".join(f"{k}={v!r}" for k, v in zip(tdef.primary_key, dupes[0], strict=False))
    first, second = dupes[0][width][0], dupes[0][width][1]
    rowid = tdef.positions == "rowid"
    if not keep_going:
        raise InputError(
            f"duplicate primary key ({shown}) in table {tdef.name!r} at "
            f"{position_words(tdef, second)}; first seen at {position_words(tdef, first)}",
            path,
            offset=None if rowid else second,
            hint="rerun with --keep-going to keep the first row and set the others aside",
        )
    dropped: list[int] = []
    for row in dupes:
        values, positions, numbers = row[:width], row[width], row[width + 1]
        desc = ", ".join(f"{k}={v!r}" for k, v in zip(tdef.primary_key, values, strict=True))
        for extra in positions[1:]:
            first_seen = position_words(tdef, positions[0])
            reject(extra, f"duplicate primary key ({desc}); first seen at {first_seen}")
        dropped.extend(int(n) for n in numbers[1:])
    # the file again, without the later rows of each key
    rows = pq.read_table(output.path)
    keep = np.ones(rows.num_rows, np.bool_)
    keep[dropped] = False
    with writer(output.path, output.schema) as again:
        again.write_table(rows.filter(pa.array(keep)))
    output.rewritten = True
    return len(dropped)


def writer(path: Path | HashedFile, schema: pa.Schema) -> pq.ParquetWriter:
    """Snappy without dictionary pages: the quickest to write of Parquet's usual settings, and
    for market text (long, mostly distinct strings) no larger than with dictionaries."""
    return pq.ParquetWriter(path, schema, compression="snappy", use_dictionary=False)


def sql_text(text: str) -> str:
    return text.replace("'", "''")
