"""Stage bookkeeping: a stage is done for a scope when its row in meta.stages says so.

The row is written in the same transaction as the stage's data, so a stage killed at any point
is either wholly done or not done at all; rerunning it redoes it from its start.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import duckdb

from seized.model import table_checksum


@dataclass
class StageResult:
    stage: str
    scope: str = ""
    skipped: bool = False
    counts: dict[str, Any] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)


def inputs_fingerprint(
    con: duckdb.DuckDBPyConnection, tables: tuple[str, ...], extra: Any = None
) -> str:
    """SHA-256 over the checksums of the tables a stage reads, and its options (``extra``):
    the same fingerprint means the stage would compute the same result."""
    parts = {"tables": {t: table_checksum(con, t) for t in tables}, "extra": extra}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def is_done(con: duckdb.DuckDBPyConnection, stage: str, scope: str, fingerprint: str) -> bool:
    row = con.execute(
        "SELECT fingerprint FROM meta.stages WHERE stage = ? AND scope = ? AND status = 'done'",
        [stage, scope],
    ).fetchone()
    return row is not None and row[0] == fingerprint


def done_result(
    con: duckdb.DuckDBPyConnection, stage: str, scope: str, fingerprint: str
) -> dict[str, Any] | None:
    """The result a stage recorded when it was done with these inputs, or None (not done, or
    done with other inputs)."""
    row = con.execute(
        "SELECT result FROM meta.stages WHERE stage = ? AND scope = ? AND status = 'done' "
        "AND fingerprint = ?",
        [stage, scope, fingerprint],
    ).fetchone()
    return None if row is None else dict(json.loads(row[0] or "{}"))


def mark_done(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    scope: str,
    fingerprint: str,
    result: dict[str, Any],
    started_at: Any,
) -> None:
    con.execute(
        "INSERT OR REPLACE INTO meta.stages VALUES (?, ?, 'done', ?, ?, now(), ?)",
        [stage, scope, fingerprint, started_at, json.dumps(result, sort_keys=True, default=str)],
    )


def done_stages(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, Any]]:
    rows = con.execute(
        "SELECT stage, scope, finished_at FROM meta.stages WHERE status = 'done' "
        "ORDER BY finished_at"
    ).fetchall()
    return [(str(r[0]), str(r[1]), r[2]) for r in rows]
