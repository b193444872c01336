"""Revenue estimates from listing counters, for markets seized as scrapes without orders.

A scraped listing page shows what the market counted: sales (``14 sold since Apr 12, 2017``)
and feedback. The method is that of Soska and Christin (USENIX Security 2015), who took
feedback as a proxy for sales: a counted sale is one unit of the listing sold at the price the
listing showed when the count was seen.

- Observations of one listing (the same listing seen on several crawl dates, with the market,
  vendor, title and ``sold_since`` in common) are put in crawl order; each observation adds the
  rise of the counter over the highest count seen before it, valued at that observation's price.
  A counter that falls (a listing reset) adds nothing until it passes its old high.
- A listing with a sales counter is counted by it; one with only a feedback counter is counted by
  feedback, times a multiplier: sales ÷ feedback over the listings of the case that show both
  (at least :data:`MIN_CALIBRATION_FEEDBACK` feedback), else 1 — a lower bound, as not every
  buyer leaves feedback.
- A sale of a listing whose price is implausible (``seized.rank.prices``) is counted but not
  valued; the number is stated.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

#: Least feedback counted on listings that also show a sales counter, to calibrate on.
MIN_CALIBRATION_FEEDBACK = 30

_COUNTS = """
CREATE OR REPLACE TEMP TABLE rank_listing_counts AS
WITH obs AS (
    SELECT l.listing_id, l.vendor_id, l.price_sats, l.created_at,
           coalesce(lp.category, 'other') AS category,
           lp.price_flag IS NOT NULL AS excluded,
           CASE WHEN l.sold >= 0 THEN l.sold END AS sold,
           CASE WHEN l.feedback_count >= 0 THEN l.feedback_count END AS fb,
           concat_ws(chr(31), l.market_id, l.vendor_id, lower(trim(coalesce(l.title, ''))),
                     coalesce(CAST(l.sold_since AS VARCHAR), '')) AS item
    FROM listings AS l LEFT JOIN listing_products AS lp USING (listing_id)
    WHERE l.vendor_id IS NOT NULL AND (l.sold >= 0 OR l.feedback_count >= 0)
),
marked AS (
    SELECT *, bool_or(sold IS NOT NULL) OVER (PARTITION BY item) AS by_sold FROM obs
),
counted AS (
    SELECT *, CASE WHEN by_sold THEN sold ELSE fb END AS counter FROM marked
)
SELECT listing_id, vendor_id, item, by_sold, category, excluded, price_sats, sold, fb,
       greatest(coalesce(counter, 0) - coalesce(max(counter) OVER (
           PARTITION BY item ORDER BY created_at NULLS FIRST, listing_id
           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0), 0) AS new_count
FROM counted
"""

_CALIBRATION = """
WITH items AS (
    SELECT item, max(sold) AS sold, max(fb) AS fb FROM rank_listing_counts
    WHERE by_sold GROUP BY item
)
SELECT sum(sold), sum(fb), count(*) FROM items WHERE sold > 0 AND fb > 0
"""

# Per vendor account: what the counters give, valued (feedback counts still unscaled).
_ACCOUNTS = """
CREATE OR REPLACE TEMP TABLE rank_listing_estimates AS
SELECT vendor_id AS account_id,
       count(DISTINCT item) FILTER (WHERE by_sold) AS sold_listings,
       coalesce(sum(new_count) FILTER (WHERE by_sold), 0) AS sold_counted,
       coalesce(sum(new_count * price_sats) FILTER (WHERE by_sold AND NOT excluded), 0)
           AS sold_value,
       count(DISTINCT item) FILTER (WHERE NOT by_sold) AS fb_listings,
       coalesce(sum(new_count) FILTER (WHERE NOT by_sold), 0) AS fb_counted,
       coalesce(sum(new_count * price_sats) FILTER (WHERE NOT by_sold AND NOT excluded), 0)
           AS fb_value,
       coalesce(sum(new_count) FILTER (WHERE excluded), 0) AS excluded_sales
FROM rank_listing_counts GROUP BY vendor_id
"""


@dataclass(frozen=True)
class ListingCalibration:
    """Sales per counted feedback on listings, and what it was calibrated on."""

    multiplier: float
    calibrated: bool
    listings: int  # listings that show both a sales and a feedback counter
    feedback: int  # feedback they counted

    def describe(self) -> str:
        if not self.calibrated:
            return (
                f"multiplier {self.multiplier:g} for feedback counters (one feedback = one unit "
                "sold; a lower bound)"
            )
        return (
            f"multiplier {self.multiplier:.2f} for feedback counters, calibrated on "
            f"{self.listings} listings showing both sales and feedback ({self.feedback} feedback)"
        )


def count_listing_sales(con: duckdb.DuckDBPyConnection) -> ListingCalibration:
    """Temp tables ``rank_listing_counts`` (per listing observation) and
    ``rank_listing_estimates`` (per vendor account); needs ``listing_products``."""
    con.execute(_COUNTS)
    con.execute(_ACCOUNTS)
    row = con.execute(_CALIBRATION).fetchone()
    sold, feedback, listings = row if row else (None, None, 0)
    if not sold or not feedback or int(feedback) < MIN_CALIBRATION_FEEDBACK:
        return ListingCalibration(1.0, False, int(listings or 0), int(feedback or 0))
    return ListingCalibration(float(sold) / float(feedback), True, int(listings), int(feedback))
