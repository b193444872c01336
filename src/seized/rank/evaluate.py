"""Ranking and countries measured against a synthetic case's truth.json.

``persons_from_truth`` fills ``persons`` with the true persons (to measure the ranking apart from
linking); ``measure`` compares ``targets`` with the truth: the true top-10 vendors and buyers
against the top-10 targets of their role, and the country of every person whose orders carry a
readable shipping address.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb


def account_persons(truth: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Canonical account id (``market:native_id``) -> the true person."""
    return {f"{a['market']}:{a['native_id']}": p for p in truth["persons"] for a in p["accounts"]}


def persons_from_truth(con: duckdb.DuckDBPyConnection, truth: dict[str, Any]) -> int:
    """Replace ``persons`` with the true persons of the accounts in the case store."""
    known = {str(r[0]) for r in con.execute("SELECT account_id FROM accounts").fetchall()}
    rows = [
        (p["person_id"], account, json.dumps({"source": "truth.json"}))
        for account, p in account_persons(truth).items()
        if account in known
    ]
    con.execute("DELETE FROM persons")
    con.executemany("INSERT INTO persons (person_id, account_id, evidence) VALUES (?, ?, ?)", rows)
    return len(rows)


def _top(
    con: duckdb.DuckDBPyConnection, roles: tuple[str, ...], owner: dict[str, str]
) -> list[str]:
    """True person ids of the top targets with one of ``roles``, in rank order, distinct."""
    marks = ", ".join("?" for _ in roles)
    found: list[str] = []
    for (accounts,) in con.execute(
        f"SELECT accounts FROM targets WHERE role IN ({marks}) ORDER BY rank", list(roles)
    ).fetchall():
        for account in accounts or []:
            person = owner.get(account)
            if person and person not in found:
                found.append(person)
                break
        if len(found) >= 10:
            break
    return found


def measure(con: duckdb.DuckDBPyConnection, truth: dict[str, Any]) -> dict[str, Any]:
    """Top-10 overlap per role and country accuracy, as numbers."""
    owners = account_persons(truth)
    owner = {a: p["person_id"] for a, p in owners.items()}
    true_vendors = [p["person_id"] for p in truth["top_vendors"]]
    true_buyers = [p["person_id"] for p in truth["top_buyers"]]
    top_vendors = _top(con, ("vendor",), owner)
    top_buyers = _top(con, ("buyer", "reseller"), owner)
    rows = con.execute(
        "SELECT DISTINCT o.buyer_id FROM orders AS o "
        "WHERE o.shipping_address IS NOT NULL AND o.buyer_id IS NOT NULL"
    ).fetchall()
    with_address = {owner[str(r[0])] for r in rows if str(r[0]) in owner}
    true_country = {p["person_id"]: p["country"] for p in truth["persons"]}
    assigned: dict[str, set[str | None]] = {}
    for accounts, country in con.execute("SELECT accounts, country FROM targets").fetchall():
        for account in accounts or []:
            if account in owner:
                assigned.setdefault(owner[account], set()).add(country)
    right = sum(1 for p in with_address if assigned.get(p) == {true_country[p]})
    return {
        "top_vendors_overlap": len(set(true_vendors) & set(top_vendors)),
        "top_buyers_overlap": len(set(true_buyers) & set(top_buyers)),
        "top_vendors": top_vendors,
        "top_buyers": top_buyers,
        "persons_with_address": len(with_address),
        "countries_right": right,
        "country_accuracy": right / len(with_address) if with_address else None,
    }
