"""Country codes, ships-from values and postal addresses in every synthetic format."""

from __future__ import annotations

import random

import pytest

from seized.geo.countries import address_country, country_code, is_country_code
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
