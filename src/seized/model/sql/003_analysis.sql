-- Tables filled by the analysis stages (keys, extract, link, chain, rank).

CREATE TABLE pgp_keys (
    fingerprint  VARCHAR PRIMARY KEY,
    key_id       VARCHAR,
    user_ids     VARCHAR[],
    algorithm    VARCHAR,
    created_at   TIMESTAMP,
    has_secret   BOOLEAN NOT NULL DEFAULT FALSE,
    seen_in      VARCHAR[],            -- evidence files and canonical rows where the key was seen
    armored      VARCHAR
);

CREATE TABLE identifiers (
    kind          VARCHAR NOT NULL,    -- btc_address | xmr_address | email | phone | jabber | ...
    value         VARCHAR NOT NULL,    -- normalized
    raw           VARCHAR,             -- as found
    country       VARCHAR,
    account_id    VARCHAR,
    market_id     VARCHAR,
    source_table  VARCHAR NOT NULL,
    source_column VARCHAR NOT NULL,
    source_key    VARCHAR NOT NULL
);

CREATE TABLE persons (
    person_id    VARCHAR NOT NULL,
    account_id   VARCHAR PRIMARY KEY,
    evidence     JSON,                 -- why this account belongs to this person
    review       BOOLEAN DEFAULT FALSE
);

CREATE TABLE btc_blocks (
    height       BIGINT,
    hash         VARCHAR PRIMARY KEY,
    prev_hash    VARCHAR,
    merkle_root  VARCHAR,
    time         TIMESTAMP,
    tx_count     INTEGER
);

CREATE TABLE btc_transactions (
    txid          VARCHAR PRIMARY KEY,
    block_height  BIGINT,
    block_hash    VARCHAR,
    time          TIMESTAMP,
    is_coinbase   BOOLEAN,
    n_inputs      INTEGER,
    n_outputs     INTEGER,
    input_sats    BIGINT,
    output_sats   BIGINT,
    fee_sats      BIGINT
);

CREATE TABLE btc_inputs (
    txid         VARCHAR NOT NULL,
    idx          INTEGER NOT NULL,
    prev_txid    VARCHAR,
    prev_vout    BIGINT,
    address      VARCHAR,
    value_sats   BIGINT
);

CREATE TABLE btc_outputs (
    txid         VARCHAR NOT NULL,
    vout         INTEGER NOT NULL,
    address      VARCHAR,
    value_sats   BIGINT NOT NULL,
    script_type  VARCHAR
);

CREATE TABLE address_clusters (
    address      VARCHAR PRIMARY KEY,
    cluster_id   VARCHAR NOT NULL
);

CREATE TABLE tags (
    address      VARCHAR,
    cluster_id   VARCHAR,
    label        VARCHAR NOT NULL,
    category     VARCHAR,
    source       VARCHAR,
    confidence   VARCHAR,
    account_id   VARCHAR
);

CREATE TABLE cashouts (
    person_id    VARCHAR,
    label        VARCHAR,
    amount_sats  BIGINT,
    hops         INTEGER,
    model        VARCHAR
);

CREATE TABLE targets (
    person_id    VARCHAR PRIMARY KEY,
    role         VARCHAR,
    score        DOUBLE,
    rank         INTEGER,
    country      VARCHAR,
    country_confidence DOUBLE,
    reasons      JSON,
    summary      VARCHAR
);
