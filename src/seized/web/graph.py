"""The link graph (persons, accounts, keys, addresses, clusters, exchanges), expanded node by
node; the timeline of a person or a market; the targets per country for the map.

A graph node is ``kind:value``. A neighbour the scope may not see becomes one placeholder
node (``hidden:<n>``) that cannot be expanded.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib import resources
from typing import Any

import duckdb

from seized.db import dicts as rows
from seized.web.db import Row
from seized.web.scope import Scope

GRAPH_KINDS = ("person", "account", "key", "address", "cluster", "exchange")
MAX_DEPTH = 3
MAX_NODES = 300
#: neighbours of one node, at most
FANOUT = 60

_NEIGHBOURS: dict[str, list[tuple[str, str, str]]] = {
    # kind -> (neighbour kind, SQL giving the neighbour for ?, edge label)
    "person": [
        ("account", "SELECT account_id FROM persons WHERE person_id = ? "
         "UNION SELECT unnest(accounts) FROM targets WHERE person_id = ?", "has account"),
    ],
    "account": [
        ("person", "SELECT person_id FROM persons WHERE account_id = ?",
         "has account"),
        ("account", "SELECT account_b FROM link_edges WHERE account_a = ? AND accepted "
         "UNION SELECT account_a FROM link_edges WHERE account_b = ? AND accepted", "linked"),
        ("key", "SELECT upper(pgp_fingerprint) FROM accounts WHERE account_id = ?", "uses key"),
        ("address", "SELECT address FROM wallet_addresses WHERE account_id = ? UNION "
         "SELECT address FROM payouts WHERE account_id = ?", "owns"),
    ],
    "key": [
        ("account", "SELECT account_id FROM accounts WHERE upper(pgp_fingerprint) = ? "
         "", "uses key"),
    ],
    "address": [
        ("account", "SELECT account_id FROM wallet_addresses WHERE address = ? UNION "
         "SELECT account_id FROM payouts WHERE address = ?", "owns"),
        ("cluster", "SELECT cluster_id FROM address_clusters WHERE address = ?", "in cluster"),
        ("exchange", "SELECT label FROM cashouts WHERE address = ?",
         "cash-out at"),
    ],
    "cluster": [
        ("address", "SELECT address FROM address_clusters WHERE cluster_id = ?", "in cluster"),
        ("exchange", "SELECT label FROM cluster_labels WHERE cluster_id = ? AND category = "
         "'exchange'", "labelled"),
    ],
    "exchange": [
        ("cluster", "SELECT cluster_id FROM cluster_labels WHERE label = ?",
         "labelled"),
        ("address", "SELECT address FROM cashouts WHERE label = ?",
         "cash-out at"),
    ],
}  # fmt: skip


def split_node(node: str) -> tuple[str, str] | None:
    kind, sep, value = node.partition(":")
    if not sep or kind not in GRAPH_KINDS or not value:
        return None
    return kind, value


def _exists(con: duckdb.DuckDBPyConnection, kind: str, value: str) -> bool:
    sql = {
        "person": "SELECT 1 FROM persons WHERE person_id = ? UNION SELECT 1 FROM targets "
        "WHERE person_id = ?",
        "account": "SELECT 1 FROM accounts WHERE account_id = ?",
        "key": "SELECT 1 FROM accounts WHERE upper(pgp_fingerprint) = ?",
        "address": "SELECT 1 FROM address_clusters WHERE address = ? UNION SELECT 1 FROM "
        "wallet_addresses WHERE address = ? UNION SELECT 1 FROM btc_outputs WHERE address = ? "
        "UNION SELECT 1 FROM payouts WHERE address = ? UNION SELECT 1 FROM money_flows WHERE "
        "to_address = ? UNION SELECT 1 FROM cashouts WHERE address = ? UNION SELECT 1 FROM "
        "tags WHERE address = ?",
        "cluster": "SELECT 1 FROM address_clusters WHERE cluster_id = ?",
        "exchange": "SELECT 1 FROM cluster_labels WHERE label = ? UNION SELECT 1 FROM cashouts "
        "WHERE label = ?",
    }[kind]
    params = [value] * sql.count("?")
    return con.execute(sql, params).fetchone() is not None


def _node(scope: Scope, kind: str, value: str, label: str | None = None) -> Row:
    return {"id": f"{kind}:{value}", "kind": kind, "label": scope.text(label or value)}


def graph(con: duckdb.DuckDBPyConnection, scope: Scope, node: str, depth: int = 1) -> Row | None:
    """The nodes within ``depth`` steps of ``node`` (at most :data:`MAX_NODES`), and the edges
    among them."""
    start = split_node(node)
    if start is None:
        return None
    kind, value = start
    if kind == "key":
        value = value.upper()
    # what a scope sees came from the case store; only a lead's ids need looking up
    if not scope.sees(kind, value) or (scope.lead and not _exists(con, kind, value)):
        return None
    depth = max(1, min(depth, MAX_DEPTH))
    nodes: dict[str, Row] = {f"{kind}:{value}": _node(scope, kind, value)}
    edges: dict[tuple[str, str], Row] = {}
    frontier = [(kind, value)]
    for _ in range(depth):
        following: list[tuple[str, str]] = []
        for here_kind, here in frontier:
            here_id = f"{here_kind}:{here}"
            for other_kind, sql, label in _NEIGHBOURS[here_kind]:
                found = con.execute(sql + f" LIMIT {FANOUT}", [here] * sql.count("?")).fetchall()
                for (other,) in found:
                    if other is None:
                        continue
                    other = str(other)
                    if scope.sees(other_kind, other):
                        other_id = f"{other_kind}:{other}"
                        if other_id not in nodes:
                            if len(nodes) >= MAX_NODES:
                                continue
                            nodes[other_id] = _node(scope, other_kind, other)
                            following.append((other_kind, other))
                    else:
                        text = scope.placeholder(other_kind, other)
                        other_id = "hidden:" + text.rsplit("#", 1)[-1]
                        nodes.setdefault(
                            other_id, {"id": other_id, "kind": "hidden", "label": text}
                        )
                    pair = (min(here_id, other_id), max(here_id, other_id))
                    edges.setdefault(pair, {"source": here_id, "target": other_id, "label": label})
        frontier = following
    return {"node": f"{kind}:{value}", "depth": depth, "nodes": list(nodes.values()),
            "edges": list(edges.values())}  # fmt: skip


def timeline(
    con: duckdb.DuckDBPyConnection, scope: Scope, *, person: str | None, market: str | None
) -> Row | None:
    """Activity per month: of a person (revenue, sales, purchases, messages, logins), or of a
    market (orders, listings and active accounts, as counts)."""
    if person is not None:
        if not scope.sees("person", person):
            return None
        months = rows(
            con,
            "SELECT month, revenue_sats, sales, spend_sats, purchases, feedback, messages, logins "
            "FROM economics_monthly WHERE person_id = ? ORDER BY month",
            [person],
        )
        if not months and con.execute(
            "SELECT 1 FROM persons WHERE person_id = ? UNION SELECT 1 FROM targets "
            "WHERE person_id = ?", [person, person]
        ).fetchone() is None:  # fmt: skip
            return None
        return {"person": person, "months": months}
    if market is None or con.execute(
        "SELECT 1 FROM markets WHERE market_id = ? UNION SELECT 1 FROM accounts WHERE "
        "market_id = ?", [market, market]
    ).fetchone() is None:  # fmt: skip
        return None
    months = rows(
        con,
        "SELECT date_trunc('month', created_at)::DATE AS month, count(*) AS orders, "
        "count(DISTINCT vendor_id) AS vendors, count(DISTINCT buyer_id) AS buyers, "
        "sum(amount_sats) FILTER (status = 'finalized') AS finalized_sats "
        "FROM orders WHERE market_id = ? AND created_at IS NOT NULL GROUP BY 1 ORDER BY 1",
        [market],
    )
    return {"market": market, "months": months}


_ALIASES = {
    "w. sahara": "EH", "dem. rep. congo": "CD", "dominican rep.": "DO", "falkland is.": "FK",
    "fr. s. antarctic lands": "TF", "eq. guinea": "GQ", "solomon is.": "SB",
    "bosnia and herz.": "BA", "s. sudan": "SS", "kosovo": "XK", "n. cyprus": "CY",
    "somaliland": "SO",
}  # fmt: skip


@cache
def geometry_countries() -> dict[str, str]:
    """The id of each country outline of the vendored map -> its ISO 3166-1 alpha-2 code."""
    names: dict[str, str] = {}
    table = resources.files("seized.mapping").joinpath("countries.csv")
    with table.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names[row["name"]] = row["iso2"]
    names.update(_ALIASES)
    atlas = resources.files("seized.web").joinpath("static/vendor/countries-110m.json")
    data: dict[str, Any] = json.loads(atlas.read_text(encoding="utf-8"))
    out = {}
    for item in data["objects"]["countries"]["geometries"]:
        code = names.get(str(item.get("properties", {}).get("name", "")).lower())
        if code and "id" in item:
            out[str(item["id"])] = code
    return out


def targets_by_country(con: duckdb.DuckDBPyConnection, scope: Scope) -> Row:
    """Targets per country: all countries for a lead, the agency's for an analyst."""
    counts = rows(
        con,
        "SELECT country, count(*) AS targets, count(*) FILTER (role = 'vendor') AS vendors, "
        "sum(revenue_sats) AS revenue_sats FROM targets WHERE country IS NOT NULL "
        "GROUP BY 1 ORDER BY 1",
    )
    shown = [c for c in counts if scope.lead or c["country"] in scope.countries]
    return {"countries": shown, "outlines": geometry_countries()}
