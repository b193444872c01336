"""Where a person lives: country evidence of six kinds, weighed into one country and a confidence.

Kinds, from strongest to weakest (weights in :data:`KINDS`, method in docs/ranking.md):

- ``shipping_address``: readable shipping addresses of the person's orders as buyer (decrypted by
  ``seized decrypt``, or plain as seized); the country comes from the address format.
- ``postal_address``: postal addresses found by ``seized extract`` in the person's other texts.
- ``phone``: phone numbers found by ``seized extract`` (country from the calling code).
- ``ships_from``: the ships-from country of the person's listings.
- ``login_ip``: logins from public IPv4 addresses, through the offline GeoIP table.
- ``exchange``: cash-outs to an exchange whose tag names its country.

For each kind the items are counted per country. A kind's support for a country is
``weight × share × (1 − (1 − q)^n)``: its reliability, the share of its items naming that country,
and how much ``n`` items of the kind are worth. The country with the most support wins; the
confidence is the winner's share of all support times the chance that at least one kind
supporting it is right (``1 − Π(1 − support)``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

import duckdb

from seized.db import quote_literal
from seized.geo.countries import address_country, country_code, is_country_code
from seized.geo.geoip import locate
from seized.vocabulary import PGP_ARMOR


@dataclass(frozen=True)
class EvidenceKind:
    name: str
    weight: float  # how far one kind of evidence can be trusted (0-1)
    per_item: float  # what one item of it is worth (q)
    one: str  # for the summary sentence: one item ...
    many: str  # ... and several


KINDS: Final[dict[str, EvidenceKind]] = {
    k.name: k
    for k in (
        EvidenceKind("shipping_address", 1.0, 0.9, "shipping address", "shipping addresses"),
        EvidenceKind(
            "postal_address", 0.8, 0.7, "postal address in texts", "postal addresses in texts"
        ),
        EvidenceKind("phone", 0.7, 0.6, "phone number", "phone numbers"),
        EvidenceKind(
            "ships_from", 0.6, 0.5, "listing shipping from there", "listings shipping from there"
        ),
        EvidenceKind("login_ip", 0.4, 0.3, "login from a public IP", "logins from public IPs"),
        EvidenceKind(
            "exchange", 0.2, 0.5, "cash-out to an exchange there", "cash-outs to exchanges there"
        ),
    )
}
_ORDER: Final[tuple[str, ...]] = tuple(KINDS)
_BATCH = 8192
_PGP = quote_literal(PGP_ARMOR)

# (person, text, order) for every order with a readable shipping address.
_SHIPPING = f"""
SELECT ra.person_id,
       coalesce(o.shipping_address,
                CASE WHEN NOT contains(o.shipping_raw, {_PGP}) THEN o.shipping_raw END) AS text,
       o.order_id
FROM orders AS o JOIN rank_accounts AS ra ON ra.account_id = o.buyer_id
WHERE o.shipping_address IS NOT NULL
   OR (o.shipping_raw IS NOT NULL AND NOT contains(o.shipping_raw, {_PGP}))
"""

_IDENTIFIERS = """
SELECT ra.person_id,
       CASE WHEN i.kind = 'phone' THEN 'phone' ELSE 'postal_address' END AS kind,
       upper(i.country) AS country,
       count(*) AS items,
       min(i.source_table || ':' || i.source_key) AS example
FROM identifiers AS i JOIN rank_accounts AS ra ON ra.account_id = i.account_id
WHERE i.country IS NOT NULL AND length(i.country) = 2
  AND (i.kind = 'phone' OR (i.kind = 'postal_address' AND i.source_table <> 'orders'))
GROUP BY ALL
"""

_SHIPS_FROM = """
SELECT ra.person_id, l.ships_from, count(*) AS items, min(l.listing_id) AS example
FROM listings AS l JOIN rank_accounts AS ra ON ra.account_id = l.vendor_id
WHERE l.ships_from IS NOT NULL AND trim(l.ships_from) <> ''
GROUP BY ALL
"""

_LOGINS = """
SELECT ra.person_id, l.ip, count(*) AS items, min(l.login_id) AS example
FROM logins AS l JOIN rank_accounts AS ra ON ra.account_id = l.account_id
WHERE l.ip IS NOT NULL
GROUP BY ALL
"""

_EXCHANGES = """
SELECT c.person_id, t.context, count(DISTINCT c.txid || ':' || coalesce(c.vout, -1)) AS items,
       min(c.label) AS example
