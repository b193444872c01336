"""Applying mappings to a made-up raw market: rows, ids, provenance, errors, reruns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from seized.errors import MappingError, UserError
from seized.mapping.apply import apply_mapping
from seized.mapping.model import Mapping, load_mapping

TINY = """\
mapping: 1
software: tiny
params:
  btc_eur: 400
tables:
  accounts:
    source: users
    select: |
      SELECT uid AS native_id,
             login AS username,
             role_of(grp) AS role,
             unix_ts(joined) AS created_at
      FROM users
  listings:
    source: items
    select: |
      SELECT id AS native_id, seller AS vendor_id, name AS title,
             price_btc AS price, 'BTC' AS currency, btc_sats(price_btc) AS price_sats,
             country_or_text(origin) AS ships_from,
             eur_sats(price_btc * getvariable('btc_eur'), getvariable('btc_eur')) AS _check
      FROM items
  orders:
    source: orders
    key: _seized_pos
    select: |
      SELECT o.oid AS native_id, o.item AS listing_id, o.buyer AS buyer_id,
             i.seller AS vendor_id, btc_sats(o.total) AS amount_sats,
             status_of(o.state) AS status, text_ts(o.placed) AS created_at,
             o._seized_pos
      FROM orders AS o JOIN items AS i ON i.id = o.item
