"""Filling the identifiers table from a small in-memory case store."""

from __future__ import annotations

import duckdb
import pytest

from seized.extract import tables
from seized.extract.tables import fill_identifiers
from seized.model import migrate

ARMOR = (
    "-----BEGIN PGP MESSAGE-----\n\nhQEMA1BoatSLRHtKNngkdXEeobR76b53LETtpyT\n"
    "-----END PGP MESSAGE-----"
)
ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion"
BTC = "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    migrate(con)
    con.execute(
        "INSERT INTO accounts (account_id, market_id, native_id, username, profile, contact, email)"
        " VALUES (?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?)",
        [
            "m1:7", "m1", "7", "candy", "Welcome! Jabber: Candy@exploit.im", "wickr me: candyman99",
            "Candy@Proton.me",
            "m1:8", "m1", "8", "buyer", None, None, None,
        ],
    )  # fmt: skip
    con.execute(
        "INSERT INTO listings (listing_id, market_id, native_id, vendor_id, title, description)"
        " VALUES ('m1:L1', 'm1', 'L1', 'm1:7', 'Best MDMA', "
        "'refunds to 1BoatSLRHtKNngkdXEeobR76b53LETtpyT only')"
    )
    con.execute(
        "INSERT INTO messages (message_id, market_id, native_id, sender_id, recipient_id, subject,"
        " body, body_plain, encrypted, decrypted) VALUES "
        "('m1:M1', 'm1', 'M1', 'm1:8', 'm1:7', 'order', ?, 'signal: +49 151 23456789', true, true),"
        "('m1:M2', 'm1', 'M2', 'm1:7', 'm1:8', NULL, 'my telegram is @candy_shop_de', NULL, false,"
        " false)",
        [ARMOR],
    )
    con.execute(
        "INSERT INTO orders (order_id, market_id, native_id, buyer_id, vendor_id, shipping_raw,"
        " shipping_address) VALUES ('m1:O1', 'm1', 'O1', 'm1:8', 'm1:7', ?, "
        "'Max Weber\nLindenallee 20\n20095 Hamburg\nGermany')",
        [ARMOR],
    )
    con.execute(
        "INSERT INTO feedback (feedback_id, market_id, native_id, buyer_id, comment)"
        " VALUES ('m1:F1', 'm1', 'F1', 'm1:8', ?)",
        [f"great! also on {ONION}"],
    )
    return con


EXPECTED = [
    ("btc_address", BTC, None, "m1:7", "listings", "description", "m1:L1"),
    ("email", "candy@proton.me", None, "m1:7", "accounts", "email", "m1:7"),
    ("jabber", "candy@exploit.im", None, "m1:7", "accounts", "profile", "m1:7"),
    ("onion", ONION, None, "m1:8", "feedback", "comment", "m1:F1"),
    ("postal_address", "Lindenallee 20, 20095 Hamburg", "DE", "m1:8", "orders", "shipping_address",
     "m1:O1"),
    ("signal", "+4915123456789", "DE", "m1:8", "messages", "body_plain", "m1:M1"),
    ("telegram", "candy_shop_de", None, "m1:7", "messages", "body", "m1:M2"),
    ("wickr", "candyman99", None, "m1:7", "accounts", "contact", "m1:7"),
]  # fmt: skip


def _rows(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute(
        "SELECT kind, value, country, account_id, source_table, source_column, source_key"
        " FROM identifiers ORDER BY kind, value"
    ).fetchall()


def test_fill_writes_identifiers_with_provenance(con: duckdb.DuckDBPyConnection) -> None:
    counts = fill_identifiers(con)
    assert _rows(con) == EXPECTED
    assert counts == {kind: 1 for kind, *_ in EXPECTED}
    markets = con.execute("SELECT DISTINCT market_id FROM identifiers").fetchall()
    assert markets == [("m1",)]
    raw = con.execute("SELECT raw FROM identifiers WHERE kind = 'telegram'").fetchone()
    assert raw == ("@candy_shop_de",)


def test_fill_is_idempotent(con: duckdb.DuckDBPyConnection) -> None:
    fill_identifiers(con)
    fill_identifiers(con)
    assert _rows(con) == EXPECTED


def test_fill_reports_progress(con: duckdb.DuckDBPyConnection) -> None:
    seen: list[tuple[str, int, int]] = []
    fill_identifiers(con, progress=lambda label, done, total: seen.append((label, done, total)))
    assert ("extract accounts", 2, 2) in seen
    assert ("extract feedback", 1, 1) in seen


def test_fill_with_worker_processes(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "POOL_THRESHOLD", 0)  # a small case: workers only when told
    fill_identifiers(con, workers=2)
    assert _rows(con) == EXPECTED
