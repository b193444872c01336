"""Where each account's owner appears to be: the hard fact that soft links must not contradict.

Per account, the main country of each kind of evidence, when at least :data:`MIN_SUPPORT`
items show it: the country its listings usually ship from (vendors), the country most of its
logins from public IP addresses come from (offline GeoIP: :mod:`seized.geo.geoip`), and the
country of most of its readable shipping addresses (buyers).
Two accounts whose countries are known and have none in common are unlikely to be one person;
:mod:`seized.link.resolve` refuses a same-name or model link between them (hard identifiers such
as a shared PGP key still join them, and the person is flagged for review).

Taking the main country of each kind, not every country seen, keeps a stray VPN login or one
order sent to a friend abroad from making an account look like it is in two places.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import duckdb

from seized.db import quote_literal
from seized.geo.countries import address_country, country_code
from seized.geo.geoip import login_country
from seized.pool import map_chunks
from seized.vocabulary import PGP_ARMOR

#: A country is an account's only when this many of its listings, logins or orders show it:
#: one listing shipping from abroad or one login through a foreign exit says little.
MIN_SUPPORT = 2

_SHIPS_FROM = """
SELECT vendor_id, upper(trim(ships_from)), count(*) FROM listings
 WHERE vendor_id IS NOT NULL AND coalesce(trim(ships_from), '') <> ''
 GROUP BY ALL
"""

# Logins and shipping addresses of the accounts with enough of them to make a country theirs,
# each distinct one once with its count (GeoIP and address parsing are the slow part).
_LOGINS = f"""
SELECT account_id, ip, count(*) FROM logins
 WHERE account_id IS NOT NULL AND ip IS NOT NULL AND ip NOT LIKE '127.%'
 GROUP BY account_id, ip
QUALIFY sum(count(*)) OVER (PARTITION BY account_id) >= {MIN_SUPPORT}
"""

_SHIPPING = f"""
SELECT buyer_id, shipping_address, count(*) FROM orders
 WHERE buyer_id IS NOT NULL AND coalesce(trim(shipping_address), '') <> ''
   AND NOT starts_with(shipping_address, {quote_literal(PGP_ARMOR)})
 GROUP BY buyer_id, shipping_address
QUALIFY sum(count(*)) OVER (PARTITION BY buyer_id) >= {MIN_SUPPORT}
"""


#: Distinct shipping texts from which worker processes read their countries, and texts per task.
POOL_TEXTS = 20_000
POOL_CHUNK = 2_000


def _address_countries(texts: list[str]) -> list[str | None]:
    return [address_country(text) for text in texts]


def _shipping_countries(texts: list[str]) -> dict[str, str | None]:
    """The country of each distinct shipping address text; on every core when they are many
    (reading an address is the slow step: a large case has hundreds of thousands)."""
    distinct = list(dict.fromkeys(texts))
    found = map_chunks(_address_countries, distinct, least=POOL_TEXTS, chunk=POOL_CHUNK)
    return dict(zip(distinct, found, strict=True))


def _main(counts: Counter[str]) -> str | None:
    """The most frequent value (ties: the first in alphabetical order)."""
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def account_countries(con: duckdb.DuckDBPyConnection) -> dict[str, frozenset[str]]:
    """Countries per account (only accounts with enough evidence), from listings, logins and
    orders."""
    found: dict[str, set[str]] = defaultdict(set)
    ships: dict[str, Counter[str]] = defaultdict(Counter)
    for account, ships_from, listings in con.execute(_SHIPS_FROM).fetchall():
        code = country_code(str(ships_from))
        if code:
            ships[str(account)][code] += int(listings)
    logins: dict[str, Counter[str]] = defaultdict(Counter)
    for account, ip, times in con.execute(_LOGINS).fetchall():
        country = login_country(str(ip))  # seized.geo.geoip.locate's country, faster
        if country:
            logins[str(account)][country] += int(times)
    shipping: dict[str, Counter[str]] = defaultdict(Counter)
    rows = con.execute(_SHIPPING).fetchall()
    countries = _shipping_countries([str(text) for _, text, _ in rows])
    for account, text, times in rows:
        country = countries[str(text)]
        if country:
            shipping[str(account)][country] += int(times)
    for per_kind in (ships, logins, shipping):
        for account, counts in per_kind.items():
            main = _main(counts)
            if main and counts[main] >= MIN_SUPPORT:
                found[account].add(main)
    return {account: frozenset(countries) for account, countries in found.items()}
