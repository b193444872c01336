"""Addresses, clusters, transactions, exchanges and money flows as one scope may read them.

Like :mod:`seized.web.entities`: None for what does not exist or is out of scope, placeholders
for the addresses and accounts of other jurisdictions.
"""

from __future__ import annotations

from collections import deque

import duckdb

from seized.db import dicts as rows
from seized.vocabulary import PAYOUT
from seized.web.db import Row, one
from seized.web.entities import LIMIT
from seized.web.scope import Scope

#: the flows API follows at most this many hops from an address
MAX_HOPS = 12


def address(con: duckdb.DuckDBPyConnection, scope: Scope, value: str) -> Row | None:
    if not scope.sees("address", value):
        return None
    owners = rows(
        con,
        "SELECT account_id, kind FROM wallet_addresses WHERE address = ? "
        "UNION SELECT account_id, ? FROM payouts WHERE address = ? ORDER BY 1, 2",
        [value, PAYOUT, value],
    )
    outputs = one(
        con,
        "SELECT count(*) AS n, sum(value_sats) AS sats FROM btc_outputs WHERE address = ?",
        [value],
    )
    inputs = one(
        con,
        "SELECT count(*) AS n, sum(value_sats) AS sats FROM btc_inputs WHERE address = ?",
        [value],
    )
    cluster = one(con, "SELECT cluster_id FROM address_clusters WHERE address = ?", [value])
    if scope.lead and not (
        owners
        or cluster
        or (outputs and outputs["n"])
        or (inputs and inputs["n"])
        or one(
            con,
            "SELECT 1 AS x FROM money_flows WHERE to_address = ? OR from_address = ? "
            "UNION SELECT 1 FROM cashouts WHERE address = ? UNION SELECT 1 FROM tags "
            "WHERE address = ?",
            [value, value, value, value],
        )
    ):
        return None
    tags = [
        {**t, "label": scope.text(t["label"])}
        for t in rows(
            con,
            "SELECT label, category, tagpack, confidence, account_id FROM tags WHERE address = ? "
            "ORDER BY tagpack, label",
            [value],
        )
        if t["account_id"] is None or scope.sees("account", t["account_id"])
    ]
    txids = rows(
        con,
        "SELECT txid, 'received' AS side, value_sats FROM btc_outputs WHERE address = ? "
        "UNION ALL SELECT txid, 'spent', value_sats FROM btc_inputs WHERE address = ? "
        "ORDER BY 1 LIMIT ?",
        [value, value, LIMIT],
    )
    return {
        "address": value,
        "owners": [
            {
                "account_id": scope.show("account", o["account_id"]),
                "visible": scope.sees("account", o["account_id"]),
                "kind": o["kind"],
            }
            for o in owners
            if o["account_id"] is not None
        ],
        "received_sats": outputs["sats"] if outputs else None,
        "received_count": outputs["n"] if outputs else 0,
        "spent_sats": inputs["sats"] if inputs else None,
        "spent_count": inputs["n"] if inputs else 0,
        "cluster_id": scope.show("cluster", cluster["cluster_id"]) if cluster else None,
        "cluster_visible": cluster is not None and scope.sees("cluster", cluster["cluster_id"]),
        "tags": [{k: v for k, v in t.items() if k != "account_id"} for t in tags],
        "transactions": [t for t in txids if scope.sees("transaction", t["txid"])],
        "cashouts": [
            c
            for c in rows(
                con,
                "SELECT person_id, label, amount_sats, hops, txid FROM cashouts WHERE address = ? "
                "ORDER BY amount_sats DESC",
                [value],
            )
            if scope.sees("person", c["person_id"])
        ],
    }


def cluster(con: duckdb.DuckDBPyConnection, scope: Scope, cluster_id: str) -> Row | None:
    if not scope.sees("cluster", cluster_id):
        return None
    size = one(con, "SELECT count(*) AS n FROM address_clusters WHERE cluster_id = ?", [cluster_id])
    if not size or not size["n"]:
        return None
    members = rows(
        con,
        "SELECT address FROM address_clusters WHERE cluster_id = ? ORDER BY address",
        [cluster_id],
    )
    shown = [m["address"] for m in members if scope.sees("address", m["address"])]
    labels = rows(
        con,
        "SELECT label, category, tags FROM cluster_labels WHERE cluster_id = ? ORDER BY label",
        [cluster_id],
    )
    return {
        "cluster_id": cluster_id,
        "size": size["n"],
        "addresses": shown[:LIMIT],
        "addresses_withheld": len(members) - len(shown),
        "labels": [{**x, "label": scope.text(x["label"])} for x in labels],
    }


