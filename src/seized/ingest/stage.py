"""The ingest stage: every registered dump into raw tables, then into the canonical model.

Per market, two steps, each one transaction that also marks the step done:

* ``ingest.raw`` — parse the market's dumps into its raw schema (the market's own tables);
* ``ingest.map`` — apply the market's mapping into the canonical tables.

A step whose inputs (evidence hashes, mapping hash, options) have not changed is skipped, so a
rerun redoes nothing; a step killed midway left nothing committed and runs again from its start.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from seized.case import Case
from seized.errors import SeizedError, UserError
from seized.ingest.base import ParseOptions, Source
from seized.ingest.formats import parser_for
from seized.ingest.sink import ParquetSink
from seized.rawfiles import remove_schema_files
from seized.sqlident import quote_ident
from seized.stages import StageResult, is_done, mark_done

Progress = Callable[[str, int, int], None]

#: DuckDB's memory limit while raw tables are loaded (the parsers' own batches come on top).
INGEST_MEMORY_LIMIT = "512MB"
#: the bookkeeping tables of raw loads, whose checksums `seized verify` checks
_BOOKKEEPING = ["raw_tables", "raw_files", "rejects"]


@dataclass
class IngestOptions:
    markets: list[str] | None = None
    keep_going: bool = False
    encoding: str = "utf-8"
    force: bool = False
    progress: Progress | None = None


def _fingerprint(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _market_evidence(
    con: duckdb.DuckDBPyConnection, market: str
) -> list[tuple[int, str, str, str, int]]:
    rows = con.execute(
        "SELECT evidence_id, path, sha256, format, bytes FROM evidence "
        "WHERE kind = 'dump' AND market = ? ORDER BY evidence_id",
        [market],
    ).fetchall()
    return [(int(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4])) for r in rows]


def ingest(case: Case, options: IngestOptions | None = None) -> list[StageResult]:
    """Run both ingest steps for every market (or the ones named); returns one result per step."""
    options = options or IngestOptions()
    with case.connect() as con:
        markets = [
            str(r[0]) for r in con.execute("SELECT market_id FROM markets ORDER BY 1").fetchall()
        ]
    if options.markets:
        unknown = sorted(set(options.markets) - set(markets))
        if unknown:
            raise UserError(f"no such market in this case: {', '.join(unknown)}")
        markets = [m for m in markets if m in options.markets]
    if not markets:
        raise UserError(
            "no dumps registered; register one first: seized add CASE FILE --market NAME"
        )
    results: list[StageResult] = []
    for market in markets:
        results.append(ingest_raw(case, market, options))
        results.append(ingest_map(case, market, options))
    return results


def ingest_raw(case: Case, market: str, options: IngestOptions) -> StageResult:
    result = StageResult("ingest.raw", market)
    with case.connect() as con:
        evidence = _market_evidence(con, market)
        schema_row = con.execute(
            "SELECT raw_schema FROM markets WHERE market_id = ?", [market]
        ).fetchone()
        if not evidence or schema_row is None:
            result.skipped = True
            result.messages.append(f"{market}: no dump registered")
            return result
        schema = str(schema_row[0])
        fingerprint = _fingerprint(
            [e[2] for e in evidence], [e[3] for e in evidence], options.keep_going, options.encoding
        )
        if not options.force and is_done(con, "ingest.raw", market, fingerprint):
            result.skipped = True
            result.counts = _raw_counts(con, market)
            result.messages.append(f"{market}: raw tables already loaded")
            return result
        started = datetime.now(UTC)
        # DuckDB keeps cached blocks in memory up to its limit (by default most of the machine's
        # RAM); the raw tables go to Parquet files, so the case store needs little here.
        con.execute(f"SET memory_limit = '{INGEST_MEMORY_LIMIT}'")
        # 1. forget the market's raw tables (one small transaction): from here on it is not
        #    loaded, whatever happens next.
        con.execute("BEGIN TRANSACTION")
        con.execute(f"DROP SCHEMA IF EXISTS {quote_ident(schema)} CASCADE")
        con.execute("DELETE FROM raw_tables WHERE market_id = ?", [market])
        con.execute("DELETE FROM raw_files WHERE market_id = ?", [market])
        con.execute("DELETE FROM rejects WHERE market_id = ?", [market])
        con.execute(
            "DELETE FROM meta.stages WHERE scope = ? AND stage IN ('ingest.raw', 'ingest.map')",
            [market],
        )
        case.record_checksums(con, _BOOKKEEPING)
        con.execute("COMMIT")
        remove_schema_files(case.root, schema)
        # 2. load: the sink casts and writes each table's Parquet file on its writer thread
        #    while the parser reads on.
        sinks: list[ParquetSink] = []
        try:
            for evidence_id, path, _sha, fmt, size in evidence:
                sink = ParquetSink(
                    con,
                    root=case.root,
                    schema=schema,
                    market_id=market,
                    evidence_id=evidence_id,
                    evidence_path=path,
                    keep_going=options.keep_going,
                )
                parse = parser_for(fmt)
                parse_options = ParseOptions(
                    keep_going=options.keep_going,
                    encoding=options.encoding,
                    progress=_byte_callback(options.progress, Path(path).name, size),
                )
                try:
                    parse(Source(Path(path), evidence_id), sink, parse_options)
                except BaseException as exc:
                    earlier = sink.abort()  # a write error comes before the parser's in the dump
                    raise (earlier or exc) from None
                sink.drain()
                sinks.append(sink)
            # 3. check keys, make the views, record counts and files and mark the market loaded:
            #    one transaction, so a market is complete only with all its rows and counts.
            con.execute("BEGIN TRANSACTION")
            try:
                unattached = 0
                for sink in sinks:
                    sink.finish()
                    unattached += sink.unattached_rejects
                    result.messages.extend(sink.warnings)
                counts = _raw_counts(con, market)
                counts["_statements_rejected"] = unattached
                mark_done(con, "ingest.raw", market, fingerprint, counts, started)
                case.record_checksums(con, _BOOKKEEPING)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        except BaseException:
            _discard_partial(con, case, market, schema)
            raise
        result.counts = counts
        case.log(
            "ingest.raw",
            inputs=[{"path": e[1], "sha256": e[2], "evidence_id": e[0]} for e in evidence],
            outputs=counts,
            details={"market": market, "schema": schema, "keep_going": options.keep_going},
            con=con,
        )
    return result


def _discard_partial(con: duckdb.DuckDBPyConnection, case: Case, market: str, schema: str) -> None:
    """After a failed load: drop what was written, so no partial raw table stays behind."""
    try:
        con.execute(f"DROP SCHEMA IF EXISTS {quote_ident(schema)} CASCADE")
        con.execute("DELETE FROM rejects WHERE market_id = ?", [market])
        case.record_checksums(con, _BOOKKEEPING)
    except duckdb.Error:
        pass  # the next run drops it before loading again
    remove_schema_files(case.root, schema)


def _byte_callback(
    progress: Progress | None, label: str, total: int
) -> Callable[[int], None] | None:
    if progress is None:
        return None

    def update(done: int) -> None:
        progress(label, done, total)

    return update


def _raw_counts(con: duckdb.DuckDBPyConnection, market: str) -> dict[str, Any]:
    rows = con.execute(
        "SELECT table_name, rows_read, rows_stored, rows_rejected FROM raw_tables "
        "WHERE market_id = ? ORDER BY table_name",
        [market],
    ).fetchall()
    return {
        str(r[0]): {"read": int(r[1]), "stored": int(r[2]), "rejected": int(r[3])} for r in rows
    }


def ingest_map(case: Case, market: str, options: IngestOptions) -> StageResult:
    from seized.mapping import apply_mapping, load_mapping

    result = StageResult("ingest.map", market)
    with case.connect() as con:
        row = con.execute(
            "SELECT raw_schema, mapping_path, mapping_sha256 FROM markets WHERE market_id = ?",
            [market],
        ).fetchone()
        raw = con.execute(
            "SELECT fingerprint FROM meta.stages WHERE stage = 'ingest.raw' AND scope = ?", [market]
        ).fetchone()
        if row is None or raw is None:
            result.skipped = True
            return result
        schema, mapping_path, mapping_sha = row
        if not mapping_path:
            result.skipped = True
            result.messages.append(
                f"{market}: raw tables loaded, but the market is not mapped yet: draft a mapping "
                f"with `seized mapping suggest CASE --market {market}`, then "
                f"`seized mapping set CASE --market {market} FILE`"
            )
            return result
        fingerprint = _fingerprint(raw[0], mapping_sha)
        if not options.force and is_done(con, "ingest.map", market, fingerprint):
            result.skipped = True
            result.messages.append(f"{market}: already mapped")
            return result
        mapping = load_mapping(Path(mapping_path))
        first = con.execute(
            "SELECT min(evidence_id) FROM evidence WHERE market = ? AND kind = 'dump'", [market]
        ).fetchone()
        started = datetime.now(UTC)
        con.execute("BEGIN TRANSACTION")
        try:
            counts = apply_mapping(
                con,
                mapping,
                market_id=market,
                raw_schema=str(schema),
                evidence_id=int(first[0]) if first and first[0] is not None else 0,
            )
            mark_done(con, "ingest.map", market, fingerprint, counts, started)
            case.record_checksums(con)
            con.execute("COMMIT")
        except SeizedError:
            con.execute("ROLLBACK")
            raise
        except BaseException:
            con.execute("ROLLBACK")
            raise
        result.counts = dict(counts)
        case.log(
            "ingest.map",
            inputs=[{"path": str(mapping_path), "sha256": mapping_sha}],
            outputs=dict(counts),
            details={"market": market, "software": mapping.software},
            con=con,
        )
    return result
