"""Price sanity: implausible listing prices are flagged per product and unit, with the reason."""

from __future__ import annotations

import duckdb

from seized.rank.prices import CEILING_SATS, FLOOR_SATS, MIN_GROUP
from seized.rank.stage import rank_store
from tests.rank.conftest import Market


def _flags(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str | None, str | None]]:
    rows = con.execute(
        "SELECT l.title, lp.price_flag, lp.price_reason "
        "FROM listing_products AS lp JOIN listings AS l USING (listing_id)"
    ).fetchall()
    return {str(title): (flag, reason) for title, flag, reason in rows}


def _weed_market(m: Market, vendor: str, n: int = 30) -> None:
    """``n`` ordinary cannabis listings: about 100,000 satoshis a gram, bulk a little cheaper."""
    for i in range(n):
        grams = (1, 3.5, 7, 14, 28)[i % 5]
        price = int(100_000 * grams**0.9 * (0.8 + 0.4 * (i % 7) / 6))
        m.listing(vendor, f"{grams:g}g Haze #{i}", price, category="Drugs > Cannabis")


def test_placeholder_and_bargain_prices_are_outliers_of_their_group(
    store: duckdb.DuckDBPyConnection,
) -> None:
    m = Market(store)
    vendor = m.account("v", "vendor")
    _weed_market(m, vendor)
    m.listing(vendor, "1g Haze placeholder", 100_000 * 20_000, category="Drugs > Cannabis")
    m.listing(vendor, "28g Haze bargain", 2_000, category="Drugs > Cannabis")
    m.listing(vendor, "28g Haze dear", 100_000 * 28 * 4, category="Drugs > Cannabis")
    summary = rank_store(store)
    flags = _flags(store)
    high, reason = flags["1g Haze placeholder"]
    assert high == "high_outlier"
    assert reason is not None and "times the median of cannabis per g in 2021" in reason
    assert flags["28g Haze bargain"][0] == "low_outlier"
    assert "1/" in str(flags["28g Haze bargain"][1])
    assert flags["28g Haze dear"] == (None, None)  # 4x the usual price is dear, not impossible
    assert sum(1 for flag, _ in flags.values() if flag) == 2
    assert summary.price_flags == {"high_outlier": 1, "low_outlier": 1}
    z = store.execute(
        "SELECT price_z, price_group, unit_price FROM listing_products AS lp "
        "JOIN listings AS l USING (listing_id) WHERE l.title = '1g Haze placeholder'"
    ).fetchone()
    assert z is not None and z[0] > 3.5 and z[1] == "cannabis per g in 2021"
    assert z[2] == 100_000 * 20_000


def test_zero_missing_and_absolute_bounds(store: duckdb.DuckDBPyConnection) -> None:
    m = Market(store)
    vendor = m.account("v", "vendor")
    m.listing(vendor, "free", 0)
    store.execute(
        "INSERT INTO listings (listing_id, market_id, native_id, vendor_id, title) "
        "VALUES ('m:none', 'm', 'none', ?, 'no price')",
        [vendor],
    )
    m.listing(vendor, "a satoshi", FLOOR_SATS - 1)
    m.listing(vendor, "a fortune", CEILING_SATS + 1)
    m.listing(vendor, "a price", 500_000)
    rank_store(store)
    flags = _flags(store)
    assert {title: flag for title, (flag, _) in flags.items()} == {
        "free": "zero",
        "no price": "missing",
        "a satoshi": "below_floor",
        "a fortune": "above_ceiling",
        "a price": None,  # alone in its group: nothing to compare with
    }
    assert (
        flags["a fortune"][1] == "priced 1,000 BTC, above the ceiling of 1,000 BTC for one listing"
    )


def test_small_groups_fall_back_to_the_unit_across_categories(
    store: duckdb.DuckDBPyConnection,
) -> None:
    m = Market(store)
    vendor = m.account("v", "vendor")
    for i in range(MIN_GROUP):  # pills of several kinds, none with enough listings of its own
        kind = ("Ecstasy", "Xanax", "Oxycodone", "Valium")[i % 4]
        m.listing(vendor, f"{10 * (1 + i % 3)} pills {kind} #{i}", 50_000 * 10 * (1 + i % 3))
    m.listing(vendor, "1 pill Ecstasy holding price", 50_000 * 10_000)
    rank_store(store)
    flag, reason = _flags(store)["1 pill Ecstasy holding price"]
    assert flag == "high_outlier"
    assert str(reason).startswith(
        "5 BTC per pill, 10,000 times the median of every category per pill"
    )


def test_identical_prices_have_no_spread_but_a_far_price_is_still_flagged(
    store: duckdb.DuckDBPyConnection,
) -> None:
    m = Market(store)
    vendor = m.account("v", "vendor")
    for i in range(MIN_GROUP):  # a scrape whose prices are binned: all the same
        m.listing(vendor, f"Blotter art #{i}", 300_000, category="Drugs > Psychedelics")
    m.listing(vendor, "Blotter art special", 300_000 * 50, category="Drugs > Psychedelics")
    m.listing(vendor, "Blotter art twice", 300_000 * 3, category="Drugs > Psychedelics")
    rank_store(store)
    flags = _flags(store)
    assert flags["Blotter art special"][0] == "high_outlier"
    assert "unbounded" in str(flags["Blotter art special"][1])
    assert flags["Blotter art twice"][0] is None
