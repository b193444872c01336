"""Country codes and the country of a ships-from value or a postal address."""

from __future__ import annotations

from seized.extract.countries import country_of_name
from seized.extract.postal import addresses


def is_country_code(text: str) -> bool:
    """Whether ``text`` has the shape of an ISO 3166-1 alpha-2 code: two ASCII letters.

    >>> is_country_code("de"), is_country_code("DEU")
    (True, False)
    """
    return len(text) == 2 and text.isascii() and text.isalpha()


def country_code(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 for a ships-from value (a code or a country name), else None.

    >>> country_code(" uk "), country_code("Deutschland"), country_code("Atlantis")
    ('GB', 'DE', None)
    """
    if text is None:
        return None
    value = text.strip()
    if is_country_code(value):
        return "GB" if value.upper() == "UK" else value.upper()
    return country_of_name(value)


def address_country(text: str) -> str | None:
    """The country of a postal address text (by its format and country name)."""
    for found in addresses(text):
        if found.country:
            return found.country
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return country_of_name(lines[-1]) if lines else None
