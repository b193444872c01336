-- Canonical market tables: a stable interface, their names and columns do not change
-- (docs/schema.md). Ids are '<market_id>:<native id>'. Every row keeps its provenance:
-- evidence_id, raw_table and raw_key (the native key in the raw table).

CREATE TABLE accounts (
    account_id      VARCHAR PRIMARY KEY,
    market_id       VARCHAR NOT NULL,
    native_id       VARCHAR NOT NULL,
    username        VARCHAR,
    role            VARCHAR,             -- buyer | vendor | staff
    pgp_fingerprint VARCHAR,
    pgp_public_key  VARCHAR,
    profile         VARCHAR,
    contact         VARCHAR,
    email           VARCHAR,
    created_at      TIMESTAMP,
    last_seen_at    TIMESTAMP,
    evidence_id     INTEGER,
    raw_table       VARCHAR,
    raw_key         VARCHAR
);

CREATE TABLE listings (
    listing_id   VARCHAR PRIMARY KEY,
    market_id    VARCHAR NOT NULL,
    native_id    VARCHAR NOT NULL,
    vendor_id    VARCHAR,
    title        VARCHAR,
    description  VARCHAR,
    category     VARCHAR,
    price        DOUBLE,               -- as listed, in `currency`
    currency     VARCHAR,
    price_sats   BIGINT,
    ships_from   VARCHAR,              -- ISO2 where the mapping could tell, else as seized
    ships_to     VARCHAR,
    created_at   TIMESTAMP,
    evidence_id  INTEGER,
    raw_table    VARCHAR,
    raw_key      VARCHAR
);

CREATE TABLE orders (
    order_id         VARCHAR PRIMARY KEY,
    market_id        VARCHAR NOT NULL,
    native_id        VARCHAR NOT NULL,
    listing_id       VARCHAR,
    buyer_id         VARCHAR,
    vendor_id        VARCHAR,
    quantity         DOUBLE,
    amount_sats      BIGINT,
    status           VARCHAR,          -- pending|paid|shipped|finalized|disputed|refunded|cancelled
    created_at       TIMESTAMP,
    shipping_raw     VARCHAR,          -- as seized (often a PGP message)
    shipping_address VARCHAR,          -- readable text; filled by `decrypt`
    evidence_id      INTEGER,
    raw_table        VARCHAR,
    raw_key          VARCHAR
);

CREATE TABLE feedback (
    feedback_id  VARCHAR PRIMARY KEY,
    market_id    VARCHAR NOT NULL,
    native_id    VARCHAR NOT NULL,
    order_id     VARCHAR,
    listing_id   VARCHAR,
    vendor_id    VARCHAR,
    buyer_id     VARCHAR,
    rating       DOUBLE,
    comment      VARCHAR,
    created_at   TIMESTAMP,
    evidence_id  INTEGER,
    raw_table    VARCHAR,
    raw_key      VARCHAR
);

CREATE TABLE messages (
    message_id   VARCHAR PRIMARY KEY,
    market_id    VARCHAR NOT NULL,
    native_id    VARCHAR NOT NULL,
    sender_id    VARCHAR,
    recipient_id VARCHAR,
    subject      VARCHAR,
    body         VARCHAR,              -- as seized
    body_plain   VARCHAR,              -- readable text; filled by `decrypt`
    encrypted    BOOLEAN,
    decrypted    BOOLEAN,
    created_at   TIMESTAMP,
    evidence_id  INTEGER,
    raw_table    VARCHAR,
    raw_key      VARCHAR
);

CREATE TABLE logins (
    login_id     VARCHAR PRIMARY KEY,
    market_id    VARCHAR NOT NULL,
    native_id    VARCHAR NOT NULL,
    account_id   VARCHAR,
    ip           VARCHAR,
    user_agent   VARCHAR,
    "at"         TIMESTAMP,
    evidence_id  INTEGER,
    raw_table    VARCHAR,
    raw_key      VARCHAR
);

CREATE TABLE wallet_addresses (
    market_id    VARCHAR NOT NULL,
    account_id   VARCHAR,              -- NULL for the market's own (hot, escrow) addresses
    address      VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,     -- deposit | withdrawal | refund | escrow | hot
    currency     VARCHAR,
    created_at   TIMESTAMP,
    evidence_id  INTEGER,
    raw_table    VARCHAR,
    raw_key      VARCHAR
);

CREATE TABLE payouts (
    payout_id    VARCHAR PRIMARY KEY,
    market_id    VARCHAR NOT NULL,
    native_id    VARCHAR NOT NULL,
    account_id   VARCHAR,
    order_id     VARCHAR,
    address      VARCHAR,
    amount_sats  BIGINT,
    txid         VARCHAR,
    kind         VARCHAR,              -- payout | withdrawal | refund
    created_at   TIMESTAMP,
    evidence_id  INTEGER,
    raw_table    VARCHAR,
    raw_key      VARCHAR
);
