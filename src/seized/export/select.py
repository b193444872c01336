"""What concerns one country: the minimisation rule of a package (docs/packages.md).

A package for country XX holds the persons whose target country is XX (``seized rank``) and,
of the seized data, only what belongs to them: their accounts, listings, orders where they are
buyer or vendor, messages among themselves, wallet addresses, payouts and cash-outs. A
counterparty of an order who is not in the package appears only as an opaque reference
("account of another jurisdiction #n", numbered within the package); the shipping address of an
order whose buyer is not in the package is withheld; messages with anyone outside the package
are withheld (only their count is given). Identifiers, usernames, codes and categories are
chosen by that structure and written as they are; the seized free text that stays (messages,
listing titles and descriptions, profiles, shipping addresses) passes the
:class:`~seized.export.redact.Redactor`, which withholds foreign usernames, account ids,
e-mails, wallet addresses and shipping addresses where they stand as whole tokens.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from seized.errors import UserError
from seized.export.redact import Redactor, vocabulary

Row = dict[str, Any]
_COUNTRY = re.compile(r"^[A-Z]{2}$")
OPAQUE = "account of another jurisdiction #{n}"


@dataclass
class Selection:
    """Everything a package for one country may hold (already redacted)."""

    country: str
    case_name: str
    targets: list[Row]
    accounts: list[Row]
    listings: list[Row]
    orders: list[Row]
    messages: list[Row]
    wallets: list[Row]
    payouts: list[Row]
    cashouts: list[Row]
    evidence: dict[int, Row]
    person_of: dict[str, str]  # package account id -> person id
    opaque: dict[str, str]  # foreign account id -> opaque reference (never written out)
    withheld: dict[str, int] = field(default_factory=dict)

    def counterpart(self, account_id: str | None) -> str | None:
        """The account id if it is in the package, else its opaque reference."""
        if account_id is None:
            return None
        if account_id in self.person_of:
            return account_id
        return self.opaque.get(account_id, OPAQUE.format(n=0))

    def accounts_of(self, person_id: str) -> list[Row]:
        return [a for a in self.accounts if self.person_of.get(a["account_id"]) == person_id]


def check_country(country: str) -> str:
    code = country.strip().upper()
    if not _COUNTRY.match(code):
        raise UserError(f"country {country!r} is not an ISO 3166-1 alpha-2 code (e.g. DE)")
    return code


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[Row]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _targets(con: duckdb.DuckDBPyConnection, country: str) -> list[Row]:
    rows = _rows(
        con,
        "SELECT person_id, role, score, rank, country, country_confidence, reasons, summary, "
        "accounts, markets, revenue_sats, spend_sats FROM targets WHERE country = ? "
        "ORDER BY rank NULLS LAST, person_id",
        [country],
    )
    if not rows:
        found = [
            str(r[0])
            for r in con.execute(
                "SELECT DISTINCT country FROM targets WHERE country IS NOT NULL ORDER BY 1"
            ).fetchall()
        ]
        listed = ", ".join(found) if found else "none (run seized rank first)"
        raise UserError(f"no targets are assigned to {country}; countries with targets: {listed}")
    for row in rows:
        reasons = row.get("reasons")
        row["reasons"] = json.loads(reasons) if isinstance(reasons, str) else (reasons or {})
    return rows


def _package_accounts(con: duckdb.DuckDBPyConnection, targets: list[Row]) -> dict[str, str]:
    person_of: dict[str, str] = {}
    persons = [t["person_id"] for t in targets]
    for t in targets:
        for account in t.get("accounts") or []:
            person_of[str(account)] = t["person_id"]
    con.register("export_persons", pa.table({"person_id": pa.array(persons, pa.string())}))
    try:
        for account_id, person_id in con.execute(
            "SELECT p.account_id, p.person_id FROM persons AS p "
            "JOIN export_persons USING (person_id) "
            "UNION SELECT a.account_id, a.account_id FROM accounts AS a "
            "JOIN export_persons AS e ON e.person_id = a.account_id"
        ).fetchall():
            person_of.setdefault(str(account_id), str(person_id))
    finally:
        con.unregister("export_persons")
    return person_of


_FOREIGN_VALUES = """
SELECT a.account_id, a.username, a.email, a.contact, a.pgp_fingerprint
FROM accounts AS a ANTI JOIN export_accounts AS p USING (account_id)
"""
_FOREIGN_WALLETS = """
SELECT w.address FROM wallet_addresses AS w ANTI JOIN export_accounts AS p USING (account_id)
WHERE w.account_id IS NOT NULL
UNION SELECT po.address FROM payouts AS po ANTI JOIN export_accounts AS p USING (account_id)
WHERE po.account_id IS NOT NULL
"""
_ORDERS = """
SELECT o.order_id, o.market_id, o.listing_id, o.buyer_id, o.vendor_id, o.quantity,
       o.amount_sats, o.status, o.created_at, o.shipping_address,
       l.title AS listing_title, l.category AS listing_category,
       o.evidence_id, o.raw_table, o.raw_key,
       b.account_id IS NOT NULL AS buyer_in, v.account_id IS NOT NULL AS vendor_in
