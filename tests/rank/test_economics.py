"""Economics on a hand-built market: sums, categories, activity, the feedback estimate."""

from __future__ import annotations

import json

import duckdb
import pytest

from seized.rank.economics import DEFAULT_MULTIPLIER, MIN_CALIBRATION_FEEDBACK
from seized.rank.stage import rank_store
from tests.rank.conftest import Market


def _economics(con: duckdb.DuckDBPyConnection, person: str) -> dict[str, object]:
    cursor = con.execute("SELECT * FROM economics WHERE person_id = ?", [person])
    names = [d[0] for d in cursor.description or []]
    row = cursor.fetchone()
    assert row is not None, person
    return dict(zip(names, row, strict=True))


def test_revenue_and_spend_are_sums_of_finalized_orders(store: duckdb.DuckDBPyConnection) -> None:
    m = Market(store)
    vendor = m.account("vendor", "vendor")
    alice = m.account("alice", "buyer")
    bob = m.account("bob", "buyer")
    coke = m.listing(vendor, "5g Cocaine 90%", 1_000_000, "DE")
    weed = m.listing(vendor, "10g Amnesia Haze", 200_000, "DE", "Drugs > Cannabis")
    m.order(coke, alice, vendor, 1_000_000)
    m.order(coke, alice, vendor, 2_000_000, quantity=2, days=40)
    m.order(weed, bob, vendor, 200_000)
    m.order(weed, bob, vendor, 999, status="refunded")
    m.order(weed, bob, vendor, 999, status="pending")
    rank_store(store)
    seller = _economics(store, vendor)
    assert seller["revenue_sats"] == 3_200_000
    assert seller["revenue_method"] == "orders"
    assert (seller["sales"], seller["customers"], seller["listings"]) == (3, 2, 2)
    assert seller["grams_sold"] == pytest.approx(5 + 10 + 10)
    assert json.loads(str(seller["categories"])) == {"stimulants": 3_000_000, "cannabis": 200_000}
    assert seller["top_category"] == "stimulants"
    assert seller["active_months"] == 2
    buyer = _economics(store, alice)
    assert (buyer["spend_sats"], buyer["purchases"], buyer["suppliers"]) == (3_000_000, 2, 1)
    assert _economics(store, bob)["spend_sats"] == 200_000
    months = store.execute(
        "SELECT month, revenue_sats, sales FROM economics_monthly WHERE person_id = ? "
        "ORDER BY month",
        [vendor],
    ).fetchall()
    assert [(str(m_), r, s) for m_, r, s in months] == [
        ("2021-03-01", 1_200_000, 2),
        ("2021-04-01", 2_000_000, 1),
    ]


def _calibration_market(m: Market, feedback: int) -> tuple[str, str]:
    """A vendor with orders and feedback (2 units per order, feedback on half of them) and a
    vendor whose orders are missing but whose feedback was seized."""
    known = m.account("known", "vendor")
    hidden = m.account("hidden", "vendor")
    buyer = m.account("buyer", "buyer")
    a = m.listing(known, "1g Speed", 100_000)
    b = m.listing(hidden, "1g Speed", 300_000)
    for i in range(2 * feedback):
        order = m.order(a, buyer, known, 200_000)
        if i % 2 == 0:
            m.feedback(a, known, buyer, order)
    for _ in range(10):
        m.feedback(b, hidden, buyer)
    return known, hidden


def test_feedback_estimate_where_orders_are_missing(store: duckdb.DuckDBPyConnection) -> None:
    m = Market(store)
    known, hidden = _calibration_market(m, MIN_CALIBRATION_FEEDBACK)
    summary = rank_store(store)
    # 60 orders of 200,000 against 30 feedback on a 100,000 listing: 4 times the priced feedback
    assert summary.calibration.calibrated
    assert summary.calibration.multiplier == pytest.approx(4.0)
    estimate = _economics(store, hidden)
    assert estimate["revenue_method"] == "feedback"
    assert estimate["revenue_estimated_sats"] == 4 * 10 * 300_000
    assert estimate["revenue_sats"] == 4 * 10 * 300_000
    assert _economics(store, known)["revenue_estimated_sats"] == 0
    reasons = json.loads(
        str(
            store.execute("SELECT reasons FROM targets WHERE person_id = ?", [hidden]).fetchone()[0]
        )  # type: ignore[index]
    )
    assert "calibrated on 1 vendor accounts" in reasons["money"]["estimate"]


def test_uncalibrated_estimate_is_a_lower_bound(store: duckdb.DuckDBPyConnection) -> None:
    m = Market(store)
    _, hidden = _calibration_market(m, MIN_CALIBRATION_FEEDBACK)
    store.execute("DELETE FROM orders")
    summary = rank_store(store)
    assert not summary.calibration.calibrated
    assert summary.calibration.multiplier == DEFAULT_MULTIPLIER
    assert _economics(store, hidden)["revenue_sats"] == 10 * 300_000


def test_linked_accounts_add_up_across_markets(store: duckdb.DuckDBPyConnection) -> None:
    one, two = Market(store, "one"), Market(store, "two")
    v1, v2 = one.account("v", "vendor"), two.account("v", "vendor")
    b1, b2 = one.account("b", "buyer"), two.account("b", "buyer")
    one.order(one.listing(v1, "1g x", 10), b1, v1, 1_000)
    two.order(two.listing(v2, "1g x", 10), b2, v2, 500)
    store.executemany(
        "INSERT INTO persons (person_id, account_id) VALUES (?, ?)", [("P1", v1), ("P1", v2)]
    )
    rank_store(store)
    person = _economics(store, "P1")
    assert person["revenue_sats"] == 1_500
    assert person["markets"] == ["one", "two"]
    assert _economics(store, b1)["spend_sats"] == 1_000  # unlinked: its own person
