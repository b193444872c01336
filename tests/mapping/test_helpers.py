"""Every helper macro converts the usual market values as documented."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from seized.mapping.helpers import country_names, helper_names, install_helpers

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def db() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(":memory:")
    install_helpers(connection)
    return connection


def value(db: duckdb.DuckDBPyConnection, expression: str, *params: object) -> object:
    row = db.execute(f"SELECT {expression}", list(params)).fetchone()
    assert row is not None
    return row[0]


@pytest.mark.parametrize(
    ("expression", "arg", "expected"),
    [
        ("unix_ts(?)", 1400000000, dt.datetime(2014, 5, 13, 16, 53, 20)),
        ("unix_ts(?)", "1400000000", dt.datetime(2014, 5, 13, 16, 53, 20)),
        ("unix_ts(?)", "1400000000.5", dt.datetime(2014, 5, 13, 16, 53, 20, 500000)),
        ("unix_ts(?)", 0, None),
        ("unix_ts(?)", None, None),
        ("unix_ts(?)", "soon", None),
        ("unix_ms_ts(?)", 1400000000123, dt.datetime(2014, 5, 13, 16, 53, 20, 123000)),
        ("text_ts(?)", "2014-01-09", dt.datetime(2014, 1, 9)),
        ("text_ts(?)", " 2014-01-09 10:11:12 ", dt.datetime(2014, 1, 9, 10, 11, 12)),
        ("text_ts(?)", "2014-01-09T10:00:00+02:00", dt.datetime(2014, 1, 9, 8, 0)),
        ("text_ts(?)", "2014-01-09T10:00:00Z", dt.datetime(2014, 1, 9, 10, 0)),
        ("text_ts(?)", "Tue, 14 Oct 2014 10:00:00 +0200", dt.datetime(2014, 10, 14, 8, 0)),
        ("text_ts(?)", "14.10.2014 10:11", dt.datetime(2014, 10, 14, 10, 11)),
        ("text_ts(?)", "14/10/2014", dt.datetime(2014, 10, 14)),
        ("text_ts(?)", "2014/10/14", dt.datetime(2014, 10, 14)),
        ("text_ts(?)", "Oct 14, 2014", dt.datetime(2014, 10, 14)),
        ("text_ts(?)", "0000-00-00 00:00:00", None),
        ("text_ts(?)", "", None),
        ("text_ts(?)", "yesterday", None),
        ("btc_sats(?)", "0.1", 10_000_000),
        ("btc_sats(?)", "0,5 BTC", 50_000_000),
        ("btc_sats(?)", "1.49e+00", 149_000_000),
        ("btc_sats(?)", "20999999.97690000", 2_099_999_997_690_000),
        ("btc_sats(?)", "0.000000015", 2),
        ("btc_sats(?)", "a lot", None),
        ("btc_sats(CAST(? AS DOUBLE))", 0.1, 10_000_000),
        ("btc_sats(CAST(? AS DOUBLE))", 0.29, 29_000_000),
        ("btc_sats(CAST(? AS DECIMAL(18, 8)))", "12345678.12345678", 1_234_567_812_345_678),
        ("mbtc_sats(?)", "1.5", 150_000),
        ("sats(?)", "123456", 123_456),
        ("sats(?)", 987, 987),
        ("eur_sats(?, 350.0)", "350", 100_000_000),
        ("eur_sats(?, 0)", "350", None),
        ("usd_sats(?, 500)", "12.50", 2_500_000),
        ("range_low(?)", "[1.00e-07,1.49e+00)", Decimal("0.0000001")),
        ("range_high(?)", "[1.00e-07,1.49e+00)", Decimal("1.49")),
        ("range_mid(?)", "[1.49e+00,4.85e+00)", Decimal("3.17")),
        ("range_mid(?)", "10-20", Decimal("15")),
        ("range_mid(?)", "10 to 20", Decimal("15")),
        ("range_mid(?)", "cheap", None),
        ("country_iso2(?)", "United Kingdom", "GB"),
        ("country_iso2(?)", "UK", "GB"),
        ("country_iso2(?)", "England", "GB"),
        ("country_iso2(?)", "USA", "US"),
        ("country_iso2(?)", "United States", "US"),
        ("country_iso2(?)", "Germany", "DE"),
        ("country_iso2(?)", "Deutschland", "DE"),
        ("country_iso2(?)", "Netherlands", "NL"),
        ("country_iso2(?)", "Holland", "NL"),
        ("country_iso2(?)", "  the netherlands\n ", "NL"),
        ("country_iso2(?)", "\n       USA\n    \n    ", "US"),
        ("country_iso2(?)", "From: USA", "US"),
        ("country_iso2(?)", "USA only!", "US"),
        ("country_iso2(?)", "fr", "FR"),
        ("country_iso2(?)", "SE", "SE"),
        ("country_iso2(?)", "Worldwide", None),
        ("country_iso2(?)", "World", None),
        ("country_iso2(?)", "NA", None),
        ("country_iso2(?)", "Atlantis", None),
        ("country_iso2(?)", None, None),
        ("country_or_text(?)", " Worldwide ", "Worldwide"),
        ("country_or_text(?)", "Poland", "PL"),
        ("role_of(?)", "Vendor", "vendor"),
        ("role_of(?)", "trusted seller", "vendor"),
        ("role_of(?)", "Global Moderator", "staff"),
        ("role_of(?)", "admin", "staff"),
        ("role_of(?)", "member", "buyer"),
        ("role_of(?)", "Buyer", "buyer"),
        ("role_of(?)", "3", None),
        ("status_of(?)", "unpaid", "pending"),
        ("status_of(?)", "PENDING", "pending"),
        ("status_of(?)", "paid", "paid"),
        ("status_of(?)", "in escrow", "paid"),
        ("status_of(?)", "awaiting shipment", "paid"),
        ("status_of(?)", "Shipped", "shipped"),
        ("status_of(?)", "finalized early", "finalized"),
        ("status_of(?)", "completed", "finalized"),
        ("status_of(?)", "in dispute", "disputed"),
        ("status_of(?)", "refunded", "refunded"),
        ("status_of(?)", "cancelled by buyer", "cancelled"),
        ("status_of(?)", "7", None),
        ("category_path(?, 'Cannabis', 'Shake/trim')", "Drugs", "Drugs > Cannabis > Shake/trim"),
        ("category_path(?, NULL, 'Weed')", "Drugs", "Drugs > Weed"),
        ("category_path(?)", "NA", None),
        ("bool_of(?)", "TRUE", True),
        ("bool_of(?)", "no", False),
        ("bool_of(?)", "maybe", None),
        ("clean_text(?)", "  NA ", None),
        ("clean_text(?)", "\n text \t", "text"),
        (
            "pgp_fingerprint_of(?)",
            "0x1234 5678 9abc def0 1234  5678 9ABC DEF0 1234 5678",
            "123456789ABCDEF0123456789ABCDEF012345678",
        ),
        ("pgp_fingerprint_of(?)", "12345678", None),
        ("is_pgp_message(?)", "-----BEGIN PGP MESSAGE-----\nhQEM...", True),
        ("is_pgp_message(?)", "hello", False),
        ("is_pgp_message(?)", None, False),
        ("ip_text(?)", 3232235777, "192.168.1.1"),
        ("ip_text(?)", " 10.0.0.1 ", "10.0.0.1"),
        ("ip_text(?)", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_helper(
    db: duckdb.DuckDBPyConnection, expression: str, arg: object, expected: object
) -> None:
    assert value(db, expression, arg) == expected


def test_btc_sats_has_no_float_surprises(db: duckdb.DuckDBPyConnection) -> None:
    # every amount with 8 decimals between 0 and 21 BTC (a sample) converts exactly
    rows = db.execute(
        "SELECT count(*) FROM range(0, 2100000000, 7777777) AS t(s) "
        "WHERE btc_sats(CAST(s AS DECIMAL(18, 0)) / 100000000) <> s "
        "OR btc_sats(CAST(CAST(s AS DECIMAL(18, 0)) / 100000000 AS VARCHAR)) <> s"
    ).fetchone()
    assert rows == (0,)


def test_country_table_has_one_code_per_name(db: duckdb.DuckDBPyConnection) -> None:
    clashes = db.execute(
        "SELECT key FROM temp.main.seized_country_names GROUP BY key "
        "HAVING count(DISTINCT iso2) > 1"
    ).fetchall()
    assert clashes == []
    codes = {iso2 for _, iso2 in country_names() if iso2}
    assert len(codes) == 249  # every ISO 3166-1 alpha-2 code


def test_helpers_can_be_installed_twice(db: duckdb.DuckDBPyConnection) -> None:
    install_helpers(db)
    assert value(db, "country_iso2(?)", "Deutschland") == "DE"


def test_every_helper_is_documented() -> None:
    docs = (REPO / "docs" / "mappings.md").read_text(encoding="utf-8")
    missing = [name for name in helper_names() if f"`{name}(" not in docs]
    assert missing == []
