"""Country codes, ships-from values and postal addresses in every synthetic format."""

from __future__ import annotations

import random

import duckdb
import pytest

from seized.extract.tables import fill_identifiers
from seized.geo.countries import ISO_3166_ALPHA2, address_country, country_code, is_country_code
from seized.mapping.helpers import country_names
from seized.model import migrate
from seized.synth.places import COUNTRIES, person_name, postal_address


@pytest.mark.parametrize("iso2", sorted(COUNTRIES))
def test_synthetic_addresses_give_their_country(iso2: str) -> None:
    rng = random.Random(iso2)
    for _ in range(40):
        address = postal_address(rng, iso2, person_name(rng, iso2))
        assert address_country(address.text) == iso2, address.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [(" USA ", "US"), ("Netherlands", "NL"), ("de", "DE"), ("UK", "GB"), ("Worldwide", None)],
)
def test_ships_from_values(value: str, expected: str | None) -> None:
    assert country_code(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("DE", True), ("nl", True), ("DEU", False), ("D", False), ("D1", False), ("ÄÖ", False)],
)
def test_country_code_shape(value: str, expected: bool) -> None:
    assert is_country_code(value) is expected


def test_letters_outside_ascii_are_not_a_code() -> None:
    assert country_code("ÄÖ") is None


@pytest.mark.parametrize("value", ["WW", "ww", "EU", "XK", "ZZ", "UN", "AP"])
def test_only_iso_codes_are_countries(value: str) -> None:
    assert is_country_code(value) is False
    assert country_code(value) is None


def test_the_code_list_is_iso_3166_1() -> None:
    assert len(ISO_3166_ALPHA2) == 249
    # the mapping helpers' country names name exactly these codes
    assert {iso2 for _, iso2 in country_names() if iso2} == ISO_3166_ALPHA2


def test_a_phone_number_of_a_region_without_iso_code_stores_no_country() -> None:
    con = duckdb.connect()
    migrate(con)
    con.execute(
        "INSERT INTO accounts (account_id, market_id, native_id, username, contact) VALUES "
        "('m:1', 'm', '1', 'a', 'phone: +383 44 123 456'), "
        "('m:2', 'm', '2', 'b', 'phone: +49 151 23456789')"
    )
    fill_identifiers(con)
    rows = con.execute(
        "SELECT value, country FROM identifiers WHERE kind = 'phone' ORDER BY value"
    ).fetchall()
    assert rows == [("+38344123456", None), ("+4915123456789", "DE")]  # Kosovo's XK is no code
