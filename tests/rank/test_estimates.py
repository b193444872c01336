"""Revenue estimates from listing counters, and what implausible prices leave out."""

from __future__ import annotations

import json

import duckdb

from seized.rank.estimates import MIN_CALIBRATION_FEEDBACK
from seized.rank.stage import rank_store
from tests.rank.conftest import Market


def _observe(
    con: duckdb.DuckDBPyConnection,
    vendor: str,
    title: str,
    price: int,
    crawl: str,
    *,
    sold: int | None = None,
    feedback: int | None = None,
    since: str | None = "2017-04-12",
) -> None:
    """One crawl's view of a listing page."""
    native = f"{vendor}/{title}/{since}@{crawl}"
    con.execute(
        "INSERT INTO listings (listing_id, market_id, native_id, vendor_id, title, price_sats, "
        "sold, sold_since, feedback_count, created_at) VALUES (?, 'm', ?, ?, ?, ?, ?, ?, ?, ?)",
        [f"m:{native}", native, vendor, title, price, sold, since, feedback, crawl],
    )


def _economics(con: duckdb.DuckDBPyConnection, person: str) -> dict[str, object]:
    cursor = con.execute("SELECT * FROM economics WHERE person_id = ?", [person])
    names = [d[0] for d in cursor.description or []]
    row = cursor.fetchone()
    assert row is not None, person
    return dict(zip(names, row, strict=True))


def test_each_crawl_adds_the_rise_of_the_counter_at_its_own_price(
    store: duckdb.DuckDBPyConnection,
) -> None:
    m = Market(store)
    vendor = m.account("v", "vendor")
    _observe(store, vendor, "5g Speed", 100_000, "2017-05-01", sold=10)
    _observe(store, vendor, "5g Speed", 120_000, "2017-06-01", sold=25)  # +15 at the new price
    _observe(store, vendor, "5g Speed", 120_000, "2017-07-01", sold=25)  # nothing new
    _observe(store, vendor, "1g Speed", 50_000, "2017-05-01", sold=40)
    _observe(store, vendor, "1g Speed", 50_000, "2017-06-01", sold=5)  # reset: adds nothing ...
    _observe(store, vendor, "1g Speed", 50_000, "2017-07-01", sold=48)  # ... until it passes 40
    # a listing relisted with a new counter start is another listing
    _observe(store, vendor, "1g Speed", 60_000, "2017-07-01", sold=3, since="2017-06-20")
    rank_store(store)
    e = _economics(store, vendor)
    expected = 10 * 100_000 + 15 * 120_000 + 40 * 50_000 + 8 * 50_000 + 3 * 60_000
    assert e["revenue_sats"] == e["revenue_estimated_sats"] == expected
    assert e["revenue_orders_sats"] == 0
    assert e["revenue_method"] == "listing_sales"
    assert (e["counted_sales"], e["estimate_listings"]) == (10 + 15 + 40 + 8 + 3, 3)
    detail = json.loads(str(e["estimate_detail"]))
    assert detail["sold_listings"] == 3 and detail["sold_counted"] == 76
    assert json.loads(str(e["categories"])) == {"stimulants": expected}


def test_feedback_counters_are_scaled_by_sales_per_feedback(
    store: duckdb.DuckDBPyConnection,
) -> None:
    m = Market(store)
    both = m.account("both", "vendor")
    quiet = m.account("quiet", "vendor")
    # 60 sales and 30 feedback on listings that show both: two sales per feedback
    _observe(
        store, both, "1g Weed", 1_000, "2017-05-01", sold=60, feedback=MIN_CALIBRATION_FEEDBACK
    )
    _observe(store, quiet, "1g Haze", 2_000, "2017-05-01", feedback=7)
    summary = rank_store(store)
    assert summary.listing_calibration.calibrated
    assert summary.listing_calibration.multiplier == 2.0
    e = _economics(store, quiet)
    assert (e["revenue_sats"], e["revenue_method"]) == (2 * 7 * 2_000, "listing_feedback")
    assert _economics(store, both)["revenue_sats"] == 60 * 1_000  # the sales counter wins
    basis = store.execute(
        "SELECT revenue_basis FROM targets WHERE person_id = ?", [quiet]
    ).fetchone()
    assert basis is not None and "multiplier 2.00 for feedback counters, calibrated" in basis[0]


