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
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii
from typing import Any, Final

import duckdb
import pyarrow as pa

from seized.db import quote_literal
from seized.geo.countries import address_country, country_code, is_country_code
from seized.geo.geoip import login_country
from seized.pool import map_chunks
from seized.vocabulary import PGP_ARMOR

_text = encode_basestring_ascii  # a string as json.dumps writes it
_float = float.__repr__  # a (finite) float as json.dumps writes it


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
_PGP = quote_literal(PGP_ARMOR)
_BATCH = 8192

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


# Each source's rows, read from ``rank_evidence_rows`` (its query's rows, numbered by
# ``arrival`` in the order the query gave them), as (person_id, kind, key, items, example,
# arrival): the key (an address text, a country code or name, an IP address, a tag's context)
# is what names countries; ``arrival`` is the number of the source's first row for it.
_SOURCE_ROWS: Final = {
    "shipping": "SELECT person_id, 'shipping_address', text, count(*), min(order_id), min(arrival) "
    "FROM rank_evidence_rows WHERE text <> '' GROUP BY person_id, text",
    "identifiers": "SELECT person_id, kind, country, items, example, arrival "
    "FROM rank_evidence_rows",
    "ships_from": "SELECT person_id, 'ships_from', ships_from, items, example, arrival "
    "FROM rank_evidence_rows",
    "logins": "SELECT person_id, 'login_ip', ip, items, example, arrival FROM rank_evidence_rows",
    "exchanges": "SELECT person_id, 'exchange', context, items, example, arrival "
    "FROM rank_evidence_rows",
}
_IN_ORDER = f"list_position({list(_ORDER)!r}, kind), arrival, position"

# Every person's evidence, kinds in the order :func:`assign` weighs them, countries in the order
# their first rows came in.
_BY_PERSON = f"""
SELECT person_id, kind, country, items, example FROM rank_evidence
ORDER BY person_id, {_IN_ORDER}
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


#: Distinct shipping texts from which worker processes read their countries, and texts per task.
POOL_TEXTS = 20_000
POOL_CHUNK = 2_000


def _address_countries(texts: list[str]) -> list[str | None]:
    return [address_country(text) for text in texts]


def _shipping_countries(texts: list[str]) -> list[list[str]]:
    """The country of each shipping address text (none or one); on every core when they are
    many (reading an address is the slowest step of the countries: a large case has hundreds
    of thousands of distinct ones)."""
    found = map_chunks(_address_countries, texts, least=POOL_TEXTS, chunk=POOL_CHUNK)
    return [[country] if country else [] for country in found]


def _each(countries_of: Callable[[str], list[str]]) -> Callable[[list[str]], list[list[str]]]:
    return lambda keys: [countries_of(key) for key in keys]


#: Each source of evidence: its query and the countries each of its keys names (none, one or
#: several, in order).
_SOURCES: Final[dict[str, tuple[str, Callable[[list[str]], list[list[str]]]]]] = {
    "shipping": (_SHIPPING, _shipping_countries),
    # only ISO 3166-1 codes are countries
    "identifiers": (_IDENTIFIERS, _each(lambda code: [code] if is_country_code(code) else [])),
    "ships_from": (_SHIPS_FROM, _each(lambda text: [c] if (c := country_code(text)) else [])),
    "logins": (_LOGINS, _each(lambda ip: [c] if (c := login_country(ip)) else [])),
    "exchanges": (_EXCHANGES, _each(_context_countries)),
}


def gather(con: duckdb.DuckDBPyConnection) -> None:
    """Temp table ``rank_evidence``: (person_id, kind, country, items, example, arrival,
    position), all country evidence per person, kind and country; needs the temp table
    ``rank_accounts``.

    Each distinct key is turned into countries once, in Python. The example cited is the
    smallest source row id, whatever order rows come in (the same input gives the same targets).
    ``arrival`` and ``position`` keep the order in which each country of a kind first came (the
    source row, then its place among the countries of that row's key): :func:`assign` adds up
    support in that order, and a float sum depends on it in its last bits."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rank_evidence_keys (person_id VARCHAR, kind VARCHAR, "
        "country VARCHAR, items BIGINT, example VARCHAR, arrival BIGINT, position INTEGER)"
    )
    for source, (sql, countries_of) in _SOURCES.items():
        # the rows in the order a stream of the query's batches gives them
        rows = con.sql(sql).to_arrow_reader(_BATCH).read_all()
        rows = rows.append_column("arrival", pa.array(range(rows.num_rows), pa.int64()))
        con.register("rank_evidence_rows", rows)
        try:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE rank_source_keys (person_id, kind, key, items, "
                f"example, arrival) AS {_SOURCE_ROWS[source]}"
            )
        finally:
            con.unregister("rank_evidence_rows")
        del rows
        # an empty key (no text, no address) names no country
        found = con.sql("SELECT DISTINCT key FROM rank_source_keys WHERE key <> ''")
        keys = found.to_arrow_table().column(0).to_pylist()
        named = [
            (key, country, position)
            for key, countries in zip(keys, countries_of(keys), strict=True)
            for position, country in enumerate(countries)
        ]
        table = pa.table(
            {
                "key": pa.array([k for k, _, _ in named], pa.string()),
                "country": pa.array([c for _, c, _ in named], pa.string()),
                "position": pa.array([p for _, _, p in named], pa.int32()),
            }
        )
        con.register("rank_key_countries", table)
        try:
            con.execute(
                "INSERT INTO rank_evidence_keys SELECT r.person_id, r.kind, n.country, r.items, "
                "r.example, r.arrival, n.position "
                "FROM rank_source_keys AS r JOIN rank_key_countries AS n USING (key)"
            )
        finally:
            con.unregister("rank_key_countries")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rank_evidence AS SELECT person_id, kind, country, "
        "sum(items)::BIGINT AS items, min(example) AS example, min(arrival) AS arrival, "
        "arg_min(position, arrival) AS position FROM rank_evidence_keys GROUP BY ALL"
    )
    for table in ("rank_source_keys", "rank_evidence_keys"):
        con.execute(f"DROP TABLE {table}")


