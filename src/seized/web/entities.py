"""Persons, accounts, listings, orders and messages as one scope may read them.

Each function returns the entity with what links onward and the evidence it rests on (file,
table and row of the seized data), or None when it does not exist or the scope may not see it:
the routes answer both with 404. Every id of another jurisdiction is replaced by its
placeholder and every text passes :meth:`Scope.text`.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

from seized.db import dicts as rows
from seized.vocabulary import PAYOUT
from seized.web.db import Row, one
from seized.web.explain import link_sentences, rank_sentences
from seized.web.scope import Scope

#: most rows of one kind a page lists (the count of all is given)
LIMIT = 200


def cite(con: duckdb.DuckDBPyConnection, row: Row) -> Row | None:
    """The evidence of a seized row: its file (name and SHA-256), table and row key."""
    evidence_id = row.get("evidence_id")
    if evidence_id is None:
        return None
    found = one(con, "SELECT name, sha256 FROM evidence WHERE evidence_id = ?", [evidence_id])
    return {
        "evidence_id": evidence_id,
        "file": found["name"] if found else None,
        "sha256": found["sha256"] if found else None,
        "table": row.get("raw_table"),
        "row": row.get("raw_key"),
    }


def person_of(con: duckdb.DuckDBPyConnection, account_id: str) -> str:
    found = one(con, "SELECT person_id FROM persons WHERE account_id = ?", [account_id])
    return str(found["person_id"]) if found else account_id


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def person(con: duckdb.DuckDBPyConnection, scope: Scope, person_id: str) -> Row | None:
    if not scope.sees("person", person_id):
        return None
    target = one(con, "SELECT * FROM targets WHERE person_id = ?", [person_id])
    members = rows(
        con,
        "SELECT p.account_id, p.evidence, p.review, a.username, a.market_id, a.role "
        "FROM persons AS p LEFT JOIN accounts AS a USING (account_id) "
        "WHERE p.person_id = ? ORDER BY p.account_id",
        [person_id],
    )
    if not members and target is None:
        if one(con, "SELECT 1 AS x FROM accounts WHERE account_id = ?", [person_id]) is None:
            return None
        members = rows(
            con,
            "SELECT account_id, NULL AS evidence, FALSE AS review, username, market_id, role "
            "FROM accounts WHERE account_id = ?",
            [person_id],
        )
    accounts = [m["account_id"] for m in members] or list((target or {}).get("accounts") or [])
    edges = rows(
        con,
        "SELECT account_a, account_b, rule, value, probability, match_weight, accepted, reason "
        "FROM link_edges WHERE list_contains(?, account_a) OR list_contains(?, account_b) "
        "ORDER BY accepted DESC, account_a, account_b, rule",
        [accounts, accounts],
    )
    out: Row = {
        "person_id": person_id,
        "accounts": [
            {
                "account_id": scope.show("account", m["account_id"]),
                "username": scope.text(m["username"]),
                "market_id": m["market_id"],
                "role": m["role"],
                "review": bool(m["review"]),
            }
            for m in members
        ],
        "links": [
            scope.text(s)
            for s in link_sentences(
                members,
                [
                    {
                        **e,
                        "account_a": scope.show("account", e["account_a"]),
                        "account_b": scope.show("account", e["account_b"]),
                    }
                    for e in edges
                ],
            )
        ],
        "edges": [_edge(scope, e) for e in edges],
        "target": None,
        "rank": [],
        "economics": None,
        "country_evidence": [],
        "cashouts": [],
    }
    if target is not None:
        reasons = _json(target.get("reasons")) or {}
        out["target"] = {
            "role": target["role"],
            "score": target["score"],
            "rank": target["rank"],
            "country": target["country"],
            "country_confidence": target["country_confidence"],
            "summary": scope.text(target["summary"]),
            "revenue_sats": target["revenue_sats"],
            "spend_sats": target["spend_sats"],
            "markets": list(target["markets"] or []),
        }
        total = one(con, "SELECT count(*) AS n FROM targets")
        out["rank"] = [
            scope.text(s) for s in rank_sentences(target, reasons, int(total["n"] if total else 0))
        ]
    economics = one(con, "SELECT * FROM economics WHERE person_id = ?", [person_id])
    if economics is not None:
        economics.pop("accounts", None)
        economics["categories"] = _json(economics.get("categories"))
        out["economics"] = scope.value(economics)
    out["country_evidence"] = scope.value(
        rows(
            con,
            "SELECT kind, country, items, example FROM country_evidence WHERE person_id = ? "
            "ORDER BY items DESC, kind",
            [person_id],
        )
    )
    out["cashouts"] = [
        {**c, "address": scope.show("address", c["address"])}
        for c in rows(
            con,
            "SELECT label, category, amount_sats, hops, model, address, txid, via_coinjoin, "
            "peel_chain FROM cashouts WHERE person_id = ? ORDER BY amount_sats DESC LIMIT ?",
            [person_id, LIMIT],
        )
    ]
    return out


def _edge(scope: Scope, edge: Row) -> Row:
    return {
        "account_a": scope.show("account", edge["account_a"]),
        "account_b": scope.show("account", edge["account_b"]),
        "a_visible": scope.sees("account", edge["account_a"]),
        "b_visible": scope.sees("account", edge["account_b"]),
        "rule": edge["rule"],
        "value": scope.text(edge["value"]),
        "probability": edge["probability"],
        "accepted": edge["accepted"],
        "reason": edge["reason"],
    }


def account(con: duckdb.DuckDBPyConnection, scope: Scope, account_id: str) -> Row | None:
    if not scope.sees("account", account_id):
        return None
    found = one(con, "SELECT * FROM accounts WHERE account_id = ?", [account_id])
    if found is None:
        return None
    out: Row = {
        "account_id": account_id,
        "person_id": person_of(con, account_id),
        "market_id": found["market_id"],
        "username": scope.text(found["username"]),
        "role": found["role"],
        "pgp_fingerprint": found["pgp_fingerprint"],
        "email": scope.text(found["email"]),
        "contact": scope.text(found["contact"]),
        "profile": scope.text(found["profile"]),
        "created_at": found["created_at"],
        "last_seen_at": found["last_seen_at"],
        "evidence": cite(con, found),
    }
    out["listings"] = [
        {**r, "title": scope.text(r["title"])}
        for r in rows(
            con,
            "SELECT listing_id, title, category, price, currency, ships_from FROM listings "
            "WHERE vendor_id = ? ORDER BY listing_id LIMIT ?",
            [account_id, LIMIT],
        )
    ]
    out["orders"] = [
        _order_row(scope, r)
        for r in rows(
            con,
            "SELECT order_id, listing_id, buyer_id, vendor_id, amount_sats, status, created_at "
            "FROM orders WHERE buyer_id = ? OR vendor_id = ? ORDER BY created_at NULLS LAST, "
            "order_id LIMIT ?",
            [account_id, account_id, LIMIT],
        )
    ]
    messages = rows(
        con,
        "SELECT message_id, sender_id, recipient_id, subject, created_at FROM messages "
        "WHERE sender_id = ? OR recipient_id = ? ORDER BY created_at NULLS LAST, message_id",
        [account_id, account_id],
    )
    shown = [m for m in messages if scope.message_visible(m["sender_id"], m["recipient_id"])]
    out["messages"] = [
        {
            "message_id": m["message_id"],
            "sender_id": m["sender_id"],
            "recipient_id": m["recipient_id"],
            "subject": scope.text(m["subject"]),
            "created_at": m["created_at"],
        }
        for m in shown[:LIMIT]
    ]
    out["messages_withheld"] = len(messages) - len(shown)
    out["addresses"] = [
        r
        for r in rows(
            con,
            "SELECT address, kind, currency FROM wallet_addresses WHERE account_id = ? "
            "UNION SELECT address, ? AS kind, 'BTC' AS currency FROM payouts "
            "WHERE account_id = ? ORDER BY 1 LIMIT ?",
            [account_id, PAYOUT, account_id, LIMIT],
        )
        if scope.sees("address", r["address"])
    ]
    out["identifiers"] = scope.value(
        rows(
            con,
            "SELECT kind, value, source_table, source_column, source_key FROM identifiers "
            "WHERE account_id = ? ORDER BY kind, value LIMIT ?",
            [account_id, LIMIT],
        )
    )
    return out


def _order_row(scope: Scope, r: Row) -> Row:
    return {
        **r,
        "buyer_id": scope.show("account", r["buyer_id"]),
        "vendor_id": scope.show("account", r["vendor_id"]),
        "buyer_visible": scope.sees("account", r["buyer_id"]),
        "vendor_visible": scope.sees("account", r["vendor_id"]),
    }


def listing(con: duckdb.DuckDBPyConnection, scope: Scope, listing_id: str) -> Row | None:
    found = one(con, "SELECT * FROM listings WHERE listing_id = ?", [listing_id])
    if found is None or not scope.sees("account", found["vendor_id"]):
        return None
    out = {k: found[k] for k in ("listing_id", "market_id", "vendor_id", "category", "price")}
    out.update(
        title=scope.text(found["title"]),
        description=scope.text(found["description"]),
        currency=found["currency"],
        price_sats=found["price_sats"],
        ships_from=scope.text(found["ships_from"]),
        ships_to=scope.text(found["ships_to"]),
        created_at=found["created_at"],
        evidence=cite(con, found),
    )
    out["orders"] = [
        _order_row(scope, r)
        for r in rows(
            con,
            "SELECT order_id, listing_id, buyer_id, vendor_id, amount_sats, status, created_at "
            "FROM orders WHERE listing_id = ? ORDER BY created_at NULLS LAST, order_id LIMIT ?",
            [listing_id, LIMIT],
        )
    ]
    return out


def order(con: duckdb.DuckDBPyConnection, scope: Scope, order_id: str) -> Row | None:
    found = one(con, "SELECT * FROM orders WHERE order_id = ?", [order_id])
    if found is None:
        return None
    buyer_in = scope.sees("account", found["buyer_id"])
    if not buyer_in and not scope.sees("account", found["vendor_id"]):
        return None
    out = _order_row(
        scope,
        {k: found[k] for k in ("order_id", "market_id", "listing_id", "buyer_id", "vendor_id")},
    )
    out.update(
        quantity=found["quantity"],
        amount_sats=found["amount_sats"],
        status=found["status"],
        created_at=found["created_at"],
        shipping_address=scope.text(found["shipping_address"]) if buyer_in else None,
        shipping_withheld=not buyer_in and bool(found["shipping_address"]),
        evidence=cite(con, found),
    )
    title = one(con, "SELECT title FROM listings WHERE listing_id = ?", [found["listing_id"]])
    out["listing_title"] = scope.text(title["title"]) if title else None
    return out


def message(con: duckdb.DuckDBPyConnection, scope: Scope, message_id: str) -> Row | None:
    found = one(con, "SELECT * FROM messages WHERE message_id = ?", [message_id])
    if found is None or not scope.message_visible(found["sender_id"], found["recipient_id"]):
        return None
    return {
        "message_id": message_id,
        "market_id": found["market_id"],
        "sender_id": found["sender_id"],
        "recipient_id": found["recipient_id"],
        "subject": scope.text(found["subject"]),
        "text": scope.text(found["body_plain"] or found["body"]),
        "encrypted": found["encrypted"],
        "decrypted": found["decrypted"],
        "created_at": found["created_at"],
        "evidence": cite(con, found),
    }
