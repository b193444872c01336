"""`seized status`: evidence, markets, tables with row counts, stages done."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from seized.case import Case
from seized.model import CANONICAL_TABLES
from seized.sqlident import quote_ident
from seized.stages import done_stages


@dataclass
class CaseStatus:
    name: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    markets: list[dict[str, Any]] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    raw_tables: list[dict[str, Any]] = field(default_factory=list)
    stages: list[tuple[str, str, Any]] = field(default_factory=list)
    rejects: int = 0


def case_status(case: Case) -> CaseStatus:
    status = CaseStatus(case.name)
    with case.connect(read_only=True) as con:
        cols = ["evidence_id", "name", "kind", "format", "market", "bytes", "sha256"]
        for row in con.execute(
            "SELECT evidence_id, name, kind, format, market, bytes, sha256 FROM evidence "
            "ORDER BY evidence_id"
        ).fetchall():
            status.evidence.append(dict(zip(cols, row, strict=True)))
        done = done_stages(con)
        status.stages = done
        stage_set = {(s, scope) for s, scope, _ in done}
        for market_id, software, raw_schema in con.execute(
            "SELECT market_id, software, raw_schema FROM markets ORDER BY market_id"
        ).fetchall():
            accounts = con.execute(
                "SELECT count(*) FROM accounts WHERE market_id = ?", [market_id]
            ).fetchone()
            status.markets.append(
                {
                    "market": market_id,
                    "software": software,
                    "raw_schema": raw_schema,
                    "raw_loaded": ("ingest.raw", market_id) in stage_set,
                    "mapped": ("ingest.map", market_id) in stage_set,
                    "accounts": int(accounts[0]) if accounts else 0,
                }
            )
        for table in CANONICAL_TABLES:
            counted = con.execute(f"SELECT count(*) FROM {quote_ident(table)}").fetchone()
            status.tables[table] = int(counted[0]) if counted else 0
        rcols = ["market", "table", "read", "stored", "rejected"]
        for row in con.execute(
            "SELECT market_id, table_name, rows_read, rows_stored, rows_rejected FROM raw_tables "
            "ORDER BY market_id, table_name"
        ).fetchall():
            status.raw_tables.append(dict(zip(rcols, row, strict=True)))
        status.rejects = status.tables.get("rejects", 0)
    return status
