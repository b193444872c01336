"""Seized text is written by criminals: payloads planted in every kind of field of a case.

:func:`plant` adds a German person (so that a DE analyst sees it all) whose ids, names, texts,
listing, order, message (1 MB), addresses, tags, cluster label, cash-out exchange and rank
reasons carry script tags, event handlers, ``javascript:`` URLs, SVG, CSS injection and
right-to-left overrides; a browser that ran any of them sets ``window.__pwned``.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
SVG = '<svg onload="window.__pwned=3"><circle r="9"/></svg>'
JS_URL = "javascript:window.__pwned=4"
ANCHOR = f'<a href="{JS_URL}">click</a>'
CSS = "</style><style>body{background:url(https://evil.invalid/x.png)}</style>"
ATTR = '" style="background:url(https://evil.invalid/y.png)" onmouseover="window.__pwned=5'
RTL = "\u202egnp.exe\u202c"
TEMPLATE = "{{7*7}}${7*7}"
ALL = " ".join([SCRIPT, IMG, SVG, ANCHOR, CSS, ATTR, RTL, TEMPLATE, JS_URL])
HUGE = ("A" * 1023 + "\n") * 1024  # 1 MB

PERSON = "P-<svg onload=window.__pwned=6>"
ACCOUNT = "silkway:<img src=x onerror=window.__pwned=7>"
ACCOUNT2 = f"hydrant:{JS_URL}"
ADDRESS = "bc1q<script>window.__pwned=8</script>"
LISTING = "silkway:L<script>window.__pwned=9</script>"
ORDER = "silkway:O<svg/onload=window.__pwned=10>"
MESSAGE = "silkway:M<img src=x onerror=window.__pwned=11>"
MESSAGE_HUGE = "silkway:M-huge"
CLUSTER = "cl_<b onmouseover=window.__pwned=12>"
EXCHANGE = "Ex<script>window.__pwned=13</script>change"
TXID = "ab" * 32


def _insert(con: duckdb.DuckDBPyConnection, table: str, row: dict[str, Any]) -> None:
    names = ", ".join(f'"{k}"' for k in row)
    marks = ", ".join("?" for _ in row)
    con.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(row.values()))


def plant(con: duckdb.DuckDBPyConnection, buyer: str) -> None:
    """Add the hostile person; ``buyer`` is an account of a DE person who orders from it and
    writes to it (so both sides of the order and the messages are in the DE scope)."""
    prov = {"evidence_id": 1, "raw_table": f"users{SCRIPT}", "raw_key": f"1{IMG}"}
    for account, market in ((ACCOUNT, "silkway"), (ACCOUNT2, "hydrant")):
        _insert(
            con,
            "accounts",
            {
                "account_id": account,
                "market_id": market,
                "native_id": account.split(":", 1)[1],
                "username": f"kingpin{SCRIPT}{RTL}",
                "role": "vendor",
                "pgp_fingerprint": None,
                "profile": ALL,
                "contact": JS_URL,
                "email": f"x{IMG}@mail.invalid",
                "created_at": "2021-01-01 00:00:00",
                **prov,
            },
        )
        _insert(
            con,
            "persons",
            {
                "person_id": PERSON,
                "account_id": account,
                "evidence": json.dumps(
                    {
                        "links": [
                            {
                                "rule": f"same_username{SVG}",
                                "to": ACCOUNT2 if account == ACCOUNT else ACCOUNT,
                                "value": ALL,
                            }
                        ]
                    }
                ),
                "review": False,
            },
        )
    _insert(
        con,
        "link_edges",
        {
            "account_a": ACCOUNT2,
            "account_b": ACCOUNT,
            "rule": "same_username",
            "value": ALL,
            "accepted": True,
        },
    )
    reasons = {
        "role_evidence": [ALL],
        "components": {f"money{SCRIPT}": {"points": 1, "share": 0.5, "value": ALL, "weight": 1}},
        "country": {
            "country": "DE",
            "confidence": 0.9,
            "evidence": {f"login_ip{IMG}": {"countries": {"DE": 1}, "support": 1}},
        },
        "cashouts": {"labels": [EXCHANGE], "sats": 1000},
    }
    _insert(
        con,
        "targets",
        {
            "person_id": PERSON,
            "role": "vendor",
            "score": 99.9,
            "rank": 1,
            "country": "DE",
            "country_confidence": 0.9,
            "reasons": json.dumps(reasons),
            "summary": ALL,
            "country_evidence": "{}",
            "revenue_sats": 1000,
            "spend_sats": 0,
            "markets": ["silkway", "hydrant"],
            "accounts": [ACCOUNT, ACCOUNT2],
        },
    )
    _insert(
        con,
        "country_evidence",
        {
            "person_id": PERSON,
            "kind": "login_ip",
            "country": "DE",
            "items": 1,
            "example": ALL,
        },
    )
    _insert(
        con,
        "listings",
        {
            "listing_id": LISTING,
            "market_id": "silkway",
            "native_id": "L",
            "vendor_id": ACCOUNT,
            "title": f"Best {SCRIPT} crystal {IMG}",
            "description": ALL + "\n" + HUGE,
            "category": SVG,
            "price": 1.0,
            "currency": "BTC",
            "ships_from": CSS,
            "ships_to": RTL,
            **prov,
        },
    )
    _insert(
        con,
        "orders",
        {
            "order_id": ORDER,
            "market_id": "silkway",
            "native_id": "O",
            "listing_id": LISTING,
            "buyer_id": buyer,
            "vendor_id": ACCOUNT,
            "quantity": 1,
            "amount_sats": 1000,
            "status": "finalized",
            "created_at": "2021-02-01 00:00:00",
            "shipping_address": f"Hauptstrasse 1 {ALL}",
            **prov,
        },
    )
    for message_id, body in ((MESSAGE, ALL), (MESSAGE_HUGE, ALL + HUGE)):
        _insert(
            con,
            "messages",
            {
                "message_id": message_id,
                "market_id": "silkway",
                "native_id": "M",
                "sender_id": buyer,
                "recipient_id": ACCOUNT,
                "subject": f"re: {SCRIPT}",
                "body": body,
                "body_plain": body,
                "encrypted": False,
                "decrypted": False,
                "created_at": "2021-02-02 00:00:00",
                **prov,
            },
        )
    _insert(
        con,
        "wallet_addresses",
        {
            "market_id": "silkway",
            "account_id": ACCOUNT,
            "address": ADDRESS,
            "kind": "withdrawal",
            "currency": "BTC",
            **prov,
        },
    )
    _insert(
        con,
        "identifiers",
        {
            "kind": "jabber",
            "value": f"kp{SCRIPT}@jabber.invalid",
            "raw": ALL,
            "account_id": ACCOUNT,
            "market_id": "silkway",
            "source_table": "accounts",
            "source_column": "profile",
            "source_key": ACCOUNT,
        },
    )
    _insert(con, "address_clusters", {"address": ADDRESS, "cluster_id": CLUSTER})
    _insert(
        con,
        "cluster_labels",
        {
            "cluster_id": CLUSTER,
            "label": EXCHANGE,
            "category": "exchange",
            "tags": 1,
            "tagpacks": [SCRIPT],
        },
    )
    _insert(
        con,
        "tags",
        {
            "address": ADDRESS,
            "label": f"tag {IMG}",
            "category": "exchange",
            "source": SVG,
            "tagpack": CSS,
            "valid": False,
        },
    )
    _insert(
        con,
        "money_flows",
        {
            "person_id": PERSON,
            "from_address": ADDRESS,
            "to_address": f"{ADDRESS}-2",
            "txid": TXID,
            "vout": 0,
            "amount_sats": 1000,
            "hop": 1,
            "model": "haircut",
            "direction": "forward",
        },
    )
    _insert(
        con,
        "cashouts",
        {
            "person_id": PERSON,
            "label": EXCHANGE,
            "amount_sats": 1000,
            "hops": 1,
            "model": "haircut",
            "category": "exchange",
            "address": f"{ADDRESS}-2",
            "txid": TXID,
            "vout": 0,
            "via_coinjoin": False,
            "peel_chain": False,
            "direction": "forward",
        },
    )
    _insert(
        con,
        "economics_monthly",
        {
            "person_id": PERSON,
            "month": "2021-02-01",
            "revenue_sats": 1000,
            "sales": 1,
            "spend_sats": 0,
            "purchases": 0,
            "feedback": 0,
            "messages": 0,
            "logins": 0,
        },
    )
