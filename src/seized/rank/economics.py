"""Economics per person across markets: revenue, spend, categories, quantities and activity.

Persons come from ``persons`` (filled by ``seized link``); an account not in it is its own person
(``person_id = account_id``). Revenue is the sum of a vendor's finalized orders. A vendor account
without any order in the case store (a market whose orders table was not seized, or a scrape)
gets an estimate instead (docs/ranking.md), from the first of:

- the sales counters of its listings (``seized.rank.estimates``: price × counted sales);
- its feedback: ``multiplier × Σ over its feedback of the reviewed listing's price``. The
  multiplier is calibrated on the vendor accounts of the same case that have both orders and
  feedback (finalized revenue ÷ priced feedback: it folds in how often buyers leave feedback and
  how many units an order buys); without such accounts it is 1 — one feedback is one sale of one
  unit, a lower bound (the method of Soska and Christin, USENIX Security 2015);
- the feedback counters of its listings.

A listing whose price is implausible (``seized.rank.prices``) values no sale; feedback on an
unknown listing is valued at the vendor's median plausible price.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from seized.rank.estimates import ListingCalibration, count_listing_sales

#: Multiplier used when no vendor account has both orders and feedback to calibrate on.
DEFAULT_MULTIPLIER = 1.0
#: Least number of feedback rows of calibration accounts for a calibrated multiplier.
MIN_CALIBRATION_FEEDBACK = 30
#: An order buys dealer quantities when it takes this many units of a listing at once ...
BULK_ORDER_UNITS = 5
#: ... or this many grams, or this many pills or tabs.
BULK_GRAMS = 100.0
BULK_PIECES = 1000.0

_ACCOUNTS = """
CREATE OR REPLACE TEMP TABLE rank_accounts AS
SELECT a.account_id,
       coalesce(p.person_id, a.account_id) AS person_id,
       a.market_id,
       a.role,
       a.username,
       p.person_id IS NOT NULL AS linked
FROM accounts AS a LEFT JOIN persons AS p USING (account_id)
"""

_ORDERS = """
CREATE OR REPLACE TEMP TABLE rank_orders AS
SELECT o.order_id,
       o.market_id,
       coalesce(o.vendor_id, l.vendor_id) AS vendor_id,
       o.buyer_id,
       coalesce(o.amount_sats, 0) AS amount_sats,
       o.status,
       o.created_at,
       coalesce(o.quantity, 1) AS units,
       coalesce(lp.category, 'other') AS category,
       CASE WHEN lp.unit = 'g' THEN coalesce(o.quantity, 1) * lp.quantity END AS grams,
       CASE WHEN lp.unit IN ('pills', 'tabs')
            THEN coalesce(o.quantity, 1) * lp.quantity END AS pieces
FROM orders AS o
LEFT JOIN listings AS l USING (listing_id)
LEFT JOIN listing_products AS lp USING (listing_id)
"""

# Feedback with the price of the reviewed listing when it is plausible; feedback on a listing the
# case does not hold takes the vendor's median plausible listing price.
_FEEDBACK = """
CREATE OR REPLACE TEMP TABLE rank_feedback AS
WITH median_price AS (
    SELECT l.vendor_id, median(l.price_sats) AS price
    FROM listings AS l JOIN listing_products AS lp USING (listing_id)
    WHERE lp.price_flag IS NULL GROUP BY l.vendor_id
)
SELECT f.feedback_id,
       coalesce(f.vendor_id, l.vendor_id) AS vendor_id,
       f.buyer_id,
       f.created_at,
       coalesce(lp.category, 'other') AS category,
       CASE WHEN l.listing_id IS NULL THEN mp.price
            WHEN lp.price_flag IS NULL THEN l.price_sats END AS price_sats,
       l.listing_id IS NULL AND mp.price IS NOT NULL AS median_priced,
       l.listing_id IS NOT NULL AND lp.price_flag IS NOT NULL AS excluded
