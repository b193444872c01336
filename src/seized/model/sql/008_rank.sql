-- Ranking (`seized rank`): economics per person, normalised listings, country evidence, targets.

ALTER TABLE targets ADD COLUMN country_evidence JSON;    -- per kind: countries, items, support
ALTER TABLE targets ADD COLUMN revenue_sats BIGINT;      -- sales (finalized orders or estimate)
ALTER TABLE targets ADD COLUMN spend_sats BIGINT;        -- purchases (finalized orders)
ALTER TABLE targets ADD COLUMN markets VARCHAR[];
ALTER TABLE targets ADD COLUMN accounts VARCHAR[];

-- Each listing's product category (one vocabulary for all markets) and its quantity per purchase.
CREATE TABLE listing_products (
    listing_id   VARCHAR PRIMARY KEY,
    category     VARCHAR NOT NULL,     -- cannabis | stimulants | opioids | mdma | psychedelics | ...
    quantity     DOUBLE,               -- per purchase of one unit of the listing
    unit         VARCHAR,              -- g | pills | tabs | ml
    written      VARCHAR               -- the quantity as the title wrote it
);

-- Money and activity per person (an account is its own person until `seized link` ran).
CREATE TABLE economics (
    person_id          VARCHAR PRIMARY KEY,
    accounts           VARCHAR[],
    markets            VARCHAR[],
    revenue_sats       BIGINT,         -- orders revenue + feedback estimate
    revenue_orders_sats BIGINT,        -- finalized orders as vendor
    revenue_estimated_sats BIGINT,     -- feedback-based, for vendor accounts without orders
    revenue_method     VARCHAR,        -- orders | feedback | orders+feedback | none
    sales              INTEGER,        -- finalized orders as vendor
    feedback_count     INTEGER,        -- feedback received as vendor
    customers          INTEGER,        -- distinct buyers of finalized orders
    spend_sats         BIGINT,         -- finalized orders as buyer
    purchases          INTEGER,
    bulk_purchases     INTEGER,        -- purchases of dealer quantities (see docs/ranking.md)
    suppliers          INTEGER,        -- distinct vendors bought from
    grams_sold         DOUBLE,
    units_sold         DOUBLE,         -- pills and tabs
    grams_bought       DOUBLE,
    units_bought       DOUBLE,
    listings           INTEGER,
    categories         JSON,           -- category -> satoshis (sales, else purchases)
    top_category       VARCHAR,
    first_activity     TIMESTAMP,
    last_activity      TIMESTAMP,
    active_months      INTEGER
);

-- Activity over time: one row per person and month with any activity.
CREATE TABLE economics_monthly (
    person_id     VARCHAR NOT NULL,
    month         DATE NOT NULL,
    revenue_sats  BIGINT,
    sales         INTEGER,
    spend_sats    BIGINT,
    purchases     INTEGER,
    feedback      INTEGER,             -- feedback received
    messages      INTEGER,             -- messages sent
    logins        INTEGER
);

-- Every piece of country evidence per person, grouped by kind and country.
CREATE TABLE country_evidence (
    person_id  VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,       -- shipping_address | postal_address | phone | ships_from | login_ip | exchange
    country    VARCHAR NOT NULL,
    items      INTEGER NOT NULL,       -- orders, identifiers, listings, logins or cash-outs
    example    VARCHAR                 -- one source row key, for the dossier
);
