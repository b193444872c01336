"""The case report's views of the whole case: money flows, what was sold, the markets'
timeline, where the targets are and the link graph of the top persons."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
from markupsafe import Markup

from seized.export import charts, linkgraph, worldmap
from seized.export.reasons import ROLE_NAMES

#: How many categories the "what was sold" chart shows (the rest is "other").
CATEGORIES = 6
#: How many products the table lists, and persons the link graph draws.
PRODUCTS = 15
GRAPH_PERSONS = 25
#: Persons of ``cashouts`` that are a market's own wallets (``trace`` seeds them as such).
MARKET_PREFIX = "market:"


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[Any]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def btc(value: float) -> str:
    return f"{value / 1e8:,.4f} BTC"


def months_between(first: str | None, last: str | None) -> list[str]:
    """Every month from ``first`` to ``last`` (``YYYY-MM``), gaps included."""
    if not first or not last:
        return []
    y, m = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while (y, m) <= (int(last[:4]), int(last[5:7])) and len(out) < 1200:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# --- money flows ------------------------------------------------------------------------------

_MODEL = """
SELECT model FROM cashouts WHERE coalesce(direction, 'forward') = 'forward'
GROUP BY model ORDER BY (model = 'haircut') DESC, count(*) DESC, model LIMIT 1
"""
_FLOWS = """
SELECT coalesce(label, 'unknown') AS label, any_value(category) AS category,
       sum(amount_sats) AS amount_sats, count(DISTINCT person_id) AS persons,
       min(hops) AS min_hops
FROM cashouts
WHERE coalesce(direction, 'forward') = 'forward' AND model IS NOT DISTINCT FROM ?
  AND starts_with(person_id, ?) = ?
GROUP BY 1 ORDER BY amount_sats DESC NULLS LAST, label LIMIT 20
"""


def money_flows(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Cash-outs of persons by service, and apart from them the markets' own wallets'
    (refunds and sweeps are the market's money, not a person's), for one taint model."""
    found = con.execute(_MODEL).fetchone()
    model = found[0] if found else None
    persons = rows(con, _FLOWS, [model, MARKET_PREFIX, False])
    markets = rows(con, _FLOWS, [model, MARKET_PREFIX, True])
    return {
        "model": model,
        "cashouts": persons,
        "market_cashouts": markets,
        "cashout_chart": charts.bars(
            [(str(c["label"]), float(c["amount_sats"] or 0)) for c in persons],
            title="Cash-outs of persons by service",
            fmt=btc,
        ),
    }


# --- what was sold ----------------------------------------------------------------------------

_SOLD = """
SELECT strftime(date_trunc('month', o.created_at), '%Y-%m') AS month,
       coalesce(p.category, l.category, 'unknown') AS category,
       sum(o.amount_sats) AS sats, count(*) AS orders
FROM orders AS o
LEFT JOIN listings AS l ON l.listing_id = o.listing_id
LEFT JOIN listing_products AS p ON p.listing_id = o.listing_id
WHERE o.status = 'finalized' AND o.created_at IS NOT NULL
GROUP BY ALL
"""
_LISTED = """
SELECT strftime(date_trunc('month', l.created_at), '%Y-%m') AS month,
       coalesce(p.category, l.category, 'unknown') AS category,
       0 AS sats, count(*) AS orders
FROM listings AS l LEFT JOIN listing_products AS p ON p.listing_id = l.listing_id
WHERE l.created_at IS NOT NULL
GROUP BY ALL
"""
_PRODUCTS = f"""
SELECT coalesce(l.title, o.listing_id, 'unknown listing') AS product,
       coalesce(p.category, l.category) AS category, o.market_id,
       count(*) AS orders, sum(o.amount_sats) AS sats,
       strftime(min(o.created_at), '%Y-%m') AS first, strftime(max(o.created_at), '%Y-%m') AS last
FROM orders AS o
LEFT JOIN listings AS l ON l.listing_id = o.listing_id
LEFT JOIN listing_products AS p ON p.listing_id = o.listing_id
WHERE o.status = 'finalized'
GROUP BY ALL ORDER BY sats DESC NULLS LAST, orders DESC, product LIMIT {PRODUCTS}
"""


