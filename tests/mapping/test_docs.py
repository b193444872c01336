"""The worked example in docs/mappings.md runs and gives the rows the page shows."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb

from seized.mapping.apply import apply_mapping
from seized.mapping.model import parse_mapping

DOCS = Path(__file__).resolve().parents[2] / "docs" / "mappings.md"


def test_worked_example(con: duckdb.DuckDBPyConnection) -> None:
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert found is not None
    mapping = parse_mapping(found.group(1).encode("utf-8"), "shop.yaml")
    con.execute("CREATE SCHEMA raw_shop")
    con.execute(
        "CREATE TABLE raw_shop.users AS SELECT * FROM (VALUES "
        "(1, 'alice', 'Vendor', 1400000000, 1), (2, 'bob', 'member', 1400086400, 2)) "
        "AS v(uid, login, grp, joined, _seized_pos)"
    )
    con.execute(
        "CREATE TABLE raw_shop.items AS SELECT * FROM (VALUES "
        "(7, 1, 'Widget', '0.05', ' Deutschland ', 1)) AS v(id, seller, name, price, origin, "
        "_seized_pos)"
    )
    counts = apply_mapping(con, mapping, market_id="shop", raw_schema="raw_shop", evidence_id=4)
    assert counts == {"accounts": 2, "listings": 1}
    assert con.execute(
        "SELECT account_id, native_id, username, role, created_at, evidence_id, raw_table, "
        "raw_key FROM accounts ORDER BY 1"
    ).fetchall() == [
        ("shop:1", "1", "alice", "vendor", dt.datetime(2014, 5, 13, 16, 53, 20), 4, "users", "1"),
        ("shop:2", "2", "bob", "buyer", dt.datetime(2014, 5, 14, 16, 53, 20), 4, "users", "2"),
    ]
    assert con.execute(
        "SELECT listing_id, vendor_id, title, price, currency, price_sats, ships_from, "
        "raw_table, raw_key FROM listings"
    ).fetchall() == [("shop:7", "shop:1", "Widget", 0.05, "BTC", 5_000_000, "DE", "items", "1")]
    # the page shows these rows
    assert "shop:7     | shop:1    | Widget | 0.05  | BTC      | 5000000    | DE" in text
