"""``country_or_text``: what a mapping stores as a ships-from country is an ISO code or no code."""

from __future__ import annotations

import duckdb
import pytest

from seized.geo.countries import is_country_code
from seized.mapping.helpers import install_helpers


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    install_helpers(con)
    return con


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("WW", "Worldwide"),
        (" ww ", "Worldwide"),
        ("EU", "European Union"),
        ("From: EU", "European Union"),
        ("XK", None),  # two letters that are no ISO 3166-1 code
        ("ZZ", None),
        ("NA", None),  # not available, not Namibia
        ("Worldwide ", "Worldwide"),
        ("Europe", "Europe"),
        ("Poland", "PL"),
        ("UK", "GB"),
        ("de", "DE"),
        ("Atlantis", "Atlantis"),
        (None, None),
    ],
)
def test_country_or_text(
    con: duckdb.DuckDBPyConnection, text: str | None, stored: str | None
) -> None:
    assert con.execute("SELECT country_or_text(?)", [text]).fetchone() == (stored,)


def test_a_stored_two_letter_value_is_always_a_country(con: duckdb.DuckDBPyConnection) -> None:
    letters = [a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    stored = con.execute(
        "SELECT list(country_or_text(x)) FROM unnest(?::VARCHAR[]) AS t(x)", [letters]
    ).fetchone()
    assert stored is not None
    two = [v for v in stored[0] if v is not None and len(v) == 2]
    assert two and all(is_country_code(v) for v in two)
