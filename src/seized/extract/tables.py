"""Every text column of the canonical tables through :func:`extract`, into the
``identifiers`` table with provenance (source table, column and row key, the account the
text belongs to, the market).

Texts are read in Arrow record batches from a cursor of their own (never a whole table in Python
memory) and identifiers are written batch by batch. :func:`fill_identifiers` replaces every
previous row of ``identifiers``, so running it again gives the same table; for all-or-nothing,
call it inside a transaction (:func:`seized.extract.stage.extract_stage` does). With
``workers > 1`` (and enough rows) batches are extracted in worker processes while the next
batch is read.
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

from seized.db import first, quote_ident
from seized.extract.countries import ISO_3166_ALPHA2
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


def _select(source: Source) -> str:
    names = [source.key, "market_id", source.account, *source.columns]
    cols = ", ".join(
        f"{quote_ident(n)} AS {quote_ident('c' + str(i))}" for i, n in enumerate(names)
    )
    return f"SELECT {cols} FROM {quote_ident(source.table)} ORDER BY {quote_ident(source.key)}"


_SCHEMA = pa.schema([(name, pa.string()) for name in _OUT_COLUMNS])
#: Fewer rows than this in all the tables together are read in-process (starting workers costs
#: about a second).
POOL_THRESHOLD = 5000


def extract_batch(index: int, batch: pa.RecordBatch) -> pa.Table:
    """Identifier rows (as an Arrow table) for a batch of rows of ``SOURCES[index]``: key,
    market, account, then the source's columns. Runs in a worker process when ``workers > 1``;
    the process holding the case store only moves Arrow buffers."""
    source = SOURCES[index]
    names = [source.key, "market_id", source.account, *source.columns]
    columns = [batch.column(i).to_pylist() for i in range(len(names))]
    out: list[list[str | None]] = [[] for _ in _OUT_COLUMNS]
    kind, value, raw, country, account, market, table, column, key = out
    for values in zip(*columns, strict=True):
        row = dict(zip(names, values, strict=True))
        row_key, row_market, row_account = str(values[0]), values[1], values[2]
        for name, text in source.pick(row):
            for f in extract(text):
                kind.append(f.kind)
                value.append(f.value)
                raw.append(f.raw)
                # only ISO 3166-1 codes are countries (a Kosovo number's region is XK)
                country.append(f.country if f.country in ISO_3166_ALPHA2 else None)
                account.append(row_account)
                market.append(row_market)
                table.append(source.table)
                column.append(name)
                key.append(row_key)
    return pa.table([pa.array(c, pa.string()) for c in out], schema=_SCHEMA)


def _batches(cursor: duckdb.DuckDBPyConnection, source: Source) -> Iterator[pa.RecordBatch]:
    reader = cursor.sql(_select(source)).to_arrow_reader(_BATCH_ROWS)
    if reader is None:
        return
    for batch in reader:
        if batch.num_rows:
            yield batch


def _write(con: duckdb.DuckDBPyConnection, found: pa.Table, counts: Counter[str]) -> None:
    if not found.num_rows:
        return
    con.register("_seized_identifiers", found)
    try:
        con.execute(
            f"INSERT INTO identifiers ({', '.join(_OUT_COLUMNS)}) "
            f"SELECT {', '.join(_OUT_COLUMNS)} FROM _seized_identifiers"
        )
    finally:
        con.unregister("_seized_identifiers")
    counts.update(found.column("kind").to_pylist())


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(first(con, f"SELECT count(*) FROM {quote_ident(table)}") or 0)


def fill_identifiers(
    con: duckdb.DuckDBPyConnection,
    *,
    progress: Progress | None = None,
    workers: int = 2,
) -> dict[str, int]:
    """Fill ``identifiers`` from every text column; returns the number found per kind."""
    con.execute("DELETE FROM identifiers")
    counts: Counter[str] = Counter()
    cursor = con.cursor()
    totals = [_count(cursor, source.table) for source in SOURCES]
    pool: ProcessPoolExecutor | None = None
    if workers > 1 and sum(totals) >= POOL_THRESHOLD:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        for index, (source, total) in enumerate(zip(SOURCES, totals, strict=True)):
            done = 0
            pending: list[tuple[Future[pa.Table], int]] = []
            for batch in _batches(cursor, source):
                done += batch.num_rows
                if pool is None:
                    _write(con, extract_batch(index, batch), counts)
                    if progress:
                        progress(f"extract {source.table}", min(done, total), total)
                    continue
                pending.append((pool.submit(extract_batch, index, batch), done))
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
    count = "SELECT count(*) FROM identifiers WHERE kind = 'pgp_fingerprint'"
    before = first(con, count)
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
    return int(first(con, count)) - int(before)
