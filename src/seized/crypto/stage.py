"""The stages `seized keys import` and `seized decrypt` over the case store.

``import_keys`` registers each key file as evidence (hashed and logged before it is read),
parses and unlocks every key before anything is written, then records all keys in one
transaction. ``decrypt`` finds every PGP message in the text columns of the canonical tables
(and of the raw tables on request), opens those addressed to a held key in threads or worker
processes (:class:`seized.crypto.decrypt.Opening`), stores each result in ``pgp_blobs`` and
fills ``orders.shipping_address`` and ``messages.body_plain``/``decrypted``; the seized columns
are never written. It runs as one transaction and is skipped when neither the keys nor the
scanned tables changed.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from seized.case import Case
from seized.crypto.blobs import ARMOR_LIKE, BASE64_REGEX
from seized.crypto.decrypt import (
    STATUSES,
    BatchSource,
    HeldKey,
    Opening,
)
from seized.crypto.keys import Asker, ParsedKey, read_key_file, read_passphrases, unlock
from seized.crypto.sources import (
    Source,
    candidate_columns,
    candidate_filter,
    candidate_params,
    canonical_sources,
    raw_sources,
)
from seized.crypto.store import import_text_keys, save_keys
from seized.db import quote_ident
from seized.register import evidence_for
from seized.stages import RUNTIME, StageResult

Progress = Callable[[str, int, int], None]
STAGE = "decrypt"

#: Values whose readable text a decryption fills: (table, seized column, key, readable column).
_FILLS = (
    ("orders", "shipping_raw", "order_id", "shipping_address"),
    ("messages", "body", "message_id", "body_plain"),
)


# -- keys import ----------------------------------------------------------------------------


@dataclass
class KeyImportOptions:
    files: list[Path] = field(default_factory=list)  # key files (armored or binary keyrings)
    passphrases: Path | None = None  # a passphrase file: one `FINGERPRINT passphrase` a line
    #: asked for keys without a passphrase (a terminal prompt)
    ask: Asker | None = field(default=None, metadata=RUNTIME)
    force: bool = field(default=False, metadata=RUNTIME)
    #: (label, keys read, keys found in the files) as each key is read and unlocked
    progress: Progress | None = field(default=None, metadata=RUNTIME)


def keys_import_stage(case: Case, options: KeyImportOptions | None = None) -> StageResult:
    """Register, parse and unlock every key file, then record all keys in one transaction;
    keys in seized text (vendor profiles) are read too."""
    options = options or KeyImportOptions()
    inputs: list[dict[str, Any]] = []
    for path in options.files:
        path = path.resolve()
        evidence_id, sha = evidence_for(case, path)  # hashed and logged before it is read
        inputs.append({"path": str(path), "sha256": sha, "evidence_id": evidence_id})
    passphrase_sha = (
        hashlib.sha256(options.passphrases.read_bytes()).hexdigest()
        if options.passphrases
        else None
    )
    extra = [[i["sha256"] for i in inputs], passphrase_sha]
    with case.stage("keys.import", None, extra=extra, force=options.force) as run:
        if run.skipped:
            return run.result
        passphrases = read_passphrases(options.passphrases) if options.passphrases else {}
        found_in = [(item, read_key_file(Path(item["path"]))) for item in inputs]
        total = sum(len(keys) for _, keys in found_in)
        if options.progress:
            options.progress("keys import: keys", 0, total)
        parsed: list[tuple[ParsedKey, int]] = []
        for item, keys in found_in:
            path = Path(item["path"])
            for key in keys:
                unlock(key, passphrases, path, options.ask)
                key.seen_in = [f"evidence:{item['evidence_id']}:{path.name}"]
                parsed.append((key, int(item["evidence_id"])))
                if options.progress:
                    options.progress("keys import: keys", len(parsed), total)
        counts: Counter[str] = Counter()
        save_keys(run.con, parsed)
        for key, _ in parsed:
            counts["keys"] += 1
            if key.secret is not None:
                counts["secret"] += 1
                counts[str(key.status)] += 1
            else:
                counts["public"] += 1
        found = import_text_keys(run.con)
        counts["from_text"] = found["keys"]
        if found["unreadable"]:
            counts["unreadable_in_text"] = found["unreadable"]
        run.counts = dict(counts)
        run.checksums = ["pgp_keys"]
        run.inputs = inputs
        run.details = {"keys": {k.fingerprint: k.status or "public" for k, _ in parsed}}
        if passphrase_sha:
            run.details["passphrase_file_sha256"] = passphrase_sha
    for key, _ in parsed:
        if key.status == "locked":
            run.message(
                f"key {key.fingerprint} ({key.source}) is held but locked: no passphrase given"
            )
        elif key.status == "unusable":
            run.message(f"key {key.fingerprint} ({key.source}) cannot decrypt: {key.error}")
    return run.result


# -- decrypt --------------------------------------------------------------------------------


@dataclass
class DecryptOptions:
    workers: int = field(default=2, metadata=RUNTIME)
    raw: bool = False  # also scan every raw table
    force: bool = field(default=False, metadata=RUNTIME)  # run even when nothing changed
    batch_rows: int = field(default=256, metadata=RUNTIME)
    #: results written to the store in inserts of this many blobs
    write_rows: int = field(default=50_000, metadata=RUNTIME)
    progress: Progress | None = field(default=None, metadata=RUNTIME)
    #: report counts per 'table' or per 'column'
    counts_by: str = field(default="table", metadata=RUNTIME)
    #: Fewer candidate values than this are opened in this thread, without threads or workers.
    pool_threshold: int = field(default=1000, metadata=RUNTIME)
    #: False: pysequoia opens every message (seized.crypto.fast not used)
    fast: bool = field(default=True, metadata=RUNTIME)


def held_keys(con: duckdb.DuckDBPyConnection) -> list[HeldKey]:
    rows = con.execute(
        "SELECT fingerprint, secret, passphrase, status, key_ids FROM pgp_secrets "
        "WHERE status IN ('unprotected', 'unlocked', 'locked') ORDER BY fingerprint"
    ).fetchall()
    return [
        HeldKey(
            str(fpr),
            bytes(secret) if status != "locked" else None,
            passphrase,
            tuple(str(i) for i in ids or ()),
        )
        for fpr, secret, passphrase, status, ids in rows
    ]


def _fingerprint(con: duckdb.DuckDBPyConnection, held: list[HeldKey], sources: list[Source]) -> str:
    """What the stage's result depends on: the held keys and the content of the scanned
    columns (not the columns the stage itself fills)."""
    tables = []
    for source in sources:
        if not source.columns:
            continue
        cols = ", ".join(quote_ident(name) for name, _ in source.columns)
        rows = con.execute(
            f"SELECT count(*), coalesce(sum(hash({cols})::HUGEINT), 0)::VARCHAR FROM {source.sql}"
        ).fetchall()
        tables.append((source.name, int(rows[0][0]), str(rows[0][1])))
    state = {
        "keys": [(k.fingerprint, k.secret is not None, k.ids) for k in held],
        "tables": tables,
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


def _batches(
    cursor: duckdb.DuckDBPyConnection, source: Source, rows: int
) -> Iterator[pa.RecordBatch]:
    """The rows that may hold a message: key, market, then the text columns (Arrow batches),
    each NULL where it holds no message."""
    market = "market_id" if source.has_market_column() else "NULL"
    texts = candidate_columns(source.columns, BASE64_REGEX)
    select = ", ".join([f"{source.key}::VARCHAR", f"{market}::VARCHAR", *texts])
    some = " OR ".join(f"{quote_ident(name)} IS NOT NULL" for name, _ in source.columns)
    params = candidate_params(source.columns, ARMOR_LIKE, BASE64_REGEX)
    relation = cursor.sql(
        f"SELECT * FROM (SELECT {select} FROM {source.sql}) WHERE {some}", params=params
    )
    arrow = relation.to_arrow_reader(rows)
    if arrow is None:
        return
    for batch in arrow:
        if batch.num_rows:
            yield batch


def _candidates(cursor: duckdb.DuckDBPyConnection, source: Source) -> int:
    where = candidate_filter(source.columns, ARMOR_LIKE, BASE64_REGEX)
    params = candidate_params(source.columns, ARMOR_LIKE, BASE64_REGEX)
    rows = cursor.execute(f"SELECT count(*) FROM {source.sql} WHERE {where}", params).fetchall()
    return int(rows[0][0]) if rows else 0


class _Batch:
    """Results gathered until ``rows`` blobs are waiting, then written in one insert each."""

    def __init__(self, con: duckdb.DuckDBPyConnection, rows: int) -> None:
        self.con = con
        self.limit = rows
        self.waiting = 0
        self.rows: list[pa.Table] = []
        self.readable: list[pa.Table] = []

    def add(self, rows: pa.Table, readable: pa.Table) -> None:
        self.rows.append(rows)
        self.readable.append(readable)
        self.waiting += rows.num_rows
        if self.waiting >= self.limit:
            self.flush()

    def flush(self) -> None:
        for parts, target in ((self.rows, "pgp_blobs"), (self.readable, "_seized_readable")):
            if not parts:
                continue
            self.con.register("_seized_results", pa.concat_tables(parts))
            try:
                self.con.execute(f"INSERT INTO {target} SELECT * FROM _seized_results")
            finally:
                self.con.unregister("_seized_results")
        self.rows, self.readable, self.waiting = [], [], 0


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    """Readable text: the decrypted text, or the seized text when it held no PGP message.

    Each table gets one UPDATE of only the rows whose readable text changes: DuckDB writes an
    updated row again at commit, so a rerun that changes nothing writes nothing."""
    for table, seized, key, readable in _FILLS:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _seized_fill AS SELECT t.{key} AS key, "
            f"CASE WHEN r.text IS NOT NULL THEN r.text WHEN b.source_key IS NOT NULL THEN NULL "
            f"ELSE t.{seized} END AS value FROM {table} t "
            f"LEFT JOIN (SELECT source_key, text FROM _seized_readable WHERE source_table = ? "
            f"AND source_column = ?) r ON r.source_key = t.{key} "
            f"LEFT JOIN (SELECT DISTINCT source_key FROM pgp_blobs WHERE source_table = ? "
            f"AND source_column = ?) b ON b.source_key = t.{key}",
            [table, seized, table, seized],
        )
        con.execute(
            f"UPDATE {table} SET {readable} = f.value FROM _seized_fill f "
            f"WHERE f.key = {table}.{key} AND {table}.{readable} IS DISTINCT FROM f.value"
        )
    con.execute(
        "UPDATE messages SET decrypted = f.opened FROM (SELECT m.message_id AS key, "
        "o.source_key IS NOT NULL AS opened FROM messages m LEFT JOIN (SELECT DISTINCT "
        "source_key FROM pgp_blobs WHERE source_table = 'messages' AND source_column = 'body' "
        "AND status = 'decrypted') o ON o.source_key = m.message_id) f "
        "WHERE f.key = messages.message_id AND messages.decrypted IS DISTINCT FROM f.opened"
    )
    con.execute("DROP TABLE _seized_fill")


def _report(con: duckdb.DuckDBPyConnection, by: str) -> dict[str, dict[str, int]]:
    group = "source_table" if by == "table" else "source_table || '.' || source_column"
    rows = con.execute(
        f"SELECT {group}, status, count(*) FROM pgp_blobs GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    report: dict[str, dict[str, int]] = {}
    for name, status, count in rows:
        entry = report.setdefault(str(name), {"found": 0, **{s: 0 for s in STATUSES}})
        entry["found"] += int(count)
        entry[str(status)] = int(count)
    return report


def _scan(
    con: duckdb.DuckDBPyConnection,
    sources: list[Source],
    held: list[HeldKey],
    options: DecryptOptions,
) -> None:
    cursor = con.cursor()
    totals = {s.name: _candidates(cursor, s) for s in sources if s.columns}
    workers = options.workers if sum(totals.values()) >= options.pool_threshold else 1
    try:
        with Opening(held, workers, options.fast) as opening:
            for source in sources:
                if source.columns:
                    _scan_source(con, cursor, source, totals[source.name], opening, options)
    finally:
        cursor.close()


def _scan_source(
    con: duckdb.DuckDBPyConnection,
    cursor: duckdb.DuckDBPyConnection,
    source: Source,
    total: int,
    opening: Opening,
    options: DecryptOptions,
) -> None:
    label = f"decrypt {source.name}"
    out = _Batch(con, options.write_rows)
    about = BatchSource(source.name, tuple(name for name, _ in source.columns), source.market)
    pending: list[tuple[Future[tuple[pa.Table, pa.Table]], int]] = []
    done = 0

    def take(future: Future[tuple[pa.Table, pa.Table]], at: int) -> None:
        out.add(*future.result())
        if options.progress:
            options.progress(label, min(at, total), total)

    for batch in _batches(cursor, source, options.batch_rows):
        done += batch.num_rows
        pending.append((opening.submit(about, batch), done))
        while len(pending) > 3 * options.workers or (pending and pending[0][0].done()):
            take(*pending.pop(0))
    for future, at in pending:
        take(future, at)
    out.flush()


def decrypt_stage(case: Case, options: DecryptOptions | None = None) -> StageResult:
    """Find and open every PGP message; report per table: found, decrypted, no key, corrupt."""
    options = options or DecryptOptions()
    with case.connect(read_only=True) as con:
        held = held_keys(con)
        sources = canonical_sources(con) + (raw_sources(con) if options.raw else [])
        inputs = _fingerprint(con, held, sources)
    scope = "raw" if options.raw else ""
    with case.stage(STAGE, options, scope=scope, reads=(), extra=inputs) as run:
        con = run.con
        if run.skipped:
            run.result.messages.clear()
            run.counts = _report(con, options.counts_by)
            return run.result
        import_text_keys(con)
        if options.raw:
            con.execute("DELETE FROM pgp_blobs")
        else:
            con.execute("DELETE FROM pgp_blobs WHERE source_table NOT LIKE 'raw\\_%' ESCAPE '\\'")
        con.execute(
            "CREATE TEMP TABLE _seized_readable (source_table VARCHAR, source_column VARCHAR, "
            "source_key VARCHAR, text VARCHAR)"
        )
        _scan(con, sources, held, options)
        _fill(con)
        con.execute("DROP TABLE _seized_readable")
        report = _report(con, options.counts_by)
        run.counts = report
        run.checksums = ["orders", "messages", "pgp_keys", "pgp_blobs"]
        totals = Counter[str]()
        for entry in report.values():
            totals.update(entry)
        run.outputs = dict(totals)
        run.details = {
            "keys": [k.fingerprint for k in held if k.secret is not None],
            "raw": options.raw,
            "fast_path": options.fast,
        }
    locked = [k.fingerprint for k in held if k.secret is None]
    if locked:
        run.message(f"{len(locked)} held keys are locked: {', '.join(locked)}")
    return run.result