FROM orders AS o
LEFT JOIN listings AS l ON l.listing_id = o.listing_id
LEFT JOIN export_accounts AS b ON b.account_id = o.buyer_id
LEFT JOIN export_accounts AS v ON v.account_id = o.vendor_id
WHERE b.account_id IS NOT NULL OR v.account_id IS NOT NULL
ORDER BY o.created_at NULLS LAST, o.order_id
"""
_MESSAGES = """
SELECT m.message_id, m.market_id, m.sender_id, m.recipient_id, m.subject,
       coalesce(m.body_plain, m.body) AS text, m.encrypted, m.decrypted, m.created_at,
       m.evidence_id, m.raw_table, m.raw_key,
       s.account_id IS NOT NULL AS sender_in, r.account_id IS NOT NULL AS recipient_in
FROM messages AS m
LEFT JOIN export_accounts AS s ON s.account_id = m.sender_id
LEFT JOIN export_accounts AS r ON r.account_id = m.recipient_id
WHERE s.account_id IS NOT NULL OR r.account_id IS NOT NULL
ORDER BY m.created_at NULLS LAST, m.message_id
"""


def select_country(con: duckdb.DuckDBPyConnection, country: str, case_name: str) -> Selection:
    """Read what concerns ``country`` from the case store, redacted and minimised."""
    country = check_country(country)
    targets = _targets(con, country)
    person_of = _package_accounts(con, targets)
    con.register(
        "export_accounts", pa.table({"account_id": pa.array(sorted(person_of), pa.string())})
    )
    try:
        return _select(con, country, case_name, targets, person_of)
    finally:
        con.unregister("export_accounts")


def _select(
    con: duckdb.DuckDBPyConnection,
    country: str,
    case_name: str,
    targets: list[Row],
    person_of: dict[str, str],
) -> Selection:
    accounts = _rows(
        con,
        "SELECT a.* FROM accounts AS a JOIN export_accounts USING (account_id) "
        "ORDER BY a.account_id",
    )
    foreign_values: list[str | None] = []
    for account_id, username, email, contact, fingerprint in con.execute(
        _FOREIGN_VALUES
    ).fetchall():
        foreign_values += [account_id, username, email, contact, fingerprint]
    foreign_values += [r[0] for r in con.execute(_FOREIGN_WALLETS).fetchall()]
    orders = _rows(con, _ORDERS)
    messages = _rows(con, _MESSAGES)
    for order in orders:
        if not order["buyer_in"]:
            foreign_values.append(order["shipping_address"])
    own: list[str | None] = []
    for account in accounts:
        own += [account["account_id"], account["username"], account["email"]]
        own += [account["contact"], account["pgp_fingerprint"]]
    categories = [
        str(r[0]) for r in con.execute("SELECT DISTINCT category FROM listings").fetchall()
    ]
    redactor = Redactor(foreign_values, own, vocabulary(categories))

    opaque: dict[str, str] = {}
    for order in orders:
        for side in ("buyer", "vendor"):
            other = order[f"{side}_id"]
            if not order[f"{side}_in"] and other is not None and other not in opaque:
                opaque[other] = OPAQUE.format(n=len(opaque) + 1)
    withheld = {"messages with other jurisdictions": 0, "shipping addresses of others": 0}
    kept_orders: list[Row] = []
    for order in orders:
        if not order["buyer_in"]:
            if order["shipping_address"]:
                withheld["shipping addresses of others"] += 1
            order["shipping_address"] = None
        for side in ("buyer", "vendor"):
            if not order[f"{side}_in"] and order[f"{side}_id"] is not None:
                order[f"{side}_id"] = opaque[order[f"{side}_id"]]
        kept_orders.append(_clean(order, redactor))
    kept_messages: list[Row] = []
    for message in messages:
        inside = message["sender_in"] and (message["recipient_in"] or not message["recipient_id"])
        if inside:
            kept_messages.append(_clean(message, redactor))
        else:
            withheld["messages with other jurisdictions"] += 1

    def select(sql: str) -> list[Row]:
        return [_clean(r, redactor) for r in _rows(con, sql)]

    listings = select(
        "SELECT l.* FROM listings AS l JOIN export_accounts AS p ON p.account_id = l.vendor_id "
        "ORDER BY l.listing_id"
    )
    wallets = select(
        "SELECT w.* FROM wallet_addresses AS w JOIN export_accounts USING (account_id) "
        "ORDER BY w.account_id, w.address"
    )
    payouts = select(
        "SELECT po.* FROM payouts AS po JOIN export_accounts USING (account_id) "
        "ORDER BY po.created_at NULLS LAST, po.payout_id"
    )
    persons = sorted({t["person_id"] for t in targets})
    con.register("export_persons", pa.table({"person_id": pa.array(persons, pa.string())}))
    try:
        cashouts = select(
            "SELECT c.person_id, c.label, c.category, c.amount_sats, c.hops, c.model, "
            "c.address, c.txid, c.vout, c.via_coinjoin, c.peel_chain, c.direction "
            "FROM cashouts AS c JOIN export_persons USING (person_id) "
            "ORDER BY c.person_id, c.amount_sats DESC NULLS LAST"
        )
    finally:
        con.unregister("export_persons")
    evidence = {
        int(r["evidence_id"]): r
        for r in _rows(con, "SELECT evidence_id, name, sha256, kind, market FROM evidence")
    }
    return Selection(
        country=country,
        case_name=case_name,
        targets=[_clean(t, redactor) for t in targets],
        accounts=[_clean(a, redactor) for a in accounts],
        listings=listings,
        orders=kept_orders,
        messages=kept_messages,
        wallets=wallets,
        payouts=payouts,
        cashouts=cashouts,
        evidence=evidence,
        person_of=person_of,
        opaque=opaque,
        withheld=withheld,
    )


# Columns that hold identifiers, codes, amounts, dates or the market's own vocabulary, and the
# targets' reasons and summary, which seized rank writes from the package person's own rows (the
# ids in them are that person's orders, listings and logins). The rows they are in were chosen
# by structure (package persons' rows, opaque references), so they are written as they are:
# redacting inside them would corrupt the package's own identifiers. Every other column is
# seized free text (or a column this list does not know yet) and is redacted.
_STRUCTURAL = frozenset(
    [
        "reasons", "summary",
        "person_id", "account_id", "accounts", "markets", "market_id", "native_id", "username",
        "email", "contact", "pgp_fingerprint", "pgp_public_key", "role", "rank", "score",
        "country", "country_confidence", "revenue_sats", "spend_sats", "created_at",
        "last_seen_at", "listing_id", "vendor_id", "category", "price", "currency",
        "price_sats", "ships_from", "ships_to", "order_id", "buyer_id", "quantity",
        "amount_sats", "status", "listing_category", "buyer_in", "vendor_in", "message_id",
        "sender_id", "recipient_id", "encrypted", "decrypted", "sender_in", "recipient_in",
        "kind", "payout_id", "txid", "label", "hops", "model", "vout", "via_coinjoin",
        "peel_chain", "direction", "evidence_id", "raw_table", "raw_key",
    ]
)  # fmt: skip
# Bitcoin addresses: a package person's payout or cash-out can go to another person's wallet,
# which is then withheld as a whole.
_ADDRESSES = frozenset(["address"])


def _clean(row: Row, redactor: Redactor) -> Row:
    """Redact the free text of a row; identifiers and codes stay as they are."""
    out: Row = {}
    for key, value in row.items():
        if key in _ADDRESSES:
            out[key] = redactor.whole(value)
        elif key in _STRUCTURAL:
            out[key] = value
        else:
            out[key] = redactor.value(value)
    return out
