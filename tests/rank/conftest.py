"""A tiny market built by hand in an in-memory case store (only the columns ranking reads)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import duckdb
import pytest

from seized.model import migrate

T0 = datetime(2021, 3, 1, 12, 0)


class Market:
    def __init__(self, con: duckdb.DuckDBPyConnection, market: str = "m") -> None:
        self.con = con
        self.market = market
        self.n = 0

    def _id(self) -> str:
        self.n += 1
        return f"{self.market}:{self.n}"

    def account(self, name: str, role: str) -> str:
        account = f"{self.market}:{name}"
        self.con.execute(
            "INSERT INTO accounts (account_id, market_id, native_id, username, role) "
            "VALUES (?, ?, ?, ?, ?)",
            [account, self.market, name, name, role],
        )
        return account

    def listing(
        self,
        vendor: str,
        title: str,
        price: int,
        ships_from: str | None = None,
        category: str | None = None,
    ) -> str:
        listing = self._id()
        self.con.execute(
            "INSERT INTO listings (listing_id, native_id, market_id, vendor_id, title, category, "
            "price_sats, ships_from, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [listing, listing, self.market, vendor, title, category, price, ships_from, T0],
        )
        return listing

    def order(
        self,
        listing: str,
        buyer: str,
        vendor: str,
        amount: int,
        *,
        status: str = "finalized",
        quantity: int = 1,
        days: int = 0,
        address: str | None = None,
    ) -> str:
        order = self._id()
        self.con.execute(
            "INSERT INTO orders (order_id, native_id, market_id, listing_id, buyer_id, vendor_id, "
            "quantity, amount_sats, status, created_at, shipping_address) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                order,
                order,
                self.market,
                listing,
                buyer,
                vendor,
                quantity,
                amount,
                status,
                T0 + timedelta(days=days),
                address,
            ],
        )
        return order

    def feedback(self, listing: str, vendor: str, buyer: str, order: str | None = None) -> None:
        self.con.execute(
            "INSERT INTO feedback (feedback_id, native_id, market_id, order_id, listing_id, "
            "vendor_id, buyer_id, rating, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 5, ?)",
            [(fid := self._id()), fid, self.market, order, listing, vendor, buyer, T0],
        )

    def login(self, account: str, ip: str) -> None:
        self.con.execute(
            'INSERT INTO logins (login_id, native_id, market_id, account_id, ip, "at") '
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(lid := self._id()), lid, self.market, account, ip, T0],
        )


@pytest.fixture
def store() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    migrate(con)
    yield con
    con.close()