def transaction(con: duckdb.DuckDBPyConnection, scope: Scope, txid: str) -> Row | None:
    if not scope.sees("transaction", txid):
        return None
    found = one(con, "SELECT * FROM btc_transactions WHERE txid = ?", [txid])
    if found is None:
        # known from the seized payouts or the traces only (its block is not loaded)
        if one(
            con,
            "SELECT 1 AS x FROM payouts WHERE txid = ? UNION SELECT 1 FROM money_flows "
            "WHERE txid = ? UNION SELECT 1 FROM cashouts WHERE txid = ?",
            [txid, txid, txid],
        ) is None:  # fmt: skip
            return None
        found = {"txid": txid}
    ins = rows(
        con,
        "SELECT idx, prev_txid, prev_vout, address, value_sats FROM btc_inputs WHERE txid = ? "
        "ORDER BY idx LIMIT ?",
        [txid, LIMIT],
    )
    outs = rows(
        con,
        "SELECT vout, address, value_sats, script_type FROM btc_outputs WHERE txid = ? "
        "ORDER BY vout LIMIT ?",
        [txid, LIMIT],
    )
    for row in ins + outs:
        row["visible"] = scope.sees("address", row["address"])
        row["address"] = scope.show("address", row["address"])
    for row in ins:
        row["prev_visible"] = scope.sees("transaction", row["prev_txid"])
        row["prev_txid"] = scope.show("transaction", row["prev_txid"])
    coinjoin = one(con, "SELECT pattern FROM coinjoins WHERE txid = ?", [txid])
    return {
        **{k: found.get(k) for k in ("txid", "block_height", "time", "fee_sats", "is_coinbase")},
        "input_sats": found.get("input_sats"),
        "output_sats": found.get("output_sats"),
        "coinjoin": coinjoin["pattern"] if coinjoin else None,
        "inputs": ins,
        "outputs": outs,
    }


def exchange(con: duckdb.DuckDBPyConnection, scope: Scope, label: str) -> Row | None:
    if not scope.sees("exchange", label):
        return None
    cashouts = [
        c
        for c in rows(
            con,
            "SELECT person_id, amount_sats, hops, model, address, txid FROM cashouts "
            "WHERE label = ? ORDER BY amount_sats DESC",
            [label],
        )
        if scope.sees("person", c["person_id"])
    ]
    clusters = rows(
        con, "SELECT cluster_id, tags FROM cluster_labels WHERE label = ? ORDER BY 1", [label]
    )
    if not cashouts and not clusters:
        return None
    return {
        "label": label,
        "total_sats": sum(int(c["amount_sats"] or 0) for c in cashouts),
        "persons": len({c["person_id"] for c in cashouts}),
        "cashouts": [
            {**c, "address": scope.show("address", c["address"])} for c in cashouts[:LIMIT]
        ],
        "clusters": [
            {
                **c,
                "cluster_id": scope.show("cluster", c["cluster_id"]),
                "visible": scope.sees("cluster", c["cluster_id"]),
            }
            for c in clusters[:LIMIT]
        ],
    }


def flows(con: duckdb.DuckDBPyConnection, scope: Scope, start: str) -> Row | None:
    """The money flows from a person (``person:ID``) or an address (``address:A`` or the
    address alone) to its cash-outs: hops, amounts and the tracing model."""
    kind, _, value = (
        start.partition(":")
        if start.startswith(("person:", "address:"))
        else ("address", "", start)
    )
    if kind == "person":
        if not scope.sees("person", value):
            return None
        edges = rows(
            con,
            "SELECT from_address, to_address, txid, amount_sats, hop, model FROM money_flows "
            "WHERE person_id = ? ORDER BY hop, txid, vout LIMIT 2000",
            [value],
        )
        cashouts = rows(
            con,
            "SELECT label, category, amount_sats, hops, model, address, txid FROM cashouts "
            "WHERE person_id = ? ORDER BY amount_sats DESC",
            [value],
        )
        if not edges and not cashouts and not person_exists(con, value):
            return None
    else:
        if not scope.sees("address", value):
            return None
        edges, cashouts = _from_address(con, scope, value)
    return {
        "from": f"{kind}:{value}",
        "edges": [
            {
                **e,
                "from_address": scope.show("address", e["from_address"]),
                "to_address": scope.show("address", e["to_address"]),
                "from_visible": scope.sees("address", e["from_address"]),
                "to_visible": scope.sees("address", e["to_address"]),
            }
            for e in edges
        ],
        "cashouts": [
            {
                **c,
                "address": scope.show("address", c["address"]),
                "address_visible": scope.sees("address", c["address"]),
            }
            for c in cashouts
        ],
    }


def person_exists(con: duckdb.DuckDBPyConnection, person_id: str) -> bool:
    return (
        one(
            con,
            "SELECT 1 AS x FROM persons WHERE person_id = ? UNION SELECT 1 FROM targets "
            "WHERE person_id = ?",
            [person_id, person_id],
        )
        is not None
    )


def _from_address(
    con: duckdb.DuckDBPyConnection, scope: Scope, start: str
) -> tuple[list[Row], list[Row]]:
    seen = {start}
    queue = deque([(start, 0)])
    edges: list[Row] = []
    while queue and len(edges) < 2000:
        here, depth = queue.popleft()
        if depth >= MAX_HOPS:
            continue
        for edge in rows(
            con,
            "SELECT person_id, from_address, to_address, txid, amount_sats, hop, model "
            "FROM money_flows WHERE from_address = ? ORDER BY txid, vout",
            [here],
        ):
            if not scope.sees("person", edge.pop("person_id")):
                continue
            edges.append(edge)
            if edge["to_address"] not in seen:
                seen.add(edge["to_address"])
                queue.append((edge["to_address"], depth + 1))
    cashouts = [
        c
        for address in sorted(seen)
        for c in rows(
            con,
            "SELECT person_id, label, category, amount_sats, hops, model, address, txid "
            "FROM cashouts WHERE address = ?",
            [address],
        )
        if scope.sees("person", c.pop("person_id"))
    ]
    return edges, cashouts
