"""Price sanity: listing prices that cannot be real are found and kept out of revenue estimates.

Vendors park listings at placeholder prices (a "holding price" such as 99,999 dollars for one
tab while out of stock, or 0); valued as sales they would make a small vendor the market's
largest. Each listing's price is checked, in this order:

- ``missing``: no price; ``zero``: priced 0 or less;
- ``below_floor`` / ``above_ceiling``: below :data:`FLOOR_SATS` or above :data:`CEILING_SATS` for
  one listing, implausible in any year;
- ``high_outlier`` / ``low_outlier``: the price per unit (gram, pill, tab, ml; per listing when
  the title names no quantity) against the listings of the same category and unit. The robust
  z-score of the log unit price, ``0.6745 × (x − median) / MAD``, must pass
  :data:`MAX_ROBUST_Z` and the price must be :data:`MIN_FACTOR` times off the group's median (a
  tight group alone does not make a price implausible). The group is the category and unit in the
  listing's year (bitcoin prices moved a hundredfold over the years), else the category and unit
  of all years, else every category's listings of that unit; a group needs :data:`MIN_GROUP`
  priced listings.

``listing_products`` keeps the unit price, the group, the z-score, the flag and a sentence; the
estimates of ``seized.rank.economics`` value no sale of a flagged listing and say how many they
left out.
"""

from __future__ import annotations

import math
from typing import Final

import duckdb

#: A listing below this many satoshis is not a price.
FLOOR_SATS: Final = 1_000
#: A listing above this many satoshis (1,000 BTC) is not a price.
CEILING_SATS: Final = 1_000 * 100_000_000
#: Robust z-score beyond which a unit price is an outlier (Iglewicz and Hoaglin's 3.5) ...
MAX_ROBUST_Z: Final = 3.5
#: ... when it is also this many times above or below the group's median.
MIN_FACTOR: Final = 10.0
#: Least priced listings in a group to compare with.
MIN_GROUP: Final = 20

FLAGS: Final[tuple[str, ...]] = (
    "missing",
    "zero",
    "below_floor",
    "above_ceiling",
    "high_outlier",
    "low_outlier",
)

_PRICES = """
CREATE OR REPLACE TEMP TABLE rank_prices AS
WITH base AS (
    SELECT lp.listing_id,
           l.price_sats,
           CASE WHEN l.price_sats > 0
                THEN l.price_sats / CASE WHEN lp.quantity > 0 THEN lp.quantity ELSE 1 END
           END AS unit_price,
           u.unit,
           [CASE WHEN l.created_at IS NOT NULL
                 THEN lp.category || ' per ' || u.unit || ' in '
                      || CAST(year(l.created_at) AS VARCHAR) END,
            lp.category || ' per ' || u.unit,
            'every category per ' || u.unit] AS groups
    FROM listing_products AS lp JOIN listings AS l USING (listing_id),
         LATERAL (SELECT CASE lp.unit WHEN 'pills' THEN 'pill' WHEN 'tabs' THEN 'tab'
                                      ELSE coalesce(lp.unit, 'listing') END AS unit) AS u
),
member AS (
    SELECT listing_id, price_sats, ln(unit_price) AS x,
           unnest(groups) AS grp, generate_subscripts(groups, 1) AS level
    FROM base
    WHERE price_sats BETWEEN $floor AND $ceiling AND unit_price > 0
),
centre AS (
    SELECT grp, median(x) AS med, count(*) AS n FROM member WHERE grp IS NOT NULL GROUP BY grp
),
spread AS (
    SELECT m.grp, median(abs(m.x - c.med)) AS mad
    FROM member AS m JOIN centre AS c USING (grp)
    WHERE c.n >= $min_group GROUP BY m.grp
),
chosen AS (
    SELECT m.listing_id, arg_min(m.grp, m.level) AS grp
    FROM member AS m JOIN centre AS c USING (grp)
    WHERE c.n >= $min_group GROUP BY m.listing_id
)
SELECT b.listing_id, b.price_sats, b.unit_price, b.unit, ch.grp, c.med, c.n, s.mad,
       CASE WHEN s.mad > 0 THEN 0.6745 * (ln(b.unit_price) - c.med) / s.mad END AS z,
       ln(b.unit_price) - c.med AS dev
FROM base AS b
LEFT JOIN chosen AS ch USING (listing_id)
LEFT JOIN centre AS c ON c.grp = ch.grp
LEFT JOIN spread AS s ON s.grp = ch.grp
"""

_FLAG = """
UPDATE listing_products AS lp SET
    unit_price = p.unit_price,
    price_group = p.grp,
    price_z = round(p.z, 3),
    price_flag = p.flag,
    price_reason = p.reason
FROM (
    SELECT listing_id, unit_price, grp, z,
           CASE WHEN price_sats IS NULL THEN 'missing'
                WHEN price_sats <= 0 THEN 'zero'
                WHEN price_sats < $floor THEN 'below_floor'
                WHEN price_sats > $ceiling THEN 'above_ceiling'
                WHEN dev > $log_factor AND coalesce(z > $max_z, true) THEN 'high_outlier'
                WHEN dev < -$log_factor AND coalesce(z < -$max_z, true) THEN 'low_outlier'
           END AS flag,
           CASE WHEN price_sats IS NULL THEN 'no price'
                WHEN price_sats <= 0 THEN 'priced 0'
                WHEN price_sats < $floor THEN format(
                    'priced {} satoshis, below the floor of {} for one listing', price_sats, $floor)
                WHEN price_sats > $ceiling THEN format(
                    'priced {:,.0f} BTC, above the ceiling of {:,} BTC for one listing',
                    price_sats / 1e8, $ceiling // 100000000)
                WHEN abs(dev) > $log_factor AND coalesce(abs(z) > $max_z, true) THEN format(
                    '{} BTC per {}, {} the median of {} ({} listings; robust z {})',
                    format('{:.4g}', unit_price / 1e8), unit,
                    CASE WHEN dev > 0 THEN format('{:,.0f} times', exp(dev))
                         ELSE format('1/{:,.0f} of', exp(-dev)) END,
                    grp, n,
                    CASE WHEN z IS NULL THEN 'unbounded: the group has one price'
                         ELSE format('{:.1f}', z) END)
           END AS reason
    FROM rank_prices
) AS p
WHERE lp.listing_id = p.listing_id
"""


def flag_prices(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Fill the price columns of ``listing_products``; returns listings per flag."""
    bounds = {"floor": FLOOR_SATS, "ceiling": CEILING_SATS}
    con.execute(_PRICES, {**bounds, "min_group": MIN_GROUP})
    con.execute(_FLAG, {**bounds, "log_factor": math.log(MIN_FACTOR), "max_z": MAX_ROBUST_Z})
    con.execute("DROP TABLE rank_prices")
    rows = con.execute(
        "SELECT price_flag, count(*) FROM listing_products WHERE price_flag IS NOT NULL "
        "GROUP BY price_flag"
    ).fetchall()
    found = {str(flag): int(n) for flag, n in rows}
    return {flag: found[flag] for flag in FLAGS if flag in found}
