"""Each account's countries: read in this process or, for many addresses, in worker processes."""

from __future__ import annotations

import duckdb
import pytest

from seized import pool
from seized.geo.geoip import locate
from seized.link import countries

ADDRESSES = (
    "Hauptstrasse 5, 10115 Berlin, Germany",
    "12 Rue de Rivoli, 75001 Paris, France",
    "Kalverstraat 1, 1012 NX Amsterdam, Netherlands",
    "no idea where",
)
IPS = ("8.8.8.8", "81.2.69.160", "5.9.0.1", "10.0.0.1", "::1", "not an ip")


def _case() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE listings (vendor_id VARCHAR, ships_from VARCHAR)")
    con.execute("CREATE TABLE logins (account_id VARCHAR, ip VARCHAR)")
    con.execute("CREATE TABLE orders (buyer_id VARCHAR, shipping_address VARCHAR)")
    for i in range(40):
        account = f"m:{i}"
        con.execute("INSERT INTO listings VALUES (?, 'DE'), (?, 'DE')", [account, account])
        for k in range(3):
            ip = IPS[(i + k // 2) % len(IPS)]
            con.execute("INSERT INTO logins VALUES (?, ?)", [account, ip])
            address = f"{i} {ADDRESSES[(i + k // 2) % len(ADDRESSES)]}"
            con.execute("INSERT INTO orders VALUES (?, ?)", [account, address])
    return con


def test_workers_give_the_countries_of_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    con = _case()
    here = countries.account_countries(con)
    assert here  # some accounts have countries
    monkeypatch.setattr(countries, "POOL_TEXTS", 10)
    monkeypatch.setattr(countries, "POOL_CHUNK", 7)
    monkeypatch.setattr(pool.os, "cpu_count", lambda: 2)
    assert countries.account_countries(con) == here


def test_login_countries_are_the_geoip_lookups() -> None:
    for ip in (*IPS, "1.1.1.1", "100.64.0.1", "224.0.0.1", "0.0.0.0", " 8.8.4.4 "):
        assert countries.login_country(ip) == locate(ip).country