FROM feedback AS f
LEFT JOIN listings AS l USING (listing_id)
LEFT JOIN listing_products AS lp USING (listing_id)
LEFT JOIN median_price AS mp ON mp.vendor_id = coalesce(f.vendor_id, l.vendor_id)
"""

# Vendor accounts and whether the case store holds any order of theirs.
_VENDOR_ACCOUNTS = """
CREATE OR REPLACE TEMP TABLE rank_vendor_accounts AS
WITH with_orders AS (SELECT DISTINCT vendor_id FROM rank_orders WHERE vendor_id IS NOT NULL),
fb AS (
    SELECT vendor_id, count(*) AS n, sum(price_sats) AS priced,
           count(*) FILTER (WHERE median_priced) AS median_priced,
           count(*) FILTER (WHERE excluded) AS excluded
    FROM rank_feedback WHERE vendor_id IS NOT NULL GROUP BY vendor_id
),
sold AS (
    SELECT vendor_id, sum(amount_sats) AS revenue, count(*) AS sales
    FROM rank_orders WHERE status = 'finalized' AND vendor_id IS NOT NULL GROUP BY vendor_id
)
SELECT ra.account_id,
       ra.person_id,
       wo.vendor_id IS NOT NULL AS has_orders,
       CASE WHEN wo.vendor_id IS NOT NULL THEN 'orders'
            WHEN le.sold_listings > 0 THEN 'listings'
            WHEN fb.n > 0 THEN 'feedback'
            WHEN le.fb_listings > 0 THEN 'listings'
            ELSE 'none' END AS method,
       coalesce(sold.revenue, 0) AS revenue,
       coalesce(sold.sales, 0) AS sales,
       coalesce(fb.n, 0) AS feedback,
       coalesce(fb.priced, 0) AS priced,
       coalesce(fb.median_priced, 0) AS fb_median_priced,
       coalesce(fb.excluded, 0) AS fb_excluded,
       coalesce(le.sold_listings, 0) AS sold_listings,
       coalesce(le.sold_counted, 0) AS sold_counted,
       coalesce(le.sold_value, 0) AS sold_value,
       coalesce(le.fb_listings, 0) AS fb_listings,
       coalesce(le.fb_counted, 0) AS fb_counted,
       coalesce(le.fb_value, 0) AS fb_value,
       coalesce(le.excluded_sales, 0) AS listing_excluded
FROM rank_accounts AS ra
LEFT JOIN with_orders AS wo ON wo.vendor_id = ra.account_id
LEFT JOIN fb ON fb.vendor_id = ra.account_id
LEFT JOIN sold ON sold.vendor_id = ra.account_id
LEFT JOIN rank_listing_estimates AS le ON le.account_id = ra.account_id
WHERE ra.role = 'vendor' OR wo.vendor_id IS NOT NULL OR fb.vendor_id IS NOT NULL
   OR le.account_id IS NOT NULL
