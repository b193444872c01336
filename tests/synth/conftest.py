"""One small synthetic server per test session (generating takes seconds), and its raw tables."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import duckdb
import pytest

from seized.ingest import mysql, postgres
from seized.ingest.base import ParseOptions, Source
from seized.ingest.sink import ParquetSink
from seized.mapping.apply import apply_mapping
from seized.mapping.registry import builtin_mapping
from seized.model import migrate
from seized.synth import SynthSummary, generate

_SQLITE_TYPES = {"INTEGER": "BIGINT", "TEXT": "VARCHAR", "REAL": "DOUBLE"}


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> SynthSummary:
    return generate(tmp_path_factory.mktemp("synth") / "out", scale="small", seed=7)


@pytest.fixture(scope="session")
def truth(synth: SynthSummary) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((synth.out / "truth.json").read_text(encoding="utf-8"))
    return data


def load_sqlite(con: duckdb.DuckDBPyConnection, path: Path, schema: str) -> dict[str, int]:
    """The SQLite market as raw tables (declared types, rowid as _seized_pos)."""
    con.execute(f"CREATE SCHEMA {schema}")
    db = sqlite3.connect(path)
    counts = {}
    try:
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            cols = [(r[1], _SQLITE_TYPES[r[2]]) for r in db.execute(f'PRAGMA table_info("{name}")')]
            defs = ", ".join(f'"{c}" {t}' for c, t in cols)
            con.execute(f'CREATE TABLE {schema}."{name}" ({defs}, _seized_pos BIGINT)')
            rows = db.execute(f'SELECT *, rowid FROM "{name}"').fetchall()
            marks = ",".join("?" * (len(cols) + 1))
            if rows:
                con.executemany(f'INSERT INTO {schema}."{name}" VALUES ({marks})', rows)
            counts[name] = len(rows)
    finally:
        db.close()
    return counts


@pytest.fixture(scope="session")
def store(synth: SynthSummary, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An in-memory case store with the three markets parsed and mapped.

    Returns the connection, the raw row counts per market and the mapped counts per market.
    """
    con = duckdb.connect(":memory:")
    migrate(con)
    raw_root = tmp_path_factory.mktemp("raw")
    raw: dict[str, dict[str, int]] = {}
    mapped: dict[str, dict[str, int]] = {}
    for evidence_id, (market, path) in enumerate(synth.markets.items(), start=1):
        schema = f"raw_{market}"
        if path.suffix == ".sqlite":
            raw[market] = load_sqlite(con, path, schema)
        else:
            parser = mysql.parse if "silkway" in path.name else postgres.parse
            sink = ParquetSink(
                con,
                root=raw_root,
                schema=schema,
                market_id=market,
                evidence_id=evidence_id,
                evidence_path=str(path),
            )
            parser(Source(path, evidence_id), sink, ParseOptions())
            raw[market] = {name: c.stored for name, c in sink.finish().items()}
        mapping = builtin_mapping(synth.mappings[market])
        mapped[market] = apply_mapping(
            con, mapping, market_id=market, raw_schema=schema, evidence_id=evidence_id
        )
    return {"con": con, "raw": raw, "mapped": mapped}
