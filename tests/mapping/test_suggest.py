"""`mapping suggest` on a small made-up market and on the Agora scrapes."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from seized.errors import UserError
from seized.mapping.apply import apply_mapping
from seized.mapping.model import load_mapping, parse_mapping
from seized.mapping.suggest import suggest_mapping

from .conftest import AGORA_FILES, load_agora

PGP_KEY = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBF...\n-----END PGP PUBLIC KEY BLOCK-----"


@pytest.fixture
def market(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    con.execute("CREATE SCHEMA raw_m")
    con.execute(
        "CREATE TABLE raw_m.tbl_members (member_id BIGINT, login VARCHAR, usergroup VARCHAR, "
        "registered BIGINT, pgp VARCHAR, _seized_pos BIGINT)"
    )
    con.execute(
        "INSERT INTO raw_m.tbl_members VALUES "
        "(1, 'alice', 'Vendor', 1400000000, ?, 1), (2, 'bob', 'Member', 1400086400, NULL, 2), "
        "(3, 'carol', 'Super Admin', 1400186400, NULL, 3), (4, 'dave', 'banned', 1400286400, "
        "NULL, 4)",
        [PGP_KEY],
    )
    con.execute(
        "CREATE TABLE raw_m.tbl_orders (id BIGINT, product_id BIGINT, buyer_id BIGINT, "
        "status VARCHAR, total_btc DECIMAL(16, 8), created_at VARCHAR, _seized_pos BIGINT)"
    )
    con.execute(
        "INSERT INTO raw_m.tbl_orders VALUES "
        "(10, 5, 2, 'Finalized', 0.25, '2014-05-14 10:00:00', 1),"
        " (11, 5, 4, 'Shipped', 0.5, '2014-05-15 11:00:00', 2)"
    )
    con.execute("CREATE TABLE raw_m.config (name VARCHAR, value VARCHAR, _seized_pos BIGINT)")
    return con


def test_draft_loads_maps_members_and_marks_todos(
    market: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    text = suggest_mapping(market, "raw_m", software="mymarket")
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    mapping = load_mapping(path)
    assert mapping.software == "mymarket"
    assert list(mapping.tables) == ["accounts", "orders"]
    accounts = mapping.tables["accounts"]
    assert accounts.sources == ("tbl_members",)
    for expected in (
        '"member_id" AS native_id',
        '"login" AS username',
        'role_of("usergroup") AS role',
        'unix_ts("registered") AS created_at',
        '"pgp" AS pgp_public_key',
    ):
        assert expected in accounts.select
    orders = mapping.tables["orders"].select
    assert 'text_ts("created_at") AS created_at' in orders
    assert 'btc_sats("total_btc") AS amount_sats' in orders
    assert 'status_of("status") AS status' in orders
    # what it could not decide is marked, with the reason
    todos = [line for line in text.splitlines() if "# TODO(seized):" in line]
    assert any('"banned" -> NULL' in line and "role" in line for line in todos)
    assert any("look like BTC" in line for line in todos)
    assert any("config" in line for line in todos) or '"config"' in text
    assert any("messages" in line for line in todos)  # no table looked like messages
    # the draft runs as it is
    counts = apply_mapping(market, mapping, market_id="m", raw_schema="raw_m", evidence_id=1)
    assert counts == {"accounts": 4, "orders": 2}
    assert market.execute("SELECT account_id, role FROM accounts ORDER BY 1").fetchall() == [
        ("m:1", "vendor"),
        ("m:2", "buyer"),
        ("m:3", "staff"),
        ("m:4", None),
    ]
    assert market.execute("SELECT sum(amount_sats) FROM orders").fetchone() == (75_000_000,)


def test_seized_names_cannot_break_the_draft(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA raw_x")
    con.execute(
        'CREATE TABLE raw_x."users" ("id" BIGINT, "user""name" VARCHAR, "role" VARCHAR, '
        "_seized_pos BIGINT)"
    )
    con.execute("INSERT INTO raw_x.users VALUES (1, 'a', ?, 1)", ["x\n  tables: {}\n# boom"])
    con.execute('CREATE TABLE raw_x."weird\u2028name: [x" (a VARCHAR)')
    text = suggest_mapping(con, "raw_x", software="x")
    mapping = parse_mapping(text.encode("utf-8"), "draft")
    assert list(mapping.tables) == ["accounts"]
    counts = apply_mapping(con, mapping, market_id="x", raw_schema="raw_x", evidence_id=1)
    assert counts == {"accounts": 1}


def test_agora_draft(con: duckdb.DuckDBPyConnection, shared_data: Path) -> None:
    load_agora(con, shared_data / "listings", *AGORA_FILES)
    text = suggest_mapping(con, "raw_agora", software="agora")
    mapping = parse_mapping(text.encode("utf-8"), "draft")
    # both files have the same columns: one listings table reading both, by column names alone
    assert list(mapping.tables) == ["listings"]
    assert set(mapping.tables["listings"].sources) == set(AGORA_FILES)
    select = mapping.tables["listings"].select
    assert 'btc_sats(range_mid("price")) AS price_sats' in select
    assert 'country_or_text("from") AS ships_from' in select
    assert "# TODO(seized): native_id: no id column found" in text
    assert "interval labels" in text
    counts = apply_mapping(con, mapping, market_id="a", raw_schema="raw_agora", evidence_id=1)
    assert counts == {"listings": 1600}


def test_empty_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA raw_empty")
    with pytest.raises(UserError):
        suggest_mapping(con, "raw_empty", software="x")
