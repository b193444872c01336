"""Where traces start: the coins of a person, an account, an address, a cluster or a transaction,
every person's payout coins, and the market's own wallets."""

from __future__ import annotations

from typing import Any

import duckdb

from seized.chain.trace.records import START_KINDS, Coin
from seized.errors import UserError

#: Each account's payout addresses with its person (an account without a person row is its own).
_PAYOUT_ADDRESSES = """
SELECT DISTINCT x.account_id, po.person_id, x.address
FROM payout_addresses() x
JOIN (SELECT a.account_id, coalesce(p.person_id, a.account_id) AS person_id
      FROM accounts a LEFT JOIN persons p USING (account_id)) po USING (account_id)
"""
_COLUMNS = "o.txid, o.vout, o.value_sats, o.address, s.label, s.category"
_OUTPUTS = "FROM btc_outputs o LEFT JOIN _trace_service s ON s.address = o.address"


def seed_query(kind: str, value: str | None) -> tuple[str, list[object]]:
    """The SQL (and parameters) of the start's coins: (person, txid, vout, value, address,
    label, category).

    ``kind`` is a start kind, ``all`` (every payout coin, credited to the lowest person id when
    accounts of different persons share an address) or ``market`` (the market's own wallets, as
    the person ``market:<market_id>``). Needs the tables of :func:`seized.chain.trace.prepare`.
    """
    if kind == "all":
        sql = (
            f"SELECT min(pa.person_id), {_COLUMNS} {_OUTPUTS} "
            f"JOIN ({_PAYOUT_ADDRESSES}) pa ON pa.address = o.address GROUP BY {_COLUMNS}"
        )
        params: list[object] = []
    elif kind == "market":
        sql = (
            f"SELECT 'market:' || min(w.market_id), {_COLUMNS} {_OUTPUTS} "
            "JOIN wallet_addresses w ON w.address = o.address AND w.account_id IS NULL "
            f"GROUP BY {_COLUMNS}"
        )
        params = []
    elif kind in ("person", "account"):
        sql = (
            f"SELECT DISTINCT ?, {_COLUMNS} {_OUTPUTS} "
            f"JOIN ({_PAYOUT_ADDRESSES}) pa ON pa.address = o.address WHERE pa.{kind}_id = ?"
        )
        params = [f"{kind}:{value}" if kind == "account" else value, value]
    elif kind == "address":
        sql = f"SELECT ?, {_COLUMNS} {_OUTPUTS} WHERE o.address = ?"
        params = [f"address:{value}", value]
    elif kind == "cluster":
        sql = (
            f"SELECT ?, {_COLUMNS} {_OUTPUTS} "
            "JOIN address_clusters ac ON ac.address = o.address WHERE ac.cluster_id = ?"
        )
        params = [f"cluster:{value}", value]
    elif kind == "txid":
        sql = f"SELECT ?, {_COLUMNS} {_OUTPUTS} WHERE o.txid = ?"
        params = [f"txid:{value}", value]
    else:
        raise UserError(f"unknown start {kind!r}: choose from {', '.join(START_KINDS)}")
    return sql, params


def seed_rows(
    con: duckdb.DuckDBPyConnection, kind: str, value: str | None
) -> list[tuple[Any, ...]]:
    """The rows of :func:`seed_query`."""
    sql, params = seed_query(kind, value)
    return con.execute(sql, params).fetchall()


def seed_coins(
    rows: list[tuple[Any, ...]],
) -> tuple[list[Coin], dict[str, tuple[str, str | None]]]:
    """The seed coins of :func:`seed_rows` (wholly traced, by person, txid and vout), and the
    service (label, category) of each seed address that has one."""
    coins: list[Coin] = []
    services: dict[str, tuple[str, str | None]] = {}
    for person, txid, vout, value, address, label, category in rows:
        coins.append(
            Coin(
                person=person,
                txid=txid,
                vout=vout,
                value=value,
                address=address,
                amount=value,
                ranges=[(0, value)] if value else [],
            )
        )
        if label is not None and address is not None:
            services[address] = (label, category)
    coins.sort(key=lambda c: (c.person, c.txid, c.vout))
    return coins, services