"""


def mapping_of(tmp_path: Path, text: str) -> Mapping:
    path = tmp_path / "tiny.yaml"
    path.write_text(text, encoding="utf-8")
    return load_mapping(path)


def apply(con: duckdb.DuckDBPyConnection, mapping: Mapping) -> dict[str, int]:
    con.execute("BEGIN")
    try:
        counts = apply_mapping(con, mapping, market_id="tiny", raw_schema="raw_tiny", evidence_id=5)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return counts


def broken(tmp_path: Path, con: duckdb.DuckDBPyConnection, old: str, new: str) -> MappingError:
    assert old in TINY
    mapping = mapping_of(tmp_path, TINY.replace(old, new, 1))
    with pytest.raises(MappingError) as caught:
        apply(con, mapping)
    assert caught.value.path == mapping.path
    return caught.value


def test_apply_fills_canonical_rows(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    counts = apply(tiny, mapping_of(tmp_path, TINY))
    assert counts == {"accounts": 3, "listings": 2, "orders": 2}
    accounts = tiny.execute(
        "SELECT account_id, market_id, native_id, username, role, created_at, "
        "evidence_id, raw_table, raw_key FROM accounts ORDER BY account_id"
    ).fetchall()
    assert accounts == [
        (
            "tiny:1",
            "tiny",
            "1",
            "alice",
            "vendor",
            dt.datetime(2014, 5, 13, 16, 53, 20),
            5,
            "users",
            "1",
        ),
        (
            "tiny:2",
            "tiny",
            "2",
            "bob",
            "buyer",
            dt.datetime(2014, 5, 14, 16, 53, 20),
            5,
            "users",
            "2",
        ),
        ("tiny:3", "tiny", "3", "carol", "staff", None, 5, "users", "3"),
    ]
    listings = tiny.execute(
        "SELECT listing_id, vendor_id, price, price_sats, ships_from FROM listings ORDER BY 1"
    ).fetchall()
    assert listings == [
        ("tiny:7", "tiny:1", 0.12345678, 12_345_678, "DE"),
        ("tiny:8", "tiny:1", 1.5, 150_000_000, "NL"),
    ]
    orders = tiny.execute(
        "SELECT order_id, listing_id, buyer_id, vendor_id, amount_sats, status, created_at, "
        "raw_table, raw_key FROM orders ORDER BY 1"
    ).fetchall()
    assert orders == [
        (
            "tiny:100",
            "tiny:7",
            "tiny:2",
            "tiny:1",
            12_345_678,
            "finalized",
            dt.datetime(2014, 5, 14, 10, 0),
            "orders",
            "30",
        ),
        (
            "tiny:101",
            "tiny:8",
            "tiny:2",
            "tiny:1",
            150_000_000,
            "disputed",
            dt.datetime(2014, 5, 15, 10, 0),
            "orders",
            "31",
        ),
    ]


def test_rerun_replaces_rows(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    mapping = mapping_of(tmp_path, TINY)
    first = apply(tiny, mapping)
    tiny.execute(
        "INSERT INTO accounts (account_id, market_id, native_id) VALUES ('other:1', 'other', '1')"
    )
    second = apply(tiny, mapping)
    assert first == second
    assert tiny.execute("SELECT count(*) FROM accounts").fetchone() == (4,)
    assert tiny.execute("SELECT count(*) FROM orders").fetchone() == (2,)


def test_raw_tables_unchanged(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    def snapshot() -> list[object]:
        return [
            tiny.execute(f"SELECT * FROM raw_tiny.{t} ORDER BY ALL").fetchall()
            for t in ("users", "items", "orders")
        ]

    before = snapshot()
    apply(tiny, mapping_of(tmp_path, TINY))
    assert snapshot() == before
    search_path = tiny.execute("SELECT current_setting('search_path')").fetchone()
    assert search_path == ("",)


def test_unknown_raw_column_names_line_and_column(
    tmp_path: Path, tiny: duckdb.DuckDBPyConnection
) -> None:
    error = broken(
        tmp_path, tiny, "             login AS username,", "             nick AS username,"
    )
    assert error.line == 10  # the YAML line of 'nick AS username'
    assert error.column == "nick"
    assert "line 2 of the select" in error.reason
    assert error.hint is not None and "login" in error.hint


def test_unknown_raw_table(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    error = broken(tmp_path, tiny, "      FROM users\n", "      FROM members\n")
    assert error.line == 13
    assert "members" in error.reason
    assert error.hint is not None and "users" in error.hint


def test_missing_source_table(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    error = broken(tmp_path, tiny, "    source: items\n", "    source: products\n")
    assert error.line == 15
    assert "products" in error.reason


def test_optional_table_without_source(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    mapping = mapping_of(
        tmp_path, TINY.replace("    source: items\n", "    source: products\n    optional: true\n")
    )
    assert apply(tiny, mapping)["listings"] == 0


def test_unknown_canonical_column(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    error = broken(tmp_path, tiny, "login AS username,", "login AS nickname,")
    assert error.column == "nickname"
    assert error.line == 10
    assert "not a column of the canonical table accounts" in error.reason


def test_engine_column_is_refused(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    error = broken(tmp_path, tiny, "login AS username,", "login AS account_id,")
    assert error.column == "account_id"
    assert "filled by seized" in error.reason


def test_missing_native_id(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    error = broken(tmp_path, tiny, "SELECT uid AS native_id,", "SELECT uid AS uid_,")
    assert error.column in ("uid_", "native_id")
    error = broken(tmp_path, tiny, "SELECT uid AS native_id,", "SELECT uid AS _uid,")
    assert error.column == "native_id"
    assert error.line == 9
    assert "no column 'native_id'" in error.reason


def test_null_native_id(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    error = broken(
        tmp_path, tiny, "SELECT uid AS native_id,", "SELECT NULLIF(uid, 2) AS native_id,"
    )
    assert "1 rows have no native_id" in error.reason


def test_duplicate_native_id(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    error = broken(tmp_path, tiny, "SELECT uid AS native_id,", "SELECT uid % 2 AS native_id,")
    assert "not unique" in error.reason
    assert error.column == "native_id"


def test_role_outside_vocabulary(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    error = broken(tmp_path, tiny, "role_of(grp) AS role", "grp AS role")
    assert error.column == "role"
    assert "buyer/vendor/staff" in error.reason
    assert error.hint is not None and "role_of" in error.hint


def test_unconvertible_type(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    error = broken(tmp_path, tiny, "text_ts(o.placed) AS created_at", "o.state AS created_at")
    assert error.column == "created_at"
    assert "TIMESTAMP" in error.reason
    assert error.hint is not None and "text_ts" in error.hint


def test_bad_key_expression(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    error = broken(tmp_path, tiny, "    key: _seized_pos\n", "    key: _nope\n")
    assert error.line == 24
    assert error.column == "_nope"


def test_unknown_helper(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    error = broken(tmp_path, tiny, "role_of(grp)", "role_off(grp)")
    assert error.line == 11
    assert error.hint is not None and "role_of" in error.hint


def test_params_override(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    text = TINY.replace(
        "btc_sats(o.total) AS amount_sats",
        "eur_sats(o.total, getvariable('btc_eur')) AS amount_sats",
    )
    mapping = mapping_of(tmp_path, text)
    apply(tiny, mapping)
    assert tiny.execute("SELECT amount_sats FROM orders WHERE native_id = '101'").fetchone() == (
        375_000,  # 1.5 EUR at 400 EUR/BTC
    )
    tiny.execute("BEGIN")
    apply_mapping(
        tiny,
        mapping,
        market_id="tiny",
        raw_schema="raw_tiny",
        evidence_id=5,
        params={"btc_eur": 300},
    )
    tiny.execute("COMMIT")
    assert tiny.execute("SELECT amount_sats FROM orders WHERE native_id = '101'").fetchone() == (
        500_000,
    )


def test_usage_errors(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    mapping = mapping_of(tmp_path, TINY)
    with pytest.raises(UserError, match="raw schema"):
        apply_mapping(tiny, mapping, market_id="tiny", raw_schema="raw_none", evidence_id=1)
    with pytest.raises(UserError, match="market id"):
        apply_mapping(tiny, mapping, market_id="a:b", raw_schema="raw_tiny", evidence_id=1)


def test_several_sources_union(tmp_path: Path, tiny: duckdb.DuckDBPyConnection) -> None:
    tiny.execute("CREATE TABLE raw_tiny.users_old (uid BIGINT, login VARCHAR, _seized_pos BIGINT)")
    tiny.execute("INSERT INTO raw_tiny.users_old VALUES (9, 'dave', 1)")
    text = TINY.replace("    source: users\n", "    source: [users, users_old, users_gone]\n")
    text = text.replace("      FROM users\n", "      FROM source\n").replace(
        "unix_ts(joined) AS created_at", "unix_ts(joined) AS created_at, _seized_table"
    )
    apply(tiny, mapping_of(tmp_path, text))
    rows = tiny.execute(
        "SELECT native_id, raw_table, role FROM accounts ORDER BY native_id"
    ).fetchall()
    assert rows == [
        ("1", "users", "vendor"),
        ("2", "users", "buyer"),
        ("3", "users", "staff"),
        ("9", "users_old", None),
    ]
