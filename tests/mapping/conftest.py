"""Fixtures for mapping tests: a fresh in-memory case store, small raw markets, a case on disk."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from tests.factories import new_case, write_csv_market

from seized.case import Case
from seized.ingest.stage import IngestOptions, ingest_map, ingest_stage
from seized.model import migrate
from seized.register import add_evidence, set_mapping

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


SHOP_MAPPING = """\
mapping: 1
software: shop
tables:
  accounts:
    source: users
    key: _seized_pos
    select: |
      SELECT id AS native_id, username, role_of(role) AS role, _seized_pos
      FROM users
"""


@dataclass
class ShopCase:
    """A case on disk with one market 'shop' (a CSV folder of users), ingested and mapped."""

    case: Case
    work: Path  # a directory outside the case: where attacks try to write

    def mapping_file(self, text: str, name: str = "shop.yaml") -> Path:
        path = self.work / name
        path.write_text(text, encoding="utf-8")
        return path

    def set(self, text: str) -> None:
        """Set ``text`` as the shop's mapping (seized mapping set)."""
        set_mapping(self.case, "shop", str(self.mapping_file(text)))

    def ingest(self) -> None:
        """Apply the mapping in force again (the mapping step of seized ingest --force)."""
        ingest_map(self.case, "shop", IngestOptions(force=True))

    def map_with(self, text: str) -> None:
        self.set(text)
        self.ingest()

    def snapshot(self) -> tuple[object, ...]:
        """What an attack must leave as it was: store rows, custody log, files outside."""
        with self.case.connect(read_only=True) as con:
            rows = tuple(
                con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
                for table in ("evidence", "markets", "accounts", "meta.stages", "meta.checksums")
            )
        custody = (self.case.root / "custody.jsonl").read_bytes()
        return rows, custody, files_in(self.work)


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ShopCase:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # relative file names in attacks land here
    (work / "secret.csv").write_text("name,value\nsecret,42\n", encoding="utf-8")
    case = new_case(tmp_path)
    add_evidence(case, [write_csv_market(tmp_path / "evidence" / "shop")], market="shop")
    ingest_stage(case)
    built = ShopCase(case, work)
    built.map_with(SHOP_MAPPING)
    return built
