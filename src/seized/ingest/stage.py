"""The ingest stage: every registered dump into raw tables, then into the canonical model.

Per market, two steps, each one transaction that also marks the step done:

* ``ingest.raw`` — parse the market's dumps into its raw schema (the market's own tables);
* ``ingest.map`` — apply the market's mapping into the canonical tables.

A step whose inputs (evidence hashes, how each is read, mapping hash, options) have not changed
is skipped, so a rerun redoes nothing; a step killed midway left nothing committed and runs again
from its start. Each dump is read in the encoding recorded with it (``seized add --encoding``, or
detected then); ``IngestOptions.encoding`` applies only to evidence registered without one.
Withdrawn evidence is not read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from seized.case import Case
from seized.db import column, first, quote_ident, transaction
from seized.errors import UserError
from seized.ingest.base import ParseOptions, Source
from seized.ingest.charset import codec_name
from seized.ingest.formats import parser_for
from seized.ingest.sink import ParquetSink
from seized.rawfiles import remove_schema_files
from seized.stages import RUNTIME, StageResult, forget, stage_fingerprint

Progress = Callable[[str, int, int], None]

#: DuckDB's memory limit while raw tables are loaded (the parsers' own batches come on top).
INGEST_MEMORY_LIMIT = "512MB"
#: the bookkeeping tables of raw loads, whose checksums `seized verify` checks
_BOOKKEEPING = ["raw_tables", "raw_files", "rejects"]


@dataclass
class IngestOptions:
    markets: list[str] | None = field(default=None, metadata=RUNTIME)  # None: every market
    keep_going: bool = False  # bad records go to `rejects` instead of stopping the load
    encoding: str | None = None  # for dumps registered without an encoding (None: UTF-8)
    force: bool = field(default=False, metadata=RUNTIME)
    progress: Progress | None = field(default=None, metadata=RUNTIME)


@dataclass(frozen=True)
class _Evidence:
    evidence_id: int
    path: str
    sha256: str
    format: str
    bytes: int
    encoding: str | None  # recorded with the evidence
    header: bool | None
    columns: tuple[str, ...] | None

    def reading(self, options: IngestOptions) -> list[object]:
        """How it is read, for the step's fingerprint."""
        return [self.encoding or options.encoding or "utf-8", self.header, self.columns]


def _market_evidence(con: duckdb.DuckDBPyConnection, market: str) -> list[_Evidence]:
    rows = con.execute(
        "SELECT evidence_id, path, sha256, format, bytes, encoding, csv_header, csv_columns "
        "FROM evidence WHERE kind = 'dump' AND market = ? AND withdrawn_at IS NULL "
        "ORDER BY evidence_id",
        [market],
    ).fetchall()
    return [
        _Evidence(int(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4]), r[5], r[6],
                  tuple(r[7]) if r[7] else None)
        for r in rows
    ]  # fmt: skip


def _encoding_messages(evidence: list[_Evidence], options: IngestOptions) -> list[str]:
    """What to say when ``--encoding`` was given for evidence that has its own."""
    if options.encoding is None:
        return []
    return [
        f"evidence #{e.evidence_id} {Path(e.path).name} is read as {e.encoding}, the encoding "
        f"recorded with it; --encoding {options.encoding} applies only to evidence registered "
        "without one"
        for e in evidence
        if e.encoding is not None and codec_name(e.encoding) != codec_name(options.encoding)
    ]


def ingest_stage(case: Case, options: IngestOptions | None = None) -> StageResult:
    """Both ingest steps for every market (or the ones named); a part per step and market."""
    options = options or IngestOptions()
    with case.connect(read_only=True) as con:
        markets = [str(m) for m in column(con, "SELECT market_id FROM markets ORDER BY 1")]
    if options.markets:
        unknown = sorted(set(options.markets) - set(markets))
        if unknown:
            raise UserError(f"no such market in this case: {', '.join(unknown)}")
        markets = [m for m in markets if m in options.markets]
    if not markets:
        raise UserError(
            "no dumps registered; register one first: seized add CASE FILE --market NAME"
        )
    result = StageResult("ingest")
    for market in markets:
        result.parts.append(ingest_raw(case, market, options))
        result.parts.append(ingest_map(case, market, options))
    result.skipped = all(part.skipped for part in result.parts)
    return result