def evidence_by_person(
    con: duckdb.DuckDBPyConnection,
) -> dict[str, dict[str, dict[str, list[Any]]]]:
    """Every person's evidence (kind -> country -> [items, example]) from ``rank_evidence``,
    in the order :func:`assign` reads it."""
    table = con.sql(_BY_PERSON).to_arrow_table()
    found: dict[str, dict[str, dict[str, list[Any]]]] = {}
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    for person, kind, country, items, example in zip(*columns, strict=True):
        found.setdefault(person, {}).setdefault(kind, {})[country] = [items, example]
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
    agreement = total[best] / share_total(total)
    doubt = 1.0
    for name, by_country in support.items():
        doubt *= 1.0 - by_country.get(best, 0.0)
        described[name]["support"] = round(by_country.get(best, 0.0), 4)
    return Assignment(best, round(agreement * (1.0 - doubt), 4), described)


def share_total(total: dict[str, float]) -> float:
    """The sum of the countries' support, exactly rounded (``math.fsum``): the same whatever
    order the evidence came in (DuckDB's grouping gives it in any order), so a person's
    confidence never moves in its last digit from one run to the next."""
    return math.fsum(total.values())


def evidence_json(evidence: dict[str, dict[str, Any]]) -> str:
    """``json.dumps(evidence, sort_keys=True)`` of an :class:`Assignment`'s evidence, written
    directly: it is the same text, for a fraction of the time."""
    try:
        parts = []
        for name in sorted(evidence):
            entry = evidence[name]
            if entry.keys() != {"countries", "examples", "support"}:
                raise TypeError(name)
            countries = ", ".join(
                f"{_text(c)}: {_count(n)}" for c, n in sorted(entry["countries"].items())
            )
            examples = ", ".join(
                f"{_text(c)}: {_text(e)}" for c, e in sorted(entry["examples"].items())
            )
            parts.append(
                f'{_text(name)}: {{"countries": {{{countries}}}, "examples": {{{examples}}}, '
                f'"support": {_float(entry["support"])}}}'
            )
    except TypeError:  # not the shape assign gives: json.dumps knows best
        return json.dumps(evidence, sort_keys=True)
    return "{" + ", ".join(parts) + "}"


def _count(n: int) -> str:
    if type(n) is not int:
        raise TypeError(n)
    return str(n)