def sold(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Finalized sales per month and category (listings per month when no orders were
    seized), and the best-selling products."""
    data = rows(con, _SOLD)
    by_orders = bool(data)
    if not by_orders:
        data = rows(con, _LISTED)
    key = "sats" if by_orders else "orders"
    totals: dict[str, float] = {}
    for r in data:
        totals[r["category"]] = totals.get(r["category"], 0.0) + float(r[key] or 0)
    ranked = sorted(totals, key=lambda c: (-totals[c], c))
    shown = ranked[:CATEGORIES]
    months = months_between(
        min((r["month"] for r in data), default=None), max((r["month"] for r in data), default=None)
    )
    at = {m: i for i, m in enumerate(months)}
    series: dict[str, list[float]] = {c: [0.0] * len(months) for c in shown}
    if len(ranked) > CATEGORIES:
        series["other"] = [0.0] * len(months)
    for r in data:
        name = r["category"] if r["category"] in shown else "other"
        series[name][at[r["month"]]] += float(r[key] or 0)
    chart = charts.stacked(
        months,
        list(series.items()),
        title="Finalized sales per month by category" if by_orders else "Listings per month",
        fmt=btc if by_orders else charts._plain,
    )
    return {
        "sold_by_orders": by_orders,
        "sold_chart": chart,
        "products": rows(con, _PRODUCTS),
    }


# --- the markets' timeline --------------------------------------------------------------------

_ACTIVITY = """
SELECT market_id, strftime(date_trunc('month', created_at), '%Y-%m') AS month, count(*) AS n
FROM orders WHERE created_at IS NOT NULL GROUP BY ALL
"""
_EVENTS = """
SELECT m.market_id,
       (SELECT min(created_at) FROM accounts AS a WHERE a.market_id = m.market_id) AS first_account,
       (SELECT min(created_at) FROM listings AS l WHERE l.market_id = m.market_id) AS first_listing,
       (SELECT min(created_at) FROM orders AS o WHERE o.market_id = m.market_id) AS first_order,
       (SELECT max(created_at) FROM orders AS o WHERE o.market_id = m.market_id) AS last_order,
       (SELECT max(created_at) FROM messages AS s WHERE s.market_id = m.market_id) AS last_message,
       (SELECT max(g."at") FROM logins AS g WHERE g.market_id = m.market_id) AS last_login
FROM (SELECT DISTINCT market_id FROM accounts) AS m ORDER BY m.market_id
"""
_EVENT_NAMES = {
    "first_account": "first account created",
    "first_listing": "first listing",
    "first_order": "first order",
    "last_order": "last order",
    "last_message": "last message",
    "last_login": "last login",
}


def timeline(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Each market's orders per month over the whole period, with its first and last events."""
    events = rows(con, _EVENTS)
    activity = rows(con, _ACTIVITY)
    stamps = [str(v)[:7] for e in events for k, v in e.items() if k != "market_id" and v]
    stamps += [str(a["month"]) for a in activity]
    months = months_between(min(stamps, default=None), max(stamps, default=None))
    at = {m: i for i, m in enumerate(months)}
    lanes = []
    for e in events:
        values = [0.0] * len(months)
        for a in activity:
            if a["market_id"] == e["market_id"]:
                values[at[a["month"]]] = float(a["n"])
        marks = [
            (str(e[k])[:7], f"{what} ({str(e[k])[:10]})")
            for k, what in _EVENT_NAMES.items()
            if e.get(k)
        ]
        lanes.append((str(e["market_id"]), values, marks))
    for e in events:
        for k in _EVENT_NAMES:
            value = e.get(k)
            e[k] = str(value)[:10] if isinstance(value, date | str) else value
    return {
        "timeline_chart": charts.timeline(
            months, lanes, title="The markets' orders per month and their first and last events"
        ),
        "timeline": events,
        "event_names": _EVENT_NAMES,
    }


# --- where the targets are --------------------------------------------------------------------


def world(countries: list[dict[str, Any]]) -> Markup:
    """Targets per country on the world map (persons without a country are left out)."""
    values = {str(c["country"]): float(c["persons"]) for c in countries if c["country"] != "??"}
    return worldmap.world_map(values, title="Targets per country")


# --- link graph of the top persons ------------------------------------------------------------

_TOP_PERSONS = f"""
SELECT person_id, role, score, rank, accounts, markets FROM targets
WHERE rank IS NOT NULL ORDER BY rank LIMIT {GRAPH_PERSONS}
"""
_TOP_ORDERS = f"""
WITH pa AS (
    SELECT person_id, unnest(accounts) AS account_id FROM targets
    WHERE rank IS NOT NULL AND rank <= {GRAPH_PERSONS}
)
SELECT b.person_id AS buyer, v.person_id AS vendor, count(*) AS orders,
       sum(o.amount_sats) AS sats
FROM orders AS o
JOIN pa AS b ON b.account_id = o.buyer_id
JOIN pa AS v ON v.account_id = o.vendor_id
WHERE b.person_id <> v.person_id
GROUP BY ALL
"""


def link_graph(con: duckdb.DuckDBPyConnection, usernames: dict[str, str]) -> Markup:
    persons = rows(con, _TOP_PERSONS)
    top_score = max((float(p["score"] or 0) for p in persons), default=0.0) or 1.0
    nodes: list[linkgraph.Node] = []
    edges: dict[tuple[str, str], tuple[float, str]] = {}
    markets: list[str] = []
    for p in persons:
        names = [usernames.get(str(a), str(a)) for a in p["accounts"] or []]
        label = names[0] if names else str(p["person_id"])
        role = str(p["role"])
        tip = (
            f"#{p['rank']} {ROLE_NAMES.get(role, role)} {p['person_id']}: "
            f"{', '.join(names)} (score {p['score']})"
        )
        nodes.append(
            linkgraph.Node(
                str(p["person_id"]), label, role, float(p["score"] or 0) / top_score, tip
            )
        )
        for market in p["markets"] or []:
            if market not in markets:
                markets.append(str(market))
            edges[(str(p["person_id"]), f"market:{market}")] = (0.0, f"accounts on {market}")
    for market in markets:
        nodes.append(linkgraph.Node(f"market:{market}", market, "market", 0.0, f"market {market}"))
    flows = rows(con, _TOP_ORDERS)
    top_sats = max((float(f["sats"] or 0) for f in flows), default=0.0) or 1.0
    for f in flows:
        edges[(str(f["buyer"]), str(f["vendor"]))] = (
            float(f["sats"] or 0) / top_sats,
            f"{f['orders']} orders, {btc(float(f['sats'] or 0))}",
        )
    return linkgraph.draw(
        nodes, edges, title=f"The top {len(persons)} persons, their markets and their orders"
    )
