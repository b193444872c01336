-- Revenue estimates for markets seized without orders (scrapes), and price sanity
-- (docs/ranking.md).

-- What a listing page counted when it was seized (created_at: the crawl date). Scrapes carry
-- these counters: '14 sold since Apr 12, 2017', 'Feedback (23)'.
ALTER TABLE listings ADD COLUMN sold INTEGER;            -- the listing's sales counter
ALTER TABLE listings ADD COLUMN sold_since TIMESTAMP;    -- the date that counter counts from
ALTER TABLE listings ADD COLUMN feedback_count INTEGER;  -- the listing's feedback counter

-- Each listing's price checked against the prices of its product and unit.
ALTER TABLE listing_products ADD COLUMN unit_price DOUBLE;   -- satoshis per g, pill, tab or ml (per listing when no quantity)
ALTER TABLE listing_products ADD COLUMN price_group VARCHAR; -- the listings compared with: category, unit, year
ALTER TABLE listing_products ADD COLUMN price_z DOUBLE;      -- robust z-score of the log unit price in that group
ALTER TABLE listing_products ADD COLUMN price_flag VARCHAR;  -- NULL (plausible) | missing | zero | below_floor | above_ceiling | high_outlier | low_outlier
ALTER TABLE listing_products ADD COLUMN price_reason VARCHAR; -- why the price is kept out of revenue estimates

ALTER TABLE economics ADD COLUMN counted_sales INTEGER;      -- sales counted by listing counters (estimates)
ALTER TABLE economics ADD COLUMN estimate_listings INTEGER;  -- listings whose counters the estimate used
ALTER TABLE economics ADD COLUMN excluded_listings INTEGER;  -- the person's listings with an implausible price
ALTER TABLE economics ADD COLUMN estimate_detail JSON;       -- counts behind the estimate, per method

ALTER TABLE targets ADD COLUMN revenue_method VARCHAR;       -- orders | feedback | listing_sales | listing_feedback | combinations with + | none
ALTER TABLE targets ADD COLUMN revenue_basis VARCHAR;        -- how revenue was obtained, with an estimate's method and caveats

-- The new columns change the checksums `seized verify` recomputes: record them again for the
-- tables whose content was what the last stage recorded (a table changed behind seized stays
-- reported).
UPDATE meta.checksums SET
    checksum = lpad(lower(hex((SELECT coalesce(sum(hash(t)::HUGEINT), 0) FROM listings AS t))), 32, '0'),
    recorded_at = now()
WHERE table_name = 'listings' AND checksum = lpad(lower(hex((
    SELECT coalesce(sum(hash(t)::HUGEINT), 0)
    FROM (SELECT * EXCLUDE (sold, sold_since, feedback_count) FROM listings) AS t))), 32, '0');
UPDATE meta.checksums SET
    checksum = lpad(lower(hex((SELECT coalesce(sum(hash(t)::HUGEINT), 0) FROM listing_products AS t))), 32, '0'),
    recorded_at = now()
WHERE table_name = 'listing_products' AND checksum = lpad(lower(hex((
    SELECT coalesce(sum(hash(t)::HUGEINT), 0)
    FROM (SELECT * EXCLUDE (unit_price, price_group, price_z, price_flag, price_reason)
          FROM listing_products) AS t))), 32, '0');
UPDATE meta.checksums SET
    checksum = lpad(lower(hex((SELECT coalesce(sum(hash(t)::HUGEINT), 0) FROM economics AS t))), 32, '0'),
    recorded_at = now()
WHERE table_name = 'economics' AND checksum = lpad(lower(hex((
    SELECT coalesce(sum(hash(t)::HUGEINT), 0)
    FROM (SELECT * EXCLUDE (counted_sales, estimate_listings, excluded_listings, estimate_detail)
          FROM economics) AS t))), 32, '0');
UPDATE meta.checksums SET
    checksum = lpad(lower(hex((SELECT coalesce(sum(hash(t)::HUGEINT), 0) FROM targets AS t))), 32, '0'),
    recorded_at = now()
WHERE table_name = 'targets' AND checksum = lpad(lower(hex((
    SELECT coalesce(sum(hash(t)::HUGEINT), 0)
    FROM (SELECT * EXCLUDE (revenue_method, revenue_basis) FROM targets) AS t))), 32, '0');
