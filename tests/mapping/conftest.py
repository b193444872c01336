"""Fixtures for mapping tests: a fresh in-memory case store and small raw markets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from seized.model import migrate

AGORA_FILES = ("Ag2014-sscSynth", "Ag2014-sscShakeTrim")


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory case store with the canonical tables."""
    connection = duckdb.connect(":memory:")
    migrate(connection)
    yield connection
    connection.close()


def load_agora(con: duckdb.DuckDBPyConnection, listings: Path, *stems: str) -> None:
    """Load Agora CSV files as the raw loader does: one VARCHAR table per file + _seized_pos."""
    con.execute("CREATE SCHEMA IF NOT EXISTS raw_agora")
    for stem in stems:
        table = '"' + stem.replace('"', '""') + '"'
        con.execute(
            f"CREATE TABLE raw_agora.{table} AS SELECT *, "
            "CAST(row_number() OVER () AS BIGINT) AS _seized_pos "
            "FROM read_csv(?, all_varchar = true, header = true)",
            [str(listings / f"{stem}.csv")],
        )


@pytest.fixture
def tiny(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A made-up market in schema raw_tiny: users, items and orders, as a dump would give them."""
    con.execute("CREATE SCHEMA raw_tiny")
    con.execute(
        "CREATE TABLE raw_tiny.users (uid BIGINT, login VARCHAR, grp VARCHAR, joined BIGINT, "
        "_seized_pos BIGINT)"
    )
    con.execute(
        "INSERT INTO raw_tiny.users VALUES (1, 'alice', 'Vendor', 1400000000, 10), "
        "(2, 'bob', 'member', 1400086400, 11), (3, 'carol', 'Administrator', 0, 12)"
    )
    con.execute(
        "CREATE TABLE raw_tiny.items (id BIGINT, seller BIGINT, name VARCHAR, "
        "price_btc DECIMAL(18, 8), origin VARCHAR, _seized_pos BIGINT)"
    )
    con.execute(
        "INSERT INTO raw_tiny.items VALUES (7, 1, 'Widget', 0.12345678, 'Deutschland', 20), "
        "(8, 1, 'Gadget', 1.5, ' Holland ', 21)"
    )
    con.execute(
        "CREATE TABLE raw_tiny.orders (oid BIGINT, item BIGINT, buyer BIGINT, state VARCHAR, "
        "total VARCHAR, placed VARCHAR, _seized_pos BIGINT)"
    )
    con.execute(
        "INSERT INTO raw_tiny.orders VALUES "
        "(100, 7, 2, 'Finalized', '0.12345678', '2014-05-14 10:00:00', 30), "
        "(101, 8, 2, 'in dispute', '1.5', '2014-05-15T12:00:00+02:00', 31)"
    )
    return con