def test_uncalibrated_feedback_counters_count_one_sale_each(
    store: duckdb.DuckDBPyConnection,
) -> None:
    m = Market(store)
    quiet = m.account("quiet", "vendor")
    _observe(store, quiet, "1g Haze", 2_000, "2017-05-01", feedback=7)
    summary = rank_store(store)
    assert not summary.listing_calibration.calibrated
    assert _economics(store, quiet)["revenue_sats"] == 7 * 2_000


def test_orders_come_before_counters(store: duckdb.DuckDBPyConnection) -> None:
    m = Market(store)
    vendor = m.account("v", "vendor")
    buyer = m.account("b", "buyer")
    listing = m.listing(vendor, "1g Speed", 1_000)
    store.execute("UPDATE listings SET sold = 500 WHERE listing_id = ?", [listing])
    m.order(listing, buyer, vendor, 1_000)
    rank_store(store)
    e = _economics(store, vendor)
    assert (e["revenue_sats"], e["revenue_method"], e["counted_sales"]) == (1_000, "orders", 0)


def test_a_zero_price_is_not_valued_at_the_vendors_median(
    store: duckdb.DuckDBPyConnection,
) -> None:
    m = Market(store)
    vendor = m.account("v", "vendor")
    buyer = m.account("b", "buyer")
    priced = m.listing(vendor, "1g Speed", 1_000)
    m.listing(vendor, "2g Speed", 3_000)
    free = m.listing(vendor, "5g Speed", 0)
    m.feedback(priced, vendor, buyer)
    for _ in range(4):
        m.feedback(free, vendor, buyer)
    m.feedback("m:gone", vendor, buyer)  # a listing the case does not hold: the median
    rank_store(store)
    e = _economics(store, vendor)
    assert e["revenue_method"] == "feedback"
    assert e["revenue_sats"] == 1_000 + 2_000  # median of the plausible 1,000 and 3,000
    assert e["excluded_listings"] == 1
    detail = json.loads(str(e["estimate_detail"]))
    assert (detail["feedback_excluded"], detail["feedback_median_priced"]) == (4, 1)
    reasons = store.execute("SELECT reasons FROM targets WHERE person_id = ?", [vendor]).fetchone()
    assert reasons is not None
    money = json.loads(reasons[0])["money"]
    assert "4 feedback not valued (implausible price)" in money["basis"]
    assert "1 listing with an implausible price left out" in money["basis"]
    assert money["estimate_method"] == "feedback" and money["estimate_caveats"]


def test_persons_without_evidence_of_trade_come_after_everyone_with_it(
    store: duckdb.DuckDBPyConnection,
) -> None:
    m = Market(store)
    small = m.account("small", "vendor")
    shop = m.account("shop", "vendor")
    idle = m.account("idle", "vendor")
    _observe(store, small, "1g Weed", 1_000, "2017-05-01", sold=1)
    for i in range(9):  # many listings, no counters: nothing says it sold anything
        _observe(store, shop, f"{i + 1}g Weed", 1_000, "2017-05-01", since=None)
    m.listing(idle, "1g Weed", 1_000, ships_from="DE")  # a country, so some exposure points
    m.login(idle, "81.2.69.142")
    rank_store(store)
    rows = store.execute(
        "SELECT person_id, rank, score, reasons FROM targets ORDER BY rank"
    ).fetchall()
    assert [r[0] for r in rows] == [small, shop, idle]
    assert rows[2][2] > rows[1][2]  # idle scores more on exposure but has fewer listings
    for _, _, _, reasons in rows[1:]:
        assert json.loads(reasons)["ranking"]["evidence"] is False
    assert "ranking" not in json.loads(rows[0][3])
