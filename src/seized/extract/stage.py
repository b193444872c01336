"""The extract stage: every text column of the canonical tables through :func:`extract`, into
the ``identifiers`` table with provenance (source table, column and row key, the account the
text belongs to, the market).

Texts are read in Arrow record batches from a cursor of their own (never a whole table in Python
memory) and identifiers are written batch by batch. The stage replaces every previous row of
``identifiers``, so running it again gives the same table; for all-or-nothing, call it inside a
transaction (the stage bookkeeping does). With ``workers > 1`` batches are extracted in worker
processes while the next batch is read.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from seized.extract.scan import extract

Progress = Callable[[str, int, int], None]
#: (column name, text) pairs of one row.
Picker = Callable[[dict[str, Any]], list[tuple[str, str]]]

_BATCH_ROWS = 4096
_OUT_COLUMNS = (
    "kind",
    "value",
    "raw",
    "country",
    "account_id",
    "market_id",
    "source_table",
    "source_column",
    "source_key",
)


def _columns(*names: str) -> Picker:
    def pick(row: dict[str, Any]) -> list[tuple[str, str]]:
        return [(name, row[name]) for name in names if row[name]]

    return pick


def _message(row: dict[str, Any]) -> list[tuple[str, str]]:
    """The subject, and the readable body: the decrypted plaintext when there is one."""
    texts: list[tuple[str, str]] = []
    if row["subject"]:
        texts.append(("subject", row["subject"]))
    if row["decrypted"] and row["body_plain"]:
        texts.append(("body_plain", row["body_plain"]))
    elif row["body"]:
        texts.append(("body", row["body"]))
    return texts


@dataclass(frozen=True)
class Source:
    """A canonical table with text: its key, the account owning its texts, the columns read."""

    table: str
    key: str
    account: str
    columns: tuple[str, ...]
    pick: Picker


SOURCES: tuple[Source, ...] = (
    Source(
        "accounts",
        "account_id",
        "account_id",
        ("profile", "contact", "email", "pgp_public_key"),
        _columns("profile", "contact", "email", "pgp_public_key"),
    ),
    Source(
        "listings",
        "listing_id",
        "vendor_id",
        ("title", "description"),
        _columns("title", "description"),
    ),
    Source(
        "messages",
        "message_id",
        "sender_id",
        ("subject", "body", "body_plain", "decrypted"),
        _message,
    ),
    Source("orders", "order_id", "buyer_id", ("shipping_address",), _columns("shipping_address")),
    Source("feedback", "feedback_id", "buyer_id", ("comment",), _columns("comment")),
)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _select(source: Source) -> str:
    names = [source.key, "market_id", source.account, *source.columns]
    cols = ", ".join(f"{_quote(n)} AS {_quote('c' + str(i))}" for i, n in enumerate(names))
    return f"SELECT {cols} FROM {_quote(source.table)} ORDER BY {_quote(source.key)}"


# A unit of work: (source key, market, account, column, text) for each text of a batch.
Unit = tuple[str, str | None, str | None, str, str]
Row = tuple[str, str, str, str | None, str | None, str | None, str, str, str]


def extract_units(table: str, units: list[Unit]) -> list[Row]:
    """Identifier rows for a batch of texts (runs in a worker process when ``workers > 1``)."""
    rows: list[Row] = []
    for key, market, account, column, text in units:
        for f in extract(text):
            rows.append((f.kind, f.value, f.raw, f.country, account, market, table, column, key))
    return rows


def _units(cursor: duckdb.DuckDBPyConnection, source: Source) -> Iterator[list[Unit]]:
    names = [source.key, "market_id", source.account, *source.columns]
    reader = cursor.sql(_select(source)).to_arrow_reader(_BATCH_ROWS)
    if reader is None:
        return
    for batch in reader:
        columns = [batch.column(i).to_pylist() for i in range(len(names))]
        units: list[Unit] = []
        for values in zip(*columns, strict=True):
            row = dict(zip(names, values, strict=True))
            for column, text in source.pick(row):
                units.append(
                    (str(row[source.key]), row["market_id"], row[source.account], column, text)
                )
        yield units


def _write(con: duckdb.DuckDBPyConnection, rows: list[Row], counts: Counter[str]) -> None:
    if not rows:
        return
    table = pa.table(
        {name: pa.array([r[i] for r in rows], pa.string()) for i, name in enumerate(_OUT_COLUMNS)}
    )
    con.register("_seized_identifiers", table)
    try:
        con.execute(
            f"INSERT INTO identifiers ({', '.join(_OUT_COLUMNS)}) "
            f"SELECT {', '.join(_OUT_COLUMNS)} FROM _seized_identifiers"
        )
    finally:
        con.unregister("_seized_identifiers")
    counts.update(r[0] for r in rows)


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    rows = con.execute(f"SELECT count(*) FROM {_quote(table)}").fetchall()
    return int(rows[0][0]) if rows else 0


def extract_stage(
    con: duckdb.DuckDBPyConnection,
    *,
    progress: Progress | None = None,
    workers: int = 1,
) -> dict[str, int]:
    """Fill ``identifiers`` from every text column; returns the number found per kind."""
    con.execute("DELETE FROM identifiers")
    counts: Counter[str] = Counter()
    cursor = con.cursor()
    pool: ProcessPoolExecutor | None = None
    if workers > 1:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        for source in SOURCES:
            total = _count(cursor, source.table)
            done = 0
            pending: list[tuple[Future[list[Row]], int]] = []
            for units in _units(cursor, source):
                done += _BATCH_ROWS
                if pool is None:
                    _write(con, extract_units(source.table, units), counts)
                    if progress:
                        progress(f"extract {source.table}", min(done, total), total)
                    continue
                pending.append((pool.submit(extract_units, source.table, units), done))
                while len(pending) > 2 * workers:
                    future, at = pending.pop(0)
                    _write(con, future.result(), counts)
                    if progress:
                        progress(f"extract {source.table}", min(at, total), total)
            for future, at in pending:
                _write(con, future.result(), counts)
                if progress:
                    progress(f"extract {source.table}", min(at, total), total)
    finally:
        cursor.close()
        if pool is not None:
            pool.shutdown()
    fingerprints = _structured_fingerprints(con)
    if fingerprints:
        counts["pgp_fingerprint"] += fingerprints
    return dict(sorted(counts.items()))


def _structured_fingerprints(con: duckdb.DuckDBPyConnection) -> int:
    """Fingerprints the market stored in a column of their own (accounts.pgp_fingerprint): no
    text around them to give context, the column says what they are; checked for shape."""
    before = con.execute(
        "SELECT count(*) FROM identifiers WHERE kind = 'pgp_fingerprint'"
    ).fetchall()[0][0]
    con.execute(
        r"""
        INSERT INTO identifiers (kind, value, raw, country, account_id, market_id, source_table,
                                 source_column, source_key)
        SELECT 'pgp_fingerprint', fp, pgp_fingerprint, NULL, account_id, market_id, 'accounts',
               'pgp_fingerprint', account_id
        FROM (SELECT *, upper(regexp_replace(pgp_fingerprint, '[\s:]', '', 'g')) AS fp
              FROM accounts WHERE pgp_fingerprint IS NOT NULL)
        WHERE regexp_full_match(fp, '[0-9A-F]{40}|[0-9A-F]{64}')
        """
    ).fetchall()
    after = con.execute(
        "SELECT count(*) FROM identifiers WHERE kind = 'pgp_fingerprint'"
    ).fetchall()[0][0]
    return int(after) - int(before)
