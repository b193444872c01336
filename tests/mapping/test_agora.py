"""The builtin Agora mapping on the real 2014 listing scrapes."""

from __future__ import annotations

from pathlib import Path

import duckdb

from seized.mapping.apply import apply_mapping
from seized.mapping.registry import builtin_mapping

from .conftest import AGORA_FILES, load_agora


def run(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return apply_mapping(
        con, builtin_mapping("agora-csv"), market_id="agora", raw_schema="raw_agora", evidence_id=3
    )


def test_synth_only(con: duckdb.DuckDBPyConnection, shared_data: Path) -> None:
    load_agora(con, shared_data / "listings", "Ag2014-sscSynth")
    assert run(con) == {"accounts": 21, "listings": 1356}
    accounts = con.execute(
        "SELECT count(*), count(DISTINCT account_id), "
        "bool_and(account_id = 'agora:' || native_id), bool_and(role = 'vendor'), "
        "bool_and(raw_table = 'Ag2014-sscSynth'), "
        "bool_and(raw_key = username), bool_and(evidence_id = 3), max(last_seen_at) "
        "FROM accounts"
    ).fetchone()
    assert accounts is not None
    assert accounts[:7] == (21, 21, True, True, True, True, True)
    assert str(accounts[7]) == "2014-12-03 00:00:00"
    # every listing's vendor is one of the accounts
    orphans = con.execute(
        "SELECT count(*) FROM listings l LEFT JOIN accounts a ON a.account_id = l.vendor_id "
        "WHERE a.account_id IS NULL"
    ).fetchone()
    assert orphans == (0,)


def test_listing_values(con: duckdb.DuckDBPyConnection, shared_data: Path) -> None:
    load_agora(con, shared_data / "listings", "Ag2014-sscSynth")
    run(con)
    row = con.execute(
        "SELECT listing_id, vendor_id, title, category, price, currency, price_sats, ships_from, "
        "ships_to, created_at, raw_table, raw_key FROM listings WHERE raw_key = '1'"
    ).fetchone()
    assert row is not None
    assert row[:9] == (
        "agora:CattyCyV@2014-01-09",
        "agora:SusnaSmith",
        "5 Grams AM-2201",
        "Drugs > Cannabis > Synthetics",
        0.74500005,
        "BTC",
        74_500_005,  # midpoint of [1.00e-07, 1.49e+00) BTC
        "US",  # '\n       USA\n      '
        "Worldwide",
    )
    assert str(row[9]) == "2014-01-09 00:00:00"
    assert row[10:] == ("Ag2014-sscSynth", "1")
    prices = con.execute(
        "SELECT price_sats, count(*) FROM listings GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert prices == [(74_500_005, 1273), (317_000_000, 62), (777_500_000, 21)]
    countries = con.execute(
        "SELECT DISTINCT ships_from FROM listings WHERE ships_from IS NOT NULL ORDER BY 1"
    ).fetchall()
    assert [c for (c,) in countries] == ["AU", "CN", "FR", "GB", "PL", "SE", "US"]
    # 'NA' in the scrape means unknown, never Namibia
    assert con.execute("SELECT count(*) FROM listings WHERE ships_to = 'NA'").fetchone() == (0,)
    # the same listing seen twice on one crawl date gets '#2'
    twice = con.execute("SELECT count(*) FROM listings WHERE native_id LIKE '%#2'").fetchone()
    assert twice == (18,)


def test_both_files_and_rerun(con: duckdb.DuckDBPyConnection, shared_data: Path) -> None:
    load_agora(con, shared_data / "listings", *AGORA_FILES)
    con.execute("BEGIN")
    first = run(con)
    con.execute("COMMIT")
    assert first == {"accounts": 29, "listings": 1600}
    by_file = con.execute(
        "SELECT raw_table, count(*) FROM listings GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert by_file == [("Ag2014-sscShakeTrim", 244), ("Ag2014-sscSynth", 1356)]
    shake = con.execute(
        "SELECT DISTINCT ships_from FROM listings WHERE raw_table = 'Ag2014-sscShakeTrim' "
        "ORDER BY 1"
    ).fetchall()
    assert [c for (c,) in shake] == ["DE", "GB", "NL", "US", None]
    con.execute("BEGIN")
    assert run(con) == first
    con.execute("COMMIT")
    assert con.execute("SELECT count(*) FROM listings").fetchone() == (1600,)
    assert con.execute("SELECT count(*) FROM accounts").fetchone() == (29,)


def test_shake_trim_only(con: duckdb.DuckDBPyConnection, shared_data: Path) -> None:
    load_agora(con, shared_data / "listings", "Ag2014-sscShakeTrim")
    assert run(con) == {"accounts": 8, "listings": 244}