"""

_CALIBRATION = """
SELECT sum(revenue), sum(priced), sum(feedback), count(*)
FROM rank_vendor_accounts WHERE has_orders AND feedback > 0 AND priced > 0
"""

_ECONOMICS = """
INSERT INTO economics
WITH people AS (
    SELECT person_id,
           list(DISTINCT account_id ORDER BY account_id) AS accounts,
           list(DISTINCT market_id ORDER BY market_id) AS markets
    FROM rank_accounts GROUP BY person_id
),
vendor AS (
    SELECT person_id,
           sum(revenue) AS revenue_orders,
           sum(CASE method WHEN 'feedback' THEN round(priced * $multiplier)
                           WHEN 'listings' THEN sold_value + round(fb_value * $listing_multiplier)
                           ELSE 0 END) AS estimated,
           bool_or(method = 'orders') AS any_orders,
           bool_or(method = 'feedback') AS any_feedback,
           bool_or(method = 'listings' AND sold_listings > 0) AS any_sold,
           bool_or(method = 'listings' AND fb_listings > 0) AS any_fb_counts,
           sum(sales) AS sales,
           sum(feedback) AS feedback,
           sum(CASE WHEN method = 'listings' THEN sold_counted + fb_counted ELSE 0 END)
               AS counted_sales,
           sum(CASE WHEN method = 'listings' THEN sold_listings + fb_listings ELSE 0 END)
               AS estimate_listings,
           json_object(
               'feedback', sum(feedback) FILTER (WHERE method = 'feedback'),
               'feedback_median_priced', sum(fb_median_priced) FILTER (WHERE method = 'feedback'),
               'feedback_excluded', sum(fb_excluded) FILTER (WHERE method = 'feedback'),
               'sold_listings', sum(sold_listings) FILTER (WHERE method = 'listings'),
               'sold_counted', sum(sold_counted) FILTER (WHERE method = 'listings'),
               'feedback_listings', sum(fb_listings) FILTER (WHERE method = 'listings'),
               'feedback_counted', sum(fb_counted) FILTER (WHERE method = 'listings'),
               'listing_excluded', sum(listing_excluded) FILTER (WHERE method = 'listings')
           ) AS detail
    FROM rank_vendor_accounts GROUP BY person_id
),
sold AS (
    SELECT ra.person_id,
           count(DISTINCT o.buyer_id) AS customers,
           sum(o.grams) AS grams,
           sum(o.pieces) AS pieces
    FROM rank_orders AS o JOIN rank_accounts AS ra ON ra.account_id = o.vendor_id
    WHERE o.status = 'finalized' GROUP BY ra.person_id
),
bought AS (
    SELECT ra.person_id,
           sum(o.amount_sats) AS spend,
           count(*) AS purchases,
           count(*) FILTER (
               WHERE o.units >= $bulk_units OR o.grams >= $bulk_grams OR o.pieces >= $bulk_pieces
           ) AS bulk,
           count(DISTINCT o.vendor_id) AS suppliers,
           sum(o.grams) AS grams,
           sum(o.pieces) AS pieces
    FROM rank_orders AS o JOIN rank_accounts AS ra ON ra.account_id = o.buyer_id
    WHERE o.status = 'finalized' GROUP BY ra.person_id
),
listed AS (
    SELECT ra.person_id, count(*) AS listings,
           count(*) FILTER (WHERE lp.price_flag IS NOT NULL) AS excluded
    FROM listings AS l JOIN rank_accounts AS ra ON ra.account_id = l.vendor_id
    LEFT JOIN listing_products AS lp USING (listing_id)
    GROUP BY ra.person_id
),
cat_sales AS (
    SELECT ra.person_id, o.category, sum(o.amount_sats) AS sats
    FROM rank_orders AS o JOIN rank_accounts AS ra ON ra.account_id = o.vendor_id
    WHERE o.status = 'finalized' GROUP BY ALL
    UNION ALL
    SELECT va.person_id, f.category, round(sum(f.price_sats) * $multiplier) AS sats
    FROM rank_feedback AS f JOIN rank_vendor_accounts AS va ON va.account_id = f.vendor_id
    WHERE va.method = 'feedback' GROUP BY ALL
    UNION ALL
    SELECT va.person_id, c.category,
           round(sum(c.new_count * c.price_sats
                     * CASE WHEN c.by_sold THEN 1 ELSE $listing_multiplier END)) AS sats
    FROM rank_listing_counts AS c JOIN rank_vendor_accounts AS va ON va.account_id = c.vendor_id
    WHERE va.method = 'listings' AND NOT c.excluded GROUP BY ALL
),
cat_buys AS (
    SELECT ra.person_id, o.category, sum(o.amount_sats) AS sats
    FROM rank_orders AS o JOIN rank_accounts AS ra ON ra.account_id = o.buyer_id
    WHERE o.status = 'finalized' GROUP BY ALL
),
cats AS (
    SELECT person_id, category, sum(sats) AS sats FROM cat_sales GROUP BY ALL
    UNION ALL
    SELECT person_id, category, sats FROM cat_buys
    WHERE person_id NOT IN (SELECT person_id FROM cat_sales)
),
cat_json AS (
    SELECT person_id,
           to_json(map(list(category ORDER BY sats DESC, category),
                       list(sats::BIGINT ORDER BY sats DESC, category))) AS categories,
           arg_max(category, sats) AS top_category
    FROM cats WHERE sats > 0 GROUP BY person_id
),
activity AS (
    SELECT person_id, min(happened_at) AS first_at, max(happened_at) AS last_at,
           count(DISTINCT month) AS months
    FROM rank_activity GROUP BY person_id
)
SELECT p.person_id,
       p.accounts,
       p.markets,
       coalesce(v.revenue_orders, 0) + coalesce(v.estimated, 0),
       coalesce(v.revenue_orders, 0),
       coalesce(v.estimated, 0),
       coalesce(nullif(concat_ws('+',
           CASE WHEN v.any_orders THEN 'orders' END,
           CASE WHEN v.any_feedback THEN 'feedback' END,
           CASE WHEN v.any_sold THEN 'listing_sales' END,
           CASE WHEN v.any_fb_counts THEN 'listing_feedback' END), ''), 'none'),
       coalesce(v.sales, 0),
       coalesce(v.feedback, 0),
       coalesce(s.customers, 0),
       coalesce(b.spend, 0),
       coalesce(b.purchases, 0),
       coalesce(b.bulk, 0),
       coalesce(b.suppliers, 0),
       coalesce(s.grams, 0),
       coalesce(s.pieces, 0),
       coalesce(b.grams, 0),
       coalesce(b.pieces, 0),
       coalesce(li.listings, 0),
       coalesce(c.categories, '{}'),
       c.top_category,
       a.first_at,
       a.last_at,
       coalesce(a.months, 0),
       coalesce(v.counted_sales, 0),
       coalesce(v.estimate_listings, 0),
       coalesce(li.excluded, 0),
       coalesce(v.detail, '{}')
