"""`seized status`: evidence, markets, tables with row counts, stages done."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from seized.case import Case
from seized.db import dicts, first, quote_ident
from seized.model import CANONICAL_TABLES
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
        status.evidence = dicts(
            con,
            "SELECT evidence_id, name, kind, format, market, bytes, sha256 FROM evidence "
            "ORDER BY evidence_id",
        )
        done = done_stages(con)
        status.stages = done
        stage_set = {(s, scope) for s, scope, _ in done}
        for market_id, software, raw_schema in con.execute(
            "SELECT market_id, software, raw_schema FROM markets ORDER BY market_id"
        ).fetchall():
            accounts = first(con, "SELECT count(*) FROM accounts WHERE market_id = ?", [market_id])
            status.markets.append(
                {
                    "market": market_id,
                    "software": software,
                    "raw_schema": raw_schema,
                    "raw_loaded": ("ingest.raw", market_id) in stage_set,
                    "mapped": ("ingest.map", market_id) in stage_set,
                    "accounts": int(accounts or 0),
                }
            )
        for table in CANONICAL_TABLES:
            status.tables[table] = int(first(con, f"SELECT count(*) FROM {quote_ident(table)}"))
        status.raw_tables = dicts(
            con,
            'SELECT market_id AS market, table_name AS "table", rows_read AS "read", '
            "rows_stored AS stored, rows_rejected AS rejected FROM raw_tables "
            "ORDER BY market_id, table_name",
        )
        status.rejects = status.tables.get("rejects", 0)
    return status