def ingest_raw(case: Case, market: str, options: IngestOptions) -> StageResult:
    """Step ``ingest.raw``: the market's dumps into its raw schema (Parquet files and views)."""
    with case.connect(read_only=True) as con:
        evidence = _market_evidence(con, market)
        schema_row = first(con, "SELECT raw_schema FROM markets WHERE market_id = ?", [market])
    if not evidence or schema_row is None:
        skipped = StageResult("ingest.raw", market, skipped=True)
        skipped.messages.append(f"{market}: no dump registered")
        return skipped
    schema = str(schema_row)
    extra = [[e.sha256 for e in evidence], [e.format for e in evidence], options.keep_going,
             [e.reading(options) for e in evidence]]  # fmt: skip
    with case.stage(
        "ingest.raw", scope=market, reads=(), extra=extra, force=options.force, transaction=False
    ) as run:
        if run.skipped:
            run.result.messages[:] = [f"{market}: raw tables already loaded"]
            return run.result
        con = run.con
        # DuckDB keeps cached blocks in memory up to its limit (by default most of the machine's
        # RAM); the raw tables go to Parquet files, so the case store needs little here.
        con.execute(f"SET memory_limit = '{INGEST_MEMORY_LIMIT}'")
        # 1. forget the market's raw tables (one small transaction): from here on it is not
        #    loaded, whatever happens next.
        with transaction(con):
            con.execute(f"DROP SCHEMA IF EXISTS {quote_ident(schema)} CASCADE")
            con.execute("DELETE FROM raw_tables WHERE market_id = ?", [market])
            con.execute("DELETE FROM raw_files WHERE market_id = ?", [market])
            con.execute("DELETE FROM rejects WHERE market_id = ?", [market])
            forget(con, "ingest.raw", market)
            forget(con, "ingest.map", market)
            case.record_checksums(con, _BOOKKEEPING)
        remove_schema_files(case.root, schema)
        # 2. load: the sink casts and writes each table's Parquet file on its writer thread
        #    while the parser reads on.
        try:
            sinks = [_load(con, case, market, schema, item, options) for item in evidence]
            # 3. check keys, make the views, record counts and files and mark the market loaded:
            #    one transaction, so a market is complete only with all its rows and counts.
            with case.committing(run):
                unattached = 0
                for sink in sinks:
                    sink.finish()
                    unattached += sink.unattached_rejects
                    run.result.messages.extend(sink.warnings)
                run.result.messages.extend(_encoding_messages(evidence, options))
                counts = _raw_counts(con, market)
                counts["_statements_rejected"] = unattached
                run.counts = counts
                run.checksums = list(_BOOKKEEPING)
                run.inputs = [
                    {"path": e.path, "sha256": e.sha256, "evidence_id": e.evidence_id,
                     "encoding": e.reading(options)[0]}
                    for e in evidence
                ]  # fmt: skip
                run.details = {"market": market, "schema": schema,
                               "keep_going": options.keep_going}  # fmt: skip
        except BaseException:
            _discard_partial(con, case, market, schema)
            raise
    return run.result


def _load(
    con: duckdb.DuckDBPyConnection,
    case: Case,
    market: str,
    schema: str,
    item: _Evidence,
    options: IngestOptions,
) -> ParquetSink:
    """Parse one dump into the market's raw schema; the sink is drained, not yet finished."""
    evidence_id, path, fmt, size = item.evidence_id, item.path, item.format, item.bytes
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
        encoding=str(item.reading(options)[0]),
        progress=_byte_callback(options.progress, Path(path).name, size),
        header=item.header,
        columns=item.columns,
    )
    try:
        parse(Source(Path(path), evidence_id), sink, parse_options)
    except BaseException as exc:
        earlier = sink.abort()  # a write error comes before the parser's in the dump
        raise (earlier or exc) from None
    sink.drain()
    return sink


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
    """Step ``ingest.map``: the market's mapping from its raw tables into the canonical ones."""
    from seized.mapping import apply_mapping, case_mapping

    with case.connect(read_only=True) as con:
        row = con.execute(
            "SELECT raw_schema, mapping_path, mapping_sha256 FROM markets WHERE market_id = ?",
            [market],
        ).fetchone()
        raw = stage_fingerprint(con, "ingest.raw", market)
        first_evidence = first(
            con,
            "SELECT min(evidence_id) FROM evidence WHERE market = ? AND kind = 'dump' "
            "AND withdrawn_at IS NULL",
            [market],
        )
    if row is None or raw is None:
        return StageResult("ingest.map", market, skipped=True)
    schema, mapping_path, mapping_sha = row
    if not mapping_path:
        skipped = StageResult("ingest.map", market, skipped=True)
        skipped.messages.append(
            f"{market}: raw tables loaded, but the market is not mapped yet: draft a mapping "
            f"with `seized mapping suggest CASE --market {market}`, then "
            f"`seized mapping set CASE --market {market} FILE`"
        )
        return skipped
    with case.stage(
        "ingest.map", scope=market, reads=(), extra=[raw, mapping_sha], force=options.force
    ) as run:
        if run.skipped:
            run.result.messages[:] = [f"{market}: already mapped"]
            return run.result
        mapping = case_mapping(case.root, str(mapping_path), str(mapping_sha))
        run.counts = dict(
            apply_mapping(
                run.con,
                mapping,
                market_id=market,
                raw_schema=str(schema),
                evidence_id=int(first_evidence) if first_evidence is not None else 0,
            )
        )
        run.checksums = None  # every canonical table
        run.inputs = [{"path": str(mapping_path), "sha256": mapping_sha}]
        run.details = {"market": market, "software": mapping.software}
    return run.result
