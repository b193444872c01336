"""Country codes and the country of a ships-from value or a postal address.

Only ISO 3166-1 alpha-2 codes are countries: ``WW`` (worldwide), ``EU``, ``XK`` and other
two-letter texts that are not in the standard are not, wherever seized stores a country.
"""

from __future__ import annotations

from seized.extract.countries import ISO_3166_ALPHA2, country_of_name
from seized.extract.postal import addresses

__all__ = ["ISO_3166_ALPHA2", "address_country", "country_code", "is_country_code"]


def is_country_code(text: str) -> bool:
    """Whether ``text`` is an officially assigned ISO 3166-1 alpha-2 code (any letter case).

    >>> is_country_code("de"), is_country_code("DEU"), is_country_code("WW"), is_country_code("EU")
    (True, False, False, False)
    """
    return len(text) == 2 and text.upper() in ISO_3166_ALPHA2


def country_code(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 for a ships-from value (a code or a country name), else None.

    >>> country_code(" uk "), country_code("Deutschland"), country_code("WW"), country_code("EU")
    ('GB', 'DE', None, None)
    """
    if text is None:
        return None
    value = text.strip()
    if value.upper() == "UK":
        return "GB"
    if is_country_code(value):
        return value.upper()
    return country_of_name(value)


def address_country(text: str) -> str | None:
    """The country of a postal address text (by its format and country name)."""
    for found in addresses(text):
        if found.country and is_country_code(found.country):
            return found.country
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return country_of_name(lines[-1]) if lines else None