FROM people AS p
LEFT JOIN vendor AS v USING (person_id)
LEFT JOIN sold AS s USING (person_id)
LEFT JOIN bought AS b USING (person_id)
LEFT JOIN listed AS li USING (person_id)
LEFT JOIN cat_json AS c USING (person_id)
LEFT JOIN activity AS a USING (person_id)
"""

# Every dated event of a person: (person_id, happened_at, month, kind, sats).
_ACTIVITY = """
CREATE OR REPLACE TEMP TABLE rank_activity AS
WITH events AS (
    SELECT vendor_id AS account_id, created_at AS happened_at, 'sale' AS kind, amount_sats AS sats
    FROM rank_orders WHERE status = 'finalized'
    UNION ALL
    SELECT buyer_id, created_at, 'purchase', amount_sats
    FROM rank_orders WHERE status = 'finalized'
    UNION ALL
    SELECT vendor_id, created_at, 'feedback', NULL FROM rank_feedback
    UNION ALL
    SELECT sender_id, created_at, 'message', NULL FROM messages
    UNION ALL
    SELECT account_id, "at", 'login', NULL FROM logins
    UNION ALL
    SELECT vendor_id, created_at, 'listing', NULL FROM listings
)
SELECT ra.person_id, e.happened_at, date_trunc('month', e.happened_at)::DATE AS month,
       e.kind, e.sats
FROM events AS e JOIN rank_accounts AS ra USING (account_id)
WHERE e.happened_at IS NOT NULL
"""

_MONTHLY = """
INSERT INTO economics_monthly
SELECT person_id,
       month,
       coalesce(sum(sats) FILTER (WHERE kind = 'sale'), 0),
       count(*) FILTER (WHERE kind = 'sale'),
       coalesce(sum(sats) FILTER (WHERE kind = 'purchase'), 0),
       count(*) FILTER (WHERE kind = 'purchase'),
       count(*) FILTER (WHERE kind = 'feedback'),
       count(*) FILTER (WHERE kind = 'message'),
       count(*) FILTER (WHERE kind = 'login')
FROM rank_activity
GROUP BY person_id, month
"""


@dataclass(frozen=True)
class Calibration:
    """The feedback multiplier and what it was calibrated on."""

    multiplier: float
    calibrated: bool
    accounts: int  # vendor accounts with both orders and feedback
    feedback: int  # their feedback rows

    def describe(self) -> str:
        if not self.calibrated:
            return (
                f"uncalibrated multiplier {self.multiplier:g} (one feedback = one unit sold; "
                "a lower bound)"
            )
        return (
            f"multiplier {self.multiplier:.2f} calibrated on {self.accounts} vendor accounts "
            f"with both orders and feedback ({self.feedback} feedback)"
        )


def prepare_accounts(con: duckdb.DuckDBPyConnection) -> None:
    """Temp table ``rank_accounts``: every account with its person (itself when not linked)."""
    con.execute(_ACCOUNTS)


def calibrate(con: duckdb.DuckDBPyConnection) -> Calibration:
    """The feedback multiplier from vendor accounts that have both orders and feedback."""
    row = con.execute(_CALIBRATION).fetchone()
    revenue, priced, feedback, accounts = row if row else (None, None, None, 0)
    if not priced or not revenue or int(feedback or 0) < MIN_CALIBRATION_FEEDBACK:
        return Calibration(DEFAULT_MULTIPLIER, False, int(accounts or 0), int(feedback or 0))
    return Calibration(float(revenue) / float(priced), True, int(accounts), int(feedback))


def fill_economics(con: duckdb.DuckDBPyConnection) -> tuple[Calibration, ListingCalibration]:
    """Replace ``economics`` and ``economics_monthly``; needs ``rank_accounts`` and
    ``listing_products`` with its price flags. Returns the calibrations used."""
    con.execute(_ORDERS)
    con.execute(_FEEDBACK)
    listing_calibration = count_listing_sales(con)
    con.execute(_VENDOR_ACCOUNTS)
    calibration = calibrate(con)
    con.execute(_ACTIVITY)
    con.execute("DELETE FROM economics")
    con.execute("DELETE FROM economics_monthly")
    con.execute(
        _ECONOMICS,
        {
            "multiplier": calibration.multiplier,
            "listing_multiplier": listing_calibration.multiplier,
            "bulk_units": BULK_ORDER_UNITS,
            "bulk_grams": BULK_GRAMS,
            "bulk_pieces": BULK_PIECES,
        },
    )
    con.execute(_MONTHLY)
    return calibration, listing_calibration