FROM cashouts AS c
JOIN tags AS t ON t.label = c.label AND lower(t.category) = 'exchange'
WHERE c.person_id IS NOT NULL AND t.context IS NOT NULL
GROUP BY ALL
"""


@dataclass
class Assignment:
    """A person's country, the confidence in it and the evidence behind it."""

    country: str | None
    confidence: float
    evidence: dict[str, dict[str, Any]]  # kind -> {"countries": {cc: items}, "support": x}

    def sentence(self) -> str:
        if self.country is None:
            return "no country evidence"
        parts = []
        for name in _ORDER:
            entry = self.evidence.get(name)
            if entry and self.country in entry["countries"]:
                n = entry["countries"][self.country]
                total = sum(entry["countries"].values())
                share = f"{n}" if n == total else f"{n} of {total}"
                words = KINDS[name].one if total == 1 else KINDS[name].many
                parts.append(f"{share} {words}")
        return f"{self.country} (confidence {self.confidence:.2f}: {'; '.join(parts)})"


def _context_countries(context: str) -> list[str]:
    """Countries named in a tag's context (JSON with country / jurisdiction keys)."""
    try:
        data = json.loads(context)
    except ValueError:
        return []
    if not isinstance(data, dict):
        return []
    found: list[str] = []
    for key in ("country", "countries", "jurisdiction", "jurisdictions"):
        value = data.get(key)
        values = value if isinstance(value, list) else [value]
        for item in values:
            code = country_code(item) if isinstance(item, str) else None
            if code and code not in found:
                found.append(code)
    return found


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> Iterator[tuple[Any, ...]]:
    """Rows of a query, read in Arrow batches (on ``con``: the temp tables live there; nothing
    may be written on it until the rows are read)."""
    reader = con.sql(sql).to_arrow_reader(_BATCH)
    for batch in reader or ():
        columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        yield from zip(*columns, strict=True)


Evidence = dict[str, dict[str, dict[str, list[Any]]]]  # person -> kind -> country -> [n, ex]


def _add(found: Evidence, person: str, kind: str, country: str, items: int, example: str) -> None:
    """Count evidence; the example cited is the smallest id, whatever order rows come in (the
    same input gives the same targets)."""
    slot = found[person][kind].setdefault(country, [0, example])
    slot[0] += items
    slot[1] = min(slot[1], example)


def gather(con: duckdb.DuckDBPyConnection) -> Evidence:
    """All country evidence per person; needs the temp table ``rank_accounts``."""
    found: Evidence = defaultdict(lambda: defaultdict(dict))
    cache: dict[str, str | None] = {}
    for person, text, order_id in _rows(con, _SHIPPING):
        if not text:
            continue
        if text in cache:
            country = cache[text]
        else:
            country = address_country(text)
            if len(cache) < 500_000:
                cache[text] = country
        if country:
            _add(found, person, "shipping_address", country, 1, str(order_id))
    for person, kind, country, items, example in _rows(con, _IDENTIFIERS):
        if is_country_code(country):  # only ISO 3166-1 codes are countries
            _add(found, person, kind, country, int(items), str(example))
    for person, ships_from, items, example in _rows(con, _SHIPS_FROM):
        code = country_code(ships_from)
        if code:
            _add(found, person, "ships_from", code, int(items), str(example))
    located: dict[str, str | None] = {}
    for person, ip, items, example in _rows(con, _LOGINS):
        if ip not in located:
            located[ip] = locate(ip).country
        country = located[ip]
        if country:
            _add(found, person, "login_ip", country, int(items), str(example))
    for person, context, items, example in _rows(con, _EXCHANGES):
        for country in _context_countries(context):
            _add(found, person, "exchange", country, int(items), str(example))
    return found


def assign(evidence: dict[str, dict[str, list[Any]]]) -> Assignment:
    """Weigh one person's evidence (kind -> country -> [items, example]) into a country."""
    support: dict[str, dict[str, float]] = {}
    total: dict[str, float] = defaultdict(float)
    described: dict[str, dict[str, Any]] = {}
    for name in _ORDER:
        countries = evidence.get(name)
        if not countries:
            continue
        kind = KINDS[name]
        n = sum(int(v[0]) for v in countries.values())
        worth = kind.weight * (1.0 - (1.0 - kind.per_item) ** n)
        support[name] = {c: worth * int(v[0]) / n for c, v in countries.items()}
        for country, value in support[name].items():
            total[country] += value
        described[name] = {
            "countries": {c: int(v[0]) for c, v in sorted(countries.items())},
            "examples": {c: v[1] for c, v in sorted(countries.items())},
        }
    if not total:
        return Assignment(None, 0.0, {})
    best = min(total, key=lambda c: (-round(total[c], 12), c))
    agreement = total[best] / sum(total.values())
    doubt = 1.0
    for name, by_country in support.items():
        doubt *= 1.0 - by_country.get(best, 0.0)
        described[name]["support"] = round(by_country.get(best, 0.0), 4)
    return Assignment(best, round(agreement * (1.0 - doubt), 4), described)


def evidence_rows(evidence: Evidence) -> Iterator[tuple[str, str, str, int, str]]:
    """Rows of ``country_evidence``: (person, kind, country, items, example)."""
    for person, kinds in evidence.items():
        for kind, countries in kinds.items():
            for country, (items, example) in countries.items():
                yield person, kind, country, int(items), str(example)
