"""What a DE/AT analyst must never see, computed with plain SQL (not with the workbench's
scope module), and a check for it in any answer."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import pyarrow as pa
from fastapi import FastAPI

from seized.export.redact import COMMON

COUNTRIES = ("DE", "AT")


@dataclass
class Foreign:
    persons: list[str]
    accounts: list[str]
    addresses: list[str]
    secrets: set[str]


def foreign_values(app: FastAPI) -> Foreign:
    with app.state.bench.reader.read() as con:

        def column(sql: str, params: tuple[str, ...] = ()) -> set[str]:
            return {str(r[0]) for r in con.execute(sql, list(params)).fetchall() if r[0]}

        persons_in = column("SELECT person_id FROM targets WHERE country IN (?, ?)", COUNTRIES)
        everyone = column("SELECT person_id FROM persons UNION SELECT person_id FROM targets")
        con.register("p_in", pa.table({"person_id": sorted(persons_in)}))
        try:
            accounts_in = column(
                "SELECT account_id FROM persons JOIN p_in USING (person_id) "
                "UNION SELECT unnest(accounts) FROM targets JOIN p_in USING (person_id)"
            )
            all_accounts = {
                r[0]: r[1:]
                for r in con.execute("SELECT account_id, username, email FROM accounts").fetchall()
            }
            # canonical ids are MARKET:NATIVE per table: an order can be "nightowl:70" too
            other_ids = column(
                "SELECT order_id FROM orders UNION SELECT listing_id FROM "
                "listings UNION SELECT message_id FROM messages UNION SELECT payout_id FROM "
                "payouts UNION SELECT feedback_id FROM feedback UNION SELECT login_id FROM logins"
            )
            owned = con.execute(
                "SELECT address, account_id FROM wallet_addresses WHERE account_id IS NOT NULL "
                "UNION SELECT address, account_id FROM payouts WHERE account_id IS NOT NULL"
            ).fetchall()
        finally:
            con.unregister("p_in")
    foreign_accounts = sorted(set(all_accounts) - accounts_in)
    own_addresses = {a for a, acc in owned if acc in accounts_in}
    foreign_addresses = sorted({a for a, acc in owned if acc not in accounts_in} - own_addresses)
    own_values = [v.lower() for acc in accounts_in for v in all_accounts.get(acc, ()) if v]
    own_values += [a.lower() for a in accounts_in]
    secrets: set[str] = set(everyone - persons_in) | set(foreign_accounts) - other_ids
    secrets |= set(foreign_addresses)
    for account in foreign_accounts:
        for value in all_accounts[account]:
            if not value or len(value) < 4 or value.lower() in COMMON:
                continue
            if any(value.lower() in own for own in own_values):
                continue  # part of an in-scope name: not identifying
            secrets.add(value)
    return Foreign(sorted(everyone - persons_in), foreign_accounts, foreign_addresses, secrets)


def _whole(text: str, value: str) -> bool:
    """Does ``value`` occur in ``text`` not as part of a longer id or word?"""
    start = text.find(value)
    while start >= 0:
        end = start + len(value)
        if (start == 0 or not text[start - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            return True
        start = text.find(value, start + 1)
    return False


def leaks(text: str, secrets: set[str]) -> list[str]:
    forms = {s: {s, html.escape(s), json.dumps(s)[1:-1]} for s in secrets}
    return sorted(s for s, variants in forms.items() if any(_whole(text, v) for v in variants))
